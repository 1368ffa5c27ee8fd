"""The organiser's event page in Chromium, on a phone and on a desktop: the registrations chart
and its table show, the page passes axe and does not scroll sideways on a 390 px phone; then
the organiser copies the event into a draft for next quarter through the real form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from events.models import Event, Registration, StandApplication, Ticket
from tests.browser.test_matching_journey import sign_in
from tests.factories import EmployerFactory, EventFactory, RegistrationFactory, member

pytestmark = pytest.mark.browser


def busy_fair() -> Event:
    event = EventFactory(title="Hemel Hempstead quarterly jobs fair", capacity=40)
    now = timezone.now()
    for n in range(30):
        registration = RegistrationFactory(event=event, email=f"visitor{n}@example.net")
        fields: dict[str, object] = {"created_at": now - timedelta(days=n % 9, hours=n)}
        if n % 7 == 3:
            fields.update(status="waitlisted", waitlisted_at=fields["created_at"])
        Registration.objects.filter(pk=registration.pk).update(**fields)
        if n < 6:
            Ticket.objects.create(
                registration=registration,
                event=event,
                number=f"HH-{n}",
                holder_label=registration.name,
                checked_in_at=now - timedelta(hours=n % 3),
            )
    StandApplication.objects.create(
        event=event, employer=EmployerFactory(), status="pending", representatives=1
    )
    return event


@pytest.mark.parametrize("width", [390, 1280])
def test_organiser_reads_the_event_page_and_copies_it_for_next_quarter(page, width):
    event = busy_fair()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    page.page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, organiser.email)

    page.goto(f"/events/manage/{event.pk}/")

    chart = page.page.locator("svg[aria-labelledby^='chart-registrations-over-time']")
    assert chart.is_visible()
    assert chart.get_attribute("font-family") == "arial, sans-serif"
    assert page.page.locator("[data-testid='registration-days'] tbody tr").count() >= 9
    assert page.page.locator("[data-testid='admission-hours']").is_visible()
    definition = page.page.get_by_text("Registrations holding a place at the end of that day")
    assert definition.is_visible()
    text_font = chart.locator("text").first.evaluate("t => getComputedStyle(t).fontFamily")
    assert "serif" not in text_font.replace("sans-serif", "")
    sideways = page.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"the page is {sideways}px wider than the {width}px screen"

    page.page.get_by_role("button", name="Copy this event").click()
    page.page.wait_for_load_state("load")
    page.check_accessibility()
    assert page.page.get_by_label("Title").input_value() == event.title
    page.submit(page.page.get_by_role("button", name="Save draft"))

    copy = Event.objects.exclude(pk=event.pk).get()
    assert page.page.url.endswith(f"/events/manage/{copy.pk}/")
    assert copy.status == Event.Status.DRAFT
    new, old = timezone.localtime(copy.starts_at), timezone.localtime(event.starts_at)
    assert (new.date() - old.date(), new.time()) == (timedelta(weeks=13), old.time())
    assert not copy.registrations.exists()
    assert page.page.get_by_text("Copy saved as a draft").is_visible()
