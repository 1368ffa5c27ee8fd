"""The lead's pages for the strategy's measures (their targets) and the frozen snapshots of the
figures signed off."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from core.exceptions import DomainError
from core.forms import form_error_from, posted
from engagement.forms import (
    MeasureTargetForm,
)
from engagement.measures import (
    MEASURE_SEEDS,
    RULES,
    may_change_targets,
    measure_target_update,
)
from engagement.models import Measure
from engagement.permissions import lead_or_404
from engagement.snapshots import (
    REPORTING_DATES,
    measures_freeze,
    snapshot_compare,
    snapshot_dates,
)

# --- Measures and targets ---------------------------------------------------------------------


@login_required
def measure_list(request: AuthenticatedRequest) -> HttpResponse:
    measures = list(Measure.objects.select_related("updated_by").order_by("position", "code"))
    computed = {code for code, spec in RULES.items() if spec.computed_target}
    return render(
        request,
        "engagement/dashboard/measure_list.html",
        {
            "measures": measures,
            "computed": computed,
            "may_change_targets": may_change_targets(request.user),
            "seeded": len(MEASURE_SEEDS),
        },
    )


@login_required
def measure_target(request: AuthenticatedRequest, code: str) -> HttpResponse:
    measure = get_object_or_404(Measure, code=code)
    if not may_change_targets(request.user):
        raise PermissionDenied
    form = MeasureTargetForm(
        posted(request), initial={"target": measure.target, "amber_from": measure.amber_from}
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure_target_update(
                measure=measure,
                target=form.cleaned_data["target"],
                amber_from=form.cleaned_data["amber_from"],
                by=request.user,
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Target saved: %(name)s.") % {"name": measure.name})
            return redirect("dashboard:measures")
    return render(
        request, "engagement/dashboard/measure_target.html", {"form": form, "measure": measure}
    )


# --- Snapshots --------------------------------------------------------------------------------


@login_required
def snapshot_list(request: AuthenticatedRequest) -> HttpResponse:
    lead_or_404(request)
    return render(
        request,
        "engagement/dashboard/snapshot_list.html",
        {
            "dates": list(snapshot_dates()),
            "today": timezone.localdate(),
            "reporting_dates": [date(2000, month, day) for month, day in REPORTING_DATES],
        },
    )


@login_required
@require_POST
def snapshot_freeze(request: AuthenticatedRequest) -> HttpResponse:
    lead_or_404(request)
    try:
        frozen = measures_freeze(by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("dashboard:snapshots")
    messages.success(request, _("%(count)d figures frozen as at today.") % {"count": frozen})
    return redirect("dashboard:snapshot", taken_on=timezone.localdate().isoformat())


@login_required
def snapshot_detail(request: AuthenticatedRequest, taken_on: str) -> HttpResponse:
    lead_or_404(request)
    try:
        day = date.fromisoformat(taken_on)
    except ValueError as error:
        raise Http404 from error
    comparisons = snapshot_compare(taken_on=day)
    if not comparisons:
        raise Http404
    return render(
        request,
        "engagement/dashboard/snapshot_compare.html",
        {"taken_on": day, "comparisons": comparisons, "today": timezone.localdate()},
    )
