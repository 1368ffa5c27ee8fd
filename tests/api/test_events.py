"""The events API (CONTRACT.md): events, public registration, stands; same services as the pages."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.models import District, Role, User
from events.calendars import LONDON
from events.models import Event, EventKind, Registration, StandApplication, Ticket
from events.services import registration_create, stand_apply
from tests.factories import (
    EmployerFactory,
    EventFactory,
    JobcentreVenueFactory,
    in_days_at,
    member,
)

pytestmark = pytest.mark.django_db

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")
CONTRACT_EVENT_KEYS = {
    "id",
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "status",
    "capacity",
    "places_left",
    "stand_capacity",
    "stands_left",
    "registration_opens_at",
    "registration_closes_at",
    "registration_open",
    "url",
    "calendar_url",
}
ATTENDEE = {
    "name": "Sam Patel",
    "email": "sam@example.net",
    "category": "jobseeker",
    "privacy_consent": True,
}


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def register_url(event) -> str:
    return f"/api/v1/events/{event.pk}/registrations/"


@pytest.fixture
def event():
    return EventFactory(title="Stevenage jobs fair")


@pytest.fixture
def organiser(event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


@pytest.fixture
def employer():
    return EmployerFactory(name="Fairlands Aerostructures Ltd")


@pytest.fixture
def employer_contact(employer):
    return member(Role.EMPLOYER_CONTACT, employer.organisation)


# --- Shapes ------------------------------------------------------------------------------------


def test_an_event_has_the_contract_fields_with_london_offsets(event):
    summer = EventFactory(starts_at=datetime(2027, 6, 9, 10, 0, tzinfo=LONDON))
    client = client_for(member(Role.EMPLOYER_CONTACT))

    body = client.get(f"/api/v1/events/{event.pk}/").json()
    listed = client.get("/api/v1/events/").json()

    assert CONTRACT_EVENT_KEYS <= set(body)
    assert body["kind"] == "jobs_fair" and body["status"] == "published"
    assert body["capacity"] == 100 and body["places_left"] == 100 and body["stands_left"] == 10
    assert body["registration_open"] is True
    for moment in (body["starts_at"], body["ends_at"], body["registration_closes_at"]):
        assert ISO_WITH_OFFSET.match(moment), moment
    # London local time, with London's offset that day (GMT in December, BST in June).
    assert body["starts_at"] == event.starts_at.isoformat()
    assert body["starts_at"].endswith("T10:00:00+00:00")
    summer_body = next(row for row in listed["results"] if row["id"] == summer.pk)
    assert summer_body["starts_at"].endswith("T10:00:00+01:00")
    assert body["venue"]["name"] == event.venue.name and body["venue"]["district"]
    assert body["url"] == f"{settings.SITE_URL}/events/{event.public_id}/"
    assert body["calendar_url"] == f"{settings.SITE_URL}/events/{event.pk}/calendar.ics"
    assert listed["count"] == 2


def test_anyone_can_register_without_an_account_and_gets_a_ticket(event):
    response = APIClient().post(
        register_url(event),
        {**ATTENDEE, "adjustments": ["bsl_interpreter"], "adjustments_detail": "Two people"},
        format="json",
    )

    body = response.json()
    assert response.status_code == 201
    assert body["status"] == "confirmed" and body["warnings"] == []
    ticket = Ticket.objects.get()
    assert len(body["ticket"]["token"]) >= 22
    assert body["ticket"]["token"] == ticket.token
    assert body["ticket"]["number"] == ticket.number == f"JF{event.pk}-0001"
    assert body["ticket"]["qr_png_url"] == f"{settings.SITE_URL}/tickets/{ticket.token}/qr.png"
    assert body["ticket"]["url"] == f"{settings.SITE_URL}/tickets/{ticket.token}/"
    assert Registration.objects.get().adjustments == ["bsl_interpreter"]


def test_a_phone_number_is_enough(event):
    response = APIClient().post(
        register_url(event),
        {"name": "Jo", "phone": "07700 900123", "category": "fifty_plus", "privacy_consent": True},
        format="json",
    )

    assert response.status_code == 201
    assert Registration.objects.get().phone == "+447700900123"


def test_past_capacity_a_registration_is_waitlisted_without_a_ticket():
    event = EventFactory(capacity=1)
    client = APIClient()

    first = client.post(register_url(event), ATTENDEE, format="json")
    second = client.post(register_url(event), {**ATTENDEE, "email": "b@example.net"}, format="json")

    assert first.status_code == second.status_code == 201
    assert first.json()["status"] == "confirmed"
    assert second.json()["status"] == "waitlisted"
    assert second.json()["ticket"] is None
    assert [w["code"] for w in second.json()["warnings"]] == ["waitlisted"]
    assert Ticket.objects.count() == 1
    event_body = client_for(member(Role.LEAD)).get(f"/api/v1/events/{event.pk}/").json()
    assert event_body["places_left"] == 0


def test_a_late_adjustment_registers_with_a_warning():
    event = EventFactory(adjustments_deadline=in_days_at(-1))

    response = APIClient().post(
        register_url(event), {**ATTENDEE, "adjustments": ["hearing_loop"]}, format="json"
    )

    assert response.status_code == 201
    assert [w["code"] for w in response.json()["warnings"]] == ["adjustments_after_deadline"]


# --- Bad input: a 4xx with code and detail, and nothing saved ----------------------------------


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"email": "", "phone": ""}, "contact_required"),
        ({"email": "not-an-address"}, "invalid_email"),
        ({"email": "", "phone": "12345"}, "invalid_phone"),
        ({"category": "astronaut"}, "invalid_category"),
        ({"category": None}, "invalid_category"),
        ({"adjustments": ["jetpack"]}, "invalid_adjustment"),
        ({"adjustments": "bsl_interpreter"}, "not_a_list"),
        ({"privacy_consent": False}, "privacy_consent_required"),
        ({"name": "   "}, "name_required"),
        ({"age_band": "ancient"}, "invalid_answer"),
        ({"complex_barriers": "perhaps"}, "invalid"),
    ],
)
def test_bad_registrations_are_refused_with_a_code_and_nothing_saved(event, changes, code):
    response = APIClient().post(register_url(event), {**ATTENDEE, **changes}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not Registration.objects.exists()


def test_missing_category_is_a_400():
    event = EventFactory()
    answers = {key: value for key, value in ATTENDEE.items() if key != "category"}

    response = APIClient().post(register_url(event), answers, format="json")

    assert response.status_code == 400 and response.json()["code"] == "required"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("event_fields", "code"),
    [
        ({"status": Event.Status.CANCELLED}, "event_cancelled"),
        ({"status": Event.Status.COMPLETED}, "registration_closed"),
        ({"registration_closes_at": in_days_at(-1)}, "registration_closed"),
        ({"registration_opens_at": in_days_at(3)}, "registration_not_open"),
    ],
)
def test_registering_for_a_closed_event_is_refused(event_fields, code):
    event = EventFactory(**event_fields)

    response = APIClient().post(register_url(event), ATTENDEE, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]
    assert not Registration.objects.exists()


def test_the_same_email_twice_is_202_check_your_messages(event):
    client = APIClient()

    client.post(register_url(event), ATTENDEE, format="json")
    again = client.post(
        register_url(event), {**ATTENDEE, "email": "SAM@example.net"}, format="json"
    )

    assert again.status_code == 202 and again.json()["code"] == "check_your_messages"
    assert "ticket" not in again.json()
    assert Registration.objects.count() == 1


def test_a_draft_or_unknown_event_is_a_404_for_registration():
    draft = EventFactory(status=Event.Status.DRAFT)
    client = APIClient()

    assert client.post(register_url(draft), ATTENDEE, format="json").status_code == 404
    unknown = client.post("/api/v1/events/999999/registrations/", ATTENDEE, format="json")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert not Registration.objects.exists()


def test_malformed_json_is_a_400_not_a_500(event, organiser):
    public = APIClient().post(
        register_url(event), data='{"name": "Sam",', content_type="application/json"
    )
    create = client_for(organiser).post(
        "/api/v1/events/", data="{not json", content_type="application/json"
    )

    assert public.status_code == create.status_code == 400
    assert public.json()["code"] == create.json()["code"] == "parse_error"
    assert not Registration.objects.exists()


def test_a_list_instead_of_an_object_is_a_400(event, organiser):
    public = APIClient().post(register_url(event), ["x"], format="json")
    patch = client_for(organiser).patch(f"/api/v1/events/{event.pk}/", ["x"], format="json")

    assert public.status_code == patch.status_code == 400
    assert {"code", "detail"} <= set(public.json()) and {"code", "detail"} <= set(patch.json())


# --- Events: create, change, publish, cancel ---------------------------------------------------


def test_an_organiser_creates_a_draft_with_naive_times_read_as_london(organiser, event):
    response = client_for(organiser).post(
        "/api/v1/events/",
        {
            "kind": "fifty_plus_jobs_fair",
            "title": "50+ jobs fair",
            "venue": event.venue.pk,
            "starts_at": "2027-06-09T10:00:00",
            "ends_at": "2027-06-09T13:00:00",
            "capacity": 80,
            "audiences": ["fifty_plus"],
        },
        format="json",
    )

    body = response.json()
    assert response.status_code == 201, body
    assert body["status"] == "draft" and body["organiser"]["id"] == event.organiser_id
    assert body["starts_at"] == "2027-06-09T10:00:00+01:00"
    created = Event.objects.get(pk=body["id"])
    assert created.created_by == organiser and created.kind == EventKind.FIFTY_PLUS_JOBS_FAIR


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"ends_at": "2027-06-09T09:00:00"}, "ends_before_start"),
        ({"kind": "picnic"}, "invalid_choice"),
        ({"capacity": 0}, "min_value"),
        ({"venue": 999999}, "does_not_exist"),
        ({"status": "published"}, "status_read_only"),
        ({"colour": "green"}, "unknown_field"),
    ],
)
def test_bad_event_input_is_a_400_and_nothing_saved(organiser, changes, code):
    answers = {
        "kind": "jobs_fair",
        "title": "Jobs fair",
        "starts_at": "2027-06-09T10:00:00",
        "ends_at": "2027-06-09T13:00:00",
        "capacity": 80,
        **changes,
    }
    before = Event.objects.count()

    response = client_for(organiser).post("/api/v1/events/", answers, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]
    assert Event.objects.count() == before


def test_patch_changes_the_event_and_raises_its_sequence(event, organiser):
    response = client_for(organiser).patch(
        f"/api/v1/events/{event.pk}/", {"capacity": 150, "title": "Bigger fair"}, format="json"
    )

    event.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["capacity"] == 150 and response.json()["places_left"] == 150
    assert (event.capacity, event.title, event.sequence) == (150, "Bigger fair", 1)


@pytest.mark.parametrize(
    "field", ["adjustments_deadline", "registration_opens_at", "registration_closes_at"]
)
def test_a_moment_in_year_one_is_a_bad_request_and_changes_nothing(event, organiser, field):
    response = client_for(organiser).patch(
        f"/api/v1/events/{event.pk}/", {field: "0002-01-01T07:00:11+09:00"}, format="json"
    )

    event.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["detail"] and field in str(response.json())
    assert getattr(event, field) is None or getattr(event, field).year >= 2000


def test_capacity_cannot_go_below_the_places_taken(organiser):
    event = EventFactory(capacity=2)
    registration_create(
        event=event, name="A", email="a@x.org", category="other", privacy_consent=True
    )
    registration_create(
        event=event, name="B", email="b@x.org", category="other", privacy_consent=True
    )

    response = client_for(organiser_for(event)).patch(
        f"/api/v1/events/{event.pk}/", {"capacity": 1}, format="json"
    )

    assert response.status_code == 400 and response.json()["code"] == "capacity_below_booked"
    event.refresh_from_db()
    assert event.capacity == 2


def organiser_for(event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


def test_publish_and_cancel_through_the_actions(organiser, event):
    draft = EventFactory(status=Event.Status.DRAFT, venue=event.venue)
    client = client_for(organiser)

    published = client.post(f"/api/v1/events/{draft.pk}/publish/")
    again = client.post(f"/api/v1/events/{draft.pk}/publish/")
    cancelled = client.post(f"/api/v1/events/{draft.pk}/cancel/", {"reason": "Flooded"})

    assert published.status_code == 200 and published.json()["status"] == "published"
    assert again.status_code == 409 and again.json()["code"] == "not_draft"
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancellation_reason"] == "Flooded"
    assert cancelled.json()["registration_open"] is False


def test_anonymous_callers_cannot_read_create_or_change_events(event):
    client = APIClient()

    responses = [
        client.get("/api/v1/events/"),
        client.get(f"/api/v1/events/{event.pk}/"),
        client.post("/api/v1/events/", {"title": "x"}, format="json"),
        client.patch(f"/api/v1/events/{event.pk}/", {"title": "x"}, format="json"),
        client.post(f"/api/v1/events/{event.pk}/publish/"),
        client.get(register_url(event)),
    ]

    assert [r.status_code for r in responses] == [401] * 6
    assert all(r.json()["code"] == "not_authenticated" for r in responses)
    event.refresh_from_db()
    assert event.title == "Stevenage jobs fair"


# --- Who may do what ---------------------------------------------------------------------------


@pytest.fixture
def world(event, organiser, employer, employer_contact):
    other_jobcentre = JobcentreVenueFactory()
    draft = EventFactory(status=Event.Status.DRAFT, venue=event.venue)
    application = stand_apply(
        event=event, employer=employer, by=employer_contact, representatives=2
    )
    return {
        "event": event,
        "draft": draft,
        "application": application,
        "own organiser": organiser,
        "other organiser": member(Role.JOBCENTRE_ORGANISER, other_jobcentre.organisation),
        "employer contact": employer_contact,
        "careers leader": member(Role.CAREERS_LEADER),
        "lead": member(Role.LEAD),
        "anonymous": None,
    }


NEW_EVENT = {
    "kind": "jobs_fair",
    "title": "Spring jobs fair",
    "starts_at": "2027-03-10T10:00:00",
    "ends_at": "2027-03-10T14:00:00",
    "capacity": 60,
}


@pytest.mark.parametrize(
    ("who", "create", "patch", "publish", "cancel", "approve"),
    [
        ("own organiser", 201, 200, 200, 200, 200),
        ("other organiser", 403, 403, 404, 403, 404),
        ("employer contact", 403, 403, 404, 403, 403),
        ("careers leader", 403, 403, 404, 403, 404),
        ("lead", 403, 403, 403, 403, 403),
        ("anonymous", 401, 401, 401, 401, 401),
    ],
)
def test_who_may_create_change_publish_cancel_and_approve(
    world, who, create, patch, publish, cancel, approve
):
    client = client_for(world[who])
    event, draft, application = world["event"], world["draft"], world["application"]

    created = client.post(
        "/api/v1/events/", {**NEW_EVENT, "organiser": event.organiser_id}, format="json"
    )
    patched = client.patch(f"/api/v1/events/{event.pk}/", {"title": "Renamed"}, format="json")
    published = client.post(f"/api/v1/events/{draft.pk}/publish/")
    approved = client.post(f"/api/v1/employer-registrations/{application.pk}/approve/")
    cancelled = client.post(f"/api/v1/events/{event.pk}/cancel/")

    statuses = [r.status_code for r in (created, patched, published, cancelled, approved)]
    assert statuses == [create, patch, publish, cancel, approve]
    for response in (created, patched, published, cancelled, approved):
        if response.status_code >= 400:
            assert {"code", "detail"} <= set(response.json())
    event.refresh_from_db()
    draft.refresh_from_db()
    application.refresh_from_db()
    assert Event.objects.filter(title="Spring jobs fair").exists() is (create == 201)
    assert (event.title == "Renamed") is (patch == 200)
    assert (draft.status == Event.Status.PUBLISHED) is (publish == 200)
    assert (event.status == Event.Status.CANCELLED) is (cancel == 200)
    assert (application.status == StandApplication.Status.APPROVED) is (approve == 200)


def test_drafts_are_listed_only_for_their_organisers(world):
    def ids(who):
        return {
            row["id"] for row in client_for(world[who]).get("/api/v1/events/").json()["results"]
        }

    assert world["draft"].pk in ids("own organiser")
    assert world["draft"].pk not in ids("other organiser")
    assert world["draft"].pk not in ids("employer contact")
    assert world["event"].pk in ids("careers leader")


def test_an_organiser_with_two_organisations_must_name_the_organiser(event):
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    second = JobcentreVenueFactory()
    member_of_second = organiser.memberships.create(
        organisation=second.organisation, role=Role.JOBCENTRE_ORGANISER
    )
    assert member_of_second

    response = client_for(organiser).post("/api/v1/events/", NEW_EVENT, format="json")

    assert response.status_code == 400 and response.json()["code"] == "organiser_required"


# --- Filters -----------------------------------------------------------------------------------


@pytest.fixture
def programme_of_events():
    stevenage = JobcentreVenueFactory(
        district=District.objects.get_or_create(name="Stevenage", slug="stevenage")[0]
    )
    watford = JobcentreVenueFactory(
        district=District.objects.get_or_create(name="Watford", slug="watford")[0]
    )
    return {
        "stevenage_fair": EventFactory(venue=stevenage, starts_at=in_days_at(10)),
        "stevenage_fifty": EventFactory(
            venue=stevenage, kind=EventKind.FIFTY_PLUS_JOBS_FAIR, starts_at=in_days_at(20)
        ),
        "watford_fair": EventFactory(venue=watford, starts_at=in_days_at(30)),
        "stevenage_organiser": member(Role.JOBCENTRE_ORGANISER, stevenage.organisation),
    }


def _listed(client, query: str) -> list[int]:
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_filters_kind_dates_district_venue_and_mine(programme_of_events):
    p = programme_of_events
    client = client_for(p["stevenage_organiser"])
    day20 = in_days_at(20).date().isoformat()
    sf, s50, wf = p["stevenage_fair"].pk, p["stevenage_fifty"].pk, p["watford_fair"].pk

    assert _listed(client, "") == [sf, s50, wf]
    assert _listed(client, "kind=fifty_plus_jobs_fair") == [s50]
    assert _listed(client, f"from={day20}") == [s50, wf]
    assert _listed(client, f"from={day20}&to={day20}") == [s50]
    assert _listed(client, f"to={in_days_at(20, 9).isoformat().replace('+', '%2B')}") == [sf]
    # An unencoded "+" arrives as a space: read it as the offset it was.
    assert _listed(client, f"from={in_days_at(20, 9).isoformat()}") == [s50, wf]
    assert _listed(client, "district=Watford") == [wf]
    assert _listed(client, "district=stevenage") == [sf, s50]
    assert _listed(client, f"venue={p['watford_fair'].venue_id}") == [wf]
    assert _listed(client, "mine=1") == [sf, s50]
    assert _listed(client_for(member(Role.LEAD)), "mine=1") == []


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("kind=picnic", "invalid_kind"),
        ("from=next-tuesday", "invalid_date"),
        ("to=2026-02-30", "invalid_date"),
        ("from=2027-01-02&to=2027-01-01", "invalid_range"),
        ("district=Narnia", "invalid_district"),
        ("venue=abc", "invalid_venue"),
        ("status=lost", "invalid_status"),
    ],
)
def test_bad_filters_are_a_400_with_code_and_detail(event, query, code):
    response = client_for(member(Role.LEAD)).get(f"/api/v1/events/?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]


def test_the_events_list_takes_the_same_queries_for_many_events(
    django_assert_num_queries, organiser, event
):
    def fresh_client():
        # A new user object each time, as each real request loads one (memberships uncached).
        return client_for(User.objects.get(pk=organiser.pk))

    for _ in range(3):
        EventFactory(venue=event.venue)

    # the page (the caller's right to see, places and stands, the count), sector focus
    client = fresh_client()
    with django_assert_num_queries(2):
        small = client.get("/api/v1/events/")
    for _ in range(20):
        EventFactory(venue=JobcentreVenueFactory())
    client = fresh_client()
    with django_assert_num_queries(2):
        large = client.get("/api/v1/events/")

    assert small.json()["count"] == 4 and large.json()["count"] == 24


# --- Organisers' lists -------------------------------------------------------------------------


def test_organisers_see_registrations_with_adjustments(world):
    event = world["event"]
    registration_create(
        event=event,
        name="Ada",
        email="ada@example.net",
        category="jobseeker",
        adjustments=["bsl_interpreter", "companion"],
        privacy_consent=True,
    )
    registration_create(
        event=event, name="Bo", phone="07700900123", category="other", privacy_consent=True
    )
    url = register_url(event)

    own = client_for(world["own organiser"]).get(url)
    only_adjustments = client_for(world["own organiser"]).get(url + "?adjustments=1")
    refused = {
        who: client_for(world[who]).get(url).status_code
        for who in ("other organiser", "employer contact", "careers leader", "lead", "anonymous")
    }

    assert own.status_code == 200 and own.json()["count"] == 2
    ada = next(row for row in own.json()["results"] if row["name"] == "Ada")
    assert ada["adjustments"] == ["bsl_interpreter", "companion"]
    assert ada["ticket_numbers"] == [f"JF{event.pk}-0001"]
    assert [row["name"] for row in only_adjustments.json()["results"]] == ["Ada"]
    assert refused == {
        "other organiser": 403,
        "employer contact": 403,
        "careers leader": 403,
        "lead": 403,
        "anonymous": 401,
    }


def test_organisers_see_an_events_stand_applications(world):
    url = f"/api/v1/events/{world['event'].pk}/employer-registrations/"

    own = client_for(world["own organiser"]).get(url)
    other = client_for(world["other organiser"]).get(url)
    employer = client_for(world["employer contact"]).get(url)

    assert own.status_code == 200
    assert [row["employer_name"] for row in own.json()["results"]] == [
        "Fairlands Aerostructures Ltd"
    ]
    assert other.status_code == employer.status_code == 403


# --- Stands ------------------------------------------------------------------------------------


STAND = {
    "representatives": 2,
    "representative_names": ["Marcus Bell"],
    "vacancies": [{"title": "Aircraft fitter", "count": 3, "link": "https://example.com/jobs/1"}],
    "needs_power": True,
}


def test_an_employer_applies_and_past_the_stands_is_waitlisted(employer, employer_contact):
    event = EventFactory(stand_capacity=1)
    second = EmployerFactory()
    url = f"/api/v1/events/{event.pk}/employer-registrations/"

    first = client_for(employer_contact).post(url, STAND, format="json")
    waitlisted = client_for(member(Role.EMPLOYER_CONTACT, second.organisation)).post(
        url, STAND, format="json"
    )
    approved = client_for(organiser_for(event)).post(
        f"/api/v1/employer-registrations/{first.json()['id']}/approve/", {"note": "Welcome"}
    )

    assert first.status_code == waitlisted.status_code == 201
    assert first.json()["status"] == "pending" and first.json()["stand_number"] is None
    assert first.json()["vacancies_count"] == 3 and first.json()["employer"] == employer.pk
    assert waitlisted.json()["status"] == "waitlisted"
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved" and approved.json()["stand_number"] == 1


def test_withdrawing_gives_the_stand_to_the_waiting_list(employer, employer_contact):
    event = EventFactory(stand_capacity=1)
    mine = stand_apply(event=event, employer=employer, by=employer_contact, representatives=1)
    other = EmployerFactory()
    waiting = stand_apply(
        event=event,
        employer=other,
        by=member(Role.EMPLOYER_CONTACT, other.organisation),
        representatives=1,
    )

    withdrawn = client_for(employer_contact).post(
        f"/api/v1/employer-registrations/{mine.pk}/withdraw/"
    )
    not_theirs = client_for(employer_contact).post(
        f"/api/v1/employer-registrations/{waiting.pk}/withdraw/"
    )

    waiting.refresh_from_db()
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert not_theirs.status_code == 404
    assert waiting.status == StandApplication.Status.PENDING


def test_employers_list_their_own_applications(world):
    mine = client_for(world["employer contact"]).get("/api/v1/employer-registrations/")
    others = client_for(member(Role.EMPLOYER_CONTACT)).get("/api/v1/employer-registrations/")

    assert [row["id"] for row in mine.json()["results"]] == [world["application"].pk]
    assert others.json()["count"] == 0


@pytest.mark.parametrize(
    ("changes", "status_code", "code"),
    [
        ({"representatives": 9}, 400, "too_many_representatives"),
        ({"representatives": 0}, 400, "min_value"),
        ({"representative_names": ["A", "B", "C"]}, 400, "invalid_representatives"),
        ({"vacancies": [{"count": 2}]}, 400, "required"),
        ({"vacancies": [{"title": "Fitter", "link": "not a link"}]}, 400, "invalid_vacancy"),
        ({"sectors": ["basket-weaving"]}, 400, "does_not_exist"),
    ],
)
def test_bad_stand_applications_are_refused_and_nothing_saved(
    event, employer_contact, changes, status_code, code
):
    response = client_for(employer_contact).post(
        f"/api/v1/events/{event.pk}/employer-registrations/", {**STAND, **changes}, format="json"
    )

    assert response.status_code == status_code
    assert response.json()["code"] == code and response.json()["detail"]
    assert not StandApplication.objects.exists()


def test_a_second_live_application_is_refused(event, employer_contact):
    url = f"/api/v1/events/{event.pk}/employer-registrations/"
    client = client_for(employer_contact)

    client.post(url, STAND, format="json")
    again = client.post(url, STAND, format="json")

    assert again.status_code == 400 and again.json()["code"] == "already_applied"
    assert StandApplication.objects.count() == 1


def test_only_employer_contacts_apply_and_several_employers_must_say_which(event):
    url = f"/api/v1/events/{event.pk}/employer-registrations/"
    first, second = EmployerFactory(), EmployerFactory()
    contact = member(Role.EMPLOYER_CONTACT, first.organisation)
    contact.memberships.create(organisation=second.organisation, role=Role.EMPLOYER_CONTACT)
    outsider = EmployerFactory()

    leader = client_for(member(Role.CAREERS_LEADER)).post(url, STAND, format="json")
    organiser = client_for(organiser_for(event)).post(url, STAND, format="json")
    ambiguous = client_for(contact).post(url, STAND, format="json")
    not_mine = client_for(contact).post(url, {**STAND, "employer": outsider.pk}, format="json")
    named = client_for(contact).post(url, {**STAND, "employer": second.pk}, format="json")
    draft = EventFactory(status=Event.Status.DRAFT)
    on_draft = client_for(contact).post(
        f"/api/v1/events/{draft.pk}/employer-registrations/",
        {**STAND, "employer": first.pk},
        format="json",
    )

    assert leader.status_code == organiser.status_code == 403
    assert ambiguous.status_code == 400 and ambiguous.json()["code"] == "employer_required"
    assert not_mine.status_code == 403
    assert named.status_code == 201 and named.json()["employer"] == second.pk
    assert on_draft.status_code == 404
    assert StandApplication.objects.count() == 1


# --- Rate limit --------------------------------------------------------------------------------


def test_public_registration_is_rate_limited_per_client(event):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["registrations"] == "30/min"
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    # Refused requests count too: the limit is on attempts, not on successes.
    for _ in range(30):
        assert client.post(register_url(event), {}, format="json").status_code == 400

    throttled = client.post(register_url(event), ATTENDEE, format="json")
    other_client = APIClient(REMOTE_ADDR="203.0.113.8").post(
        register_url(event), ATTENDEE, format="json"
    )

    # A made-up X-Forwarded-For is no way round it: no proxy of ours is trusted here.
    spoofed = client.post(
        register_url(event), ATTENDEE, format="json", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )

    assert throttled.status_code == 429
    assert spoofed.status_code == 429
    assert throttled.json()["code"] == "throttled" and throttled.json()["detail"]
    assert "Retry-After" in throttled.headers
    assert other_client.status_code == 201
    assert Registration.objects.count() == 1


def test_organisers_reading_the_list_are_not_throttled(event, organiser):
    client = client_for(organiser)

    statuses = {client.get(register_url(event)).status_code for _ in range(35)}

    assert statuses == {200}


def test_declining_an_approved_stand_through_the_api_needs_a_reason(employer, employer_contact):
    event = EventFactory(stand_capacity=2)
    organiser = organiser_for(event)
    applied = client_for(employer_contact).post(
        f"/api/v1/events/{event.pk}/employer-registrations/", STAND, format="json"
    )
    url = f"/api/v1/employer-registrations/{applied.json()['id']}/"
    client_for(organiser).post(url + "approve/", {"note": "See you there."})

    refused = client_for(organiser).post(url + "decline/", {}, format="json")
    declined = client_for(organiser).post(
        url + "decline/", {"note": "The hall is closed for repairs."}, format="json"
    )

    assert refused.status_code == 400
    assert refused.json()["code"] == "reason_required" and refused.json()["detail"]
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    assert declined.json()["decision_note"] == "The hall is closed for repairs."


# --- Schema ------------------------------------------------------------------------------------


def test_schema_lists_the_events_operations():
    schema = APIClient().get("/api/v1/schema/").content.decode()

    for path in (
        "/api/v1/events/",
        "/api/v1/events/{id}/",
        "/api/v1/events/{id}/publish/",
        "/api/v1/events/{id}/cancel/",
        "/api/v1/events/{id}/registrations/",
        "/api/v1/events/{id}/employer-registrations/",
        "/api/v1/employer-registrations/{id}/approve/",
        "/api/v1/employer-registrations/{id}/decline/",
        "/api/v1/employer-registrations/{id}/withdraw/",
    ):
        assert path in schema
    assert "qr_png_url" in schema


def test_times_shift_offset_across_the_clock_change():
    event = EventFactory(
        starts_at=in_days_at(0).replace(year=2027, month=3, day=27, hour=10),
        ends_at=in_days_at(0).replace(year=2027, month=3, day=28, hour=12),
    )

    body = client_for(member(Role.LEAD)).get(f"/api/v1/events/{event.pk}/").json()

    assert body["starts_at"] == "2027-03-27T10:00:00+00:00"
    assert body["ends_at"] == "2027-03-28T12:00:00+01:00"


def test_complete_marks_an_ended_event_as_held_and_refuses_one_to_come(organiser, event):
    ended = EventFactory(venue=event.venue, starts_at=in_days_at(-2), ends_at=in_days_at(-2, 14))
    client = client_for(organiser)

    held = client.post(f"/api/v1/events/{ended.pk}/complete/")
    too_soon = client.post(f"/api/v1/events/{event.pk}/complete/")

    assert held.status_code == 200 and held.json()["status"] == "completed"
    assert too_soon.status_code == 409 and too_soon.json()["code"] == "not_finished"
