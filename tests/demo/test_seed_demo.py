"""`manage.py seed_demo`: enough Hertfordshire data to demo, idempotent, DEBUG-only logins."""

from __future__ import annotations

import html
import re
from datetime import date
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import models
from django.test import Client, override_settings

from accounts.models import District, Membership, Organisation, OrganisationKind, Role, Sector, User
from demo import data as demo_data
from demo.seed import seed_demo
from employers.models import Employer, EnterpriseAdviser, SizeBand, companies_house_validator
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


def test_seeds_the_minimum_demo_data():
    # How long it takes is make run's business (a fresh machine, a few seconds), not a test's.
    counts = seed_demo(with_passwords=False)

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


# --- Events (demo.seed_events) --------------------------------------------------------------------


def test_the_jobcentre_login_has_upcoming_published_jobs_fairs_at_its_own_jobcentre():
    from django.utils import timezone

    from events.models import Event, EventKind
    from events.services import registration_closes_at

    seed_demo(with_passwords=False)

    organiser = User.objects.get(email="jobcentre@example.org")
    (jobcentre_id,) = organiser.organisation_ids(Role.JOBCENTRE_ORGANISER)
    now = timezone.now()
    upcoming = [
        event
        for event in Event.objects.filter(
            kind=EventKind.JOBS_FAIR,
            status=Event.Status.PUBLISHED,
            organiser_id=jobcentre_id,
            venue__organisation_id=jobcentre_id,
            starts_at__gt=now,
        )
        if (event.registration_opens_at is None or event.registration_opens_at <= now)
        and now < registration_closes_at(event)
    ]
    assert len(upcoming) >= 2
    assert all(event.venue.name == demo_data.JOBCENTRE_STEVENAGE for event in upcoming)


def test_the_programme_grid_shows_held_planned_and_the_deliberate_gaps():
    from django.utils import timezone

    from demo.seed_events import FINANCIAL_YEAR, GAPS
    from events.models import EventKind
    from events.programme_grid import CellState, programme_grid

    seed_demo(with_passwords=False)

    grid = programme_grid(financial_year=FINANCIAL_YEAR, kind=EventKind.JOBS_FAIR)
    missing = {(venue.name, quarter) for venue, quarter in grid.missing_cells}
    assert missing == {(demo_data.jobcentre_name(town), quarter) for town, quarter, _r in GAPS}
    assert len(grid.rows) == len(demo_data.JOBCENTRES)
    today = timezone.localdate()
    states = {cell.state for row in grid.rows for cell in row.cells}
    assert CellState.HELD in states
    if today < date(2027, 2, 10):  # the Q4 fairs are still to come
        assert CellState.PLANNED in states


def test_demo_events_cover_the_strategys_programme():
    from events.models import Event, EventKind

    seed_demo(with_passwords=False)

    def count(kind: str) -> int:
        return Event.objects.filter(kind=kind).exclude(status=Event.Status.DRAFT).count()

    assert count(EventKind.JOBS_FAIR) >= 4 * len(demo_data.JOBCENTRES)
    assert count(EventKind.VOICE_OF_THE_CUSTOMER_FORUM) == len(demo_data.JOBCENTRES)
    assert count(EventKind.SECTOR_SKILLS_EVENT) == 2
    assert count(EventKind.FIFTY_PLUS_JOBS_FAIR) == 2
    careers_fairs = Event.objects.filter(kind=EventKind.CAREERS_FAIR)
    assert set(careers_fairs.values_list("organiser__name", flat=True)) == {
        hub[0] for hub in demo_data.HUBS
    }
    # No draft is left without a reason: everything is held, published or cancelled.
    assert not Event.objects.filter(status=Event.Status.DRAFT).exists()
    assert not Event.objects.filter(status=Event.Status.PUBLISHED, venue__isnull=True).exists()


def test_demo_registrations_and_stand_applications_show_every_state():
    from events.models import Registration, StandApplication, Ticket

    seed_demo(with_passwords=False)

    registrations = Registration.objects.all()
    assert registrations.filter(status=Registration.Status.WAITLISTED).exists()
    asked = [code for row in registrations.values_list("adjustments", flat=True) for code in row]
    assert {"bsl_interpreter", "step_free_access", "hearing_loop"} <= set(asked)
    assert registrations.filter(email="", phone__startswith="+44").exists()
    group = registrations.get(school__name="Fairlands Valley Academy")
    assert group.group_size == 30 and group.tickets.count() == 30
    assert all(t.holder_label.startswith("Pupil, Year 10") for t in group.tickets.all())
    # Never oversold: valid tickets never exceed an event's places.
    for registration in registrations.select_related("event"):
        event = registration.event
        assert Ticket.objects.filter(event=event, status="valid").count() <= event.capacity
    statuses = set(StandApplication.objects.values_list("status", flat=True))
    assert {"approved", "pending", "waitlisted"} <= statuses
    fairlands = StandApplication.objects.filter(employer__name="Fairlands Aerostructures Ltd")
    assert fairlands.filter(status="approved", stand_number__isnull=False).exists()
    assert fairlands.filter(applied_by__email="employer@example.org").exists()


def test_seeding_events_sends_no_email(django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed_demo(with_passwords=False)

    assert callbacks  # the services did queue their e-mail tasks ...
    assert mail.outbox == []  # ... which found every demo row already told


def test_a_second_run_adds_no_events_registrations_or_stands():
    from events.models import Event, Registration, StandApplication, Ticket

    seed_demo(with_passwords=False)
    before = [m.objects.count() for m in (Event, Registration, StandApplication, Ticket)]
    statuses = sorted(Event.objects.values_list("pk", "status", "sequence"))

    counts = seed_demo(with_passwords=False)

    assert [m.objects.count() for m in (Event, Registration, StandApplication, Ticket)] == before
    assert sorted(Event.objects.values_list("pk", "status", "sequence")) == statuses
    assert counts["created"] == counts["updated"] == 0


# --- Encounters (demo.seed_encounters) ------------------------------------------------------------


def test_2025_26_has_encounters_every_month_for_many_schools_and_partial_coverage():
    from core.periods import academic_year
    from engagement.coverage import benchmark5_coverage
    from engagement.models import Encounter

    seed_demo(with_passwords=False)

    year = academic_year(2025)
    encounters = Encounter.objects.filter(occurred_on__gte=year.start, occurred_on__lt=year.end)
    months = {day.month for day in encounters.values_list("occurred_on", flat=True)}
    assert {9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7} <= months
    assert encounters.values("school_id").distinct().count() >= 30
    assert encounters.filter(meaningful=True).exists() and encounters.filter(meaningful=False)
    assert encounters.exclude(pupil_refs=[]).exists()
    assert encounters.filter(kind="provider_encounter").exists()
    # Fairs held that year: their encounters come from the ledger, derived from check-ins.
    assert encounters.filter(source="event", event__status="completed").exists()
    covered: dict[int, list[int]] = {}
    for cell in benchmark5_coverage(period=year):
        totals = covered.setdefault(cell.year_group, [0, 0])
        totals[0] += cell.covered
        totals[1] += cell.on_roll
    assert set(covered) == set(range(7, 14))
    for year_group, (pupils_covered, on_roll) in covered.items():
        assert 0 < pupils_covered < on_roll, year_group


def test_the_current_academic_year_has_encounters_up_to_yesterday_when_it_has_begun():
    """The dashboards open on today's academic year: the demo gives it something to show."""
    from datetime import date, timedelta
    from unittest import mock

    from django.utils import timezone

    from core.periods import academic_year
    from engagement.models import Encounter

    today = date(2026, 11, 23)
    with mock.patch.object(timezone, "localdate", return_value=today):
        seed_demo(with_passwords=False)

    this_year = academic_year(2026)
    recorded = Encounter.objects.filter(source="recorded", occurred_on__gte=this_year.start)
    assert recorded.values("school_id").distinct().count() >= 20
    assert recorded.filter(occurred_on__gte=today).count() == 0  # nothing in the future
    assert min(recorded.values_list("occurred_on", flat=True)) >= this_year.start
    assert max(recorded.values_list("occurred_on", flat=True)) <= today - timedelta(days=1)


def test_a_second_run_adds_no_encounters():
    from engagement.models import Encounter

    seed_demo(with_passwords=False)
    before = sorted(Encounter.objects.values_list("source_key", "people", "meaningful"))

    counts = seed_demo(with_passwords=False)

    assert sorted(Encounter.objects.values_list("source_key", "people", "meaningful")) == before
    assert counts["created"] == 0


def test_the_lead_sees_a_year_of_encounters_through_the_api():
    from rest_framework.test import APIClient

    seed_demo(with_passwords=False)
    client = APIClient()
    client.force_authenticate(User.objects.get(email="lead@example.org"))

    response = client.get(
        "/api/v1/engagement/summary/", {"academic_year": "2025-26", "group_by": "district"}
    )

    assert response.status_code == 200
    assert len(response.json()["rows"]) == len(demo_data.DISTRICTS)
    totals = response.json()["totals"]
    assert totals["employer_encounters"] > 1000
    assert totals["provider_encounters"] > 0
    assert 0 < totals["people"] <= totals["contacts"]
    assert totals["fair_attendance"] > 0


def test_held_fairs_show_employer_presence_stand_visits_and_group_records():
    from engagement.models import Encounter, FairGroupRecord
    from events.models import StandApplication, StandInteraction

    seed_demo(with_passwords=False)

    held = StandApplication.objects.filter(event__status="completed", status="approved")
    assert held.filter(presence="present").exists() and held.filter(presence="no_show").exists()
    assert StandInteraction.objects.filter(application__event__status="completed").exists()
    assert FairGroupRecord.objects.exists()
    fair_rows = Encounter.objects.filter(source="event")
    assert set(fair_rows.values_list("method", flat=True)) == {"scanned", "recorded"}
    # Nobody is credited with an employer who did not come.
    assert not fair_rows.filter(
        employer__stand_applications__presence="no_show",
        employer__stand_applications__event=models.F("event"),
    ).exists()
