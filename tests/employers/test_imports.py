"""Importing employers and Enterprise Advisers from CSV or XLSX: all or nothing, no duplicates."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from accounts.models import Membership, OrganisationKind, PostcodeCentroid, Role, User
from core.tabular import FileRejected, ImportInvalid
from employers.imports import advisers_import_file, employers_import_file
from employers.models import Employer, EnterpriseAdviser, SizeBand
from tests.factories import DistrictFactory, EmployerFactory, SectorFactory, member

pytestmark = pytest.mark.django_db

EMPLOYER_HEADER = [
    "name",
    "companies_house_number",
    "sectors",
    "size_band",
    "district",
    "postcode",
    "cornerstone",
    "disability_confident",
]
EMPLOYER_ROWS = [
    [
        "GSK Stevenage",
        "00305979",
        "Life sciences; digital",
        "250+",
        "Stevenage",
        "SG1 2NY",
        "yes",
        "leader",
    ],
    [
        "Airbus Defence and Space",
        "02449259",
        "Digital",
        "large",
        "stevenage",
        "sg1 2as",
        "no",
        "employer",
    ],
    ["Watford Bakery", "", "", "1-9", "Watford", "", "no", "none"],
]
ADVISER_HEADER = [
    "email",
    "full_name",
    "employer",
    "occupation",
    "sectors",
    "expertise",
    "preferred_districts",
    "max_travel_km",
    "capacity",
    "dbs_checked_on",
    "dbs_status",
    "induction_done",
    "status",
]


@pytest.fixture
def reference_data():
    DistrictFactory(name="Stevenage")
    DistrictFactory(name="Watford")
    SectorFactory(name="Digital")
    SectorFactory(name="Life sciences")


def xlsx(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(header, rows) -> bytes:
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


# --- Employers ---------------------------------------------------------------------------------


def test_employers_xlsx_imports_every_row_with_sectors_size_and_flags(reference_data):
    result = employers_import_file(
        content=xlsx(EMPLOYER_HEADER, EMPLOYER_ROWS), filename="employers.xlsx"
    )

    assert result.summary == "3 created, 0 updated, 0 unchanged"
    gsk = Employer.objects.get(companies_house_number="00305979")
    assert sorted(s.name for s in gsk.sectors.all()) == ["Digital", "Life sciences"]
    assert gsk.size_band == SizeBand.LARGE and not gsk.is_sme
    assert gsk.is_cornerstone
    assert gsk.disability_confident == Employer.DisabilityConfident.LEADER
    assert gsk.organisation.kind == OrganisationKind.EMPLOYER
    bakery = Employer.objects.get(name="Watford Bakery")
    assert bakery.is_sme and bakery.companies_house_number == ""


def test_employers_import_again_updates_by_number_or_name_and_adds_none(reference_data):
    employers_import_file(
        content=csv_text(EMPLOYER_HEADER, EMPLOYER_ROWS), filename="employers.csv"
    )
    rows = [list(row) for row in EMPLOYER_ROWS]
    rows[0][0] = "GSK"  # renamed: still the same company by its number
    rows[2][3] = "small"  # no number: the same employer by its name

    result = employers_import_file(
        content=csv_text(EMPLOYER_HEADER, rows), filename="employers.csv"
    )

    assert result.summary == "0 created, 2 updated, 1 unchanged"
    assert Employer.objects.count() == 3
    assert Employer.objects.get(companies_house_number="00305979").name == "GSK"
    assert Employer.objects.get(name="Watford Bakery").size_band == SizeBand.SMALL


def test_employers_with_bad_rows_import_nothing_and_every_reason_is_given(reference_data):
    rows = [
        EMPLOYER_ROWS[0],
        ["Bad Number Ltd", "1234ABCD", "", "small", "", "", "no", "none"],
        [
            "Unknown Sector Ltd",
            "",
            "Underwater basket weaving",
            "huge",
            "Luton",
            "",
            "maybe",
            "gold",
        ],
        ["GSK again", "00305979", "", "large", "", "", "no", "none"],
    ]

    with pytest.raises(ImportInvalid) as raised:
        employers_import_file(content=xlsx(EMPLOYER_HEADER, rows), filename="employers.xlsx")

    errors = {error.line: error.message for error in raised.value.errors}
    assert sorted(errors) == [3, 4, 5]
    assert "Companies House number “1234ABCD” is not 8 characters" in errors[3]
    assert "Sectors not known: Underwater basket weaving." in errors[4]
    assert "Size band “huge”" in errors[4]
    assert "District “Luton” is not one of our districts." in errors[4]
    assert "Cornerstone “maybe” is not yes or no." in errors[4]
    assert "Disability Confident “gold”" in errors[4]
    assert "This employer is also on line 2." in errors[5]
    assert not Employer.objects.exists()


def test_a_companies_house_number_that_lost_its_leading_zeros_in_excel_is_restored(
    reference_data,
):
    rows = [["GSK Stevenage", 305979, "", "large", "", "", "no", "none"]]

    employers_import_file(content=xlsx(EMPLOYER_HEADER, rows), filename="employers.xlsx")

    assert Employer.objects.get().companies_house_number == "00305979"


def test_employers_file_missing_a_required_column_is_refused():
    with pytest.raises(FileRejected, match="The file is missing the column size_band."):
        employers_import_file(content=b"name\nAcme\n", filename="employers.csv")


def test_a_broken_xlsx_is_refused_with_a_message():
    with pytest.raises(FileRejected, match="could not be read as an Excel"):
        employers_import_file(content=b"PK\x03\x04not really a zip", filename="employers.xlsx")


# --- Advisers ----------------------------------------------------------------------------------


@pytest.fixture
def employer(reference_data):
    return EmployerFactory(name="GSK Stevenage", companies_house_number="00305979")


def _adviser_rows():
    return [
        [
            "ada@gsk.example",
            "Ada Lovelace",
            "00305979",
            "Data scientist",
            "Digital",
            "stem; Digital",
            "Stevenage; Watford",
            20,
            2,
            datetime(2024, 5, 1),
            "clear",
            "yes",
            "inducted",
        ],
        [
            "alan@gsk.example",
            "Alan Turing",
            "GSK Stevenage",
            "Engineer",
            "",
            "",
            "",
            "",
            "",
            "01/06/2025",
            "pending",
            "no",
            "",
        ],
    ]


def test_advisers_xlsx_creates_users_memberships_and_adviser_records(
    employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = advisers_import_file(
            content=xlsx(ADVISER_HEADER, _adviser_rows()), filename="advisers.xlsx"
        )

    assert result.summary == "2 created, 0 updated, 0 unchanged"
    ada = EnterpriseAdviser.objects.get(user__email="ada@gsk.example")
    assert ada.user.full_name == "Ada Lovelace"
    assert not ada.user.has_usable_password()  # signs in with an e-mailed code
    assert ada.user.emailaddress_set.get().verified
    assert Membership.objects.filter(
        user=ada.user, organisation=employer.organisation, role=Role.ENTERPRISE_ADVISER
    ).exists()
    assert ada.expertise_tags == ["STEM", "digital"]
    assert sorted(d.name for d in ada.preferred_districts.all()) == ["Stevenage", "Watford"]
    assert (ada.max_travel_km, ada.capacity) == (20, 2)
    assert ada.dbs_checked_on == date(2024, 5, 1)
    assert ada.dbs_valid_on(date(2025, 9, 1))
    assert ada.induction_done and ada.status == EnterpriseAdviser.Status.INDUCTED
    alan = EnterpriseAdviser.objects.get(user__email="alan@gsk.example")
    assert alan.employer == employer  # found by name
    assert alan.dbs_checked_on == date(2025, 6, 1)  # DD/MM/YYYY
    assert (alan.capacity, alan.status) == (1, EnterpriseAdviser.Status.RECRUITED)
    assert len(mail.outbox) == 2  # each new adviser is told they were added


def test_advisers_import_again_updates_by_email_and_adds_no_one(employer):
    advisers_import_file(content=xlsx(ADVISER_HEADER, _adviser_rows()), filename="a.xlsx")
    rows = _adviser_rows()
    rows[1][12] = "matched"
    rows[0][0] = "ADA@gsk.example"  # the same person, whatever the case

    result = advisers_import_file(content=xlsx(ADVISER_HEADER, rows), filename="a.xlsx")

    assert result.summary == "0 created, 1 updated, 1 unchanged"
    assert User.objects.count() == 2
    assert EnterpriseAdviser.objects.count() == 2
    assert EnterpriseAdviser.objects.get(user__email="alan@gsk.example").status == "matched"


def test_advisers_with_bad_rows_import_nothing_and_every_reason_is_given(employer):
    EmployerFactory(name="Twin Ltd", organisation__name="Twin Ltd (Hitchin)")
    EmployerFactory(name="Twin Ltd", organisation__name="Twin Ltd (Watford)")
    rows = _adviser_rows() + [
        [
            "not-an-email",
            "",
            "Nobody Ltd",
            "",
            "",
            "",
            "Luton",
            "far",
            0,
            "31/02/2024",
            "maybe",
            "perhaps",
            "retired",
        ],
        [
            "ada@gsk.example",
            "Ada Again",
            "Twin Ltd",
            "",
            "",
            "",
            "",
            "",
            "",
            "2999-01-01",
            "",
            "",
            "",
        ],
    ]

    with pytest.raises(ImportInvalid) as raised:
        advisers_import_file(content=xlsx(ADVISER_HEADER, rows), filename="advisers.xlsx")

    errors = {error.line: error.message for error in raised.value.errors}
    assert sorted(errors) == [4, 5]
    for expected in [
        "E-mail address “not-an-email” is not valid.",
        "The full name is empty.",
        "Employer “Nobody Ltd” is not on the register",
        "Preferred district “Luton” is not one of our districts.",
        "Will travel (km) “far” must be a whole number",
        "Capacity “0” must be a whole number from 1 to 10.",
        "DBS check date “31/02/2024” is not a date",
        "dbs_status “maybe”",
        "induction_done “perhaps” is not yes or no.",
        "status “retired”",
    ]:
        assert expected in errors[4]
    assert "ada@gsk.example is also on line 2." in errors[5]
    assert "More than one employer is called “Twin Ltd”" in errors[5]
    assert "is in the future" in errors[5]
    assert not EnterpriseAdviser.objects.exists()
    assert not User.objects.exists()


# --- Commands ----------------------------------------------------------------------------------


def test_import_employers_command_prints_created_rows(reference_data, tmp_path, capsys):
    path = tmp_path / "employers.xlsx"
    path.write_bytes(xlsx(EMPLOYER_HEADER, EMPLOYER_ROWS))

    call_command("import_employers", str(path))

    out = capsys.readouterr().out
    assert "created: GSK Stevenage (00305979)" in out
    assert "3 created, 0 updated, 0 unchanged" in out


def test_import_advisers_command_lists_bad_rows_and_fails(employer, tmp_path, capsys):
    path = tmp_path / "advisers.csv"
    path.write_bytes(
        csv_text(["email", "full_name", "employer"], [["x@example.org", "X", "Nobody Ltd"]])
    )

    with pytest.raises(CommandError, match="1 row has a problem. Nothing was imported."):
        call_command("import_advisers", str(path))

    assert "Line 2: Employer “Nobody Ltd” is not on the register" in capsys.readouterr().err


def test_import_command_with_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_employers", str(tmp_path / "missing.csv"))


def test_import_postcode_centroids_averages_ons_postcodes_and_updates(tmp_path, capsys):
    PostcodeCentroid.objects.create(outward_code="SG1", latitude=0, longitude=0)
    path = tmp_path / "onspd.csv"
    path.write_text(
        "pcds,lat,long,other\n"
        "SG1 1AA,51.90,-0.20,x\n"
        "SG1 2BB,51.92,-0.22,x\n"
        "AL10 9AB,51.76,-0.24,x\n"
        "ZZ99 3WZ,99.999999,0.000000,x\n",
        encoding="utf-8-sig",
    )

    call_command("import_postcode_centroids", str(path))

    sg1 = PostcodeCentroid.objects.get(outward_code="SG1")
    assert (sg1.latitude, sg1.longitude) == (51.91, -0.21)
    assert PostcodeCentroid.objects.filter(outward_code="AL10").exists()
    assert not PostcodeCentroid.objects.filter(outward_code="ZZ99").exists()
    assert "1 created, 1 updated, 0 unchanged" in capsys.readouterr().out


def test_import_postcode_centroids_with_a_bad_row_changes_nothing(tmp_path, capsys):
    path = tmp_path / "centroids.csv"
    path.write_text("outward_code,latitude,longitude\nSG1,51.9,-0.2\nNOPE,north,west\n")

    with pytest.raises(CommandError, match="1 row has a problem"):
        call_command("import_postcode_centroids", str(path))

    assert "Line 3:" in capsys.readouterr().err
    assert not PostcodeCentroid.objects.exists()


# --- Upload pages ------------------------------------------------------------------------------


def test_coordinator_uploads_an_employers_xlsx_and_sees_the_counts(client, reference_data):
    client.force_login(member(Role.COORDINATOR))

    response = client.post(
        "/employers/import/",
        {"file": SimpleUploadedFile("employers.xlsx", xlsx(EMPLOYER_HEADER, EMPLOYER_ROWS))},
    )

    assert "3 created, 0 updated, 0 unchanged" in response.content.decode()
    assert Employer.objects.count() == 3


def test_coordinator_sees_adviser_row_errors_in_an_error_summary(client, employer):
    client.force_login(member(Role.COORDINATOR))
    content = csv_text(["email", "full_name", "employer"], [["bad", "B", "GSK Stevenage"]])

    response = client.post(
        "/employers/advisers/import/", {"file": SimpleUploadedFile("advisers.csv", content)}
    )

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Line 2: E-mail address “bad” is not valid." in html
    assert not EnterpriseAdviser.objects.exists()


def test_an_empty_upload_gets_a_message_not_a_crash(client):
    client.force_login(member(Role.COORDINATOR))

    response = client.post(
        "/employers/import/", {"file": SimpleUploadedFile("employers.csv", b"name,size_band\n")}
    )

    assert response.status_code == 200
    assert "The file has no rows under its header row." in response.content.decode()


@pytest.mark.parametrize("url", ["/employers/import/", "/employers/advisers/import/"])
@pytest.mark.parametrize(
    "role", [Role.LEAD, Role.CAREERS_LEADER, Role.EMPLOYER_CONTACT, Role.ENTERPRISE_ADVISER]
)
def test_only_coordinators_reach_the_upload_pages(client, url, role):
    client.force_login(member(role))

    assert client.get(url).status_code == 403
    response = client.post(url, {"file": SimpleUploadedFile("x.csv", b"name,size_band\nA,small\n")})
    assert response.status_code == 403
    assert not Employer.objects.filter(name="A").exists()


@pytest.mark.parametrize("url", ["/employers/import/", "/employers/advisers/import/"])
def test_signed_out_visitors_are_sent_to_sign_in_from_upload_pages(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
