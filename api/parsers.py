"""The API's JSON parser: DRF's, with a limit on how deeply a body may nest.

No request of ours nests more than a few levels. A body nested thousands deep made the
standard parser hit Python's recursion limit (a 500); a few hundred levels still cost every
serializer a walk. Both are a 400 ``parse_error`` here, before any view sees the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32


def json_depth_exceeds(data: Any, limit: int) -> bool:
    """Whether ``data`` nests lists or objects more than ``limit`` deep (walked without
    recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, Mapping):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(
                _("JSON parse error - nested more than %(max)d levels deep.")
                % {"max": MAX_JSON_DEPTH}
            )
        return data
