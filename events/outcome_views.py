"""Pages for what fairs led to: the employer's return (by the e-mailed link, or signed in),
"My visitors" for a stand with each visit's outcome, and the stand's count of people not
scanned. The rules are in ``events.returns`` and ``events.services.outcomes``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedRequest
from core.exceptions import DomainError
from core.forms import posted
from events import exports
from events.models import StandApplication, StandDayCount, StandInteraction, StandReturn
from events.outcome_forms import (
    StandDayCountForm,
    StandReturnForm,
    VisitOutcomeForm,
    form_error_on,
)
from events.returns import (
    ReturnError,
    ReturnInput,
    link_expires_at,
    may_make_return,
    stand_for_link,
    stand_return_save,
)
from events.services.outcomes import (
    OutcomeInput,
    may_see_visits,
    outcome_shown,
    stand_day_count_record,
    stand_visits,
    visit_outcome_record,
)
from events.visitor_lists import VISITOR_COLUMNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_STORE = "private, no-store"


def _stand(stand_id: int) -> StandApplication:
    return get_object_or_404(
        StandApplication.objects.select_related("event", "employer"), pk=stand_id
    )


def _return_page(
    request: HttpRequest, application: StandApplication, *, via_link: bool
) -> HttpResponse:
    existing = StandReturn.objects.filter(application=application).first()
    initial = (
        {name: getattr(existing, name) for name in StandReturnForm.base_fields} if existing else {}
    )
    form = StandReturnForm(posted(request), initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            stand_return_save(
                application=application,
                figures=ReturnInput(**form.cleaned_data),
                by=request.user,
                via_link=via_link,
            )
        except DomainError as error:
            form_error_on(form, error)
        else:
            saved = True
    context = {
        "form": form,
        "application": application,
        "existing": existing,
        "saved": saved,
        "via_link": via_link,
        "expires_at": link_expires_at(application.event),
    }
    response = render(request, "events/outcomes/return_form.html", context)
    response["Cache-Control"] = NO_STORE
    return response


def stand_return_by_link(request: HttpRequest, stand_id: int, token: str) -> HttpResponse:
    """The return from the e-mailed link: no account needed, the token is the permission."""
    try:
        application = stand_for_link(stand_id=stand_id, token=token)
    except ReturnError as error:
        status = 410 if error.code == "link_expired" else 400
        return render(
            request, "events/outcomes/return_link_refused.html", {"error": error}, status=status
        )
    return _return_page(request, application, via_link=True)


@login_required
def stand_return_signed_in(request: AuthenticatedRequest, stand_id: int) -> HttpResponse:
    application = _stand(stand_id)
    if not may_make_return(request.user, application):
        raise PermissionDenied
    return _return_page(request, application, via_link=False)


@login_required
def my_visitors(request: AuthenticatedRequest, stand_id: int) -> HttpResponse:
    application = _stand(stand_id)
    if not may_see_visits(request.user, application):
        raise PermissionDenied
    visits = [
        (visit, outcome_shown(request.user, visit))
        for visit in stand_visits(user=request.user, application=application)
    ]
    day_count = StandDayCount.objects.filter(application=application).first()
    response = render(
        request,
        "events/outcomes/my_visitors.html",
        {"application": application, "visits": visits, "day_count": day_count},
    )
    response["Cache-Control"] = NO_STORE
    return response


@require_GET
@login_required
def my_visitors_export(
    request: AuthenticatedRequest, stand_id: int, file_format: str
) -> HttpResponse | StreamingHttpResponse:
    application = _stand(stand_id)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    if not may_see_visits(request.user, application):
        raise PermissionDenied
    visits = stand_visits(user=request.user, application=application)
    filename = f"visitors-{application.event.pk}-{application.pk}.{file_format}"
    response: Any
    if file_format == "csv":
        lines = exports.csv_lines(VISITOR_COLUMNS, visits)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        content = exports.xlsx_bytes(VISITOR_COLUMNS, visits, title=_("Visitors"))
        response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = NO_STORE
    return response


@login_required
def visit_outcome(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    visit = get_object_or_404(
        StandInteraction.objects.select_related(
            "application__event", "application__employer", "ticket__registration"
        ),
        pk=visit_id,
    )
    if not may_see_visits(request.user, visit.application):
        raise PermissionDenied
    shown = outcome_shown(request.user, visit)
    initial = {name: getattr(shown, name) for name in VisitOutcomeForm.base_fields} if shown else {}
    form = VisitOutcomeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit_outcome_record(
                interaction=visit, by=request.user, outcome=OutcomeInput(**form.cleaned_data)
            )
        except DomainError as error:
            form_error_on(form, error)
        else:
            messages.success(request, _("Outcome saved."))
            return redirect("outcomes:my-visitors", stand_id=visit.application_id)
    return render(request, "events/outcomes/visit_outcome.html", {"form": form, "visit": visit})


@login_required
def stand_day_count(request: AuthenticatedRequest, stand_id: int) -> HttpResponse:
    application = _stand(stand_id)
    if not may_see_visits(request.user, application):
        raise PermissionDenied
    count = StandDayCount.objects.filter(application=application).first()
    initial = (
        {name: getattr(count, name) for name in StandDayCountForm.base_fields} if count else {}
    )
    form = StandDayCountForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            stand_day_count_record(application=application, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error_on(form, error)
        else:
            messages.success(request, _("Count saved."))
            return redirect("outcomes:my-visitors", stand_id=application.pk)
    return render(
        request,
        "events/outcomes/day_count.html",
        {"form": form, "application": application},
    )
