"""Where the figures are shown: the organiser's event page (the funnel, as a table), the
Jobcentre and county dashboards (counts with their definitions), and the employer's own
return form from their stands."""

from __future__ import annotations

import pytest

from accounts.models import Role
from events.models import StandReturn
from events.returns import ReturnInput, stand_return_save
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_the_organisers_event_page_shows_the_funnel_as_a_table(client, fair):
    stand = fair.stands[0]
    stand_return_save(
        application=stand.application,
        by=stand.contact,
        figures=ReturnInput(
            interviews_offered=3,
            interviews_held=2,
            job_offers=2,
            job_starts=1,
            apprenticeship_starts=0,
        ),
    )
    client.force_login(fair.organiser)
    text = client.get(f"/events/manage/{fair.event.pk}/").content.decode()
    assert "data-funnel" in text and "From the door to job starts" in text
    assert "Stand visits" in text and "Job starts" in text


def test_the_dashboards_show_counts_with_definitions_and_no_person(client, fair):
    stand = fair.stands[0]
    stand_return_save(
        application=stand.application,
        by=stand.contact,
        figures=ReturnInput(
            interviews_offered=3,
            interviews_held=2,
            job_offers=2,
            job_starts=1,
            apprenticeship_starts=1,
        ),
    )
    client.force_login(member(Role.LEAD))
    county = client.get("/dashboard/county/").content.decode()
    assert "data-outcome-totals" in county and "outcomes-jobcentres" in county
    assert "a return restates the day, it never adds to it" in county
    assert "Method:" in county
    assert "Visitor 0" not in county

    client.force_login(fair.organiser)
    own = client.get(f"/dashboard/jobcentres/{fair.event.organiser_id}/").content.decode()
    assert "data-outcome-totals" in own and fair.event.title in own


def test_the_employer_fills_the_same_return_from_their_stands(client, fair):
    stand = fair.stands[0]
    client.force_login(stand.contact)
    stands_page = client.get("/events/stands/").content.decode()
    assert f"/outcomes/stands/{stand.application.pk}/return/" in stands_page
    assert f"/outcomes/stands/{stand.application.pk}/visitors/" in stands_page
    answer = client.post(
        f"/outcomes/stands/{stand.application.pk}/return/",
        {
            "interviews_offered": 1,
            "interviews_held": 1,
            "job_offers": 1,
            "job_starts": 1,
            "apprenticeship_starts": 0,
        },
    )
    assert b"data-return-saved" in answer.content
    assert StandReturn.objects.get().saved_by == stand.contact

    client.force_login(fair.stands[1].contact)
    other = client.get(f"/outcomes/stands/{stand.application.pk}/return/")
    assert other.status_code == 403
