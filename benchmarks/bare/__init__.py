"""The floor: a bare Django project served like ours, ``CommonMiddleware`` only.

`benchmarks.api_floor` measures our API against it under the same gunicorn command, so every
API figure is a ratio to what Django itself costs:

- one row read by key (``rows/<pk>/``, the reference of every ratio);
- one row read, then one inserted and committed (``rows/<pk>/visits/``);
- one row read, then in one transaction that row updated and two rows inserted, the writes an
  audited admission makes (``rows/<pk>/admissions/``);
- a page of ten rows with as many columns as an event, a joined row each and their tags read
  in a second statement (``items/``), the event list's shape.
"""
