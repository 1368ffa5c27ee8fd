"""The accessibility check itself: it must fail on a real violation, or it proves nothing."""

from __future__ import annotations

import pytest

from tests.browser.conftest import AccessibilityViolations

pytestmark = pytest.mark.browser


def test_axe_check_reports_a_serious_violation(page):
    page.goto("/")
    # An image with no text alternative: axe's `image-alt`, impact critical.
    page.page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"/static/govuk/assets/images/favicon.ico\">')"
    )

    with pytest.raises(AccessibilityViolations, match="image-alt"):
        page.check_accessibility()


def test_a_page_loaded_without_a_check_fails_the_test(page):
    page.goto("/")
    page.page.get_by_role("link", name="Accessibility statement").click()
    page.page.wait_for_url("**/accessibility/")
    page.page.wait_for_load_state("load")

    with pytest.raises(AssertionError, match="without an accessibility check"):
        page.assert_all_checked()
    page.check_accessibility()  # the page this test left unchecked, so its teardown passes
