"""`manage.py seed_demo`: enough Hertfordshire data to demo, idempotent, DEBUG-only logins."""

from __future__ import annotations

import html
import re
import time
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client, override_settings

from accounts.models import District, Membership, Organisation, OrganisationKind, Role, Sector, User
from employers.models import Employer, EnterpriseAdviser, SizeBand, companies_house_validator
from engagement import demo_data
from engagement.demo import seed_demo
from events.models import Venue
from schools.models import Hub, School, YearGroupRoll, postcode_validator, urn_validator

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "demo-password"

# The heading of each role's home page (templates/engagement/home_<role>.html).
HEADINGS = {
    "coordinator@example.org": "Your Careers Hub",
    "employer@example.org": "Your organisation",
    "adviser@example.org": "Your Enterprise Adviser role",
    "careersleader@example.org": "Your school",
    "jobcentre@example.org": "Your Jobcentre's fairs",
    "lead@example.org": "County engagement measures",
    "admin@example.org": "Administration",
}

MODELS = [
    District,
    Sector,
    Organisation,
    Hub,
    School,
    YearGroupRoll,
    Employer,
    EnterpriseAdviser,
    Venue,
    User,
    EmailAddress,
    Membership,
    District.neighbours.through,
    Hub.districts.through,
    Employer.sectors.through,
    EnterpriseAdviser.sectors.through,
    EnterpriseAdviser.preferred_districts.through,
]


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password}, follow=True)


def _h1(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert match, "the page has no <h1>"
    return html.unescape(match.group(1)).strip()


def test_seeds_the_minimum_demo_data_quickly():
    started = time.monotonic()
    counts = seed_demo(with_passwords=False)
    assert time.monotonic() - started < 10

    assert District.objects.count() == 10
    assert set(District.objects.values_list("name", flat=True)) == {
        "Broxbourne",
        "Dacorum",
        "East Hertfordshire",
        "Hertsmere",
        "North Hertfordshire",
        "St Albans",
        "Stevenage",
        "Three Rivers",
        "Watford",
        "Welwyn Hatfield",
    }
    assert Hub.objects.count() == 2
    assert all(hub.organisation.kind == OrganisationKind.HUB for hub in Hub.objects.all())
    assert School.objects.count() >= 60
    assert School.objects.values("district").distinct().count() == 10
    assert School.objects.values("hub").distinct().count() == 2
    assert Employer.objects.count() == 120
    assert EnterpriseAdviser.objects.count() == 40
    assert counts["schools"] == School.objects.count()
    assert counts["employers"] == 120
    assert counts["enterprise_advisers"] == 40


def test_employers_cover_every_priority_sector_and_size_band():
    seed_demo(with_passwords=False)

    priority = Sector.objects.filter(group=Sector.Group.PRIORITY)
    assert priority.count() == 8
    for sector in priority:
        assert Employer.objects.filter(sectors=sector).exists(), sector
    assert Sector.objects.filter(group=Sector.Group.RECRUITMENT_DIFFICULTY).count() == 3
    assert set(Employer.objects.values_list("size_band", flat=True)) == set(SizeBand.values)
    assert Employer.objects.filter(is_cornerstone=True).count() >= 3
    assert Employer.objects.values("disability_confident").distinct().count() == 4


def test_district_neighbours_are_symmetric_and_real():
    seed_demo(with_passwords=False)

    names = {
        district.name: {n.name for n in district.neighbours.all()}
        for district in District.objects.all()
    }
    assert names["Stevenage"] == {"North Hertfordshire", "East Hertfordshire"}
    assert names["Watford"] == {"Three Rivers", "Hertsmere"}
    assert "Dacorum" not in names["Broxbourne"]
    for name, neighbours in names.items():
        assert neighbours, name
        for other in neighbours:
            assert name in names[other]


def test_schools_employers_and_venues_have_well_formed_invented_identifiers():
    seed_demo(with_passwords=False)

    for school in School.objects.select_related("hub", "district"):
        urn_validator(school.urn)
        assert school.urn.startswith("99")
        postcode_validator(school.postcode)
        assert school.hub is not None
        assert school.hub.districts.filter(pk=school.district_id).exists()
        assert school.adviser_wish_tags
        assert set(school.adviser_wish_tags) <= set(demo_data.EXPERTISE_TAGS)
        assert school.adviser_wishes
        years = set(school.year_groups.values_list("year_group", flat=True))
        if school.phase in {School.Phase.FE_COLLEGE, School.Phase.SIXTH_FORM}:
            assert years == {12, 13}
        else:
            assert {7, 8, 9, 10, 11} <= years
    for employer in Employer.objects.all():
        companies_house_validator(employer.companies_house_number)
        assert employer.companies_house_number.startswith("99")
        postcode_validator(employer.postcode)
        assert employer.organisation.kind == OrganisationKind.EMPLOYER
    for venue in Venue.objects.all():
        postcode_validator(venue.postcode)
    # Invented numbers are seeded (2026 + the row's key): the same on every machine.
    assert School.objects.get(urn="991001").postcode == "SG1 8DF"


def test_every_jobcentre_is_a_venue_run_by_its_jobcentre_organisation():
    seed_demo(with_passwords=False)

    jobcentres = Organisation.objects.filter(kind=OrganisationKind.JOBCENTRE)
    assert jobcentres.count() >= 10
    for jobcentre in jobcentres:
        venue = Venue.objects.get(organisation=jobcentre)
        assert venue.kind == Venue.Kind.JOBCENTRE
        assert venue.postcode and venue.address and venue.capacity
    for venue in Venue.objects.filter(kind=Venue.Kind.JOBCENTRE):
        assert venue.organisation is not None
        assert venue.organisation.kind == OrganisationKind.JOBCENTRE
    assert Venue.objects.exclude(kind=Venue.Kind.JOBCENTRE).count() >= 3
    assert Organisation.objects.filter(kind=OrganisationKind.PARTNER, name="Hertfordshire LEP")


def test_advisers_belong_to_their_employer_and_have_no_password():
    seed_demo(with_passwords=True)

    for adviser in EnterpriseAdviser.objects.select_related("user", "employer"):
        assert Membership.objects.filter(
            user=adviser.user,
            organisation=adviser.employer.organisation,
            role=Role.ENTERPRISE_ADVISER,
        ).exists()
        assert EmailAddress.objects.get(user=adviser.user).verified
        assert set(adviser.expertise_tags) <= set(demo_data.EXPERTISE_TAGS)
        assert adviser.sectors.exists()
        assert adviser.preferred_districts.exists()
        assert adviser.capacity in {1, 2}
        if adviser.user.email != "adviser@example.org":
            assert not adviser.user.has_usable_password()
    statuses = set(EnterpriseAdviser.objects.values_list("dbs_status", flat=True))
    assert {"clear", "expired", "pending"} <= statuses


def test_a_second_run_creates_and_changes_nothing():
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())
        before = _row_counts()
        passwords = dict(User.objects.values_list("email", "password"))
        out = StringIO()
        call_command("seed_demo", stdout=out)

    assert _row_counts() == before
    assert dict(User.objects.values_list("email", "password")) == passwords
    assert "nothing created or changed" in out.getvalue()
    counts = seed_demo(with_passwords=True)
    assert counts["created"] == counts["updated"] == 0
    assert School.objects.values("urn").distinct().count() == School.objects.count()
    assert Employer.objects.values("name").distinct().count() == Employer.objects.count()
    assert Venue.objects.values("name").distinct().count() == Venue.objects.count()


@override_settings(DEBUG=True)
def test_every_demo_user_signs_in_under_debug_and_lands_on_their_home_page(client):
    out = StringIO()
    call_command("seed_demo", stdout=out)

    output = out.getvalue()
    assert "invented" in output
    for email, heading in HEADINGS.items():
        assert email in output
        client.logout()
        response = _sign_in(client, email, DEMO_PASSWORD)
        assert response.wsgi_request.user.is_authenticated, email
        assert response.redirect_chain[-1][0] == "/"
        assert _h1(response) == heading
    assert client.get("/admin/").status_code == 200  # the last one is the admin


@override_settings(DEBUG=False)
def test_demo_users_cannot_sign_in_with_the_demo_password_outside_debug(client):
    # Even when a DEBUG run set the password first, a later run without DEBUG takes it away.
    seed_demo(with_passwords=True)
    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert "disabled outside DEBUG" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()
    for email in HEADINGS:
        assert not User.objects.get(email=email).has_usable_password()
        response = _sign_in(client, email, DEMO_PASSWORD)
        assert not response.wsgi_request.user.is_authenticated, email


def test_demo_has_matches_and_a_proposed_round_for_the_coordinators_hub():
    from engagement.models import Match, MatchingRound

    seed_demo(with_passwords=False)

    round_ = MatchingRound.objects.get()
    matched_advisers = EnterpriseAdviser.objects.filter(status=EnterpriseAdviser.Status.MATCHED)
    assert round_.hub.name == demo_data.HUB_NORTH_EAST
    assert round_.proposals.count() > 0
    assert round_.total_score >= round_.greedy_total_score
    assert all(row["reasons"] for row in round_.unmatched)
    assert Match.objects.filter(ended_on__isnull=True).count() == matched_advisers.count()
    assert set(Match.objects.values_list("adviser_id", flat=True)) == set(
        matched_advisers.values_list("pk", flat=True)
    )
