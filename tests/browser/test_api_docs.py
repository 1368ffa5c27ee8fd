"""The API docs page (Swagger UI) in a real browser: it renders the schema from our own origin
only, under the site's strict policy, with no request to any other origin and no violation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from tests.browser.conftest import CSP_VIOLATION

pytestmark = pytest.mark.browser


@pytest.fixture
def docs_page(browser: Browser, live_server, transactional_db: None) -> Iterator[Page]:
    # Not the axe-checked page fixture: Swagger UI's page is a third-party UI, not one of ours.
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_api_docs_render_from_our_origin_only(docs_page: Page, live_server):
    foreign: list[str] = []
    violations: list[str] = []
    errors: list[str] = []

    def on_request(request: Request) -> None:
        url = request.url
        if not url.startswith((live_server.url, "data:", "blob:")):
            foreign.append(url)

    def on_console(message: ConsoleMessage) -> None:
        if CSP_VIOLATION in message.text:
            violations.append(message.text)
        elif message.type == "error":
            errors.append(message.text)

    docs_page.on("request", on_request)
    docs_page.on("console", on_console)
    docs_page.on("pageerror", lambda error: errors.append(str(error)))

    response = docs_page.goto(live_server.url + "/api/v1/docs/")
    assert response is not None and response.status == 200

    # Swagger UI fetched the schema and drew the operations; the events list opens to show the
    # filters its FilterSet documents.
    events_list = docs_page.locator("#operations-events-events_list")
    events_list.get_by_role("button").first.click()
    events_list.get_by_text("district", exact=True).wait_for(state="visible")
    docs_page.wait_for_load_state("networkidle")

    assert docs_page.get_by_role("heading", name="audit").is_visible()
    assert not foreign, f"requests to other origins: {foreign}"
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
    assert not errors, "errors on the page:\n" + "\n".join(errors)
