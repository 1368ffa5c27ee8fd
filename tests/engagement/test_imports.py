"""Importing school encounters from CSV or XLSX: all or nothing, every bad row named, no
duplicates on a second import, and only for the importer's own school or hub."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import Role
from core.tabular import FileRejected, ImportInvalid
from engagement.imports import (
    TEMPLATE_COLUMNS,
    TEMPLATE_EXAMPLE,
    encounters_import_file,
)
from engagement.models import Encounter, EncounterSource
from tests.factories import (
    EmployerFactory,
    HubFactory,
    SchoolFactory,
    YearGroupRollFactory,
    member,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = "/dashboard/encounters/import/"
TEMPLATE_URL = "/dashboard/encounters/import/template.csv"
HEADER = list(TEMPLATE_COLUMNS)


def past(days: int = 10) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


@pytest.fixture
def world():
    hub = HubFactory(name="North Herts Careers Hub")
    school = SchoolFactory(name="Fairlands Valley Academy", urn="117512", hub=hub)
    neighbour = SchoolFactory(name="Thomas Alleyne Academy", urn="117513", hub=hub)
    elsewhere = SchoolFactory(name="Watford Grammar", urn="117600")
    YearGroupRollFactory(school=school, year_group=10, pupils=150)
    return {
        "hub": hub,
        "school": school,
        "neighbour": neighbour,
        "elsewhere": elsewhere,
        "gsk": EmployerFactory(name="GSK Stevenage", companies_house_number="00305979"),
        "bakery": EmployerFactory(name="Watford Bakery", companies_house_number=""),
        "leader": member(Role.CAREERS_LEADER, school.organisation),
        "coordinator": member(Role.COORDINATOR, hub.organisation),
    }


def row(**values: str) -> list[str]:
    """A row of the template's columns: a good workplace visit unless told otherwise."""
    fields = dict(
        reference="",
        date=past(),
        school_urn="117512",
        year_group="10",
        kind="workplace_visit",
        employer="00305979",
        provider_name="",
        pupils="28",
        pupil_references="",
        purpose_shared="yes",
        learning_outcomes="yes",
        two_way="yes",
        reflection="yes",
        note="",
    )
    fields.update(values)
    return [fields[column] for column in HEADER]


GOOD_ROWS = [
    row(reference="MIS-1"),
    row(
        reference="MIS-2",
        employer="watford bakery",
        kind="Mock interviews",
        year_group="Year 11",
        pupils="",
        pupil_references="P001; P002;P003",
        two_way="no",
    ),
    row(
        reference="MIS-3",
        kind="provider_encounter",
        employer="",
        provider_name="Oaklands College",
        year_group="9",
        pupils="60",
        date=past(30),
    ),
]


def csv_file(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_file(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_csv(rows, by, header=HEADER):
    return encounters_import_file(content=csv_file(rows, header), filename="e.csv", by=by)


# --- A good file -------------------------------------------------------------------------------


def test_a_good_file_records_every_row_as_an_imported_encounter(world):
    result = import_csv(GOOD_ROWS, world["leader"])

    assert len(result.created) == 3
    visit, interviews, provider = (
        Encounter.objects.get(source_key__endswith=f":ref:MIS-{n}") for n in (1, 2, 3)
    )
    assert (visit.employer, visit.people, visit.meaningful) == (world["gsk"], 28, True)
    assert (interviews.employer, interviews.year_group) == (world["bakery"], 11)
    assert (interviews.people, interviews.pupil_refs) == (3, ["P001", "P002", "P003"])
    assert not interviews.meaningful  # two-way interaction was "no"
    assert (provider.employer, provider.provider_name) == (None, "Oaklands College")
    assert {e.source for e in (visit, interviews, provider)} == {EncounterSource.IMPORTED}
    assert visit.recorded_by == world["leader"] and visit.hub == world["hub"]


def test_an_xlsx_file_imports_with_real_dates_numbers_and_lost_leading_zeros(world):
    occurred = datetime.combine(timezone.localdate() - timedelta(days=5), datetime.min.time())
    cells = row()
    cells[HEADER.index("date")] = occurred  # a date cell, not text
    cells[HEADER.index("year_group")] = 10  # a number cell
    cells[HEADER.index("employer")] = 305979  # Excel dropped the Companies House zeros
    cells[HEADER.index("pupils")] = 28

    result = encounters_import_file(
        content=xlsx_file([cells]), filename="e.xlsx", by=world["leader"]
    )

    encounter = Encounter.objects.get()
    assert len(result.created) == 1
    assert (encounter.occurred_on, encounter.employer) == (occurred.date(), world["gsk"])


def test_a_file_without_a_reference_column_still_imports(world):
    header = [column for column in HEADER if column != "reference"]
    rows = [cells[1:] for cells in GOOD_ROWS]

    result = import_csv(rows, world["leader"], header=header)

    assert len(result.created) == 3 and Encounter.objects.count() == 3


# --- Bad rows ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"date": "14th October"}, "Date “14th October” is not a date like 2025-10-14"),
        ({"date": ""}, "The date is empty."),
        ({"date": "FUTURE"}, "is in the future."),
        ({"school_urn": ""}, "The school URN is empty."),
        ({"school_urn": "999999"}, "No school has the URN “999999”."),
        ({"school_urn": "117600"}, "You cannot record encounters for Watford Grammar (URN 117600)"),
        ({"year_group": "6"}, "Year group “6” is not a year group from 7 to 13."),
        ({"kind": "careers_fair"}, "Kind “careers_fair” is not one of: employer_talk,"),
        ({"kind": ""}, "The kind is empty"),
        ({"employer": "Acme Widgets"}, "Employer “Acme Widgets” is not on the register"),
        ({"employer": "Twin Ltd"}, "More than one employer is called “Twin Ltd”"),
        ({"employer": ""}, "The employer is empty"),
        ({"provider_name": "Oaklands College"}, "provider_name is only for provider encounters"),
        ({"kind": "provider_encounter", "employer": ""}, "Name the college or provider"),
        ({"kind": "provider_encounter", "provider_name": "Oaklands"}, "leaves employer empty"),
        ({"pupils": "lots"}, "Pupils “lots” is not a whole number from 1 to 9999."),
        ({"pupils": "0"}, "Pupils “0” is not a whole number"),
        ({"pupils": ""}, "Give the number of pupils, or their references."),
        ({"pupils": "151"}, "Year 10 has 150 pupils on roll, fewer than 151."),
        ({"pupils": "", "pupil_references": "P001;Jane Smith"}, "never names: “Jane Smith”"),
        ({"pupils": "3", "pupil_references": "P001;P002"}, "Pupils says 3 but 2 pupil references"),
        ({"reflection": "maybe"}, "reflection “maybe” is not yes or no."),
        ({"note": "x" * 501}, "The note is longer than 500 characters."),
        ({"reference": "R" * 81}, "The reference is longer than 80 characters."),
    ],
)
def test_each_kind_of_bad_row_is_named_with_its_line_and_nothing_is_imported(
    world, values, message
):
    for number in ("11111111", "22222222"):
        EmployerFactory(
            name="Twin Ltd", companies_house_number=number, organisation__name=f"Twin {number}"
        )
    if values.get("date") == "FUTURE":
        values["date"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    with pytest.raises(ImportInvalid) as invalid:
        import_csv([row(reference="ok"), row(**{"reference": "bad", **values})], world["leader"])

    assert [error.line for error in invalid.value.errors] == [3]
    assert message in invalid.value.errors[0].message
    assert "Nothing was imported" in invalid.value.detail
    assert not Encounter.objects.exists()


def test_the_same_encounter_twice_in_a_file_is_a_bad_row(world):
    with pytest.raises(ImportInvalid) as invalid:
        import_csv(
            [row(), row(note="again"), row(reference="A"), row(reference="A")], world["leader"]
        )

    assert [(e.line, e.message[:30]) for e in invalid.value.errors] == [
        (3, "Line 2 is the same encounter ("),
        (5, "Reference “A” is also used on "),
    ]


def test_every_bad_row_is_reported_at_once_and_good_rows_are_not_imported(world):
    rows = [
        row(reference="1"),
        row(reference="2", year_group="14"),
        row(reference="3"),
        row(reference="4", employer="Nobody plc", two_way="perhaps"),
    ]

    with pytest.raises(ImportInvalid) as invalid:
        import_csv(rows, world["leader"])

    assert [error.line for error in invalid.value.errors] == [3, 5]
    assert "Employer “Nobody plc”" in invalid.value.errors[1].message
    assert "two_way “perhaps”" in invalid.value.errors[1].message
    assert not Encounter.objects.exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["date", "school_urn", "kind"], "missing the columns year_group, purpose_shared"),
        ([c for c in HEADER if c not in ("employer", "provider_name")], "an employer column"),
        ([c for c in HEADER if c not in ("pupils", "pupil_references")], "a pupils column"),
    ],
)
def test_a_file_missing_columns_is_refused_with_a_message(world, header, message):
    with pytest.raises(FileRejected) as rejected:
        import_csv([["x"] * len(header)], world["leader"], header=header)

    assert message in rejected.value.detail


def test_a_row_the_ledger_refuses_is_reported_and_rolls_back_the_rows_before_it(world, monkeypatch):
    from engagement import imports
    from engagement.ledger import EncounterError

    real = imports.school_encounter_record

    def ledger(*, encounter, **kwargs):
        if encounter.year_group == 11:  # a rule the ledger holds and the import does not know
            raise EncounterError("Year 11 is closed for recording.")
        return real(encounter=encounter, **kwargs)

    monkeypatch.setattr(imports, "school_encounter_record", ledger)

    with pytest.raises(ImportInvalid) as invalid:
        import_csv([row(), row(year_group="11"), row(year_group="9")], world["leader"])

    assert [(e.line, e.message) for e in invalid.value.errors] == [
        (3, "Year 11 is closed for recording.")
    ]
    assert not Encounter.objects.exists()


# --- Importing again ---------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing_and_adds_nothing(world):
    import_csv(GOOD_ROWS, world["leader"])
    before = set(Encounter.objects.values_list("pk", "people"))

    result = import_csv(GOOD_ROWS, world["leader"])

    assert (len(result.created), len(result.updated), len(result.unchanged)) == (0, 0, 3)
    assert set(Encounter.objects.values_list("pk", "people")) == before


def test_a_corrected_file_updates_its_encounters_by_reference(world):
    import_csv(GOOD_ROWS, world["leader"])
    corrected = [
        row(reference="MIS-1", pupils="30", date=past(12), employer="Watford Bakery"),
        *GOOD_ROWS[1:],
    ]

    result = import_csv(corrected, world["leader"])

    assert (len(result.created), len(result.updated), len(result.unchanged)) == (0, 1, 2)
    assert Encounter.objects.count() == 3
    visit = Encounter.objects.get(source_key__endswith=":ref:MIS-1")
    assert (visit.people, visit.employer, visit.occurred_on.isoformat()) == (
        30,
        world["bakery"],
        past(12),
    )


def test_without_a_reference_the_same_school_date_kind_year_and_employer_is_updated(world):
    import_csv([row(pupils="20")], world["leader"])

    result = import_csv([row(pupils="25", reflection="no"), row(year_group="11")], world["leader"])

    assert (len(result.created), len(result.updated)) == (1, 1)
    assert sorted(Encounter.objects.values_list("year_group", "people", "meaningful")) == [
        (10, 25, False),
        (11, 28, True),
    ]


def test_a_bad_row_in_a_second_import_leaves_the_first_import_as_it_was(world):
    import_csv([row(reference="MIS-1", pupils="20")], world["leader"])

    with pytest.raises(ImportInvalid):
        import_csv([row(reference="MIS-1", pupils="25"), row(year_group="5")], world["leader"])

    assert list(Encounter.objects.values_list("people", flat=True)) == [20]


# --- Who may import ----------------------------------------------------------------------------


def test_a_careers_leader_cannot_import_for_another_school_in_the_hub(world):
    with pytest.raises(ImportInvalid) as invalid:
        import_csv([row(), row(school_urn="117513")], world["leader"])

    assert "Thomas Alleyne Academy (URN 117513)" in invalid.value.errors[0].message
    assert not Encounter.objects.exists()


def test_a_hub_coordinator_imports_for_every_school_of_the_hub_only(world):
    result = import_csv([row(), row(school_urn="117513")], world["coordinator"])
    assert len(result.created) == 2

    with pytest.raises(ImportInvalid) as invalid:
        import_csv([row(school_urn="117600")], world["coordinator"])
    assert "Watford Grammar" in invalid.value.errors[0].message


def test_an_administrator_imports_for_any_school(world):
    admin = member(Role.ADMIN)

    result = import_csv([row(school_urn="117600")], admin)

    assert len(result.created) == 1
    assert Encounter.objects.get().school == world["elsewhere"]


@pytest.mark.parametrize("role", [Role.LEAD, Role.EMPLOYER_CONTACT, Role.JOBCENTRE_ORGANISER])
def test_other_roles_cannot_reach_the_import_page_or_the_template(client, world, role):
    client.force_login(member(role))

    assert client.get(IMPORT_URL).status_code == 403
    upload = SimpleUploadedFile("e.csv", csv_file([row()]))
    assert client.post(IMPORT_URL, {"file": upload}).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    assert not Encounter.objects.exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    assert client.get(IMPORT_URL).status_code == 302


# --- The page, the template and the command ----------------------------------------------------


def test_the_school_dashboard_links_to_the_import_page(client, world):
    client.force_login(world["leader"])

    page = client.get(f"/dashboard/schools/{world['school'].pk}/").content.decode()

    assert f'href="{IMPORT_URL}"' in page


def test_a_careers_leader_uploads_a_file_and_sees_what_was_imported(client, world):
    client.force_login(world["leader"])
    page = client.get(IMPORT_URL).content.decode()
    assert TEMPLATE_URL in page and "Fairlands Valley Academy: <code>117512</code>" in page

    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("e.csv", csv_file(GOOD_ROWS))})

    html = response.content.decode()
    assert "3 created, 0 updated, 0 unchanged" in html
    assert "Line 2: Fairlands Valley Academy (117512), Year 10, Workplace visit" in html
    assert Encounter.objects.count() == 3


def test_bad_rows_are_listed_in_the_error_summary_and_nothing_is_imported(client, world):
    client.force_login(world["leader"])
    content = xlsx_file([row(), row(employer="Acme Widgets", reference="x")])

    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("e.xlsx", content)})

    html = response.content.decode()
    assert "<title>Error: Import encounters" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#row-error-3">Line 3: Employer “Acme Widgets” is not on the register' in html
    assert "1 row has a problem. Nothing was imported." in html
    assert not Encounter.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_gets_a_message_on_the_upload_field(client, world):
    client.force_login(world["leader"])

    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("e.pdf", b"%PDF-1.4")})

    html = response.content.decode()
    assert 'href="#id_file">The selected file must be a CSV or an Excel (.xlsx) file' in html
    assert "govuk-file-upload--error" in html


def test_the_template_has_every_column_and_an_example_row_that_imports(client, world):
    client.force_login(world["leader"])

    response = client.get(TEMPLATE_URL)

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines == [list(TEMPLATE_COLUMNS), list(TEMPLATE_EXAMPLE)]
    result = encounters_import_file(
        content=response.content, filename="encounters-template.csv", by=world["leader"]
    )
    assert len(result.created) == 1 and Encounter.objects.get().employer == world["gsk"]


def test_the_command_imports_as_the_named_user_and_reports_each_row(world, tmp_path, capsys):
    path = tmp_path / "encounters.csv"
    path.write_bytes(csv_file(GOOD_ROWS))

    call_command("import_encounters", str(path), "--by", world["coordinator"].email.upper())

    out = capsys.readouterr().out
    assert "created: Line 2: Fairlands Valley Academy" in out
    assert "3 created, 0 updated, 0 unchanged" in out
    assert Encounter.objects.filter(recorded_by=world["coordinator"]).count() == 3


def test_the_command_lists_bad_rows_and_fails_without_importing(world, tmp_path, capsys):
    path = tmp_path / "encounters.csv"
    path.write_bytes(csv_file([row(), row(school_urn="117600")]))

    with pytest.raises(CommandError, match="1 row has a problem"):
        call_command("import_encounters", str(path), "--by", world["leader"].email)

    assert "Line 3: You cannot record encounters for Watford Grammar" in capsys.readouterr().err
    assert not Encounter.objects.exists()


def test_the_command_refuses_an_unknown_user(world, tmp_path):
    path = tmp_path / "encounters.csv"
    path.write_bytes(csv_file([row()]))

    with pytest.raises(CommandError, match="No active user"):
        call_command("import_encounters", str(path), "--by", "nobody@example.org")


# --- Speed -------------------------------------------------------------------------------------


def test_a_500_row_import_takes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    rows = [
        row(reference=f"R{n}", date=past(1 + n % 300), pupils=str(1 + n % 100)) for n in range(500)
    ]
    content = csv_file(rows)

    # The reads are one query per table. The ledger then records each row on its own (a
    # savepoint, its roll check, the insert, the month tally: 5 queries, 2,507 in all when
    # measured): the bound grows with the rows, never with rows × rows.
    with django_assert_max_num_queries(6 * 500 + 20):
        result = encounters_import_file(content=content, filename="e.csv", by=world["coordinator"])
    assert len(result.created) == 500

    with django_assert_max_num_queries(10):
        again = encounters_import_file(content=content, filename="e.csv", by=world["coordinator"])
    assert len(again.unchanged) == 500
