"""Fuzz every API operation from its own OpenAPI schema (schemathesis, in-process over WSGI).

For an administrator (who reaches every operation) and a door volunteer (who reaches almost
none), each operation gets a bounded number of generated requests, and every answer must be no
5xx, a status code the schema documents, the content type it documents, and a body matching the
schema. Each request is undone afterwards, so the world stays as built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from tests.hardening.world import VOLUNTEER, World

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES_PER_OPERATION = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    )


@pytest.fixture(scope="module")
def api_schema(world: World, django_db_blocker: Any) -> Iterator[Any]:
    from config.wsgi import application

    # Requests through the WSGI app would close the connection at their end, and with it the
    # world's transaction; Django's own test client disconnects this handler the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock():
            yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(world: World, api_schema: Any, django_db_blocker: Any) -> dict[str, str]:
    with django_db_blocker.unblock():
        return {
            role: Token.objects.get_or_create(user=world.users[role])[0].key
            for role in (Role.ADMIN, VOLUNTEER)
        }


@pytest.mark.parametrize("role", [Role.ADMIN, VOLUNTEER])
@pytest.mark.parametrize(("method", "path"), _operations())
def test_api_operation_answers_as_its_schema_says(
    method: str, path: str, role: str, api_schema: Any, tokens: dict[str, str]
) -> None:
    operation = api_schema[path][method]
    headers = {"Authorization": f"Token {tokens[role]}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: Any) -> None:
        with transaction.atomic():
            try:
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers)
            finally:
                transaction.set_rollback(True)

    answers_as_documented()


# --- Hostile values: every operation, anonymous and every role -----------------------------------

# Path ids that are not ids, or beyond what a column holds; query values that overflow dates and
# integers or are not text at all; bodies nested past any parser's patience or holding integers
# no column can take. None may be a 5xx, whoever asks.
HOSTILE_IDS = ["null,null", "abc", "-1", "0", str(2**64), "1.5", "%2e%2e"]
HOSTILE_QUERY = ["9999-12-31", "0001-01-01", str(2**64), "-1", "null,null", "\x00", "x" * 300]
NESTED_BODY = '{"a": ' + "[" * 3000 + "]" * 3000 + "}"
BODY_METHODS = {"POST", "PUT", "PATCH"}
WHO = ["anonymous", *[str(role) for role in Role.values], VOLUNTEER]


def _operations_in_detail() -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path, query parameters, body properties) of every operation in the schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, operations in sorted(schema["paths"].items()):
        for method, operation in sorted(operations.items()):
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            body: list[str] = []
            content = operation.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
            if ref:
                body = list(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}))
            found.append((method.upper(), path, query, body))
    return found


def _hostile_requests(
    method: str, path: str, query: list[str], body: list[str]
) -> Iterator[tuple[str, dict[str, str], str | None]]:
    """(path, query, JSON body) for one operation: hostile ids, then with a real-looking id each
    query parameter hostile in turn, then hostile bodies."""
    params = re.findall(r"\{[^}]+\}", path)

    def filled(value: str) -> str:
        result = path
        for param in params:
            result = result.replace(param, value)
        return result

    body_json = "{}" if method in BODY_METHODS else None
    for value in HOSTILE_IDS if params else []:
        yield filled(value), {}, body_json
    for name in query:
        for value in HOSTILE_QUERY:
            yield filled("1"), {name: value}, body_json
    if method in BODY_METHODS:
        yield filled("1"), {}, NESTED_BODY
        yield filled("1"), {}, json.dumps({name: 2**64 for name in body})
        yield filled("1"), {}, json.dumps({name: ["null", {"x": None}] for name in body})


@pytest.fixture(scope="module")
def every_token(world: World, django_db_blocker: Any) -> dict[str, str]:
    with django_db_blocker.unblock():
        return {
            who: Token.objects.get_or_create(user=world.users[who])[0].key
            for who in WHO
            if who != "anonymous"
        }


@pytest.mark.parametrize("who", WHO)
def test_no_hostile_value_is_a_server_error(who: str, every_token: dict[str, str]) -> None:
    client = Client(raise_request_exception=False)
    headers = {} if who == "anonymous" else {"HTTP_AUTHORIZATION": f"Token {every_token[who]}"}
    errors, sent = [], 0
    for method, path, query, body in _operations_in_detail():
        for url, params, data in _hostile_requests(method, path, query, body):
            sent += 1
            with transaction.atomic():
                try:
                    if method in {"GET", "DELETE"}:
                        url = f"{url}?{urlencode(params)}" if params else url
                        response = client.generic(method, url, **headers)
                    else:
                        target = f"{url}?{urlencode(params)}" if params else url
                        response = client.generic(
                            method, target, data or "", "application/json", **headers
                        )
                finally:
                    transaction.set_rollback(True)
            if response.status_code >= 500:
                errors.append(
                    f"{method} {url} {params} {(data or '')[:60]}: {response.status_code}"
                )
            elif response.status_code >= 400 and response["Content-Type"].startswith(
                "application/json"
            ):
                answer = response.json()
                if not (isinstance(answer, dict) and answer.get("code") and answer.get("detail")):
                    errors.append(f"{method} {url} {params}: {response.status_code} no code/detail")
    assert sent > 400  # every operation was reached, not a handful
    assert errors == []
