"""The organiser's event page: registrations day by day, admissions hour by hour and stands by
status, each recounted here from the raw rows by its definition sentence; the chart and its
table; and a query count that does not grow with the number of people."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from events.event_page import DEFINITIONS, admission_hours, registration_days, stands_by_status
from events.models import Registration, StandApplication, Ticket
from tests.factories import EmployerFactory, EventFactory, RegistrationFactory, member

pytestmark = pytest.mark.django_db

HERTS = ZoneInfo("Europe/London")


def local_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(HERTS).date()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HERTS)


@pytest.fixture
def event():
    return EventFactory(title="Watford jobs fair", capacity=30)


def people_over_a_fortnight(event, count: int = 80, seed: int = 3) -> None:
    """Registrations made over 14 days, some waiting, some moved off the list, some cancelled
    (waiting or holding a place); timestamps written straight into the rows."""
    rng = random.Random(seed)  # noqa: S311 - test data
    first = timezone.localdate() - timedelta(days=20)
    for n in range(count):
        made = at(
            first + timedelta(days=rng.randrange(14)), rng.randrange(7, 23), rng.randrange(60)
        )
        fields: dict[str, object] = {"created_at": made, "status": Registration.Status.CONFIRMED}
        if rng.random() < 0.3:
            fields.update(status=Registration.Status.WAITLISTED, waitlisted_at=made)
            if rng.random() < 0.5:
                fields.update(
                    status=Registration.Status.CONFIRMED,
                    promoted_at=made + timedelta(days=rng.randrange(4), hours=2),
                )
        if rng.random() < 0.2:
            # Late at night, so a cancellation can fall on the next day in London.
            since = fields.get("promoted_at", made)
            fields.update(
                status=Registration.Status.CANCELLED,
                cancelled_at=since + timedelta(days=rng.randrange(5), hours=rng.randrange(1, 9)),
            )
        registration = RegistrationFactory(event=event, email=f"p{seed}-{n}@example.net")
        Registration.objects.filter(pk=registration.pk).update(**fields)


def recount_day(rows: list[dict[str, object]], day: date) -> dict[str, int]:
    """The four day figures of ``day`` by their definitions, from raw rows."""

    def by(moment: object) -> bool:
        return moment is not None and local_day(moment) <= day  # type: ignore[arg-type, operator]

    made = sum(local_day(r["created_at"]) == day for r in rows)  # type: ignore[arg-type]
    cancelled = sum(local_day(r["cancelled_at"]) == day for r in rows)  # type: ignore[arg-type]
    live = [r for r in rows if by(r["created_at"]) and not by(r["cancelled_at"])]
    waiting = sum(by(r["waitlisted_at"]) and not by(r["promoted_at"]) for r in live)
    holding = sum(not r["waitlisted_at"] or by(r["promoted_at"]) for r in live)
    return {"made": made, "cancelled": cancelled, "registered": holding, "waiting": waiting}


def test_every_day_figure_matches_a_recount_from_the_rows(event):
    people_over_a_fortnight(event)
    raw = list(
        Registration.objects.filter(event=event).values(
            "created_at", "cancelled_at", "waitlisted_at", "promoted_at", "status"
        )
    )

    days = registration_days(event=event)

    assert days[0].day == min(local_day(r["created_at"]) for r in raw)
    assert [row.day for row in days] == [days[0].day + timedelta(days=n) for n in range(len(days))]
    for row in days:
        assert {
            "made": row.made,
            "cancelled": row.cancelled,
            "registered": row.registered,
            "waiting": row.waiting,
        } == recount_day(raw, row.day), row.day
    # The last day agrees with the statuses the rows hold now.
    assert days[-1].registered == sum(r["status"] == "confirmed" for r in raw)
    assert days[-1].waiting == sum(r["status"] == "waitlisted" for r in raw)
    assert sum(row.made for row in days) == len(raw)


def test_days_run_to_today_while_the_event_is_ahead(event):
    registration = RegistrationFactory(event=event)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )

    days = registration_days(event=event)

    assert days[-1].day == timezone.localdate()
    assert [row.registered for row in days] == [1, 1, 1, 1]
    assert [row.changed for row in days] == [True, False, False, False]


def test_no_registrations_no_days(event):
    assert registration_days(event=event) == []


def admitted_at(event, moments: list[datetime]) -> None:
    for n, moment in enumerate(moments):
        registration = RegistrationFactory(event=event, email=f"door{n}@example.net")
        Ticket.objects.create(
            registration=registration,
            event=event,
            number=f"T-{n}",
            holder_label="x",
            checked_in_at=moment,
        )


def test_admissions_hour_by_hour_match_a_recount(event):
    day = timezone.localdate() - timedelta(days=1)
    moments = [at(day, 10, 5), at(day, 10, 59), at(day, 12, 0), at(day, 12, 30), at(day, 12, 31)]
    admitted_at(event, moments)
    # Not admitted (never scanned in, or the admission corrected away): not counted.
    RegistrationFactory(event=event, email="no-show@example.net").tickets.create(
        event=event, number="T-x", holder_label="x"
    )

    hours = admission_hours(event=event)

    assert [(row.starts.hour, row.admitted, row.admitted_total) for row in hours] == [
        (10, 2, 2),
        (11, 0, 2),
        (12, 3, 5),
    ]
    for row in hours:
        recount = sum(row.starts <= m < row.starts + timedelta(hours=1) for m in moments)
        assert row.admitted == recount
        assert row.admitted_total == sum(m < row.starts + timedelta(hours=1) for m in moments)
    assert hours[0].label.endswith("10:00–11:00")


def test_a_two_day_event_skips_the_night(event):
    first = timezone.localdate() - timedelta(days=2)
    admitted_at(event, [at(first, 16, 10), at(first + timedelta(days=1), 9, 15)])

    hours = admission_hours(event=event)

    assert [(row.starts.day, row.starts.hour, row.admitted_total) for row in hours] == [
        (first.day, 16, 1),
        ((first + timedelta(days=1)).day, 9, 2),
    ]


def stand(event, status: str) -> StandApplication:
    return StandApplication.objects.create(
        event=event, employer=EmployerFactory(), status=status, representatives=1
    )


def test_stands_by_status_match_a_recount(event):
    statuses = ["pending", "approved", "approved", "declined", "withdrawn", "waitlisted"]
    for status in statuses:
        stand(event, status)

    rows = stands_by_status(event=event)

    assert [row.status for row in rows] == StandApplication.Status.values
    for row in rows:
        assert row.count == statuses.count(row.status)


# --- The page ----------------------------------------------------------------------------------


@pytest.fixture
def organiser(event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


def test_the_page_shows_the_chart_its_table_and_every_definition(client, event, organiser):
    people_over_a_fortnight(event, count=20)
    admitted_at(event, [at(timezone.localdate(), 11, 0)])
    stand(event, "approved")
    client.force_login(organiser)

    html = client.get(f"/events/manage/{event.pk}/").content.decode()

    assert 'id="chart-registrations-over-time-title"' in html
    assert 'id="chart-admissions-by-hour-title"' in html
    assert 'data-testid="registration-days"' in html
    assert 'data-testid="admission-hours"' in html
    text = re.sub(r"\s+", " ", html).replace("&#x27;", "'")
    for definition in DEFINITIONS.values():
        assert str(definition) in text
    assert f'/events/manage/{event.pk}/stands/?status=approved"' in html
    row = re.search(r'data-status="approved">.*?data-figure="stands">(\d+)<', html, re.S)
    assert row and row.group(1) == "1"


def test_chart_text_is_set_in_the_pages_sans_serif_font(client, event, organiser):
    people_over_a_fortnight(event, count=5)
    admitted_at(event, [at(timezone.localdate(), 11, 0)])
    client.force_login(organiser)

    html = client.get(f"/events/manage/{event.pk}/").content.decode()

    svgs = re.findall(r"<svg [^>]*role=\"img\"[^>]*>", html)
    assert len(svgs) == 2
    assert all('font-family="arial, sans-serif"' in svg for svg in svgs)
    assert "serif" not in re.sub(r"sans-serif", "", html.split("<svg", 1)[1])


def test_the_pages_queries_do_not_grow_with_the_number_of_people(client, event, organiser):
    people_over_a_fortnight(event, count=3, seed=1)
    client.force_login(organiser)
    client.get(f"/events/manage/{event.pk}/")  # session and caches warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/events/manage/{event.pk}/").status_code == 200

    people_over_a_fortnight(event, count=120, seed=2)
    day = timezone.localdate() - timedelta(days=1)
    admitted_at(event, [at(day, 9 + n % 6, n % 60) for n in range(40)])
    for _ in range(5):
        stand(event, "pending")
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/events/manage/{event.pk}/").status_code == 200

    assert len(many) == len(few)
    assert len(many) <= EVENT_PAGE_QUERIES, len(many)


# The whole page, session and permission checks included; raise it only with a reason.
EVENT_PAGE_QUERIES = 21


@pytest.mark.parametrize(
    ("utc", "london_day"),
    [
        (datetime(2026, 7, 1, 23, 30, tzinfo=ZoneInfo("UTC")), date(2026, 7, 2)),  # summer time
        (datetime(2026, 1, 15, 23, 30, tzinfo=ZoneInfo("UTC")), date(2026, 1, 15)),  # winter
        (datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("UTC")), date(2026, 3, 29)),  # clocks go on
        (datetime(2026, 3, 29, 23, 30, tzinfo=ZoneInfo("UTC")), date(2026, 3, 30)),
        (datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC")), date(2026, 10, 25)),  # and back
        (datetime(2026, 10, 24, 23, 30, tzinfo=ZoneInfo("UTC")), date(2026, 10, 25)),
    ],
)
def test_a_registration_counts_on_its_day_in_hertfordshire(event, utc, london_day):
    assert local_day(utc) == london_day  # the recount's own clock agrees
    registration = RegistrationFactory(event=event)
    Registration.objects.filter(pk=registration.pk).update(created_at=utc)

    days = registration_days(event=event, today=london_day)

    assert (days[0].day, days[0].made) == (london_day, 1)
