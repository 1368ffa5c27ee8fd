"""The dashboards (county → hub / district / Jobcentre → school; an employer's own), the measures
and their targets, snapshots, and the pages that record what the encounter ledger needs.

The period and the drill-down are in the URL (GET), so every view can be bookmarked and shared;
every object is checked against the viewer (accounts.permissions) and answers 404 otherwise.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.models import District, Organisation, OrganisationKind, Role
from accounts.permissions import can_change, can_view, is_admin
from core.exceptions import DomainError
from core.forms import form_error_from, posted
from core.periods import Period, financial_year
from core.request_memo import memo_per_request
from employers.models import Employer
from engagement import dashboards as reads
from engagement.coverage import unique_employers_by_school
from engagement.encounter_scope import encounters_visible_to
from engagement.forms import (
    DashboardPeriodForm,
    EventEncounterFactsForm,
    SbwaPlacementForm,
    SchoolEncounterForm,
)
from engagement.forums import forum_figures
from engagement.ledger import (
    RecordedEncounter,
    event_encounter_facts_update,
    sbwa_placement_record,
    school_encounter_record,
)
from engagement.measures import (
    jobcentres_in,
    may_change_targets,
    measure_figures,
)
from engagement.models import Encounter, EventEncounterFacts
from engagement.monthly import encounters_by_month
from engagement.outcomes import outcome_panel
from engagement.permissions import lead_or_404
from engagement.provider_access import provider_access
from engagement.rollups import encounters_in
from engagement.snapshots import (
    with_closing,
)
from engagement.summary_columns import GroupBy
from events.models import Event
from schools.models import Hub, School


def _page(request: AuthenticatedRequest, **context: Any) -> dict[str, Any]:
    """What every dashboard shows around its figures: the period chosen and its selector."""
    chosen = reads.period_parse(request.GET.get(reads.PERIOD_PARAMETER))
    query = f"?{urlencode({'period': reads.period_value(chosen)})}" if chosen else ""
    academic = reads.encounter_period(chosen)
    return {
        "chosen": chosen,
        "chosen_name": reads.period_name(chosen) if chosen else _("Today"),
        "period_form": DashboardPeriodForm(
            {"period": reads.period_value(chosen) if chosen else ""},
            options=reads.period_options(),
        ),
        "query": query,
        "academic": academic,
        "may_change_targets": may_change_targets(request.user),
        **context,
    }


def _export_url(academic: Period, group_by: str, file_format: str, **filters: int) -> str:
    query: dict[str, str | int] = {
        "academic_year": academic.label,
        "group_by": group_by,
        "format": file_format,
        **filters,
    }
    return reverse("engagement-export") + "?" + urlencode(query)


def _exports(academic: Period, group_by: str, **filters: int) -> dict[str, str]:
    return {
        "xlsx": _export_url(academic, group_by, "xlsx", **filters),
        "csv": _export_url(academic, group_by, "csv", **filters),
    }


def _chosen(request: AuthenticatedRequest) -> Period | None:
    return reads.period_parse(request.GET.get(reads.PERIOD_PARAMETER))


@login_required
def dashboard_mine(request: AuthenticatedRequest) -> HttpResponse:
    """ "Dashboard" in the navigation: the county for leads, the user's own scope otherwise."""
    url = reads.own_dashboard_url(request.user)
    if url is None:
        raise Http404
    query = request.GET.urlencode()
    return redirect(url + (f"?{query}" if query else ""))


@login_required
@memo_per_request
def county(request: AuthenticatedRequest) -> HttpResponse:
    lead_or_404(request)
    context = _page(request)
    chosen, academic, query = context["chosen"], context["academic"], context["query"]
    encounters = Encounter.objects.all()
    schools = School.objects.all()
    sector_chart, sector_rows = reads.sector_chart(period=academic, encounters=encounters)
    hubs, districts = reads.group_tables(
        period=academic,
        encounters=encounters,
        schools=schools,
        specs=[
            reads.TableSpec(
                GroupBy.HUB,
                "dashboard:hub",
                _("Careers Hubs, %(period)s") % {"period": academic.label},
                _("Careers Hub"),
            ),
            reads.TableSpec(
                GroupBy.DISTRICT,
                "dashboard:district",
                _("Districts, %(period)s") % {"period": academic.label},
                _("District"),
            ),
        ],
        query=query,
    )
    context.update(
        hubs=hubs,
        districts=districts,
        figures=with_closing(measure_figures(scope=None, chosen=chosen)),
        measures_export={
            kind: reverse("dashboard:measures-export")
            + f"?{urlencode({'format': kind})}"
            + (f"&{query[1:]}" if query else "")
            for kind in ("xlsx", "csv")
        },
        grids=reads.jobcentre_grids(start_year=reads.jobcentre_year(chosen)),
        outcomes=outcome_panel(start_year=reads.jobcentre_year(chosen)),
        month_chart=encounters_by_month(period=academic, encounters=encounters),
        sector_chart=sector_chart,
        sector_rows=sector_rows,
        exports=_exports(academic, "district"),
        forums=forum_figures(),
    )
    return render(request, "engagement/dashboard/county.html", context)


@login_required
@memo_per_request
def hub(request: AuthenticatedRequest, hub_id: int) -> HttpResponse:
    hub = get_object_or_404(Hub.objects.select_related("organisation"), pk=hub_id)
    if not can_view(request.user, hub):
        raise Http404
    context = _page(request, hub=hub)
    academic = context["academic"]
    schools = School.objects.filter(hub=hub)
    encounters = Encounter.objects.filter(hub=hub)
    coverage_chart, coverage_rows = reads.coverage_by_year_group(period=academic, schools=schools)
    context.update(
        figures=measure_figures(scope=hub, chosen=context["chosen"]),
        schools=reads.school_table(
            period=academic,
            encounters=encounters,
            schools=schools,
            caption=_("%(hub)s's schools, %(period)s")
            % {"hub": hub.name, "period": academic.label},
            query=context["query"],
        ),
        coverage_chart=coverage_chart,
        coverage_rows=coverage_rows,
        month_chart=encounters_by_month(period=academic, encounters=encounters),
        exports=_exports(academic, "school", hub=hub.pk),
    )
    return render(request, "engagement/dashboard/hub.html", context)


@login_required
@memo_per_request
def district(request: AuthenticatedRequest, district_id: int) -> HttpResponse:
    lead_or_404(request)
    district = get_object_or_404(District, pk=district_id)
    context = _page(request, district=district)
    academic, chosen = context["academic"], context["chosen"]
    schools = School.objects.filter(district=district)
    encounters = Encounter.objects.filter(district=district)
    jobcentre_ids = set(jobcentres_in(district).values_list("pk", flat=True))
    grids = reads.jobcentre_grids(start_year=reads.jobcentre_year(chosen))
    grids.rows = [row for row in grids.rows if row[0].venue.organisation_id in jobcentre_ids]
    context.update(
        figures=measure_figures(scope=district, chosen=chosen),
        schools=reads.school_table(
            period=academic,
            encounters=encounters,
            schools=schools,
            caption=_("Schools in %(district)s, %(period)s")
            % {"district": district.name, "period": academic.label},
            query=context["query"],
        ),
        grids=grids,
        month_chart=encounters_by_month(period=academic, encounters=encounters),
        exports=_exports(academic, "school", district=district.pk),
    )
    return render(request, "engagement/dashboard/district.html", context)


def _records_placements(request: AuthenticatedRequest, jobcentre: Organisation) -> bool:
    user: Any = request.user
    return jobcentre.pk in user.organisation_ids(Role.JOBCENTRE_ORGANISER) or is_admin(user)


@login_required
@memo_per_request
def jobcentre(request: AuthenticatedRequest, jobcentre_id: int) -> HttpResponse:
    jobcentre = get_object_or_404(Organisation, pk=jobcentre_id, kind=OrganisationKind.JOBCENTRE)
    if not can_view(request.user, jobcentre):
        raise Http404
    context = _page(request, jobcentre=jobcentre)
    chosen = context["chosen"]
    start_year = reads.jobcentre_year(chosen)
    figures = measure_figures(scope=jobcentre, chosen=chosen)
    year = next((f.period for f in figures if f.period.kind == "financial_year"), None)
    context.update(
        figures=figures,
        grids=reads.jobcentre_grids(start_year=start_year, jobcentre=jobcentre),
        placements=reads.placements_of(
            jobcentre=jobcentre, period=year or financial_year(start_year)
        ),
        may_record=_records_placements(request, jobcentre),
        outcomes=outcome_panel(start_year=start_year, jobcentre=jobcentre, viewer=request.user),
    )
    return render(request, "engagement/dashboard/jobcentre.html", context)


@login_required
@memo_per_request
def school(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = get_object_or_404(School.objects.select_related("hub", "district"), pk=school_id)
    if not can_view(request.user, school):
        raise Http404
    context = _page(request, school=school)
    academic = context["academic"]
    schools = School.objects.filter(pk=school.pk)
    encounters = Encounter.objects.filter(school=school)
    coverage_chart, coverage_rows = reads.coverage_by_year_group(period=academic, schools=schools)
    context.update(
        figures=measure_figures(scope=school, chosen=context["chosen"]),
        coverage_chart=coverage_chart,
        coverage_rows=coverage_rows,
        employers_met=unique_employers_by_school(period=academic, schools=schools).get(
            school.pk, 0
        ),
        encounters=list(
            encounters_in(academic, queryset=encounters)
            .select_related("employer", "event")
            .order_by("-occurred_on", "-pk")[:50]
        ),
        month_chart=encounters_by_month(period=academic, encounters=encounters),
        may_record=can_change(request.user, school),
        exports=_exports(academic, "year_group", school=school.pk),
        provider_access=provider_access(school=school, today=timezone.localdate()),
    )
    return render(request, "engagement/dashboard/school.html", context)


@login_required
@memo_per_request
def employer(request: AuthenticatedRequest, employer_id: int) -> HttpResponse:
    employer = get_object_or_404(Employer, pk=employer_id)
    if not can_view(request.user, employer):
        raise Http404
    context = _page(request, employer=employer)
    academic = context["academic"]
    encounters = encounters_visible_to(request.user, Encounter.objects.filter(employer=employer))
    context.update(
        reach=reads.employer_reach(period=academic, encounters=encounters),
        month_chart=encounters_by_month(period=academic, encounters=encounters),
        exports=_exports(academic, "school", employer=employer.pk),
    )
    return render(request, "engagement/dashboard/employer.html", context)


# --- Recording what the ledger needs ----------------------------------------------------------


@login_required
def school_encounter_new(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = get_object_or_404(School.objects.select_related("hub"), pk=school_id)
    if not can_view(request.user, school):
        raise Http404
    if not can_change(request.user, school):
        raise PermissionDenied
    form = SchoolEncounterForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            school_encounter_record(
                encounter=RecordedEncounter(
                    kind=data["kind"],
                    occurred_on=data["occurred_on"],
                    school=school,
                    year_group=data["year_group"],
                    employer=data["employer"],
                    provider_name=data["provider_name"],
                    people=data["people"],
                    pupil_refs=data["pupil_refs"],
                    purpose_shared=data["purpose_shared"],
                    learning_outcomes=data["learning_outcomes"],
                    two_way=data["two_way"],
                    reflection=data["reflection"],
                    note=data["note"],
                ),
                by=request.user,
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Encounter recorded."))
            return redirect("dashboard:school", school_id=school.pk)
    return render(
        request, "engagement/dashboard/school_encounter_form.html", {"form": form, "school": school}
    )


@login_required
def event_facts(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("venue", "organiser"), pk=event_id)
    if not can_view(request.user, event):
        raise Http404
    if not can_change(request.user, event):
        raise PermissionDenied
    facts = EventEncounterFacts.objects.filter(event=event).first()
    initial = (
        {name: getattr(facts, name) for name in EventEncounterFactsForm.base_fields}
        if facts
        else {}
    )
    form = EventEncounterFactsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event_encounter_facts_update(event=event, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Saved. The fair's encounters now carry these facts."))
            return redirect("dashboard:event-facts", event_id=event.pk)
    return render(
        request, "engagement/dashboard/event_facts_form.html", {"form": form, "event": event}
    )


@login_required
def sbwa_placement_new(request: AuthenticatedRequest, jobcentre_id: int) -> HttpResponse:
    jobcentre = get_object_or_404(Organisation, pk=jobcentre_id, kind=OrganisationKind.JOBCENTRE)
    if not can_view(request.user, jobcentre):
        raise Http404
    if not _records_placements(request, jobcentre):
        raise PermissionDenied
    form = SbwaPlacementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sbwa_placement_record(
                jobcentre_id=jobcentre.pk,
                started_on=data["started_on"],
                aged_50_plus=data["aged_50_plus"],
                sector_id=data["sector"].pk if data["sector"] else None,
                employer=data["employer"],
                by=request.user,
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Placement recorded."))
            return redirect("dashboard:jobcentre", jobcentre_id=jobcentre.pk)
    return render(
        request,
        "engagement/dashboard/sbwa_placement_form.html",
        {"form": form, "jobcentre": jobcentre},
    )
