"""Forms for the organiser's registrations list and for what an organiser does to one
registration. They check the shape; ``events.services.registration_actions`` decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms import SHORT_ADJUSTMENT_LABELS, select_widget, textarea_widget
from events.models import AttendeeCategory, Registration

SEARCH_MAX_LENGTH = 100


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        help_text=_("Part of a name, e-mail address or phone number, or a ticket number"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Registration.Status.choices],
        required=False,
        widget=select_widget(),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Any category")), *AttendeeCategory.choices],
        required=False,
        widget=select_widget(),
    )
    adjustments = forms.BooleanField(
        label=_("Only people who asked for adjustments"), required=False
    )


class RegistrationCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you cancelling this registration?"),
        help_text=_("Kept in the audit log with your name. The person is not sent this."),
        max_length=500,
        widget=textarea_widget(rows=3),
        error_messages={"required": _("Give the reason for cancelling.")},
    )


class RegistrationAdjustmentsForm(forms.Form):
    adjustments = forms.MultipleChoiceField(
        label=_("Adjustments asked for"),
        choices=list(SHORT_ADJUSTMENT_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. The adjustments checklist follows these."),
    )
    adjustments_detail = forms.CharField(
        label=_("More about the adjustments (optional)"),
        required=False,
        max_length=2000,
        widget=textarea_widget(rows=3),
    )


class RegistrationPromoteForm(forms.Form):
    over_capacity = forms.BooleanField(
        label=_("Yes, give this place even though the event is full"), required=False
    )
