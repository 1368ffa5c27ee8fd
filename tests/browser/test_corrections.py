"""An organiser on a phone corrects an admission made by mistake, with the real form, and the
page holds its width even with a very long name."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from events.checkin import ticket_check_in
from events.models import Ticket
from tests.browser.test_matching_journey import sign_in
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.browser


def test_an_organiser_on_a_phone_undoes_an_admission_with_a_reason(page):
    event = EventFactory(title="Hatfield jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    long_name = "Wolfeschlegelsteinhausenbergerdorff" * 6
    for name in ("Ola Kowalska", long_name):
        ticket = register(event, name=name, email=f"{len(name)}@example.net").tickets[0]
        ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    page.page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, organiser.email)
    page.goto(f"/events/manage/{event.pk}/")
    page.submit(page.page.get_by_role("link", name="Correct attendance"))
    scroll = page.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert scroll <= 0, f"the page scrolls sideways by {scroll}px at 390px"

    page.page.get_by_label("Find a person, ticket number or employer").fill("Ola")
    page.submit(page.page.get_by_role("button", name="Search"))
    page.submit(page.page.get_by_role("link", name="Undo admission").first)
    page.submit(page.page.get_by_role("button", name="Undo admission"))
    expect(page.page.locator(".govuk-error-summary")).to_contain_text("Say why")
    page.page.get_by_label("Why is the record being corrected?").fill("Scanned twice by mistake")
    page.submit(page.page.get_by_role("button", name="Undo admission"))

    expect(page.page.locator(".govuk-notification-banner--success")).to_contain_text(
        "no longer counted as admitted"
    )
    ola = Ticket.objects.get(registration__name="Ola Kowalska")
    assert ola.checked_in_at is None
    assert Ticket.objects.exclude(pk=ola.pk).get().checked_in_at is not None
