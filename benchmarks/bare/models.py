from __future__ import annotations

from django.db import models


class Row(models.Model):
    """One row of the kind a scan reads: a number, a label, a time."""

    number = models.CharField(max_length=20, unique=True)
    label = models.CharField(max_length=200)
    created_at = models.DateTimeField()

    # Declared: the type checker's Django settings do not install this project's app.
    objects: models.Manager[Row] = models.Manager()

    def __str__(self) -> str:
        return self.number


class Visit(models.Model):
    """One row written per request: the least a scan or a registration must record."""

    row = models.ForeignKey(Row, on_delete=models.CASCADE)
    client_id = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    objects: models.Manager[Visit] = models.Manager()

    def __str__(self) -> str:
        return f"{self.row_id} {self.client_id}"
