"""A matching round is stored as data and explained in the reader's language, counts included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import Role
from engagement.match_reasons import reason_text
from engagement.services import match_exclude, matching_round_run
from tests.factories import (
    EnterpriseAdviserFactory,
    HubFactory,
    SchoolFactory,
    SectorFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(polish):
    """One school proposed an adviser for Retail; another with three advisers excluded."""
    hub = HubFactory()
    coordinator = member(Role.COORDINATOR, hub.organisation)
    retail = SectorFactory(name="Retail")
    wanting = SchoolFactory(hub=hub, name="Alpha School")
    wanting.adviser_wish_sectors.add(retail)
    fenced = SchoolFactory(hub=hub, name="Beta School")
    start = date.today() + timedelta(days=7)
    advisers = [
        EnterpriseAdviserFactory(dbs_checked_on=start - timedelta(days=100)) for _ in range(4)
    ]
    advisers[0].sectors.add(retail)
    for adviser in advisers[1:]:
        match_exclude(school=wanting, adviser=adviser, by=coordinator, reason="governor")
    for adviser in advisers:
        match_exclude(school=fenced, adviser=adviser, by=coordinator, reason="governor")
    return coordinator, matching_round_run(hub=hub, starts_on=start, by=coordinator)


@pytest.mark.parametrize(
    ("count", "polish"),
    [
        (1, "1 doradca wykluczony przez hub dla tej szkoły"),
        (3, "3 doradcy wykluczeni przez hub dla tej szkoły"),
        (5, "5 doradców wykluczonych przez hub dla tej szkoły"),
        (12, "12 doradców wykluczonych przez hub dla tej szkoły"),
        (22, "22 doradcy wykluczeni przez hub dla tej szkoły"),
    ],
)
def test_a_count_in_a_reason_takes_the_polish_plural_form(polish, count):
    reason = {"code": "excluded_count", "params": {"count": count}}

    with translation.override("pl"):
        assert reason_text(reason) == polish
    english = "adviser excluded" if count == 1 else "advisers excluded"
    assert reason_text(reason) == f"{count} {english} for this school by the hub"


def test_the_round_page_reads_in_polish_with_sector_names_and_plural_counts(client, round_):
    coordinator, matched = round_
    client.force_login(coordinator)

    polish = client.get(f"/matching/rounds/{matched.pk}/", HTTP_ACCEPT_LANGUAGE="pl")
    english = client.get(f"/matching/rounds/{matched.pk}/", HTTP_ACCEPT_LANGUAGE="en-gb")

    page = polish.content.decode()
    assert "szkoła prosiła o: Handel detaliczny" in page
    assert "4 doradcy wykluczeni przez hub dla tej szkoły" in page
    assert "Preferowane dystrykty doradcy 2" in page
    assert "Preferred_district" not in page and "preferred_district" not in page
    page = english.content.decode()
    assert "the school asked for Retail" in page
    assert "4 advisers excluded for this school by the hub" in page
    assert "Adviser&#x27;s preferred districts 2" in page


def test_the_api_explains_a_round_in_the_requests_language(round_):
    coordinator, matched = round_
    client = APIClient()
    client.force_authenticate(coordinator)
    url = f"/api/v1/matching-rounds/{matched.pk}/"

    polish = client.get(url, HTTP_ACCEPT_LANGUAGE="pl").json()
    english = client.get(url).json()

    sector = next(p for p in polish["proposals"][0]["parts"] if p["part"] == "sector")
    assert sector["reason"] == "szkoła prosiła o: Handel detaliczny"
    assert sector["reason_code"] == "sector_asked"
    assert "4 doradcy wykluczeni przez hub dla tej szkoły" in polish["unmatched"][0]["reasons"]
    sector = next(p for p in english["proposals"][0]["parts"] if p["part"] == "sector")
    assert sector["reason"] == "the school asked for Retail"
    assert "4 advisers excluded for this school by the hub" in english["unmatched"][0]["reasons"]


def test_a_round_stored_as_sentences_before_codes_still_shows_them(round_):
    _coordinator, matched = round_
    proposal = matched.proposals.get()
    proposal.parts = [
        {
            "part": "continuity",
            "value": 0,
            "weight": 3,
            "points": 0,
            "label": "Continuity with an earlier match",
            "reason": "no earlier match with this school",
        }
    ]
    matched.unmatched = [{"school_id": 1, "school": "Old", "reasons": ["an old sentence"]}]
    matched.advisers_left_out = {"induction not done": 1}

    assert proposal.parts_shown[0]["reason"] == "no earlier match with this school"
    with translation.override("pl"):
        assert proposal.parts_shown[0]["label"] != "Continuity with an earlier match"
    assert matched.unmatched_shown[0]["reasons"] == ["an old sentence"]
    assert matched.advisers_left_out_shown == {"induction not done": 1}
