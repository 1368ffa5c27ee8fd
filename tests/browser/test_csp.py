"""Issue 7: the Content-Security-Policy in a real browser. An injected inline script does not run,
and the browser-test fixture fails a test on any violation Chromium reports (or it proves nothing).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

INJECT = (
    "() => { const s = document.createElement('script');"
    " s.textContent = 'window.injected = true'; document.body.appendChild(s); }"
)


def test_an_injected_inline_script_does_not_run_and_fails_the_test(page):
    page.goto("/events/")

    page.page.evaluate(INJECT)
    page.page.wait_for_function("() => true")  # let the console message arrive

    assert page.page.evaluate("() => window.injected === undefined")
    with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
        page.assert_no_csp_violations()
    page.csp_violations.clear()  # the violation this test caused on purpose


def test_govuk_frontend_runs_under_the_policy(page):
    page.goto("/")

    classes = page.page.evaluate("() => document.body.className")

    # application.mjs (a module from /static/) ran: GOV.UK Frontend's components are started.
    assert "govuk-frontend-supported" in classes
    assert "js-enabled" in classes
