from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Sector
from core.dates import DateInputField
from core.shown_order import ShownOrderModelChoiceField
from employers.models import Employer
from engagement.models import EncounterKind, Match, MatchingWeights, MatchProposal, SbwaAgeBand
from schools.models import Hub


class MatchingRoundForm(forms.Form):
    hub = forms.ModelChoiceField(queryset=Hub.objects.none(), label=_("Careers Hub"))
    starts_on = DateInputField(
        label=_("Matches start on"),
        error_name=_("Start date"),
        help_text=_("Advisers need a clear DBS check valid on this date. For example, 4 1 2027."),
        error_messages={"required": _("Enter the date the matches start")},
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
            raise forms.ValidationError(_("Start date must be today or in the future"))
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
    ended_on = DateInputField(label=_("Ended on"), error_name=_("End date"), required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


# --- Dashboards, measures and the encounter ledger ----------------------------------------------

MEANINGFUL_FACTS_HELP = {
    "purpose_shared": _("The employer and the pupils knew beforehand what the encounter was for."),
    "learning_outcomes": _(
        "What pupils should learn about work, or about what it takes to succeed, was set out."
    ),
    "two_way": _("Pupils could ask questions and talk with the employer, not only listen."),
    "reflection": _("Pupils had time afterwards to think about and record what they learned."),
}


class DashboardPeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args: object, options: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].choices = options  # type: ignore[attr-defined]


class MeasureTargetForm(forms.Form):
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=10, decimal_places=2)
    amber_from = forms.DecimalField(
        label=_("Amber from (share of the target)"),
        help_text=_(
            "A figure at or above this share of the target shows amber; below it, red. "
            "For example, 0.8 for 80%."
        ),
        min_value=Decimal("0.01"),
        max_value=1,
        max_digits=3,
        decimal_places=2,
    )


class SchoolEncounterForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of encounter was it?"), widget=forms.RadioSelect)
    occurred_on = DateInputField(
        label=_("Date"),
        error_name=_("Date of the encounter"),
        help_text=_("The day it happened. It cannot be in the future. For example, 27 3 2026"),
        error_messages={"required": _("Enter the date of the encounter")},
    )
    year_group = forms.TypedChoiceField(
        label=_("Year group"),
        coerce=int,
        choices=[("", _("Choose a year group"))]
        + [(year, _("Year %(n)d") % {"n": year}) for year in range(7, 14)],
    )
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("Choose the employer"),
        help_text=_("Leave empty for a college or training provider, and name it below."),
    )
    provider_name = forms.CharField(
        label=_("College or provider (for a provider encounter)"), max_length=200, required=False
    )
    people = forms.IntegerField(
        label=_("Number of pupils"),
        min_value=1,
        required=False,
        help_text=_("Give the number, or list the pupils' references below."),
    )
    pupil_refs = forms.CharField(
        label=_("Pupil references (optional)"),
        required=False,
        help_text=_(
            "Codes from your school's system, one per line: not names. With references, a "
            "pupil met twice is counted once."
        ),
        widget=forms.Textarea(
            attrs={"class": "govuk-textarea", "rows": 5, "aria-describedby": "id_pupil_refs-hint"}
        ),
    )
    purpose_shared = forms.BooleanField(
        label=_("Purpose shared with the employer and pupils"),
        help_text=MEANINGFUL_FACTS_HELP["purpose_shared"],
        required=False,
    )
    learning_outcomes = forms.BooleanField(
        label=_("Learning outcomes set"),
        help_text=MEANINGFUL_FACTS_HELP["learning_outcomes"],
        required=False,
    )
    two_way = forms.BooleanField(
        label=_("Two-way interaction"), help_text=MEANINGFUL_FACTS_HELP["two_way"], required=False
    )
    reflection = forms.BooleanField(
        label=_("Time for reflection afterwards"),
        help_text=MEANINGFUL_FACTS_HELP["reflection"],
        required=False,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in EncounterKind.choices if value in RECORDABLE_KINDS
        ]
        self.fields["employer"].queryset = Employer.objects.order_by("name")  # type: ignore[attr-defined]

    def clean_pupil_refs(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["pupil_refs"].splitlines() if line.strip()
        ]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == EncounterKind.PROVIDER_ENCOUNTER:
            if not (cleaned.get("provider_name") or "").strip():
                self.add_error("provider_name", _("Name the college or provider."))
        elif kind and not cleaned.get("employer"):
            self.add_error("employer", _("Choose the employer."))
        if not cleaned.get("people") and not cleaned.get("pupil_refs"):
            self.add_error("people", _("Give the number of pupils, or their references."))
        return cleaned


RECORDABLE_KINDS = frozenset(
    {
        EncounterKind.EMPLOYER_TALK,
        EncounterKind.WORKPLACE_VISIT,
        EncounterKind.MOCK_INTERVIEWS,
        EncounterKind.MENTORING,
        EncounterKind.ENTERPRISE_COMPETITION,
        EncounterKind.PROVIDER_ENCOUNTER,
    }
)


class EventEncounterFactsForm(forms.Form):
    purpose_shared = forms.BooleanField(
        label=_("Purpose shared with employers and visitors"),
        help_text=_("Employers and visitors knew beforehand what the fair was for."),
        required=False,
    )
    learning_outcomes = forms.BooleanField(
        label=_("Learning outcomes set"),
        help_text=_("What visitors should learn about work and jobs was set out."),
        required=False,
    )
    two_way = forms.BooleanField(
        label=_("Two-way interaction"),
        help_text=_("Visitors talked with employers at their stands, not only took leaflets."),
        required=False,
    )
    reflection = forms.BooleanField(
        label=_("Time for reflection afterwards"),
        help_text=_(
            "Visitors (or their school) had time afterwards to think about what they learned."
        ),
        required=False,
    )


class SbwaPlacementForm(forms.Form):
    started_on = DateInputField(
        label=_("Placement started on"),
        error_name=_("Start date"),
        help_text=_("It cannot be in the future. For example, 27 3 2026"),
        error_messages={"required": _("Enter the date the placement started")},
    )
    aged_50_plus = forms.TypedChoiceField(
        label=_("Is the participant aged 50 or over?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    sector = ShownOrderModelChoiceField(
        label=_("Sector (optional)"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        empty_label=_("Not recorded"),
    )
    employer = forms.ModelChoiceField(
        label=_("Employer (optional)"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("Not recorded"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["employer"].queryset = Employer.objects.order_by("name")  # type: ignore[attr-defined]


class SbwaAcademyForm(forms.Form):
    starts_on = DateInputField(
        label=_("Academy starts on"),
        error_name=_("Start date"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date the academy starts")},
    )
    ends_on = DateInputField(
        label=_("Academy ends on (optional)"),
        error_name=_("End date"),
        required=False,
        help_text=_("For example, 24 4 2026"),
    )
    places = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=1000,
        error_messages={
            "required": _("Enter how many places the academy has"),
            "min_value": _("An academy has at least one place."),
            "invalid": _("Enter a whole number, like 12"),
        },
    )
    provider = forms.CharField(label=_("Training provider (optional)"), required=False)
    sector = ShownOrderModelChoiceField(
        label=_("Sector (optional)"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        empty_label=_("Not recorded"),
    )
    employer = forms.ModelChoiceField(
        label=_("Employer offering the interviews (optional)"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("Not recorded"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["employer"].queryset = Employer.objects.order_by("name")  # type: ignore[attr-defined]


class SbwaParticipantForm(forms.Form):
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=SbwaAgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the participant's age band")},
    )
    training_completed = forms.BooleanField(
        label=_("Completed the pre-employment training"), required=False
    )
    interview_offered = forms.BooleanField(
        label=_("Offered the guaranteed interview"), required=False
    )
    interview_attended = forms.BooleanField(label=_("Attended the interview"), required=False)
    job_offered = forms.BooleanField(label=_("Offered a job"), required=False)
    job_started = forms.BooleanField(label=_("Started the job"), required=False)
