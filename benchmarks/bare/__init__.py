"""The floor: a bare Django project with one model and one view, served like ours.

`benchmarks.api_floor` measures our API against it under the same gunicorn command, so every
API figure is a ratio to what Django itself costs (one row read, ``CommonMiddleware`` only).
"""
