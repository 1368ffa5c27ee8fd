"""Signing up with an address that has an account does the same work as with a new one.

Without a clock: a hasher that counts its calls shows the password is hashed the same number of
times on both paths (the hashing is what the time difference was), and both answers look alike.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-123"


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):  # type: ignore[no-untyped-def]
        CountingHasher.calls += 1
        return super().encode(password, salt)


def _hashes_for_signup(client, email: str):
    CountingHasher.calls = 0
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    return CountingHasher.calls, response


@override_settings(PASSWORD_HASHERS=["tests.accounts.test_signup_enumeration.CountingHasher"])
def test_signup_hashes_the_password_whether_or_not_the_address_has_an_account(client):
    existing = UserFactory()

    new_calls, new_response = _hashes_for_signup(client, "new.person@example.org")
    client.logout()
    existing_calls, existing_response = _hashes_for_signup(client, existing.email)

    assert new_calls >= 1
    assert existing_calls == new_calls
    assert existing_response.status_code == new_response.status_code == 302
    assert existing_response["Location"] == new_response["Location"]
