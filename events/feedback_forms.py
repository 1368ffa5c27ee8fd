"""The feedback forms: a few radios, checkboxes and a comment, answerable on a phone in under a
minute. They check the shape; events.feedback decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from events.barriers import BarrierTheme
from events.feedback import COMMENT_MAX_LENGTH, NOTHING
from events.models import (
    AdjustmentsMetAnswer,
    CandidateQuality,
    FeedbackRequest,
    Usefulness,
    YesNoNotSure,
)

BARRIER_CHOICES = [*BarrierTheme.choices, (NOTHING, _("Nothing got in the way"))]


def _comment(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Please do not include your name or contact details."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
    )


class AttendeeFeedbackForm(forms.Form):
    usefulness = forms.ChoiceField(
        label=_("How useful was the event for you?"),
        choices=Usefulness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how useful the event was for you.")},
    )
    met_employer = forms.ChoiceField(
        label=_("Did you meet an employer you would like to work for?"),
        choices=YesNoNotSure.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    barriers = forms.MultipleChoiceField(
        label=_("Did anything get in the way of finding work or taking part?"),
        help_text=_("Select all that apply."),
        choices=BARRIER_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    adjustments_met = forms.ChoiceField(
        label=_("Were the adjustments you asked for in place?"),
        choices=AdjustmentsMetAnswer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = _comment(_("Anything else you want to tell us? (optional)"))

    def __init__(self, *args: Any, asked_adjustments: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asked_adjustments:
            del self.fields["adjustments_met"]


class EmployerFeedbackForm(forms.Form):
    candidate_quality = forms.ChoiceField(
        label=_("How good were the candidates you met?"),
        choices=CandidateQuality.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how good the candidates were.")},
    )
    come_again = forms.ChoiceField(
        label=_("Would you come to one of our events again?"),
        choices=YesNoNotSure.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = _comment(_("What should we change? (optional)"))


def feedback_form(feedback: FeedbackRequest, data: Any = None) -> forms.Form:
    """The form for this link, filled with the answer already given (answering again updates)."""
    initial: dict[str, Any] = {"comment": feedback.comment}
    if feedback.is_employer:
        initial |= {
            "candidate_quality": feedback.candidate_quality,
            "come_again": feedback.come_again,
        }
        return EmployerFeedbackForm(data, initial=initial)
    barriers = list(feedback.barriers.values_list("theme", flat=True)) if feedback.pk else []
    initial |= {
        "usefulness": feedback.usefulness,
        "met_employer": feedback.met_employer,
        "barriers": barriers + ([NOTHING] if feedback.nothing_in_the_way else []),
        "adjustments_met": feedback.adjustments_met,
    }
    asked = bool(feedback.registration is not None and feedback.registration.adjustments)
    return AttendeeFeedbackForm(data, initial=initial, asked_adjustments=asked)
