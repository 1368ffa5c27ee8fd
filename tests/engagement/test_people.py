"""People, not rows: fair attendance by place, pupils with complex barriers, and the one
definition of residents aged 19+ with complex barriers."""

from __future__ import annotations

import importlib.util
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.periods import academic_year, financial_year
from engagement import people
from engagement.models import Encounter
from events.models import Event, Ticket
from tests.factories import (
    DistrictFactory,
    EmployerFactory,
    EventFactory,
    RegistrationFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
YEAR = academic_year(2025)
ON = datetime(2025, 10, 1, 10, tzinfo=LONDON)


def fair(**fields) -> Event:
    fields.setdefault("status", Event.Status.COMPLETED)
    return EventFactory(starts_at=ON, ends_at=ON + timedelta(hours=4), **fields)


def came(registration, number: str) -> Ticket:
    return Ticket.objects.create(
        registration=registration,
        event=registration.event,
        number=number,
        holder_label="x",
        checked_in_at=ON + timedelta(hours=1),
    )


def test_a_districts_fair_attendance_is_the_same_filtered_or_grouped(monkeypatch):
    school_district = DistrictFactory()
    event = fair()  # held at a venue in another district
    came(RegistrationFactory(event=event, school=SchoolFactory(district=school_district)), "A1")
    came(RegistrationFactory(event=event), "A2")  # no school: the venue's district
    # A district dashboard's encounters, as their filters are read back (district_id = ...).
    monkeypatch.setattr(
        "engagement.tallies.cell_filters_with_employer",
        lambda queryset: {"district_id": school_district.pk},
    )
    in_district = people.attendance_of(Encounter.objects.all())

    grouped = people.fair_attendance(YEAR, people.admitted(YEAR), "district")
    filtered = people.fair_attendance(YEAR, in_district, None)

    assert grouped == {school_district.pk: 1, event.venue.district_id: 1}
    assert filtered == {None: 1}


def test_a_cancelled_fair_does_not_count_towards_attendance():
    came(RegistrationFactory(event=fair()), "A1")
    came(RegistrationFactory(event=fair(status=Event.Status.CANCELLED)), "B1")

    assert people.fair_attendance(YEAR, Ticket.objects.all(), None) == {None: 1}


def test_each_named_pupil_with_complex_barriers_counts():
    school, employer = SchoolFactory(), EmployerFactory()
    for n in range(5):
        Encounter.objects.create(
            kind="careers_fair",
            source="event",
            method="scanned",
            source_key=f"test:{n}",
            occurred_on=date(2025, 10, 1),
            audience="pupils",
            people=1,
            school=school,
            year_group=10,
            employer=employer,
            person=f"ticket:{n}",
            pupil_refs=[f"ticket:{n}"],
            complex_barriers_people=1,
        )

    found = people.distinct_people(Encounter.objects.all(), None)[None]

    assert (found.people, found.pupils, found.complex_barriers) == (5, 5, 5)


def test_residents_with_complex_barriers_have_one_definition():
    event = fair()
    adult = RegistrationFactory(event=event, complex_barriers=True, age_band="25_49")
    came(adult, "A1")
    pupil = RegistrationFactory(
        event=event, complex_barriers=True, category="pupil", age_band="19_24"
    )
    came(pupil, "A2")

    assert people.residents_with_complex_barriers(financial_year(2025)) == 1
    assert importlib.util.find_spec("engagement.measures.people") is None
