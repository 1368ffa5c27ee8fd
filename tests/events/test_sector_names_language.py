"""A sector's name reads in the visitor's language on the public pages; English is unchanged, and
a sector staff added with no translation shows the name they gave it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

from accounts.models import Role
from core.shown_order import reading_order_key
from events.services import stand_apply, stand_approve
from tests.factories import EmployerFactory, EventFactory, SectorFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _polish() -> Iterator[None]:
    # .mo files are build output: compile them and drop any catalogue cached before they existed.
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None
    yield
    translation.deactivate()


@pytest.fixture
def fair():
    SectorFactory(name="Health and social care", slug="health-social-care")
    SectorFactory(name="Retail", slug="retail")
    SectorFactory(name="Quantum basket weaving", slug="quantum")
    event = EventFactory(title="Watford jobs fair")
    employer = EmployerFactory(name="Hatfield Care")
    application = stand_apply(
        event=event,
        employer=employer,
        by=member(Role.EMPLOYER_CONTACT, employer.organisation),
        representatives=1,
        vacancies=[
            {"title": "Care assistant", "sector": "health-social-care"},
            {"title": "Weaver", "sector": "quantum"},
        ],
    )
    stand_approve(application=application, by=member(Role.JOBCENTRE_ORGANISER, event.organiser))
    return event


def text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("path", ["/events/{public_id}/", "/opportunities/"])
def test_a_sector_reads_in_polish_on_the_public_pages(client, fair, path):
    url = path.format(public_id=fair.public_id)

    polish = text(client.get(url, HTTP_ACCEPT_LANGUAGE="pl"))
    english = text(client.get(url, HTTP_ACCEPT_LANGUAGE="en-gb"))

    # The vacancy's sector and the sector filter's choices.
    assert "Ochrona zdrowia i opieka społeczna" in polish
    assert "Handel detaliczny" in polish
    assert "Health and social care" not in polish
    assert "Health and social care" in english and "Retail" in english
    assert "Ochrona zdrowia" not in english
    # No translation: shown as staff named it, in both languages.
    assert "Quantum basket weaving" in polish and "Quantum basket weaving" in english


def test_the_sector_filter_lists_sectors_in_the_order_of_their_shown_names(client, fair):
    polish = text(client.get("/opportunities/", HTTP_ACCEPT_LANGUAGE="pl"))

    shown = [
        name
        for name in ("Handel detaliczny", "Ochrona zdrowia i opieka społeczna", "Quantum")
        if name in polish
    ]
    positions = [polish.index(f">{name}") for name in shown]
    assert positions == sorted(positions)


def test_labels_sort_as_the_polish_alphabet_does():
    names = ["żaba", "Łódź", "zebra", "Lublin", "ąkla", "Azot", "źle", "Ala", "Élan", "ząb"]

    assert sorted(names, key=reading_order_key) == [
        "Ala",
        "Azot",
        "ąkla",
        "Élan",
        "Lublin",
        "Łódź",
        "ząb",
        "zebra",
        "źle",
        "żaba",
    ]
