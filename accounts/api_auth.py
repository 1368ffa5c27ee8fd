"""How the API knows who is calling.

Token requests (every scanner phone, on every scan) are answered from the shared cache: the token
key's hash names the user's few fields the API reads, so a request costs no query once its token
has been seen. The entry is deleted the moment the token is deleted or the user changes (is
deactivated, made admin, renamed), in this process and, through the shared cache (Redis in
production), in every other; a short lifetime is only a safety net. A token is never cached for an
inactive user.

The API's session authentication meets the same two-factor rule as the pages. A token is checked
first and never reaches it, so token requests pay nothing for that.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db import connection, router, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from accounts.models import User
from accounts.two_factor import two_factor_missing

# What the API reads of the caller on every request; the rest (password...) loads if asked.
# In the model's column order, the order ``Model.from_db`` takes values in.
TOKEN_USER_FIELDS = tuple(
    field.attname
    for field in User._meta.concrete_fields
    if field.attname in {"id", "email", "full_name", "is_active", "is_staff", "is_superuser"}
)
TOKEN_CACHE_SECONDS = 300


def token_cache_key(key: str) -> str:
    # The key itself never leaves the database: the cache sees its hash.
    return "api-token:" + hashlib.sha256(key.encode()).hexdigest()


def _token_user_sql() -> str:
    q = connection.ops.quote_name
    users_meta: Any = User._meta
    tokens_meta: Any = Token._meta
    users = ", ".join(f"u.{q(users_meta.get_field(name).column)}" for name in TOKEN_USER_FIELDS)
    token_user = q(tokens_meta.get_field("user").column)
    return (  # identifiers from the models; the key is a parameter
        f"SELECT {users} FROM {q(tokens_meta.db_table)} t"  # noqa: S608
        f" JOIN {q(users_meta.db_table)} u ON u.{q(users_meta.pk.column)} = t.{token_user}"
        f" WHERE t.{q(tokens_meta.pk.column)} = %s"
    )


def token_user_values(key: str) -> tuple[Any, ...] | None:
    """The user's ``TOKEN_USER_FIELDS`` for the token ``key``, or None for no such token: from
    the cache, else one query (then cached, if the user is active)."""
    cache_key = token_cache_key(key)
    values = cache.get(cache_key)
    if values is not None:
        return tuple(values)
    with connection.cursor() as cursor:
        cursor.execute(_token_user_sql(), [key])
        row = cursor.fetchone()
    if row is None:
        return None
    values = tuple(row)
    if values[TOKEN_USER_FIELDS.index("is_active")]:
        cache.set(cache_key, values, TOKEN_CACHE_SECONDS)
    return values


def token_user_from_values(values: tuple[Any, ...]) -> User:
    return User.from_db(router.db_for_read(User), list(TOKEN_USER_FIELDS), values)


def header_token_key(header: str) -> str | None:
    """The key of an ``Authorization: Token <key>`` header exactly as DRF's token
    authentication reads it, or None for any header it would refuse or not read."""
    if not header.isascii():
        return None
    parts = header.encode("ascii").split()
    if len(parts) != 2 or parts[0].lower() != b"token":
        return None
    return parts[1].decode("ascii")


def active_token_user(key: str) -> User | None:
    """The active user of token ``key`` (as ``CachedTokenAuthentication`` finds them), or None
    where it would refuse the token."""
    values = token_user_values(key)
    if values is None or not values[TOKEN_USER_FIELDS.index("is_active")]:
        return None
    return token_user_from_values(values)


class CachedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with the same answers, without the ORM on every request."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        values = token_user_values(key)
        if values is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token_user_from_values(values)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token.from_db(router.db_for_read(Token), ["key", "user_id"], (key, user.pk))
        token.user = user
        return user, token


def token_cache_forget(key: str) -> None:
    """Forget a token's cached user now and again once the change is committed (a request that
    read the old row in between cannot leave it behind for longer than that)."""
    cache_key = token_cache_key(key)
    cache.delete(cache_key)
    transaction.on_commit(lambda: cache.delete(cache_key))


def _token_deleted(sender: Any, instance: Token, **kwargs: Any) -> None:
    token_cache_forget(instance.key)


def _user_saved(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    signing_in = update_fields is not None and set(update_fields) <= {"last_login"}
    if kwargs.get("created") or signing_in:
        return
    for key in Token.objects.filter(user_id=instance.pk).values_list("key", flat=True):
        token_cache_forget(key)


def connect_receivers() -> None:
    """Called once at start-up (``AccountsConfig.ready``), in every process, so a token deleted
    or a user deactivated anywhere is forgotten everywhere."""
    post_delete.connect(_token_deleted, sender=Token, dispatch_uid="accounts.api_token_deleted")
    post_save.connect(_user_saved, sender=User, dispatch_uid="accounts.api_token_user_saved")


class TwoFactorSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is not None and two_factor_missing(request._request, result[0]):
            raise exceptions.PermissionDenied(
                _(
                    "Your role must sign in with an authenticator app: enter its code in the "
                    "service, then try again."
                ),
                code="two_factor_required",
            )
        return result


class TwoFactorSessionScheme(SessionScheme):
    """Documented as the session cookie it is (drf-spectacular finds it by subclassing)."""

    target_class = "accounts.api_auth.TwoFactorSessionAuthentication"
