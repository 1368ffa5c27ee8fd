"""Organisers' pages: who may open them, creating/publishing/cancelling, the dashboard, the
registrations list with its adjustments and exports, stand decisions, and the programme grid."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from core.dates import date_input_data
from events.calendars import LONDON
from events.models import Event, Registration, StandApplication
from events.services import stand_apply, stand_approve
from tests.events.conftest import register
from tests.factories import (
    EmployerFactory,
    EventFactory,
    HubFactory,
    JobcentreVenueFactory,
    RegistrationFactory,
    event_form_data,
    member,
)

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def event():
    return EventFactory(title="Stevenage jobs fair")


@pytest.fixture
def organiser(event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


# --- Who may open the organiser pages ----------------------------------------------------------

ORGANISER_PAGES = [
    ("get", "/events/manage/{pk}/"),
    ("get", "/events/manage/{pk}/registrations/"),
    ("get", "/events/manage/{pk}/registrations.csv"),
    ("get", "/events/manage/{pk}/stands/"),
    ("get", "/events/manage/{pk}/edit/"),
    ("get", "/events/manage/{pk}/cancel/"),
    ("post", "/events/manage/{pk}/publish/"),
]


def _viewer(kind: str, event: Event):
    if kind == "own organiser":
        return member(Role.JOBCENTRE_ORGANISER, event.organiser)
    if kind == "other Jobcentre organiser":
        return member(Role.JOBCENTRE_ORGANISER)
    if kind == "coordinator of another hub":
        return member(Role.COORDINATOR, HubFactory().organisation)
    if kind == "employer contact":
        return member(Role.EMPLOYER_CONTACT)
    if kind == "lead":
        return member(Role.LEAD)
    raise AssertionError(kind)


# Leads read the figures and the stand applications, not attendees' names and contact details.
READ_ONLY = {"get /events/manage/{pk}/", "get /events/manage/{pk}/stands/"}


@pytest.mark.parametrize(("method", "path"), ORGANISER_PAGES)
@pytest.mark.parametrize(
    ("viewer", "published", "expected"),
    [
        ("own organiser", True, "ok"),
        ("own organiser", False, "ok"),
        ("other Jobcentre organiser", True, 403),
        ("other Jobcentre organiser", False, 404),
        ("coordinator of another hub", True, 403),
        ("coordinator of another hub", False, 404),
        ("employer contact", True, 403),
        ("employer contact", False, 404),
        ("lead", True, "read"),
        ("lead", False, "read"),
    ],
)
def test_organiser_pages_permissions(client, method, path, viewer, published, expected):
    event = EventFactory(
        status=Event.Status.PUBLISHED if published else Event.Status.DRAFT,
    )
    client.force_login(_viewer(viewer, event))

    response = getattr(client, method)(path.format(pk=event.pk))

    if expected == "ok":
        assert response.status_code in (200, 302)
    elif expected == "read":
        # Leads read the dashboards and lists but change nothing.
        wanted = 200 if f"{method} {path}" in READ_ONLY else 403
        assert response.status_code == wanted
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    "path",
    [
        "/events/manage/",
        "/events/manage/new/",
        "/events/manage/{pk}/",
        "/events/manage/{pk}/registrations/",
        "/events/programme/2026/",
        "/events/fairs/",
        "/events/stands/",
    ],
)
def test_signed_out_people_are_sent_to_sign_in(client, event, path):
    response = client.get(path.format(pk=event.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_events_list_shows_only_the_organisers_own_events_with_counts(client, event, organiser):
    EventFactory(title="Someone else's fair")
    register(event, adjustments=["hearing_loop"])
    client.force_login(organiser)

    html = page_text(client.get("/events/manage/"))

    assert "Stevenage jobs fair" in html and "Someone else" not in html
    assert "1 / 100" in html  # places taken of capacity
    assert "govuk-tag--green" in html  # published


def _held(event, days_ago: int, title: str) -> Event:
    starts = timezone.now() - timedelta(days=days_ago)
    return EventFactory(
        title=title,
        organiser=event.organiser,
        venue=event.venue,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        status=Event.Status.COMPLETED,
    )


def test_the_events_list_shows_what_is_coming_soonest_first_then_the_past_latest_first(
    client, event, organiser
):
    later = EventFactory(
        title="Later jobs fair",
        organiser=event.organiser,
        venue=event.venue,
        starts_at=event.starts_at + timedelta(days=30),
        ends_at=event.ends_at + timedelta(days=30),
    )
    _held(event, 60, "Older fair")
    _held(event, 10, "Recent fair")
    client.force_login(organiser)

    html = page_text(client.get("/events/manage/"))

    shown = ("Coming up", event.title, later.title, "Past events", "Recent fair", "Older fair")
    order = [html.index(text) for text in shown]
    assert order == sorted(order)

    completed = page_text(client.get("/events/manage/?status=completed"))
    assert "Recent fair" in completed and event.title not in completed
    assert "No events coming up." in completed


def test_past_events_come_a_page_at_a_time_and_every_page_keeps_what_is_coming(
    client, event, organiser
):
    for n in range(26):
        _held(event, 5 + n, f"Held fair {n:02d}")
    client.force_login(organiser)

    first = page_text(client.get("/events/manage/"))
    second = page_text(client.get("/events/manage/?page=2"))

    assert "Held fair 00" in first and "Held fair 24" in first and "Held fair 25" not in first
    assert "Held fair 25" in second and "Held fair 24" not in second
    assert event.title in first and event.title in second
    assert 'href="?page=2"' in first


# --- Creating, publishing, cancelling ----------------------------------------------------------


def test_an_organiser_creates_a_draft_in_london_time_then_publishes_it(client):
    venue = JobcentreVenueFactory()
    client.force_login(member(Role.JOBCENTRE_ORGANISER, venue.organisation))

    response = client.post("/events/manage/new/", event_form_data(venue))

    event = Event.objects.get()
    assert response["Location"] == f"/events/manage/{event.pk}/"
    assert event.status == Event.Status.DRAFT
    local = timezone.localtime(event.starts_at, timezone.get_default_timezone())
    assert (local.hour, local.minute) == (10, 0)
    assert event.ends_at - event.starts_at == timedelta(hours=4)
    assert event.audiences == ["jobseekers", "fifty_plus"]

    client.post(f"/events/manage/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_an_event_that_ends_before_it_starts_is_refused_on_the_form(client):
    venue = JobcentreVenueFactory()
    client.force_login(member(Role.JOBCENTRE_ORGANISER, venue.organisation))

    response = client.post("/events/manage/new/", event_form_data(venue, end_time="09:00"))

    html = page_text(response)
    assert "govuk-error-summary" in html and "The event must end after it starts." in html
    assert not Event.objects.exists()


def test_an_event_starting_in_the_past_is_refused(client):
    venue = JobcentreVenueFactory()
    client.force_login(member(Role.JOBCENTRE_ORGANISER, venue.organisation))
    last_week = timezone.localdate() - timedelta(days=7)

    response = client.post(
        "/events/manage/new/", event_form_data(venue, **date_input_data("start_date", last_week))
    )

    assert "The date is in the past. Enter today or a date to come." in page_text(response)
    assert not Event.objects.exists()


def test_a_date_without_its_time_is_refused(client):
    venue = JobcentreVenueFactory()
    client.force_login(member(Role.JOBCENTRE_ORGANISER, venue.organisation))

    response = client.post(
        "/events/manage/new/",
        event_form_data(venue, **date_input_data("registration_closes_date", date(2030, 1, 1))),
    )

    assert "Enter a time as well as the date." in page_text(response)
    assert not Event.objects.exists()


def test_an_organiser_cannot_create_an_event_for_another_jobcentre(client):
    venue = JobcentreVenueFactory()
    other = JobcentreVenueFactory()
    client.force_login(member(Role.JOBCENTRE_ORGANISER, venue.organisation))

    response = client.post(
        "/events/manage/new/", event_form_data(venue, organiser=other.organisation_id)
    )

    assert "govuk-error-summary" in page_text(response)
    assert not Event.objects.exists()


def test_editing_changes_the_details_and_raises_the_calendar_sequence(client, event, organiser):
    client.force_login(organiser)
    form = client.get(f"/events/manage/{event.pk}/edit/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, "", []) and name not in ("sector_focus",)
    }
    for name in [name for name, value in data.items() if isinstance(value, date)]:
        data.update(date_input_data(name, data.pop(name)))  # typed as day, month and year
    data.update(
        start_time="11:00",
        end_time=form.initial["end_time"].strftime("%H:%M"),
        venue=event.venue_id,
        title="Stevenage jobs fair (new time)",
    )

    response = client.post(f"/events/manage/{event.pk}/edit/", data)

    assert response.status_code == 302, page_text(response)[:3000]
    event.refresh_from_db()
    assert event.title == "Stevenage jobs fair (new time)"
    assert timezone.localtime(event.starts_at).hour == 11
    assert event.sequence == 1


def test_cancelling_asks_for_a_reason_then_revokes_every_ticket(client, event, organiser):
    ticket = register(event).tickets[0]
    client.force_login(organiser)

    confirm = page_text(client.get(f"/events/manage/{event.pk}/cancel/"))
    assert "Every ticket stops working." in confirm
    empty = client.post(f"/events/manage/{event.pk}/cancel/", {"reason": ""})
    assert "Give the reason, so people understand." in page_text(empty)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    client.post(f"/events/manage/{event.pk}/cancel/", {"reason": "The hall flooded."})

    event.refresh_from_db()
    ticket.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.cancellation_reason == "The hall flooded."
    assert ticket.status == "revoked"


def test_the_dashboard_shows_the_figures(client, event, organiser):
    register(event, email="a@example.net", adjustments=["bsl_interpreter"])
    register(event, email="b@example.net")
    stand_apply(
        event=event,
        employer=EmployerFactory(),
        by=member(Role.ADMIN),
        representatives=1,
    )
    client.force_login(organiser)

    response = client.get(f"/events/manage/{event.pk}/")

    figures = response.context["figures"]
    assert (figures.registrations, figures.adjustments_requested, figures.stands_pending) == (
        2,
        1,
        1,
    )
    assert "asked for adjustments" in page_text(response)


# --- Registrations: adjustments first, filters, exports ----------------------------------------


def test_the_registrations_list_puts_adjustments_up_front(client, event, organiser):
    register(event, name="Ada Lovelace", email="ada@example.net", adjustments=["bsl_interpreter"])
    register(
        event, name="Bo Diddley", email="bo@example.net", adjustments=["quiet_room", "companion"]
    )
    register(event, name="Cy Twombly", email="cy@example.net")
    client.force_login(organiser)

    html = page_text(client.get(f"/events/manage/{event.pk}/registrations/"))
    only = page_text(client.get(f"/events/manage/{event.pk}/registrations/", {"adjustments": "on"}))

    assert "2 registrations asked for adjustments" in html
    assert '<strong class="govuk-tag govuk-tag--purple">BSL interpreter</strong>' in html
    assert "Quiet room" in html and "Companion" in html
    assert "Cy Twombly" in html
    assert "Ada Lovelace" in only and "Cy Twombly" not in only


def test_the_registrations_list_filters_by_status_and_category(client, event, organiser):
    register(event, name="Fifty Plus", email="f@example.net", category="fifty_plus")
    register(event, name="Job Seeker", email="j@example.net")
    client.force_login(organiser)

    html = page_text(
        client.get(f"/events/manage/{event.pk}/registrations/", {"category": "fifty_plus"})
    )

    assert "Fifty Plus" in html and "Job Seeker" not in html


def _bulk_registrations(event, count: int) -> None:
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Person {n}",
            email=f"person{n}@example.net",
            category="jobseeker",
            adjustments=["bsl_interpreter"] if n % 10 == 0 else [],
            privacy_consent_at=now,
        )
        for n in range(count)
    )


def test_the_registrations_list_takes_a_fixed_number_of_queries_for_2000_people(
    client, event, organiser, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(organiser)
    _bulk_registrations(event, 10)
    with django_assert_max_num_queries(10) as small:
        client.get(f"/events/manage/{event.pk}/registrations/")
    Registration.objects.all().delete()
    _bulk_registrations(event, 2000)

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(f"/events/manage/{event.pk}/registrations/")

    assert response.status_code == 200
    assert "200 registrations asked for adjustments" in page_text(response)


def test_the_csv_export_streams_every_registration_with_its_adjustments(client, event, organiser):
    register(event, name="Ada Lovelace", email="ada@example.net", adjustments=["bsl_interpreter"])
    register(event, name="=HYPERLINK(evil)", email="eve@example.net")
    client.force_login(organiser)

    response = client.get(f"/events/manage/{event.pk}/registrations.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["Name"] for row in rows] == ["Ada Lovelace", "'=HYPERLINK(evil)"]
    assert rows[0]["Adjustments"] == "BSL interpreter"
    assert rows[0]["Tickets"].startswith("JF")


def test_the_xlsx_export_has_the_rows_and_a_sheet_defining_each_column(client, event, organiser):
    register(event, name="Ada Lovelace", email="ada@example.net", adjustments=["hearing_loop"])
    client.force_login(organiser)

    response = client.get(f"/events/manage/{event.pk}/registrations.xlsx", {"adjustments": "on"})

    workbook = load_workbook(io.BytesIO(response.content))
    data, columns = workbook.worksheets
    header = [cell.value for cell in data[1]]
    assert "Adjustments" in header
    row = dict(zip(header, [cell.value for cell in data[2]], strict=True))
    assert row["Name"] == "Ada Lovelace" and row["Adjustments"] == "Hearing loop"
    definitions = {r[0].value: r[1].value for r in columns.iter_rows(min_row=2)}
    assert set(definitions) == set(header)
    assert "adjustments" in definitions["Adjustments"].lower()


def test_an_unknown_export_format_is_a_404(client, event, organiser):
    client.force_login(organiser)
    assert client.get(f"/events/manage/{event.pk}/registrations.pdf").status_code == 404


# --- Stand applications ------------------------------------------------------------------------


def test_the_organiser_approves_and_declines_stand_applications(client, event, organiser):
    admin = member(Role.ADMIN)
    first = stand_apply(
        event=event, employer=EmployerFactory(name="Alpha Ltd"), by=admin, representatives=2
    )
    second = stand_apply(
        event=event, employer=EmployerFactory(name="Beta Ltd"), by=admin, representatives=1
    )
    client.force_login(organiser)

    html = page_text(client.get(f"/events/manage/{event.pk}/stands/"))
    assert "Alpha Ltd" in html and "Approve" in html

    client.post(f"/events/manage/stands/{first.pk}/approve/")
    client.post(f"/events/manage/stands/{second.pk}/decline/")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.stand_number) == (StandApplication.Status.APPROVED, 1)
    assert second.status == StandApplication.Status.DECLINED


def test_declining_an_approved_stand_asks_first_and_needs_a_reason(client, event, organiser):
    employer = EmployerFactory(name="Alpha Ltd")
    application = stand_apply(
        event=event, employer=employer, by=member(Role.ADMIN), representatives=1
    )
    stand_approve(application=application, by=organiser, note="See you there.")
    client.force_login(organiser)
    url = f"/events/manage/stands/{application.pk}/decline/"

    listing = page_text(client.get(f"/events/manage/{event.pk}/stands/"))
    assert f'href="{url}"' in listing  # a link to the question, not a one-click form
    question = page_text(client.get(url))
    assert "Decline Alpha Ltd?" in question and "approved for stand 1" in question
    empty = page_text(client.post(url, {"note": "  "}))

    application.refresh_from_db()
    assert application.status == StandApplication.Status.APPROVED
    assert "There is a problem" in empty
    assert "Give the employer a reason for declining a stand you had approved." in empty

    response = client.post(url, {"note": "The hall is closed for repairs."})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == StandApplication.Status.DECLINED
    assert application.decision_note == "The hall is closed for repairs."


def test_another_organiser_cannot_decide_a_stand(client, event):
    application = stand_apply(
        event=event, employer=EmployerFactory(), by=member(Role.ADMIN), representatives=1
    )
    client.force_login(member(Role.JOBCENTRE_ORGANISER))

    response = client.post(f"/events/manage/stands/{application.pk}/approve/")

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == StandApplication.Status.PENDING


def test_the_stand_export_lists_needs_and_vacancies(client, event, organiser):
    stand_apply(
        event=event,
        employer=EmployerFactory(name="Alpha Ltd"),
        by=member(Role.ADMIN),
        representatives=2,
        vacancies=[{"title": "Forklift driver", "posts": 3, "link": ""}],
        needs_power=True,
    )
    client.force_login(organiser)

    body = b"".join(client.get(f"/events/manage/{event.pk}/stands.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    xlsx = load_workbook(io.BytesIO(client.get(f"/events/manage/{event.pk}/stands.xlsx").content))

    assert rows[0]["Employer"] == "Alpha Ltd"
    assert rows[0]["Vacancy titles"] == "Forklift driver (3) – Job"
    assert rows[0]["Needs power"] == "Yes"
    assert len(xlsx.worksheets) == 2


# --- The programme -----------------------------------------------------------------------------


def test_the_programme_lists_missing_quarters_first_then_the_grid(client):
    venue = JobcentreVenueFactory(name="Watford Jobcentre")
    organiser = member(Role.JOBCENTRE_ORGANISER, venue.organisation)
    year = timezone.localdate().year + 1
    # Q2 (July to September) is planned; Q1, Q3 and Q4 have nothing.
    EventFactory(
        venue=venue,
        status=Event.Status.DRAFT,
        starts_at=datetime(year, 8, 12, 10, tzinfo=LONDON),
        ends_at=datetime(year, 8, 12, 14, tzinfo=LONDON),
    )
    client.force_login(organiser)

    html = page_text(client.get(f"/events/programme/{year}/"))

    assert "3 quarters have no jobs fair" in html
    missing = html.index("3 quarters have no jobs fair")
    grid = html.index("<table")
    assert missing < grid
    assert "Watford Jobcentre: " in html
    assert f"{year}-{(year + 1) % 100:02d} Q1" in html
    assert html.count("govuk-tag--red") == 3  # three missing cells in the grid
    assert html.count('govuk-tag--blue">Planned') == 1


def test_generating_the_programme_creates_the_drafts_once(client):
    venue = JobcentreVenueFactory()
    client.force_login(member(Role.JOBCENTRE_ORGANISER, venue.organisation))

    client.post("/events/programme/2030/", {"kind": "jobs_fair", "action": "create"})
    client.post("/events/programme/2030/", {"kind": "jobs_fair", "action": "create"})

    assert Event.objects.filter(venue=venue, status=Event.Status.DRAFT).count() == 4
    html = page_text(client.get("/events/programme/2030/"))
    assert "have no jobs fair" not in html


def test_planning_lists_the_drafts_first_and_creates_only_on_confirmation(client):
    stevenage = JobcentreVenueFactory(name="Stevenage Jobcentre")
    JobcentreVenueFactory(name="Watford Jobcentre")
    client.force_login(member(Role.JOBCENTRE_ORGANISER, stevenage.organisation))

    html = page_text(client.get("/events/programme/2030/"))
    assert "You plan for the Jobcentres you organise events for." in html
    response = client.post("/events/programme/2030/", {"kind": "jobs_fair", "action": "plan"})

    assert response.status_code == 200
    assert not Event.objects.exists()
    html = page_text(response)
    assert "Create 4 draft events?" in html
    table = html[html.index('id="review-events"') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr") == 5 and "Watford" not in table  # a header and four quarters
    assert "Jobs fair at Stevenage Jobcentre, Q3 2030-31" in table
    assert 'name="action" value="create"' in html

    client.post("/events/programme/2030/", {"kind": "jobs_fair", "action": "create"})
    assert set(Event.objects.values_list("venue__name", flat=True)) == {"Stevenage Jobcentre"}


def test_a_coordinator_plans_the_county(client):
    for name in ("Hatfield Jobcentre", "Watford Jobcentre"):
        JobcentreVenueFactory(name=name)
    client.force_login(member(Role.COORDINATOR))

    html = page_text(client.post("/events/programme/2030/", {"kind": "jobs_fair"}))

    assert "Create 8 draft events?" in html
    assert "You plan for every Jobcentre in the county." in html


def test_untouched_drafts_are_listed_then_deleted_in_one_step(client):
    venue = JobcentreVenueFactory(name="Stevenage Jobcentre")
    organiser = member(Role.JOBCENTRE_ORGANISER, venue.organisation)
    client.force_login(organiser)
    client.post("/events/programme/2030/", {"kind": "jobs_fair", "action": "create"})
    worked_on = Event.objects.order_by("starts_at").first()
    RegistrationFactory(event=worked_on)

    html = page_text(
        client.post("/events/programme/2030/", {"kind": "jobs_fair", "action": "review_delete"})
    )
    assert "Delete 3 untouched draft events?" in html
    assert Event.objects.count() == 4

    response = client.post("/events/programme/2030/", {"kind": "jobs_fair", "action": "delete"})

    assert response.status_code == 302
    assert list(Event.objects.all()) == [worked_on]
    assert "3 untouched draft events deleted." in page_text(client.get(response["Location"]))


def test_the_programme_is_not_for_employers_and_leads_cannot_generate(client):
    client.force_login(member(Role.EMPLOYER_CONTACT))
    assert client.get("/events/programme/2026/").status_code == 403
    client.force_login(member(Role.LEAD))
    assert client.get("/events/programme/2026/").status_code == 200
    assert client.post("/events/programme/2026/", {"kind": "jobs_fair"}).status_code == 403
    assert not Event.objects.exists()


def test_dashboard_links_organisers_to_the_door_and_hides_attendees_from_leads(client):
    event = EventFactory()
    client.force_login(member(Role.JOBCENTRE_ORGANISER, event.organiser))
    organiser_page = client.get(f"/events/manage/{event.pk}/").content.decode()
    client.force_login(member(Role.LEAD))
    lead_page = client.get(f"/events/manage/{event.pk}/").content.decode()

    assert f"/door/{event.pk}/" in organiser_page
    assert f"/events/manage/{event.pk}/registrations/" in organiser_page
    assert f"/door/{event.pk}/" not in lead_page
    assert f"/events/manage/{event.pk}/registrations/" not in lead_page


def test_every_event_linked_from_the_programme_opens_for_whoever_reads_it(client):
    venue = JobcentreVenueFactory(name="Watford Jobcentre")
    year = timezone.localdate().year + 1
    moments = {
        "status": Event.Status.PUBLISHED,
        "starts_at": datetime(year, 8, 12, 10, tzinfo=LONDON),
        "ends_at": datetime(year, 8, 12, 14, tzinfo=LONDON),
    }
    published = EventFactory(venue=venue, organiser=venue.organisation, **moments)
    draft = EventFactory(
        venue=venue, organiser=venue.organisation, **{**moments, "status": Event.Status.DRAFT}
    )
    organiser = member(Role.JOBCENTRE_ORGANISER, venue.organisation)
    coordinator = member(Role.COORDINATOR)

    client.force_login(organiser)
    links = re.findall(
        r'href="(/events/[^"]+)"', page_text(client.get(f"/events/programme/{year}/"))
    )
    assert f"/events/manage/{published.pk}/" in links
    assert f"/events/manage/{draft.pk}/" in links

    # A hub coordinator reads the county's grid but runs no Jobcentre's fair: the published
    # fair links to its public page, the draft is listed without a link, and nothing 403s.
    client.force_login(coordinator)
    html = page_text(client.get(f"/events/programme/{year}/"))
    assert re.findall(r'href="/events/manage/\d+/', html) == []
    assert f'href="/events/{published.public_id}/"' in html
    assert f": {draft.title}" in html
    assert client.get(f"/events/{published.public_id}/").status_code == 200
