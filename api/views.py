"""The API's own endpoints; domain endpoints live beside them as each app's API arrives."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import api_user


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


class MeView(APIView):
    """Who the caller is: their e-mail, roles and organisations."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = api_user(request)
        memberships = [
            {
                "organisation_id": membership.organisation_id,
                "organisation": membership.organisation.name,
                "organisation_kind": membership.organisation.kind,
                "role": membership.role,
            }
            for membership in user.memberships.select_related("organisation")
        ]
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "primary_role": user.primary_role,
            "memberships": memberships,
        }
        return Response(MeSerializer(data).data)


class ApiDocsView(SpectacularSwaggerSplitView):
    """The API docs: Swagger UI from our own static files (drf-spectacular-sidecar), its start-up
    script served by this view as a file (no inline script). Not Redoc: Redoc's sidebar always
    loads its maker's logo from cdn.redoc.ly, and this page loads nothing from another origin."""

    template_name = "api/swagger_ui.html"


@csrf_exempt  # it changes nothing; a POST must get the same JSON 404, not the CSRF page
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """No such API address: the API's own 404 (``code`` and ``detail``)."""
    return JsonResponse({"code": "not_found", "detail": _("Not found.")}, status=404)
