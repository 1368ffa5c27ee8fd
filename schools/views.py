"""The schools register pages: list, detail, edit, self-assessment, pupils on roll, import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.permissions import can_change
from core.exceptions import DomainError
from core.forms import form_error_from, import_upload, posted, posted_files
from schools import selectors
from schools.forms import (
    BenchmarkAssessmentForm,
    SchoolFilterForm,
    SchoolForm,
    SchoolImportForm,
    YearGroupRollForm,
)
from schools.imports import REQUIRED_COLUMNS, schools_import_file
from schools.models import School
from schools.services import (
    benchmark_assessment_record,
    hubs_coordinated_by,
    school_create,
    school_update,
    year_group_rolls_set,
)

PAGE_SIZE = 50


def _school_or_404(request: AuthenticatedRequest, pk: int, *, change: bool = False) -> School:
    """The school if the user may see it (404 otherwise); 403 if they may see but not change."""
    school = selectors.school_get(viewer=request.user, pk=pk)
    if school is None:
        raise Http404(_("No such school."))
    if change and not can_change(request.user, school):
        raise PermissionDenied(_("You can see this school but not change it."))
    return school


@login_required
def school_list(request: AuthenticatedRequest) -> HttpResponse:
    form = SchoolFilterForm(request.GET or None, viewer=request.user)
    filters = selectors.SchoolFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.SchoolFilters(
            hub=data["hub"], district=data["district"], phase=data["phase"], search=data["q"]
        )
    schools = selectors.school_list(viewer=request.user, filters=filters)
    page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/school_list.html",
        {
            "filter_form": form,
            "page": page,
            "may_add": bool(hubs_coordinated_by(request.user)),
        },
    )


@login_required
def school_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    school = _school_or_404(request, pk)
    assessment = selectors.school_latest_assessment(school=school)
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "careers_leaders": selectors.school_careers_leaders(school=school),
            "rolls": selectors.school_rolls(school=school),
            "assessment": assessment,
            "scores": selectors.assessment_scores(assessment) if assessment else [],
            "may_change": can_change(request.user, school),
        },
    )


@login_required
def school_create_view(request: AuthenticatedRequest) -> HttpResponse:
    if not hubs_coordinated_by(request.user):
        raise PermissionDenied(_("Only a Careers Hub coordinator can add schools."))
    form = SchoolForm(posted(request), viewer=request.user)
    if form.is_valid():
        try:
            school = school_create(
                by=request.user,
                adviser_wish_sectors=form.cleaned_data["adviser_wish_sectors"],
                **form.service_fields(),
            )
        except (DomainError, ValidationError) as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("%(school)s added.") % {"school": school.name})
            return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form, "school": None})


@login_required
def school_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    school = _school_or_404(request, pk, change=True)
    form = SchoolForm(posted(request), instance=school, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        # The form has put its values on ``school``; start again from the saved row.
        fresh = School.objects.select_related("hub", "organisation").get(pk=school.pk)
        try:
            school_update(
                school=fresh,
                by=request.user,
                adviser_wish_sectors=form.cleaned_data["adviser_wish_sectors"],
                **form.service_fields(),
            )
        except (DomainError, ValidationError) as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Details saved."))
            return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form, "school": school})


@login_required
def benchmark_assessment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    school = _school_or_404(request, pk, change=True)
    form = BenchmarkAssessmentForm(posted(request))
    if form.is_valid():
        try:
            benchmark_assessment_record(
                school=school,
                by=request.user,
                assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores(),
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Benchmark self-assessment saved."))
            return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/assessment_form.html", {"form": form, "school": school})


@login_required
def year_group_rolls_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    school = _school_or_404(request, pk, change=True)
    initial = {
        f"year_{row.year_group}": row.pupils for row in selectors.school_rolls(school=school).rows
    }
    form = YearGroupRollForm(posted(request), initial=initial)
    if form.is_valid():
        try:
            year_group_rolls_set(school=school, by=request.user, pupils=form.pupils())
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Pupils on roll saved."))
            return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/rolls_form.html", {"form": form, "school": school})


@login_required
def schools_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a register export; nothing is imported unless every row is good."""
    if not hubs_coordinated_by(request.user):
        raise PermissionDenied(_("Only a Careers Hub coordinator can import schools."))
    form = SchoolImportForm(posted(request), posted_files(request), viewer=request.user)
    context: dict[str, Any] = {"form": form, "required_columns": REQUIRED_COLUMNS}
    import_upload(
        form,
        context,
        lambda content, name: schools_import_file(
            content=content, filename=name, hub=form.cleaned_data["hub"], by=request.user
        ),
    )
    return render(request, "schools/school_import.html", context)
