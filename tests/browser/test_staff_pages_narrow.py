"""Staff pages hold their shape on a phone: with a 200-character name and a long employer name
in their tables, no page at 390 px wide scrolls sideways (a wide table scrolls in its own box)."""

from __future__ import annotations

import pytest

from accounts.models import Role
from events.services import stand_apply
from tests.browser.test_matching_journey import sign_in
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, member

pytestmark = pytest.mark.browser

LONG_NAME = "Wolfeschlegelsteinhausenbergerdorff" * 6  # 210 characters, no space to break at


def sideways(page) -> int:
    return page.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_no_staff_page_scrolls_sideways_at_390px_with_long_data(page):
    event = EventFactory(title="St Albans jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    register(event, name=LONG_NAME, email="long@example.net", adjustments=["quiet_room"])
    employer = EmployerFactory(name="Hertfordshire " + "Logistics" * 20)
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    stand_apply(event=event, employer=employer, by=contact, representatives=1)
    page.page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, organiser.email)
    pages = [
        f"/events/manage/{event.pk}/",
        f"/events/manage/{event.pk}/registrations/",
        f"/events/manage/{event.pk}/stands/",
        f"/events/manage/{event.pk}/corrections/",
        f"/events/manage/{event.pk}/adjustments/",
        "/events/manage/",
        "/",
    ]
    wide = {}
    for path in pages:
        page.goto(path)
        if (extra := sideways(page)) > 0:
            wide[path] = extra

    page.page.context.clear_cookies()
    sign_in(page, contact.email)
    for path in ("/events/stands/", "/events/fairs/", "/"):
        page.goto(path)
        if (extra := sideways(page)) > 0:
            wide[path] = extra

    assert wide == {}, f"pages wider than a 390px phone (px too wide): {wide}"
