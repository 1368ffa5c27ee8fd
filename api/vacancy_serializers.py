"""Vacancies in the API: what an employer sends with a stand application (or when changing its
vacancies), and what comes back.

The input's shape is checked here; its rules (a level on apprenticeships only, a closing date
not in the past, an http(s) link, a known sector and district) are the events service's
``vacancy_clean``, run in ``validate`` so a refusal lands on the vacancy's own field with the
service's code, and run again by the service when it saves.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import MAX_POSTS, MAX_VACANCIES, Vacancy, VacancyHours, VacancyType
from events.services.vacancies import VacancyError, vacancy_clean

MAX_INT = 2**31 - 1


@extend_schema_field(
    {
        "oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "maxLength": 100}],
        "nullable": True,
    }
)
class ReferenceField(serializers.Field):
    """A sector or district given by its id (a number) or by its name or slug (a string)."""

    default_error_messages = {"invalid": "Give an id (a number) or a name."}

    def to_internal_value(self, data: Any) -> int | str:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        if isinstance(data, str) and (len(data) > 100 or "\x00" in data):
            self.fail("invalid")
        if isinstance(data, int) and not 0 < data <= 2**63 - 1:
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class VacancyInputListSerializer(serializers.ListSerializer):
    """The list is refused before any vacancy in it is read when it is too long."""

    def to_internal_value(self, data: Any) -> list[Any]:
        if isinstance(data, list) and len(data) > MAX_VACANCIES:
            raise serializers.ValidationError(
                [_("Give at most %(max)d vacancies.") % {"max": MAX_VACANCIES}],
                code="too_many_vacancies",
            )
        return super().to_internal_value(data)


class VacancyInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="When changing the vacancies: the id of a vacancy to keep and change.",
    )
    title = serializers.CharField(max_length=200, help_text="The job's title.")
    type = serializers.ChoiceField(
        choices=VacancyType.choices, default=VacancyType.JOB, help_text="Default `job`."
    )
    level = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=-MAX_INT,
        max_value=MAX_INT,
        help_text="Apprenticeships only, and required for them: 2 to 7.",
    )
    sector = ReferenceField(
        required=False,
        allow_null=True,
        help_text=(
            "The sector: its id (as in the stand application's `sectors`), its slug "
            "(`digital`) or its name (`Digital`), any case."
        ),
    )
    posts = serializers.IntegerField(
        required=False,
        min_value=-MAX_INT,
        max_value=MAX_INT,
        help_text=f"Number of posts, 1 to {MAX_POSTS}. Default 1.",
    )
    count = serializers.IntegerField(
        required=False,
        write_only=True,
        min_value=-MAX_INT,
        max_value=MAX_INT,
        help_text="Deprecated name of `posts`, still accepted.",
    )
    hours = serializers.ChoiceField(choices=VacancyHours.choices, default=VacancyHours.FULL_TIME)
    pay = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="As the advert gives it."
    )
    district = ReferenceField(
        required=False,
        allow_null=True,
        help_text="Where the work is: a Hertfordshire district's id, slug or name.",
    )
    location = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Where the work is, as text."
    )
    closing_date = serializers.DateField(
        required=False, allow_null=True, help_text="Today or later; none means open."
    )
    link = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="The advert: http(s) only."
    )
    fifty_plus_friendly = serializers.BooleanField(default=False)
    disability_confident = serializers.BooleanField(default=False)
    no_experience_needed = serializers.BooleanField(default=False)
    filled = serializers.BooleanField(
        default=False, help_text="Filled or closed: it leaves the public opportunities."
    )

    class Meta:
        list_serializer_class = VacancyInputListSerializer

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        count = attrs.pop("count", None)
        if "posts" not in attrs and count is not None:
            attrs["posts"] = count
        attrs.setdefault("posts", 1)
        if self.context.get("check_rules", True):
            try:
                vacancy_clean(data=attrs)
            except VacancyError as error:
                field = error.field if error.field in self.fields else "non_field_errors"
                raise serializers.ValidationError(
                    {field: [serializers.ErrorDetail(error.detail, code=error.code)]}
                ) from None
        return attrs


class VacancySerializer(serializers.ModelSerializer):
    """A vacancy as its employer (and the event's organisers) see it."""

    sector = serializers.CharField(source="sector.name", read_only=True, allow_null=True)
    district = serializers.CharField(source="district.name", read_only=True, allow_null=True)
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
            "posts",
            "hours",
            "pay",
            "district",
            "location",
            "closing_date",
            "link",
            "fifty_plus_friendly",
            "disability_confident",
            "no_experience_needed",
            "filled",
        ]
        read_only_fields = fields
