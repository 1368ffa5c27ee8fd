"""On the day: a visit's outcome with the visitor's agreement, the stand's count of people not
scanned, "My visitors" and its files, who may see a person's outcome, and erasure."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import Role
from core.exceptions import NotAllowed
from events.models import StandDayCount, VisitOutcome
from events.services.outcomes import (
    OutcomeError,
    OutcomeInput,
    outcome_shown,
    stand_day_count_record,
    visit_outcome_record,
)
from events.services.retention import registrations_personal_data_erase
from tests.factories import member

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_nothing_about_a_visitor_is_kept_without_their_agreement(fair):
    stand = fair.stands[0]
    visit = stand.visits[0]
    with pytest.raises(OutcomeError) as refused:
        visit_outcome_record(
            interaction=visit,
            by=stand.contact,
            outcome=OutcomeInput(visitor_agreed=False, interview_offered=True),
        )
    assert refused.value.code == "agreement_needed"
    with pytest.raises(OutcomeError):
        visit_outcome_record(
            interaction=visit, by=stand.contact, outcome=OutcomeInput(visitor_agreed=True, rating=6)
        )
    assert not VisitOutcome.objects.exists()

    visit_outcome_record(
        interaction=visit,
        by=stand.contact,
        outcome=OutcomeInput(visitor_agreed=True, interview_offered=True, note="Forklift"),
    )
    assert VisitOutcome.objects.get().note == "Forklift"
    # Taking the agreement back removes the outcome.
    visit_outcome_record(interaction=visit, by=stand.contact, outcome=OutcomeInput(False))
    assert not VisitOutcome.objects.exists()


def test_only_the_employer_concerned_and_the_organisers_see_a_persons_outcome(fair):
    first, second = fair.stands
    visit = first.visits[0]
    visit_outcome_record(
        interaction=visit,
        by=first.contact,
        outcome=OutcomeInput(visitor_agreed=True, interview_offered=True),
    )
    lead = member(Role.LEAD)
    assert outcome_shown(first.contact, visit) is not None
    assert outcome_shown(fair.organiser, visit) is not None
    assert outcome_shown(second.contact, visit) is None
    assert outcome_shown(lead, visit) is None
    with pytest.raises(NotAllowed):
        visit_outcome_record(
            interaction=visit, by=second.contact, outcome=OutcomeInput(visitor_agreed=True)
        )

    url = f"/api/v1/stands/{first.application.pk}/visits/{visit.pk}/outcome/"
    assert api(first.contact).get(url).json()["interview_offered"] is True
    assert api(second.contact).get(url).status_code == 404
    assert api(lead).get(url).status_code == 404
    assert api(lead).put(url, {"visitor_agreed": True}, format="json").status_code == 404


def test_the_api_records_an_outcome_and_refuses_bad_input_with_a_code(fair):
    stand = fair.stands[0]
    visit = stand.visits[1]
    url = f"/api/v1/stands/{stand.application.pk}/visits/{visit.pk}/outcome/"
    refused = api(stand.contact).put(
        url, {"visitor_agreed": False, "interview_offered": True}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "agreement_needed"
    saved = api(stand.contact).put(
        url, {"visitor_agreed": True, "application_started": True, "rating": 5}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["rating"] == 5

    count_url = f"/api/v1/stands/{stand.application.pk}/not-scanned/"
    bad = api(stand.contact).put(
        count_url, {"unscanned_visitors": 1, "unscanned_interviews_offered": 2}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "interviews_over_visitors"
    negative = api(stand.contact).put(
        count_url, {"unscanned_visitors": -1, "unscanned_interviews_offered": 0}, format="json"
    )
    assert negative.status_code == 400 and "code" in negative.json()
    assert not StandDayCount.objects.exists()


def test_my_visitors_merges_every_representatives_scans_and_shows_contacts_only_with_consent(
    client, fair
):
    stand = fair.stands[0]
    colleague = member(Role.EMPLOYER_CONTACT, stand.application.employer.organisation)
    visit_outcome_record(
        interaction=stand.visits[0],
        by=colleague,
        outcome=OutcomeInput(visitor_agreed=True, interview_offered=True, rating=4),
    )
    client.force_login(colleague)
    page = client.get(f"/outcomes/stands/{stand.application.pk}/visitors/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("Record outcome") == 3
    # Visitor 0 agreed to be contacted by employers they meet; visitor 1 did not.
    assert f"visitor0-{fair.event.pk}@example.net" in text
    assert f"visitor1-{fair.event.pk}@example.net" not in text
    assert "Rating 4 of 5" in text

    answer = client.get(f"/outcomes/stands/{stand.application.pk}/visitors.csv")
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Ticket", "Name", "E-mail"] and len(rows) == 4
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Visitor 1"][2] == "" and by_name["Visitor 0"][2].startswith("visitor0")
    assert by_name["Visitor 0"][7] == "Yes" and by_name["Visitor 0"][10] == "4"

    book = load_workbook(
        io.BytesIO(client.get(f"/outcomes/stands/{stand.application.pk}/visitors.xlsx").content)
    )
    assert book.worksheets[0].max_row == 4

    other = fair.stands[1].contact
    client.force_login(other)
    assert client.get(f"/outcomes/stands/{stand.application.pk}/visitors/").status_code == 403
    assert client.get(f"/outcomes/stands/{stand.application.pk}/visitors.csv").status_code == 403
    client.force_login(member(Role.LEAD))
    assert client.get(f"/outcomes/stands/{stand.application.pk}/visitors/").status_code == 403


def test_a_formula_in_a_name_is_defused_in_the_files(client, fair):
    stand = fair.stands[0]
    registration = stand.visits[0].ticket.registration
    registration.name = '=HYPERLINK("http://x")'
    registration.save(update_fields=["name"])
    client.force_login(stand.contact)
    answer = client.get(f"/outcomes/stands/{stand.application.pk}/visitors.csv")
    assert "'=HYPERLINK" in b"".join(answer.streaming_content).decode("utf-8-sig")


def test_the_visit_outcome_page_refuses_without_agreement_and_saves_with_it(client, fair):
    stand = fair.stands[0]
    visit = stand.visits[2]
    client.force_login(stand.contact)
    url = f"/outcomes/visits/{visit.pk}/"
    refused = client.post(url, {"interview_offered": "on"})
    assert refused.status_code == 200 and b"Ask the visitor first" in refused.content
    assert not VisitOutcome.objects.exists()
    saved = client.post(url, {"visitor_agreed": "on", "interview_offered": "on", "rating": "3"})
    assert saved.status_code == 302
    assert VisitOutcome.objects.get().rating == 3


def test_the_day_count_page_refuses_more_interviews_than_people(client, fair):
    stand = fair.stands[0]
    client.force_login(stand.contact)
    url = f"/outcomes/stands/{stand.application.pk}/not-scanned/"
    refused = client.post(url, {"unscanned_visitors": "2", "unscanned_interviews_offered": "3"})
    assert b"cannot be more than those people" in refused.content
    assert not StandDayCount.objects.exists()
    client.post(url, {"unscanned_visitors": "5", "unscanned_interviews_offered": "2"})
    assert StandDayCount.objects.get().unscanned_interviews_offered == 2
    with pytest.raises(OutcomeError):
        stand_day_count_record(
            application=stand.application,
            by=stand.contact,
            unscanned_visitors=-1,
            unscanned_interviews_offered=0,
        )


def test_erasure_clears_the_employers_words_about_a_person_and_keeps_the_count(fair):
    stand = fair.stands[0]
    visit = stand.visits[0]
    visit_outcome_record(
        interaction=visit,
        by=stand.contact,
        outcome=OutcomeInput(visitor_agreed=True, interview_offered=True, note="Good", rating=5),
    )
    registrations_personal_data_erase(
        registration_ids=[visit.ticket.registration_id], now=timezone.now()
    )
    outcome = VisitOutcome.objects.get()
    assert (outcome.note, outcome.rating, outcome.interview_offered) == ("", None, True)
