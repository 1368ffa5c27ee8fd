from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import Match, MatchingWeights, MatchProposal
from schools.models import Hub


class MatchingRoundForm(forms.Form):
    hub = forms.ModelChoiceField(queryset=Hub.objects.none(), label=_("Careers Hub"))
    starts_on = forms.DateField(
        label=_("Matches start on"),
        help_text=_("Advisers need a clear DBS check valid on this date. For example, 4 1 2027."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: object, hubs: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        hub_field = self.fields["hub"]
        hub_field.queryset = hubs  # type: ignore[attr-defined]
        # Most coordinators run one hub: then it is chosen already.
        hub_field.empty_label = None if hubs.count() == 1 else _("Choose a hub")  # type: ignore[attr-defined]

    def clean_starts_on(self) -> object:
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError(_("The start date must be today or later."))
        return starts_on


class MatchingWeightsForm(forms.ModelForm):
    class Meta:
        model = MatchingWeights
        fields = list(MatchingWeights.PARTS)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(part) for part in MatchingWeights.PARTS):
            raise forms.ValidationError(_("At least one weight must be above 0."))
        return cleaned


class ProposalRejectForm(forms.Form):
    exclude = forms.BooleanField(
        label=_("Never propose this adviser for this school again"), required=False
    )
    reason = forms.CharField(label=_("Why"), max_length=300, required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("exclude") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why this pair should never be proposed."))
        return cleaned


class ProposalSwapForm(forms.Form):
    first = forms.ModelChoiceField(
        queryset=MatchProposal.objects.none(), label=_("Swap the adviser of")
    )
    second = forms.ModelChoiceField(
        queryset=MatchProposal.objects.none(), label=_("with the adviser of")
    )

    def __init__(self, *args: object, proposals: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("first", "second"):
            self.fields[name].queryset = proposals  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = lambda p: f"{p.school.name} ({p.adviser.user})"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("first") and cleaned.get("first") == cleaned.get("second"):
            self.add_error("second", _("Choose two different schools."))
        return cleaned


class MatchEndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why did the match end?"), choices=Match.EndReason.choices, widget=forms.RadioSelect
    )
    ended_on = forms.DateField(
        label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)
