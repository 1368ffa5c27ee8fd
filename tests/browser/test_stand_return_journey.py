"""An employer fills in the post-fair return from the link in the e-mail, in a real browser:
first with figures that do not add up (refused, nothing saved), then corrected."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from events.models import StandReturn
from events.returns import stand_return_requests_owe
from tests.outcomes.conftest import fair_held

pytestmark = pytest.mark.browser


def test_an_employer_fills_the_return_from_the_e_mailed_link(page):
    fair = fair_held(visitors=2, stands=1)
    mail.outbox.clear()
    assert stand_return_requests_owe() == 1
    [message] = [m for m in mail.outbox if "/outcomes/stands/" in m.body]
    link = re.search(r"https?://\S+/outcomes/stands/\S+", message.body).group(0)
    page.goto(link.removeprefix(settings.SITE_URL))

    page.page.get_by_label("Interviews offered").fill("4")
    page.page.get_by_label("Interviews held").fill("3")
    page.page.get_by_label("Job offers").fill("2")
    page.page.get_by_label("People who started a job (not an apprenticeship)").fill("3")
    page.page.get_by_label("People who started an apprenticeship").fill("0")
    page.submit(page.page.get_by_role("button", name="Save the return"))
    expect(page.page.get_by_text("There is a problem")).to_be_visible()
    assert not StandReturn.objects.exists()

    page.page.get_by_label("People who started a job (not an apprenticeship)").fill("1")
    page.page.get_by_label("People who started an apprenticeship").fill("1")
    page.submit(page.page.get_by_role("button", name="Save the return"))
    expect(page.page.get_by_text("Return saved")).to_be_visible()
    saved = StandReturn.objects.get(application=fair.stands[0].application)
    assert (saved.interviews_offered, saved.job_offers, saved.starts, saved.via_link) == (
        4,
        2,
        2,
        True,
    )
