"""The dashboards, by role and page; the recording forms; targets; snapshots; query counts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from core.dates import date_input_data
from engagement.models import (
    Encounter,
    EventEncounterFacts,
    Measure,
    MeasureSnapshot,
    SbwaPlacement,
)
from engagement.snapshots import measures_freeze
from engagement.tasks import measures_freeze_task
from events.models import Event
from tests.factories import (
    EmployerFactory,
    EventFactory,
    HubFactory,
    JobcentreVenueFactory,
    SchoolFactory,
    YearGroupRollFactory,
    member,
)

pytestmark = pytest.mark.django_db


def _encounter(n: int, school, employer, **fields) -> Encounter:
    return Encounter.objects.create(
        kind="employer_talk",
        source="recorded",
        source_key=f"dashboard-test:{n}",
        occurred_on=fields.pop("occurred_on", timezone.localdate() - timedelta(days=1)),
        audience="pupils",
        people=fields.pop("people", 20),
        school=school,
        hub=school.hub,
        district=school.district,
        year_group=fields.pop("year_group", 9),
        employer=employer,
        **fields,
    )


@pytest.fixture
def county():
    """Two hubs with a school each, two Jobcentres, two employers, a few encounters."""
    own_hub, other_hub = HubFactory(), HubFactory()
    own_school = SchoolFactory(hub=own_hub)
    other_school = SchoolFactory(hub=other_hub)
    for school in (own_school, other_school):
        YearGroupRollFactory(school=school, year_group=9, pupils=100)
    own_employer, other_employer = EmployerFactory(), EmployerFactory()
    _encounter(
        1,
        own_school,
        own_employer,
        purpose_shared=True,
        learning_outcomes=True,
        two_way=True,
        reflection=True,
        meaningful=True,
    )
    _encounter(2, other_school, other_employer)
    own_jobcentre, other_jobcentre = JobcentreVenueFactory(), JobcentreVenueFactory()
    return {
        "own_hub": own_hub,
        "other_hub": other_hub,
        "own_school": own_school,
        "other_school": other_school,
        "own_employer": own_employer,
        "other_employer": other_employer,
        "own_jobcentre": own_jobcentre.organisation,
        "other_jobcentre": other_jobcentre.organisation,
        "district": own_school.district,
    }


def _user(role: str, county: dict):
    organisation = {
        Role.COORDINATOR: county["own_hub"].organisation,
        Role.CAREERS_LEADER: county["own_school"].organisation,
        Role.JOBCENTRE_ORGANISER: county["own_jobcentre"],
        Role.EMPLOYER_CONTACT: county["own_employer"].organisation,
    }.get(role)
    return member(role, organisation)


PAGES = {
    "county": lambda c: "/dashboard/county/",
    "district": lambda c: f"/dashboard/districts/{c['district'].pk}/",
    "own hub": lambda c: f"/dashboard/hubs/{c['own_hub'].pk}/",
    "other hub": lambda c: f"/dashboard/hubs/{c['other_hub'].pk}/",
    "own school": lambda c: f"/dashboard/schools/{c['own_school'].pk}/",
    "other school": lambda c: f"/dashboard/schools/{c['other_school'].pk}/",
    "own jobcentre": lambda c: f"/dashboard/jobcentres/{c['own_jobcentre'].pk}/",
    "other jobcentre": lambda c: f"/dashboard/jobcentres/{c['other_jobcentre'].pk}/",
    "own employer": lambda c: f"/dashboard/employers/{c['own_employer'].pk}/",
    "other employer": lambda c: f"/dashboard/employers/{c['other_employer'].pk}/",
}

ROLE_PAGES = [
    (Role.LEAD, "county", 200),
    (Role.LEAD, "district", 200),
    (Role.LEAD, "own hub", 200),
    (Role.LEAD, "other school", 200),
    (Role.LEAD, "own jobcentre", 200),
    (Role.LEAD, "own employer", 200),
    (Role.ADMIN, "county", 200),
    (Role.COORDINATOR, "own hub", 200),
    (Role.COORDINATOR, "other hub", 404),
    (Role.COORDINATOR, "own school", 200),
    (Role.COORDINATOR, "other school", 404),
    (Role.COORDINATOR, "county", 404),
    (Role.COORDINATOR, "district", 404),
    (Role.CAREERS_LEADER, "own school", 200),
    (Role.CAREERS_LEADER, "other school", 404),
    (Role.CAREERS_LEADER, "own hub", 404),
    (Role.JOBCENTRE_ORGANISER, "own jobcentre", 200),
    (Role.JOBCENTRE_ORGANISER, "other jobcentre", 404),
    (Role.JOBCENTRE_ORGANISER, "county", 404),
    (Role.EMPLOYER_CONTACT, "own employer", 200),
    (Role.EMPLOYER_CONTACT, "other employer", 404),
    (Role.EMPLOYER_CONTACT, "own school", 404),
]


@pytest.mark.parametrize(("role", "page", "status"), ROLE_PAGES, ids=lambda v: str(v))
def test_each_role_sees_its_own_dashboards_and_no_one_elses(client, county, role, page, status):
    client.force_login(_user(role, county))

    assert client.get(PAGES[page](county)).status_code == status


@pytest.mark.parametrize("page", ["county", "own school", "own jobcentre"])
def test_signed_out_visitor_is_sent_to_sign_in(client, county, page):
    response = client.get(PAGES[page](county))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (Role.LEAD, "county"),
        (Role.COORDINATOR, "own hub"),
        (Role.CAREERS_LEADER, "own school"),
        (Role.JOBCENTRE_ORGANISER, "own jobcentre"),
        (Role.EMPLOYER_CONTACT, "own employer"),
    ],
)
def test_dashboard_in_the_navigation_leads_to_the_users_own(client, county, role, page):
    client.force_login(_user(role, county))

    response = client.get("/dashboard/?period=fy-2025")

    assert response.status_code == 302
    assert response.url == PAGES[page](county) + "?period=fy-2025"


@pytest.mark.parametrize("period", ["fy-9999", "ay-0001", "q-9999-4", "fy-２０２５", "fy-1999"])
def test_a_period_no_dashboard_shows_gives_todays_figures_not_an_error(client, county, period):
    client.force_login(member(Role.LEAD))

    typed = client.get("/dashboard/county/", {"period": period})
    today = client.get("/dashboard/county/")

    assert typed.status_code == 200
    assert typed.context["chosen"] is None
    assert typed.context["academic"].label == today.context["academic"].label


def test_county_dashboard_shows_each_measure_with_target_status_and_how_it_is_computed(
    client, county
):
    client.force_login(member(Role.LEAD))

    response = client.get("/dashboard/county/")

    html = response.content.decode()
    figures = response.context["figures"]
    assert len(figures) == Measure.objects.count()
    assert "A jobs fair every quarter in every Hertfordshire Jobcentre" in html
    assert "divided by all Hertfordshire Jobcentres" in html  # how it is computed
    assert "Red: off target" in html and "govuk-tag--red" in html
    assert f'href="/dashboard/districts/{county["district"].pk}/"' in html
    assert 'role="img"' in html and "<title id=" in html  # the charts, with their tables
    assert "/exports/engagement/?" in html


def test_a_chosen_period_is_kept_in_the_url_and_the_drill_down_links(client, county):
    client.force_login(member(Role.LEAD))

    response = client.get("/dashboard/county/?period=q-2025-1")

    html = response.content.decode()
    jobs_fairs = next(
        f
        for f in response.context["figures"]
        if f.measure.code == "jobs-fair-every-jobcentre-quarterly"
    )
    assert jobs_fairs.period.label == "2025-26 Q1"
    assert response.context["academic"].label == "2024-25"
    assert f"/dashboard/districts/{county['district'].pk}/?period=q-2025-1" in html


def test_district_drill_down_shows_that_districts_schools_and_totals(client, county):
    client.force_login(member(Role.LEAD))

    response = client.get(PAGES["district"](county))

    table = response.context["schools"]
    assert {row.label for row in table.rows} >= {county["own_school"].name}
    assert table.total.encounters == Encounter.objects.filter(district=county["district"]).count()


def test_careers_leader_sees_coverage_by_year_group_and_the_schools_encounters(client, county):
    client.force_login(_user(Role.CAREERS_LEADER, county))

    response = client.get(PAGES["own school"](county))

    rows = {row.year_group: row for row in response.context["coverage_rows"]}
    assert (rows[9].covered, rows[9].on_roll) == (20, 100)
    assert [e.source_key for e in response.context["encounters"]] == ["dashboard-test:1"]
    assert response.context["employers_met"] == 1
    assert "Record an encounter" in response.content.decode()


def test_employer_sees_only_its_own_encounters(client, county):
    client.force_login(_user(Role.EMPLOYER_CONTACT, county))

    reach = client.get(PAGES["own employer"](county)).context["reach"]

    assert reach.totals.encounters == 1
    assert [row.group for row in reach.schools] == [county["own_school"].name]


# --- Recording forms ------------------------------------------------------------------------


def test_school_encounter_form_with_bad_input_shows_errors_and_saves_nothing(client, county):
    client.force_login(_user(Role.CAREERS_LEADER, county))
    before = Encounter.objects.count()

    response = client.post(
        f"/dashboard/schools/{county['own_school'].pk}/encounters/new/",
        {
            "kind": "employer_talk",
            "occurred_on_day": "1",
            "occurred_on_month": "1",
            "occurred_on_year": "2099",
            "year_group": "9",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Choose the employer." in html
    assert "Give the number of pupils, or their references." in html
    assert Encounter.objects.count() == before


def test_school_encounter_form_refuses_a_future_date_from_the_service(client, county):
    client.force_login(_user(Role.CAREERS_LEADER, county))
    before = Encounter.objects.count()

    response = client.post(
        f"/dashboard/schools/{county['own_school'].pk}/encounters/new/",
        {
            "kind": "employer_talk",
            **date_input_data("occurred_on", timezone.localdate() + timedelta(days=3)),
            "year_group": "9",
            "employer": county["own_employer"].pk,
            "people": "10",
        },
    )

    assert "The date cannot be in the future." in response.content.decode()
    assert Encounter.objects.count() == before


def test_careers_leader_records_a_meaningful_encounter_with_pupil_references(client, county):
    client.force_login(_user(Role.CAREERS_LEADER, county))

    response = client.post(
        f"/dashboard/schools/{county['own_school'].pk}/encounters/new/",
        {
            "kind": "workplace_visit",
            **date_input_data("occurred_on", timezone.localdate()),
            "year_group": "10",
            "employer": county["own_employer"].pk,
            "pupil_refs": "P001\nP002\n\nP001",
            "purpose_shared": "on",
            "learning_outcomes": "on",
            "two_way": "on",
            "reflection": "on",
        },
    )

    assert response.status_code == 302
    recorded = Encounter.objects.get(kind="workplace_visit")
    assert (recorded.people, recorded.pupil_refs, recorded.meaningful) == (
        2,
        ["P001", "P002"],
        True,
    )


def test_a_coordinator_cannot_record_for_another_hubs_school(client, county):
    client.force_login(_user(Role.COORDINATOR, county))

    response = client.get(f"/dashboard/schools/{county['other_school'].pk}/encounters/new/")

    assert response.status_code == 404


def test_organiser_records_what_made_the_fair_meaningful(client, county):
    organiser = _user(Role.JOBCENTRE_ORGANISER, county)
    venue = county["own_jobcentre"].venues.get()
    fair = EventFactory(venue=venue, status=Event.Status.COMPLETED)
    client.force_login(organiser)

    response = client.post(
        f"/dashboard/events/{fair.pk}/meaningful/",
        {"purpose_shared": "on", "two_way": "on"},
    )

    assert response.status_code == 302
    facts = EventEncounterFacts.objects.get(event=fair)
    assert (facts.purpose_shared, facts.learning_outcomes, facts.two_way) == (True, False, True)


def test_someone_elses_fair_cannot_be_changed(client, county):
    fair = EventFactory(venue=county["other_jobcentre"].venues.get())
    client.force_login(_user(Role.JOBCENTRE_ORGANISER, county))

    assert client.post(f"/dashboard/events/{fair.pk}/meaningful/", {}).status_code == 403
    assert not EventEncounterFacts.objects.filter(event=fair).exists()


def test_sbwa_placement_form_refuses_a_future_date_and_records_a_good_one(client, county):
    client.force_login(_user(Role.JOBCENTRE_ORGANISER, county))
    url = f"/dashboard/jobcentres/{county['own_jobcentre'].pk}/placements/new/"

    bad = client.post(
        url, {**date_input_data("started_on", date(2999, 1, 1)), "aged_50_plus": "yes"}
    )
    missing = client.post(url, date_input_data("started_on", None))
    good = client.post(
        url, {**date_input_data("started_on", timezone.localdate()), "aged_50_plus": "no"}
    )

    assert "The start date cannot be in the future." in bad.content.decode()
    assert "Enter the date the placement started" in missing.content.decode()
    assert good.status_code == 302
    placement = SbwaPlacement.objects.get()
    assert (placement.jobcentre, placement.aged_50_plus) == (county["own_jobcentre"], False)


def test_a_lead_cannot_record_a_jobcentres_placement(client, county):
    client.force_login(member(Role.LEAD))

    url = f"/dashboard/jobcentres/{county['own_jobcentre'].pk}/placements/new/"
    assert client.get(url).status_code == 403


# --- Targets ------------------------------------------------------------------------------------


def test_lead_changes_a_target_through_the_form(client):
    lead = member(Role.LEAD)
    client.force_login(lead)

    response = client.post(
        "/dashboard/measures/benchmark-5-coverage/target/", {"target": "95", "amber_from": "0.7"}
    )

    assert response.status_code == 302
    measure = Measure.objects.get(code="benchmark-5-coverage")
    assert (measure.target, measure.amber_from, measure.updated_by) == (95, Decimal("0.7"), lead)


def test_a_percentage_target_over_100_is_refused_with_a_message(client):
    client.force_login(member(Role.LEAD))

    response = client.post(
        "/dashboard/measures/benchmark-5-coverage/target/", {"target": "150", "amber_from": "0.8"}
    )

    assert "A percentage target is 100 or less." in response.content.decode()
    assert Measure.objects.get(code="benchmark-5-coverage").target == 100


def test_a_coordinator_may_not_open_the_target_form(client):
    client.force_login(member(Role.COORDINATOR))

    url = "/dashboard/measures/benchmark-5-coverage/target/"
    assert client.post(url, {"target": "1", "amber_from": "0.8"}).status_code == 403
    assert client.get("/dashboard/measures/").status_code == 200  # reading them is fine


# --- Snapshots ----------------------------------------------------------------------------------


def test_lead_freezes_todays_figures_and_compares_them_with_today(client, county):
    client.force_login(member(Role.LEAD))

    response = client.post("/dashboard/snapshots/freeze/")

    today = timezone.localdate()
    assert response.status_code == 302
    assert response.url == f"/dashboard/snapshots/{today.isoformat()}/"
    county_rows = MeasureSnapshot.objects.filter(taken_on=today, scope="county")
    assert county_rows.count() == Measure.objects.count()
    assert (
        MeasureSnapshot.objects.filter(scope="jobcentre").count() == 2 * 6
    )  # 6 Jobcentre measures
    assert MeasureSnapshot.objects.filter(scope="hub").count() == 2 * 5  # 5 school measures

    # A new meaningful encounter after the freeze shows up as a change.
    _encounter(
        3,
        county["other_school"],
        county["other_employer"],
        people=50,
        purpose_shared=True,
        learning_outcomes=True,
        two_way=True,
        reflection=True,
    )
    compare = client.get(response.url)

    html = compare.content.decode()
    assert "As at" in html
    coverage = next(
        row
        for row in compare.context["comparisons"]
        if row.snapshot.measure.code == "benchmark-5-coverage"
    )
    assert (coverage.then_display, coverage.now.actual_display, coverage.change_display) == (
        "10%",
        "35%",
        "+25%",
    )


def test_freezing_twice_on_one_day_replaces_the_snapshot(county):
    lead = member(Role.LEAD)

    first = measures_freeze(by=lead)
    second = measures_freeze(by=lead)

    assert first == second == MeasureSnapshot.objects.count()


def test_snapshot_page_mentions_the_national_reporting_dates_and_coordinators_cannot_freeze(client):
    client.force_login(member(Role.LEAD))
    assert (
        "31 December, 31 March and 31 July" in client.get("/dashboard/snapshots/").content.decode()
    )

    client.force_login(member(Role.COORDINATOR))
    assert client.post("/dashboard/snapshots/freeze/").status_code == 404
    assert not MeasureSnapshot.objects.exists()


def test_the_scheduled_freeze_runs_only_on_the_reporting_dates():
    assert measures_freeze_task("2026-03-30") == 0
    assert measures_freeze_task("2026-03-31") == Measure.objects.count()
    assert MeasureSnapshot.objects.filter(taken_on=date(2026, 3, 31)).exists()


# --- Query counts -------------------------------------------------------------------------------


def _more_schools(count: int) -> None:
    employer = EmployerFactory()
    hub = HubFactory()
    for n in range(count):
        school = SchoolFactory(hub=hub)
        YearGroupRollFactory(school=school, year_group=8, pupils=90)
        _encounter(100 + n, school, employer, year_group=8)
        JobcentreVenueFactory()


def _queries(client, url: str, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# The summaries read the monthly tallies: 4 queries each (months built and slices changed, sums,
# employer bitmaps, labels) whatever the size of the ledger, where one GROUP BY over the ledger
# was 1 query whose time grew with it. Distinct people and fair attendance cannot be added up
# from monthly cells: each summary and each table's total counts them from the raw rows with 3
# more queries (adults by key, pupils and groups, attendance), and a table's total is counted
# over all rows again rather than added up (a person in two hubs is one person). Measures of
# events add one query each for what is booked ("on track"), the reported figures one query for
# all of them, and the county one for the snapshots that closed its periods: a constant per
# measure. The county's "who we reach and feedback" panel adds a constant 12 (four reach
# tables, the feedback figures, three grouped breakdowns, adjustments met, three for themes).
# measure. A Jobcentre's page adds its outcomes: per fair and their events, the academies'
# figures and its academies (4 queries, whatever the number of stands or participants).
# A page reads each of these once (core.request_memo: the tallies' freshness, coverage, the
# Jobcentres, a rollup two panels show), the county's hubs and districts together, and the sets
# of events a measure compares (held, booked) and the reach tables in one statement each.
@pytest.mark.parametrize(
    ("role", "page", "ceiling"),
    [
        (Role.LEAD, "county", 48),
        (Role.LEAD, "district", 37),
        (Role.COORDINATOR, "own hub", 24),  # its schools' fair attendance: one statement
        (Role.CAREERS_LEADER, "own school", 17),
        (Role.JOBCENTRE_ORGANISER, "own jobcentre", 21),
        (Role.EMPLOYER_CONTACT, "own employer", 12),
    ],
)
def test_dashboard_queries_are_bounded_and_do_not_grow_with_schools(
    client, county, role, page, ceiling, django_assert_max_num_queries
):
    client.force_login(_user(role, county))
    url = PAGES[page](county)
    client.get(url)  # warm the session

    with django_assert_max_num_queries(ceiling):
        client.get(url)
    few = _queries(client, url, django_assert_max_num_queries)
    _more_schools(6)
    client.get(url)  # the first read after those writes brings the six schools' tallies up to date
    many = _queries(client, url, django_assert_max_num_queries)

    assert many == few
