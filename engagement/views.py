from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest, signed_in_user
from accounts.models import Role
from accounts.permissions import can_change, can_view, visible
from core.exceptions import DomainError
from core.forms import posted
from engagement import services
from engagement.forms import (
    MatchEndForm,
    MatchingRoundForm,
    MatchingWeightsForm,
    ProposalRejectForm,
    ProposalSwapForm,
)
from engagement.models import Match, MatchingRound, MatchingWeights, MatchProposal
from engagement.next_steps import next_steps
from engagement.selectors import home_summary, matching_weights_for, proposals_for
from events.forms import EventFilterForm
from events.public_search import next_public_fairs
from schools.models import Hub


def home(request: HttpRequest) -> HttpResponse:
    """The service start page when signed out; the role's home page when signed in."""
    user = signed_in_user(request)
    if user is None:
        context = {"fairs": next_public_fairs(), "filter_form": EventFilterForm()}
        return render(request, "engagement/start.html", context)
    summary = home_summary(user=user)
    template = f"engagement/home_{summary.role or 'no_role'}.html"
    steps = next_steps(user=user, role=summary.role)
    return render(request, [template, "engagement/home.html"], {"summary": summary, "steps": steps})


def _coordinated_hubs(request: AuthenticatedRequest) -> QuerySet[Hub]:
    user = request.user
    if user.has_role(Role.ADMIN):
        return Hub.objects.all()
    return Hub.objects.filter(organisation_id__in=user.organisation_ids(Role.COORDINATOR))


@login_required
def matching_index(request: AuthenticatedRequest) -> HttpResponse:
    """Rounds the user may see, and the form to run a new one for a hub they coordinate."""
    hubs = _coordinated_hubs(request)
    form = MatchingRoundForm(posted(request), hubs=hubs)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.matching_round_run(
                hub=form.cleaned_data["hub"],
                starts_on=form.cleaned_data["starts_on"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            return redirect("matching-round", round_id=round_.pk)
    rounds = (
        visible(request.user, MatchingRound.objects.all())
        .select_related("hub")
        .annotate(
            proposed=Count("proposals"),
            accepted=Count("proposals", filter=Q(proposals__status=MatchProposal.Status.ACCEPTED)),
        )[:20]
    )
    if not hubs.exists() and not request.user.has_role(Role.LEAD):
        raise PermissionDenied
    return render(
        request, "engagement/matching_index.html", {"form": form, "rounds": rounds, "hubs": hubs}
    )


@login_required
def matching_round(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = get_object_or_404(
        MatchingRound.objects.select_related("hub", "created_by"), pk=round_id
    )
    if not can_view(request.user, round_):
        raise Http404
    proposals = list(proposals_for(round_=round_))
    open_proposals = round_.proposals.filter(status=MatchProposal.Status.PROPOSED).select_related(
        "school", "adviser__user"
    )
    return render(
        request,
        "engagement/matching_round.html",
        {
            "round": round_,
            "proposals": proposals,
            "may_decide": can_change(request.user, round_),
            "swap_form": ProposalSwapForm(proposals=open_proposals),
            "reject_form": ProposalRejectForm(),
            "gain": round_.total_score - round_.greedy_total_score,
        },
    )


def _proposal_for_change(request: AuthenticatedRequest, proposal_id: int) -> MatchProposal:
    proposal = get_object_or_404(MatchProposal.objects.select_related("round__hub"), pk=proposal_id)
    if not can_view(request.user, proposal.round):
        raise Http404
    if not can_change(request.user, proposal):
        raise PermissionDenied
    return proposal


@login_required
@require_POST
def proposal_accept(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal_for_change(request, proposal_id)
    try:
        match = services.proposal_accept(proposal=proposal, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("%(adviser)s is now %(school)s's Enterprise Adviser. We have e-mailed them both.")
            % {"adviser": match.adviser.user, "school": match.school.name},
        )
    return redirect("matching-round", round_id=proposal.round_id)


@login_required
def proposal_reject(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal_for_change(request, proposal_id)
    form = ProposalRejectForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_reject(
                proposal=proposal,
                by=request.user,
                exclude=form.cleaned_data["exclude"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Proposal rejected."))
            return redirect("matching-round", round_id=proposal.round_id)
    return render(request, "engagement/proposal_reject.html", {"form": form, "proposal": proposal})


@login_required
@require_POST
def proposal_swap(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = get_object_or_404(MatchingRound, pk=round_id)
    if not can_change(request.user, round_):
        raise PermissionDenied
    form = ProposalSwapForm(request.POST, proposals=round_.proposals.all())
    if form.is_valid():
        try:
            services.proposal_swap(
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, _("Advisers swapped and both pairs scored again."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("matching-round", round_id=round_.pk)


@login_required
def matching_weights(request: AuthenticatedRequest, hub_id: int) -> HttpResponse:
    hub = get_object_or_404(Hub, pk=hub_id)
    if not can_change(request.user, hub):
        raise PermissionDenied
    form = MatchingWeightsForm(posted(request), instance=matching_weights_for(hub=hub))
    if request.method == "POST" and form.is_valid():
        services.matching_weights_update(
            hub=hub,
            by=request.user,
            weights={part: form.cleaned_data[part] for part in MatchingWeights.PARTS},
        )
        messages.success(request, _("Weights saved. They apply to the next round you run."))
        return redirect("matching")
    return render(request, "engagement/matching_weights.html", {"form": form, "hub": hub})


@login_required
def match_list(request: AuthenticatedRequest) -> HttpResponse:
    matches = (
        visible(request.user, Match.objects.all())
        .select_related("school", "adviser__user", "adviser__employer")
        .order_by("ended_on", "school__name")
    )
    return render(request, "engagement/match_list.html", {"matches": matches})


@login_required
def match_end(request: AuthenticatedRequest, match_id: int) -> HttpResponse:
    match = get_object_or_404(
        Match.objects.select_related("school__hub", "adviser__user", "adviser__employer"),
        pk=match_id,
    )
    if not can_view(request.user, match):
        raise Http404
    if not can_change(request.user, match):
        raise PermissionDenied
    form = MatchEndForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.match_end(
                match=match,
                by=request.user,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data["ended_on"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The match has ended and is kept in the history."))
            return redirect("matches")
    return render(request, "engagement/match_end.html", {"form": form, "match": match})
