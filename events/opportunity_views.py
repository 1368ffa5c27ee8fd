"""Public pages of opportunities (no account): every open vacancy at the fairs to come, with
filters, as a page and as CSV; and the employers and vacancies section of a fair's page.

What is open is decided once, in ``events.opportunities``; the API's feed reads the same.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from accounts.models import District, Sector
from core.shown_order import reading_order_key
from events import exports
from events.models import Event, Vacancy, VacancyType
from events.opportunities import (
    OpportunityFilters,
    fairs_with_opportunities,
    open_opportunities,
)
from events.selectors import approved_stands

PER_PAGE = 25


def _select(**attrs: Any) -> forms.Select:
    return forms.Select(attrs={"class": "govuk-select", **attrs})


def _choices(form: forms.Form, name: str, empty: str, label: Any, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101  (declared so just above)
    field.choices = [(empty, label), *choices]


class OpportunityFilterForm(forms.Form):
    """The filters, by the values a link can carry: a type, a sector's and a district's slug,
    a fair's id. Any other value is refused with a message, never an error page."""

    type = forms.ChoiceField(label=_("Type"), required=False, widget=_select())
    sector = forms.ChoiceField(label=_("Sector"), required=False, widget=_select())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "type", "", pgettext_lazy("vacancy type", "All types"), VacancyType.choices)
        sectors = sorted(
            ((sector.slug, str(sector)) for sector in Sector.objects.all()),
            key=lambda choice: reading_order_key(choice[1]),
        )
        _choices(self, "sector", "", pgettext_lazy("sector", "All sectors"), sectors)

    def filters(self, **extra: Any) -> OpportunityFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sector = Sector.objects.filter(slug=data["sector"]).first() if data.get("sector") else None
        return OpportunityFilters(
            type=data.get("type") or None, sector_id=sector.pk if sector else None, **extra
        )

    @property
    def active(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


class OpportunitySearchForm(OpportunityFilterForm):
    district = forms.ChoiceField(label=_("District"), required=False, widget=_select())
    event = forms.ChoiceField(
        label=_("Fair where the employer will be"), required=False, widget=_select()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = [(d.slug, d.name) for d in District.objects.order_by("name")]
        _choices(self, "district", "", pgettext_lazy("district", "All districts"), districts)
        fairs = [(str(event.pk), event.title) for event in fairs_with_opportunities()]
        _choices(self, "event", "", pgettext_lazy("fair", "All fairs"), fairs)

    def filters(self, **extra: Any) -> OpportunityFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        district = (
            District.objects.filter(slug=data["district"]).first() if data.get("district") else None
        )
        return super().filters(
            district_id=district.pk if district else None,
            event_id=int(data["event"]) if data.get("event") else None,
            **extra,
        )


def _search(request: HttpRequest) -> tuple[OpportunitySearchForm, int]:
    form = OpportunitySearchForm(request.GET or None)
    return form, (400 if form.is_bound and not form.is_valid() else 200)


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    """/opportunities/: open vacancies at the fairs to come, filtered, 25 a page."""
    form, status = _search(request)
    vacancies = (
        open_opportunities(filters=form.filters()) if status == 200 else Vacancy.objects.none()
    )
    page = Paginator(vacancies, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/opportunity_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=status,
    )


@require_GET
def opportunity_csv(request: HttpRequest) -> HttpResponseBase:
    """The same list, filtered the same way, as a CSV file for partners' sites and portals."""
    form, status = _search(request)
    if status != 200:
        return HttpResponse(
            str(_("Check the filters: one of them is not a value the list knows.")),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = StreamingHttpResponse(
        exports.csv_lines(exports.OPPORTUNITY_COLUMNS, open_opportunities(filters=form.filters())),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="opportunities.csv"'
    return response


def event_vacancies(*, event: Event, query: Any) -> dict[str, Any]:
    """The fair page's employers and their open vacancies, filtered by type and sector; shown
    before the day only (the vacancies of a fair over or cancelled are not open)."""
    form = OpportunityFilterForm(query if {"type", "sector"} & set(query) else None)
    by_stand: dict[int, list[Vacancy]] = {}
    for vacancy in open_opportunities(filters=form.filters(event_id=event.pk)):
        by_stand.setdefault(vacancy.application_id, []).append(vacancy)
    stands = [
        {"stand": stand, "vacancies": by_stand.get(stand.pk, [])}
        for stand in approved_stands(event=event)
    ]
    if form.active:
        stands = [row for row in stands if row["vacancies"]]
    return {
        "vacancy_form": form,
        "employer_stands": stands,
        "vacancies_shown": sum(len(rows) for rows in by_stand.values()),
    }
