"""The employer and Enterprise Adviser pages: who sees and changes what, forms, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Membership, Role
from employers.models import Employer, EnterpriseAdviser, SizeBand
from tests.factories import (
    DistrictFactory,
    EmployerFactory,
    EnterpriseAdviserFactory,
    SectorFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = EmployerFactory(name="Own Employer Ltd")
    other = EmployerFactory(name="Other Employer Ltd")
    adviser = EnterpriseAdviserFactory(employer=own, user=UserFactory(full_name="Ada Own-Adviser"))
    Membership.objects.create(
        user=adviser.user, organisation=own.organisation, role=Role.ENTERPRISE_ADVISER
    )
    other_adviser = EnterpriseAdviserFactory(
        employer=other, user=UserFactory(full_name="Olly Other-Adviser")
    )
    return {"own": own, "other": other, "adviser": adviser, "other_adviser": other_adviser}


def _user(who, world):
    if who == "self":
        return world["adviser"].user
    role = who
    organisation = {
        Role.EMPLOYER_CONTACT: world["own"].organisation,
        Role.ENTERPRISE_ADVISER: world["own"].organisation,
    }.get(role)
    return member(role, organisation)


@pytest.mark.parametrize(
    ("who", "target", "listed", "detail", "edit"),
    [
        (Role.COORDINATOR, "own", True, 200, 200),
        (Role.COORDINATOR, "other", True, 200, 200),
        (Role.EMPLOYER_CONTACT, "own", True, 200, 200),
        (Role.EMPLOYER_CONTACT, "other", False, 404, 404),
        (Role.ENTERPRISE_ADVISER, "own", True, 200, 403),
        (Role.ENTERPRISE_ADVISER, "other", False, 404, 404),
        (Role.JOBCENTRE_ORGANISER, "other", True, 200, 403),
        (Role.LEAD, "other", True, 200, 403),
        (Role.CAREERS_LEADER, "own", False, 404, 404),
        (Role.ADMIN, "other", True, 200, 200),
    ],
)
def test_role_and_owner_decide_employer_list_detail_and_edit(
    client, world, who, target, listed, detail, edit
):
    employer = world[target]
    client.force_login(_user(who, world))

    listing = client.get("/employers/").content.decode()

    assert (employer.name in listing) is listed
    assert client.get(f"/employers/{employer.pk}/").status_code == detail
    assert client.get(f"/employers/{employer.pk}/edit/").status_code == edit


@pytest.mark.parametrize(
    ("who", "target", "listed", "detail", "edit"),
    [
        (Role.COORDINATOR, "adviser", True, 200, 200),
        (Role.COORDINATOR, "other_adviser", True, 200, 200),
        ("self", "adviser", True, 200, 200),
        ("self", "other_adviser", False, 404, 404),
        (Role.ENTERPRISE_ADVISER, "adviser", False, 404, 404),  # a colleague
        (Role.EMPLOYER_CONTACT, "adviser", True, 200, 403),
        (Role.EMPLOYER_CONTACT, "other_adviser", False, 404, 404),
        (Role.LEAD, "other_adviser", True, 200, 403),
        (Role.CAREERS_LEADER, "adviser", False, 404, 404),
        (Role.JOBCENTRE_ORGANISER, "adviser", False, 404, 404),
    ],
)
def test_role_and_owner_decide_adviser_list_detail_and_edit(
    client, world, who, target, listed, detail, edit
):
    adviser = world[target]
    client.force_login(_user(who, world))

    listing = client.get("/employers/advisers/").content.decode()

    assert (adviser.user.full_name in listing) is listed
    assert client.get(f"/employers/advisers/{adviser.pk}/").status_code == detail
    assert client.get(f"/employers/advisers/{adviser.pk}/edit/").status_code == edit


def test_employer_page_shows_sectors_size_sme_cornerstone_contacts_and_advisers(client, world):
    employer = world["own"]
    employer.is_cornerstone = True
    employer.size_band = SizeBand.MEDIUM
    employer.disability_confident = Employer.DisabilityConfident.COMMITTED
    employer.save()
    employer.sectors.add(SectorFactory(name="Digital"))
    member(Role.EMPLOYER_CONTACT, employer.organisation, full_name="Carol Contact")
    client.force_login(member(Role.COORDINATOR))

    html = client.get(f"/employers/{employer.pk}/").content.decode()

    assert "Cornerstone Employer" in html
    assert "Medium (50–249 employees)" in html
    assert 'SME</dt><dd class="govuk-summary-list__value">Yes' in html
    assert "Disability Confident Committed" in html
    assert "Digital" in html
    assert "Carol Contact" in html
    assert "Ada Own-Adviser" in html


def test_employer_filters_sme_cornerstone_sector_and_search(client, world):
    digital = SectorFactory(name="Digital")
    big = EmployerFactory(
        name="Big Digital plc",
        size_band=SizeBand.LARGE,
        is_cornerstone=True,
        companies_house_number="SC123456",
    )
    big.sectors.add(digital)
    client.force_login(member(Role.COORDINATOR))

    sme = client.get("/employers/", {"size": "sme"}).content.decode()
    cornerstone = client.get("/employers/", {"cornerstone": "yes"}).content.decode()
    by_sector = client.get("/employers/", {"sector": digital.pk}).content.decode()
    by_number = client.get("/employers/", {"q": "sc123456"}).content.decode()

    assert "Own Employer Ltd" in sme and "Big Digital plc" not in sme
    assert "Big Digital plc" in cornerstone and "Own Employer Ltd" not in cornerstone
    assert "Big Digital plc" in by_sector and "Own Employer Ltd" not in by_sector
    assert "Big Digital plc" in by_number and "Own Employer Ltd" not in by_number


def test_adviser_list_shows_dbs_valid_or_expired_and_filters_by_it(client, world):
    today = timezone.localdate()
    world["adviser"].dbs_checked_on = today - timedelta(days=30)
    world["adviser"].save()
    world["other_adviser"].dbs_checked_on = today - timedelta(days=4 * 365)
    world["other_adviser"].save()
    client.force_login(member(Role.COORDINATOR))

    everyone = client.get("/employers/advisers/").content.decode()
    valid = client.get("/employers/advisers/", {"dbs": "valid"}).content.decode()
    not_valid = client.get("/employers/advisers/", {"dbs": "not_valid"}).content.decode()

    assert 'govuk-tag--green">Valid' in everyone and 'govuk-tag--red">Expired' in everyone
    assert "Ada Own-Adviser" in valid and "Olly Other-Adviser" not in valid
    assert "Olly Other-Adviser" in not_valid and "Ada Own-Adviser" not in not_valid


def test_adviser_list_filters_by_status_induction_and_district(client, world):
    stevenage = DistrictFactory(name="Stevenage")
    world["adviser"].preferred_districts.add(stevenage)
    world["other_adviser"].status = EnterpriseAdviser.Status.PAUSED
    world["other_adviser"].induction_done = False
    world["other_adviser"].save()
    world["other"].district = DistrictFactory(name="Watford")
    world["other"].save()
    client.force_login(member(Role.COORDINATOR))

    paused = client.get("/employers/advisers/", {"status": "paused"}).content.decode()
    inducted = client.get("/employers/advisers/", {"induction": "yes"}).content.decode()
    in_stevenage = client.get("/employers/advisers/", {"district": stevenage.pk}).content.decode()

    assert "Olly Other-Adviser" in paused and "Ada Own-Adviser" not in paused
    assert "Ada Own-Adviser" in inducted and "Olly Other-Adviser" not in inducted
    assert "Ada Own-Adviser" in in_stevenage and "Olly Other-Adviser" not in in_stevenage


def test_employer_contact_edits_details_but_cannot_make_itself_cornerstone(client, world):
    employer = world["own"]
    client.force_login(_user(Role.EMPLOYER_CONTACT, world))

    form_html = client.get(f"/employers/{employer.pk}/edit/").content.decode()
    client.post(
        f"/employers/{employer.pk}/edit/",
        {
            "name": "Own Employer Group",
            "companies_house_number": "1234567",
            "size_band": SizeBand.MEDIUM,
            "postcode": "sg1 2ab",
            "is_cornerstone": "on",
            "disability_confident": "committed",
        },
    )

    assert 'name="is_cornerstone"' not in form_html
    employer.refresh_from_db()
    assert employer.name == "Own Employer Group"
    assert employer.companies_house_number == "01234567"
    assert employer.postcode == "SG1 2AB"
    assert not employer.is_cornerstone


def test_coordinator_adds_an_employer_with_its_organisation(client):
    client.force_login(member(Role.COORDINATOR))

    response = client.post(
        "/employers/new/",
        {
            "name": "Hertfordshire Film Studios",
            "size_band": SizeBand.LARGE,
            "disability_confident": "none",
            "is_cornerstone": "on",
        },
    )

    employer = Employer.objects.get(name="Hertfordshire Film Studios")
    assert response.status_code == 302
    assert employer.is_cornerstone
    assert employer.organisation.name == "Hertfordshire Film Studios"


def test_a_bad_companies_house_number_is_refused_on_the_form(client):
    client.force_login(member(Role.COORDINATOR))

    response = client.post(
        "/employers/new/",
        {
            "name": "Acme",
            "companies_house_number": "XX12",
            "size_band": SizeBand.SMALL,
            "disability_confident": "none",
        },
    )

    assert "A Companies House number is 8 characters" in response.content.decode()
    assert not Employer.objects.filter(name="Acme").exists()


def test_employer_contact_cannot_add_employers_or_advisers(client, world):
    client.force_login(_user(Role.EMPLOYER_CONTACT, world))

    assert client.get("/employers/new/").status_code == 403
    assert client.get("/employers/advisers/new/").status_code == 403


def test_coordinator_adds_an_adviser_who_gets_an_account_and_membership(client, world):
    client.force_login(member(Role.COORDINATOR))

    response = client.post(
        "/employers/advisers/new/",
        {
            "email": "Grace@Example.org",
            "full_name": "Grace Hopper",
            "employer": world["own"].pk,
            "occupation": "CTO",
            "expertise_tags": "digital",
            "max_travel_km": "10",
            "capacity": "1",
            "dbs_status": "not_started",
            "status": "recruited",
        },
    )

    adviser = EnterpriseAdviser.objects.get(user__email="grace@example.org")
    assert response.status_code == 302
    assert adviser.user.full_name == "Grace Hopper"
    assert adviser.user.memberships.filter(
        organisation=world["own"].organisation, role=Role.ENTERPRISE_ADVISER
    ).exists()


def test_adviser_edits_own_profile_but_not_their_dbs_or_status(client, world):
    adviser = world["adviser"]
    client.force_login(adviser.user)

    form_html = client.get(f"/employers/advisers/{adviser.pk}/edit/").content.decode()
    client.post(
        f"/employers/advisers/{adviser.pk}/edit/",
        {
            "full_name": "Ada King",
            "occupation": "Head of data",
            "expertise_tags": "SEND; stem",
            "max_travel_km": "25",
            "capacity": "2",
            "dbs_status": "clear",
            "status": "matched",
        },
    )

    assert 'name="dbs_status"' not in form_html and 'name="status"' not in form_html
    adviser.refresh_from_db()
    adviser.user.refresh_from_db()
    assert adviser.user.full_name == "Ada King"
    assert adviser.occupation == "Head of data"
    assert adviser.expertise_tags == ["SEND", "STEM"]
    assert (adviser.max_travel_km, adviser.capacity) == (25, 2)
    assert adviser.status == EnterpriseAdviser.Status.RECRUITED


def test_coordinator_moves_an_adviser_to_another_employer_with_their_membership(client, world):
    adviser = world["adviser"]
    client.force_login(member(Role.COORDINATOR))

    client.post(
        f"/employers/advisers/{adviser.pk}/edit/",
        {
            "full_name": "Ada Own-Adviser",
            "employer": world["other"].pk,
            "max_travel_km": "15",
            "capacity": "1",
            "dbs_status": "clear",
            "status": "inducted",
            "induction_done": "on",
        },
    )

    adviser.refresh_from_db()
    assert adviser.employer == world["other"]
    organisations = set(
        adviser.user.memberships.filter(role=Role.ENTERPRISE_ADVISER).values_list(
            "organisation", flat=True
        )
    )
    assert organisations == {world["other"].organisation_id}


def test_employer_list_query_count_does_not_grow_with_employers(
    client, world, django_assert_max_num_queries
):
    digital = SectorFactory(name="Digital")
    for _ in range(30):
        EmployerFactory().sectors.add(digital)
    client.force_login(member(Role.COORDINATOR))

    with django_assert_max_num_queries(10):
        response = client.get("/employers/")

    assert response.content.decode().count("govuk-table__row") == 33  # header + 32 employers


def test_adviser_list_query_count_does_not_grow_with_advisers(
    client, world, django_assert_max_num_queries
):
    stevenage = DistrictFactory(name="Stevenage")
    for _ in range(30):
        EnterpriseAdviserFactory(employer=world["own"]).preferred_districts.add(stevenage)
    client.force_login(member(Role.COORDINATOR))

    with django_assert_max_num_queries(11):
        response = client.get("/employers/advisers/")

    assert response.content.decode().count("govuk-table__row") == 33  # header + 32 advisers
