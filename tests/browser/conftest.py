"""Headless Chromium through Playwright, against pytest-django's live server.

Every document a browser test loads is checked with axe-core: ``AccessiblePage.goto`` and
``AccessiblePage.submit`` check the page they arrive on, and a test that lets a page load some
other way without calling ``check_accessibility`` fails at teardown, naming the unchecked page.
Any Content-Security-Policy violation Chromium reports on the console fails the test too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    sync_playwright,
)

REPO_DIR = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe tags its 2.2 rules wcag22aa only).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
TRANSPARENT = "rgba(0, 0, 0, 0)"
# How Chromium words a CSP violation on the console ("Refused to execute inline script because it
# violates the following Content Security Policy directive: ...").
CSP_VIOLATION = "Content Security Policy"


def _unavailable(reason: str) -> None:
    # In CI the browser tests must run: a missing browser is a failure there, a skip elsewhere.
    if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
        pytest.fail(f"{reason} (CI is set, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def playwright_instance() -> Iterator[Playwright]:
    # Package scope: one Chromium for the whole browser suite (every browser test lives in this
    # package), and Playwright's event loop is gone again before the rest of the suite runs.
    if not CHROMIUM.exists():
        _unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    if not AXE_SCRIPT.exists():
        _unavailable(f"axe-core is missing at {AXE_SCRIPT} (npm ci)")
    # Playwright's sync API keeps an asyncio loop running in this thread from here on; Django
    # would then refuse the ORM calls that tests (and factories) make in it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright()
    playwright = manager.start()
    try:
        yield playwright
    finally:
        manager.__exit__(None, None, None)
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


class AccessibilityViolations(AssertionError):
    pass


class AccessiblePage:
    """A Playwright page on the live server whose every loaded document gets an axe check."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.loaded: list[str] = []
        self.checked = 0
        self.csp_violations: list[str] = []
        page.on("load", self._on_load)
        page.on("console", self._on_console)
        # axe-core as an init script: the CSP blocks the inline <script> add_script_tag writes.
        page.add_init_script(path=str(AXE_SCRIPT))

    def _on_console(self, message: ConsoleMessage) -> None:
        if CSP_VIOLATION in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def assert_no_csp_violations(self) -> None:
        assert not self.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(
            self.csp_violations
        )

    def _on_load(self, page: Page) -> None:
        if not page.url.startswith("about:"):
            self.loaded.append(page.url)

    def goto(self, path: str) -> None:
        """Open ``path`` on the live server and check the page it shows."""
        response = self.page.goto(self.base_url + path)
        if response is None or response.status >= 400:
            self.checked = len(self.loaded)  # the failure below is the news, not the missing check
            pytest.fail(f"GET {path} answered {response.status if response else 'nothing'}")
        self.check_accessibility()

    def submit(self, button: Locator) -> None:
        """Click a button that submits a form, wait for the next page and check it."""
        with self.page.expect_navigation():
            button.click()
        self.check_accessibility()

    def register(
        self, name: str, *, email: str = "", phone: str = "", ticks: tuple[str, ...] = ()
    ) -> None:
        """Fill the public event page's registration form as a jobseeker (``ticks``: more boxes
        to tick by label, adjustments say), agree to the privacy notice and send it."""
        self.page.get_by_label("Full name").fill(name)
        if email:
            self.page.get_by_label("E-mail address").fill(email)
        if phone:
            self.page.get_by_label("Phone number").fill(phone)
        self.page.get_by_label("Jobseeker", exact=True).check()
        for label in ticks:
            self.page.get_by_label(label).check()
        self.page.get_by_label("I have read the privacy notice").check()
        self.submit(self.page.get_by_role("button", name="Register", exact=True))

    def check_accessibility(self) -> None:
        """Fail on serious or critical WCAG 2.2 A/AA violations; check the GOV.UK CSS loaded."""
        self.page.wait_for_load_state("load")
        self.assert_no_csp_violations()
        unchecked = self.loaded[self.checked : -1]
        assert not unchecked, f"pages loaded without an accessibility check: {unchecked}"
        self.checked = len(self.loaded)
        url = self.page.url

        header_background = self.page.evaluate(
            "() => { const h = document.querySelector('.govuk-header');"
            " return h ? getComputedStyle(h).backgroundColor : null; }"
        )
        assert header_background not in (None, TRANSPARENT, "transparent"), (
            f"{url}: the GOV.UK stylesheet did not load (header background {header_background})"
        )

        results = self.page.evaluate(
            "async (tags) => await axe.run(document,"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            raise AccessibilityViolations(f"{url}:\n" + _describe(blocking))

    def assert_all_checked(self) -> None:
        self.assert_no_csp_violations()
        unchecked = self.loaded[self.checked :]
        assert not unchecked, (
            f"pages loaded without an accessibility check: {unchecked} "
            "(use goto()/submit(), or call check_accessibility() after a navigation)"
        )


def _describe(violations: list[dict[str, object]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:  # type: ignore[index]
            target = json.dumps(node["target"])
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "")
            lines.append(f"    {target}: {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture
def page(browser: Browser, live_server, transactional_db: None) -> Iterator[AccessiblePage]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    checked_page = AccessiblePage(context.new_page(), live_server.url)
    try:
        yield checked_page
        checked_page.assert_all_checked()
    finally:
        context.close()
