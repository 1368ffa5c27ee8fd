from __future__ import annotations

from django.db import models


class Row(models.Model):
    """One row of the kind a scan reads: a number, a label, a time."""

    number = models.CharField(max_length=20, unique=True)
    label = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True)

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


class Entry(models.Model):
    """A line of a log written beside a visit: who, what, a few details."""

    row = models.ForeignKey(Row, on_delete=models.CASCADE)
    action = models.CharField(max_length=40)
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    objects: models.Manager[Entry] = models.Manager()

    def __str__(self) -> str:
        return f"{self.row_id} {self.action}"


class Place(models.Model):
    """Where a listed item happens: a name, an address and what it offers."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    district = models.CharField(max_length=100)
    address = models.TextField()
    postcode = models.CharField(max_length=10)
    step_free = models.BooleanField(default=True)
    hearing_loop = models.BooleanField(default=False)
    accessible_toilet = models.BooleanField(default=True)
    parking = models.TextField(blank=True)
    public_transport = models.TextField(blank=True)

    objects: models.Manager[Place] = models.Manager()

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A label an item may carry (many to many)."""

    name = models.CharField(max_length=100)

    objects: models.Manager[Tag] = models.Manager()

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A listed item with as many columns as an event in a list, its place joined and its tags
    read in a second statement."""

    public_id = models.CharField(max_length=12, unique=True)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField()
    place = models.ForeignKey(Place, on_delete=models.CASCADE)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    audiences = models.JSONField(default=list)
    year_groups = models.JSONField(default=list)
    capacity = models.PositiveIntegerField()
    stand_capacity = models.PositiveIntegerField()
    max_representatives_per_stand = models.PositiveIntegerField()
    registration_opens_at = models.DateTimeField(null=True)
    registration_closes_at = models.DateTimeField(null=True)
    adjustments_deadline = models.DateTimeField(null=True)
    allow_reentry = models.BooleanField(default=False)
    status = models.CharField(max_length=20)
    cancellation_reason = models.TextField(blank=True)
    organiser = models.CharField(max_length=200)
    places_taken = models.PositiveIntegerField(default=0)
    tags = models.ManyToManyField(Tag)

    objects: models.Manager[Item] = models.Manager()

    def __str__(self) -> str:
        return self.title
