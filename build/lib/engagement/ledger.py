"""Writes to the encounter ledger.

A fair's encounters are *derived*: one row per approved employer × audience group (a school's
year group, or a category of the public), counting the distinct tickets that were admitted at
the door or scanned at a stand. They are rebuilt from the event's current state, never added
to, so a ticket scanned twice, a scan resent, two phones admitting one ticket, an event edited
after the fact, or a cancelled ticket or event always give the right count.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, Role, User
from accounts.permissions import can_change
from core.exceptions import DomainError, NotAllowed
from employers.models import Employer
from engagement.models import (
    Encounter,
    EncounterKind,
    EncounterSource,
    EventEncounterFacts,
    SbwaPlacement,
)
from engagement.models.encounters import Audience
from engagement.tallies import slices_touch_for
from events.models import (
    CheckIn,
    Event,
    EventKind,
    Registration,
    StandApplication,
    StandInteraction,
    Ticket,
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


class EncounterError(DomainError):
    code = "encounter"


def _met_tickets(event: Event) -> QuerySet[Ticket]:
    """Tickets that really came: admitted at the door or scanned at a stand; valid ones only."""
    scanned_at_a_stand = StandInteraction.objects.filter(ticket=OuterRef("pk"))
    return (
        Ticket.objects.filter(event=event, status=Ticket.Status.VALID)
        .exclude(registration__status=Registration.Status.CANCELLED)
        .filter(Q(checked_in_at__isnull=False) | Exists(scanned_at_a_stand))
    )


@transaction.atomic
def encounters_rebuild_for_event(*, event_id: int) -> int:
    """Make the ledger's rows for one event match who met whom there now. Returns rows kept."""
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("venue", "organiser")
        .filter(pk=event_id)
        .first()
    )
    previous = Encounter.objects.filter(source=EncounterSource.EVENT, event_id=event_id)
    slices_touch_for(previous)
    previous.delete()
    if event is None or event.status not in COUNTED_STATUSES:
        return 0
    facts, _created = EventEncounterFacts.objects.get_or_create(event=event)
    employers = list(
        StandApplication.objects.filter(
            event=event, status=StandApplication.Status.APPROVED
        ).values_list("employer_id", flat=True)
    )
    groups = list(
        _met_tickets(event)
        .values(
            "registration__school_id",
            "registration__school__district_id",
            "registration__school__hub_id",
            "registration__year_group",
            "registration__category",
        )
        .annotate(
            people=Count("pk", distinct=True),
            complex=Count("pk", distinct=True, filter=Q(registration__complex_barriers=True)),
        )
    )
    jobcentre_id = (
        event.organiser_id if event.organiser.kind == OrganisationKind.JOBCENTRE else None
    )
    occurred_on = timezone.localtime(event.starts_at).date()
    kind = EVENT_KIND_ENCOUNTER.get(EventKind(event.kind), EncounterKind.EVENT)
    venue_district = event.venue.district_id if event.venue else None
    meaningful = all(
        (facts.purpose_shared, facts.learning_outcomes, facts.two_way, facts.reflection)
    )
    rows = []
    for employer_id in employers:
        for group in groups:
            audience = CATEGORY_AUDIENCE.get(group["registration__category"], Audience.OTHER)
            school_id = group["registration__school_id"]
            year = group["registration__year_group"]
            rows.append(
                Encounter(
                    kind=kind,
                    source=EncounterSource.EVENT,
                    source_key=(
                        f"event:{event.pk}:employer:{employer_id}:school:{school_id or 0}"
                        f":year:{year or 0}:{audience}"
                    ),
                    occurred_on=occurred_on,
                    event=event,
                    employer_id=employer_id,
                    school_id=school_id,
                    year_group=year,
                    audience=audience,
                    people=group["people"],
                    complex_barriers_people=group["complex"],
                    purpose_shared=facts.purpose_shared,
                    learning_outcomes=facts.learning_outcomes,
                    two_way=facts.two_way,
                    reflection=facts.reflection,
                    meaningful=meaningful,
                    district_id=group["registration__school__district_id"] or venue_district,
                    hub_id=group["registration__school__hub_id"],
                    jobcentre_id=jobcentre_id,
                )
            )
    Encounter.objects.bulk_create(rows, batch_size=500)
    slices_touch_for(Encounter.objects.filter(source=EncounterSource.EVENT, event_id=event_id))
    facts.synced_at = timezone.now()
    facts.save(update_fields=["synced_at"])
    return len(rows)


def events_with_new_scans(*, since_days: int = 3) -> list[int]:
    """Events whose door or stands received scans after their ledger was last rebuilt."""
    since = timezone.now() - timedelta(days=since_days)
    last_scan = dict(
        CheckIn.objects.filter(received_at__gte=since)
        .values("event_id")
        .annotate(last=Max("received_at"))
        .values_list("event_id", "last")
    )
    for event_id, last in (
        StandInteraction.objects.filter(created_at__gte=since)
        .values("application__event_id")
        .annotate(last=Max("created_at"))
        .values_list("application__event_id", "last")
    ):
        last_scan[event_id] = max(last, last_scan.get(event_id, last))
    synced = dict(
        EventEncounterFacts.objects.filter(event_id__in=last_scan).values_list(
            "event_id", "synced_at"
        )
    )
    return sorted(
        event_id
        for event_id, last in last_scan.items()
        if synced.get(event_id) is None or last > synced[event_id]
    )


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
