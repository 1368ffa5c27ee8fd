"""The form a strategy lead fills in to report a published figure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import District
from core.dates import DateInputField
from engagement.models import Measure


class ReportedValueForm(forms.Form):
    measure = forms.ModelChoiceField(
        label=_("Measure"),
        queryset=Measure.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a measure"),
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=30,
        help_text=_("The measure's year, like 2025-26."),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("The whole county"),
        help_text=_("Leave as the whole county unless the source gives a district's figure."),
    )
    value = forms.CharField(
        label=_("Value"),
        max_length=30,
        help_text=_("A number; a percentage as a number from 0 to 100, without the percent sign."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figure comes from, for example DfE participation table."),
    )
    published_on = DateInputField(
        label=_("Date the source was published"),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(  # type: ignore[attr-defined]
            kind=Measure.Kind.REPORTED
        ).order_by("position", "code")
        self.fields["district"].queryset = District.objects.order_by("name")  # type: ignore[attr-defined]
