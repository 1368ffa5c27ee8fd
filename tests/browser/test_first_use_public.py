"""First use of the public pages on a phone and a laptop: the start page searches by kind,
postcode and date; a cancelled fair offers nothing to do but read that it is cancelled; Polish
dates read "16 grudnia", in the genitive, wherever a day is written in a sentence or a list."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import trans_real
from playwright.sync_api import expect

from accounts.models import Role
from events.models import Event, EventKind
from events.services import event_cancel, stand_apply, stand_approve
from tests.factories import (
    DistrictFactory,
    EmployerFactory,
    EventFactory,
    JobcentreVenueFactory,
    member,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])


@pytest.fixture(scope="module", autouse=True)
def _compiled_polish() -> None:
    # .mo files are build output: compile them and drop any catalogue cached before they existed.
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None


def in_polish(page) -> None:
    # As the language switcher leaves it (Chromium's own Accept-Language wins over extra headers).
    page.page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "pl", "url": page.base_url}]
    )


def polish_day(moment) -> str:
    with translation.override("pl"):
        return date_format(timezone.localtime(moment), "j E Y")


def assert_fits(page, viewport) -> None:
    assert page.page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]


@VIEWPORTS
def test_the_start_page_finds_fairs_by_kind_postcode_and_date(page, viewport):
    page.page.set_viewport_size(viewport)
    stevenage = JobcentreVenueFactory(
        name="Stevenage Jobcentre", district=DistrictFactory(name="Stevenage"), postcode="SG1 1XB"
    )
    watford = JobcentreVenueFactory(
        name="Watford Jobcentre", district=DistrictFactory(name="Watford"), postcode="WD17 1AA"
    )
    soon, later = timezone.now() + timedelta(days=10), timezone.now() + timedelta(days=40)
    EventFactory(title="Stevenage jobs fair, soon", venue=stevenage, starts_at=soon)
    EventFactory(title="Stevenage jobs fair, later", venue=stevenage, starts_at=later)
    EventFactory(
        title="Stevenage careers fair",
        venue=stevenage,
        starts_at=later,
        kind=EventKind.CAREERS_FAIR,
    )
    EventFactory(title="Watford jobs fair", venue=watford, starts_at=later)
    page.goto("/")
    assert_fits(page, viewport)

    page.page.get_by_label("Kind of event").select_option(label="Jobs fair")
    page.page.get_by_label("Or your postcode").fill("sg1 2ab")
    start = timezone.localdate() + timedelta(days=20)
    boxes = page.page.get_by_role("group", name=re.compile("^From"))
    boxes.get_by_label("Day").fill(str(start.day))
    boxes.get_by_label("Month").fill(str(start.month))
    boxes.get_by_label("Year").fill(str(start.year))
    page.submit(page.page.get_by_role("button", name="Search", exact=True))

    fairs = page.page.locator("main").get_by_role("link", name=re.compile("fair"))
    expect(fairs.filter(has_text="Stevenage jobs fair, later")).to_be_visible()
    for elsewhere in ("Stevenage jobs fair, soon", "Stevenage careers fair", "Watford jobs fair"):
        expect(page.page.get_by_role("link", name=elsewhere)).to_have_count(0)
    assert_fits(page, viewport)


@VIEWPORTS
@pytest.mark.parametrize("language", ["en-gb", "pl"])
def test_a_cancelled_fair_shows_no_places_calendar_employers_or_form(page, viewport, language):
    page.page.set_viewport_size(viewport)
    event = EventFactory(title="Hatfield jobs fair")
    employer = EmployerFactory(name="Comet Logistics")
    application = stand_apply(
        event=event,
        employer=employer,
        by=member(Role.EMPLOYER_CONTACT, employer.organisation),
        representatives=1,
        vacancies=[{"title": "Warehouse operative"}],
    )
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    stand_approve(application=application, by=organiser)
    event_cancel(event=event, by=organiser, reason="The hall flooded.")
    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED
    if language == "pl":
        in_polish(page)

    page.goto(f"/events/{event.public_id}/")

    main = page.page.locator("main")
    banner = main.locator(".govuk-notification-banner")
    expect(banner).to_contain_text(
        "To wydarzenie zostało odwołane." if language == "pl" else "This event has been cancelled."
    )
    expect(banner).to_contain_text("The hall flooded.")
    for gone in ("place left", "places left", "Add to", "Employers coming", "Comet Logistics"):
        expect(main).not_to_contain_text(gone)
    for gone in ("Dodaj do", "Pracodawcy, którzy przyjdą", "Zarejestruj się"):
        expect(main).not_to_contain_text(gone)
    expect(main.get_by_role("button", name=re.compile("Register|Zarejestruj"))).to_have_count(0)
    expect(main.get_by_role("heading", name=re.compile("^(Register|Rejestracja)$"))).to_have_count(
        0
    )
    assert_fits(page, viewport)


@VIEWPORTS
def test_polish_days_read_in_the_genitive_on_a_fairs_page(page, viewport):
    page.page.set_viewport_size(viewport)
    closes = timezone.localdate() + timedelta(days=30)
    event = EventFactory(title="Stevenage jobs fair")
    employer = EmployerFactory(name="Knebworth Care")
    application = stand_apply(
        event=event,
        employer=employer,
        by=member(Role.EMPLOYER_CONTACT, employer.organisation),
        representatives=1,
        vacancies=[{"title": "Care assistant", "closing_date": closes.isoformat()}],
    )
    stand_approve(application=application, by=member(Role.JOBCENTRE_ORGANISER, event.organiser))
    opens = timezone.now() + timedelta(days=3)
    not_yet = EventFactory(title="Watford jobs fair", registration_opens_at=opens)
    in_polish(page)

    page.goto(f"/events/{event.public_id}/")
    main = page.page.locator("main")
    with translation.override("pl"):
        when = date_format(timezone.localtime(event.starts_at), "j E Y")
        closing = date_format(closes, "j E Y")
        nominative = date_format(closes, "F")
    expect(main).to_contain_text(when)
    main.get_by_text("Care assistant").first.click()  # the vacancy's details, if folded
    expect(main).to_contain_text(closing)
    expect(main).not_to_contain_text(f"{closes.day} {nominative}")
    assert_fits(page, viewport)

    page.goto(f"/events/{not_yet.public_id}/")
    expect(page.page.locator("main")).to_contain_text(
        f"Rejestracja otwiera się {polish_day(opens)}"
    )
