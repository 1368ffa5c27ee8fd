"""The floor: a bare Django project with two models and two views, served like ours.

`benchmarks.api_floor` measures our API against it under the same gunicorn command, so every
API figure is a ratio to what Django itself costs: one row read (``rows/<pk>/``), and one row
read then one row inserted and committed (``rows/<pk>/visits/``), ``CommonMiddleware`` only.
"""
