"""The waiting list moves by offers: a freed place is offered to the next person, held for them
for the event's claim window, and passes on when declined or not claimed in time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from events.exceptions import Conflict
from events.models import PlaceOffer, Registration, Ticket
from events.selectors import places_taken
from events.services import (
    place_offer_claim,
    place_offers_expire,
    places_held,
    registration_cancel,
    waitlist_leave,
)
from events.services.waiting_list import offer_window_end, waitlist_position
from tests.events.conftest import register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def full_event_with_queue(waiting: int = 2, **fields):
    event = EventFactory(capacity=1, **fields)
    holder = register(event, email="holder@example.net", name="Holder")
    queue = [
        register(event, email=f"wait{n}@example.net", name=f"Waiting {n}").registration
        for n in range(waiting)
    ]
    return event, holder, queue


# --- The claim window ---------------------------------------------------------------------------


def test_the_claim_window_is_the_events_hours_but_ends_two_hours_before_the_start():
    now = timezone.now()
    far = EventFactory(starts_at=now + timedelta(days=10), offer_claim_hours=48)
    near = EventFactory(starts_at=now + timedelta(hours=20), offer_claim_hours=48)
    imminent = EventFactory(starts_at=now + timedelta(hours=2, minutes=50))
    no_offers = EventFactory(offer_claim_hours=0)

    assert offer_window_end(far, now=now) == now + timedelta(hours=48)
    assert offer_window_end(near, now=now) == near.starts_at - timedelta(hours=2)
    assert offer_window_end(imminent, now=now) is None  # under an hour left: given directly
    assert offer_window_end(no_offers, now=now) is None


def test_near_the_day_a_freed_place_is_given_straight_away_with_the_ticket(mailoutbox, committed):
    event, holder, queue = full_event_with_queue(
        starts_at=timezone.now() + timedelta(hours=2, minutes=30)
    )
    mailoutbox.clear()

    with committed():
        registration_cancel(registration=holder.registration)

    queue[0].refresh_from_db()
    assert queue[0].status == Registration.Status.CONFIRMED
    assert not PlaceOffer.objects.exists()
    assert [m.to for m in mailoutbox] == [["wait0@example.net"]]


# --- Offers -------------------------------------------------------------------------------------


def test_an_offered_place_is_held_so_a_newcomer_joins_the_queue(mailoutbox, committed):
    event, holder, queue = full_event_with_queue()
    with committed():
        registration_cancel(registration=holder.registration)

    newcomer = register(event, email="new@example.net")

    assert newcomer.waitlisted
    assert places_taken(event) == 0 and places_held(event) == 1
    offer = queue[0].place_offers.get()
    assert offer.expires_at == offer.offered_at + timedelta(hours=48)
    assert "wait0@example.net" in mailoutbox[-1].to or any(
        m.to == ["wait0@example.net"] for m in mailoutbox
    )


def test_claiming_confirms_the_place_once_and_issues_the_ticket():
    event, holder, queue = full_event_with_queue()
    registration_cancel(registration=holder.registration)

    place_offer_claim(registration=queue[0])
    place_offer_claim(registration=queue[0])  # a second click changes nothing

    queue[0].refresh_from_db()
    assert queue[0].status == Registration.Status.CONFIRMED
    assert queue[0].tickets.filter(status=Ticket.Status.VALID).count() == 1
    assert queue[0].place_offers.get().status == PlaceOffer.Status.CLAIMED
    assert places_taken(event) == 1 == event.capacity


def test_only_the_person_offered_can_claim_and_not_after_the_window():
    event, holder, queue = full_event_with_queue()
    registration_cancel(registration=holder.registration)

    with pytest.raises(Conflict) as refused:
        place_offer_claim(registration=queue[1])
    assert refused.value.code == "no_offer"

    PlaceOffer.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(Conflict) as late:
        place_offer_claim(registration=queue[0])
    assert late.value.code == "offer_expired"
    assert places_taken(event) == 0


def test_an_unclaimed_offer_passes_to_the_next_person_and_everyone_is_told(mailoutbox, committed):
    event, holder, queue = full_event_with_queue()
    with committed():
        registration_cancel(registration=holder.registration)
    PlaceOffer.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    mailoutbox.clear()

    with committed():
        assert place_offers_expire() == 1
    assert place_offers_expire() == 0  # a second run finds nothing more to do

    first, second = (Registration.objects.get(pk=r.pk) for r in queue)
    assert first.status == Registration.Status.CANCELLED
    assert first.place_offers.get().status == PlaceOffer.Status.EXPIRED
    assert second.place_offers.get().status == PlaceOffer.Status.OPEN
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert "gone to the next person" in subjects["wait0@example.net"]
    assert "place has come up" in subjects["wait1@example.net"]


def test_declining_passes_the_place_on_at_once():
    event, holder, queue = full_event_with_queue()
    registration_cancel(registration=holder.registration)

    waitlist_leave(registration=queue[0])

    assert queue[0].place_offers.get().status == PlaceOffer.Status.DECLINED
    assert queue[1].place_offers.get().status == PlaceOffer.Status.OPEN
    assert places_held(event) == 1


def test_leaving_the_queue_frees_nothing_but_the_persons_spot():
    event, holder, queue = full_event_with_queue(waiting=3)

    assert waitlist_position(queue[2]) == 3
    waitlist_leave(registration=queue[1])

    assert waitlist_position(queue[2]) == 2
    assert places_taken(event) == 1
    assert not PlaceOffer.objects.exists()
    with pytest.raises(Conflict):
        waitlist_leave(registration=holder.registration)


def test_offers_of_a_cancelled_event_are_withdrawn_without_a_message(mailoutbox, committed):
    event, holder, queue = full_event_with_queue()
    registration_cancel(registration=holder.registration)
    event.status = "cancelled"
    event.save(update_fields=["status"])
    PlaceOffer.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    mailoutbox.clear()

    with committed():
        place_offers_expire()

    assert queue[0].place_offers.get().status == PlaceOffer.Status.WITHDRAWN
    assert not queue[1].place_offers.exists()
    assert mailoutbox == []


# --- The waiting person's page ------------------------------------------------------------------


def page_text(response) -> str:
    return response.content.decode()


def test_the_waiting_page_shows_the_position_and_no_calendar(client):
    event, holder, queue = full_event_with_queue()

    response = client.get(f"/tickets/waiting/{queue[1].link_token}/")

    html = page_text(response)
    assert response.status_code == 200
    assert "You are number 2 in the queue." in html
    assert ".ics" not in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_or_malformed_link_is_a_404(client, db):
    assert client.get("/tickets/waiting/not-a-real-token-at-all/").status_code == 404
    assert client.get("/tickets/waiting/%00bad/").status_code == 404


def test_leaving_from_the_page_asks_first_and_is_audited(client):
    event, holder, queue = full_event_with_queue()
    url = f"/tickets/waiting/{queue[0].link_token}/leave/"

    assert "Are you sure you want to leave the waiting list?" in page_text(client.get(url))
    queue[0].refresh_from_db()
    assert queue[0].status == Registration.Status.WAITLISTED

    response = client.post(url, follow=True)

    queue[0].refresh_from_db()
    assert queue[0].status == Registration.Status.CANCELLED
    assert "You have left the waiting list." in page_text(response)
    assert AuditEntry.objects.filter(action="waitlist.leave").count() == 1


def test_claiming_from_the_page_lands_on_the_ticket(client):
    event, holder, queue = full_event_with_queue()
    registration_cancel(registration=holder.registration)
    page = page_text(client.get(f"/tickets/waiting/{queue[0].link_token}/"))
    assert "Claim my place" in page

    response = client.post(f"/tickets/waiting/{queue[0].link_token}/claim/", follow=True)

    ticket = queue[0].tickets.get()
    assert response.redirect_chain[-1][0] == f"/tickets/{ticket.token}/"
    assert "The place is yours." in page_text(response)
    assert AuditEntry.objects.filter(action="offer.claim").count() == 1


def test_claiming_without_an_offer_says_so_and_changes_nothing(client):
    event, holder, queue = full_event_with_queue()

    response = client.post(f"/tickets/waiting/{queue[0].link_token}/claim/", follow=True)

    assert "There is no place waiting for you to claim." in page_text(response)
    assert places_taken(event) == 1
    assert client.get(f"/tickets/waiting/{queue[0].link_token}/claim/").status_code == 405


def test_the_waiting_list_confirmation_links_the_page_and_carries_no_calendar(
    mailoutbox, committed
):
    event = EventFactory(capacity=1)
    register(event, email="holder@example.net")
    mailoutbox.clear()

    with committed():
        waiting = register(event, email="late@example.net").registration

    [message] = mailoutbox
    assert f"/tickets/waiting/{waiting.link_token}/" in message.body
    assert "calendar" not in message.body.lower()
    assert message.attachments == []


def test_the_organiser_sets_the_claim_window_on_the_event_form(client):
    from datetime import date

    from accounts.models import Role
    from core.dates import date_input_data
    from tests.factories import member

    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    client.force_login(organiser)
    form = client.get(f"/events/manage/{event.pk}/edit/").context["form"]
    assert form.initial["offer_claim_hours"] == 48
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, "", []) and name not in ("sector_focus",)
    }
    for name in [name for name, value in data.items() if isinstance(value, date)]:
        data.update(date_input_data(name, data.pop(name)))
    data.update(
        start_time=form.initial["start_time"].strftime("%H:%M"),
        end_time=form.initial["end_time"].strftime("%H:%M"),
        venue=event.venue_id,
        offer_claim_hours="12",
    )

    assert client.post(f"/events/manage/{event.pk}/edit/", data).status_code == 302
    event.refresh_from_db()
    assert event.offer_claim_hours == 12

    data["offer_claim_hours"] = "-1"
    refused = client.post(f"/events/manage/{event.pk}/edit/", data)
    assert refused.status_code == 200 and "There is a problem" in refused.content.decode()


def test_a_phone_only_person_is_offered_the_place_by_text_message(caplog, committed):
    event = EventFactory(capacity=1)
    holder = register(event, email="holder@example.net")
    waiting = register(event, email="", phone="07700 900456").registration

    with caplog.at_level("INFO", logger="events.messaging"), committed():
        registration_cancel(registration=holder.registration)

    texts = [r.getMessage() for r in caplog.records if "SMS to +447700900456" in r.getMessage()]
    assert len(texts) == 1
    assert f"/tickets/waiting/{waiting.link_token}/" in texts[0]
    assert "Claim it by" in texts[0]


def test_an_organiser_cancelling_someone_offered_a_place_passes_it_on():
    from accounts.models import Role
    from tests.factories import member

    event, holder, queue = full_event_with_queue()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    registration_cancel(registration=holder.registration)

    registration_cancel(registration=queue[0], by=organiser)

    assert queue[0].place_offers.get().status == PlaceOffer.Status.WITHDRAWN
    assert queue[1].place_offers.get().status == PlaceOffer.Status.OPEN
    assert places_held(event) == 1
