"""The encounter ledger counts exactly: never twice, and cancellations take encounters out."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from core.exceptions import NotAllowed
from engagement.ledger import (
    EncounterError,
    RecordedEncounter,
    encounters_rebuild_for_event,
    event_encounter_facts_update,
    events_with_new_scans,
    sbwa_placement_record,
    school_encounter_record,
)
from engagement.models import Encounter
from engagement.tasks import encounters_sync_recent_task
from events.checkin import stand_visit_record, ticket_check_in
from events.services import (
    event_cancel,
    event_update,
    group_booking_create,
    registration_cancel,
    stand_apply,
    stand_approve,
)
from tests.events.conftest import register
from tests.factories import (
    EmployerFactory,
    EventFactory,
    SchoolFactory,
    YearGroupRollFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    event = EventFactory(audiences=["pupils", "jobseekers"], year_groups=[9, 10])
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    employers = []
    for _ in range(2):
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
        stand_approve(application=application, by=organiser)
        application.refresh_from_db()
        employers.append((employer, contact, application))
    return event, organiser, employers


def people_met(event, **filters) -> dict[int, int]:
    rows = Encounter.objects.filter(event=event, **filters)
    return {row.employer_id: row.people for row in rows}


def test_every_way_of_scanning_twice_counts_each_person_once(fair):
    event, organiser, employers = fair
    ana, ben, cai, dee, eve = (
        register(event, name=n, email=f"{n}@example.net").tickets[0]
        for n in ("ana", "ben", "cai", "dee", "eve")
    )
    scan = lambda t, **kw: ticket_check_in(token=t.token, event_id=event.pk, by=organiser, **kw)  # noqa: E731
    scan(ana), scan(ana)  # scanned twice
    client_id = uuid.uuid4()
    scan(ben, client_id=client_id), scan(ben, client_id=client_id)  # sent twice
    scan(cai, offline=True, device="phone A"), scan(cai, offline=True, device="phone B")
    stand_visit_record(application=employers[0][2], token=dee.token, by=employers[0][1])
    # eve registered but never came

    encounters_rebuild_for_event(event_id=event.pk)

    assert people_met(event) == {employers[0][0].pk: 4, employers[1][0].pk: 4}
    del eve


def test_rebuilding_twice_changes_nothing(fair):
    event, organiser, _employers = fair
    ticket_check_in(token=register(event).tickets[0].token, event_id=event.pk, by=organiser)

    encounters_rebuild_for_event(event_id=event.pk)
    first = list(Encounter.objects.values_list("source_key", "people"))
    encounters_rebuild_for_event(event_id=event.pk)

    assert list(Encounter.objects.values_list("source_key", "people")) == first
    assert len(first) == 2


def test_cancelling_a_ticket_or_the_event_takes_encounters_out(
    fair, django_capture_on_commit_callbacks
):
    event, organiser, employers = fair
    kept, cancelled = register(event, email="k@example.net"), register(event, email="c@example.net")
    for result in (kept, cancelled):
        ticket_check_in(token=result.tickets[0].token, event_id=event.pk, by=organiser)
    encounters_rebuild_for_event(event_id=event.pk)
    assert set(people_met(event).values()) == {2}

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=cancelled.registration, by=organiser)
    assert set(people_met(event).values()) == {1}

    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, by=organiser, reason="Storm")
    assert not Encounter.objects.filter(event=event).exists()


def test_editing_the_event_after_the_fact_moves_its_encounters(
    fair, django_capture_on_commit_callbacks
):
    event, organiser, _employers = fair
    ticket_check_in(token=register(event).tickets[0].token, event_id=event.pk, by=organiser)
    encounters_rebuild_for_event(event_id=event.pk)
    new_start = event.starts_at - timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):
        event_update(
            event=event, by=organiser, starts_at=new_start, ends_at=new_start + timedelta(hours=3)
        )

    assert set(Encounter.objects.values_list("occurred_on", flat=True)) == {
        timezone.localtime(new_start).date()
    }
    assert Encounter.objects.count() == 2


def test_school_groups_count_by_school_and_year_group(fair):
    event, organiser, _employers = fair
    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)
    booking = group_booking_create(
        event=event, school=school, year_group=9, group_size=3, by=leader, privacy_consent=True
    )
    for ticket in booking.tickets[:2]:
        ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)

    encounters_rebuild_for_event(event_id=event.pk)

    rows = Encounter.objects.filter(school=school)
    assert {(r.year_group, r.people, r.audience) for r in rows} == {(9, 2, "pupils")}
    assert all(r.hub_id == school.hub_id and r.district_id == school.district_id for r in rows)


def test_meaningful_follows_the_four_facts_the_organiser_records(fair):
    event, organiser, _employers = fair
    ticket_check_in(token=register(event).tickets[0].token, event_id=event.pk, by=organiser)
    encounters_rebuild_for_event(event_id=event.pk)
    assert not Encounter.objects.filter(meaningful=True).exists()

    facts = dict(purpose_shared=True, learning_outcomes=True, two_way=True, reflection=False)
    event_encounter_facts_update(event=event, by=organiser, **facts)
    assert not Encounter.objects.filter(meaningful=True).exists()
    event_encounter_facts_update(event=event, by=organiser, **{**facts, "reflection": True})
    assert Encounter.objects.filter(meaningful=True).count() == 2
    with pytest.raises(NotAllowed):
        event_encounter_facts_update(event=event, by=member(Role.LEAD), **facts)


def test_scheduled_sync_picks_up_new_scans_and_only_those(fair):
    event, organiser, _employers = fair
    quiet = EventFactory()
    ticket = register(event).tickets[0]

    assert events_with_new_scans() == []
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    assert events_with_new_scans() == [event.pk]
    assert encounters_sync_recent_task() == [event.pk]
    assert events_with_new_scans() == []
    assert Encounter.objects.filter(event=event).count() == 2
    assert not Encounter.objects.filter(event=quiet).exists()


@pytest.fixture
def school_and_leader():
    school = SchoolFactory()
    YearGroupRollFactory(school=school, year_group=10, pupils=150)
    return school, member(Role.CAREERS_LEADER, school.organisation)


def recorded(school, **overrides) -> RecordedEncounter:
    fields = dict(
        kind="workplace_visit",
        occurred_on=date.today() - timedelta(days=3),
        school=school,
        year_group=10,
        employer=EmployerFactory(),
        people=30,
        purpose_shared=True,
        learning_outcomes=True,
        two_way=True,
        reflection=True,
    )
    fields.update(overrides)
    return RecordedEncounter(**fields)


def test_careers_leader_records_a_meaningful_school_encounter(school_and_leader):
    school, leader = school_and_leader

    encounter = school_encounter_record(encounter=recorded(school), by=leader)

    assert encounter.meaningful and encounter.people == 30
    assert (encounter.hub_id, encounter.district_id) == (school.hub_id, school.district_id)


def test_pupil_references_count_each_pupil_once(school_and_leader):
    school, leader = school_and_leader

    encounter = school_encounter_record(
        encounter=recorded(school, people=None, pupil_refs=["P0012", "P0013", "P0012", " "]),
        by=leader,
    )

    assert encounter.people == 2 and encounter.pupil_refs == ["P0012", "P0013"]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"occurred_on": date.today() + timedelta(days=1)}, "future_date"),
        ({"year_group": 6}, "invalid_year_group"),
        ({"people": 151}, "more_than_roll"),
        ({"people": 0}, "people_required"),
        ({"employer": None}, "employer_required"),
        ({"kind": "provider_encounter", "employer": None}, "provider_required"),
        ({"people": None, "pupil_refs": ["Jane Smith"]}, "invalid_pupil_ref"),
        ({"kind": "careers_fair"}, "invalid_kind"),
    ],
)
def test_bad_school_encounters_are_refused_and_save_nothing(school_and_leader, overrides, code):
    school, leader = school_and_leader

    with pytest.raises(EncounterError) as error:
        school_encounter_record(encounter=recorded(school, **overrides), by=leader)

    assert error.value.code == code
    assert not Encounter.objects.exists()


def test_only_the_schools_own_leader_or_hub_records_for_it(school_and_leader):
    school, _leader = school_and_leader

    with pytest.raises(NotAllowed):
        school_encounter_record(encounter=recorded(school), by=member(Role.CAREERS_LEADER))
    assert school_encounter_record(
        encounter=recorded(school), by=member(Role.COORDINATOR, school.hub.organisation)
    )


def test_jobcentre_organiser_records_sbwa_placements_for_their_jobcentre_only():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)

    placement = sbwa_placement_record(
        jobcentre_id=event.organiser_id, started_on=date.today(), aged_50_plus=True, by=organiser
    )

    assert placement.aged_50_plus
    with pytest.raises(NotAllowed):
        sbwa_placement_record(
            jobcentre_id=event.organiser_id,
            started_on=date.today(),
            aged_50_plus=False,
            by=member(Role.JOBCENTRE_ORGANISER),
        )
