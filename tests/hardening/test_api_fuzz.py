"""Fuzz every API operation from its own OpenAPI schema (schemathesis, in-process over WSGI).

For an administrator (who reaches every operation) and a door volunteer (who reaches almost
none), each operation gets a bounded number of generated requests, and every answer must be no
5xx, a status code the schema documents, the content type it documents, and a body matching the
schema. Each request is undone afterwards, so the world stays as built.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
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
