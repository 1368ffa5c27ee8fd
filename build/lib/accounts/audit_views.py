"""/audit/: the audit log for administrators — filter by action, actor and dates; newest first."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.audit import audit_entries
from accounts.models import AuditAction
from accounts.permissions import is_admin

PAGE_SIZE = 50


class NativeDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("What"),
        required=False,
        choices=[("", gettext_lazy("Every action")), *AuditAction.choices],
    )
    actor = forms.CharField(
        label=gettext_lazy("Who (e-mail address or part of it)"),
        required=False,
        max_length=254,
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=NativeDateInput(),
        error_messages={"invalid": gettext_lazy("Enter the start date as a real date.")},
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=NativeDateInput(),
        error_messages={"invalid": gettext_lazy("Enter the end date as a real date.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be the same as or after the start."))
        return data


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    if not is_admin(request.user):
        raise PermissionDenied(_("Only administrators read the audit log."))
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        action=filters.get("action") or None,
        actor_email=filters.get("actor") or None,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if form.is_bound and not form.is_valid():
        entries = entries.none()  # a bad filter shows its error, not the whole log
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_list.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )
