"""The employer and Enterprise Adviser register pages: lists, details, edits, imports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.permissions import can_change
from core.exceptions import DomainError
from core.forms import ImportUploadForm, form_error_from, import_upload, posted, posted_files
from core.tabular import ImportResult
from employers import selectors
from employers.forms import (
    SME,
    AdviserCreateForm,
    AdviserFilterForm,
    AdviserForm,
    EmployerFilterForm,
    EmployerForm,
    yes_no,
)
from employers.imports import (
    ADVISER_COLUMNS,
    EMPLOYER_COLUMNS,
    advisers_import_file,
    employers_import_file,
)
from employers.models import Employer, EnterpriseAdviser
from employers.permissions import can_see_adviser_checks
from employers.services import (
    adviser_create,
    adviser_update,
    employer_create,
    employer_update,
    keeps_register,
)

PAGE_SIZE = 50


def _require_register_keeper(request: AuthenticatedRequest) -> None:
    if not keeps_register(request.user):
        raise PermissionDenied(_("Only a Careers Hub coordinator can do this."))


# --- Employers ---------------------------------------------------------------------------------


def _employer_or_404(request: AuthenticatedRequest, pk: int, *, change: bool = False) -> Employer:
    """The employer if the user may see it (404 otherwise); 403 if they may not change it."""
    employer = selectors.employer_get(viewer=request.user, pk=pk)
    if employer is None:
        raise Http404(_("No such employer."))
    if change and not can_change(request.user, employer):
        raise PermissionDenied(_("You can see this employer but not change it."))
    return employer


@login_required
def employer_list(request: AuthenticatedRequest) -> HttpResponse:
    form = EmployerFilterForm(request.GET or None)
    filters = selectors.EmployerFilters()
    if form.is_valid():
        data = form.cleaned_data
        size = data["size"]
        filters = selectors.EmployerFilters(
            sector=data["sector"],
            size_band="" if size == SME else size,
            sme=True if size == SME else None,
            district=data["district"],
            cornerstone=yes_no(data["cornerstone"]),
            search=data["q"],
        )
    employers = selectors.employer_list(viewer=request.user, filters=filters)
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employers/employer_list.html",
        {"filter_form": form, "page": page, "may_add": keeps_register(request.user)},
    )


@login_required
def employer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    employer = _employer_or_404(request, pk)
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "contacts": selectors.employer_contacts(employer=employer),
            "advisers": selectors.employer_advisers(viewer=request.user, employer=employer),
            "may_change": can_change(request.user, employer),
            "today": timezone.localdate(),
        },
    )


@login_required
def employer_create_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_register_keeper(request)
    form = EmployerForm(posted(request), viewer=request.user)
    if form.is_valid():
        try:
            employer = employer_create(
                by=request.user,
                sectors=form.cleaned_data["sectors"],
                **form.service_fields(),
            )
        except (DomainError, ValidationError) as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": employer.name})
            return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": None})


@login_required
def employer_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    employer = _employer_or_404(request, pk, change=True)
    form = EmployerForm(posted(request), instance=employer, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = Employer.objects.select_related("organisation").get(pk=employer.pk)
        try:
            employer_update(
                employer=fresh,
                by=request.user,
                sectors=form.cleaned_data["sectors"],
                **form.service_fields(),
            )
        except (DomainError, ValidationError) as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Details saved."))
            return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": employer})


# --- Enterprise Advisers -----------------------------------------------------------------------


def _adviser_or_404(
    request: AuthenticatedRequest, pk: int, *, change: bool = False
) -> EnterpriseAdviser:
    adviser = selectors.adviser_get(viewer=request.user, pk=pk)
    if adviser is None:
        raise Http404(_("No such Enterprise Adviser."))
    if change and not can_change(request.user, adviser):
        raise PermissionDenied(_("You can see this Enterprise Adviser but not change them."))
    return adviser


@login_required
def adviser_list(request: AuthenticatedRequest) -> HttpResponse:
    form = AdviserFilterForm(request.GET or None)
    show_checks = can_see_adviser_checks(request.user)
    if not show_checks:
        del form.fields["dbs"]  # nor can a filter on it tell them
    today = timezone.localdate()
    filters = selectors.AdviserFilters(today=today)
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.AdviserFilters(
            status=data["status"],
            dbs=data.get("dbs", ""),
            induction_done=yes_no(data["induction"]),
            district=data["district"],
            search=data["q"],
            today=today,
        )
    advisers = selectors.adviser_list(viewer=request.user, filters=filters)
    page = Paginator(advisers, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for adviser in page.object_list:
        adviser.dbs_valid = adviser.dbs_valid_on(today)  # type: ignore[attr-defined]
    return render(
        request,
        "employers/adviser_list.html",
        {
            "filter_form": form,
            "page": page,
            "today": today,
            "show_checks": show_checks,
            "may_add": keeps_register(request.user),
        },
    )


@login_required
def adviser_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    adviser = _adviser_or_404(request, pk)
    return render(
        request,
        "employers/adviser_detail.html",
        {
            "adviser": adviser,
            "dbs_valid": adviser.dbs_valid_on(timezone.localdate()),
            "show_checks": can_see_adviser_checks(request.user, adviser),
            "may_change": can_change(request.user, adviser),
        },
    )


@login_required
def adviser_create_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_register_keeper(request)
    form = AdviserCreateForm(posted(request), viewer=request.user)
    if form.is_valid():
        try:
            adviser = adviser_create(
                by=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                sectors=form.cleaned_data["sectors"],
                preferred_districts=form.cleaned_data["preferred_districts"],
                **form.service_fields(),
            )
        except (DomainError, ValidationError) as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": adviser.user})
            return redirect("employers:adviser_detail", pk=adviser.pk)
    return render(request, "employers/adviser_form.html", {"form": form, "adviser": None})


@login_required
def adviser_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    adviser = _adviser_or_404(request, pk, change=True)
    form = AdviserForm(posted(request), instance=adviser, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = EnterpriseAdviser.objects.select_related("user", "employer__organisation").get(
            pk=adviser.pk
        )
        try:
            adviser_update(
                adviser=fresh,
                by=request.user,
                full_name=form.cleaned_data["full_name"],
                sectors=form.cleaned_data["sectors"],
                preferred_districts=form.cleaned_data["preferred_districts"],
                **form.service_fields(),
            )
        except (DomainError, ValidationError) as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Details saved."))
            return redirect("employers:adviser_detail", pk=adviser.pk)
    return render(request, "employers/adviser_form.html", {"form": form, "adviser": adviser})


# --- Imports -----------------------------------------------------------------------------------


def _import_page(
    request: AuthenticatedRequest,
    *,
    importer: Callable[..., ImportResult],
    template: str,
    columns: tuple[str, ...],
) -> HttpResponse:
    """Upload a file; nothing is imported unless every row is good."""
    _require_register_keeper(request)
    form = ImportUploadForm(posted(request), posted_files(request))
    context: dict[str, Any] = {"form": form, "required_columns": columns}
    import_upload(
        form,
        context,
        lambda content, name: importer(content=content, filename=name, by=request.user),
    )
    return render(request, template, context)


@login_required
def employers_import(request: AuthenticatedRequest) -> HttpResponse:
    return _import_page(
        request,
        importer=employers_import_file,
        template="employers/employer_import.html",
        columns=EMPLOYER_COLUMNS,
    )


@login_required
def advisers_import(request: AuthenticatedRequest) -> HttpResponse:
    return _import_page(
        request,
        importer=advisers_import_file,
        template="employers/adviser_import.html",
        columns=ADVISER_COLUMNS,
    )
