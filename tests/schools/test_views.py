"""The schools register pages: who sees and changes what, the forms, and their query counts."""

from __future__ import annotations

import pytest

from accounts.models import Role
from schools.models import BenchmarkAssessment, School, YearGroupRoll
from tests.factories import (
    DistrictFactory,
    HubFactory,
    SchoolFactory,
    SectorFactory,
    YearGroupRollFactory,
    member,
)

# The date of a self-assessment as typed into the Day, Month and Year boxes.
ASSESSED_30_9_2025 = {"assessed_on_day": "30", "assessed_on_month": "9", "assessed_on_year": "2025"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own_hub, other_hub = HubFactory(name="Own Hub"), HubFactory(name="Other Hub")
    return {
        "own_hub": own_hub,
        "own": SchoolFactory(hub=own_hub, name="Own Academy"),
        "other": SchoolFactory(hub=other_hub, name="Other Academy"),
    }


def _user(role, world):
    organisation = {
        Role.COORDINATOR: world["own_hub"].organisation,
        Role.CAREERS_LEADER: world["own"].organisation,
    }.get(role)
    return member(role, organisation)


@pytest.mark.parametrize(
    ("role", "target", "listed", "detail", "edit"),
    [
        (Role.COORDINATOR, "own", True, 200, 200),
        (Role.COORDINATOR, "other", False, 404, 404),
        (Role.CAREERS_LEADER, "own", True, 200, 200),
        (Role.CAREERS_LEADER, "other", False, 404, 404),
        (Role.LEAD, "own", True, 200, 403),
        (Role.LEAD, "other", True, 200, 403),
        (Role.EMPLOYER_CONTACT, "own", False, 404, 404),
        (Role.ENTERPRISE_ADVISER, "own", False, 404, 404),
        (Role.JOBCENTRE_ORGANISER, "own", False, 404, 404),
        (Role.ADMIN, "other", True, 200, 200),
    ],
)
def test_role_and_owner_decide_list_detail_and_edit(
    client, world, role, target, listed, detail, edit
):
    school = world[target]
    client.force_login(_user(role, world))

    listing = client.get("/schools/").content.decode()

    assert (school.name in listing) is listed
    assert client.get(f"/schools/{school.pk}/").status_code == detail
    assert client.get(f"/schools/{school.pk}/edit/").status_code == edit
    assert client.get(f"/schools/{school.pk}/benchmarks/new/").status_code == edit
    assert client.get(f"/schools/{school.pk}/pupils/").status_code == edit


def test_signed_out_visitor_is_sent_to_sign_in(client, world):
    response = client.get(f"/schools/{world['own'].pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_school_page_shows_careers_leaders_rolls_benchmarks_and_wishes(client, world):
    school = world["own"]
    school.adviser_wishes = "Help our governors plan careers."
    school.adviser_wish_tags = ["careers strategy", "SEND"]
    school.save()
    leader = member(Role.CAREERS_LEADER, school.organisation, full_name="Priya Shah")
    YearGroupRollFactory(school=school, year_group=7, pupils=182)
    YearGroupRollFactory(school=school, year_group=8, pupils=176)
    BenchmarkAssessment.objects.create(
        school=school, assessed_on="2025-01-10", **{f"benchmark_{n}": 10 for n in range(1, 9)}
    )
    BenchmarkAssessment.objects.create(
        school=school,
        assessed_on="2025-09-30",
        **{f"benchmark_{n}": 50 + n for n in range(1, 9)},
    )
    client.force_login(leader)

    html = client.get(f"/schools/{school.pk}/").content.decode()

    assert "Priya Shah" in html
    assert "182" in html and "176" in html and "358" in html  # year 7, year 8, total
    assert "30 September 2025" in html  # the latest self-assessment, not the older one
    assert "5. Encounters with employers and employees" in html
    assert "55%" in html and "58%" in html
    assert "10%" not in html
    assert "Help our governors plan careers." in html
    assert "govuk-tag" in html and "SEND" in html


def test_benchmark_assessment_of_101_percent_is_refused_and_nothing_saved(client, world):
    school = world["own"]
    client.force_login(_user(Role.COORDINATOR, world))
    data = {**ASSESSED_30_9_2025, **{f"benchmark_{n}": "80" for n in range(1, 9)}}
    data["benchmark_5"] = "101"

    response = client.post(f"/schools/{school.pk}/benchmarks/new/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Benchmark 5 must be 100% or less" in html
    assert "<title>Error:" in html
    assert not BenchmarkAssessment.objects.exists()


def test_benchmark_assessment_needs_all_eight_percentages(client, world):
    school = world["own"]
    client.force_login(_user(Role.CAREERS_LEADER, world))
    data = {**ASSESSED_30_9_2025, **{f"benchmark_{n}": "80" for n in range(1, 8)}}

    response = client.post(f"/schools/{school.pk}/benchmarks/new/", data)

    assert "Enter a percentage for benchmark 8" in response.content.decode()
    assert not BenchmarkAssessment.objects.exists()


def test_careers_leader_enters_an_assessment_and_sees_it_on_the_school_page(client, world):
    school = world["own"]
    client.force_login(_user(Role.CAREERS_LEADER, world))
    data = {**ASSESSED_30_9_2025, **{f"benchmark_{n}": str(60 + n) for n in range(1, 9)}}

    response = client.post(f"/schools/{school.pk}/benchmarks/new/", data, follow=True)

    assert "Benchmark self-assessment saved." in response.content.decode()
    assessment = BenchmarkAssessment.objects.get(school=school)
    assert assessment.scores == {n: 60 + n for n in range(1, 9)}
    assert assessment.assessed_on.isoformat() == "2025-09-30"


def test_pupils_on_roll_are_set_and_an_emptied_year_group_is_removed(client, world):
    school = world["own"]
    YearGroupRollFactory(school=school, year_group=13, pupils=90)
    client.force_login(_user(Role.COORDINATOR, world))
    data = {f"year_{year}": "150" for year in range(7, 12)} | {"year_12": "", "year_13": ""}

    client.post(f"/schools/{school.pk}/pupils/", data)

    assert dict(
        YearGroupRoll.objects.filter(school=school).values_list("year_group", "pupils")
    ) == {7: 150, 8: 150, 9: 150, 10: 150, 11: 150}


def test_negative_pupils_are_refused(client, world):
    school = world["own"]
    client.force_login(_user(Role.COORDINATOR, world))

    response = client.post(f"/schools/{school.pk}/pupils/", {"year_7": "-4"})

    assert "Year 7 cannot be negative" in response.content.decode()
    assert not YearGroupRoll.objects.exists()


def test_careers_leader_changes_wishes_but_is_not_offered_urn_or_hub(client, world):
    school = world["own"]
    sector = SectorFactory(name="Digital")
    client.force_login(_user(Role.CAREERS_LEADER, world))

    form_html = client.get(f"/schools/{school.pk}/edit/").content.decode()
    client.post(
        f"/schools/{school.pk}/edit/",
        {
            "name": school.name,
            "phase": school.phase,
            "district": school.district.pk,
            "postcode": "sg1 2ab",
            "adviser_wishes": "Someone from digital, please.",
            "adviser_wish_tags": "stem; Digital",
            "adviser_wish_sectors": [sector.pk],
        },
    )

    assert 'name="urn"' not in form_html and 'name="hub"' not in form_html
    school.refresh_from_db()
    assert school.adviser_wishes == "Someone from digital, please."
    assert school.adviser_wish_tags == ["STEM", "digital"]
    assert school.postcode == "SG1 2AB"
    assert list(school.adviser_wish_sectors.all()) == [sector]
    assert school.hub == world["own_hub"]


def test_coordinator_adds_a_school_to_their_hub_with_its_organisation(client, world):
    district = DistrictFactory(name="Dacorum")
    client.force_login(_user(Role.COORDINATOR, world))

    response = client.post(
        "/schools/new/",
        {
            "urn": "139876",
            "name": "Hemel Hempstead School",
            "phase": School.Phase.SECONDARY,
            "district": district.pk,
            "postcode": "HP1 1TX",
            "hub": world["own_hub"].pk,
        },
    )

    school = School.objects.get(urn="139876")
    assert response.status_code == 302
    assert school.hub == world["own_hub"]
    assert school.organisation.name == "Hemel Hempstead School"


def test_adding_a_school_with_a_urn_already_on_the_register_is_refused(client, world):
    client.force_login(_user(Role.COORDINATOR, world))

    response = client.post(
        "/schools/new/",
        {
            "urn": world["other"].urn,
            "name": "Copy",
            "phase": School.Phase.SECONDARY,
            "district": world["other"].district.pk,
            "hub": world["own_hub"].pk,
        },
    )

    assert "govuk-error-summary" in response.content.decode()
    assert School.objects.filter(urn=world["other"].urn).count() == 1


def test_lead_cannot_add_schools(client):
    client.force_login(member(Role.LEAD))

    assert client.get("/schools/new/").status_code == 403


def test_filters_and_search_narrow_the_list(client, world):
    hub = world["own_hub"]
    watford = DistrictFactory(name="Watford")
    world["own"].district = DistrictFactory(name="Stevenage")
    world["own"].save()
    SchoolFactory(hub=hub, name="Watford Primary", district=watford, phase=School.Phase.PRIMARY)
    client.force_login(_user(Role.COORDINATOR, world))

    by_district = client.get("/schools/", {"district": watford.pk}).content.decode()
    by_phase = client.get("/schools/", {"phase": "primary"}).content.decode()
    by_urn = client.get("/schools/", {"q": world["own"].urn}).content.decode()

    assert "Watford Primary" in by_district and "Own Academy" not in by_district
    assert "Watford Primary" in by_phase and "Own Academy" not in by_phase
    assert "Own Academy" in by_urn and "Watford Primary" not in by_urn


def test_school_list_query_count_does_not_grow_with_schools(
    client, world, django_assert_max_num_queries
):
    hub = world["own_hub"]
    for _ in range(30):
        school = SchoolFactory(hub=hub)
        YearGroupRollFactory(school=school)
    client.force_login(_user(Role.COORDINATOR, world))

    with django_assert_max_num_queries(10):
        response = client.get("/schools/")

    assert response.content.decode().count("govuk-table__row") == 32  # header + 31 schools


def test_school_detail_query_count_is_bounded(client, world, django_assert_max_num_queries):
    school = world["own"]
    for year in range(7, 14):
        YearGroupRollFactory(school=school, year_group=year)
    client.force_login(_user(Role.COORDINATOR, world))

    with django_assert_max_num_queries(14):
        assert client.get(f"/schools/{school.pk}/").status_code == 200
