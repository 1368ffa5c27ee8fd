"""The OpenAPI schema tells the truth about errors: drf-spectacular documents only the success
answers a view declares, so every operation here also documents the ``{code, detail}`` errors
it can really give (api.exceptions): 401 with no or a bad token, 403 when the role may not, 404
for an unknown object or page, 400 for bad input, 429 where the view is rate-limited."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        from api.event_serializers import ErrorSerializer  # the API's modules import this one

        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    ErrorSerializer, str(code), direction=direction
                )
        return responses

    def _error_codes(self) -> list[int]:
        codes = [401, 403]
        if self.method != "GET" or "{" in self.path or self._is_list_view():
            codes.append(400)
        if "{" in self.path or self._is_list_view():
            codes.append(404)
        if getattr(self.view, "throttle_classes", None):
            codes.append(429)
        return codes
