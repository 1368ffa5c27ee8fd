"""The admin site signs people in through the service's own sign-in (rate limits, two-factor)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ALLAUTH_LOGIN = "/accounts/login/"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _admin():
    return UserFactory(is_staff=True, is_superuser=True)


def test_admin_login_page_sends_people_to_the_service_sign_in(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == f"{ALLAUTH_LOGIN}?next=%2Fadmin%2Faccounts%2Fuser%2F"


def test_admin_index_signed_out_ends_at_the_service_sign_in(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith(ALLAUTH_LOGIN)


def test_admin_login_never_takes_a_password_itself(client):
    admin = _admin()

    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(ALLAUTH_LOGIN)
    assert not signed_in(client)


def test_admin_login_refuses_an_offsite_next(client):
    response = client.get("/admin/login/?next=https://evil.example.org/")

    assert response["Location"] == f"{ALLAUTH_LOGIN}?next=%2Fadmin%2F"


def test_twenty_wrong_admin_passwords_are_limited(client):
    admin = _admin()
    target = client.post("/admin/login/", {"username": admin.email, "password": "x"})["Location"]
    for _ in range(20):
        response = client.post(target, {"login": admin.email, "password": "guess"})
    assert "Too many failed login attempts" in response.content.decode()

    response = client.post(target, {"login": admin.email, "password": PASSWORD})
    assert not signed_in(client)


def test_admin_with_an_authenticator_must_enter_its_code_to_reach_the_admin(client):
    from allauth.mfa.totp.internal import auth as totp

    admin = _admin()
    secret = totp.generate_totp_secret()
    totp.TOTP.activate(admin, secret)
    target = client.get("/admin/login/?next=/admin/")["Location"]

    response = client.post(target, {"login": admin.email, "password": PASSWORD})

    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    counter = next(totp.yield_hotp_counters_from_time())
    code = totp.format_hotp_value(totp.hotp_value(secret, counter))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_admin_pages_need_the_second_factor_in_this_session(client):
    from allauth.mfa.totp.internal import auth as totp

    admin = _admin()
    totp.TOTP.activate(admin, totp.generate_totp_secret())
    client.force_login(admin)  # a password-only session

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_signed_in_person_without_admin_access_is_refused_not_looped(client):
    client.force_login(UserFactory())

    assert client.get("/admin/login/?next=/admin/").status_code == 403
