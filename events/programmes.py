"""Writes for programmes: a financial year's events of one kind, generated as drafts (shown first
for the organiser to confirm), and the untouched drafts deleted again in one step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, Organisation, Role, User
from accounts.permissions import is_admin
from events.calendars import LONDON
from events.exceptions import NotAllowed, ProgrammeError
from events.models import (
    Event,
    EventAudience,
    EventKind,
    Programme,
    Registration,
    ScannerAssignment,
    StandApplication,
    Venue,
)
from events.permissions import ORGANISER_ROLES, may_organise_for

PROGRAMME_RULES = {
    EventKind.JOBS_FAIR: Programme.Rule.EVERY_JOBCENTRE_EVERY_QUARTER,
    EventKind.VOICE_OF_THE_CUSTOMER_FORUM: Programme.Rule.EVERY_JOBCENTRE_EVERY_YEAR,
    EventKind.SECTOR_SKILLS_EVENT: Programme.Rule.TWICE_A_YEAR,
}


def _second_wednesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 7)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _quarter_month(financial_year: int, quarter: int, offset: int = 1) -> tuple[int, int]:
    """(year, month) of the ``offset``-th month (0–2) of a financial-year quarter (Q1 = Apr–Jun)."""
    month_index = 3 + (quarter - 1) * 3 + offset  # 0-based month counted from January
    return financial_year + month_index // 12, month_index % 12 + 1


@dataclass
class ProgrammeResult:
    programme: Programme
    created: list[Event]


def _check_request(*, financial_year: int, kind: str, by: User) -> str:
    if not (is_admin(by) or by.has_role(*ORGANISER_ROLES)):
        raise NotAllowed(_("Only coordinators and Jobcentre organisers plan programmes."))
    rule = PROGRAMME_RULES.get(kind)  # type: ignore[call-overload]
    if rule is None:
        raise ProgrammeError(
            _("There is no yearly programme for this kind of event."),
            code="programme_kind_unsupported",
        )
    if not 2000 <= financial_year <= 2100:
        raise ProgrammeError(_("Give a financial year like 2026."), code="invalid_year")
    return str(rule)


def plans_county_wide(by: User) -> bool:
    """Coordinators and admins plan for every Jobcentre; a Jobcentre's organisers for their own."""
    return is_admin(by) or by.has_role(Role.COORDINATOR)


def _planned_venues(by: User) -> QuerySet[Venue]:
    venues = Venue.objects.filter(kind=Venue.Kind.JOBCENTRE, organisation__isnull=False)
    if not plans_county_wide(by):
        venues = venues.filter(organisation_id__in=by.organisation_ids(*ORGANISER_ROLES))
    return venues.order_by("name")


def _missing(
    programme: Programme, existing: set[str], *, by: User, organiser: Organisation | None
) -> list[Event]:
    if organiser is not None and not may_organise_for(by, organiser.pk):
        raise NotAllowed(_("You do not organise events for %(name)s.") % {"name": organiser.name})
    return [
        event
        for event in _programme_events(programme, by=by, organiser=organiser)
        if event.programme_slot not in existing
    ]


def programme_plan(
    *, financial_year: int, kind: str, by: User, organiser: Organisation | None = None
) -> list[Event]:
    """The draft events ``programme_generate`` would create now, unsaved: for the organiser to
    check before anything is written."""
    rule = _check_request(financial_year=financial_year, kind=kind, by=by)
    programme = Programme.objects.filter(financial_year=financial_year, kind=kind).first()
    existing: set[str] = set()
    if programme is None:
        programme = Programme(financial_year=financial_year, kind=kind, rule=rule)
    else:
        existing = set(programme.events.values_list("programme_slot", flat=True))
    return _missing(programme, existing, by=by, organiser=organiser)


def programme_generate(
    *, financial_year: int, kind: str, by: User, organiser: Organisation | None = None
) -> ProgrammeResult:
    """Create the draft events a year's programme promises, and only those still missing, at the
    Jobcentres ``by`` plans for (every one for coordinators and admins).

    Jobs fairs: one per quarter at every Jobcentre venue (middle month of the quarter, Q1 =
    April–June). Voice of the Customer forum: one a year at every Jobcentre (October). Sector
    skills events: two a year (September and March), organised by ``organiser`` (default: the
    hub or Jobcentre ``by`` works for), venue to be chosen. Running it twice creates nothing new.
    """
    rule = _check_request(financial_year=financial_year, kind=kind, by=by)
    label = EventKind(kind).label
    fy_label = f"{financial_year}-{(financial_year + 1) % 100:02d}"
    with transaction.atomic():
        programme, _created = Programme.objects.get_or_create(
            financial_year=financial_year,
            kind=kind,
            defaults={
                "name": f"{label}, {fy_label}",
                "rule": rule,
                "created_by": by,
            },
        )
        # Two organisers generating at once: the second waits here and then finds every slot.
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        existing = set(programme.events.values_list("programme_slot", flat=True))
        planned = _missing(programme, existing, by=by, organiser=organiser)
        created = Event.objects.bulk_create(planned)
        if created:
            audit_record(
                actor=by,
                action=AuditAction.PROGRAMME_GENERATE,
                target=programme,
                label=programme.name,
                details={"events": [event.pk for event in created]},
            )
    return ProgrammeResult(programme=programme, created=created)


def programme_untouched_drafts(*, financial_year: int, kind: str, by: User) -> QuerySet[Event]:
    """The programme's drafts nobody has worked on (never edited or published, no registrations,
    stands or door staff), among those ``by`` plans for: what may be deleted in one step."""
    _check_request(financial_year=financial_year, kind=kind, by=by)
    drafts = Event.objects.filter(
        programme__financial_year=financial_year,
        programme__kind=kind,
        status=Event.Status.DRAFT,
        sequence=0,
        published_at__isnull=True,
    ).exclude(
        Exists(Registration.objects.filter(event=OuterRef("pk")))
        | Exists(StandApplication.objects.filter(event=OuterRef("pk")))
        | Exists(ScannerAssignment.objects.filter(event=OuterRef("pk")))
    )
    if not plans_county_wide(by):
        drafts = drafts.filter(organiser_id__in=by.organisation_ids(*ORGANISER_ROLES))
    return drafts.select_related("venue", "organiser").order_by("venue__name", "starts_at", "pk")


def programme_drafts_delete(*, financial_year: int, kind: str, by: User) -> int:
    """Delete the programme's untouched drafts ``by`` plans for; the slots they leave are
    planned again by the next ``programme_generate``. Returns how many were deleted."""
    with transaction.atomic():
        ids = list(
            programme_untouched_drafts(financial_year=financial_year, kind=kind, by=by)
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        Event.objects.filter(pk__in=ids).delete()
        if ids:
            audit_record(
                actor=by,
                action=AuditAction.PROGRAMME_DRAFTS_DELETE,
                label=f"{kind} {financial_year}",
                details={"financial_year": financial_year, "kind": kind, "events": ids},
            )
    return len(ids)


def _programme_events(
    programme: Programme, *, by: User, organiser: Organisation | None
) -> list[Event]:
    fy = programme.financial_year
    kind = programme.kind
    events = []
    if programme.rule in (
        Programme.Rule.EVERY_JOBCENTRE_EVERY_QUARTER,
        Programme.Rule.EVERY_JOBCENTRE_EVERY_YEAR,
    ):
        for venue in _planned_venues(by):
            organiser_id = venue.organisation_id
            if organiser_id is None:
                continue
            if programme.rule == Programme.Rule.EVERY_JOBCENTRE_EVERY_QUARTER:
                for quarter in range(1, 5):
                    day = _second_wednesday(*_quarter_month(fy, quarter))
                    events.append(
                        Event(
                            kind=kind,
                            title=_("Jobs fair at %(venue)s, Q%(quarter)d %(year)s")
                            % {
                                "venue": venue.name,
                                "quarter": quarter,
                                "year": programme.financial_year_label,
                            },
                            venue=venue,
                            organiser_id=organiser_id,
                            starts_at=_at(day, 10),
                            ends_at=_at(day, 14),
                            audiences=[
                                EventAudience.JOBSEEKERS,
                                EventAudience.FIFTY_PLUS,
                                EventAudience.EMPLOYERS,
                            ],
                            capacity=venue.capacity or 200,
                            stand_capacity=20,
                            adjustments_deadline=_at(day - timedelta(days=7), 17),
                            programme=programme,
                            programme_slot=f"venue:{venue.pk}:Q{quarter}",
                            created_by=by,
                        )
                    )
            else:
                day = _second_wednesday(fy, 10)
                events.append(
                    Event(
                        kind=kind,
                        title=_("Voice of the Customer forum at %(venue)s, %(year)s")
                        % {"venue": venue.name, "year": programme.financial_year_label},
                        venue=venue,
                        organiser_id=organiser_id,
                        starts_at=_at(day, 10),
                        ends_at=_at(day, 12, 30),
                        audiences=[EventAudience.DISABLED_RESIDENTS, EventAudience.JOBSEEKERS],
                        capacity=venue.capacity or 60,
                        stand_capacity=0,
                        # Interpreters and loops are booked weeks ahead for the forum.
                        adjustments_deadline=_at(day - timedelta(days=21), 17),
                        programme=programme,
                        programme_slot=f"venue:{venue.pk}:year",
                        created_by=by,
                    )
                )
        return events
    organiser = organiser or _default_organiser(by)
    for number, (year, month) in enumerate(((fy, 9), (fy + 1, 3)), start=1):
        day = _second_wednesday(year, month)
        events.append(
            Event(
                kind=kind,
                title=_("Sector skills event %(number)d, %(year)s")
                % {"number": number, "year": programme.financial_year_label},
                venue=None,
                organiser=organiser,
                starts_at=_at(day, 9, 30),
                ends_at=_at(day, 15, 30),
                audiences=[EventAudience.EMPLOYERS, EventAudience.SKILLS_PROVIDERS],
                capacity=150,
                stand_capacity=30,
                adjustments_deadline=_at(day - timedelta(days=7), 17),
                programme=programme,
                programme_slot=f"organiser:{organiser.pk}:{number}",
                created_by=by,
            )
        )
    return events


def _default_organiser(by: User) -> Organisation:
    ids = sorted(by.organisation_ids(*ORGANISER_ROLES))
    if not ids:
        raise ProgrammeError(
            _("Choose the hub or Jobcentre that organises these events."),
            code="organiser_required",
        )
    return Organisation.objects.get(pk=ids[0])
