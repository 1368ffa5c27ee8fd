"""Engagement exports: the files hold exactly the summary, stream, explain themselves, and are
logged; ``manage.py export_engagement`` refuses bad input without writing anything."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.models import Role
from core.periods import academic_year
from engagement.exports import CSV_ROWS_PER_CHUNK, ENCOUNTER_COLUMNS, summary_table
from engagement.management.commands.export_engagement import Command as ExportCommand
from engagement.models import Encounter, ExportLog
from engagement.summary_columns import COLUMNS, GroupBy
from tests.factories import (
    EmployerFactory,
    HubFactory,
    SchoolFactory,
    SectorFactory,
    member,
)

pytestmark = pytest.mark.django_db
YEAR = academic_year(2025)
MEANINGFUL = dict(purpose_shared=True, learning_outcomes=True, two_way=True, reflection=True)


def encounter(n: int, **fields) -> Encounter:
    defaults = dict(
        kind="employer_talk",
        source="recorded",
        source_key=f"test:{n}",
        occurred_on=date(2025, 10, 1),
        audience="pupils",
        people=10,
    )
    defaults.update(fields)
    school = defaults.get("school")
    if school is not None:
        defaults.setdefault("district", school.district)
        defaults.setdefault("hub", school.hub)
    return Encounter.objects.create(**defaults)


@pytest.fixture
def county():
    """Two hubs, three schools, three employers (one in two sectors), and encounters across them,
    one of them the year before (never exported for 2025-26)."""
    north, south = HubFactory(name="North hub"), HubFactory(name="South hub")
    schools = [
        SchoolFactory(name="Alpha School", hub=north),
        SchoolFactory(name="Beta School", hub=north),
        SchoolFactory(name="Gamma School", hub=south),
    ]
    digital, care = SectorFactory(name="Digital"), SectorFactory(name="Health and social care")
    employers = [EmployerFactory(name="=HYPERLINK Ltd", size_band="small") for _ in range(1)]
    employers += [EmployerFactory(size_band="large"), EmployerFactory(size_band="medium")]
    employers[0].sectors.add(digital, care)
    employers[1].sectors.add(digital)
    n = 0
    for index, school in enumerate(schools):
        for employer in employers[: index + 1]:
            n += 1
            encounter(n, school=school, employer=employer, year_group=9 + index, **MEANINGFUL)
    encounter(99, school=schools[0], employer=employers[0], occurred_on=date(2025, 8, 31))
    return {"hubs": (north, south), "schools": schools, "employers": employers}


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# Outcomes belong to stands: a row by school, hub or year group has none of its own, and its
# cells are empty (the totals line keeps the county's).
OUTCOME_NAMES = {"interviews_offered", "job_offers", "job_starts", "job_starts_within_13_weeks"}
GROUPS_WITHOUT_OUTCOMES = {GroupBy.SCHOOL, GroupBy.HUB, GroupBy.YEAR_GROUP}


def expected_rows(group_by: GroupBy) -> list[list[str]]:
    table = summary_table(period=YEAR, group_by=group_by)

    def cells(row, blank: bool) -> list[str]:
        return [
            "" if value is None or (blank and name in OUTCOME_NAMES) else str(value)
            for name, value in row.as_dict().items()
        ]

    return [
        *(cells(row, group_by in GROUPS_WITHOUT_OUTCOMES) for row in table.rows),
        cells(table.totals, False),
    ]


# --- The dashboards' export link --------------------------------------------------------------


@pytest.mark.parametrize("group_by", list(GroupBy))
def test_csv_export_equals_the_summary_with_a_totals_row(client, county, group_by):
    client.force_login(member(Role.LEAD))

    response = client.get(
        reverse("engagement-export"),
        {"academic_year": "2025-26", "group_by": group_by, "format": "csv"},
    )

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    assert f"engagement-2025-26-{group_by}.csv" in response["Content-Disposition"]
    rows = read_csv(b"".join(response.streaming_content))
    assert rows[0] == [name for name, _definition in COLUMNS]
    body = [[cell.lstrip("'") for cell in row] for row in rows[1:]]
    assert body == expected_rows(group_by)
    assert body[-1][:2] == ["Total", "6"]  # the year before is not in 2025-26


def test_totals_count_an_employer_in_two_sectors_once(client, county):
    client.force_login(member(Role.LEAD))

    response = client.get(
        reverse("engagement-export"), {"academic_year": "2025-26", "group_by": "sector"}
    )

    header, *rows = read_csv(b"".join(response.streaming_content))
    by_group = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    # 3 encounters with the first, 2 with the second
    assert int(by_group["Digital"]["employer_encounters"]) == 5
    assert int(by_group["Total"]["employer_encounters"]) == 6  # not 3 + 5 + 1
    assert int(by_group["Total"]["employers"]) == 3  # different employers over all, not summed


def test_xlsx_export_equals_the_summary_and_defines_every_column(client, county):
    user = member(Role.LEAD)
    client.force_login(user)

    response = client.get(
        reverse("engagement-export"),
        {"academic_year": "2025-26", "group_by": "school", "format": "xlsx"},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Summary", "Definitions"]
    summary_rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in workbook["Summary"].iter_rows(values_only=True)
    ]
    # A person reads the spreadsheet: the words on the page head its columns, not code names.
    assert summary_rows[0][:5] == [
        "Group",
        "Employer encounters",
        "of which scanned",
        "of which recorded",
        "Provider encounters",
    ]
    assert "people_reached" not in summary_rows[0] and "pupils_reached" not in summary_rows[0]
    assert len(summary_rows[0]) == len(COLUMNS)
    assert summary_rows[1:] == expected_rows(GroupBy.SCHOOL)
    sheet = list(workbook["Definitions"].iter_rows(values_only=True))
    definitions = {row[0]: row[1] for row in sheet}
    by_name = {row[2]: (row[0], row[1]) for row in sheet if len(row) > 2 and row[2]}
    for (name, definition), words in zip(COLUMNS, summary_rows[0], strict=True):
        # Each heading is defined, and named as the CSV and the API name it.
        assert by_name[name] == (words, definition)
    assert definitions["Total"]
    assert definitions["Academic year"].startswith("2025-26 (1 September 2025 – 31 August 2026)")
    assert definitions["Grouped by"] == "school"
    assert definitions["Filters"] == "None"
    assert definitions["Generated by"] == user.email
    assert definitions["Generated at"].startswith("20")


def test_an_xlsx_made_in_polish_has_a_polish_definitions_sheet(client, county, polish):
    client.force_login(member(Role.LEAD))

    with translation.override("pl"):
        response = client.get(
            reverse("engagement-export"),
            {"academic_year": "2025-26", "group_by": "school", "format": "xlsx"},
            HTTP_ACCEPT_LANGUAGE="pl",
        )
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    assert workbook.sheetnames == ["Podsumowanie", "Definicje"]
    sheet = list(workbook["Definicje"].iter_rows(values_only=True))
    definitions = {row[0]: row[1] for row in sheet}
    by_name = {row[2]: row[1] for row in sheet if len(row) > 2 and row[2]}
    assert by_name["employer_encounters"].startswith(
        "Spotkania z pracodawcami: jeden pracodawca i jedna osoba lub jedna grupa szkolna"
    )
    assert by_name["pupils_reached"] == "W tym uczniowie (co najmniej tylu)"
    headings = next(workbook["Podsumowanie"].iter_rows(values_only=True))
    assert headings[1] == "Spotkania z pracodawcami"
    assert definitions["Spotkania z pracodawcami"] == by_name["employer_encounters"]
    assert definitions["Rok szkolny"] == "2025-26 (1 września 2025 – 31 sierpnia 2026)"
    # The same export in English afterwards is English again: nothing was fixed at import time.
    response = client.get(
        reverse("engagement-export"),
        {"academic_year": "2025-26", "group_by": "school", "format": "xlsx"},
    )
    english = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert english["Definitions"]["B2"].value == str(COLUMNS[0][1])
    assert english["Definitions"]["B2"].value.startswith("The school")


def test_a_polish_export_by_sector_names_the_strategys_sectors_in_polish(client, county, polish):
    client.force_login(member(Role.LEAD))

    with translation.override("pl"):
        response = client.get(
            reverse("engagement-export"),
            {"academic_year": "2025-26", "group_by": "sector", "format": "csv"},
            HTTP_ACCEPT_LANGUAGE="pl",
        )
        groups = [row[0] for row in read_csv(b"".join(response.streaming_content))[1:]]

    assert "Ochrona zdrowia i opieka społeczna" in groups  # "Health and social care"
    assert "Digital" in groups  # a name that is not the strategy's shows as stored
    assert groups[-1] == "Razem"


def test_a_name_starting_with_equals_is_text_not_a_formula(client, county):
    client.force_login(member(Role.LEAD))

    csv_response = client.get(
        reverse("engagement-export"), {"group_by": "employer", "academic_year": "2025-26"}
    )
    xlsx_response = client.get(
        reverse("engagement-export"),
        {"group_by": "employer", "academic_year": "2025-26", "format": "xlsx"},
    )

    assert "'=HYPERLINK Ltd" in b"".join(csv_response.streaming_content).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))["Summary"]
    cells = [row[0] for row in sheet.iter_rows()]
    assert any(cell.value == "=HYPERLINK Ltd" and cell.data_type == "s" for cell in cells)


def test_rows_export_lists_every_encounter_of_the_year(client, county):
    client.force_login(member(Role.LEAD))

    response = client.get(
        reverse("engagement-export"), {"academic_year": "2025-26", "rows": "1", "format": "xlsx"}
    )

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Encounters", "Definitions"]
    rows = list(workbook["Encounters"].iter_rows(values_only=True))
    assert list(rows[0][:4]) == ["Date", "Kind", "Source", "Evidence"]
    assert len(rows[0]) == len(ENCOUNTER_COLUMNS)
    assert len(rows) - 1 == 6
    sheet = list(workbook["Definitions"].iter_rows(values_only=True))
    assert {row[2] for row in sheet if len(row) > 2} >= {
        name for name, _source, _definition in ENCOUNTER_COLUMNS
    }
    assert set(rows[0]) <= {row[0] for row in sheet}


def test_rows_csv_holds_the_same_cells_as_the_xlsx_awkward_names_included(client, county):
    school = county["schools"][1]
    school.name = 'St Mary\'s, "the Upper" School'
    school.save()
    encounter(
        50,
        kind="provider_encounter",
        school=school,
        provider_name="+44 College, Hertford\nCampus",
        year_group=12,
        occurred_on=date(2026, 3, 2),
    )
    client.force_login(member(Role.LEAD))
    url = reverse("engagement-export")

    as_csv = read_csv(
        b"".join(client.get(url, {"academic_year": "2025-26", "rows": "1"}).streaming_content)
    )
    xlsx = client.get(url, {"academic_year": "2025-26", "rows": "1", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))["Encounters"]
    as_xlsx = [
        ["" if value is None else str(getattr(value, "date", lambda v=value: v)()) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]

    # The spreadsheet keeps texts as they are; the CSV guards those a spreadsheet would run.
    guarded = [
        [f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell for cell in row]
        for row in as_xlsx[1:]
    ]
    # Programs read the CSV's names; people read the spreadsheet's words: one per column.
    assert as_csv[0] == [name for name, _source, _definition in ENCOUNTER_COLUMNS]
    assert len(as_xlsx[0]) == len(as_csv[0])
    assert as_csv[1:] == guarded
    assert len(as_csv) - 1 == Encounter.objects.filter(occurred_on__gte=YEAR.start).count()
    provider_row = next(row for row in as_csv if row[6].startswith("'+44"))
    assert provider_row[6] == "'+44 College, Hertford\nCampus"
    assert provider_row[8] == 'St Mary\'s, "the Upper" School'
    assert provider_row[5] == ""  # no employer, so no size
    assert provider_row[3] == "recorded"  # the evidence: how we know they met


def test_export_is_narrowed_to_what_the_user_may_see_and_drills_down(client, county):
    north, _south = county["hubs"]
    coordinator = member(Role.COORDINATOR, organisation=north.organisation)
    client.force_login(coordinator)

    everything = read_csv(
        b"".join(
            client.get(reverse("engagement-export"), {"academic_year": "2025-26"}).streaming_content
        )
    )
    one_school = read_csv(
        b"".join(
            client.get(
                reverse("engagement-export"),
                {"academic_year": "2025-26", "school": county["schools"][0].pk},
            ).streaming_content
        )
    )
    other_hub = client.get(
        reverse("engagement-export"),
        {"academic_year": "2025-26", "school": county["schools"][2].pk},
    )

    assert [row[0] for row in everything[1:]] == ["Alpha School", "Beta School", "Total"]
    assert [row[0] for row in one_school[1:]] == ["Alpha School", "Total"]
    assert other_hub.status_code == 400  # Gamma School is not theirs: not even its name
    assert "Gamma" not in other_hub.content.decode()
    log = ExportLog.objects.filter(user=coordinator).order_by("pk").last()
    assert log.params["filters"] == {"school": "Alpha School"}


def test_export_link_refuses_bad_parameters_with_the_reason(client, county):
    client.force_login(member(Role.LEAD))
    url = reverse("engagement-export")

    bad_year = client.get(url, {"academic_year": "2025-27"})
    bad_group = client.get(url, {"group_by": "postcode"})
    bad_format = client.get(url, {"format": "pdf"})

    assert bad_year.status_code == bad_group.status_code == bad_format.status_code == 400
    assert "2025-26" in bad_year.content.decode()
    assert "postcode" in bad_group.content.decode()
    assert "csv or xlsx" in bad_format.content.decode()
    assert not ExportLog.objects.exists()


def test_export_link_needs_a_signed_in_user(client, county):
    response = client.get(reverse("engagement-export"))

    assert response.status_code == 302
    assert not ExportLog.objects.exists()


def test_every_export_is_logged_with_who_what_and_where(client, county):
    user = member(Role.LEAD)
    client.force_login(user)

    response = client.get(
        reverse("engagement-export"),
        {"academic_year": "2025-26", "group_by": "district", "format": "csv"},
        REMOTE_ADDR="203.0.113.9",
    )
    b"".join(response.streaming_content)

    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.content, log.format) == (user, "web", "summary", "csv")
    assert log.params == {"academic_year": "2025-26", "group_by": "district", "filters": {}}
    assert log.ip == "203.0.113.9"
    assert log.row_count == len(summary_table(period=YEAR, group_by="district").rows) + 1
    assert log.created_at is not None


def test_a_large_csv_streams_in_chunks_read_with_an_iterator(client):
    school, employer = SchoolFactory(), EmployerFactory()
    Encounter.objects.bulk_create(
        [
            Encounter(
                kind="employer_talk",
                source="imported",
                source_key=f"bulk:{n}",
                occurred_on=date(2025, 9, 1 + n % 28),
                employer=employer,
                school=school,
                year_group=7 + n % 7,
                audience="pupils",
                people=1 + n % 30,
            )
            for n in range(20_000)
        ],
        batch_size=2000,
    )
    client.force_login(member(Role.LEAD))
    wrapper = type(connections["default"])
    with mock.patch.object(
        wrapper, "chunked_cursor", autospec=True, side_effect=wrapper.chunked_cursor
    ) as chunked_cursor:
        response = client.get(
            reverse("engagement-export"), {"academic_year": "2025-26", "rows": "1"}
        )
        assert isinstance(response, StreamingHttpResponse)
        chunks = iter(response.streaming_content)
        first = next(chunks)
        # Only the header has gone: the rows are read as the client reads.
        assert first.decode("utf-8-sig").startswith("date,kind,source")
        assert ExportLog.objects.get().row_count is None
        second = next(chunks)
        # Then one batch at a time, never the whole table at once.
        assert second.count(b"\r\n") == CSV_ROWS_PER_CHUNK
        rest = b"".join(chunks)
    assert chunked_cursor.called
    lines = (first + second + rest).decode("utf-8-sig").splitlines()
    assert len(lines) == 20_001
    assert ExportLog.objects.get().row_count == 20_000


# --- manage.py export_engagement ---------------------------------------------------------------


@pytest.mark.parametrize("group_by", list(GroupBy))
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_command_writes_the_summary(county, tmp_path, group_by, file_format):
    output = tmp_path / f"summary.{file_format}"
    stdout = io.StringIO()

    call_command(
        "export_engagement",
        "--academic-year",
        "2025-26",
        "--format",
        file_format,
        "--output",
        str(output),
        "--group-by",
        group_by,
        stdout=stdout,
    )

    if file_format == "csv":
        rows = read_csv(output.read_bytes())
    else:
        sheet = load_workbook(output)["Summary"]
        rows = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if file_format == "csv":
        rows = [[cell.lstrip("'") for cell in row] for row in rows]
    assert rows[1:] == expected_rows(group_by)
    assert f"to {output}" in stdout.getvalue()
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.format) == (None, "command", file_format)
    assert log.params["group_by"] == group_by
    assert log.row_count == len(rows) - 1
    assert [path.name for path in tmp_path.iterdir()] == [output.name]  # no temporary left


def test_command_defaults_to_school_and_exports_rows(county, tmp_path):
    summary_file, rows_file = tmp_path / "a.csv", tmp_path / "b.csv"

    call_command(
        "export_engagement", "--academic-year", "2025-26", "--format", "csv",
        "--output", str(summary_file), stdout=io.StringIO(),
    )  # fmt: skip
    call_command(
        "export_engagement", "--academic-year", "2025-26", "--format", "csv",
        "--output", str(rows_file), "--rows", stdout=io.StringIO(),
    )  # fmt: skip

    assert read_csv(summary_file.read_bytes())[1:] == expected_rows(GroupBy.SCHOOL)
    assert len(read_csv(rows_file.read_bytes())) == 1 + 6
    assert list(ExportLog.objects.order_by("pk").values_list("content", flat=True)) == [
        "summary",
        "encounters",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--academic-year", "2025-27"], "An academic year looks like 2025-26"),
        (["--academic-year", "last year"], "An academic year looks like 2025-26"),
        (["--format", "pdf"], "The format is csv or xlsx"),
        (["--group-by", "postcode"], "Group by one of school, hub"),
    ],
)
def test_command_refuses_bad_input_and_writes_nothing(county, tmp_path, arguments, message):
    output = tmp_path / "out.csv"
    options = {"--academic-year": "2025-26", "--format": "csv", "--output": str(output)}
    options.update(dict(zip(arguments[::2], arguments[1::2], strict=True)))
    argv = [part for pair in options.items() for part in pair]

    with pytest.raises(CommandError, match=message) as error:
        call_command("export_engagement", *argv)

    assert error.value.returncode != 0
    assert list(tmp_path.iterdir()) == []
    assert not ExportLog.objects.exists()


def test_command_refuses_a_path_it_cannot_write(county, tmp_path):
    missing_folder = tmp_path / "no-such-folder" / "out.csv"

    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "export_engagement", "--academic-year", "2025-26", "--format", "csv",
            "--output", str(missing_folder),
        )  # fmt: skip
    with pytest.raises(CommandError, match="is a folder"):
        call_command(
            "export_engagement", "--academic-year", "2025-26", "--format", "xlsx",
            "--output", str(tmp_path),
        )  # fmt: skip

    assert list(tmp_path.iterdir()) == []
    assert not ExportLog.objects.exists()


def test_command_exits_non_zero_with_the_message_on_stderr(county, tmp_path, capsys):
    output = tmp_path / "out.csv"

    with pytest.raises(SystemExit) as exit_:
        ExportCommand().run_from_argv(
            ["manage.py", "export_engagement", "--academic-year", "2025-27",
             "--format", "csv", "--output", str(output)]
        )  # fmt: skip

    assert exit_.value.code == 1
    assert "An academic year looks like 2025-26" in capsys.readouterr().err
    assert not Path(output).exists()


def test_a_failure_while_writing_leaves_no_file_behind(county, tmp_path):
    output = tmp_path / "out.xlsx"

    with (
        mock.patch(
            "engagement.exports.export.xlsx_write", side_effect=OSError(28, "No space left")
        ),
        pytest.raises(CommandError, match="No space left"),
    ):
        call_command(
            "export_engagement", "--academic-year", "2025-26", "--format", "xlsx",
            "--output", str(output),
        )  # fmt: skip

    assert list(tmp_path.iterdir()) == []


def test_a_coordinators_drill_down_counts_fair_attendance_within_it(client, county):
    """Fair attendance within a coordinator's drill-down is counted (here nobody was admitted
    at a fair: 0, not empty); tests/engagement/test_export_drilldown_attendance.py recounts it
    over real admissions."""
    north, _south = county["hubs"]
    client.force_login(member(Role.COORDINATOR, organisation=north.organisation))

    rows = read_csv(
        b"".join(
            client.get(
                reverse("engagement-export"),
                {"academic_year": "2025-26", "school": county["schools"][0].pk},
            ).streaming_content
        )
    )

    column = rows[0].index("fair_attendance")
    assert [row[column] for row in rows[1:]] == ["0", "0"]  # the school's row and the total
    assert rows[1][rows[0].index("employer_encounters")] not in ("", "0")
