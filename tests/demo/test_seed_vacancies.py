"""The demo gives every approved stand typed vacancies, a mix an attendee can filter, and a
second run adds none."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q

from demo.seed import seed_demo
from events.models import StandApplication, Vacancy

pytestmark = pytest.mark.django_db


def test_every_approved_stand_has_typed_vacancies_and_a_second_run_adds_none():
    seed_demo(with_passwords=False)
    before = Vacancy.objects.count()

    counts = seed_demo(with_passwords=False)

    approved = StandApplication.objects.filter(status=StandApplication.Status.APPROVED)
    assert approved.exists()
    assert not approved.annotate(n=Count("vacancies")).filter(n=0).exists()
    assert Vacancy.objects.count() == before and counts["created"] == 0
    apprenticeships = Vacancy.objects.filter(type="apprenticeship")
    assert apprenticeships.exists() and not apprenticeships.filter(level__isnull=True).exists()
    assert Vacancy.objects.filter(fifty_plus_friendly=True).exists()
    assert Vacancy.objects.filter(disability_confident=True).exists()
    assert Vacancy.objects.exclude(Q(type="job") | Q(type="apprenticeship")).exists()
