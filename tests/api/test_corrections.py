"""POST /api/v1/events/{id}/attendance-corrections/: the record a correction needs is required."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import EventFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("correction", "field"), [("admission", "ticket"), ("stand_visit", "visit")]
)
def test_a_correction_without_its_record_is_a_bad_request_not_a_404(correction, field):
    event = EventFactory()
    client = APIClient()
    client.force_authenticate(member(Role.JOBCENTRE_ORGANISER, event.organiser))

    response = client.post(
        reverse("api-attendance-correction", args=[event.pk]),
        {"correction": correction, "reason": "Wrong stand"},
        format="json",
    )

    assert response.status_code == 400
    assert field in str(response.json())


def test_an_outsider_is_refused_before_anything_is_looked_up():
    event = EventFactory()
    client = APIClient()
    client.force_authenticate(member(Role.CAREERS_LEADER))

    response = client.post(
        reverse("api-attendance-correction", args=[event.pk]),
        {"correction": "admission", "reason": "x", "ticket": 999999},
        format="json",
    )

    assert response.status_code == 403
