"""Writes for adviser↔school matching: rounds, decisions on proposals, matches and their ends."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, Role, User
from accounts.permissions import can_change
from core.exceptions import Conflict, DomainError, NotAllowed
from employers.models import EnterpriseAdviser
from engagement.matching import pair_score, solve, solve_greedy
from engagement.models import (
    Match,
    MatchExclusion,
    MatchingRound,
    MatchingWeights,
    MatchPin,
    MatchProposal,
)
from engagement.selectors import matching_pool
from notifications.models import Channel
from notifications.services import notification_add
from schools.models import Hub, School


class MatchingError(DomainError):
    code = "matching_rule"


def _require_change(user: User, obj: object) -> None:
    if not can_change(user, obj):  # type: ignore[arg-type]
        raise NotAllowed(_("You cannot change matching for this hub."))


@transaction.atomic
def matching_weights_update(*, hub: Hub, by: User, weights: dict[str, int]) -> MatchingWeights:
    """Set how much each part of a score counts in the hub's future rounds (0–10 each)."""
    _require_change(by, hub)
    record, _created = MatchingWeights.objects.select_for_update().get_or_create(hub=hub)
    unknown = set(weights) - set(MatchingWeights.PARTS)
    if unknown:
        raise MatchingError(_("Unknown score parts: %(parts)s.") % {"parts": ", ".join(unknown)})
    for part, value in weights.items():
        if not isinstance(value, int) or not 0 <= value <= 10:
            raise MatchingError(
                _("Each weight is a whole number from 0 to 10; %(part)s was %(value)s.")
                % {"part": part, "value": value},
                code="invalid_weight",
            )
        setattr(record, part, value)
    if not any(getattr(record, part) for part in MatchingWeights.PARTS):
        raise MatchingError(_("At least one weight must be above 0."), code="invalid_weight")
    record.save(update_fields=[*weights, "updated_at"])
    return record


@transaction.atomic
def matching_round_run(*, hub: Hub, starts_on: date, by: User) -> MatchingRound:
    """Propose the best adviser for every school in ``hub`` that has none, and explain each.

    Hard rules (DBS, induction, capacity, exclusions, travel distance) are never broken; pinned
    pairs are kept; among the rest, the round picks the assignment with the highest total score.
    """
    _require_change(by, hub)
    pool = matching_pool(hub=hub, starts_on=starts_on)
    open_schools = [
        s for s in pool.schools if s.id not in pool.pins and s.id not in pool.broken_pins
    ]
    solution = solve(open_schools, pool.advisers, pool.context)
    greedy = solve_greedy(open_schools, pool.advisers, pool.context)
    round_ = MatchingRound.objects.create(
        hub=hub,
        starts_on=starts_on,
        weights=pool.context.weights,
        schools_considered=len(pool.schools),
        advisers_considered=len(pool.advisers),
        advisers_left_out=pool.advisers_left_out,
        created_by=by,
    )
    schools = {s.id: s for s in pool.schools}
    advisers = {a.id: a for a in pool.advisers}
    proposals = []
    for school_id, adviser_id in pool.pins.items():
        facts = advisers.get(adviser_id)
        explained = pair_score(schools[school_id], facts, pool.context) if facts else None
        parts = [p.as_dict() for p in explained.parts] if explained else []
        proposals.append(
            MatchProposal(
                round=round_,
                school_id=school_id,
                adviser_id=adviser_id,
                score=explained.total if explained else 0.0,
                parts=parts,
                pinned=True,
            )
        )
    for assignment in solution.assignments:
        explained = pair_score(
            schools[assignment.school_id], advisers[assignment.adviser_id], pool.context
        )
        proposals.append(
            MatchProposal(
                round=round_,
                school_id=assignment.school_id,
                adviser_id=assignment.adviser_id,
                score=explained.total,
                parts=[p.as_dict() for p in explained.parts],
            )
        )
    MatchProposal.objects.bulk_create(proposals)
    # Reasons are stored as data and worded in the reader's language when shown.
    unmatched = [
        {"school_id": school_id, "school": schools[school_id].name, "reasons": [reason.as_dict()]}
        for school_id, reason in pool.broken_pins.items()
    ] + [
        {
            "school_id": school_id,
            "school": schools[school_id].name,
            "reasons": [reason.as_dict() for reason in reasons],
        }
        for school_id, reasons in solution.unmatched.items()
    ]
    round_.unmatched = sorted(unmatched, key=lambda row: row["school"])
    round_.total_score = sum(p.score for p in proposals)
    round_.greedy_total_score = greedy.total_score + sum(p.score for p in proposals if p.pinned)
    round_.save(update_fields=["unmatched", "total_score", "greedy_total_score"])
    return round_


def _lock_proposal(proposal: MatchProposal) -> MatchProposal:
    locked = (
        MatchProposal.objects.select_for_update(of=("self",))
        .select_related("round__hub")
        .get(pk=proposal.pk)
    )
    if locked.status != MatchProposal.Status.PROPOSED:
        raise Conflict(
            _("This proposal was already %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="already_decided",
        )
    return locked


@transaction.atomic
def proposal_accept(*, proposal: MatchProposal, by: User) -> Match:
    """Start the proposed match; the school's Careers Leaders and the adviser are told by e-mail.

    The hard rules are checked again, as they stand now: the school still has no adviser, the
    adviser still has a free place, a clear DBS check and their induction.
    """
    proposal = _lock_proposal(proposal)
    _require_change(by, proposal.round.hub)
    starts_on = max(proposal.round.starts_on, timezone.localdate())
    adviser = EnterpriseAdviser.objects.select_for_update().get(pk=proposal.adviser_id)
    if Match.objects.filter(school_id=proposal.school_id, ended_on__isnull=True).exists():
        raise Conflict(_("This school already has an adviser."), code="school_matched")
    active = Match.objects.filter(adviser=adviser, ended_on__isnull=True).count()
    if active >= adviser.capacity:
        raise Conflict(
            ngettext(
                "%(adviser)s already works with %(count)d school, their full capacity.",
                "%(adviser)s already works with %(count)d schools, their full capacity.",
                active,
            )
            % {"adviser": adviser.user, "count": active},
            code="adviser_full",
        )
    if not adviser.induction_done or not adviser.dbs_valid_on(starts_on):
        raise MatchingError(
            _("%(adviser)s needs a completed induction and a clear DBS check valid on %(day)s.")
            % {"adviser": adviser.user, "day": date_format(starts_on, "j E Y")},
            code="adviser_not_cleared",
        )
    match = Match.objects.create(
        school_id=proposal.school_id,
        adviser=adviser,
        proposal=proposal,
        started_on=starts_on,
        created_by=by,
    )
    proposal.status = MatchProposal.Status.ACCEPTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    if adviser.status != EnterpriseAdviser.Status.MATCHED:
        adviser.status = EnterpriseAdviser.Status.MATCHED
        adviser.save(update_fields=["status"])
    # Written now, in this transaction: a broker that is down delays it, never loses it.
    match_started_email_send(match_id=match.pk)
    return match


@transaction.atomic
def proposal_reject(
    *, proposal: MatchProposal, by: User, reason: str = "", exclude: bool = False
) -> MatchProposal:
    """Turn a proposal down; with ``exclude`` the pair is never proposed again."""
    proposal = _lock_proposal(proposal)
    _require_change(by, proposal.round.hub)
    if exclude:
        if not reason.strip():
            raise MatchingError(
                _("Say why this pair should never be proposed."), code="reason_required"
            )
        MatchExclusion.objects.get_or_create(
            school_id=proposal.school_id,
            adviser_id=proposal.adviser_id,
            defaults={"reason": reason.strip(), "created_by": by},
        )
    proposal.status = MatchProposal.Status.REJECTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal


@transaction.atomic
def proposal_swap(
    *, first: MatchProposal, second: MatchProposal, by: User
) -> tuple[MatchProposal, MatchProposal]:
    """Exchange the advisers of two open proposals of one round, re-scoring both pairs."""
    if first.pk == second.pk:
        raise MatchingError(_("Choose two different proposals to swap."), code="same_proposal")
    first, second = _lock_proposal(first), _lock_proposal(second)
    if first.round_id != second.round_id:
        raise MatchingError(
            _("Only proposals of the same round can be swapped."), code="other_round"
        )
    _require_change(by, first.round.hub)
    if first.pinned or second.pinned:
        raise MatchingError(_("A pinned pair cannot be swapped; unpin it first."), code="pinned")
    pool = matching_pool(hub=first.round.hub, starts_on=first.round.starts_on)
    schools = {s.id: s for s in pool.schools}
    # The pool counts these advisers' places as free again: they are only proposed, not matched.
    advisers = {a.id: a for a in pool.advisers}
    rescored = []
    for proposal, adviser_id in ((first, second.adviser_id), (second, first.adviser_id)):
        school, adviser = schools.get(proposal.school_id), advisers.get(adviser_id)
        if school is None or adviser is None:
            raise MatchingError(
                _("The school or the adviser is no longer open for matching; run a new round."),
                code="stale_round",
            )
        explained = pair_score(school, adviser, pool.context)
        if explained.blocked_by:
            raise MatchingError(
                _("%(adviser)s cannot be proposed to %(school)s: %(why)s.")
                % {"adviser": adviser.name, "school": school.name, "why": explained.blocked_by},
                code="hard_rule",
            )
        rescored.append((proposal, adviser_id, explained))
    for proposal, adviser_id, explained in rescored:
        proposal.adviser_id = adviser_id
        proposal.score = explained.total
        proposal.parts = [p.as_dict() for p in explained.parts]
        proposal.save(update_fields=["adviser", "score", "parts"])
    round_ = first.round
    round_.total_score = sum(round_.proposals.values_list("score", flat=True))
    round_.save(update_fields=["total_score"])
    return first, second


@transaction.atomic
def match_end(
    *, match: Match, by: User, reason: str, ended_on: date | None = None, note: str = ""
) -> Match:
    """End a match, keeping it as history; the adviser is free for another school."""
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("school__hub", "adviser")
        .get(pk=match.pk)
    )
    if not can_change(by, match):
        raise NotAllowed(_("You cannot end this match."))
    if match.ended_on is not None:
        raise Conflict(_("This match already ended."), code="already_ended")
    if reason not in Match.EndReason.values:
        raise MatchingError(_("Choose why the match ended."), code="reason_required")
    ended_on = ended_on or timezone.localdate()
    if ended_on < match.started_on:
        raise MatchingError(_("A match cannot end before it started."), code="invalid_date")
    match.ended_on, match.end_reason, match.end_note = ended_on, reason, note.strip()
    match.save(update_fields=["ended_on", "end_reason", "end_note"])
    adviser = match.adviser
    if (
        adviser.status == EnterpriseAdviser.Status.MATCHED
        and not adviser.matches.filter(ended_on__isnull=True).exists()
    ):
        adviser.status = EnterpriseAdviser.Status.INDUCTED
        adviser.save(update_fields=["status"])
    return match


@transaction.atomic
def match_pin(*, school: School, adviser: EnterpriseAdviser, by: User) -> MatchPin:
    """Agree a pair in advance: every round keeps it while the adviser passes the hard rules."""
    if school.hub is None:
        raise MatchingError(_("The school is in no Careers Hub."), code="no_hub")
    _require_change(by, school.hub)
    if MatchExclusion.objects.filter(school=school, adviser=adviser).exists():
        raise Conflict(_("This pair is excluded; remove the exclusion first."), code="excluded")
    pin, _created = MatchPin.objects.update_or_create(
        school=school, defaults={"adviser": adviser, "created_by": by}
    )
    return pin


@transaction.atomic
def match_exclude(
    *, school: School, adviser: EnterpriseAdviser, by: User, reason: str
) -> MatchExclusion:
    """Never propose this pair (say why: a conflict of interest, a bad fit before)."""
    if school.hub is None:
        raise MatchingError(_("The school is in no Careers Hub."), code="no_hub")
    _require_change(by, school.hub)
    if not reason.strip():
        raise MatchingError(
            _("Say why this pair should never be proposed."), code="reason_required"
        )
    if MatchPin.objects.filter(school=school, adviser=adviser).exists():
        raise Conflict(_("This pair is pinned; unpin it first."), code="pinned")
    exclusion, _created = MatchExclusion.objects.update_or_create(
        school=school, adviser=adviser, defaults={"reason": reason.strip(), "created_by": by}
    )
    return exclusion


def match_started_email_send(*, match_id: int) -> int:
    """Tell the school's Careers Leaders and the adviser that their match has started.

    Safe to run twice: the match records when it announced itself. Returns e-mails sent.
    """
    with transaction.atomic():
        match = (
            Match.objects.select_for_update(of=("self",))
            .select_related("school", "adviser__user", "adviser__employer")
            .filter(pk=match_id, announced_at__isnull=True)
            .first()
        )
        if match is None:
            return 0
        leaders = list(
            Membership.objects.filter(
                organisation_id=match.school.organisation_id, role=Role.CAREERS_LEADER
            ).select_related("user")
        )
        recipients = [m.user for m in leaders] + [match.adviser.user]
        sent = 0
        with translation.override(settings.LANGUAGE_CODE):
            for recipient in recipients:
                context = {
                    "match": match,
                    "recipient": recipient,
                    "is_adviser": recipient.pk == match.adviser.user_id,
                    "site_url": settings.SITE_URL + reverse("home"),
                }
                subject = render_to_string("engagement/email/match_started_subject.txt", context)
                body = render_to_string("engagement/email/match_started_body.txt", context)
                notification_add(
                    channel=Channel.EMAIL,
                    recipient=recipient.email,
                    subject=subject.strip(),
                    body=body,
                    language=settings.LANGUAGE_CODE,
                    about=match,
                )
                sent += 1
        match.announced_at = timezone.now()
        match.save(update_fields=["announced_at"])
    return sent
