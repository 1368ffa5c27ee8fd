"""Forms for a forum's record: who took part, a barrier raised, an action agreed, its status.
They check the shape; ``events.services.forums`` decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation, OrganisationKind
from core.dates import DateInputField
from events.barriers import BarrierTheme
from events.forms import select_widget, textarea_widget
from events.models import ForumActionStatus, ForumBarrier

NO_NAMES = _(
    "Do not write anyone's name, e-mail address or phone number: this is published. "
    "E-mail addresses and phone numbers are removed when you save."
)


def _count(label: Any, *, required: bool = False, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": _("Enter how many people took part"),
            "invalid": _("Enter a whole number, like 12"),
            "min_value": _("Counts must be 0 or more"),
        },
    )


class ParticipationForm(forms.Form):
    participants = _count(
        _("How many people took part?"),
        required=True,
        help_text=_("Everyone in the room, staff and interpreters aside. No names are needed."),
    )
    disabled_people = _count(_("Of whom disabled people"))
    health_conditions = _count(_("Of whom people with a long-term health condition"))
    carers = _count(_("Of whom carers"))
    fifty_plus = _count(_("Of whom people aged 50 and over"))
    young_people = _count(_("Of whom young people aged 16 to 24"))

    def groups(self) -> dict[str, int]:
        return {
            name: self.cleaned_data.get(name) or 0 for name in self.fields if name != "participants"
        }


class BarrierForm(forms.Form):
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=BarrierTheme.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a theme"),
            "invalid_choice": _("Select a theme from the list"),
        },
    )
    description = forms.CharField(
        label=_("The barrier, in the participants' words"),
        help_text=NO_NAMES,
        max_length=2000,
        widget=textarea_widget(rows=4),
        error_messages={"required": _("Enter the barrier in the participants' words")},
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("What will be done"),
        help_text=NO_NAMES,
        max_length=2000,
        widget=textarea_widget(rows=3),
        error_messages={"required": _("Enter what will be done")},
    )
    barrier = forms.ModelChoiceField(
        label=_("The barrier it answers (optional)"),
        queryset=ForumBarrier.objects.none(),
        required=False,
        empty_label=_("None in particular"),
        widget=select_widget(),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner"),
        help_text=_("The organisation that owns the action."),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("An organisation not listed here"),
        widget=select_widget(),
    )
    owner_name = forms.CharField(
        label=_("Owner not listed above"),
        help_text=_("For example: Hertfordshire County Council passenger transport team."),
        max_length=200,
        required=False,
    )
    due_on = DateInputField(
        label=pgettext_lazy("forum action", "Due"),
        error_name=_("Due date"),
        error_messages={"required": _("Enter the date the action is due")},
    )

    def __init__(self, *args: Any, barriers: QuerySet[ForumBarrier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        barrier_field: Any = self.fields["barrier"]
        barrier_field.queryset = barriers
        barrier_field.label_from_instance = lambda barrier: (
            f"{barrier.get_theme_display()}: {barrier.description[:60]}"
        )
        owner_field: Any = self.fields["owner_organisation"]
        owner_field.queryset = Organisation.objects.filter(
            kind__in=[OrganisationKind.JOBCENTRE, OrganisationKind.HUB, OrganisationKind.PARTNER]
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner_organisation") and not (data.get("owner_name") or "").strip():
            self.add_error(
                "owner_organisation", _("Select or name the organisation that owns the action")
            )
        return data


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ForumActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a status")},
    )
    status_reason = forms.CharField(
        label=_("If it is not possible: why"),
        help_text=_("Published beside the action."),
        max_length=2000,
        required=False,
        widget=textarea_widget(rows=3),
    )
    update_note = forms.CharField(
        label=_("Latest update (optional)"),
        help_text=NO_NAMES,
        max_length=2000,
        required=False,
        widget=textarea_widget(rows=3),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == ForumActionStatus.NOT_POSSIBLE
            and not (data.get("status_reason") or "").strip()
        ):
            self.add_error("status_reason", _("Say why the action is not possible"))
        return data
