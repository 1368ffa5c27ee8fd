"""An attendee on a phone filters a fair's vacancies to apprenticeships, on the fair's own page,
with the GET form (no JavaScript needed), and sees no table wider than the screen; on a fair
with many vacancies, one tap near the top takes them past the vacancies to the form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from events.models import Registration
from events.services import stand_apply, stand_approve
from tests.factories import EmployerFactory, EventFactory, SectorFactory, member

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _stand(event, name, vacancies):
    employer = EmployerFactory(name=name)
    application = stand_apply(
        event=event,
        employer=employer,
        by=member(Role.EMPLOYER_CONTACT, employer.organisation),
        representatives=1,
        vacancies=vacancies,
    )
    stand_approve(application=application, by=member(Role.JOBCENTRE_ORGANISER, event.organiser))


def test_an_attendee_on_a_phone_filters_a_fairs_vacancies_to_apprenticeships(page):
    page.page.set_viewport_size(PHONE)
    SectorFactory(name="Digital", slug="digital")
    event = EventFactory(title="Watford jobs fair")
    _stand(
        event,
        "Fairlands Aerostructures",
        [
            {"title": "Aircraft fitter apprentice", "type": "apprenticeship", "level": 3},
            {"title": "Aircraft fitter", "fifty_plus_friendly": True},
        ],
    )
    _stand(event, "Hatfield Retail", [{"title": "Shop assistant", "sector": "digital"}])
    page.goto(f"/events/{event.public_id}/")

    expect(page.page.get_by_role("heading", name="Aircraft fitter", exact=True)).to_be_visible()
    filters = page.page.locator("form[data-vacancy-filter]")
    filters.get_by_label("Type").select_option(label="Apprenticeship")
    page.submit(filters.get_by_role("button", name="Show vacancies"))

    expect(page.page).to_have_url(re.compile(r"type=apprenticeship"))
    apprenticeship = page.page.get_by_role("heading", name="Aircraft fitter apprentice")
    expect(apprenticeship).to_be_visible()
    expect(page.page.get_by_text("Apprenticeship, level 3")).to_be_visible()
    expect(page.page.get_by_role("heading", name="Aircraft fitter", exact=True)).to_have_count(0)
    expect(page.page.get_by_role("heading", name="Shop assistant")).to_have_count(0)
    expect(page.page.get_by_text("1 vacancy matches your filters.")).to_be_visible()
    scroll_width = page.page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"]


def test_the_opportunities_page_on_a_phone_filters_by_type_and_offers_the_csv(page):
    page.page.set_viewport_size(PHONE)
    event = EventFactory(title="Stevenage jobs fair")
    _stand(
        event,
        "Lister Care",
        [
            {"title": "Care assistant", "disability_confident": True},
            {"title": "Nursing apprentice", "type": "apprenticeship", "level": 5},
        ],
    )
    page.goto("/")
    with page.page.expect_navigation():
        page.page.get_by_role("link", name="See the vacancies employers bring to the fairs").click()
    page.check_accessibility()

    page.page.get_by_label("Type").select_option(label="Job")
    page.submit(page.page.get_by_role("button", name="Show vacancies"))

    expect(page.page.get_by_role("heading", name="Care assistant")).to_be_visible()
    expect(page.page.get_by_text("Disability Confident employer")).to_be_visible()
    expect(page.page.get_by_role("heading", name="Nursing apprentice")).to_have_count(0)
    csv_link = page.page.get_by_role("link", name="Download these vacancies (CSV)")
    expect(csv_link).to_have_attribute("href", re.compile(r"opportunities\.csv\?.*type=job"))
    assert page.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_one_tap_takes_an_attendee_past_many_vacancies_to_the_form(page):
    page.page.set_viewport_size(PHONE)
    event = EventFactory(title="St Albans jobs fair")
    for n in range(6):
        _stand(event, f"Employer {n}", [{"title": f"Role {n}.{m}"} for m in range(4)])
    page.goto(f"/events/{event.public_id}/")
    form_heading = page.page.get_by_role("heading", name="Register", exact=True)
    expect(form_heading).not_to_be_in_viewport()

    page.page.get_by_role("button", name="Register for this event").click()

    expect(form_heading).to_be_in_viewport()
    expect(page.page).to_have_url(re.compile(r"#register$"))
    page.register("Pat Jones", email="pat@example.net")
    expect(page.page.locator(".govuk-panel--confirmation")).to_be_visible()
    assert Registration.objects.get(event=event).email == "pat@example.net"
