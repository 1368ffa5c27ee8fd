"""The API's list filters as django-filter FilterSets.

A FilterSet checks and converts the query (a bad value is a 400 with ``code`` and ``detail``,
through ``api.exceptions``) and drf-spectacular documents its parameters from it. The narrowing
itself stays with the app's selector, the one the pages use too, so a list's rules live once.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from accounts.audit import audit_entries
from accounts.models import AuditAction, AuditEntry, District
from events.calendars import LONDON
from events.models import Event, EventKind
from events.selectors import EventFilters, event_list

BIGINT_MAX = 2**63 - 1  # the database's largest id
OUT_OF_RANGE = _("“%(name)s” is too far in the past or the future.")


class ListFilterBackend(DjangoFilterBackend):
    """FilterSets narrow lists only: an object's own address and its actions take no filters."""

    def get_filterset_class(self, view: Any, queryset: Any = None) -> Any:
        if getattr(view, "action", "list") != "list":
            return None
        return super().get_filterset_class(view, queryset)


# --- Form fields whose errors carry the API's codes -----------------------------------------------


class CodedChoiceField(django_filters.fields.ChoiceField):
    """A choice whose refusal is one message under one machine ``code``."""

    def __init__(self, *args: Any, code: str, message: Any, params: Any = None, **kwargs: Any):
        self.code, self.message, self.params = code, message, params
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        try:
            super().validate(value)
        except ValidationError:
            raise ValidationError(self.message, code=self.code, params=self.params) from None


class CodedChoiceFilter(django_filters.ChoiceFilter):
    field_class = CodedChoiceField


_SPACE_FOR_PLUS = re.compile(r" (\d\d:?\d\d)$")


class MomentField(forms.Field):
    """A date ("2026-12-01") or ISO datetime, as an aware datetime. A date given as the end of a
    range (``end_of_day``) means the end of that day (London), so ``from=X&to=X`` is that day."""

    def __init__(self, *args: Any, name: str, end_of_day: bool = False, **kwargs: Any):
        self.name, self.end_of_day = name, end_of_day
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> datetime | None:
        value = str(value or "").strip()
        if not value:
            return None
        value = _SPACE_FOR_PLUS.sub(r"+\1", value)  # an unencoded "+" arrives as a space
        try:
            day = parse_date(value)
            moment = None if day is not None else parse_datetime(value)
        except ValueError:
            day = moment = None
        if day is None and moment is None:
            raise ValidationError(
                _("“%(name)s” must be a date (2026-12-01) or an ISO 8601 date and time."),
                code="invalid_date",
                params={"name": self.name},
            )
        try:
            return self._aware(day, moment)
        except OverflowError:
            raise ValidationError(
                OUT_OF_RANGE, code="invalid_date", params={"name": self.name}
            ) from None

    def _aware(self, day: date | None, moment: datetime | None) -> datetime:
        if day is not None:
            moment = datetime.combine(day, time(0), tzinfo=LONDON)
            if self.end_of_day:
                moment += timedelta(days=1)
        elif moment is not None and timezone.is_naive(moment):
            moment = moment.replace(tzinfo=LONDON)
        if moment is None:
            raise ValueError("a day or a moment is needed")
        moment.astimezone(UTC)  # the database stores UTC: year 1 or 9999 may not fit
        return moment


class MomentFilter(django_filters.CharFilter):  # documented as a string
    field_class = MomentField


class DayField(forms.DateField):
    """A whole day (YYYY-MM-DD) whose end is still a date (not 9999-12-31)."""

    def __init__(self, *args: Any, name: str, **kwargs: Any):
        self.name = name
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        if day is not None and day >= date.max:
            raise ValidationError(OUT_OF_RANGE, code="invalid", params={"name": self.name})
        return day


class DayFilter(django_filters.DateFilter):
    field_class = DayField


class IdField(forms.IntegerField):
    """A database id: a whole number from 1 to the largest the database holds."""

    def __init__(self, *args: Any, code: str, message: Any, **kwargs: Any):
        self.code, self.message = code, message
        super().__init__(*args, min_value=1, max_value=BIGINT_MAX, **kwargs)

    def clean(self, value: Any) -> Any:
        try:
            return super().clean(value)
        except ValidationError:
            raise ValidationError(self.message, code=self.code) from None


class IdFilter(django_filters.Filter):
    field_class = IdField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Documented as what it takes: a whole number that fits an id.
        schema = {"type": "integer", "minimum": 1, "maximum": BIGINT_MAX}
        extend_schema_field({**schema, "description": self.extra.get("help_text", "")})(self)


class DistrictField(forms.CharField):
    """A district by its name or slug, any case."""

    def clean(self, value: Any) -> District | None:
        given = super().clean(value)
        if not given:
            return None
        district = District.objects.filter(Q(slug=given.lower()) | Q(name__iexact=given)).first()
        if district is None:
            raise ValidationError(
                _("Unknown district “%(district)s”."),
                code="invalid_district",
                params={"district": given},
            )
        return district


class DistrictFilter(django_filters.CharFilter):  # documented as a string
    field_class = DistrictField


class FlagField(forms.Field):
    """1, true or yes (any case) is on; anything else, or nothing, is off."""

    def to_python(self, value: Any) -> bool:
        return str(value or "").strip().lower() in {"1", "true", "yes"}


class FlagFilter(django_filters.BooleanFilter):  # documented as a boolean
    field_class = FlagField


# --- Events ---------------------------------------------------------------------------------------


class EventListForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and end <= start:
            after = ValidationError(_("“to” must be after “from”."), code="invalid_range")
            self.add_error("to", after)
        return data


class EventListFilter(django_filters.FilterSet):
    """``GET /api/v1/events/``: the events list's filters."""

    kind = CodedChoiceFilter(
        choices=EventKind.choices,
        code="invalid_kind",
        message=_("Unknown kind of event: choose one of %(kinds)s."),
        params={"kinds": ", ".join(EventKind.values)},
        help_text="Only this kind of event.",
    )
    # "from" and "to" are the query's names, and Python keywords: set through the namespace.
    locals()["from"] = MomentFilter(
        name="from", help_text="Starting on or after: a date (2026-12-01) or ISO datetime."
    )
    locals()["to"] = MomentFilter(
        name="to",
        end_of_day=True,
        help_text="Starting before: a date (inclusive: the whole day) or datetime.",
    )
    venue = IdFilter(
        code="invalid_venue", message=_("“venue” must be a venue id."), help_text="A venue id."
    )
    district = DistrictFilter(help_text="A district's name or slug.")
    status = CodedChoiceFilter(
        choices=Event.Status.choices,
        code="invalid_status",
        message=_("Unknown event status."),
        help_text="Only events in this status.",
    )
    mine = FlagFilter(help_text="1: only the events you organise (through your hub/Jobcentre).")

    class Meta:
        model = Event
        fields: list[str] = []
        form = EventListForm

    def filter_queryset(self, queryset: QuerySet[Event]) -> QuerySet[Event]:
        # The events selector applies every filter, "mine" (what the caller organises) included.
        data = self.form.cleaned_data
        district = data.get("district")
        filters = EventFilters(
            kind=data.get("kind") or None,
            starts_from=data.get("from"),
            starts_to=data.get("to"),
            venue_id=data.get("venue"),
            district_id=district.pk if district else None,
            status=data.get("status") or None,
            mine=bool(data.get("mine")),
        )
        if filters == EventFilters():
            return queryset
        chosen = event_list(viewer=self.request.user, filters=filters)
        return queryset.filter(pk__in=chosen.values("pk"))


# --- The audit log --------------------------------------------------------------------------------


class AuditListForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            backwards = ValidationError(
                _("The end date must be the same as or after the start."), code="invalid"
            )
            self.add_error("to", backwards)
        return data


class AuditListFilter(django_filters.FilterSet):
    """``GET /api/v1/audit/``: the audit log's filters."""

    action = django_filters.ChoiceFilter(choices=AuditAction.choices, help_text="One action.")
    actor = django_filters.CharFilter(
        max_length=254, help_text="Part of the actor's e-mail address."
    )
    locals()["from"] = DayFilter(name="from", help_text="From this day (YYYY-MM-DD), included.")
    locals()["to"] = DayFilter(name="to", help_text="To this day (YYYY-MM-DD), included.")

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = AuditListForm

    def filter_queryset(self, queryset: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        # The audit selector reads the days in London and matches part of the address.
        data = self.form.cleaned_data
        if not any(data.values()):
            return queryset
        chosen = audit_entries(
            action=data.get("action") or None,
            actor_email=data.get("actor") or None,
            date_from=data.get("from"),
            date_to=data.get("to"),
        )
        return queryset.filter(pk__in=chosen.values("pk"))
