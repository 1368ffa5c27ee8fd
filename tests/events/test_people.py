"""One person across events: the key from an e-mail address or a phone number."""

from __future__ import annotations

import pytest
from django.utils import timezone

from events.people import person_key
from events.services import registrations_personal_data_erase
from tests.events.conftest import register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_same_address_at_two_fairs_is_one_person_whatever_its_case():
    first = register(EventFactory(), email="Sam.Patel@Example.net").registration
    second = register(EventFactory(), email=" sam.patel@example.net").registration

    assert first.person_key and first.person_key == second.person_key
    assert "sam" not in first.person_key


def test_a_phone_only_registrant_is_recognised_by_the_number():
    first = register(EventFactory(), email="", phone="07700 900123").registration
    second = register(EventFactory(), email="", phone="+447700900123").registration

    assert first.person_key and first.person_key == second.person_key
    assert first.person_key != person_key(email="sam@example.net")


def test_two_people_have_two_keys_and_nobody_without_contact_has_one():
    assert person_key(email="a@example.net") != person_key(email="b@example.net")
    assert person_key() == ""


def test_the_key_depends_on_the_server_secret(settings):
    before = person_key(email="sam@example.net")
    settings.PERSON_KEY_SECRET = "another-secret"
    assert person_key(email="sam@example.net") != before


def test_erasing_the_contact_details_keeps_the_person_counted_once():
    registration = register(EventFactory(), email="sam@example.net").registration
    key = registration.person_key

    registrations_personal_data_erase(registration_ids=[registration.pk], now=timezone.now())

    registration.refresh_from_db()
    registration.save()
    assert (registration.email, registration.person_key) == ("", key)
