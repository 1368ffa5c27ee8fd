"""Employers' returns after a fair: the e-mailed link, the rules a return keeps, the reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from core.exceptions import NotAllowed
from events.models import OutboxMessage, StandReturn, StandReturnRequest, StandReturnRevision
from events.returns import (
    ReturnError,
    ReturnInput,
    stand_for_link,
    stand_return_requests_owe,
    stand_return_save,
    stand_return_token,
    stand_return_url,
)
from tests.factories import member
from tests.outcomes.conftest import fair_held

pytestmark = pytest.mark.django_db


def figures(**changes) -> ReturnInput:
    values = dict(
        interviews_offered=5,
        interviews_held=4,
        job_offers=3,
        job_starts=1,
        apprenticeship_starts=1,
    )
    values.update(changes)
    return ReturnInput(**values)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"interviews_offered": -1}, "negative"),
        ({"interviews_held": 6}, "held_over_offered"),
        ({"job_offers": 5}, "offers_over_held"),
        ({"job_starts": 2, "apprenticeship_starts": 2}, "starts_over_offers"),
        ({"starts_aged_50_plus": 3}, "fifty_plus_over_starts"),
    ],
)
def test_a_return_that_does_not_add_up_is_refused_and_nothing_is_saved(fair, changes, code):
    stand = fair.stands[0]
    with pytest.raises(ReturnError) as refused:
        stand_return_save(
            application=stand.application, figures=figures(**changes), by=stand.contact
        )
    assert refused.value.code == code
    assert not StandReturn.objects.exists() and not StandReturnRevision.objects.exists()


def test_each_save_keeps_the_latest_figures_and_a_revision_with_who_and_when(fair):
    stand = fair.stands[0]
    stand_return_save(
        application=stand.application, figures=figures(job_starts=0), by=stand.contact
    )
    stand_return_save(application=stand.application, figures=figures(), via_link=True)

    saved = StandReturn.objects.get()
    assert (saved.job_starts, saved.via_link, saved.saved_by) == (1, True, None)
    revisions = list(StandReturnRevision.objects.order_by("pk"))
    assert [(r.job_starts, r.saved_by) for r in revisions] == [(0, stand.contact), (1, None)]


def test_only_the_employer_and_the_organisers_make_a_return_when_signed_in(fair):
    first, second = fair.stands
    with pytest.raises(NotAllowed):
        stand_return_save(application=first.application, figures=figures(), by=second.contact)
    lead = member(Role.LEAD)
    with pytest.raises(NotAllowed):
        stand_return_save(application=first.application, figures=figures(), by=lead)
    stand_return_save(application=first.application, figures=figures(), by=fair.organiser)
    assert StandReturn.objects.count() == 1


def test_a_link_for_another_stand_or_forged_or_expired_is_refused(fair):
    first, second = fair.stands
    token = stand_return_token(first.application)

    assert stand_for_link(stand_id=first.application.pk, token=token) == first.application
    with pytest.raises(ReturnError) as other:
        stand_for_link(stand_id=second.application.pk, token=token)
    assert other.value.code == "wrong_stand"
    with pytest.raises(ReturnError) as forged:
        stand_for_link(stand_id=first.application.pk, token=token[:-2] + "xx")
    assert forged.value.code == "invalid_link"
    later = fair.event.ends_at + timedelta(weeks=26, days=1)
    with pytest.raises(ReturnError) as expired:
        stand_for_link(stand_id=first.application.pk, token=token, now=later)
    assert expired.value.code == "link_expired"


def test_the_return_page_by_link_saves_and_refuses_with_nothing_saved(client, fair):
    stand = fair.stands[0]
    url = stand_return_url(stand.application).removeprefix("http://127.0.0.1:8000")
    bad = {
        "interviews_offered": 2,
        "interviews_held": 2,
        "job_offers": 2,
        "job_starts": 3,
        "apprenticeship_starts": 0,
    }
    refused = client.post(url, bad)
    assert refused.status_code == 200 and b"cannot be more than job offers" in refused.content
    assert not StandReturn.objects.exists()

    good = {**bad, "job_starts": 1, "starts_aged_50_plus": ""}
    saved = client.post(url, good)
    assert b"data-return-saved" in saved.content
    assert StandReturn.objects.get().job_starts == 1

    other = fair.stands[1].application.pk
    wrong = client.get(url.replace(f"/stands/{stand.application.pk}/", f"/stands/{other}/"))
    assert wrong.status_code == 400 and b"another stand" in wrong.content


def test_an_expired_link_page_says_so_and_saves_nothing(client):
    old = fair_held(ended_days_ago=7 * 27)
    stand = old.stands[0]
    url = stand_return_url(stand.application).removeprefix("http://127.0.0.1:8000")
    answer = client.post(
        url,
        {
            "interviews_offered": 1,
            "interviews_held": 0,
            "job_offers": 0,
            "job_starts": 0,
            "apprenticeship_starts": 0,
        },
    )
    assert answer.status_code == 410 and b"expired" in answer.content
    assert not StandReturn.objects.exists()


def test_requests_are_owed_once_per_stage_and_e_mail_the_link(
    fair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert stand_return_requests_owe() == 2
        assert stand_return_requests_owe() == 0  # idempotent
    assert StandReturnRequest.objects.filter(stage="after_fair").count() == 2
    assert (
        OutboxMessage.objects.filter(kind="stand_return_request", sent_at__isnull=False).count()
        == 2
    )
    links = [m for m in mail.outbox if "/outcomes/stands/" in m.body]
    assert len(links) == 2

    # Four weeks on: a reminder only for the stand whose return is not in yet.
    stand_return_save(
        application=fair.stands[0].application, figures=figures(), by=fair.stands[0].contact
    )
    later = fair.event.ends_at + timedelta(weeks=4, days=1)
    assert stand_return_requests_owe(now=later) == 1
    thirteen = fair.event.ends_at + timedelta(weeks=13, days=1)
    assert stand_return_requests_owe(now=thirteen) == 2
    assert stand_return_requests_owe(now=thirteen) == 0


def test_starts_within_13_weeks_keep_the_return_saved_by_then(fair):
    stand = fair.stands[0]
    early = fair.event.ends_at + timedelta(weeks=2)
    late = fair.event.ends_at + timedelta(weeks=20)
    stand_return_save(
        application=stand.application, figures=figures(job_starts=0), by=stand.contact, now=early
    )
    stand_return_save(application=stand.application, figures=figures(), by=stand.contact, now=late)
    flags = list(
        StandReturnRevision.objects.order_by("pk").values_list("within_13_weeks", flat=True)
    )
    assert flags == [True, False]
    assert timezone.now() > fair.event.ends_at
