"""The API's own endpoints; domain endpoints live beside them as each app's API arrives."""

from __future__ import annotations

import functools

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import api_user
from accounts.models import Membership, Role

JSON = JSONRenderer()


class MembershipSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField()
    organisation_kind = serializers.CharField()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    primary_role = serializers.CharField(allow_null=True)
    memberships = MembershipSerializer(many=True)


@functools.cache
def _memberships_sql(vendor: str) -> str:
    """The caller's memberships as the ORM asks for them (its order too), compiled once: the
    statement differs only by the user's id."""
    rows = Membership.objects.filter(user_id=0).values_list(
        "organisation_id", "organisation__name", "organisation__kind", "role"
    )
    sql, params = rows.query.sql_with_params()
    if list(params) != [0]:
        raise RuntimeError("the memberships' statement takes the user's id alone")
    return str(sql)


class MeView(APIView):
    """Who the caller is: their e-mail, roles and organisations."""

    # Read by every scanner phone at start-up: JSON only, no content negotiation.
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        return JSON, JSON.media_type

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = api_user(request)
        # One query: the memberships give the roles too (and so the primary role).
        with connection.cursor() as cursor:
            cursor.execute(_memberships_sql(connection.vendor), [user.pk])
            rows = cursor.fetchall()
        memberships = [
            {
                "organisation_id": organisation_id,
                "organisation": name,
                "organisation_kind": kind,
                "role": role,
            }
            for organisation_id, name, kind, role in rows
        ]
        roles = {membership["role"] for membership in memberships}
        if user.is_superuser:
            roles.add(Role.ADMIN)
        primary = next((role for role in Role.values[::-1] if role in roles), None)
        return Response(
            {
                "email": user.email,
                "full_name": user.full_name,
                "primary_role": primary,
                "memberships": memberships,
            }
        )


class ApiDocsView(SpectacularSwaggerSplitView):
    """The API docs: Swagger UI from our own static files (drf-spectacular-sidecar), its start-up
    script served by this view as a file (no inline script). Not Redoc: Redoc's sidebar always
    loads its maker's logo from cdn.redoc.ly, and this page loads nothing from another origin."""

    template_name = "api/swagger_ui.html"


@csrf_exempt  # it changes nothing; a POST must get the same JSON 404, not the CSRF page
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """No such API address: the API's own 404 (``code`` and ``detail``)."""
    return JsonResponse({"code": "not_found", "detail": _("Not found.")}, status=404)
