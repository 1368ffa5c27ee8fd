"""Issue 5's proof: the scanner page in headless Chromium with a fake camera, online and offline.

Chromium reads its camera from a file fixed at launch (--use-file-for-fake-video-capture), so
each ticket gets its own launch: the first ticket is scanned online, the second on a phone taken
offline after loading the page. Both go through the real path: getUserMedia → the QR reader
(ZXing on WebAssembly, served from /static/) → POST /api/v1/checkins/ or, offline, the ticket
list in IndexedDB and the queue that drains when the network returns. No test hook feeds tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Playwright, expect

from accounts.models import Role
from events.models import CheckIn, Ticket
from events.tickets import ticket_qr_png
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, AccessiblePage
from tests.browser.fake_camera import write_y4m
from tests.events.conftest import register
from tests.factories import PASSWORD, EventFactory, member

pytestmark = pytest.mark.browser

CAMERA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture
def camera_page(
    playwright_instance: Playwright, live_server, transactional_db: None
) -> Iterator[Callable[..., AccessiblePage]]:
    """``camera_page(video, storage_state=None)``: a page in a Chromium whose camera shows
    ``video`` (its own launch: the shared browser has no camera), camera allowed for the site."""
    opened: list[tuple[Browser, AccessiblePage]] = []

    def open_page(video: Path, storage_state: dict | None = None) -> AccessiblePage:
        browser = playwright_instance.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[*CHROMIUM_ARGS, *CAMERA_ARGS, f"--use-file-for-fake-video-capture={video}"],
        )
        context = browser.new_context(
            locale="en-GB", viewport={"width": 412, "height": 915}, storage_state=storage_state
        )
        context.grant_permissions(["camera"], origin=live_server.url)
        context.set_default_timeout(15_000)
        page = AccessiblePage(context.new_page(), live_server.url)
        opened.append((browser, page))
        return page

    try:
        yield open_page
        for _browser, page in opened:
            page.assert_all_checked()
    finally:
        for browser, _page in opened:
            browser.close()


def sign_in(page: AccessiblePage, email: str) -> None:
    page.goto("/accounts/login/")
    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill(PASSWORD)
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))
    expect(page.page.get_by_text(f"Signed in as {email}")).to_be_visible()


def open_scanner(page: AccessiblePage, event_id: int) -> None:
    page.goto(f"/door/{event_id}/")
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Check-in at the door")
    # Loaded: the ticket list is on the phone and the QR reader's WebAssembly is compiled.
    expect(page.page.locator("#door[data-ready=true][data-decoder=ready]")).to_be_attached()
    expect(page.page.locator("#door-list")).to_contain_text("Ticket list saved on this phone")


def test_volunteer_scans_online_then_offline_and_the_queue_drains(camera_page, tmp_path):
    event = EventFactory(title="Stevenage quarterly jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    grace = register(event, name="Grace Hopper", adjustments=["bsl_interpreter"]).tickets[0]
    alan = register(event, name="Alan Turing", email="alan@example.net").tickets[0]
    ada = register(event, name="Ada Lovelace", email="ada@example.net").tickets[0]

    # Online: the camera reads Grace's QR and the server admits her.
    page = camera_page(write_y4m(ticket_qr_png(grace.token), tmp_path / "grace.y4m"))
    sign_in(page, organiser.email)
    open_scanner(page, event.pk)
    expect(page.page.locator("#door-connection")).to_have_text("Online")
    page.page.get_by_role("button", name="Start camera").click()

    result = page.page.locator("#scan-result")
    expect(result).to_be_visible()
    expect(result.locator("#scan-result-word")).to_have_text("OK")
    expect(result).to_contain_text("Grace Hopper")
    expect(result).to_contain_text("Jobseeker")
    expect(result).to_contain_text("BSL interpreter requested")
    expect(page.page.locator("#scan-announcement")).to_contain_text("OK. Grace Hopper")
    page.check_accessibility()
    grace.refresh_from_db()
    assert grace.checked_in_at is not None
    assert CheckIn.objects.get(ticket=grace).offline is False
    page.page.get_by_role("button", name="Scan next").click()
    expect(page.page.locator('[data-count="checked_in"]')).to_have_text("1")

    # The search fallback finds her again; checking her in twice says when she came (amber).
    page.page.get_by_label("Name, e-mail, phone or ticket number").fill("Grace")
    page.page.get_by_role("button", name="Search").click()
    page.page.get_by_role("button", name="Check in Grace Hopper").click()
    first_time = timezone.localtime(grace.checked_in_at).strftime("%H:%M")
    expect(result.locator("#scan-result-word")).to_have_text(f"Already checked in at {first_time}")
    page.check_accessibility()
    page.page.get_by_role("button", name="Scan next").click()
    # The search shows numbers, never tokens: a person found is admitted by their ticket's id.
    assert grace.token not in page.page.content()

    # Someone without their QR code, found by search; the network drops before the button: the
    # phone decides from its list and queues the admission by ticket id, sent when back online.
    page.page.get_by_label("Name, e-mail, phone or ticket number").fill("Ada")
    page.page.get_by_role("button", name="Search").click()
    check_ada = page.page.get_by_role("button", name="Check in Ada Lovelace")
    expect(check_ada).to_be_visible()
    page.page.context.set_offline(True)
    check_ada.click()
    expect(result.locator("#scan-result-word")).to_have_text("OK")
    expect(result).to_contain_text("Checked on this phone")
    page.page.context.set_offline(False)
    expect(page.page.locator("#door-status")).to_contain_text("0 scans waiting to be sent")
    ada_scan = CheckIn.objects.get(ticket=ada)
    assert (ada_scan.result, ada_scan.offline) == (CheckIn.Result.OK, True)
    assert ada_scan.scanned_value == f"#{ada.pk}"
    page.page.get_by_role("button", name="Scan next").click()

    # Someone without a ticket: name, who they are, the privacy box; registered and admitted.
    page.page.get_by_label("Name", exact=True).fill("Margaret Hamilton")
    page.page.get_by_label("Jobseeker aged 50 or over").check()
    page.page.get_by_label("Step-free access").check()
    page.page.get_by_label("I told the visitor how we use their details").check()
    page.page.get_by_role("button", name="Register and check in").click()
    expect(result.locator("#scan-result-word")).to_have_text("OK")
    expect(result).to_contain_text("Margaret Hamilton")
    expect(result).to_contain_text("Step-free access needed")
    page.page.get_by_role("button", name="Scan next").click()
    expect(page.page.locator('[data-count="walk_ins"]')).to_have_text("1")
    walk_in = Ticket.objects.get(registration__walk_in=True)
    assert walk_in.checked_in_at is not None and walk_in.registration.category == "fifty_plus"
    ticket_link = page.page.get_by_role("link", name=re.compile("Show or print their ticket"))
    expect(ticket_link).to_have_attribute("href", re.compile(f"/tickets/{walk_in.token}/$"))
    signed_in = page.page.context.storage_state()

    # A second phone (its camera sees Alan's QR) loads the page, then loses the network.
    phone = camera_page(write_y4m(ticket_qr_png(alan.token), tmp_path / "alan.y4m"), signed_in)
    open_scanner(phone, event.pk)
    phone.page.context.set_offline(True)
    status = phone.page.locator("#door-status")
    expect(status).to_contain_text("Offline — scans are saved on this phone")
    phone.page.get_by_role("button", name="Start camera").click()

    result = phone.page.locator("#scan-result")
    expect(result.locator("#scan-result-word")).to_have_text("OK")
    expect(result).to_contain_text("Alan Turing")
    expect(result).to_contain_text("Checked on this phone")
    expect(status).to_contain_text("1 scan waiting to be sent")
    phone.check_accessibility()
    alan.refresh_from_db()
    assert alan.checked_in_at is None  # nothing reached the server yet

    # Back online: the queued scan is sent (once) and the count drains to 0.
    phone.page.context.set_offline(False)
    expect(status).to_contain_text("Online")
    expect(status).to_contain_text("0 scans waiting to be sent")
    scan = CheckIn.objects.get(ticket=alan)
    assert (scan.result, scan.offline) == (CheckIn.Result.OK, True)
    assert Ticket.objects.get(pk=alan.pk).checked_in_at == scan.scanned_at
    expect(phone.page.locator('[data-count="checked_in"]')).to_have_text("4")
    phone.check_accessibility()
