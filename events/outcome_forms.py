"""Forms for what fairs led to: a visit's outcome, a stand's count of people not scanned, and
the employer's return after the fair. The services check the rules; these check the shape."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.exceptions import DomainError


def _count(label: Any, help_text: Any = "", required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        max_value=100_000,
        error_messages={
            "required": _("Enter a number (0 if none)"),
            "invalid": _("Enter a whole number, like 3"),
            "min_value": _("Numbers cannot be negative."),
            "max_value": _("Enter a number under 100,000"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class StandReturnForm(forms.Form):
    interviews_offered = _count(_("Interviews offered"))
    interviews_held = _count(_("Interviews held"))
    job_offers = _count(_("Job offers"))
    job_starts = _count(
        _("People who started a job (not an apprenticeship)"),
        _("Count apprenticeships below, not here."),
    )
    apprenticeship_starts = _count(_("People who started an apprenticeship"))
    starts_aged_50_plus = _count(
        _("Of those who started, people aged 50 or over (optional)"),
        _("Leave it empty if you do not know."),
        required=False,
    )
    note = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names or personal details, please."),
    )


class VisitOutcomeForm(forms.Form):
    visitor_agreed = forms.BooleanField(
        label=_("The visitor agreed to us recording this"),
        required=False,
        help_text=_("Without their agreement nothing about them is kept."),
    )
    interview_offered = forms.BooleanField(label=_("Interview offered"), required=False)
    application_started = forms.BooleanField(label=_("Application started"), required=False)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rating = forms.TypedChoiceField(
        label=_("Rating (optional)"),
        choices=[("", _("No rating")), *[(str(n), str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("1 (weak) to 5 (strong)."),
    )


class StandDayCountForm(forms.Form):
    unscanned_visitors = _count(_("Visitors you talked to but did not scan"))
    unscanned_interviews_offered = _count(_("Of them, people offered an interview"))


def form_error_on(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the field it names (``field``), else at the top of the form."""
    field = error.extra.get("field")
    form.add_error(field if field in form.fields else None, error.detail)
