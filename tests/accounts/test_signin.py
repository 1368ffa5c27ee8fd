"""Sign-in, e-mailed codes, password reset, lock-out and e-mail verification, as people see them."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def error_summary(html: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no GOV.UK error summary on the page"
    return match.group(0)


def code_from(message) -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.M)
    assert match, message.body
    return match.group(1)


# --- E-mail and password ----------------------------------------------------------------------


def test_sign_in_page_is_a_govuk_form_with_labels_and_autocomplete(client) -> None:
    html = client.get(LOGIN_URL).content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert '<label class="govuk-label" for="id_login">' in html
    assert '<label class="govuk-label" for="id_password">' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert "placeholder=" not in html
    assert "<title>Sign in – Herts Careers & Jobs Fairs</title>" in html
    assert "<script>" not in html and " onclick=" not in html


def test_right_password_signs_in(client) -> None:
    user = UserFactory()
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)


def test_wrong_password_shows_error_summary_and_does_not_sign_in(client) -> None:
    user = UserFactory()
    response = client.post(LOGIN_URL, {"login": user.email, "password": "not-my-password"})
    assert response.status_code == 200
    html = response.content.decode()
    summary = error_summary(html)
    assert "There is a problem" in summary
    assert 'role="alert"' in summary
    assert "The email address and/or password you specified are not correct." in summary
    assert 'href="#id_login"' in summary
    assert html.count("<title>Error: Sign in") == 1
    assert not signed_in(client)
    user.refresh_from_db()
    assert user.last_login is None


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client) -> None:
    response = client.post(LOGIN_URL, {"login": "nobody@example.org", "password": PASSWORD})
    assert response.status_code == 200
    summary = error_summary(response.content.decode())
    assert "The email address and/or password you specified are not correct." in summary
    assert not signed_in(client)
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_empty_form_links_each_missing_field_from_the_summary(client) -> None:
    response = client.post(LOGIN_URL, {"login": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    summary = error_summary(html)
    assert 'href="#id_login"' in summary and 'href="#id_password"' in summary
    assert "This field is required." in summary
    assert "govuk-form-group--error" in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby=" id_login-error"' in html or 'id_login-error"' in html
    assert not signed_in(client)


def test_garbage_input_never_causes_a_server_error(client) -> None:
    for data in (
        {"login": "x" * 5000, "password": "y" * 5000},
        {"login": "not-an-email", "password": PASSWORD},
        {"login": ["a@example.org", "b@example.org"], "password": "\x00"},
        {},
    ):
        response = client.post(LOGIN_URL, data)
        assert response.status_code == 200, data
        assert "There is a problem" in response.content.decode()
    assert not signed_in(client)


def test_repeated_wrong_passwords_lock_the_address_even_against_the_right_one(client) -> None:
    user = UserFactory()
    for _ in range(5):
        response = client.post(LOGIN_URL, {"login": user.email, "password": "guess"})
        assert response.status_code == 200
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in error_summary(
        response.content.decode()
    )
    assert not signed_in(client)


def test_a_lock_out_holds_whatever_host_name_the_guesses_are_sent_to(client, settings) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "fairs.example.org", "www.fairs.example.org"]
    user = UserFactory()
    hosts = ["testserver", "fairs.example.org", "www.fairs.example.org"]
    for n in range(5):
        client.post(LOGIN_URL, {"login": user.email, "password": "guess"}, HTTP_HOST=hosts[n % 3])

    response = client.post(
        LOGIN_URL, {"login": user.email, "password": PASSWORD}, HTTP_HOST="www.fairs.example.org"
    )
    assert "Too many failed login attempts. Try again later." in error_summary(
        response.content.decode()
    )
    assert not signed_in(client)


def test_lock_out_of_one_address_does_not_lock_out_another(client) -> None:
    locked, other = UserFactory(), UserFactory()
    for _ in range(5):
        client.post(LOGIN_URL, {"login": locked.email, "password": "guess"})
    response = client.post(LOGIN_URL, {"login": other.email, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)


# --- Sign in with a code sent by e-mail ---------------------------------------------------------


def request_code(client, email: str):
    response = client.post(reverse("account_request_login_code"), {"email": email})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    return response


def test_code_request_page_has_labelled_email_field(client) -> None:
    html = client.get(reverse("account_request_login_code")).content.decode()
    assert '<label class="govuk-label" for="id_email">' in html
    assert 'autocomplete="email"' in html


def test_right_code_signs_in(client) -> None:
    user = UserFactory()
    request_code(client, user.email)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    code = code_from(mail.outbox[0])

    page = client.get(reverse("account_confirm_login_code")).content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert user.email in page

    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert signed_in(client)


def test_wrong_code_shows_error_summary_and_does_not_sign_in(client) -> None:
    user = UserFactory()
    request_code(client, user.email)
    right = code_from(mail.outbox[0])
    wrong = "ZZZZ-ZZZZ" if right != "ZZZZ-ZZZZ" else "YYYY-YYYY"
    response = client.post(reverse("account_confirm_login_code"), {"code": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Incorrect code." in error_summary(html)
    assert 'href="#id_code"' in error_summary(html)
    assert "<title>Error: " in html
    assert not signed_in(client)


def test_expired_code_is_refused_with_a_message_to_ask_again(client) -> None:
    user = UserFactory()
    request_code(client, user.email)
    code = code_from(mail.outbox[0])
    later = time.time() + 301  # ACCOUNT_LOGIN_BY_CODE_TIMEOUT is 300 seconds
    with mock.patch(
        "allauth.account.internal.flows.code_verification.time.time", return_value=later
    ):
        response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_request_login_code")
    assert not signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Your sign-in code has expired. Ask for a new code." in page


def test_code_for_an_unknown_address_sends_no_code_and_signs_nobody_in(client) -> None:
    request_code(client, "stranger@example.org")
    # allauth tells the stranger no account exists rather than revealing it on screen.
    assert all(not re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", m.body, re.M) for m in mail.outbox)
    response = client.post(reverse("account_confirm_login_code"), {"code": "ABCDEF"})
    assert not signed_in(client)
    assert response.status_code in {200, 302}


# --- Password reset ----------------------------------------------------------------------------


def test_password_reset_email_link_sets_a_new_password(client) -> None:
    user = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    response = client.get(link.group(1))
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    form_url = response["Location"]
    page = client.get(form_url).content.decode()
    assert "Set a new password" in page
    assert 'autocomplete="new-password"' in page

    response = client.post(form_url, {"password1": "", "password2": ""})
    assert response.status_code == 200
    summary = error_summary(response.content.decode())
    assert 'href="#id_password1"' in summary and 'href="#id_password2"' in summary

    new_password = "a-brand-new-hertfordshire-password"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert "Your password has been changed" in client.get(response["Location"]).content.decode()
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert not signed_in(client)  # ACCOUNT_LOGIN_ON_PASSWORD_RESET is off

    client.post(LOGIN_URL, {"login": user.email, "password": new_password})
    assert signed_in(client)


def test_password_reset_with_empty_address_shows_error_summary(client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": ""})
    assert response.status_code == 200
    assert 'href="#id_email"' in error_summary(response.content.decode())
    assert mail.outbox == []


def test_password_reset_link_with_a_bad_key_says_it_does_not_work(client) -> None:
    user = UserFactory()
    response = client.get(f"/accounts/password/reset/key/{user.pk:x}-not-a-real-key/")
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


# --- Sign up and e-mail verification -----------------------------------------------------------


def test_unverified_signup_cannot_reach_pages_until_the_address_is_confirmed(client) -> None:
    email, password = "new.person@example.org", "a-long-enough-password-123"
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not signed_in(client)
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()

    # Signed-in pages send them to sign in, and signing in sends them back to verify.
    security = client.get(reverse("account_security"))
    assert security.status_code == 302 and security["Location"].startswith(LOGIN_URL)
    response = client.post(LOGIN_URL, {"login": email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not signed_in(client)
    assert not EmailAddress.objects.get(email=email).verified

    # The link in the (latest) e-mail confirms the address; then sign-in works.
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    assert "Confirm your e-mail address" in client.get(link.group(1)).content.decode()
    client.post(link.group(1))
    assert EmailAddress.objects.get(email=email).verified
    client.post(LOGIN_URL, {"login": email, "password": password})
    assert signed_in(client)
    assert client.get(reverse("account_security")).status_code == 200


def test_signup_with_mismatched_passwords_shows_error_summary_and_creates_nobody(client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "someone@example.org", "password1": "one-password-123", "password2": "other"},
    )
    assert response.status_code == 200
    summary = error_summary(response.content.decode())
    assert "You must type the same password each time." in summary
    assert not User.objects.filter(email="someone@example.org").exists()


# --- Sign-in and security page, and the other account pages ------------------------------------


def test_security_page_needs_sign_in(client) -> None:
    response = client.get(reverse("account_security"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_security_page_links_to_password_email_and_two_step(client) -> None:
    client.force_login(UserFactory())
    html = client.get("/accounts/security/").content.decode()
    assert '<h1 class="govuk-heading-l">Sign-in and security</h1>' in html
    for name in ("account_change_password", "account_email", "mfa_index"):
        assert f'href="{reverse(name)}"' in html
    assert 'aria-current="page"' in html  # the service navigation marks where you are


@pytest.mark.parametrize(
    "url_name",
    [
        "account_change_password",
        "account_email",
        "mfa_index",
        "mfa_activate_totp",
        "account_logout",
        "account_reauthenticate",
    ],
)
def test_signed_in_account_pages_use_the_govuk_layout(client, url_name: str) -> None:
    client.force_login(UserFactory())
    response = client.get(reverse(url_name), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-template"' in html
    assert "govuk-heading-l" in html
    assert "<script>" not in html and "<script src=" not in html and " onclick=" not in html


def test_change_password_with_wrong_current_password_changes_nothing(client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "new-pass-4567", "password2": "new-pass-4567"},
    )
    assert response.status_code == 200
    assert 'href="#id_oldpassword"' in error_summary(response.content.decode())
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "url_name",
    ["account_signup", "account_reset_password", "account_request_login_code", "account_login"],
)
def test_signed_out_pages_use_the_govuk_layout(client, url_name: str) -> None:
    html = client.get(reverse(url_name)).content.decode()
    assert 'class="govuk-template"' in html
    assert "govuk-button" in html
    assert "<script>" not in html and " onclick=" not in html


# --- Two-step sign-in (authenticator app) ------------------------------------------------------


def test_two_step_sign_in_asks_for_the_app_code_and_refuses_a_wrong_one(client) -> None:
    from allauth.mfa.totp.internal import auth as totp

    user = UserFactory()
    secret = totp.generate_totp_secret()
    totp.TOTP.activate(user, secret)

    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert 'class="govuk-template"' in page
    assert 'autocomplete="one-time-code"' in page

    counter = next(totp.yield_hotp_counters_from_time())
    code = totp.format_hotp_value(totp.hotp_value(secret, counter))
    wrong = "111111" if code == "000000" else "000000"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert 'href="#id_code"' in error_summary(response.content.decode())
    assert not signed_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert signed_in(client)


# --- A stranger's wrong passwords do not shut the real person out --------------------------------


def test_after_a_lock_out_the_person_still_signs_in_with_an_emailed_code(client) -> None:
    from accounts.models import Role
    from tests.factories import member

    coordinator = member(Role.COORDINATOR)
    stranger = client.__class__()
    for _ in range(6):
        stranger.post(LOGIN_URL, {"login": coordinator.email, "password": "guess"})
    locked = client.post(LOGIN_URL, {"login": coordinator.email, "password": PASSWORD})
    html = locked.content.decode()
    assert "Too many failed login attempts" in error_summary(html)
    assert f'href="{reverse("account_request_login_code")}' in html  # offered right there

    request_code(client, coordinator.email)
    code = code_from(mail.outbox[-1])
    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert signed_in(client)
