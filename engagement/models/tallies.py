"""Monthly tallies of the encounter ledger, so that county-wide figures read thousands of rows,
not millions.

A tally is one *cell*: the encounters of one month with the same district, hub, Jobcentre,
school, year group and audience, summed. Everything a summary adds up is in the cell; what is
not additive is kept so that it can be combined exactly: the different employers met (a bitmap
of their ids, so that "different employers" over any group is a union), the largest meaningful
group of pupils and the pupil references named (Gatsby Benchmark 5 coverage).

Tallies are derived, never edited: a slice (one school's month) is rebuilt from the ledger
whenever a write has changed it since. ``engagement.tallies`` keeps them in step.
"""

from __future__ import annotations

from django.db import models

from accounts.models import District, Organisation
from schools.models import Hub, School


class TallyMonth(models.Model):
    """A month whose tallies have been built from the whole ledger at least once (after that,
    only its changed slices are rebuilt)."""

    month = models.DateField(unique=True)
    built_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class TallySlice(models.Model):
    """One school's encounters in one month (``school_key`` 0: those with no school): the unit
    a write marks as changed and a read rebuilds. ``version`` moves on with every write;
    ``built_version`` is the version the cells show."""

    month = models.DateField()
    school_key = models.PositiveIntegerField()
    version = models.PositiveBigIntegerField(default=1)
    built_version = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "school_key"], name="tally_slice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} school {self.school_key}"


class EncounterTally(models.Model):
    """One cell of a month's tallies (see the module docstring)."""

    month = models.DateField()
    # The same places as the encounters, deleted or emptied with them (a school's encounters
    # go with the school; a hub's are kept without a hub).
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, related_name="+")
    jobcentre = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, related_name="+")
    year_group = models.PositiveSmallIntegerField(null=True)
    audience = models.CharField(max_length=20)
    encounters = models.PositiveIntegerField()
    meaningful = models.PositiveIntegerField()
    # Of those, with an employer (provider encounters are never employer encounters).
    employer_encounters = models.PositiveIntegerField(default=0)
    # Of those, scanned at the employer's stand (the rest were recorded).
    scanned_employer_encounters = models.PositiveIntegerField(default=0)
    meaningful_employer = models.PositiveIntegerField(default=0)
    people = models.PositiveBigIntegerField()
    complex_barriers_people = models.PositiveBigIntegerField()
    sme_encounters = models.PositiveIntegerField()
    priority_sector_encounters = models.PositiveIntegerField()
    # A bitmap of the employers met: bit n (little-endian) set when employer id n was.
    employer_bits = models.BinaryField()
    largest_meaningful_group = models.PositiveIntegerField(default=0)
    pupil_refs = models.JSONField(default=list)

    class Meta:
        indexes = [
            models.Index(fields=["month", "district"], name="tally_month_district"),
            models.Index(fields=["school", "month"], name="tally_school_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.encounters} encounters"
