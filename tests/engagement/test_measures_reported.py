"""Reported measures: a lead enters or imports a published figure; bad input is refused; it goes
through targets, red/amber/green, snapshots (restated when corrected after a period closed),
pages, the API and the measures file."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import AuditAction, AuditEntry, Role
from core.exceptions import NotAllowed
from core.periods import academic_year, financial_year
from core.tabular import FileRejected, ImportInvalid
from engagement.measures import (
    MeasureError,
    Rag,
    ReportedEntry,
    format_figure,
    measure_figure,
    measure_figures,
    reported_value_record,
)
from engagement.models import Measure, ReportedValue
from engagement.reported_imports import reported_values_import_file
from engagement.snapshots import measures_freeze, snapshot_compare
from tests.factories import DistrictFactory, member

pytestmark = pytest.mark.django_db
AY = academic_year(2025)
LAST_AY = academic_year(2024)


def measure(code: str) -> Measure:
    return Measure.objects.get(code=code)


def report(by, code="participation-16-17", period="2025-26", value="98.1", **fields):
    entry = ReportedEntry(
        measure=measure(code),
        period_label=period,
        value=value,
        source=fields.pop("source", "DfE participation table"),
        published_on=fields.pop("published_on", date(2026, 3, 12)),
        **fields,
    )
    return reported_value_record(entry=entry, by=by)


def test_every_measure_is_seeded_with_the_strategys_baseline_and_target():
    expected = {
        "participation-16-17": ("97.90", "98.30"),
        "neet-not-known-16-17": ("3.39", "3.00"),
        "apprenticeship-starts-16-18": ("1955.00", "2255.00"),
        "apprenticeship-starts-higher": ("2757.00", "3697.00"),
        "apprenticeship-starts-stem": ("1394.00", "1492.00"),
        "esfa-learning-unemployed-adults": ("22000.00", "22000.00"),
        "english-maths-digital-passes": ("9974.00", "9974.00"),
        "sme-formal-training": ("65.00", "67.00"),
        "growth-hub-sme-skills-support": ("229.00", "750.00"),
    }
    for code, (baseline, target) in expected.items():
        seeded = measure(code)
        assert (str(seeded.baseline), str(seeded.target)) == (baseline, target), code
        assert seeded.kind == Measure.Kind.REPORTED
    assert measure("neet-not-known-16-17").better == Measure.Better.LOWER
    for code in ("unemployment-rate", "qualified-level-4-plus", "skills-shortage-vacancies"):
        assert measure(code).target is None  # overarching: reported without a target


def test_a_lead_reports_a_figure_and_it_shows_with_who_when_and_where_from():
    lead = member(Role.LEAD, full_name="Pat Lead")
    value, outcome = report(lead)

    figure = measure_figure(measure("participation-16-17"), period=AY)

    assert outcome == "created"
    assert figure.actual == Decimal("98.10")
    assert figure.rag == Rag.AMBER  # below 98.3, above 99% of it
    assert figure.result.reported.startswith("Reported by Pat Lead on ")
    assert "from DfE participation table (published 12 Mar 2026)" in figure.result.reported
    assert figure.baseline_display == "97.9% in 2017"
    entry = AuditEntry.objects.get(action=AuditAction.MEASURE_REPORTED_VALUE)
    assert entry.details["after"]["value"] == "98.10" and entry.details["before"] is None
    assert value.reported_by == lead


@pytest.mark.parametrize(
    ("value", "rag"), [("2.9", Rag.GREEN), ("3.2", Rag.AMBER), ("3.5", Rag.RED)]
)
def test_lower_is_better_for_the_neet_rate(value, rag):
    report(member(Role.LEAD), code="neet-not-known-16-17", value=value, source="DfE NEET table")

    assert measure_figure(measure("neet-not-known-16-17"), period=AY).rag == rag


def test_a_district_figure_is_its_own_and_a_count_has_no_target_there():
    lead = member(Role.LEAD)
    district = DistrictFactory()
    report(lead, code="apprenticeship-starts-16-18", value="210", district=district)
    starts = measure("apprenticeship-starts-16-18")

    local = measure_figure(starts, period=AY, scope=district)

    assert local.actual == 210 and local.target is None
    assert measure_figure(starts, period=AY).actual is None  # the county has none yet
    assert [f.measure.code for f in measure_figures(scope=district)].count(starts.code) == 1


@pytest.mark.parametrize(
    ("code", "period", "value", "message"),
    [
        ("participation-16-17", "2025-26", "100.5", "A percentage is between 0 and 100"),
        ("apprenticeship-starts-16-18", "2025-26", "-4", "A count cannot be negative"),
        ("apprenticeship-starts-16-18", "2025-26", "12.5", "A count is a whole number"),
        ("apprenticeship-starts-16-18", "2025-26", "lots", "is not a number"),
        ("participation-16-17", "2025-27", "98", "There is no period 2025-27"),
        ("participation-16-17", "2099-00", "98", "has not started yet"),
        ("growth-hub-sme-skills-support", "2025-26 Q5", "98", "There is no period"),
        ("apprenticeship-starts-16-18", "2025-26", "1e30", "1e30 is too large"),
        ("apprenticeship-starts-16-18", "2025-26", "10000000000", "at most 9,999,999,999.99"),
    ],
)
def test_a_figure_out_of_range_or_for_a_period_that_does_not_exist_is_refused(
    code, period, value, message
):
    with pytest.raises(MeasureError) as refused:
        report(member(Role.LEAD), code=code, period=period, value=value)

    assert message in refused.value.detail
    assert not ReportedValue.objects.exists()


def test_only_a_lead_reports_and_only_a_reported_measure():
    with pytest.raises(NotAllowed):
        report(member(Role.COORDINATOR))
    with pytest.raises(MeasureError, match="counted from our records"):
        report(member(Role.LEAD), code="sector-skills-events", value="2")
    with pytest.raises(MeasureError, match="source"):
        report(member(Role.LEAD), source=" ")


def _csv(*rows: str) -> bytes:
    return (
        "measure,period,district,value,source,published_on,note\r\n" + "\r\n".join(rows)
    ).encode()


def test_an_import_is_the_whole_file_or_nothing_with_every_bad_row_listed():
    lead = member(Role.LEAD)
    DistrictFactory(name="Stevenage")
    content = _csv(
        "participation-16-17,2025-26,,98.1,DfE participation table,2026-03-12,",
        "apprenticeship-starts-16-18,2025-26,Stevenage,210,DfE apprenticeships,,",
        "participation-16-17,2025-26,Narnia,98.1,DfE,,",
        "apprenticeship-starts-16-18,2025-27,,-3,DfE,,",
        "no-such-measure,2025-26,,1,DfE,,",
    )

    with pytest.raises(ImportInvalid) as invalid:
        reported_values_import_file(content=content, filename="figures.csv", by=lead)

    lines = {error.line: error.message for error in invalid.value.errors}
    assert set(lines) == {4, 5, 6}
    assert "There is no district Narnia." in lines[4]
    assert "There is no period 2025-27" in lines[5]
    assert "There is no reported measure no-such-measure." in lines[6]
    assert not ReportedValue.objects.exists()  # the good rows were not imported either


def test_a_good_import_creates_then_corrects_and_refuses_a_figure_twice():
    lead = member(Role.LEAD)
    first = _csv("participation-16-17,2025/26,,98.1,DfE participation table,12/03/2026,")
    result = reported_values_import_file(content=first, filename="f.csv", by=lead)
    again = reported_values_import_file(
        content=_csv("participation-16-17,2025-26,,98.2,DfE participation table,,revised"),
        filename="f.csv",
        by=lead,
    )
    twice = _csv(
        "participation-16-17,2025-26,,98.2,DfE,,", "participation-16-17,2025-26,,98.3,DfE,,"
    )

    assert (len(result.created), len(again.updated)) == (1, 1)
    assert ReportedValue.objects.get().value == Decimal("98.20")
    with pytest.raises(ImportInvalid):
        reported_values_import_file(content=twice, filename="f.csv", by=lead)
    assert ReportedValue.objects.get().value == Decimal("98.20")
    with pytest.raises(FileRejected):
        reported_values_import_file(content=b"measure\r\nx", filename="f.csv", by=lead)


def test_a_correction_after_a_period_closed_is_shown_as_a_restatement():
    lead = member(Role.LEAD)
    report(lead, period="2024-25", value="98.0")
    measures_freeze(by=lead, taken_on=LAST_AY.last_day)  # 31 August 2025 closes 2024-25

    before = {row.snapshot.measure.code: row for row in snapshot_compare(taken_on=LAST_AY.last_day)}
    report(lead, period="2024-25", value="98.4", note="DfE revised table")
    after = {row.snapshot.measure.code: row for row in snapshot_compare(taken_on=LAST_AY.last_day)}

    assert not before["participation-16-17"].restated
    assert before["participation-16-17"].status_display == "As reported on 31 Aug 2025"
    restated = after["participation-16-17"]
    assert restated.restated
    assert (restated.then_display, restated.now.actual_display) == ("98%", "98.4%")
    assert restated.status_display.startswith("Restated on ")
    [change] = restated.changes
    assert (change.details["before"]["value"], change.details["after"]["value"]) == (
        "98.00",
        "98.40",
    )
    assert not after["apprenticeship-starts-16-18"].restated


# --- Pages, API and the file ---------------------------------------------------------------------


def test_a_lead_reports_a_figure_on_the_page_and_a_coordinator_may_not(client):
    lead = member(Role.LEAD)
    client.force_login(lead)
    response = client.post(
        "/dashboard/reported/new/",
        {
            "measure": "growth-hub-sme-skills-support",
            "period": "2025-26",
            "value": "412",
            "source": "Herts Growth Hub annual report",
            "note": "",
        },
    )
    page = client.get("/dashboard/reported/")

    assert response.status_code == 302
    assert ReportedValue.objects.get().value == 412
    assert "Herts Growth Hub annual report" in page.content.decode()
    client.force_login(member(Role.COORDINATOR))
    assert client.get("/dashboard/reported/new/").status_code == 403
    assert client.get("/dashboard/reported/").status_code == 200


def test_a_bad_figure_on_the_page_is_refused_with_its_reason(client):
    client.force_login(member(Role.LEAD))
    response = client.post(
        "/dashboard/reported/new/",
        {"measure": "sme-formal-training", "period": "2025-26", "value": "140", "source": "Survey"},
    )

    assert response.status_code == 200
    assert "A percentage is between 0 and 100" in response.content.decode()


def test_the_import_page_lists_bad_rows(client):
    client.force_login(member(Role.LEAD))
    upload = SimpleUploadedFile("f.csv", _csv("participation-16-17,2025-26,,101,DfE,,"))

    response = client.post("/dashboard/reported/import/", {"file": upload})

    assert "Line 2: A percentage is between 0 and 100" in response.content.decode()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_reads_for_anyone_signed_in_and_writes_for_leads():
    url = "/api/v1/engagement/reported-values/"
    body = {
        "measure": "apprenticeship-starts-higher",
        "period": "2025-26",
        "value": "3120",
        "source": "DfE apprenticeships",
    }
    lead = api(member(Role.LEAD, full_name="Pat Lead"))

    assert api(member(Role.COORDINATOR)).post(url, body, format="json").status_code == 403
    created = lead.post(url, body, format="json")
    corrected = lead.post(url, {**body, "value": "3130"}, format="json")
    refused = lead.post(url, {**body, "value": "-1"}, format="json")
    listed = api(member(Role.COORDINATOR)).get(url, {"measure": "apprenticeship-starts-higher"})

    assert created.status_code == 201 and corrected.status_code == 200
    assert refused.status_code == 400 and "negative" in refused.json()["detail"]
    [row] = listed.json()["results"] if "results" in listed.json() else listed.json()
    assert row["value"] == "3130.00"
    assert row["reported"].startswith("Reported by Pat Lead on ")


def test_the_measures_file_has_every_definition_and_says_as_reported_or_restated(client):
    lead = member(Role.LEAD)
    report(lead, period="2024-25", value="98.0")
    measures_freeze(by=lead, taken_on=LAST_AY.last_day)
    report(lead, period="2024-25", value="98.4")
    client.force_login(lead)

    xlsx = client.get("/dashboard/measures/export/", {"format": "xlsx", "period": "ay-2024"})
    csv = client.get("/dashboard/measures/export/", {"format": "csv", "period": "ay-2024"})

    workbook = load_workbook(io.BytesIO(xlsx.content))
    definitions = [row[1] for row in workbook["Definitions"].iter_rows(values_only=True)]
    assert all(m.how_computed in definitions for m in Measure.objects.all())
    text = csv.content.decode("utf-8-sig")
    assert "Restated on" in text and "as reported: 98%; now: 98.4%" in text
    assert client.get("/dashboard/measures/export/").status_code == 200
    client.force_login(member(Role.COORDINATOR))
    assert client.get("/dashboard/measures/export/").status_code == 403


def test_a_financial_year_measure_takes_a_financial_year():
    report(member(Role.LEAD), code="growth-hub-sme-skills-support", period="2025-26", value="400")

    figure = measure_figure(measure("growth-hub-sme-skills-support"), period=financial_year(2025))

    assert (figure.actual, figure.rag) == (400, Rag.RED)  # 400 of 750, below 90%


def test_the_county_dashboard_shows_a_closed_period_as_reported_or_restated(client):
    lead = member(Role.LEAD)
    report(lead, period="2024-25", value="98.0")
    report(lead, code="apprenticeship-starts-16-18", period="2024-25", value="2000")
    measures_freeze(by=lead, taken_on=LAST_AY.last_day)
    report(lead, period="2024-25", value="98.4")
    client.force_login(lead)

    page = client.get("/dashboard/county/", {"period": "ay-2024"}).content.decode()

    assert "Restated on " in page and "As reported: 98%; now: 98.4%." in page
    assert "As reported on 31 Aug 2025" in page  # the apprenticeship starts stand as reported


def test_a_baseline_stated_in_words_is_shown_in_the_readers_language(client):
    neet = measure("neet-not-known-16-17")
    client.force_login(member(Role.LEAD))

    with translation.override("pl"):
        polish = measure_figure(neet, period=AY).baseline_display
        page = client.get("/dashboard/reported/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    english = client.get("/dashboard/reported/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert polish.endswith("% (grudzień 2016 – luty 2017)")
    assert "(grudzień 2016 – luty 2017)" in page
    assert "(rocznie – poziom do utrzymania)" in page
    assert "December 2016 – February 2017" not in page
    assert "(December 2016 – February 2017)" in english
    assert (
        measure_figure(neet, period=AY).baseline_display == "3.39% in December 2016 – February 2017"
    )


def test_figures_are_written_as_the_reader_writes_numbers():
    figures = {
        "count": Decimal(22000),
        "percent": Decimal("97.90"),
        "rate": Decimal("1234.567"),
    }
    units = {"count": Measure.Unit.COUNT, "percent": Measure.Unit.PERCENT, "rate": "count"}

    def shown():
        return {name: format_figure(value, units[name]) for name, value in figures.items()}

    with translation.override("pl"):
        polish = shown()
    english = shown()

    assert english == {"count": "22,000", "percent": "97.9%", "rate": "1,234.57"}
    assert polish == {"count": "22\xa0000", "percent": "97,9%", "rate": "1\xa0234,57"}
