"""An independent recount: the raw records (check-ins, stand visits, registrations, school
records) counted by the written definitions in plain Python, without the rollups, and compared
with every place a figure is shown — the summary API, the CSV export and the lead's dashboard —
after an adversarial day at three fairs.

The definitions, as written where the figures are shown:
- employer encounter: one employer and one person (a visit scanned at the stand) or one school
  group (recorded by a school, or after a fair against the stands present); admission is not one;
- provider encounter: a college or provider; never an employer encounter;
- people: an adult once (their key; a walk-in with neither e-mail nor phone, once per ticket),
  a school group given as a number as its largest group per school and year group;
- fair attendance: distinct people admitted at the door of a fair.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from core.exceptions import Conflict
from core.periods import academic_year_of
from engagement.ledger import RecordedEncounter, fair_group_record, school_encounter_record
from engagement.models import Encounter, FairGroupRecord
from events.checkin import ticket_check_in, walk_in_check_in
from events.models import CheckIn, EventKind, Registration, StandApplication, StandInteraction
from events.models import Ticket as TicketModel
from events.presence import stand_presence_mark
from events.services import event_update, registration_cancel, stand_apply, stand_approve
from events.stand_visits import stand_visit_record
from tests.events.conftest import register
from tests.factories import (
    EmployerFactory,
    EventFactory,
    SchoolFactory,
    YearGroupRollFactory,
    member,
)

pytestmark = pytest.mark.django_db
FAIR_KINDS = {EventKind.CAREERS_FAIR, EventKind.JOBS_FAIR, EventKind.FIFTY_PLUS_JOBS_FAIR}


def _fair(kind=EventKind.JOBS_FAIR, employers=2):
    event = EventFactory(kind=kind, audiences=["pupils", "jobseekers"], year_groups=[9, 10])
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    stands = []
    for _ in range(employers):
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
        stand_approve(application=application, by=organiser)
        application.refresh_from_db()
        stands.append((application, contact))
    return event, organiser, stands


@pytest.fixture
def day(django_capture_on_commit_callbacks):
    """Three fairs and a school's own records, with everything that goes wrong on a real day."""
    with django_capture_on_commit_callbacks(execute=True):
        fairs = [_fair(), _fair(), _fair(kind=EventKind.CAREERS_FAIR, employers=3)]
        # The same person at three fairs, admitted and scanned at a stand at each.
        for event, organiser, stands in fairs:
            ticket = register(event, name="Ana", email="ana@example.net").tickets[0]
            ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
            application, contact = stands[0]
            stand_visit_record(application=application, token=ticket.token, by=contact)

        event, organiser, stands = fairs[0]
        (first, first_contact), (second, second_contact) = stands
        # A resent check-in and a resent stand scan.
        ben = register(event, name="Ben", email="ben@example.net").tickets[0]
        resend = uuid.uuid4()
        for _ in range(2):
            ticket_check_in(token=ben.token, event_id=event.pk, by=organiser, client_id=resend)
        visit = uuid.uuid4()
        for _ in range(2):
            stand_visit_record(
                application=second, token=ben.token, by=second_contact, client_id=visit
            )
        # Two phones offline admit the same ticket.
        cai = register(event, name="Cai", email="cai@example.net").tickets[0]
        for device in ("phone A", "phone B"):
            ticket_check_in(
                token=cai.token, event_id=event.pk, by=organiser, offline=True, device=device
            )
        # Cancelled after admission (by the organiser): the facts stay.
        dee = register(event, name="Dee", email="dee@example.net")
        ticket_check_in(token=dee.tickets[0].token, event_id=event.pk, by=organiser)
        stand_visit_record(application=first, token=dee.tickets[0].token, by=first_contact)
        registration_cancel(registration=dee.registration, by=organiser)
        # A stand-only visitor: never scanned at the door.
        eve = register(event, name="Eve", email="eve@example.net").tickets[0]
        stand_visit_record(application=first, token=eve.token, by=first_contact)
        # A walk-in with neither e-mail nor phone, admitted and scanned at a stand.
        walk_in = walk_in_check_in(
            event=event, name="Fay", category="jobseeker", by=organiser, privacy_told=True
        )
        stand_visit_record(application=second, token=walk_in.ticket.token, by=second_contact)
        # An attempt to move the fair to another day is refused.
        new_start = event.starts_at + timedelta(days=2)
        with pytest.raises(Conflict):
            event_update(
                event=event,
                by=organiser,
                starts_at=new_start,
                ends_at=new_start + timedelta(hours=4),
            )

        # The careers fair: one employer does not come; a school group is recorded afterwards.
        careers, careers_organiser, careers_stands = fairs[2]
        school = SchoolFactory()
        YearGroupRollFactory(school=school, year_group=9, pupils=200)
        leader = member(Role.CAREERS_LEADER, school.organisation)
        came = [application for application, _contact in careers_stands[:2]]
        for application in came[1:]:
            stand_presence_mark(application=application, presence="present", by=careers_organiser)
        stand_presence_mark(
            application=careers_stands[2][0], presence="no_show", by=careers_organiser
        )
        fair_group_record(
            event=careers, school=school, year_group=9, pupils=25, by=leader,
            all_present_stands=True,
        )  # fmt: skip
        # A provider encounter and an employer talk the school recorded itself.
        school_encounter_record(
            encounter=RecordedEncounter(
                kind="provider_encounter", occurred_on=timezone.localdate(), school=school,
                year_group=9, provider_name="Herts College", people=30,
            ),
            by=leader,
        )  # fmt: skip
        school_encounter_record(
            encounter=RecordedEncounter(
                kind="employer_talk", occurred_on=timezone.localdate(), school=school,
                year_group=10, employer=careers_stands[0][0].employer, people=12,
            ),
            by=leader,
        )  # fmt: skip
    return {"fairs": fairs, "school": school}


# --- The recount: raw records, the definitions, plain Python ---------------------------------


def _person(ticket: TicketModel) -> str:
    registration = ticket.registration
    if registration.school_id is None and registration.person_key:
        return registration.person_key
    return f"ticket {ticket.pk}"


def recount() -> dict[str, int]:
    scanned = list(StandInteraction.objects.select_related("ticket__registration"))
    present = {
        (a.event_id, a.employer_id)
        for a in StandApplication.objects.filter(status="approved", presence="present")
    }
    group_rows = []  # (school, year, pupils) once per employer the group met
    for record in FairGroupRecord.objects.all():
        employers = (
            {employer for event_id, employer in present if event_id == record.event_id}
            if record.all_present_stands
            else {e.pk for e in record.employers.all() if (record.event_id, e.pk) in present}
        )
        group_rows += [(record.school_id, record.year_group, record.pupils)] * len(employers)
    recorded = list(Encounter.objects.filter(source__in=["recorded", "imported"]))
    employer_recorded = [e for e in recorded if e.employer_id is not None]
    providers = [e for e in recorded if e.employer_id is None]

    adults = {_person(visit.ticket) for visit in scanned}
    groups: dict[tuple[int, int], int] = {}
    for school, year, pupils in group_rows + [
        (e.school_id, e.year_group, e.people) for e in recorded
    ]:
        groups[(school, year)] = max(groups.get((school, year), 0), pupils)
    admitted = [
        t
        for t in TicketModel.objects.select_related("registration", "event")
        if t.checked_in_at is not None and t.event.kind in FAIR_KINDS
    ]
    return {
        "employer_encounters": len(scanned) + len(group_rows) + len(employer_recorded),
        "scanned_employer_encounters": len(scanned),
        "recorded_employer_encounters": len(group_rows) + len(employer_recorded),
        "provider_encounters": len(providers),
        "people": len(adults) + sum(groups.values()),
        "fair_attendance": len({_person(t) for t in admitted}),
    }


def test_the_raw_records_say_what_happened(day):
    # Nobody admitted more than once, whatever was resent; the cancelled ticket still came.
    assert CheckIn.objects.filter(result="ok", conflict=False).count() >= 6
    assert Registration.objects.filter(status="cancelled").count() == 1
    assert recount() == {
        # Ana three times (one per fair), Ben, Dee, Eve, Fay; the group met the 2 present
        # employers (not the no-show); the school's own talk.
        "employer_encounters": 3 + 4 + 2 + 1,
        "scanned_employer_encounters": 3 + 4,
        "recorded_employer_encounters": 2 + 1,
        "provider_encounters": 1,
        # Ana once, Ben, Dee, Eve, Fay; year 9 at least 30 (the provider's group), year 10 12.
        "people": 5 + 30 + 12,
        # Ana once, Ben, Cai, Dee, Fay (Eve never came through the door).
        "fair_attendance": 5,
    }


def test_every_place_a_figure_is_shown_agrees_with_the_recount(client, day):
    expected = recount()
    lead = member(Role.LEAD)
    year = academic_year_of(timezone.localdate()).label
    api = APIClient()
    api.force_authenticate(lead)

    for group_by in ("district", "school", "employer"):
        totals = api.get(
            "/api/v1/engagement/summary/", {"academic_year": year, "group_by": group_by}
        ).json()["totals"]
        assert {name: totals[name] for name in expected} == expected, group_by

    response = api.get(
        "/api/v1/engagement/summary/",
        {"academic_year": year, "group_by": "district", "format": "csv"},
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert {name: int(total[name]) for name in expected} == expected

    client.force_login(lead)
    page = client.get("/dashboard/county/")
    shown = page.context["districts"].total
    assert {name: getattr(shown, name) for name in expected} == expected
    assert f'data-total="employer_encounters">{expected["employer_encounters"]}<' in page.text
    # The month by month table: employer encounters split by method, providers apart.
    months = page.context["month_chart"].rows
    for name in (
        "employer_encounters",
        "scanned_employer_encounters",
        "recorded_employer_encounters",
        "provider_encounters",
    ):
        assert sum(getattr(month, name) for month in months) == expected[name], name
    assert (
        sum(bar.value for bar in page.context["month_chart"].chart.bars)
        == (expected["employer_encounters"])
    )


def test_a_correction_changes_every_figure_at_once(client, day, django_capture_on_commit_callbacks):
    from events.corrections import admission_undo, stand_visit_correct

    event, organiser, stands = day["fairs"][0]
    cai = TicketModel.objects.get(event=event, registration__name="Cai")
    eve_visit = StandInteraction.objects.get(ticket__registration__name="Eve")
    with django_capture_on_commit_callbacks(execute=True):
        admission_undo(ticket=cai, reason="Admitted by mistake", by=organiser)
        stand_visit_correct(interaction=eve_visit, reason="A test scan", by=organiser)

    expected = recount()
    assert expected["fair_attendance"] == 4 and expected["employer_encounters"] == 9
    api = APIClient()
    api.force_authenticate(member(Role.LEAD))
    totals = api.get(
        "/api/v1/engagement/summary/",
        {"academic_year": academic_year_of(timezone.localdate()).label},
    ).json()["totals"]
    assert {name: totals[name] for name in expected} == expected


def test_rebuild_encounters_derives_the_same_rows_again(day):
    from django.core.management import call_command

    before = sorted(Encounter.objects.values_list("source_key", "people", "occurred_on"))
    Encounter.objects.filter(source="event").delete()
    out = io.StringIO()

    call_command("rebuild_encounters", stdout=out)

    assert sorted(Encounter.objects.values_list("source_key", "people", "occurred_on")) == before
    assert out.getvalue().startswith("3 events")
