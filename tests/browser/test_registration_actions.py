"""An organiser, on a phone and on a desktop, finds a person in the registrations list, sends
their ticket again and admits them by hand (their code would not scan), with the real forms;
every page passes the accessibility check and none scrolls sideways at 390 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import AuditAction, AuditEntry, Role
from events.models import CheckIn, Event, MessageKind, OutboxMessage, Ticket
from tests.browser.test_matching_journey import sign_in
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.browser

LONG_NAME = "Wolfeschlegelsteinhausenbergerdorff" * 6  # 210 characters, no space to break at


def sideways(page) -> int:
    return page.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_an_organiser_sends_a_ticket_again_and_admits_someone_by_hand(page, width):
    event = EventFactory(title="Watford jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ola = register(event, name="Ola Kowalska", email="ola@example.net").registration
    register(event, name=LONG_NAME, email="long@example.net", adjustments=["quiet_room"])
    register(event, name="Sam Patel", email="sam@example.net")
    # The fair opened an hour ago: the door is open.
    starts = timezone.now() - timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=5))
    page.page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    wide = {}

    sign_in(page, organiser.email)
    page.goto(f"/events/manage/{event.pk}/registrations/")
    wide["list"] = sideways(page)
    page.page.get_by_label("Search").fill("kowalska")
    page.submit(page.page.get_by_role("button", name="Apply filters"))
    expect(page.page.locator("table")).not_to_contain_text("Sam Patel")
    page.submit(page.page.get_by_role("link", name="Ola Kowalska"))
    wide["registration"] = sideways(page)

    page.submit(page.page.get_by_role("button", name="Send the ticket again"))
    expect(page.page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ticket sent again by e-mail to ola@example.net."
    )
    page.submit(page.page.get_by_role("button", name="Admit by hand"))
    ticket = Ticket.objects.get(registration=ola)
    expect(page.page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Ticket {ticket.number} admitted by hand."
    )
    expect(page.page.locator(".govuk-summary-list").nth(1)).to_contain_text("Admitted")
    wide["after"] = sideways(page)

    page.goto(f"/events/manage/{event.pk}/registrations/")
    page.submit(page.page.get_by_role("link", name=LONG_NAME[:60]))
    wide["long name"] = sideways(page)

    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None
    assert CheckIn.objects.get(ticket=ticket).device.startswith("manual")
    assert OutboxMessage.objects.filter(
        kind=MessageKind.REGISTRATION_RESEND, object_id=ola.pk
    ).exists()
    assert set(AuditEntry.objects.filter(actor=organiser).values_list("action", flat=True)) >= {
        AuditAction.REGISTRATION_TICKET_RESEND,
        AuditAction.REGISTRATION_ADMIT_BY_HAND,
    }
    if width == 390:
        assert {name: px for name, px in wide.items() if px > 0} == {}, (
            f"pages wider than a 390px phone (px too wide): {wide}"
        )
