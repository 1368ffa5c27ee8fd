"""The encounter ledger counts evidence exactly: never twice, admission alone never, and facts
stay facts once they happened."""

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
    encounter_for_stand_visit,
    encounters_rebuild_for_event,
    event_encounter_facts_update,
    sbwa_placement_record,
    school_encounter_record,
)
from engagement.models import Encounter
from events.checkin import ticket_check_in
from events.services import (
    event_cancel,
    event_update,
    group_booking_create,
    registration_cancel,
    stand_apply,
    stand_approve,
)
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
    """People each employer met at ``event``: the ledger's rows added up per employer."""
    met: dict[int, int] = {}
    for row in Encounter.objects.filter(event=event, **filters):
        met[row.employer_id] = met.get(row.employer_id, 0) + row.people
    return met


def test_admission_alone_is_no_encounter_and_every_way_of_scanning_twice_counts_once(
    fair, django_capture_on_commit_callbacks
):
    event, organiser, employers = fair
    ana, ben, cai, dee, eve = (
        register(event, name=n, email=f"{n}@example.net").tickets[0]
        for n in ("ana", "ben", "cai", "dee", "eve")
    )
    scan = lambda t, **kw: ticket_check_in(token=t.token, event_id=event.pk, by=organiser, **kw)  # noqa: E731
    (first, first_contact, first_stand), (second, second_contact, second_stand) = employers
    with django_capture_on_commit_callbacks(execute=True):
        scan(ana), scan(ana)  # scanned twice
        client_id = uuid.uuid4()
        scan(ben, client_id=client_id), scan(ben, client_id=client_id)  # sent twice
        scan(cai, offline=True, device="phone A"), scan(cai, offline=True, device="phone B")
        for ticket in (ana, ben, dee):  # dee went straight to the stand
            stand_visit_record(application=first_stand, token=ticket.token, by=first_contact)
        stand_visit_record(application=first_stand, token=ana.token, by=first_contact)  # again
        visit_id = uuid.uuid4()
        for _ in range(2):  # the second stand's phone resends its scan
            stand_visit_record(
                application=second_stand, token=ana.token, by=second_contact, client_id=visit_id
            )
    # eve registered but never came; cai was admitted and met nobody

    assert people_met(event) == {first.pk: 3, second.pk: 1}
    assert set(Encounter.objects.values_list("method", flat=True)) == {"scanned"}
    rebuilt = encounters_rebuild_for_event(event_id=event.pk)
    assert rebuilt == 4
    assert people_met(event) == {first.pk: 3, second.pk: 1}
    del eve


def test_rebuilding_twice_changes_nothing(fair, django_capture_on_commit_callbacks):
    event, organiser, employers = fair
    ticket = register(event).tickets[0]
    with django_capture_on_commit_callbacks(execute=True):
        ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
        for _employer, contact, stand in employers:
            stand_visit_record(application=stand, token=ticket.token, by=contact)

    encounters_rebuild_for_event(event_id=event.pk)
    first = list(Encounter.objects.values_list("source_key", "people"))
    encounters_rebuild_for_event(event_id=event.pk)

    assert list(Encounter.objects.values_list("source_key", "people")) == first
    assert len(first) == 2


def test_cancelling_after_admission_keeps_the_facts_cancelling_the_event_does_not(
    fair, django_capture_on_commit_callbacks
):
    event, organiser, employers = fair
    _employer, contact, stand = employers[0]
    kept, cancelled = register(event, email="k@example.net"), register(event, email="c@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        for result in (kept, cancelled):
            ticket_check_in(token=result.tickets[0].token, event_id=event.pk, by=organiser)
            stand_visit_record(application=stand, token=result.tickets[0].token, by=contact)
    assert set(people_met(event).values()) == {2}

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=cancelled.registration, by=organiser)
    assert set(people_met(event).values()) == {2}  # they came and met the employer: a fact

    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, by=organiser, reason="Storm")
    assert not Encounter.objects.filter(event=event).exists()


def test_an_event_with_admissions_cannot_move_to_another_day(
    fair, django_capture_on_commit_callbacks
):
    from core.exceptions import Conflict

    event, organiser, employers = fair
    _employer, contact, stand = employers[0]
    ticket = register(event).tickets[0]
    with django_capture_on_commit_callbacks(execute=True):
        ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
        stand_visit_record(application=stand, token=ticket.token, by=contact)
    scanned_on = set(Encounter.objects.values_list("occurred_on", flat=True))
    new_start = event.starts_at - timedelta(days=3)

    with pytest.raises(Conflict) as refused:
        event_update(
            event=event, by=organiser, starts_at=new_start, ends_at=new_start + timedelta(hours=3)
        )
    assert refused.value.code == "event_has_admissions"
    event.refresh_from_db()
    later = event.starts_at + timedelta(minutes=30)  # the same day: a correction of the time
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=event, by=organiser, starts_at=later, ends_at=event.ends_at)
    # Encounters are dated when they happened: the day of the scan.
    assert set(Encounter.objects.values_list("occurred_on", flat=True)) == scanned_on
    assert scanned_on == {timezone.localdate()}


def test_school_groups_scanned_count_by_school_and_year_group(
    fair, django_capture_on_commit_callbacks
):
    event, organiser, employers = fair
    _employer, contact, stand = employers[0]
    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)
    booking = group_booking_create(
        event=event, school=school, year_group=9, group_size=3, by=leader, privacy_consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        for ticket in booking.tickets[:2]:
            ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
            stand_visit_record(application=stand, token=ticket.token, by=contact)

    rows = Encounter.objects.filter(school=school)
    assert {(r.year_group, r.people, r.audience) for r in rows} == {(9, 1, "pupils")}
    assert len({r.person for r in rows}) == 2  # each pupil is their ticket, not the booking
    assert all(r.hub_id == school.hub_id and r.district_id == school.district_id for r in rows)


def test_a_group_not_scanned_is_recorded_after_the_fair_against_present_stands(fair):
    from engagement.ledger import fair_group_record
    from events.presence import stand_presence_mark

    event, organiser, employers = fair
    (came, _c, came_stand), (absent, _a, absent_stand) = employers
    stand_presence_mark(application=came_stand, presence="present", by=organiser)
    stand_presence_mark(application=absent_stand, presence="no_show", by=organiser)
    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)

    with pytest.raises(EncounterError):  # an employer who did not come cannot be chosen
        fair_group_record(
            event=event, school=school, year_group=9, pupils=30, by=leader, employers=[absent]
        )
    with pytest.raises(EncounterError):  # neither a list nor "all present stands"
        fair_group_record(event=event, school=school, year_group=9, pupils=30, by=leader)
    fair_group_record(
        event=event, school=school, year_group=9, pupils=30, by=leader, all_present_stands=True
    )

    rows = Encounter.objects.filter(event=event)
    assert [(r.employer_id, r.people, r.method) for r in rows] == [(came.pk, 30, "recorded")]


def test_meaningful_follows_the_four_facts_the_organiser_records(
    fair, django_capture_on_commit_callbacks
):
    event, organiser, employers = fair
    ticket = register(event).tickets[0]
    with django_capture_on_commit_callbacks(execute=True):
        ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
        for _employer, contact, stand in employers:
            stand_visit_record(application=stand, token=ticket.token, by=contact)
    assert not Encounter.objects.filter(meaningful=True).exists()

    facts = dict(purpose_shared=True, learning_outcomes=True, two_way=True, reflection=False)
    event_encounter_facts_update(event=event, by=organiser, **facts)
    assert not Encounter.objects.filter(meaningful=True).exists()
    event_encounter_facts_update(event=event, by=organiser, **{**facts, "reflection": True})
    assert Encounter.objects.filter(meaningful=True).count() == 2
    with pytest.raises(NotAllowed):
        event_encounter_facts_update(event=event, by=member(Role.LEAD), **facts)


def test_a_stand_visit_reaches_the_ledger_in_its_own_request(fair):
    event, organiser, employers = fair
    _employer, contact, stand = employers[0]
    quiet = EventFactory()
    ticket = register(event).tickets[0]

    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    assert not Encounter.objects.filter(event=event).exists()  # admission is not an encounter
    visit = stand_visit_record(application=stand, token=ticket.token, by=contact)
    encounter_for_stand_visit(interaction_id=visit.pk)  # what the request's on-commit does
    assert Encounter.objects.filter(event=event).count() == 1
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


def test_a_rebuild_landing_while_a_visit_is_added_leaves_one_row_and_no_error(fair, monkeypatch):
    from engagement import ledger

    event, organiser, employers = fair
    _employer, contact, stand = employers[0]
    ticket = register(event).tickets[0]
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    visit = stand_visit_record(application=stand, token=ticket.token, by=contact)
    original = ledger._fair_context

    def rebuild_meanwhile(event):
        # Another request's rebuild commits between the look-up and the insert.
        monkeypatch.setattr(ledger, "_fair_context", original)
        encounters_rebuild_for_event(event_id=event.pk)
        return original(event)

    monkeypatch.setattr(ledger, "_fair_context", rebuild_meanwhile)
    row = encounter_for_stand_visit(interaction_id=visit.pk)

    assert row is not None and row.source_key == f"stand-visit:{visit.pk}"
    assert encounter_for_stand_visit(interaction_id=visit.pk).pk == row.pk
    assert Encounter.objects.filter(event=event).count() == 1
