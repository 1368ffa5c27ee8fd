"""Writes to the encounter ledger.

A fair's encounters are *derived* from evidence that an employer met someone there: one row
per visit scanned at an employer's stand (one employer and one person; method "scanned"), and
one row per employer a school group met as recorded after the fair (``FairGroupRecord``; method
"recorded"). Admission at the door is attendance, not an employer encounter. Rows are rebuilt
from the evidence, never added to by hand, and dated on the day of the scan.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, Role, User
from accounts.permissions import can_change
from core.exceptions import DomainError, NotAllowed
from employers.models import Employer
from engagement.models import (
    Encounter,
    EncounterKind,
    EncounterMethod,
    EncounterSource,
    EventEncounterFacts,
    FairGroupRecord,
    SbwaPlacement,
)
from engagement.models.encounters import Audience
from engagement.tallies import slices_touch_for
from events.models import (
    Event,
    EventKind,
    StandApplication,
    StandInteraction,
    StandPresence,
)
from schools.models import School

CATEGORY_AUDIENCE = {
    "pupil": Audience.PUPILS,
    "jobseeker": Audience.JOBSEEKERS,
    "fifty_plus": Audience.FIFTY_PLUS,
    "parent_carer": Audience.PARENTS_CARERS,
    "provider": Audience.PROVIDERS,
    "other": Audience.OTHER,
}
EVENT_KIND_ENCOUNTER = {
    EventKind.CAREERS_FAIR: EncounterKind.CAREERS_FAIR,
    EventKind.JOBS_FAIR: EncounterKind.JOBS_FAIR,
    EventKind.FIFTY_PLUS_JOBS_FAIR: EncounterKind.JOBS_FAIR,
    EventKind.SCHOOL_ENCOUNTER: EncounterKind.EMPLOYER_TALK,
}
COUNTED_STATUSES = (Event.Status.PUBLISHED, Event.Status.COMPLETED)

# What a stand visit's row is made from: the visit, the employer and who the visitor was.
_VISIT_FIELDS = (
    "pk",
    "created_at",
    "ticket_id",
    "application__event_id",
    "application__employer_id",
    "ticket__registration__person_key",
    "ticket__registration__school_id",
    "ticket__registration__school__district_id",
    "ticket__registration__school__hub_id",
    "ticket__registration__year_group",
    "ticket__registration__category",
    "ticket__registration__complex_barriers",
)


class EncounterError(DomainError):
    code = "encounter"


@dataclass
class _FairContext:
    event: Event
    facts: EventEncounterFacts
    kind: str
    jobcentre_id: int | None
    venue_district: int | None

    def facts_fields(self) -> dict[str, bool]:
        facts = self.facts
        return {
            "purpose_shared": facts.purpose_shared,
            "learning_outcomes": facts.learning_outcomes,
            "two_way": facts.two_way,
            "reflection": facts.reflection,
            "meaningful": all(
                (facts.purpose_shared, facts.learning_outcomes, facts.two_way, facts.reflection)
            ),
        }


def _fair_context(event: Event) -> _FairContext:
    facts, _created = EventEncounterFacts.objects.get_or_create(event=event)
    return _FairContext(
        event=event,
        facts=facts,
        kind=EVENT_KIND_ENCOUNTER.get(EventKind(event.kind), EncounterKind.EVENT),
        jobcentre_id=(
            event.organiser_id if event.organiser.kind == OrganisationKind.JOBCENTRE else None
        ),
        venue_district=event.venue.district_id if event.venue else None,
    )


def _visit_row(fair: _FairContext, visit: dict[str, Any]) -> Encounter:
    """One stand visit as one encounter: one employer, one person, on the day of the scan."""
    school_id = visit["ticket__registration__school_id"]
    key = visit["ticket__registration__person_key"]
    # A pupil in a school group shares the booking's contact: the ticket is the pupil.
    person = key if key and school_id is None else f"ticket:{visit['ticket_id']}"
    audience = CATEGORY_AUDIENCE.get(visit["ticket__registration__category"], Audience.OTHER)
    is_pupil = audience == Audience.PUPILS and school_id is not None
    return Encounter(
        kind=fair.kind,
        source=EncounterSource.EVENT,
        method=EncounterMethod.SCANNED,
        source_key=f"stand-visit:{visit['pk']}",
        occurred_on=timezone.localtime(visit["created_at"]).date(),
        event=fair.event,
        employer_id=visit["application__employer_id"],
        school_id=school_id,
        year_group=visit["ticket__registration__year_group"],
        audience=audience,
        people=1,
        person=person,
        pupil_refs=[person] if is_pupil else [],
        complex_barriers_people=1 if visit["ticket__registration__complex_barriers"] else 0,
        district_id=visit["ticket__registration__school__district_id"] or fair.venue_district,
        hub_id=visit["ticket__registration__school__hub_id"],
        jobcentre_id=fair.jobcentre_id,
        **fair.facts_fields(),
    )


def _group_rows(fair: _FairContext) -> list[Encounter]:
    """The employers each school group met, as recorded after the fair: present stands only."""
    present = set(
        StandApplication.objects.filter(
            event=fair.event,
            status=StandApplication.Status.APPROVED,
            presence=StandPresence.PRESENT,
        ).values_list("employer_id", flat=True)
    )
    rows = []
    day = timezone.localtime(fair.event.starts_at).date()
    records = FairGroupRecord.objects.filter(event=fair.event).select_related("school")
    for record in records.prefetch_related("employers"):
        met = present if record.all_present_stands else {e.pk for e in record.employers.all()}
        for employer_id in sorted(met & present):
            rows.append(
                Encounter(
                    kind=fair.kind,
                    source=EncounterSource.EVENT,
                    method=EncounterMethod.RECORDED,
                    source_key=f"fair-group:{record.pk}:employer:{employer_id}",
                    occurred_on=day,
                    event=fair.event,
                    employer_id=employer_id,
                    school_id=record.school_id,
                    year_group=record.year_group,
                    audience=Audience.PUPILS,
                    people=record.pupils,
                    district_id=record.school.district_id or fair.venue_district,
                    hub_id=record.school.hub_id,
                    jobcentre_id=fair.jobcentre_id,
                    recorded_by_id=record.recorded_by_id,
                    **fair.facts_fields(),
                )
            )
    return rows


def _locked_event(event_id: int) -> Event | None:
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("venue", "organiser")
        .filter(pk=event_id)
        .first()
    )


@transaction.atomic
def encounters_rebuild_for_event(*, event_id: int) -> int:
    """Make the ledger's rows for one event match its evidence now. Returns rows kept."""
    event = _locked_event(event_id)
    previous = Encounter.objects.filter(source=EncounterSource.EVENT, event_id=event_id)
    slices_touch_for(previous)
    previous.delete()
    if event is None or event.status not in COUNTED_STATUSES:
        return 0
    fair = _fair_context(event)
    # Every visit scanned stays a fact: a ticket cancelled after the fair does not undo it
    # (an organiser's correction removes the visit itself).
    visits = StandInteraction.objects.filter(application__event=event).values(*_VISIT_FIELDS)
    rows = [_visit_row(fair, visit) for visit in visits.order_by("pk")]
    rows += _group_rows(fair)
    Encounter.objects.bulk_create(rows, batch_size=500)
    slices_touch_for(Encounter.objects.filter(source=EncounterSource.EVENT, event_id=event_id))
    fair.facts.synced_at = timezone.now()
    fair.facts.save(update_fields=["synced_at"])
    return len(rows)


@transaction.atomic
def encounter_for_stand_visit(*, interaction_id: int) -> Encounter | None:
    """One new stand visit into the ledger at once (the scan's request), without rebuilding the
    fair: the same row a rebuild would make. Repeating it changes nothing."""
    visit = StandInteraction.objects.filter(pk=interaction_id).values(*_VISIT_FIELDS).first()
    if visit is None:
        return None
    # The event lock a rebuild takes: the rebuild's rows and this one are never written at once.
    event = _locked_event(visit["application__event_id"])
    if event is None or event.status not in COUNTED_STATUSES:
        return None
    source_key = f"stand-visit:{interaction_id}"
    found = Encounter.objects.filter(source_key=source_key).first()
    if found is not None:
        return found
    row = _visit_row(_fair_context(event), visit)
    # A row already there (a rebuild just made it) is the same row: no error, nothing twice.
    Encounter.objects.bulk_create([row], ignore_conflicts=True)
    written = Encounter.objects.filter(source_key=source_key)
    slices_touch_for(written)
    return written.first()


def fair_group_record(
    *,
    event: Event,
    school: School,
    year_group: int,
    pupils: int,
    by: User,
    employers: Iterable[Employer] = (),
    all_present_stands: bool = False,
) -> FairGroupRecord:
    """The organiser or the school's Careers Leader records which of the fair's present
    employers a year group met (pupils not scanned): a list, or every present stand as an
    explicit choice. Recording again for the same group replaces what it said."""
    if not (can_change(by, event) or can_change(by, school)):
        raise NotAllowed(_("Only the fair's organisers or the school can record this."))
    if not 7 <= year_group <= 13:
        raise EncounterError(_("The year group is 7 to 13."), code="invalid_year_group")
    if pupils < 1:
        raise EncounterError(_("Give the number of pupils."), code="people_required")
    chosen = {employer.pk for employer in employers}
    if not chosen and not all_present_stands:
        raise EncounterError(
            _("Choose the employers the group met, or every employer present."),
            code="employers_required",
        )
    present = set(
        StandApplication.objects.filter(
            event=event, status=StandApplication.Status.APPROVED, presence=StandPresence.PRESENT
        ).values_list("employer_id", flat=True)
    )
    if chosen - present:
        raise EncounterError(
            _("Only employers marked present at the fair can be chosen."), code="not_present"
        )
    with transaction.atomic():
        record, _created = FairGroupRecord.objects.update_or_create(
            event=event,
            school=school,
            year_group=year_group,
            defaults={
                "pupils": pupils,
                "all_present_stands": all_present_stands,
                "recorded_by": by,
            },
        )
        record.employers.set(chosen)
        encounters_rebuild_for_event(event_id=event.pk)
    return record


def event_encounter_facts_update(
    *,
    event: Event,
    by: User,
    purpose_shared: bool,
    learning_outcomes: bool,
    two_way: bool,
    reflection: bool,
) -> EventEncounterFacts:
    """The organiser records what made the fair meaningful; its encounters follow."""
    if not can_change(by, event):
        raise NotAllowed(_("Only the event's organisers can record this."))
    facts, _created = EventEncounterFacts.objects.update_or_create(
        event=event,
        defaults={
            "purpose_shared": purpose_shared,
            "learning_outcomes": learning_outcomes,
            "two_way": two_way,
            "reflection": reflection,
        },
    )
    encounters_rebuild_for_event(event_id=event.pk)
    return facts


@dataclass
class RecordedEncounter:
    kind: str
    occurred_on: date
    school: School
    year_group: int
    employer: Employer | None = None
    provider_name: str = ""
    people: int | None = None
    pupil_refs: Iterable[str] = ()
    purpose_shared: bool = False
    learning_outcomes: bool = False
    two_way: bool = False
    reflection: bool = False
    note: str = ""


@transaction.atomic
def school_encounter_record(
    *,
    encounter: RecordedEncounter,
    by: User,
    source: str = EncounterSource.RECORDED,
    source_key: str | None = None,
) -> Encounter:
    """A Careers Leader (their school) or coordinator (their hub) records an encounter for a
    year group: a number of pupils, or a list of pseudonymous pupil references (never names)."""
    school = encounter.school
    if not can_change(by, school):
        raise NotAllowed(_("You can record encounters only for your own school or hub."))
    if encounter.kind not in EncounterKind.values or encounter.kind in {
        EncounterKind.CAREERS_FAIR,
        EncounterKind.JOBS_FAIR,
        EncounterKind.EVENT,
    }:
        raise EncounterError(_("Choose what kind of encounter it was."), code="invalid_kind")
    if not 7 <= encounter.year_group <= 13:
        raise EncounterError(_("The year group is 7 to 13."), code="invalid_year_group")
    if encounter.occurred_on > timezone.localdate():
        raise EncounterError(_("The date cannot be in the future."), code="future_date")
    is_provider = encounter.kind == EncounterKind.PROVIDER_ENCOUNTER
    if is_provider and not encounter.provider_name.strip():
        raise EncounterError(_("Name the college or provider."), code="provider_required")
    if not is_provider and encounter.employer is None:
        raise EncounterError(_("Choose the employer."), code="employer_required")
    refs = sorted({ref.strip() for ref in encounter.pupil_refs if ref and ref.strip()})
    if any(len(ref) > 40 or " " in ref for ref in refs):
        raise EncounterError(
            _("Pupil references are short codes from your school's system, not names."),
            code="invalid_pupil_ref",
        )
    people = len(refs) if refs else encounter.people
    if not people or people < 1:
        raise EncounterError(
            _("Give the number of pupils, or their references."), code="people_required"
        )
    roll = (
        school.year_groups.filter(year_group=encounter.year_group)
        .values_list("pupils", flat=True)
        .first()
    )
    if roll is not None and people > roll:
        raise EncounterError(
            _("Year %(year)d has %(roll)d pupils on roll, fewer than %(people)d.")
            % {"year": encounter.year_group, "roll": roll, "people": people},
            code="more_than_roll",
        )
    return Encounter.objects.create(
        kind=encounter.kind,
        source=source,
        source_key=source_key or f"{source}:{uuid.uuid4()}",
        occurred_on=encounter.occurred_on,
        employer=None if is_provider else encounter.employer,
        provider_name=encounter.provider_name.strip() if is_provider else "",
        school=school,
        year_group=encounter.year_group,
        audience=Audience.PUPILS,
        people=people,
        pupil_refs=refs,
        purpose_shared=encounter.purpose_shared,
        learning_outcomes=encounter.learning_outcomes,
        two_way=encounter.two_way,
        reflection=encounter.reflection,
        district_id=school.district_id,
        hub_id=school.hub_id,
        note=encounter.note.strip(),
        recorded_by=by,
    )


def encounter_delete(*, encounter: Encounter, by: User) -> None:
    if encounter.source == EncounterSource.EVENT:
        raise EncounterError(
            _("A fair's encounters follow its check-ins; change those instead."),
            code="derived",
        )
    if encounter.school is None or not can_change(by, encounter.school):
        raise NotAllowed(_("You can remove only your own school's encounters."))
    encounters_remove(Encounter.objects.filter(pk=encounter.pk))


@transaction.atomic
def encounters_remove(queryset: QuerySet[Encounter]) -> int:
    """Take rows out of the ledger (a correction, a re-import). Every delete goes through here
    so that whatever is kept alongside the ledger stays in step. Returns rows removed."""
    slices_touch_for(queryset)
    removed, _by_model = queryset.delete()
    return removed


def sbwa_placement_record(
    *,
    jobcentre_id: int,
    started_on: date,
    aged_50_plus: bool,
    by: User,
    sector_id: int | None = None,
    employer: Employer | None = None,
) -> SbwaPlacement:
    """A Jobcentre organiser records a Sector-based work academy placement."""
    if jobcentre_id not in by.organisation_ids(Role.JOBCENTRE_ORGANISER) and not by.is_superuser:
        raise NotAllowed(_("Only the Jobcentre's organisers record its placements."))
    if started_on > timezone.localdate():
        raise EncounterError(_("The start date cannot be in the future."), code="future_date")
    return SbwaPlacement.objects.create(
        jobcentre_id=jobcentre_id,
        started_on=started_on,
        aged_50_plus=aged_50_plus,
        sector_id=sector_id,
        employer=employer,
        recorded_by=by,
    )
