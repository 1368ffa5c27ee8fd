"""One bound serializer serves every registration and scan: it accepts and refuses exactly as a
serializer made for the request would, also from many threads at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from rest_framework import serializers

from api.checkin_view import CheckInRequestSerializer
from api.event_serializers import RegistrationCreatedSerializer, RegistrationCreateSerializer
from api.shared_serializers import Shared

REGISTRATIONS = [
    {"name": "Grace Obi", "email": "grace@example.net", "category": "jobseeker",
     "privacy_consent": True, "adjustments": ["hearing_loop"]},
    {"name": "Ola", "phone": "07700 900123", "category": "fifty_plus", "privacy_consent": "true"},
    {"category": "nobody"},
    {"name": "x" * 201, "category": "jobseeker"},
    {"category": "jobseeker", "adjustments": ["teleport"]},
    {"category": "jobseeker", "adjustments": "hearing_loop"},
    {"category": "jobseeker", "complex_barriers": None, "priority_groups": ["care_leavers"]},
    {},
    {"category": ["jobseeker"], "sms_too": "maybe"},
]  # fmt: skip
SCANS = [
    {"token": "abc", "event": 3},
    {"ticket": 5, "event": 3, "client_id": "not-a-uuid"},
    {"token": "abc", "ticket": 5, "event": 3},
    {"event": 2**63},
    {"token": "t", "event": 1, "scanned_at": "2026-12-02T10:00:00Z", "offline": True},
]


def fresh(serializer_class, data):
    given = serializer_class(data=data)
    if given.is_valid():
        return "valid", dict(given.validated_data)
    return "refused", given.errors


def shared(reused, data):
    try:
        return "valid", reused.validated(data)
    except serializers.ValidationError as refused:
        return "refused", refused.detail


@pytest.mark.parametrize(
    ("serializer_class", "payloads"),
    [(RegistrationCreateSerializer, REGISTRATIONS), (CheckInRequestSerializer, SCANS)],
)
def test_the_shared_serializer_accepts_and_refuses_as_a_fresh_one(serializer_class, payloads):
    reused = Shared(serializer_class)
    outcomes = {fresh(serializer_class, p)[0] for p in payloads}
    assert outcomes == {"valid", "refused"}  # both kinds are exercised
    for payload in payloads:
        assert shared(reused, payload) == fresh(serializer_class, payload), payload


def test_many_threads_at_once_get_each_their_own_answer():
    reused = Shared(RegistrationCreateSerializer)
    payloads = REGISTRATIONS * 40
    expected = [fresh(RegistrationCreateSerializer, p) for p in payloads]

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda p: shared(reused, p), payloads))

    assert got == expected


def test_the_created_answer_is_written_as_the_serializer_writes_it():
    data = {
        "id": 7,
        "event": 3,
        "status": "confirmed",
        "name": "Grace Obi",
        "category": "jobseeker",
        "adjustments": ["hearing_loop"],
        "ticket": {"token": "t", "number": "JF1-0001", "qr_png_url": "/q", "url": "/t"},
        "warnings": [{"code": "late", "detail": "Asked late"}],
    }
    assert Shared(RegistrationCreatedSerializer).represented(data) == dict(
        RegistrationCreatedSerializer(data).data
    )
