"""Pages for reported measures: every reported figure with where it came from; a lead enters
one, or imports a file of them (the rules are in ``engagement.measures.reported``). And the
county's measures as a file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.models import User
from core.exceptions import DomainError
from core.forms import ImportUploadForm, form_error_from, import_upload, posted, posted_files
from engagement.dashboards import PERIOD_PARAMETER, period_parse
from engagement.measure_exports import measures_file
from engagement.measures import ReportedEntry, may_report, provenance, reported_value_record
from engagement.models import Measure, ReportedValue
from engagement.reported_forms import ReportedValueForm
from engagement.reported_imports import (
    TEMPLATE_COLUMNS,
    reported_values_import_file,
    reported_values_template_csv,
)


def _require_reporter(request: AuthenticatedRequest) -> User:
    if not may_report(request.user):
        raise PermissionDenied(_("Only a strategy lead can report a figure."))
    return request.user


@login_required
def reported_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every reported measure with its baseline, target and the figures reported for it."""
    measures = list(Measure.objects.filter(kind=Measure.Kind.REPORTED).order_by("position"))
    values = ReportedValue.objects.select_related("measure", "district", "reported_by")
    by_measure: dict[int, list[tuple[ReportedValue, str]]] = {m.pk: [] for m in measures}
    for value in values.order_by("-period_start", "district__name"):
        by_measure.setdefault(value.measure_id, []).append((value, provenance(value)))
    return render(
        request,
        "engagement/dashboard/reported_list.html",
        {
            "rows": [(measure, by_measure[measure.pk]) for measure in measures],
            "may_report": may_report(request.user),
        },
    )


@login_required
def reported_new(request: AuthenticatedRequest) -> HttpResponse:
    user = _require_reporter(request)
    form = ReportedValueForm(posted(request), initial={"measure": request.GET.get("measure")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = ReportedEntry(
            measure=data["measure"],
            period_label=data["period"],
            value=data["value"],
            source=data["source"],
            published_on=data["published_on"],
            note=data["note"],
            district=data["district"],
        )
        try:
            value, _outcome = reported_value_record(entry=entry, by=user)
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                _("Figure saved: %(name)s, %(period)s.")
                % {"name": _(value.measure.name), "period": value.period_label},
            )
            return redirect("dashboard:reported")
    return render(request, "engagement/dashboard/reported_form.html", {"form": form})


@login_required
def reported_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a file; nothing is imported unless every row is good."""
    user = _require_reporter(request)
    form = ImportUploadForm(posted(request), posted_files(request))
    context: dict[str, Any] = {
        "form": form,
        "columns": TEMPLATE_COLUMNS,
        "measures": Measure.objects.filter(kind=Measure.Kind.REPORTED).order_by("position"),
    }
    import_upload(
        form,
        context,
        lambda content, name: reported_values_import_file(content=content, filename=name, by=user),
    )
    return render(request, "engagement/dashboard/reported_import.html", context)


@login_required
def reported_import_template(request: AuthenticatedRequest) -> HttpResponse:
    _require_reporter(request)
    response = HttpResponse(reported_values_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reported-figures-template.csv"'
    return response


@login_required
def measures_export(request: AuthenticatedRequest) -> HttpResponse:
    """The county's measures as CSV or XLSX, with the Definitions sheet."""
    if not may_report(request.user):
        raise PermissionDenied
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    content, content_type = measures_file(
        scope=None,
        scope_name=str(_("Hertfordshire")),
        chosen=period_parse(request.GET.get(PERIOD_PARAMETER)),
        file_format=file_format,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="measures.{file_format}"'
    return response
