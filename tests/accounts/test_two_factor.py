"""Staff roles must set up TOTP two-factor before reaching staff pages, when the rule is on."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from tests.factories import PASSWORD, member

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
    secret = _with_totp(coordinator)
    _sign_in_with_password_and_app_code(client, coordinator, secret)

    response = client.get("/")

    assert response.status_code == 200
    assert b"Your Careers Hub" in response.content


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
@pytest.mark.parametrize("role", [Role.EMPLOYER_CONTACT, Role.CAREERS_LEADER])
def test_non_staff_roles_are_not_asked_for_two_factor(client, role):
    client.force_login(member(role))

    assert client.get("/").status_code == 200


# --- The second factor must have been passed in this session, not only set up -------------------


def _totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal import auth as totp

    counter = next(totp.yield_hotp_counters_from_time())
    return totp.format_hotp_value(totp.hotp_value(secret, counter))


def _with_totp(user) -> str:
    from allauth.mfa.totp.internal import auth as totp

    secret = totp.generate_totp_secret()
    totp.TOTP.activate(user, secret)
    return secret


def _sign_in_with_password_and_app_code(client, user, secret: str) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_staff_with_an_authenticator_but_no_second_factor_this_session_is_asked_for_it(client):
    coordinator = member(Role.COORDINATOR)
    _with_totp(coordinator)
    client.force_login(coordinator)  # a session from the password alone (as /admin/login/ gave)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_staff_who_passed_the_app_code_reach_pages_and_the_api(client):
    coordinator = member(Role.COORDINATOR)
    secret = _with_totp(coordinator)
    _sign_in_with_password_and_app_code(client, coordinator, secret)

    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_asking_for_the_app_code_again_records_the_second_factor(client):
    coordinator = member(Role.COORDINATOR)
    secret = _with_totp(coordinator)
    client.force_login(coordinator)

    response = client.post(reverse("mfa_reauthenticate"), {"code": _totp_code(secret)})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_setting_up_the_app_counts_as_passing_the_second_factor(client):
    from allauth.mfa.totp.internal import auth as totp

    coordinator = member(Role.COORDINATOR)
    client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[totp.SECRET_SESSION_KEY]

    response = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


# --- The API: a session cookie meets the same rule as the pages --------------------------------


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.JOBCENTRE_ORGANISER, Role.LEAD, Role.ADMIN]
)
def test_api_refuses_a_staff_session_without_two_factor(client, role):
    client.force_login(member(role))

    response = client.get("/api/v1/me/")

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"
    assert response.json()["detail"]


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_api_refuses_a_staff_session_with_an_authenticator_not_used_this_session(client):
    coordinator = member(Role.COORDINATOR)
    _with_totp(coordinator)
    client.force_login(coordinator)

    response = client.get("/api/v1/events/")

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_api_token_of_a_staff_user_is_unaffected(client):
    from rest_framework.authtoken.models import Token

    coordinator = member(Role.COORDINATOR)
    token = Token.objects.create(user=coordinator)

    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
@pytest.mark.parametrize("role", [Role.EMPLOYER_CONTACT, Role.CAREERS_LEADER])
def test_api_session_of_non_staff_roles_is_not_asked_for_two_factor(client, role):
    client.force_login(member(role))

    assert client.get("/api/v1/me/").status_code == 200


@override_settings(REQUIRE_STAFF_TWO_FACTOR=False)
def test_api_staff_session_is_let_through_when_the_rule_is_off(client):
    client.force_login(member(Role.COORDINATOR))

    assert client.get("/api/v1/me/").status_code == 200


# --- Organisations may require two-factor of all their members ---------------------------------


@pytest.mark.parametrize("role", [Role.EMPLOYER_CONTACT, Role.CAREERS_LEADER])
def test_members_of_an_organisation_requiring_two_factor_must_set_it_up(client, role):
    person = member(role)
    organisation = person.memberships.get().organisation
    organisation.require_two_factor = True
    organisation.save()
    client.force_login(person)

    assert client.get("/")["Location"] == reverse("mfa_activate_totp")
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


@pytest.mark.parametrize("role", [Role.EMPLOYER_CONTACT, Role.CAREERS_LEADER])
def test_careers_leaders_and_employer_contacts_are_offered_two_factor(client, role):
    client.force_login(member(role))

    page = client.get(reverse("account_security")).content.decode()

    assert f'href="{reverse("mfa_activate_totp")}"' in page
    assert "Turn on two-step sign-in" in page
