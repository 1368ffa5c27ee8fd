"""``GET /api/v1/engagement/summary/``: the summary narrowed to the caller, as JSON or a file."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import Role
from core.periods import academic_year_of
from engagement.models import Encounter, ExportLog
from tests.factories import EmployerFactory, HubFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/v1/engagement/summary/"
MEANINGFUL = dict(purpose_shared=True, learning_outcomes=True, two_way=True, reflection=True)


@pytest.fixture
def county():
    north, south = HubFactory(name="North hub"), HubFactory(name="South hub")
    alpha = SchoolFactory(name="Alpha School", hub=north)
    beta = SchoolFactory(name="Beta School", hub=north)
    gamma = SchoolFactory(name="Gamma School", hub=south)
    acme, zenith = EmployerFactory(name="Acme Ltd"), EmployerFactory(name="Zenith Ltd")
    plan = [(alpha, acme, 2), (alpha, zenith, 1), (beta, acme, 1), (gamma, zenith, 3)]
    n = 0
    for school, employer, count in plan:
        for _ in range(count):
            n += 1
            Encounter.objects.create(
                kind="employer_talk",
                source="recorded",
                source_key=f"test:{n}",
                occurred_on=date(2025, 11, 5),
                employer=employer,
                school=school,
                year_group=10,
                audience="pupils",
                people=20,
                district=school.district,
                hub=school.hub,
                **MEANINGFUL,
            )
    return dict(north=north, south=south, alpha=alpha, gamma=gamma, acme=acme, zenith=zenith)


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def groups(response) -> dict[str, int]:
    return {row["group"]: row["employer_encounters"] for row in response.json()["rows"]}


def test_summary_shape(county):
    response = api(member(Role.LEAD)).get(URL, {"academic_year": "2025-26"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"academic_year", "group_by", "rows", "totals"}
    assert (body["academic_year"], body["group_by"]) == ("2025-26", "school")
    assert body["rows"][0] == {
        "key": county["alpha"].pk,
        "group": "Alpha School",
        "employer_encounters": 3,
        "scanned_employer_encounters": 0,
        "recorded_employer_encounters": 3,
        "provider_encounters": 0,
        "meaningful_employer_encounters": 3,
        # Three encounters of the same year group, given only as numbers: at least 20 pupils.
        "people": 20,
        "pupils_reached": 20,
        "contacts": 60,
        "fair_attendance": 0,
        "employers": 2,
        "sme_encounters": 3,
        "priority_sector_encounters": 0,
        "complex_barriers_people": 0,
        # Outcomes belong to employers' stands: a school's row carries 0.
        "interviews_offered": 0,
        "job_offers": 0,
        "job_starts": 0,
        "job_starts_within_13_weeks": 0,
    }
    assert body["totals"]["group"] == "Total"
    assert (body["totals"]["employer_encounters"], body["totals"]["employers"]) == (7, 2)


def test_default_year_is_the_current_one(county):
    response = api(member(Role.LEAD)).get(URL)

    assert response.json()["academic_year"] == academic_year_of(timezone.localdate()).label


@pytest.mark.parametrize(
    "group_by", ["school", "hub", "district", "employer", "sector", "year_group"]
)
def test_every_grouping_adds_up_to_the_same_total(county, group_by):
    response = api(member(Role.LEAD)).get(URL, {"academic_year": "2025-26", "group_by": group_by})

    assert response.status_code == 200
    assert response.json()["group_by"] == group_by
    assert response.json()["totals"]["employer_encounters"] == 7


def test_lead_sees_the_county(county):
    response = api(member(Role.LEAD)).get(URL, {"academic_year": "2025-26"})

    assert groups(response) == {"Alpha School": 3, "Beta School": 1, "Gamma School": 3}


def test_coordinator_sees_only_their_hub(county):
    coordinator = member(Role.COORDINATOR, organisation=county["north"].organisation)

    response = api(coordinator).get(URL, {"academic_year": "2025-26", "group_by": "hub"})

    assert groups(response) == {"North hub": 4}
    assert response.json()["totals"]["employer_encounters"] == 4


def test_careers_leader_sees_only_their_school(county):
    leader = member(Role.CAREERS_LEADER, organisation=county["gamma"].organisation)

    response = api(leader).get(URL, {"academic_year": "2025-26"})

    assert groups(response) == {"Gamma School": 3}


def test_employer_contact_sees_only_its_own_encounters(county):
    contact = member(Role.EMPLOYER_CONTACT, organisation=county["acme"].organisation)

    response = api(contact).get(URL, {"academic_year": "2025-26", "group_by": "employer"})

    assert groups(response) == {"Acme Ltd": 3}


def test_jobcentre_organiser_sees_nothing_of_the_schools(county):
    organiser = member(Role.JOBCENTRE_ORGANISER)

    response = api(organiser).get(URL, {"academic_year": "2025-26"})

    assert response.json()["rows"] == []
    assert response.json()["totals"]["employer_encounters"] == 0


def test_anonymous_gets_401(county):
    response = api().get(URL, {"academic_year": "2025-26"})

    assert response.status_code == 401
    assert set(response.json()) == {"code", "detail"}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"academic_year": "2025-27"}, "invalid_academic_year"),
        ({"academic_year": "2025"}, "invalid_academic_year"),
        ({"group_by": "postcode"}, "invalid_group_by"),
        ({"format": "pdf"}, "invalid_format"),
        ({"academic_year": "2025-27", "format": "csv"}, "invalid_academic_year"),
    ],
)
def test_bad_parameters_are_400_with_code_and_detail(county, params, code):
    response = api(member(Role.LEAD)).get(URL, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not ExportLog.objects.exists()


def test_csv_format_returns_the_file_and_logs_it(county):
    lead = member(Role.LEAD)

    response = api(lead).get(
        URL, {"academic_year": "2025-26", "format": "csv"}, REMOTE_ADDR="198.51.100.7"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows] == [
        "group", "Alpha School", "Beta School", "Gamma School", "Total",
    ]  # fmt: skip
    assert rows[-1][1] == "7"
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.format, log.ip) == (lead, "api", "csv", "198.51.100.7")
    assert log.row_count == 4


def test_xlsx_by_accept_header_is_narrowed_like_the_json(county):
    leader = member(Role.CAREERS_LEADER, organisation=county["alpha"].organisation)

    response = api(leader).get(
        URL,
        {"academic_year": "2025-26"},
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook["Summary"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Alpha School", "Total"]
    assert "Definitions" in workbook.sheetnames
    assert ExportLog.objects.get().format == "xlsx"


def test_json_reads_are_not_export_logged(county):
    api(member(Role.LEAD)).get(URL, {"academic_year": "2025-26"})

    assert not ExportLog.objects.exists()


def test_query_count_does_not_grow_with_rows(county, django_assert_max_num_queries):
    lead = member(Role.LEAD)
    for n in range(30):
        school = SchoolFactory()
        Encounter.objects.create(
            kind="employer_talk", source="recorded", source_key=f"more:{n}",
            occurred_on=date(2025, 12, 1), employer=county["acme"], school=school,
            year_group=9, audience="pupils", people=5,
        )  # fmt: skip
    client = api(lead)
    # The first read after those writes brings the monthly tallies of the 30 schools up to
    # date; from then on a read costs the same however many rows there are.
    client.get(URL, {"academic_year": "2025-26"})

    # Auth, then the rows and the total from the tallies (state, sums, bitmaps, labels; state,
    # sums, bitmaps), and for each of the two the figures that are not sums, counted from the
    # raw rows: distinct adults, pupils and groups, fair attendance (3 + 3); the outcome totals
    # over the stands (rows by school have none: one query).
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"academic_year": "2025-26"})

    assert len(response.json()["rows"]) == 33


def test_schema_documents_the_endpoint(client):
    response = client.get("/api/v1/schema/", {"format": "json"})

    operation = response.json()["paths"]["/api/v1/engagement/summary/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"academic_year", "group_by", "format"}
    assert "application/json" in operation["responses"]["200"]["content"]
    assert "400" in operation["responses"]
