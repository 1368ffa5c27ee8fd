"""Serializers of the events API (``api.events``): they check the shape of what comes in and
give the shape of what goes out; every rule is in the events services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation, OrganisationKind, Sector
from api.event_list import registration_is_open
from api.vacancy_serializers import VacancyInputSerializer, VacancySerializer
from events import services
from events.calendars import LONDON, event_calendar_url, event_url
from events.models import (
    Adjustment,
    AgeBand,
    AttendeeCategory,
    EthnicityGroup,
    Event,
    EventAudience,
    EventKind,
    PriorityGroup,
    Registration,
    Sex,
    StandApplication,
    Ticket,
    Venue,
    YesNoPreferNot,
)


@extend_schema_field(OpenApiTypes.DATETIME)
class LondonDateTimeField(serializers.DateTimeField):
    """ISO 8601 in Europe/London with its offset ("+00:00" in winter, "+01:00" in summer), never
    "Z": scanners and dashboards show the local time people will be there."""

    def to_representation(self, value: datetime) -> str:
        return timezone.localtime(value, LONDON).isoformat()


class EventMomentField(serializers.DateTimeField):
    """A moment of an event's life given through the API: naive times are Europe/London, and a
    year outside 2000–2100 is a typing slip refused as a bad date (it also has no ISO offset a
    client can read back)."""

    default_error_messages = {
        "out_of_range": gettext_lazy("Give a date between the years 2000 and 2100."),
    }

    def to_internal_value(self, value: Any) -> datetime:
        moment = super().to_internal_value(value)
        if not 2000 <= moment.year <= 2100:
            self.fail("out_of_range")
        return moment


class CodedChoiceField(serializers.ChoiceField):
    """A choice whose refusal carries the same code as the service's (``invalid_category``...),
    so the API and the HTML form key on one code."""

    def __init__(self, *args: Any, error_code: str, **kwargs: Any) -> None:
        self.error_code = error_code
        super().__init__(*args, **kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Any:
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            codes = error.get_codes()
            if codes == ["required"]:
                raise
            messages = [str(message) for message in error.detail]
            raise serializers.ValidationError(messages, code=self.error_code) from None


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable reason, e.g. `registration_closed`.")
    detail = serializers.CharField(help_text="What went wrong, for a person.")


ERRORS = {code: ErrorSerializer for code in (400, 401, 403, 404, 409)}

# The largest value an integer column holds, and the largest row id: past them, a 400 rather
# than the database's overflow.
MAX_INT = 2**31 - 1
MAX_ID = 2**63 - 1


class CheckYourMessagesSerializer(ErrorSerializer):
    """A registration with an address that already holds a place: its ticket was sent to it."""


PUBLIC_ERRORS = {code: ErrorSerializer for code in (400, 404, 429)}


class VenueSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", read_only=True)
    # Plain strings here: one enum per field name keeps the schema's enum names stable.
    kind = serializers.CharField(read_only=True, help_text="jobcentre, school, college, ...")

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "kind",
            "district",
            "address",
            "postcode",
            "step_free",
            "hearing_loop",
            "accessible_toilet",
            "parking",
            "public_transport",
        ]
        read_only_fields = fields


class OrganiserSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="hub or jobcentre")

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    """An event as the API shows it; ``places_left`` and ``stands_left`` count live."""

    starts_at = LondonDateTimeField(read_only=True)
    ends_at = LondonDateTimeField(read_only=True)
    venue = VenueSerializer(read_only=True, allow_null=True)
    organiser = OrganiserSerializer(read_only=True)
    sector_focus: serializers.SlugRelatedField[Sector] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    places_left = serializers.SerializerMethodField()
    stands_left = serializers.SerializerMethodField()
    registration_opens_at = LondonDateTimeField(read_only=True, allow_null=True)
    registration_closes_at = serializers.SerializerMethodField(
        help_text="When registration closes: the event's own closing time, or its start."
    )
    registration_open = serializers.SerializerMethodField(
        help_text="True while the public can register (published, inside the window)."
    )
    adjustments_deadline = LondonDateTimeField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField(help_text="The public event page.")
    calendar_url = serializers.SerializerMethodField(help_text="The event's .ics file.")

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "status",
            "capacity",
            "places_left",
            "stand_capacity",
            "stands_left",
            "max_representatives_per_stand",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "adjustments_deadline",
            "audiences",
            "year_groups",
            "sector_focus",
            "organiser",
            "allow_reentry",
            "cancellation_reason",
            "url",
            "calendar_url",
        ]
        read_only_fields = fields

    def get_places_left(self, event: Event) -> int:
        return max(event.places_left_count, 0)  # type: ignore[attr-defined]

    def get_stands_left(self, event: Event) -> int:
        return max(event.stand_capacity - event.stands_held_count, 0)  # type: ignore[attr-defined]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_registration_closes_at(self, event: Event) -> str:
        return timezone.localtime(services.registration_closes_at(event), LONDON).isoformat()

    def get_registration_open(self, event: Event) -> bool:
        return registration_is_open(event, timezone.now())

    def get_url(self, event: Event) -> str:
        return event_url(event)

    def get_calendar_url(self, event: Event) -> str:
        return event_calendar_url(event)


class EventWriteSerializer(serializers.Serializer):
    """What an organiser gives to create (or, every field optional, change) an event."""

    organiser = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(
            kind__in=[OrganisationKind.HUB, OrganisationKind.JOBCENTRE]
        ),
        required=False,
        help_text="The hub or Jobcentre running it; optional if you organise for only one.",
    )
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    venue = serializers.PrimaryKeyRelatedField(
        queryset=Venue.objects.all(), required=False, allow_null=True
    )
    starts_at = EventMomentField(help_text="Naive times are Europe/London.")
    ends_at = EventMomentField()
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    stand_capacity = serializers.IntegerField(min_value=0, max_value=MAX_INT, required=False)
    max_representatives_per_stand = serializers.IntegerField(
        min_value=1, max_value=50, required=False
    )
    registration_opens_at = EventMomentField(required=False, allow_null=True)
    registration_closes_at = EventMomentField(required=False, allow_null=True)
    adjustments_deadline = EventMomentField(required=False, allow_null=True)
    audiences = serializers.ListField(
        child=serializers.ChoiceField(choices=EventAudience.choices), required=False
    )
    year_groups = serializers.ListField(
        child=serializers.IntegerField(min_value=7, max_value=13), required=False
    )
    sector_focus = serializers.SlugRelatedField(
        many=True, queryset=Sector.objects.all(), slug_field="slug", required=False
    )
    allow_reentry = serializers.BooleanField(required=False)

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            if "status" in data:
                raise serializers.ValidationError(
                    {
                        "status": [
                            serializers.ErrorDetail(
                                _(
                                    "Change the status with the publish, cancel and complete "
                                    "actions."
                                ),
                                code="status_read_only",
                            )
                        ]
                    }
                )
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [serializers.ErrorDetail(_("Unknown field."), code="unknown_field")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class EventCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TicketSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="What the QR code encodes; keep it private.")
    number = serializers.CharField(help_text="The human ticket number, e.g. JF7-0042.")
    qr_png_url = serializers.URLField(help_text="The QR code image (PNG).")
    url = serializers.URLField(help_text="The ticket page (QR code, event details, printable).")


class NoticeSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class RegistrationCreateSerializer(serializers.Serializer):
    """The public registration form. Give an e-mail address or a UK phone number (or both)."""

    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    # With both an e-mail address and a phone: text messages too.
    sms_too = serializers.BooleanField(required=False, default=False)
    category = CodedChoiceField(choices=AttendeeCategory.choices, error_code="invalid_category")
    adjustments = serializers.ListField(
        child=CodedChoiceField(choices=Adjustment.choices, error_code="invalid_adjustment"),
        required=False,
        default=list,
    )
    adjustments_detail = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )
    age_band = CodedChoiceField(
        choices=AgeBand.choices, error_code="invalid_answer", required=False, default=""
    )
    disability = CodedChoiceField(
        choices=YesNoPreferNot.choices, error_code="invalid_answer", required=False, default=""
    )
    ethnicity_group = CodedChoiceField(
        choices=EthnicityGroup.choices, error_code="invalid_answer", required=False, default=""
    )
    sex = CodedChoiceField(
        choices=Sex.choices, error_code="invalid_answer", required=False, default=""
    )
    complex_barriers = serializers.BooleanField(required=False, allow_null=True, default=None)
    priority_groups = serializers.ListField(
        child=CodedChoiceField(choices=PriorityGroup.choices, error_code="invalid_priority_group"),
        required=False,
        default=list,
        help_text="Optional: the strategy's priority groups the person says they belong to "
        "(`prefer_not_to_say` alone, or any of the groups). Needs `priority_groups_consent`.",
    )
    priority_groups_consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True when the person agrees their priority-group answers are counted "
        "(anonymously). Required when `priority_groups` is not empty.",
    )
    consent_contact_employers = serializers.BooleanField(required=False, default=False)
    privacy_consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Must be true: the person has read the privacy notice.",
    )


class RegistrationCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField()
    # A new registration is confirmed or on the waiting list, never cancelled.
    status = serializers.ChoiceField(
        choices=[
            (Registration.Status.CONFIRMED.value, Registration.Status.CONFIRMED.label),
            (Registration.Status.WAITLISTED.value, Registration.Status.WAITLISTED.label),
        ]
    )
    name = serializers.CharField()
    category = serializers.CharField()
    adjustments = serializers.ListField(child=serializers.CharField())
    ticket = TicketSerializer(
        allow_null=True,
        help_text="Null while on the waiting list: the ticket is issued (and e-mailed, if an "
        "e-mail address was given) when a place frees up.",
    )
    warnings = NoticeSerializer(many=True)


class RegistrationSerializer(serializers.ModelSerializer):
    """One registration as the organiser sees it (adjustments included)."""

    school = serializers.CharField(source="school.name", read_only=True, allow_null=True)
    ticket_numbers = serializers.SerializerMethodField()
    created_at = LondonDateTimeField(read_only=True)
    waitlisted_at = LondonDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "status",
            "name",
            "email",
            "phone",
            "category",
            "adjustments",
            "adjustments_detail",
            "adjustments_late",
            "school",
            "year_group",
            "group_size",
            "ticket_numbers",
            "waitlisted_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_ticket_numbers(self, registration: Registration) -> list[str]:
        # From the prefetched tickets: no query per row.
        return [
            ticket.number
            for ticket in registration.tickets.all()
            if ticket.status == Ticket.Status.VALID
        ]


class StandApplicationCreateSerializer(serializers.Serializer):
    employer = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="Your employer's id; needed only if you are a contact for several.",
    )
    representatives = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    representative_names = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    vacancies = VacancyInputSerializer(
        many=True,
        required=False,
        default=list,
        help_text="The vacancies you bring, at most 30: the fields of an opportunity.",
    )
    sectors = serializers.SlugRelatedField(
        many=True, queryset=Sector.objects.all(), slug_field="slug", required=False
    )
    needs_power = serializers.BooleanField(required=False, default=False)
    needs_table = serializers.BooleanField(required=False, default=True)
    access_needs = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )


class StandApplicationSerializer(serializers.ModelSerializer):
    event_title = serializers.CharField(source="event.title", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    sectors: serializers.SlugRelatedField[Sector] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    vacancies = VacancySerializer(many=True, read_only=True)
    vacancies_count = serializers.IntegerField(
        read_only=True, help_text="Posts on offer in all its vacancies."
    )
    waitlisted_at = LondonDateTimeField(read_only=True, allow_null=True)
    decided_at = LondonDateTimeField(read_only=True, allow_null=True)
    created_at = LondonDateTimeField(read_only=True)

    class Meta:
        model = StandApplication
        fields = [
            "id",
            "event",
            "event_title",
            "employer",
            "employer_name",
            "status",
            "stand_number",
            "representatives",
            "representative_names",
            "vacancies",
            "vacancies_count",
            "sectors",
            "needs_power",
            "needs_table",
            "access_needs",
            "waitlisted_at",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = fields


class StandDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
