"""The public pages a first-time attendee uses with no account: the events list, an event's page
and its registration form, the confirmation, the ticket page, its QR image, and cancelling."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from events.models import (
    Event,
    MessageKind,
    OutboxMessage,
    Registration,
    StandApplication,
    Ticket,
)
from events.services import event_cancel
from tests.events.conftest import register
from tests.factories import (
    DistrictFactory,
    EmployerFactory,
    EventFactory,
    JobcentreVenueFactory,
    RegistrationFactory,
    in_days_at,
    member,
)

pytestmark = pytest.mark.django_db

ANSWERS = {
    "name": "Sam Patel",
    "email": "sam@example.net",
    "phone": "",
    "category": "jobseeker",
    "privacy_consent": "on",
}


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def post_registration(client, event, **overrides):
    data = {**ANSWERS, **overrides}
    return client.post(
        f"/events/{event.public_id}/", {k: v for k, v in data.items() if v is not None}
    )


# --- The events list ---------------------------------------------------------------------------


def test_the_list_shows_published_upcoming_events_with_places_venue_and_access(client):
    venue = JobcentreVenueFactory(name="Stevenage Jobcentre", step_free=True, hearing_loop=True)
    published = EventFactory(title="Stevenage jobs fair", venue=venue, capacity=2)
    EventFactory(title="Secret draft", status=Event.Status.DRAFT)
    EventFactory(
        title="Last month's fair",
        starts_at=in_days_at(-30),
        ends_at=in_days_at(-30, 14),
    )
    register(published, email="a@example.net")
    register(published, email="b@example.net")

    html = page_text(client.get("/events/"))

    assert "Stevenage jobs fair" in html
    assert "Secret draft" not in html
    assert "Last month&#x27;s fair" not in html and "Last month's fair" not in html
    assert "Full: waiting list" in html  # 2 places, 2 taken
    assert "Stevenage Jobcentre" in html
    assert "Step-free access" in html and "Hearing loop" in html
    assert f"/events/{published.public_id}/" in html
    assert f"/events/{published.pk}/" not in html  # never the integer id


def test_the_list_filters_by_kind_and_district(client):
    watford = DistrictFactory(name="Watford")
    EventFactory(title="Watford jobs fair", venue=JobcentreVenueFactory(district=watford))
    EventFactory(
        title="Stevenage 50+ fair",
        kind="fifty_plus_jobs_fair",
        venue=JobcentreVenueFactory(district=DistrictFactory(name="Stevenage")),
    )

    by_district = page_text(client.get("/events/", {"district": watford.pk}))
    by_kind = page_text(client.get("/events/", {"kind": "fifty_plus_jobs_fair"}))

    assert "Watford jobs fair" in by_district and "Stevenage 50+ fair" not in by_district
    assert "Stevenage 50+ fair" in by_kind and "Watford jobs fair" not in by_kind


def test_the_list_takes_the_same_queries_for_3_events_as_for_30(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        EventFactory()
    # The page, its count and the districts for the filter: three, however many events.
    with django_assert_max_num_queries(3) as few:
        client.get("/events/")
    for _ in range(27):
        EventFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/events/")
    assert page_text(response).count('class="govuk-summary-card__title"') == 20  # one page


def test_the_list_times_are_london_times(client):
    # 10:00 in London in July is 09:00 UTC; the page must say 10:00.
    event = EventFactory(starts_at=in_days_at(14, 10), ends_at=in_days_at(14, 14))
    html = page_text(client.get("/events/"))
    assert "10:00 to 14:00" in html
    assert event.starts_at.utcoffset() is not None


# --- The event page ----------------------------------------------------------------------------


def test_the_event_page_shows_access_facts_employers_and_the_calendar_link(client):
    venue = JobcentreVenueFactory(
        name="Watford Jobcentre", accessible_toilet=True, public_transport="Bus 10 stops outside"
    )
    event = EventFactory(venue=venue, adjustments_deadline=in_days_at(7, 17))
    StandApplication.objects.create(
        event=event,
        employer=EmployerFactory(name="Herts Logistics Ltd"),
        representatives=2,
        status=StandApplication.Status.APPROVED,
        stand_number=1,
    )
    StandApplication.objects.create(
        event=event, employer=EmployerFactory(name="Pending Co"), representatives=1
    )

    html = page_text(client.get(f"/events/{event.public_id}/"))

    assert "Accessible toilet" in html and "Bus 10 stops outside" in html
    assert "Herts Logistics Ltd" in html and "Pending Co" not in html
    assert f"/events/{event.public_id}/calendar.ics" in html
    assert "A BSL interpreter (British Sign Language)" in html
    assert "ask by" in html  # the adjustments deadline is stated
    assert "Prefer not to say" in html and "Equality questions (optional)" in html
    assert "/privacy/" in html


def _where(html: str) -> list[str]:
    found = re.search(r"Where</dt>\s*<dd[^>]*>(.*?)</dd>", html)
    assert found
    return [line.strip() for line in found.group(1).split("<br>")]


def test_the_address_names_the_district_once_and_only_when_no_line_does(client):
    town = JobcentreVenueFactory(
        name="Stevenage Jobcentre",
        address="Swingate House\nStevenage",
        postcode="SG1 1XB",
        district=DistrictFactory(name="Stevenage"),
    )
    other = JobcentreVenueFactory(
        name="Hemel Hempstead Jobcentre",
        address="Hemel Hempstead",
        postcode="HP1 1AA",
        district=DistrictFactory(name="Dacorum"),
    )

    shown = [
        _where(page_text(client.get(f"/events/{EventFactory(venue=venue).public_id}/")))
        for venue in (town, other)
    ]

    assert shown[0] == ["Stevenage Jobcentre", "Swingate House", "Stevenage", "SG1 1XB"]
    assert shown[1] == ["Hemel Hempstead Jobcentre", "Hemel Hempstead", "HP1 1AA", "Dacorum"]


def test_a_draft_or_unknown_event_is_a_404(client):
    draft = EventFactory(status=Event.Status.DRAFT)
    assert client.get(f"/events/{draft.public_id}/").status_code == 404
    assert client.get("/events/not-an-event-at-all/").status_code == 404


def test_a_cancelled_event_says_so_and_shows_no_form(client):
    event = EventFactory()
    organiser = member("jobcentre_organiser", event.organiser)
    event_cancel(event=event, by=organiser, reason="The hall flooded.")

    html = page_text(client.get(f"/events/{event.public_id}/"))

    assert "This event has been cancelled." in html and "The hall flooded." in html
    assert 'name="privacy_consent"' not in html


def _jump(html: str) -> str | None:
    """The button near the top that takes a phone past the vacancies to the form, if shown."""
    found = re.search(r'<a href="#register"[^>]*data-register-jump>([^<]*)</a>', html)
    return found.group(1) if found else None


def test_the_register_button_comes_before_the_employers_and_takes_one_to_the_form(client):
    event = EventFactory(capacity=1)
    StandApplication.objects.create(
        event=event,
        employer=EmployerFactory(name="Herts Logistics Ltd"),
        representatives=2,
        status=StandApplication.Status.APPROVED,
    )

    html = page_text(client.get(f"/events/{event.public_id}/"))

    assert _jump(html) == "Register for this event"
    assert html.index("data-register-jump") < html.index("Herts Logistics Ltd")
    assert html.index("Herts Logistics Ltd") < html.index('id="register"')
    assert 'id="register"' in html and 'name="privacy_consent"' in html

    register(event, email="first@example.net")
    full = page_text(client.get(f"/events/{event.public_id}/"))
    assert _jump(full) == "Join the waiting list"


def test_no_register_button_when_registration_has_closed_or_the_event_is_cancelled(client):
    closed = EventFactory(registration_closes_at=timezone.now() + timedelta(minutes=1))
    Event.objects.filter(pk=closed.pk).update(
        registration_opens_at=timezone.now() - timedelta(days=2),
        registration_closes_at=timezone.now() - timedelta(days=1),
    )
    cancelled = EventFactory()
    event_cancel(event=cancelled, by=member("jobcentre_organiser", cancelled.organiser))

    for event in (closed, cancelled):
        html = page_text(client.get(f"/events/{event.public_id}/"))
        assert _jump(html) is None
    assert "Registration for this event has closed." in page_text(
        client.get(f"/events/{closed.public_id}/")
    )


# --- Registering -------------------------------------------------------------------------------


def test_registering_shows_the_confirmation_panel_and_the_ticket_link(client):
    event = EventFactory()

    response = post_registration(client, event, adjustments=["bsl_interpreter"])

    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.public_id}/registered/"
    registration = Registration.objects.get()
    assert registration.adjustments == ["bsl_interpreter"]
    assert registration.status == Registration.Status.CONFIRMED
    html = page_text(client.get(response["Location"]))
    assert "govuk-panel--confirmation" in html and "You are registered" in html
    ticket = Ticket.objects.get()
    assert ticket.number in html
    assert f"/tickets/{ticket.token}/" in html


def test_someone_without_e_mail_registers_with_a_phone_number(client):
    event = EventFactory()

    response = post_registration(client, event, email="", phone="07700 900123")

    assert response.status_code == 302
    assert Registration.objects.get().phone == "+447700900123"


def test_a_full_event_puts_people_on_the_waiting_list_and_says_so(client):
    event = EventFactory(capacity=1)
    register(event, email="first@example.net")

    response = post_registration(client, event)
    html = page_text(client.get(response["Location"]))

    assert Registration.objects.get(email="sam@example.net").status == "waitlisted"
    assert "You are on the waiting list" in html
    assert "/tickets/" not in html


def test_adjustments_asked_after_the_deadline_register_with_a_warning(client):
    event = EventFactory(adjustments_deadline=timezone.now() - timedelta(hours=1))

    response = post_registration(client, event, adjustments=["bsl_interpreter"])
    html = page_text(client.get(response["Location"]))

    assert Registration.objects.get().adjustments_late is True
    assert "govuk-warning-text" in html and "after the deadline" in html


@pytest.mark.parametrize(
    ("case", "overrides", "message"),
    [
        (
            "neither e-mail nor phone",
            {"email": "", "phone": ""},
            "Give an e-mail address or a phone",
        ),
        ("bad e-mail", {"email": "not-an-email"}, "Enter an e-mail address like"),
        ("bad phone", {"email": "", "phone": "12345"}, "Enter a UK phone number"),
        ("no name", {"name": ""}, "Enter your name."),
        ("no category", {"category": None}, "Choose which of these describes you best."),
        ("no consent", {"privacy_consent": None}, "Confirm you have read the privacy notice"),
    ],
)
def test_bad_answers_show_the_error_summary_and_save_nothing(client, case, overrides, message):
    event = EventFactory()

    response = post_registration(client, event, **overrides)

    assert response.status_code == 200, case
    html = page_text(response)
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error:" in html
    assert not Registration.objects.exists()
    assert not Ticket.objects.exists()


def test_the_same_e_mail_twice_answers_as_new_and_sends_the_ticket_again(client):
    event = EventFactory()
    first = post_registration(client, event)
    first_page = page_text(client.get(first["Location"]))

    response = post_registration(client, event, email="SAM@example.net", name="Someone else")

    # The same redirect and the same confirmation a new registration gets: nothing says the
    # address was taken, and nothing of the holder's ticket is shown.
    assert response.status_code == 302 and response["Location"] == first["Location"]
    page = client.get(response["Location"])
    html = page_text(page)
    assert page.status_code == 200
    assert "You are registered" in html and "We have sent your ticket to" in html
    assert "already registered" not in html and "govuk-error-summary" not in html
    assert "Someone else" in html and "Sam Patel" not in html
    ticket = Ticket.objects.get()
    assert ticket.number not in html and ticket.token not in html
    assert first_page.count("You are registered") == html.count("You are registered")
    assert Registration.objects.count() == 1
    assert OutboxMessage.objects.filter(kind=MessageKind.REGISTRATION_RESEND).count() == 1


def test_an_empty_form_lists_every_missing_answer_at_once_with_links_to_each(client):
    event = EventFactory()

    html = page_text(
        post_registration(client, event, name="", email="", category="", privacy_consent=None)
    )

    # Each link moves to an input on the page: a group of radios to its first option.
    links = dict(re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', html))
    assert links == {
        "id_name": "Enter your name.",
        "id_email": "Give an e-mail address or a phone number, so we can reach you about the "
        "event.",
        "id_category_0": "Choose which of these describes you best.",
        "id_privacy_consent": "Confirm you have read the privacy notice to register.",
    }
    for target in links:
        assert f'id="{target}"' in html
    assert not Registration.objects.exists()


def test_a_bad_e_mail_address_is_named_beside_the_other_missing_answers(client):
    event = EventFactory()

    html = page_text(post_registration(client, event, name="", email="sam@"))

    assert "Enter an e-mail address like name@example.com." in html
    assert "Enter your name." in html
    assert "Give an e-mail address or a phone number" not in html
    assert not Registration.objects.exists()


def test_registering_after_closing_is_refused(client):
    event = EventFactory(registration_closes_at=timezone.now() + timedelta(minutes=1))
    Event.objects.filter(pk=event.pk).update(
        registration_opens_at=timezone.now() - timedelta(days=2),
        registration_closes_at=timezone.now() - timedelta(days=1),
    )

    response = post_registration(client, event)

    html = page_text(response)
    assert "govuk-error-summary" in html and "Registration for this event has closed." in html
    assert not Registration.objects.exists()


def test_registering_for_a_cancelled_event_is_refused(client):
    event = EventFactory()
    event_cancel(event=event, by=member("jobcentre_organiser", event.organiser))

    response = post_registration(client, event)

    html = page_text(response)
    assert "govuk-error-summary" in html and "This event has been cancelled." in html
    assert not Registration.objects.exists()


def test_the_confirmation_page_needs_the_registering_session(client):
    event = EventFactory()
    RegistrationFactory(event=event)
    response = client.get(f"/events/{event.public_id}/registered/")
    assert response.status_code == 302 and response["Location"] == f"/events/{event.public_id}/"


# --- Tickets -----------------------------------------------------------------------------------


def test_the_ticket_page_shows_the_qr_code_number_event_and_adjustments(client):
    event = EventFactory(title="Hatfield jobs fair")
    result = register(event, name="Ada Lovelace", adjustments=["bsl_interpreter", "quiet_room"])
    ticket = result.tickets[0]

    response = client.get(f"/tickets/{ticket.token}/")

    html = page_text(response)
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert f'src="/tickets/{ticket.token}/qr.png" width="300" height="300"' in html
    assert ticket.number in html and "Ada Lovelace" in html and "Hatfield jobs fair" in html
    assert "A BSL interpreter (British Sign Language)" in html and "A quiet room" in html
    assert "Cancel my place" in html


def test_the_qr_image_is_a_private_png_at_least_250_pixels_wide(client):
    ticket = register(EventFactory()).tickets[0]

    response = client.get(f"/tickets/{ticket.token}/qr.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("private")
    assert Image.open(io.BytesIO(response.content)).size[0] >= 250


@pytest.mark.parametrize(
    "token",
    [
        "A" * 32,  # well formed, unknown
        "short",
        "x" * 65,  # over-long
        "%C5%BC%C3%B3%C5%82w" + "a" * 20,  # non-ASCII
        "abc%00def" + "a" * 20,
        "../../etc/passwd",
    ],
)
def test_unknown_forged_or_odd_tokens_are_404_never_500(client, token):
    assert client.get(f"/tickets/{token}/").status_code == 404
    assert client.get(f"/tickets/{token}/qr.png").status_code == 404
    assert client.post(f"/tickets/{token}/cancel/").status_code == 404


def test_cancelling_my_place_asks_first_then_revokes_the_ticket_and_offers_it_on(client):
    event = EventFactory(capacity=1)
    ticket = register(event, email="first@example.net").tickets[0]
    waiting = register(event, email="second@example.net").registration

    confirm = page_text(client.get(f"/tickets/{ticket.token}/cancel/"))
    assert "Are you sure you want to cancel your place?" in confirm
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.VALID

    response = client.post(f"/tickets/{ticket.token}/cancel/")

    assert response.status_code == 302
    ticket.refresh_from_db()
    waiting.refresh_from_db()
    assert ticket.status == Ticket.Status.REVOKED
    assert waiting.place_offers.get().status == "open"
    html = page_text(client.get(f"/tickets/{ticket.token}/"))
    assert "This ticket is cancelled" in html and "qr.png" not in html
    assert client.get(f"/tickets/{ticket.token}/qr.png").status_code == 404


def test_a_ticket_of_a_cancelled_event_says_so_plainly(client):
    event = EventFactory()
    ticket = register(event).tickets[0]
    event_cancel(event=event, by=member("jobcentre_organiser", event.organiser), reason="Snow.")

    html = page_text(client.get(f"/tickets/{ticket.token}/"))

    assert "This ticket is cancelled" in html and "The event has been cancelled." in html


def test_the_public_pages_come_back_in_polish(client):
    event = EventFactory()
    ticket = register(event).tickets[0]

    for url, polish in [
        ("/events/", "Targi kariery i targi pracy w Hertfordshire"),
        (f"/events/{event.public_id}/", "Zarejestruj się"),
        (f"/tickets/{ticket.token}/", "Twój bilet"),
        (f"/tickets/{ticket.token}/cancel/", "Czy na pewno chcesz zrezygnować z miejsca?"),
    ]:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="pl").content.decode()
        assert polish in html, url
