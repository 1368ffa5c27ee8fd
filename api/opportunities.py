"""``GET /api/v1/opportunities/``: the open feed of vacancies at upcoming fairs, for anyone
(a county opportunities portal, a partner's site) without signing in.

Only what ``events.opportunities.open_opportunities`` lets through: vacancies of approved stands
at published fairs not yet over, not closed and not filled, and no personal data.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.models import Sector
from api.event_serializers import PUBLIC_ERRORS, LondonDateTimeField
from api.filters import CodedChoiceFilter, DistrictFilter, IdFilter
from events.models import Vacancy, VacancyType
from events.opportunities import OpportunityFilters, open_opportunities
from events.services.vacancies import sector_find

DEFAULT_RATE = "300/min"


class OpportunitiesRateThrottle(AnonRateThrottle):
    """Per client without an account; the rate is ``DEFAULT_THROTTLE_RATES["opportunities"]``
    when set, else ``DEFAULT_RATE``: generous for a portal, a stop to scraping in a loop."""

    scope = "opportunities"

    def get_rate(self) -> str | None:
        return self.THROTTLE_RATES.get(self.scope) or DEFAULT_RATE


class SectorField(forms.CharField):
    """A sector by id, slug or name, any case."""

    def clean(self, value: Any) -> Sector | None:
        given = super().clean(value)
        if not given:
            return None
        sector = sector_find(given)
        if sector is None:
            raise ValidationError(
                _("Unknown sector “%(sector)s”."), code="invalid_sector", params={"sector": given}
            )
        return sector


@extend_schema_field({"type": "string"})
class SectorFilter(django_filters.CharFilter):
    field_class = SectorField


class OpportunityFilter(django_filters.FilterSet):
    type = CodedChoiceFilter(
        choices=VacancyType.choices,
        code="invalid_type",
        message=_("Unknown type of vacancy: choose one of %(types)s."),
        params={"types": ", ".join(VacancyType.values)},
        help_text="Only this type: " + ", ".join(VacancyType.values) + ".",
    )
    sector = SectorFilter(max_length=100, help_text="A sector's id, slug or name.")
    district = DistrictFilter(max_length=100, help_text="A district's name or slug.")
    event = IdFilter(
        code="invalid_event", message=_("“event” must be an event id."), help_text="A fair's id."
    )

    class Meta:
        model = Vacancy
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
        data = self.form.cleaned_data
        sector, district = data.get("sector"), data.get("district")
        filters = OpportunityFilters(
            type=data.get("type") or None,
            sector_id=sector.pk if sector else None,
            district_id=district.pk if district else None,
            event_id=data.get("event"),
        )
        return open_opportunities(filters=filters)


class OpportunitySerializer(serializers.ModelSerializer):
    """A vacancy in the public feed: the job, the employer's name and the fair; nothing about a
    person (no representatives, no contact)."""

    sector = serializers.CharField(
        source="sector.name", read_only=True, allow_null=True, help_text="The sector's name."
    )
    district = serializers.CharField(
        source="district.name",
        read_only=True,
        allow_null=True,
        help_text="Where the work is (a Hertfordshire district), if the employer said.",
    )
    employer = serializers.CharField(
        source="application.employer.name", read_only=True, help_text="The employer's name."
    )
    event = serializers.IntegerField(
        source="application.event_id", read_only=True, help_text="The fair's id."
    )
    event_title = serializers.CharField(source="application.event.title", read_only=True)
    event_starts_at = LondonDateTimeField(source="application.event.starts_at", read_only=True)

    # Empty when the employer gave none: a plain string, not a "uri" that must be present.
    link = serializers.CharField(read_only=True, help_text="The advert (http or https), or empty.")

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "title",
            "type",
            "level",
            "sector",
            "employer",
            "event",
            "event_title",
            "event_starts_at",
            "district",
            "location",
            "closing_date",
            "fifty_plus_friendly",
            "disability_confident",
            "no_experience_needed",
            "posts",
            "hours",
            "pay",
            "link",
        ]
        read_only_fields = fields


class OpportunityListView(generics.ListAPIView):
    """Vacancies of approved stands at upcoming published fairs, soonest fair first: not filled,
    closing date not passed. No sign-in needed; no personal data."""

    permission_classes = [AllowAny]
    throttle_classes = [OpportunitiesRateThrottle]
    serializer_class = OpportunitySerializer
    filterset_class = OpportunityFilter

    def get_queryset(self) -> QuerySet[Vacancy]:
        return open_opportunities()

    @extend_schema(responses={200: OpportunitySerializer(many=True), **PUBLIC_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
