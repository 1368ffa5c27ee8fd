"""Pages for attendees' data rights (``events.privacy``): find a person's registrations by the
e-mail address or mobile number they registered with, download everything held about them, erase
it on request, and the retention period.

The address or number travels in POST bodies only, never in a URL, so it stays out of server logs
and browser history. Every page answers 403 to anyone who may not handle these requests.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedRequest
from accounts.models import DataRetentionPolicy, User
from core.exceptions import DomainError
from core.forms import form_error_from, posted
from events import privacy


class SubjectForm(forms.Form):
    """Who the request is about: the e-mail address or the mobile number they registered with.
    A form posted with the field's former name, ``email``, still works."""

    contact = forms.CharField(
        label=gettext_lazy("E-mail address or mobile number"),
        help_text=gettext_lazy(
            "The address or number the person registered with, like name@example.com or "
            "07700 900123."
        ),
        max_length=254,
        error_messages={
            "required": gettext_lazy(
                "Enter the e-mail address or mobile number the person registered with."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and "contact" not in data and "email" in data:
            data = data.copy()
            data["contact"] = data["email"]
        super().__init__(data, *args, **kwargs)

    def clean_contact(self) -> privacy.Subject:
        try:
            return privacy.subject_from(self.cleaned_data["contact"])
        except DomainError as error:
            raise forms.ValidationError(error.detail, code=error.code) from None


class DownloadForm(SubjectForm):
    file_format = forms.ChoiceField(choices=[("json", "JSON"), ("csv", "CSV"), ("html", "HTML")])


class ErasureConfirmForm(SubjectForm):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm the person asked for their data to be erased, and that this cannot be undone"
        ),
        required=True,
        error_messages={
            "required": gettext_lazy("Tick the box to confirm the erasure, or go back.")
        },
    )


class RetentionForm(forms.Form):
    attendee_days = forms.IntegerField(
        label=gettext_lazy("Days attendees' personal data is kept after their event"),
        error_messages={
            "required": gettext_lazy("Enter the number of days."),
            "invalid": gettext_lazy("Enter the number of days as a whole number, like 365."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["attendee_days"].help_text = _(
            "Between %(low)d days and %(high)d days (7 years). Names, contact details and "
            "free-text notes are erased after this; the anonymous counts stay."
        ) % {
            "low": DataRetentionPolicy.MIN_ATTENDEE_DAYS,
            "high": DataRetentionPolicy.MAX_ATTENDEE_DAYS,
        }


def _handler(request: AuthenticatedRequest) -> User:
    user: User = request.user
    if not privacy.may_handle_personal_data_requests(user):
        raise PermissionDenied(
            _("Only event organisers, strategy leads and administrators handle these requests.")
        )
    return user


@login_required
@require_http_methods(["GET", "POST"])
def subject_search(request: AuthenticatedRequest) -> HttpResponse:
    """Find a person's registrations by e-mail or phone (POST, so neither is ever in a URL)."""
    user = _handler(request)
    form = SubjectForm(posted(request))
    registrations = subject = None
    if form.is_valid():
        subject = form.cleaned_data["contact"]
        try:
            registrations = privacy.subject_access_search(viewer=user, contact=subject.value)
        except DomainError as error:
            form_error_from(form, error)
            subject = None
    return render(
        request,
        "events/privacy/search.html",
        {
            "form": form,
            "registrations": registrations,
            "subject": subject,
            "may_change_retention": privacy.may_change_retention(user),
        },
    )


@login_required
@require_POST
def subject_download(request: AuthenticatedRequest) -> HttpResponse:
    """Everything held about the person: JSON or CSV to download, or a page to read or print."""
    user = _handler(request)
    form = DownloadForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "events/privacy/search.html",
            {"form": form, "registrations": None, "subject": None},
            status=400,
        )
    file_format = form.cleaned_data["file_format"]
    try:
        report = privacy.subject_access_report(
            viewer=user, contact=form.cleaned_data["contact"].value, file_format=file_format
        )
    except DomainError as error:
        form_error_from(form, error)
        return render(
            request,
            "events/privacy/search.html",
            {"form": form, "registrations": None, "subject": None},
            status=400,
        )
    stamp = timezone.localtime(report.generated_at).strftime("%Y%m%d-%H%M")
    if file_format == "html":
        response = render(request, "events/privacy/report.html", {"report": report})
    elif file_format == "csv":
        response = HttpResponse(
            privacy.subject_access_csv(report), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.csv"'
    else:
        response = HttpResponse(
            json.dumps(report.as_dict(), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def subject_erase(request: AuthenticatedRequest) -> HttpResponse:
    """Erasure in two steps: the first POST shows what will be erased and asks to confirm; the
    second (with the box ticked) erases. Nothing changes until then."""
    user = _handler(request)
    confirming = "confirm_step" in request.POST
    form: forms.Form = ErasureConfirmForm(request.POST) if confirming else SubjectForm(request.POST)
    if not form.is_valid() and "contact" in form.errors:
        return render(
            request,
            "events/privacy/search.html",
            {"form": SubjectForm(request.POST), "registrations": None, "subject": None},
            status=400,
        )
    subject: privacy.Subject = form.cleaned_data["contact"]
    if confirming and form.is_valid():
        try:
            erased = privacy.subject_erase(viewer=user, contact=subject.value)
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                _("Erased the personal data of %(count)d registrations. The counts are kept.")
                % {"count": erased},
            )
            return redirect("privacy:search")
    if not confirming:
        form = ErasureConfirmForm(initial={"contact": subject.value})
    registrations = privacy.subject_access_search(viewer=user, contact=subject.value)
    return render(
        request,
        "events/privacy/erase_confirm.html",
        {"form": form, "registrations": registrations, "subject": subject},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention(request: AuthenticatedRequest) -> HttpResponse:
    """Strategy leads and administrators set how long attendees' personal data is kept."""
    user: User = request.user
    if not privacy.may_change_retention(user):
        raise PermissionDenied(_("Only a strategy lead can change the retention period."))
    current = privacy.retention_period()
    form = RetentionForm(posted(request), initial={"attendee_days": current.attendee_days})
    if form.is_valid():
        try:
            privacy.retention_period_set(attendee_days=form.cleaned_data["attendee_days"], by=user)
        except DomainError as error:
            form.add_error("attendee_days", error.detail)
        else:
            messages.success(
                request,
                _("Attendees' personal data is now kept for %(days)d days after their event.")
                % {"days": form.cleaned_data["attendee_days"]},
            )
            return redirect("privacy:retention")
    return render(
        request,
        "events/privacy/retention.html",
        {"form": form, "current": current},
        status=400 if form.errors else 200,
    )
