"""Forms for the events pages. They check the shape of what was posted; the services decide."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Sector
from core.dates import DateInputField
from core.geography import postcode_outward
from core.shown_order import ShownOrderModelMultipleChoiceField
from employers.models import Employer
from events.calendars import LONDON
from events.exceptions import RegistrationError
from events.models import (
    YEAR_GROUPS,
    Adjustment,
    AgeBand,
    AttendeeCategory,
    EthnicityGroup,
    Event,
    EventKind,
    PriorityGroup,
    Sex,
    YesNoPreferNot,
)
from events.priority_groups import priority_groups_clean
from events.services.common import contact_clean
from events.vacancy_forms import VACANCY_ROWS, VacancyRowsMixin
from schools.models import School

# Plain labels for the adjustments, as an attendee reads them (the model's are for staff lists).
ADJUSTMENT_LABELS = {
    Adjustment.BSL_INTERPRETER: _("A BSL interpreter (British Sign Language)"),
    Adjustment.HEARING_LOOP: _("A hearing loop"),
    Adjustment.STEP_FREE_ACCESS: _("Step-free access"),
    Adjustment.LARGE_PRINT: _("Large print"),
    Adjustment.QUIET_ROOM: _("A quiet room"),
    Adjustment.COMPANION: _("Bringing a companion"),
    Adjustment.OTHER: _("Something else"),
}
SHORT_ADJUSTMENT_LABELS = {
    Adjustment.BSL_INTERPRETER: _("BSL interpreter"),
    Adjustment.HEARING_LOOP: _("Hearing loop"),
    Adjustment.STEP_FREE_ACCESS: _("Step-free access"),
    Adjustment.LARGE_PRINT: _("Large print"),
    Adjustment.QUIET_ROOM: _("Quiet room"),
    Adjustment.COMPANION: _("Companion"),
    Adjustment.OTHER: _("Other adjustment"),
}
CATEGORY_HINTS = {
    AttendeeCategory.JOBSEEKER: _("Looking for work or a better job"),
    AttendeeCategory.FIFTY_PLUS: _("Looking for work and aged 50 or over"),
    AttendeeCategory.PUPIL: _("At school or college"),
    AttendeeCategory.PARENT_CARER: _("Coming with or for a young person"),
    AttendeeCategory.PROVIDER: _("From a college, training provider or university"),
    AttendeeCategory.OTHER: _("None of these"),
}
COMPLEX_BARRIERS_CHOICES = [
    ("yes", _("Yes")),
    ("no", _("No")),
    ("prefer_not_to_say", _("Prefer not to say")),
]


def select_widget(**attrs: Any) -> forms.Select:
    return forms.Select(attrs={"class": "govuk-select", **attrs})


def textarea_widget(rows: int = 3, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "govuk-textarea", "rows": rows, **attrs})


def london_datetime(day: date | None, moment: time | None) -> datetime | None:
    """A date and a clock time typed by someone in Hertfordshire, as an aware datetime."""
    if day is None or moment is None:
        return None
    return datetime.combine(day, moment, tzinfo=LONDON)


OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


# --- Public ------------------------------------------------------------------------------------


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[("", _("All kinds")), *EventKind.choices],
        required=False,
        widget=select_widget(),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("All of Hertfordshire"),
        widget=select_widget(),
    )
    postcode = forms.CharField(
        label=_("Or your postcode"),
        required=False,
        max_length=8,
        help_text=_("We show fairs in the district of the nearest Jobcentre or venue."),
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )
    date_from = DateInputField(
        label=_("From"),
        error_name=_("The first date"),
        required=False,
        help_text=_("For example, 27 3 2027. Leave it empty to see all fairs to come."),
    )

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"]
        if postcode and not OUTWARD_CODE.match(postcode_outward(postcode)):
            raise forms.ValidationError(_("Enter a postcode, like SG1 1XB."))
        return postcode


# Which field a registration refusal belongs to, so the error summary links to it.
REGISTRATION_ERROR_FIELDS = {
    "name_required": "name",
    "contact_required": "email",
    "invalid_email": "email",
    "already_registered": "email",
    "invalid_phone": "phone",
    "invalid_category": "category",
    "invalid_adjustment": "adjustments",
    "privacy_consent_required": "privacy_consent",
}


class RegistrationForm(forms.Form):
    """An attendee's answers. Only the name, a way to reach them, who they are and the privacy
    consent are needed; everything else is optional and the equality questions say so."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        help_text=_("We send your ticket here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        help_text=_(
            "If you have no e-mail address, give a phone number: you can print your ticket "
            "or show it on your phone."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    sms_too = forms.BooleanField(
        label=_("Also text me (when you give a mobile number as well as e-mail)"),
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Which of these describes you best?"),
        choices=AttendeeCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which of these describes you best.")},
    )
    adjustments = forms.MultipleChoiceField(
        label=_("Do you need any of these to take part?"),
        choices=list(ADJUSTMENT_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. Leave them all empty if you need none."),
    )
    adjustments_detail = forms.CharField(
        label=_("Tell us more about what you need (optional)"),
        required=False,
        max_length=2000,
        widget=textarea_widget(),
    )
    complex_barriers = forms.ChoiceField(
        label=_("Do you face complex barriers to learning or work? (optional)"),
        help_text=_(
            "For example a health condition, caring for someone, or housing problems. It helps "
            "the organisers invite the right support services."
        ),
        choices=COMPLEX_BARRIERS_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    age_band = forms.ChoiceField(
        label=_("Your age (optional)"),
        choices=AgeBand.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    disability = forms.ChoiceField(
        label=_("Do you consider yourself to have a disability? (optional)"),
        choices=YesNoPreferNot.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    ethnicity_group = forms.ChoiceField(
        label=_("Your ethnic group (optional)"),
        choices=EthnicityGroup.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    sex = forms.ChoiceField(
        label=_("Your sex (optional)"),
        choices=Sex.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    priority_groups = forms.MultipleChoiceField(
        label=_("Do any of these describe you? (optional)"),
        help_text=_(
            "Select all that apply. The county uses these answers, without your name, to check "
            "its fairs reach the people who most need them."
        ),
        choices=PriorityGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    priority_groups_consent = forms.BooleanField(
        label=_("I agree that my answers to “Do any of these describe you?” are counted"),
        required=False,
    )
    consent_contact_employers = forms.BooleanField(
        label=_("Employers I meet at the event may contact me about jobs"),
        required=False,
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice"),
        error_messages={"required": _("Confirm you have read the privacy notice to register.")},
    )

    EQUALITY_FIELDS = ("age_band", "disability", "ethnicity_group", "sex")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Checked with the rest, so a page with errors lists every one at once (the service
        # checks again when it registers).
        try:
            contact_clean(email=data.get("email") or "", phone=data.get("phone") or "")
        except RegistrationError as error:
            self.add_error(REGISTRATION_ERROR_FIELDS.get(error.code), error.detail)
        try:
            priority_groups_clean(
                groups=data.get("priority_groups") or [],
                consent=bool(data.get("priority_groups_consent")),
            )
        except RegistrationError as error:
            field = "priority_groups_consent" if "consent" in error.code else "priority_groups"
            self.add_error(field, error.detail)
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["complex_barriers"] = {"yes": True, "no": False}.get(data["complex_barriers"])
        return data


class GroupBookingForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), empty_label=None, widget=select_widget()
    )
    year_group = forms.TypedChoiceField(
        label=_("Year group"),
        coerce=int,
        choices=[(year, _("Year %(year)d") % {"year": year}) for year in YEAR_GROUPS],
        widget=select_widget(),
    )
    group_size = forms.IntegerField(
        label=_("Number of pupils"),
        min_value=1,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"required": _("Enter the number of pupils.")},
    )
    pupil_names = forms.CharField(
        label=_("Pupils' names (optional)"),
        required=False,
        help_text=_(
            "One name a line, if the school chooses to name them. Leave it empty for anonymous "
            "tickets: pupils' names are never required."
        ),
        widget=textarea_widget(rows=6),
    )
    adjustments = forms.MultipleChoiceField(
        label=_("Does anyone in the group need any of these?"),
        choices=list(ADJUSTMENT_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    adjustments_detail = forms.CharField(
        label=_("More about the adjustments (optional)"),
        required=False,
        max_length=2000,
        widget=textarea_widget(),
    )
    privacy_consent = forms.BooleanField(
        label=_("The school has read the privacy notice"),
        error_messages={"required": _("Confirm the school has read the privacy notice.")},
    )

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]

    def clean_pupil_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["pupil_names"].splitlines() if line]


# --- Employers ---------------------------------------------------------------------------------


class StandApplicationForm(VacancyRowsMixin):
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        empty_label=None,
        widget=select_widget(),
    )
    representatives = forms.IntegerField(
        label=_("How many people will staff your stand?"),
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"required": _("Enter how many people will staff your stand.")},
    )
    representative_names = forms.CharField(
        label=_("Their names (optional)"),
        required=False,
        help_text=_("One name a line."),
        widget=textarea_widget(rows=3),
    )
    sectors = ShownOrderModelMultipleChoiceField(
        label=_("Sectors you recruit for"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_power = forms.BooleanField(label=_("We need a power socket"), required=False)
    needs_table = forms.BooleanField(label=_("We need a table"), required=False, initial=True)
    access_needs = forms.CharField(
        label=_("Access needs of your staff (optional)"),
        required=False,
        max_length=2000,
        widget=textarea_widget(rows=3),
    )

    def __init__(self, *args: Any, employers: QuerySet[Employer], event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        self.fields["representatives"].help_text = _("At most %(max)d at this event.") % {
            "max": event.max_representatives_per_stand
        }
        self.add_vacancy_rows(VACANCY_ROWS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["vacancies"] = self.vacancy_rows_clean(data)
        names = data.get("representative_names", "")
        data["representative_names"] = [line.strip() for line in names.splitlines() if line]
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "employer": data["employer"],
            "representatives": data["representatives"],
            "representative_names": data["representative_names"],
            "vacancies": data["vacancies"],
            "sectors": data["sectors"],
            "needs_power": data["needs_power"],
            "needs_table": data["needs_table"],
            "access_needs": data["access_needs"],
        }
