"""Postcodes and distances: small pure functions the matching engine and imports share."""

from __future__ import annotations

import math
import re

_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
EARTH_RADIUS_KM = 6371.0


def postcode_normalise(raw: str) -> str:
    """Tidy a postcode (' al10  9ab ' → 'AL10 9AB'); anything else comes back compact."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else compact


def postcode_outward(raw: str) -> str:
    """The outward code ('AL10') of a full or partial postcode; '' when there is none."""
    normalised = postcode_normalise(raw)
    if not normalised:
        return ""
    return normalised.split(" ")[0] if " " in normalised else normalised[:4]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
