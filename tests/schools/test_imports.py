"""Importing schools from a Get Information about Schools export: all or nothing, by URN."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from accounts.models import Organisation, OrganisationKind, Role
from core.tabular import FileRejected, ImportInvalid
from schools.imports import school_phase_from_register, schools_import_file
from schools.models import School
from tests.factories import DistrictFactory, HubFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db

HEADER = (
    "URN,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),"
    "PhaseOfEducation (name),Postcode,DistrictAdministrative (name),NumberOfPupils,"
    "HeadLastName (name)\n"
)
GOOD_ROWS = [
    "117512,The Nobel School,Academy converter,Open,Secondary,SG2 0HT,Stevenage,1150,Smith\n",
    "117513,Barclay Academy,Academy sponsor led,Open,Secondary,sg1 3rb,stevenage,900,Jones\n",
    "117514,Watford Grammar School for Girls,Academy converter,Open,Secondary,WD18 0AE,"
    "Watford,1500,Brown\n",
]
BAD_URN_ROW = "11751X,Bad School,Academy converter,Open,Secondary,SG1 1AA,Stevenage,10,Grey\n"
UNKNOWN_DISTRICT_ROW = (
    "117515,Luton Sixth Form College,Further education,Open,16 plus,LU2 7EW,Luton,2000,Green\n"
)


@pytest.fixture
def hub():
    DistrictFactory(name="Stevenage")
    DistrictFactory(name="Watford")
    return HubFactory(name="North Herts Careers Hub")


def csv_bytes(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_line(hub):
    content = csv_bytes(GOOD_ROWS[0], BAD_URN_ROW, GOOD_ROWS[1], UNKNOWN_DISTRICT_ROW)

    with pytest.raises(ImportInvalid) as raised:
        schools_import_file(content=content, filename="edubase.csv", hub=hub)

    assert [(error.line, error.message) for error in raised.value.errors] == [
        (3, "URN “11751X” is not six digits."),
        (5, "District “Luton” is not one of our districts."),
    ]
    assert School.objects.count() == 0
    assert not Organisation.objects.filter(kind=OrganisationKind.SCHOOL).exists()


def test_the_fixed_file_imports_every_row_into_the_hub_with_an_organisation_each(hub):
    result = schools_import_file(content=csv_bytes(*GOOD_ROWS), filename="edubase.csv", hub=hub)

    assert result.summary == "3 created, 0 updated, 0 unchanged"
    barclay = School.objects.get(urn="117513")
    assert barclay.hub == hub
    assert barclay.district.name == "Stevenage"  # matched whatever the case
    assert barclay.postcode == "SG1 3RB"
    assert barclay.phase == School.Phase.SECONDARY
    assert barclay.organisation.kind == OrganisationKind.SCHOOL
    assert barclay.organisation.name == "Barclay Academy"


def test_importing_the_same_file_again_creates_no_duplicates_and_reports_updates(hub):
    schools_import_file(content=csv_bytes(*GOOD_ROWS), filename="edubase.csv", hub=hub)
    renamed = GOOD_ROWS[0].replace("The Nobel School", "The Nobel School Stevenage")

    result = schools_import_file(
        content=csv_bytes(renamed, *GOOD_ROWS[1:]), filename="edubase.csv", hub=hub
    )

    assert result.summary == "0 created, 1 updated, 2 unchanged"
    assert School.objects.count() == 3
    assert Organisation.objects.filter(kind=OrganisationKind.SCHOOL).count() == 3
    assert School.objects.get(urn="117512").organisation.name == "The Nobel School Stevenage"


def test_a_urn_twice_in_one_file_is_a_bad_row_pointing_at_the_first(hub):
    with pytest.raises(ImportInvalid) as raised:
        schools_import_file(
            content=csv_bytes(GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]),
            filename="edubase.csv",
            hub=hub,
        )

    assert [(e.line, e.message) for e in raised.value.errors] == [
        (4, "URN 117512 is also on line 2.")
    ]


def test_a_school_of_another_hub_cannot_be_taken_over_by_import(hub):
    SchoolFactory(urn="117512", hub=HubFactory(name="South Herts Careers Hub"))

    with pytest.raises(ImportInvalid) as raised:
        schools_import_file(content=csv_bytes(GOOD_ROWS[0]), filename="edubase.csv", hub=hub)

    assert "belongs to another Careers Hub (South Herts Careers Hub)" in (
        raised.value.errors[0].message
    )


def test_closed_establishments_are_skipped_not_imported(hub):
    closed = GOOD_ROWS[0].replace(",Open,", ",Closed,")

    result = schools_import_file(
        content=csv_bytes(closed, GOOD_ROWS[1]), filename="edubase.csv", hub=hub
    )

    assert result.summary == "1 created, 0 updated, 0 unchanged, 1 skipped"
    assert not School.objects.filter(urn="117512").exists()


@pytest.mark.parametrize(
    ("phase", "kind", "expected"),
    [
        ("Secondary", "Academy converter", School.Phase.SECONDARY),
        ("Primary", "Community school", School.Phase.PRIMARY),
        ("All-through", "Academy converter", School.Phase.ALL_THROUGH),
        ("16 plus", "Academy 16-19 converter", School.Phase.SIXTH_FORM),
        ("16 plus", "Further education", School.Phase.FE_COLLEGE),
        ("Not applicable", "Community special school", School.Phase.SPECIAL),
        ("Not applicable", "Pupil referral unit", School.Phase.ALTERNATIVE_PROVISION),
        (
            "Not applicable",
            "Academy alternative provision converter",
            School.Phase.ALTERNATIVE_PROVISION,
        ),
        ("Not applicable", "Other independent school", School.Phase.INDEPENDENT),
        ("Nursery", "Local authority nursery school", None),
    ],
)
def test_register_phase_and_type_map_to_our_phases(phase, kind, expected):
    assert school_phase_from_register(phase, kind) == expected


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "edubase.csv", "The file is empty."),
        (b"%PDF-1.4", "edubase.pdf", "The file must be a CSV (.csv) or Excel (.xlsx) spreadsheet."),
        (
            "URN,EstablishmentName\n117512,Café\n".encode("latin-1"),
            "edubase.csv",
            "The file is not saved as UTF-8.",
        ),
        (
            b"URN,EstablishmentName,Postcode\n117512,The Nobel School,SG2 0HT\n",
            "edubase.csv",
            "The file is missing the columns TypeOfEstablishment (name), "
            "PhaseOfEducation (name), DistrictAdministrative (name).",
        ),
        (HEADER.encode(), "edubase.csv", "The file has no rows under its header row."),
        (b"x" * (5 * 1024 * 1024 + 1), "edubase.csv", "The file must be smaller than 5 MB."),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(hub, content, filename, message):
    with pytest.raises(FileRejected) as raised:
        schools_import_file(content=content, filename=filename, hub=hub)

    assert raised.value.detail.startswith(message)


def test_a_utf8_file_with_the_byte_order_mark_excel_writes_is_read(hub):
    content = b"\xef\xbb\xbf" + csv_bytes(GOOD_ROWS[0])

    result = schools_import_file(content=content, filename="edubase.csv", hub=hub)

    assert result.summary == "1 created, 0 updated, 0 unchanged"


# --- The command -------------------------------------------------------------------------------


def test_import_schools_command_prints_what_it_created(hub, tmp_path, capsys):
    path = tmp_path / "edubase.csv"
    path.write_bytes(csv_bytes(*GOOD_ROWS))

    call_command("import_schools", str(path))

    out = capsys.readouterr().out
    assert "created: Barclay Academy (117513)" in out
    assert "3 created, 0 updated, 0 unchanged" in out


def test_import_schools_command_lists_every_bad_row_and_fails(hub, tmp_path, capsys):
    path = tmp_path / "edubase.csv"
    path.write_bytes(csv_bytes(BAD_URN_ROW, UNKNOWN_DISTRICT_ROW))

    # CommandError is what manage.py turns into exit code 1.
    with pytest.raises(CommandError, match="2 rows have a problem. Nothing was imported."):
        call_command("import_schools", str(path), "--hub", hub.name)

    err = capsys.readouterr().err
    assert "Line 2: URN “11751X” is not six digits." in err
    assert "Line 3: District “Luton” is not one of our districts." in err
    assert School.objects.count() == 0


# --- The upload page ---------------------------------------------------------------------------


def _upload(client, hub, content: bytes, name: str = "edubase.csv"):
    return client.post(
        "/schools/import/",
        {"hub": hub.pk, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_coordinator_sees_every_bad_row_on_the_page_and_nothing_is_imported(client, hub):
    client.force_login(member(Role.COORDINATOR, hub.organisation))

    response = _upload(client, hub, csv_bytes(GOOD_ROWS[0], BAD_URN_ROW, UNKNOWN_DISTRICT_ROW))

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Line 3: URN “11751X” is not six digits." in html
    assert "Line 4: District “Luton” is not one of our districts." in html
    assert School.objects.count() == 0


def test_coordinator_imports_the_fixed_file_and_sees_the_counts(client, hub):
    client.force_login(member(Role.COORDINATOR, hub.organisation))

    response = _upload(client, hub, csv_bytes(*GOOD_ROWS))

    assert "3 created, 0 updated, 0 unchanged" in response.content.decode()
    assert School.objects.filter(hub=hub).count() == 3


def test_a_file_that_is_not_a_spreadsheet_gets_an_error_message_not_a_crash(client, hub):
    client.force_login(member(Role.COORDINATOR, hub.organisation))

    response = _upload(client, hub, b"\x89PNG\r\n\x1a\n", name="photo.png")

    assert response.status_code == 200
    assert "The selected file must be a CSV or an Excel (.xlsx) file" in response.content.decode()


def test_coordinator_cannot_import_into_another_hub(client, hub):
    other = HubFactory()
    client.force_login(member(Role.COORDINATOR, hub.organisation))

    response = _upload(client, other, csv_bytes(*GOOD_ROWS))

    assert "Select a valid choice" in response.content.decode()
    assert School.objects.count() == 0


@pytest.mark.parametrize("role", [Role.LEAD, Role.CAREERS_LEADER, Role.EMPLOYER_CONTACT])
def test_other_roles_cannot_reach_the_schools_import(client, hub, role):
    client.force_login(member(role))

    assert client.get("/schools/import/").status_code == 403
    assert _upload(client, hub, csv_bytes(*GOOD_ROWS)).status_code == 403
    assert School.objects.count() == 0


def test_signed_out_visitor_is_sent_to_sign_in(client, hub):
    response = client.get("/schools/import/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
