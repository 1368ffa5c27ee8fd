"""Staff roles must set up TOTP two-factor before reaching staff pages, when the rule is on."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.JOBCENTRE_ORGANISER, Role.LEAD])
def test_staff_without_two_factor_is_sent_to_set_it_up(client, role):
    client.force_login(member(role))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_staff_with_totp_reaches_their_home_page(client):
    coordinator = member(Role.COORDINATOR)
    Authenticator.objects.create(
        user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(coordinator)

    response = client.get("/")

    assert response.status_code == 200
    assert b"Your Careers Hub" in response.content


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
@pytest.mark.parametrize("role", [Role.EMPLOYER_CONTACT, Role.CAREERS_LEADER])
def test_non_staff_roles_are_not_asked_for_two_factor(client, role):
    client.force_login(member(role))

    assert client.get("/").status_code == 200
