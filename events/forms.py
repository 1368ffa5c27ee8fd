"""Forms for the events pages. They check the shape of what was posted; the services decide."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Organisation, Sector
from core.dates import DateInputField, TimeOfDayField
from employers.models import Employer
from events.calendars import LONDON
from events.models import (
    YEAR_GROUPS,
    Adjustment,
    AgeBand,
    AttendeeCategory,
    EthnicityGroup,
    Event,
    EventAudience,
    EventKind,
    Registration,
    Sex,
    Venue,
    YesNoPreferNot,
)
from events.programmes import PROGRAMME_RULES
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


def _select(**attrs: Any) -> forms.Select:
    return forms.Select(attrs={"class": "govuk-select", **attrs})


def _textarea(rows: int = 3, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "govuk-textarea", "rows": rows, **attrs})


def london_datetime(day: date | None, moment: time | None) -> datetime | None:
    """A date and a clock time typed by someone in Hertfordshire, as an aware datetime."""
    if day is None or moment is None:
        return None
    return datetime.combine(day, moment, tzinfo=LONDON)


# --- Public ------------------------------------------------------------------------------------


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[("", _("All kinds")), *EventKind.choices],
        required=False,
        widget=_select(),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("All of Hertfordshire"),
        widget=_select(),
    )


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
        widget=_textarea(),
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
    consent_contact_employers = forms.BooleanField(
        label=_("Employers I meet at the event may contact me about jobs"),
        required=False,
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice"),
        error_messages={"required": _("Confirm you have read the privacy notice to register.")},
    )

    EQUALITY_FIELDS = ("age_band", "disability", "ethnicity_group", "sex")

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["complex_barriers"] = {"yes": True, "no": False}.get(data["complex_barriers"])
        return data


class GroupBookingForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), empty_label=None, widget=_select()
    )
    year_group = forms.TypedChoiceField(
        label=_("Year group"),
        coerce=int,
        choices=[(year, _("Year %(year)d") % {"year": year}) for year in YEAR_GROUPS],
        widget=_select(),
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
        widget=_textarea(rows=6),
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
        widget=_textarea(),
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

VACANCY_ROWS = 5


class StandApplicationForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.none(), empty_label=None, widget=_select()
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
        widget=_textarea(rows=3),
    )
    sectors = forms.ModelMultipleChoiceField(
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
        widget=_textarea(rows=3),
    )

    def __init__(self, *args: Any, employers: QuerySet[Employer], event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        self.fields["representatives"].help_text = _("At most %(max)d at this event.") % {
            "max": event.max_representatives_per_stand
        }
        for row in range(1, VACANCY_ROWS + 1):
            self.fields[f"vacancy_{row}_title"] = forms.CharField(
                label=_("Job title"), required=False, max_length=200
            )
            self.fields[f"vacancy_{row}_count"] = forms.IntegerField(
                label=_("Number of posts"),
                required=False,
                min_value=1,
                max_value=10000,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
                ),
            )
            self.fields[f"vacancy_{row}_link"] = forms.URLField(
                label=_("Link to the advert (optional)"),
                required=False,
                max_length=500,
                assume_scheme="https",
                widget=forms.TextInput(attrs={"type": "url", "spellcheck": "false"}),
            )

    def vacancy_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (row, [self[f"vacancy_{row}_{part}"] for part in ("title", "count", "link")])
            for row in range(1, VACANCY_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        vacancies = []
        for row in range(1, VACANCY_ROWS + 1):
            title = data.get(f"vacancy_{row}_title", "")
            count = data.get(f"vacancy_{row}_count")
            link = data.get(f"vacancy_{row}_link", "")
            if not (title or count or link):
                continue
            if not title:
                self.add_error(f"vacancy_{row}_title", _("Enter the job title."))
            vacancies.append({"title": title, "count": count or 1, "link": link})
        data["vacancies"] = vacancies
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


# --- Organisers --------------------------------------------------------------------------------


def _date_field(label: Any, error_name: Any, required: bool = True) -> DateInputField:
    """Day, month and year boxes; ``error_name`` names the date in messages."""
    return DateInputField(
        label=label,
        error_name=error_name,
        required=required,
        error_messages={"required": _("Enter the date of the event")} if required else None,
    )


def _time_field(label: Any, required_message: Any = None) -> TimeOfDayField:
    """A clock time, 24-hour or am/pm; required when there is a message for it missing."""
    return TimeOfDayField(
        label=label,
        required=required_message is not None,
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": required_message} if required_message else None,
    )


class EventForm(forms.Form):
    """Every detail of an event an organiser sets; dates and times are Hertfordshire's clock."""

    organiser = forms.ModelChoiceField(
        label=_("Organised by"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=_select(),
    )
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices, widget=_select())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_("What visitors will find, in plain words. It is shown on the public page."),
        widget=_textarea(rows=5),
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.select_related("district").order_by("name"),
        required=False,
        empty_label=_("Not chosen yet"),
        widget=_select(),
    )
    start_date = _date_field(_("Date"), _("Date of the event"))
    start_time = _time_field(_("Starts at"), _("Enter the time the event starts"))
    end_date = _date_field(_("Ends on (if not the same day)"), _("End date"), required=False)
    end_time = _time_field(_("Ends at"), _("Enter the time the event ends"))
    audiences = forms.MultipleChoiceField(
        label=_("Who is it for?"),
        choices=EventAudience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    year_groups = forms.TypedMultipleChoiceField(
        label=_("Year groups (for pupils)"),
        coerce=int,
        choices=[(year, _("Year %(year)d") % {"year": year}) for year in YEAR_GROUPS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector_focus = forms.ModelMultipleChoiceField(
        label=_("Sector focus"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Attendee places"),
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )
    stand_capacity = forms.IntegerField(
        label=_("Employer stands"),
        min_value=0,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )
    max_representatives_per_stand = forms.IntegerField(
        label=_("Representatives per stand"),
        min_value=1,
        max_value=50,
        initial=3,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    registration_opens_date = _date_field(
        _("Registration opens on (optional)"), _("Date registration opens"), required=False
    )
    registration_opens_time = _time_field(_("Registration opens at"))
    registration_closes_date = _date_field(
        _("Registration closes on (optional)"), _("Date registration closes"), required=False
    )
    registration_closes_time = _time_field(_("Registration closes at"))
    adjustments_deadline_date = _date_field(
        _("Deadline for adjustments that need booking (optional)"),
        _("Deadline for adjustments"),
        required=False,
    )
    adjustments_deadline_time = _time_field(_("Deadline time"))
    allow_reentry = forms.BooleanField(label=_("Visitors may leave and come back"), required=False)

    MOMENTS = ("registration_opens", "registration_closes", "adjustments_deadline")

    def __init__(
        self,
        *args: Any,
        organisers: QuerySet[Organisation],
        event: Event | None = None,
        **kwargs: Any,
    ) -> None:
        if event is not None:
            kwargs["initial"] = self.initial_from(event)
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]
        if event is not None:
            del self.fields["organiser"]  # an event stays with its organiser

    @classmethod
    def initial_from(cls, event: Event) -> dict[str, Any]:
        starts = timezone.localtime(event.starts_at, LONDON)
        ends = timezone.localtime(event.ends_at, LONDON)
        initial: dict[str, Any] = {
            name: getattr(event, name)
            for name in (
                "kind",
                "title",
                "description",
                "venue",
                "audiences",
                "year_groups",
                "capacity",
                "stand_capacity",
                "max_representatives_per_stand",
                "allow_reentry",
            )
        }
        initial.update(
            start_date=starts.date(),
            start_time=starts.time(),
            end_date=ends.date() if ends.date() != starts.date() else None,
            end_time=ends.time(),
            sector_focus=list(event.sector_focus.all()),
        )
        for name in cls.MOMENTS:
            value = getattr(event, f"{name}_at" if name != "adjustments_deadline" else name)
            if value:
                local = timezone.localtime(value, LONDON)
                initial[f"{name}_date"], initial[f"{name}_time"] = local.date(), local.time()
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.MOMENTS:
            day, moment = data.get(f"{name}_date"), data.get(f"{name}_time")
            if day and not moment and f"{name}_time" not in self.errors:
                self.add_error(f"{name}_time", _("Enter a time as well as the date."))
            if moment and not day and f"{name}_date" not in self.errors:
                self.add_error(f"{name}_date", _("Enter a date as well as the time."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned answers as ``event_create`` / ``event_update`` take them."""
        data = self.cleaned_data
        start_date = data["start_date"]
        fields = {
            name: data[name]
            for name in (
                "kind",
                "title",
                "description",
                "venue",
                "audiences",
                "year_groups",
                "capacity",
                "stand_capacity",
                "max_representatives_per_stand",
                "allow_reentry",
            )
        }
        fields["starts_at"] = london_datetime(start_date, data["start_time"])
        fields["ends_at"] = london_datetime(data["end_date"] or start_date, data["end_time"])
        fields["registration_opens_at"] = london_datetime(
            data["registration_opens_date"], data["registration_opens_time"]
        )
        fields["registration_closes_at"] = london_datetime(
            data["registration_closes_date"], data["registration_closes_time"]
        )
        fields["adjustments_deadline"] = london_datetime(
            data["adjustments_deadline_date"], data["adjustments_deadline_time"]
        )
        return fields


class EventCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        help_text=_("Everyone registered and every employer with a stand is told this."),
        max_length=2000,
        widget=_textarea(rows=4),
        error_messages={"required": _("Give the reason, so people understand.")},
    )


class RegistrationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Registration.Status.choices],
        required=False,
        widget=_select(),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Any category")), *AttendeeCategory.choices],
        required=False,
        widget=_select(),
    )
    adjustments = forms.BooleanField(
        label=_("Only people who asked for adjustments"), required=False
    )


class ProgrammeGenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[(kind.value, kind.label) for kind in PROGRAMME_RULES],
        widget=_select(),
    )
