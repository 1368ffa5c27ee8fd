"""Dates and times as people type them: the GOV.UK date input and a forgiving time field.

``DateInputField`` shows three boxes, Day / Month / Year, in a fieldset with a hint, and answers
with the Design System's messages ("Date of the event must include a month", "... must be a
real date"); only the box or boxes that are wrong are highlighted, and the error summary links
to the first of them. ``TimeOfDayField`` takes a clock time as people write it: 14:00, 2pm,
9:30am, 9.30 pm, midday. Both are for the HTML forms only: the API keeps ISO 8601.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT
from django.utils.translation import gettext_lazy as _

PARTS = ("day", "month", "year")

# Month names are accepted in English whatever the page's language, as well as in that language.
ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
DAY_PATTERN = re.compile(r"^0?([1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?$", re.IGNORECASE)
MONTH_NUMBER_PATTERN = re.compile(r"^0?([1-9]|1[0-2])$")
DATE_HINT = _("For example, 27 3 2026")
TIME_HINT = _("For example, 9:30am or 14:00")

DATE_ERROR_MESSAGES: dict[str, Any] = {
    "required": _("Enter %(name)s"),
    "missing_day": _("%(name)s must include a day"),
    "missing_month": _("%(name)s must include a month"),
    "missing_year": _("%(name)s must include a year"),
    "missing_day_month": _("%(name)s must include a day and month"),
    "missing_day_year": _("%(name)s must include a day and year"),
    "missing_month_year": _("%(name)s must include a month and year"),
    "year_digits": _("%(name)s must include a year with 4 numbers"),
    "invalid": _("%(name)s must be a real date"),
}


def month_number(typed: str) -> int | None:
    """1–12 from '3', '03', 'march', 'Mar' or 'mar.' (English or the page's language)."""
    text = typed.strip().rstrip(".").casefold()
    if match := MONTH_NUMBER_PATTERN.match(text):
        return int(match.group(1))
    if len(text) < 3:
        return None
    for number, english in enumerate(ENGLISH_MONTHS, start=1):
        if english.startswith(text) and (len(text) == 3 or text == english or text == "sept"):
            return number
    for names in (MONTHS, MONTHS_ALT, MONTHS_3):
        for number, name in names.items():
            if str(name).casefold() == text:
                return number
    return None


class DateProblem(ValueError):
    """Why three boxes do not make a date: a key of ``DATE_ERROR_MESSAGES`` and the wrong boxes."""

    def __init__(self, code: str, parts: Sequence[str]) -> None:
        super().__init__(code)
        self.code = code
        self.parts = list(parts)


def date_from_parts(day: str, month: str, year: str) -> date | None:
    """The date typed in three boxes, ``None`` when all are empty.

    Raises ``DateProblem`` in the Design System's order: what is missing first, then what cannot
    be correct. Leading and trailing spaces do not matter; months may be names ('march', 'Mar').
    """
    typed = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = [part for part in PARTS if not typed[part]]
    if len(missing) == len(PARTS):
        return None
    if missing:
        raise DateProblem("missing_" + "_".join(missing), missing)

    day_match = DAY_PATTERN.match(typed["day"])
    number_of_month = month_number(typed["month"])
    year_is_number = typed["year"].isascii() and typed["year"].isdigit()
    wrong = [
        part
        for part, ok in (
            ("day", day_match is not None),
            ("month", number_of_month is not None),
            ("year", year_is_number and int(typed["year"]) > 0),
        )
        if not ok
    ]
    if wrong == ["year"] and year_is_number and len(typed["year"]) != 4:
        raise DateProblem("year_digits", ["year"])
    if wrong:
        raise DateProblem("invalid", wrong)
    if len(typed["year"]) != 4:
        raise DateProblem("year_digits", ["year"])
    assert day_match is not None and number_of_month is not None  # noqa: S101 (checked above)
    try:
        return date(int(typed["year"]), number_of_month, int(day_match.group(1)))
    except ValueError:  # 31 February: the day is what cannot be right for that month
        raise DateProblem("invalid", ["day"]) from None


def date_as_parts(value: Any) -> list[str]:
    """A date (or an ISO date string) as the day, month and year boxes show it."""
    if isinstance(value, str) and value:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return ["", "", ""]
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    return ["", "", ""]


def date_input_data(name: str, value: date | None) -> dict[str, str]:
    """What a browser posts for ``value`` typed into the date input called ``name``."""
    typed = date_as_parts(value)
    return {f"{name}_{part}": text for part, text in zip(PARTS, typed, strict=True)}


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named ``<name>_day``, ``<name>_month`` and ``<name>_year``.

    ``includes/govuk_field.html`` renders it through ``govuk_template`` (labels, hint, errors);
    the widget only reads what was posted and splits a date for showing again.
    """

    govuk_template = "govuk/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        super().__init__(
            {part: forms.TextInput(attrs=numeric) for part in PARTS},
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[str]:
        return date_as_parts(value)


class DateInputBoundField(BoundField):
    """A bound date input that knows which of its boxes the errors are about."""

    @property
    def highlighted_parts(self) -> set[str]:
        """Boxes to mark red: those an error names, or all three for an error about the date."""
        highlighted: set[str] = set()
        for error in self.errors.as_data():
            params = error.params if isinstance(error.params, Mapping) else {}
            highlighted.update(params.get("parts") or PARTS)
        return highlighted

    @property
    def id_for_label(self) -> str:
        """The first wrong box (the day when all are), for the error summary's link."""
        highlighted = self.highlighted_parts
        first = next((part for part in PARTS if part in highlighted), "day")
        return f"{self.auto_id}_{first}" if self.auto_id else ""

    @property
    def date_parts(self) -> list[dict[str, Any]]:
        """Day, month and year as the template shows them: label, name, id, value, error."""
        values = self.value()
        if not isinstance(values, Sequence) or isinstance(values, str) or len(values) != 3:
            values = date_as_parts(values)
        highlighted = self.highlighted_parts
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        return [
            {
                "part": part,
                "label": labels[part],
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "value": value or "",
                "width": 4 if part == "year" else 2,
                "error": part in highlighted,
            }
            for part, value in zip(PARTS, values, strict=True)
        ]


class DateInputField(forms.Field):
    """A date typed as day, month and year (the GOV.UK date input), cleaned to a ``date``.

    ``error_name`` is how messages name the date ("Date of the event must include a month");
    it defaults to the label. Give a ``required`` message of your own when "Enter" followed by
    the name does not read well.
    """

    widget = DateInputWidget
    bound_field_class = DateInputBoundField
    default_error_messages = DATE_ERROR_MESSAGES

    def __init__(
        self,
        *,
        error_name: Any = None,
        help_text: Any = DATE_HINT,
        **kwargs: Any,
    ) -> None:
        super().__init__(help_text=help_text, **kwargs)
        self.error_name = error_name

    @property
    def name_in_messages(self) -> Any:
        return self.error_name or self.label or _("The date")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return list(value)
        return date_as_parts(value)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        if value in self.empty_values:
            return None
        if isinstance(value, str):  # an ISO date given as initial data, never a typed one
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise self._error("invalid", list(PARTS)) from None
        day, month, year = (str(part or "") for part in value)
        try:
            return date_from_parts(day, month, year)
        except DateProblem as problem:
            raise self._error(problem.code, problem.parts) from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise self._error("required", list(PARTS))

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True

    def _error(self, code: str, parts: list[str]) -> ValidationError:
        name = str(self.name_in_messages)
        if code == "required" and name[1:2].islower():
            name = name[0].lower() + name[1:]  # "Enter date of the event", not "Enter Date ..."
        return ValidationError(
            self.error_messages[code], code=code, params={"name": name, "parts": parts}
        )


# --- Times ------------------------------------------------------------------------------------

TIME_PATTERN = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.]?\s*(?P<minute>\d{2}))?\s*(?P<half>[ap])?\.?\s*(?:m\.?)?$",
    re.IGNORECASE,
)
NAMED_TIMES = {"midday": time(12), "noon": time(12), "12 noon": time(12), "midnight": time(0)}


def time_from_text(typed: str) -> time | None:
    """A clock time from '14:00', '1400', '14', '2pm', '9:30am', '9.30 p.m.' or 'midday'.

    ``None`` when it cannot be read. With am or pm the hour is 1–12 (12am is midnight, 12pm
    midday); without, the 24-hour clock.
    """
    text = " ".join(typed.split()).casefold()
    if text in NAMED_TIMES:
        return NAMED_TIMES[text]
    match = TIME_PATTERN.match(text)
    if match is None or (match.group("half") is None and text.endswith("m")):
        return None
    hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
    half = match.group("half")
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.casefold() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeOfDayField(forms.TimeField):
    """A clock time in one box, 24-hour or am/pm ("For example, 9:30am or 14:00")."""

    default_error_messages = {
        "required": _("Enter a time"),
        "invalid": _("Enter a time like 9:30am or 14:00"),
    }

    def __init__(self, *, help_text: Any = TIME_HINT, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TimeInput(format="%H:%M"))
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value: Any) -> time | None:
        if isinstance(value, time):
            return value
        if value in self.empty_values:
            return None
        parsed = time_from_text(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed
