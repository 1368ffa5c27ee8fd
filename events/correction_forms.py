"""The organiser's forms for correcting attendance: why (always), and for a stand visit where it
really was. The services check the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from events.forms import textarea_widget
from events.models import StandApplication

REMOVE = "remove"


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Why is the record being corrected?"),
        help_text=_("This is kept in the audit log with your name."),
        max_length=500,
        widget=textarea_widget(),
        error_messages={"required": _("Say why the record is being corrected.")},
    )


class AdmissionUndoForm(forms.Form):
    reason = _reason_field()


class StandVisitCorrectForm(forms.Form):
    correction = forms.ChoiceField(
        label=_("What should happen to this visit?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to remove the visit or move it.")},
    )
    reason = _reason_field()

    def __init__(self, *args: Any, stands: QuerySet[StandApplication], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stands = {str(stand.pk): stand for stand in stands}
        field: Any = self.fields["correction"]
        field.choices = [
            (REMOVE, _("Remove it: the visitor did not meet this employer")),
            *(
                (
                    pk,
                    _("Move it to %(employer)s (stand %(number)s)")
                    % {"employer": stand.employer.name, "number": stand.stand_number or "–"},
                )
                for pk, stand in self.stands.items()
            ),
        ]

    def move_to(self) -> StandApplication | None:
        return self.stands.get(self.cleaned_data["correction"])
