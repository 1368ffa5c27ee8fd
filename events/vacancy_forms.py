"""The vacancy rows of the stand application form and of the page that changes them.

A fixed number of rows (``vacancy_<n>_<field>``), each checked by the same service function as
the API (``vacancy_clean``), whose refusal lands on the row's own field. An empty row is skipped;
the page shows the first empty rows behind "Add another vacancy" (a details element, so it needs
no JavaScript).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import District, Sector
from core.dates import DateInputField
from core.shown_order import reading_order_key
from events.models import MAX_POSTS, MAX_VACANCIES, Vacancy, VacancyHours, VacancyType
from events.services.vacancies import FLAGS, VacancyError, vacancy_clean

VACANCY_ROWS = 5  # blank rows on a new application
SPARE_ROWS = 3  # blank rows after the vacancies already given, when changing them

LEVEL_CHOICES = [
    ("", _("Not an apprenticeship")),
    ("2", _("Level 2 (intermediate)")),
    ("3", _("Level 3 (advanced)")),
    ("4", _("Level 4 (higher)")),
    ("5", _("Level 5 (higher)")),
    ("6", _("Level 6 (degree)")),
    ("7", _("Level 7 (master's degree)")),
]
ROW_FIELDS = (
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
    *FLAGS,
)
# What a person must have typed for a row to count as given (the lists have defaults).
TYPED_FIELDS = ("title", "posts", "pay", "location", "link", "level", "sector", "district")


def _select(**attrs: Any) -> forms.Select:
    return forms.Select(attrs={"class": "govuk-select", **attrs})


def _choices(model: Any, empty: Any) -> list[tuple[Any, Any]]:
    # Read once for all the rows: one query, not one a row; in the order of the names shown.
    shown = sorted(((obj.pk, str(obj)) for obj in model.objects.all()), key=_reading_order)
    return [("", empty), *shown]


def _reading_order(choice: tuple[Any, str]) -> tuple[str, str]:
    return reading_order_key(choice[1])


def _row_fields(
    editing: bool, sectors: list[tuple[Any, Any]], districts: list[tuple[Any, Any]]
) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {
        "title": forms.CharField(label=_("Job title"), required=False, max_length=200),
        "type": forms.ChoiceField(
            label=_("Type"),
            choices=VacancyType.choices,
            initial="job",
            required=False,
            widget=_select(),
        ),
        "level": forms.ChoiceField(
            label=_("Apprenticeship level"),
            choices=LEVEL_CHOICES,
            required=False,
            widget=_select(),
            help_text=_("Apprenticeships only."),
        ),
        "sector": forms.ChoiceField(
            label=_("Sector"), choices=sectors, required=False, widget=_select()
        ),
        "posts": forms.CharField(
            label=_("Number of posts"),
            required=False,
            max_length=12,
            help_text=_("From 1 to %(max)d. Leave empty for 1.") % {"max": MAX_POSTS},
            widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        ),
        "hours": forms.ChoiceField(
            label=_("Hours"),
            choices=VacancyHours.choices,
            initial="full_time",
            required=False,
            widget=_select(),
        ),
        "pay": forms.CharField(
            label=_("Pay (optional)"),
            required=False,
            max_length=100,
            help_text=_("As the advert gives it, for example £12.60 an hour."),
        ),
        "district": forms.ChoiceField(
            label=_("District where the work is (optional)"),
            choices=districts,
            required=False,
            widget=_select(),
        ),
        "location": forms.CharField(
            label=_("Or the place (optional)"), required=False, max_length=200
        ),
        "closing_date": DateInputField(
            label=_("Closing date (optional)"),
            error_name=_("The closing date"),
            required=False,
            help_text=_("For example, 31 3 2027. Leave it empty if the vacancy stays open."),
        ),
        "link": forms.URLField(
            label=_("Link to the advert (optional)"),
            required=False,
            max_length=500,
            assume_scheme="https",
            widget=forms.TextInput(attrs={"type": "url", "spellcheck": "false"}),
        ),
        "fifty_plus_friendly": forms.BooleanField(
            label=_("Open to people aged 50 and over (age-friendly)"), required=False
        ),
        "disability_confident": forms.BooleanField(
            label=_("We are a Disability Confident employer"), required=False
        ),
        "no_experience_needed": forms.BooleanField(label=_("No experience needed"), required=False),
    }
    if editing:
        fields["id"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
        fields["filled"] = forms.BooleanField(
            label=_("Filled or closed: take it off the fair's page"), required=False
        )
    return fields


class VacancyRowsMixin(forms.Form):
    """Adds ``rows`` vacancy rows to a form; ``vacancy_rows_clean`` gives the rows typed in."""

    vacancy_row_count = VACANCY_ROWS
    editing = False
    kept: dict[int, Vacancy]

    def add_vacancy_rows(self, rows: int, kept: dict[int, Vacancy] | None = None) -> None:
        self.vacancy_row_count = min(rows, MAX_VACANCIES)
        self.kept = kept or {}
        sectors = _choices(Sector, pgettext_lazy("sector", "Not given"))
        districts = _choices(District, pgettext_lazy("district", "Not given"))
        for row in range(1, self.vacancy_row_count + 1):
            for name, field in _row_fields(self.editing, sectors, districts).items():
                self.fields[f"vacancy_{row}_{name}"] = field

    def vacancy_rows(self) -> list[dict[str, Any]]:
        """Each row for the template: its number, fields, and whether it starts open."""
        rows = []
        for row in range(1, self.vacancy_row_count + 1):
            names = [*ROW_FIELDS, *(("filled",) if self.editing else ())]
            bound = [self[f"vacancy_{row}_{name}"] for name in names]
            given = any(field.errors for field in bound) or self._row_given(row)
            rows.append(
                {
                    "number": row,
                    "fields": bound,
                    "id": self[f"vacancy_{row}_id"] if self.editing else None,
                    "open": row == 1 or given,
                }
            )
        return rows

    def _row_given(self, row: int) -> bool:
        prefix = f"vacancy_{row}_"
        if self.is_bound:
            return any(self.data.get(f"{prefix}{name}") for name in (*TYPED_FIELDS, "id")) or any(
                self.data.get(f"{prefix}closing_date_{part}") for part in ("day", "month")
            )
        return bool(self.initial.get(f"{prefix}title"))

    def vacancy_rows_clean(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        vacancies = []
        for row in range(1, self.vacancy_row_count + 1):
            prefix = f"vacancy_{row}_"
            values = {name: data.get(f"{prefix}{name}") for name in ROW_FIELDS}
            vacancy_id = data.get(f"{prefix}id") if self.editing else None
            typed = any(values[name] for name in TYPED_FIELDS) or values["closing_date"]
            if not typed and vacancy_id is None:
                continue
            if vacancy_id is not None and not values["title"]:
                continue  # a vacancy's title cleared: it is removed
            values["filled"] = bool(data.get(f"{prefix}filled"))
            if vacancy_id is not None:
                values["id"] = vacancy_id
            if values["posts"] in (None, ""):
                values["posts"] = 1
            if any(f"{prefix}{name}" in self.errors for name in ROW_FIELDS):
                continue  # already refused by the field itself
            try:
                vacancy_clean(data=values, index=row - 1, kept=self.kept.get(vacancy_id or 0))
            except VacancyError as error:
                field = f"{prefix}{error.field}"
                problem = _("Vacancy %(number)d: %(problem)s") % {
                    "number": row,
                    "problem": error.detail,
                }
                self.add_error(field if field in self.fields else None, problem)
                continue
            vacancies.append(values)
        return vacancies


def vacancy_initial(vacancies: list[Vacancy]) -> dict[str, Any]:
    """The rows' initial values from the vacancies already saved."""
    initial: dict[str, Any] = {}
    for row, vacancy in enumerate(vacancies, start=1):
        prefix = f"vacancy_{row}_"
        for name in (*ROW_FIELDS, "filled"):
            value = getattr(vacancy, name)
            initial[f"{prefix}{name}"] = value
        initial[f"{prefix}id"] = vacancy.pk
        initial[f"{prefix}level"] = str(vacancy.level) if vacancy.level else ""
        initial[f"{prefix}sector"] = vacancy.sector_id or ""
        initial[f"{prefix}district"] = vacancy.district_id or ""
    return initial


class StandVacanciesForm(VacancyRowsMixin):
    """The employer changes the vacancies of a live application (and marks them filled)."""

    editing = True

    def __init__(self, *args: Any, vacancies: list[Vacancy], **kwargs: Any) -> None:
        kwargs.setdefault("initial", vacancy_initial(vacancies))
        super().__init__(*args, **kwargs)
        self.add_vacancy_rows(len(vacancies) + SPARE_ROWS, {v.pk: v for v in vacancies})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["vacancies"] = self.vacancy_rows_clean(data)
        return data


def vacancy_error_on_form(form: forms.Form, error: VacancyError) -> None:
    """A service's refusal of one vacancy shown on its row's field."""
    field = f"vacancy_{error.index + 1}_{error.field}"
    form.add_error(field if field in form.fields else None, error.detail)
