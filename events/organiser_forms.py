"""Forms for the organisers' pages: an event's details, cancelling it, generating a year's
programme (those about registrations are in ``events.registration_forms``). They check the
shape; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Sector
from core.dates import DateInputField, TimeOfDayField
from core.shown_order import ShownOrderModelMultipleChoiceField
from events.calendars import LONDON
from events.forms import london_datetime, select_widget, textarea_widget
from events.models import (
    DEFAULT_OFFER_CLAIM_HOURS,
    YEAR_GROUPS,
    Event,
    EventAudience,
    EventKind,
    Venue,
)
from events.programmes import PROGRAMME_RULES


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
        widget=select_widget(),
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"), choices=EventKind.choices, widget=select_widget()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_("What visitors will find, in plain words. It is shown on the public page."),
        widget=textarea_widget(rows=5),
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.select_related("district").order_by("name"),
        required=False,
        empty_label=_("Not chosen yet"),
        widget=select_widget(),
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
    sector_focus = ShownOrderModelMultipleChoiceField(
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
    offer_claim_hours = forms.IntegerField(
        label=_("Hours to claim a place offered from the waiting list"),
        help_text=_(
            "When a place frees up, the next person waiting is offered it for this long, then "
            "it passes on. Offers end 2 hours before the event at the latest; nearer the day, "
            "or with 0, the place is given straight away."
        ),
        min_value=0,
        max_value=336,
        initial=DEFAULT_OFFER_CLAIM_HOURS,
        required=False,  # left empty: the default, 48 hours
        error_messages={
            "max_value": _("Give at most 336 hours (two weeks) to claim a place."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )

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
        self.event = event
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
                "offer_claim_hours",
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
        day = data.get("start_date")
        moved = self.event is None or "start_date" in self.changed_data
        if day is not None and moved and day < timezone.localdate(timezone=LONDON):
            # A new event, or one moved, to a day already gone: almost always a typing slip.
            # (Today stays allowed: organisers correct the time on the day itself.)
            self.add_error(
                "start_date", _("The date is in the past. Enter today or a date to come.")
            )
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
        claim_hours = data.get("offer_claim_hours")
        fields["offer_claim_hours"] = (
            DEFAULT_OFFER_CLAIM_HOURS if claim_hours is None else claim_hours
        )
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
        widget=textarea_widget(rows=4),
        error_messages={"required": _("Give the reason, so people understand.")},
    )


class ProgrammeGenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[(kind.value, kind.label) for kind in PROGRAMME_RULES],
        widget=select_widget(),
    )
