"""Employers' returns after a fair: what their stand led to (interviews offered and held, job
offers, job and apprenticeship starts).

Each employer present at a fair is e-mailed a link after it, and reminded at 4 and 13 weeks to
update its starts. The link carries a signed token naming the stand (no account is needed); it is
refused for another stand and once ``RETURN_LINK_VALID_FOR`` has passed since the fair. A signed-in
employer contact fills in the same form from their stands. Each save keeps the latest figures and
appends a revision (who, when, what): the revisions are the return's audit trail and what "starts
within 13 weeks" is counted from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.exceptions import DomainError, NotAllowed
from events.models import (
    Event,
    EventKind,
    MessageKind,
    ReturnRequestStage,
    StandApplication,
    StandInteraction,
    StandPresence,
    StandReturn,
    StandReturnRequest,
    StandReturnRevision,
)
from events.permissions import acts_for_employer, is_event_organiser

# How long after the fair its return link works.
RETURN_LINK_VALID_FOR = timedelta(weeks=26)
# When each e-mail is owed, counted from the end of the fair.
REQUEST_DUE_AFTER = {
    ReturnRequestStage.AFTER_FAIR: timedelta(0),
    ReturnRequestStage.WEEK_4: timedelta(weeks=4),
    ReturnRequestStage.WEEK_13: timedelta(weeks=13),
}
STARTS_COUNTED_WITHIN = timedelta(weeks=13)
FAIR_KINDS = (EventKind.CAREERS_FAIR, EventKind.JOBS_FAIR, EventKind.FIFTY_PLUS_JOBS_FAIR)
_SALT = "events.returns.stand"


class ReturnError(DomainError):
    code = "invalid_return"


@dataclass(frozen=True)
class ReturnInput:
    interviews_offered: int
    interviews_held: int
    job_offers: int
    job_starts: int
    apprenticeship_starts: int
    starts_aged_50_plus: int | None = None
    note: str = ""


FIGURE_NAMES = (
    "interviews_offered",
    "interviews_held",
    "job_offers",
    "job_starts",
    "apprenticeship_starts",
)


def stands_present() -> QuerySet[StandApplication]:
    """Approved stands whose employer came: marked present, or scanned a visitor."""
    scanned = StandInteraction.objects.filter(application=OuterRef("pk"))
    return StandApplication.objects.filter(status=StandApplication.Status.APPROVED).filter(
        Q(presence=StandPresence.PRESENT) | Exists(scanned)
    )


# --- The link -----------------------------------------------------------------------------------


def stand_return_token(application: StandApplication) -> str:
    """An unguessable token naming this stand (signed with the server's secret)."""
    return signing.dumps({"stand": application.pk}, salt=_SALT, compress=True)


def stand_return_url(application: StandApplication) -> str:
    path = reverse(
        "outcomes:return-by-link",
        kwargs={"stand_id": application.pk, "token": stand_return_token(application)},
    )
    return settings.SITE_URL + path


def link_expires_at(event: Event) -> datetime:
    return event.ends_at + RETURN_LINK_VALID_FOR


def stand_for_link(*, stand_id: int, token: str, now: datetime | None = None) -> StandApplication:
    """The stand a return link opens; a forged token, a token for another stand or an expired
    link is refused with its reason."""
    try:
        named = signing.loads(token, salt=_SALT)["stand"]
    except (signing.BadSignature, KeyError, TypeError):
        raise ReturnError(
            _("This link is not valid. Use the link in the e-mail we sent you."),
            code="invalid_link",
        ) from None
    if named != stand_id:
        raise ReturnError(
            _("This link is for another stand. Use the link sent for this stand."),
            code="wrong_stand",
        )
    application = stands_present().select_related("event", "employer").filter(pk=stand_id).first()
    if application is None:
        raise ReturnError(_("This stand has no return to make."), code="not_present")
    if (now or timezone.now()) > link_expires_at(application.event):
        expired_on = timezone.localtime(link_expires_at(application.event))
        raise ReturnError(
            _(
                "This link expired on %(date)s. Sign in to your account to update the return, "
                "or ask the fair's organisers."
            )
            % {"date": date_format(expired_on, "j E Y")},
            code="link_expired",
        )
    return application


# --- Saving a return ----------------------------------------------------------------------------


def may_make_return(user: Any, application: StandApplication) -> bool:
    """The employer's own contacts, and the fair's organisers (who may correct it)."""
    return acts_for_employer(user, application.employer) or is_event_organiser(
        user, application.event
    )


def return_input_check(figures: ReturnInput) -> None:
    """The rules a return keeps; the first one broken is raised with its reason."""
    for name in FIGURE_NAMES:
        if getattr(figures, name) < 0:
            raise ReturnError(_("Numbers cannot be negative."), code="negative", field=name)
    if figures.starts_aged_50_plus is not None and figures.starts_aged_50_plus < 0:
        raise ReturnError(
            _("Numbers cannot be negative."), code="negative", field="starts_aged_50_plus"
        )
    if figures.interviews_held > figures.interviews_offered:
        raise ReturnError(
            _("Interviews held cannot be more than interviews offered."),
            code="held_over_offered",
            field="interviews_held",
        )
    if figures.job_offers > figures.interviews_held:
        raise ReturnError(
            _("Job offers cannot be more than interviews held."),
            code="offers_over_held",
            field="job_offers",
        )
    starts = figures.job_starts + figures.apprenticeship_starts
    if starts > figures.job_offers:
        raise ReturnError(
            _("Job and apprenticeship starts together cannot be more than job offers."),
            code="starts_over_offers",
            field="job_starts",
        )
    if figures.starts_aged_50_plus is not None and figures.starts_aged_50_plus > starts:
        raise ReturnError(
            _("Starts by people aged 50 or over cannot be more than all starts."),
            code="fifty_plus_over_starts",
            field="starts_aged_50_plus",
        )


def stand_return_save(
    *,
    application: StandApplication,
    figures: ReturnInput,
    by: Any = None,
    via_link: bool = False,
    now: datetime | None = None,
) -> StandReturn:
    """Keep the employer's latest figures for this stand and a revision of them.

    Through the link (``via_link``) the token was the permission; otherwise ``by`` must act for
    the employer or organise the fair. The figures must add up (``return_input_check``)."""
    if not via_link and not may_make_return(by, application):
        raise NotAllowed(_("Only the employer or the fair's organisers make this return."))
    return_input_check(figures)
    now = now or timezone.now()
    if now < application.event.starts_at:
        raise ReturnError(_("The return opens once the fair has started."), code="too_early")
    values = {name: getattr(figures, name) for name in (*FIGURE_NAMES, "starts_aged_50_plus")}
    values["note"] = figures.note.strip()[:2000]
    saved_by = by if by is not None and getattr(by, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            stand_return, _created = StandReturn.objects.select_for_update().update_or_create(
                application=application,
                defaults={**values, "saved_by": saved_by, "via_link": via_link, "saved_at": now},
            )
            StandReturnRevision.objects.create(
                stand_return=stand_return,
                saved_by=saved_by,
                via_link=via_link,
                saved_at=now,
                within_13_weeks=now <= application.event.ends_at + STARTS_COUNTED_WITHIN,
                **values,
            )
    except IntegrityError:
        # The database's own check: only reached if the rules above and its disagree.
        raise ReturnError(_("These figures do not add up."), code="inconsistent") from None
    return stand_return


# --- The e-mails that ask for it ----------------------------------------------------------------


def stage_due(event: Event, now: datetime) -> ReturnRequestStage | None:
    """The latest e-mail owed for a fair at ``now`` (none before it ends or after the link dies)."""
    since = now - event.ends_at
    if since < timedelta(0) or since > RETURN_LINK_VALID_FOR:
        return None
    due = [stage for stage, after in REQUEST_DUE_AFTER.items() if since >= after]
    return due[-1]


def stand_return_requests_owe(*, now: datetime | None = None) -> int:
    """Owe each present employer the latest e-mail due for its stand (once per stage; a stand
    whose return is already in gets no reminder before 13 weeks, when starts are asked for).
    Safe to run any number of times: the request rows are unique per stand and stage."""
    from events.outbox import outbox_message_add

    now = now or timezone.now()
    oldest = now - RETURN_LINK_VALID_FOR
    stands = (
        stands_present()
        .filter(event__kind__in=FAIR_KINDS, event__ends_at__lte=now, event__ends_at__gte=oldest)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
    )
    owed = 0
    for application in stands.iterator():
        stage = stage_due(application.event, now)
        if stage is None or application.return_requests.filter(stage=stage).exists():
            continue
        if stage == ReturnRequestStage.WEEK_4 and hasattr(application, "outcome_return"):
            continue
        try:
            with transaction.atomic():
                request = StandReturnRequest.objects.create(application=application, stage=stage)
                outbox_message_add(kind=MessageKind.STAND_RETURN_REQUEST, object_id=request.pk)
        except IntegrityError:
            continue  # another run owed it first
        owed += 1
    return owed


def employer_addresses(application: StandApplication) -> list[str]:
    """Who hears about a stand: the contact who applied, else every contact of the employer."""
    if application.applied_by is not None and application.applied_by.is_active:
        return [application.applied_by.email]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=application.employer.organisation_id,
            memberships__role=Role.EMPLOYER_CONTACT,
        ).values_list("email", flat=True)
    )


def stand_return_request_send(*, request_id: int) -> bool:
    """The outbox's sender: e-mail the employer its return link."""
    from events.messaging import person_message_send

    request = (
        StandReturnRequest.objects.select_related(
            "application__event", "application__employer", "application__applied_by"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return False
    application = request.application
    recipients = employer_addresses(application)
    if not recipients:
        return False
    person_message_send(
        emails=recipients,
        template="stand_return_request",
        context={
            "application": application,
            "reminder": request.stage != ReturnRequestStage.AFTER_FAIR,
            "return_url": stand_return_url(application),
            "expires_at": link_expires_at(application.event),
            "existing": StandReturn.objects.filter(application=application).first(),
        },
    )
    return True
