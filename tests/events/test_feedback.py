"""Feedback after an event: one link per person admitted or employer present, answered once (a
second answer updates the first), refused clearly when it cannot be taken, comments scrubbed,
figures suppressed under 5 answers and recounted from the raw rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.feedback import (
    FEEDBACK_WINDOW_DAYS,
    FeedbackError,
    comment_scrub,
    feedback_answer,
    feedback_invitations_send,
)
from events.feedback_figures import (
    answered_feedback,
    event_feedback,
    feedback_barrier_counts,
    feedback_breakdown,
)
from events.models import (
    Event,
    FeedbackBarrier,
    FeedbackRequest,
    OutboxMessage,
    StandApplication,
    Ticket,
)
from events.services import stand_apply, stand_approve
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.django_db


def held_yesterday(event: Event) -> Event:
    """Move an event to yesterday (raw rows: the services refuse to move a held event)."""
    starts = timezone.now() - timedelta(days=1, hours=4)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=3))
    event.refresh_from_db()
    return event


def admit(registration) -> None:
    Ticket.objects.filter(registration=registration).update(checked_in_at=timezone.now())


@pytest.fixture
def fair(event):
    return event


_numbers = iter(range(10**6))


def attendees(event, count, *, admitted=True, **answers):
    result = []
    for _ in range(count):
        n = next(_numbers)
        registration = register(
            event, name=f"Person {n}", email=f"person{n}@example.net", **answers
        ).registration
        if admitted:
            admit(registration)
        result.append(registration)
    return result


def test_comment_scrub_removes_email_phone_and_own_name():
    text = "Great day! Email me at jo.bloggs+x@mail.example.com or ring 07700 900123. Jo Bloggs"

    scrubbed = comment_scrub(text, names=["Jo Bloggs"])

    assert "@" not in scrubbed and "07700" not in scrubbed and "Bloggs" not in scrubbed
    assert scrubbed.startswith("Great day!")
    assert comment_scrub("Bus number 301 was late", names=[]) == "Bus number 301 was late"
    assert comment_scrub("Call +44 (0)1438 123456 please") == "Call [removed] please"


def test_invitations_go_once_to_admitted_people_and_employers_present(
    event, employer, employer_contact, committed
):
    came = attendees(event, 2)
    (absent,) = attendees(event, 1, admitted=False)
    (phone_only,) = [register(event, name="Texter", email="", phone="07700900456").registration]
    admit(phone_only)
    application = stand_apply(
        event=event, employer=employer, by=employer_contact, representatives=1
    )
    organiser = member("jobcentre_organiser", event.organiser)
    stand_approve(application=application, by=organiser)
    StandApplication.objects.filter(pk=application.pk).update(presence="present")
    held_yesterday(event)
    mail.outbox.clear()

    with committed():
        owed = feedback_invitations_send()
    with committed():
        again = feedback_invitations_send()

    assert (owed, again) == (4, 0)
    links = FeedbackRequest.objects.filter(event=event)
    assert {f.registration_id for f in links if f.registration_id} == {
        came[0].pk,
        came[1].pk,
        phone_only.pk,
    }
    assert absent.pk not in {f.registration_id for f in links}
    assert links.filter(stand_application=application).count() == 1
    assert OutboxMessage.objects.filter(kind="feedback_invitation").count() == 4
    assert all(
        message.sent_at for message in OutboxMessage.objects.filter(kind="feedback_invitation")
    )
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == sorted([came[0].email, came[1].email, employer_contact.email])
    link = links.get(registration=came[0])
    assert any(link.token in message.body for message in mail.outbox)


def test_no_invitation_on_the_day_or_after_the_window(event):
    attendees(event, 1)
    starts = timezone.now() - timedelta(days=FEEDBACK_WINDOW_DAYS + 2)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=2))

    assert feedback_invitations_send() == 0


def _link(event, registration=None):
    registration = registration or attendees(event, 1)[0]
    held_yesterday(event)
    feedback_invitations_send()
    return FeedbackRequest.objects.get(registration=registration)


def test_answering_twice_updates_the_one_answer(event):
    link = _link(event)

    feedback_answer(feedback=link, usefulness="not_useful", barriers=["transport", "confidence"])
    feedback_answer(feedback=link, usefulness="very_useful", barriers=["nothing"], comment="Good")

    link.refresh_from_db()
    assert FeedbackRequest.objects.filter(event=event, answered_at__isnull=False).count() == 1
    assert (link.usefulness, link.nothing_in_the_way, link.comment) == ("very_useful", True, "Good")
    assert not FeedbackBarrier.objects.filter(feedback=link).exists()


def test_a_link_of_someone_not_admitted_is_refused(event):
    registration = attendees(event, 1)[0]
    link = _link(event, registration)
    Ticket.objects.filter(registration=registration).update(checked_in_at=None)

    with pytest.raises(FeedbackError) as refused:
        feedback_answer(feedback=link, usefulness="very_useful")

    assert refused.value.code == "not_attended"
    assert FeedbackRequest.objects.get(pk=link.pk).answered_at is None


def test_a_link_after_the_window_is_refused(event):
    link = _link(event)

    later = event.ends_at + timedelta(days=FEEDBACK_WINDOW_DAYS, minutes=1)
    with pytest.raises(FeedbackError) as refused:
        feedback_answer(feedback=link, usefulness="very_useful", now=later)

    assert refused.value.code == "window_closed"


def test_bad_answers_are_refused_and_nothing_changes(event):
    link = _link(event)

    for answers in (
        {"usefulness": "brilliant"},
        {"usefulness": "very_useful", "barriers": ["weather"]},
        {"usefulness": "very_useful", "barriers": ["nothing", "transport"]},
        {"usefulness": ""},
    ):
        with pytest.raises(FeedbackError):
            feedback_answer(feedback=link, **answers)

    assert FeedbackRequest.objects.get(pk=link.pk).answered_at is None


def test_comment_is_stored_without_the_persons_name(event):
    registration = attendees(event, 1)[0]
    link = _link(event, registration)

    feedback_answer(
        feedback=link,
        usefulness="quite_useful",
        comment=f"I am {registration.name}, mail me@x.org",
    )

    assert registration.name not in FeedbackRequest.objects.get(pk=link.pk).comment
    assert "@" not in FeedbackRequest.objects.get(pk=link.pk).comment


def _answer_all(event, answers_list):
    people = attendees(event, len(answers_list))
    held_yesterday(event)
    feedback_invitations_send()
    for registration, answers in zip(people, answers_list, strict=True):
        feedback_answer(feedback=FeedbackRequest.objects.get(registration=registration), **answers)


def test_fewer_than_five_answers_are_suppressed(event):
    _answer_all(event, [{"usefulness": "very_useful", "comment": "Lovely"}] * 4)

    figures = event_feedback(event=event)

    assert figures.answers == 4 and figures.suppressed
    assert figures.satisfaction is None and figures.comments == []
    assert feedback_barrier_counts()[0:1] == [] or all(
        row["count"] is None for row in feedback_barrier_counts()
    )


def test_satisfaction_and_themes_recounted_from_the_raw_rows(event):
    answers = [
        {"usefulness": "very_useful", "met_employer": "yes", "barriers": ["transport"]},
        {"usefulness": "quite_useful", "met_employer": "no", "barriers": ["transport"]},
        {"usefulness": "not_useful", "barriers": ["confidence", "transport"]},
        {"usefulness": "not_very_useful", "met_employer": "yes"},
        {"usefulness": "very_useful", "barriers": ["nothing"]},
        {"usefulness": "very_useful", "met_employer": "not_sure"},
    ]
    _answer_all(event, answers)
    other = EventFactory(kind="fifty_plus_jobs_fair")
    _answer_all(other, [{"usefulness": "very_useful"}] * 2)

    figures = event_feedback(event=event)

    # By the definition: answered rows of this event; satisfied = very or quite useful.
    rows = [
        (r.usefulness, r.met_employer)
        for r in FeedbackRequest.objects.filter(event=event, answered_at__isnull=False)
    ]
    satisfied = sum(1 for usefulness, _met in rows if usefulness in {"very_useful", "quite_useful"})
    met = sum(1 for _u, met_employer in rows if met_employer == "yes")
    assert figures.answers == len(rows) == 6
    assert figures.satisfaction == round(100 * satisfied / len(rows), 1) == 66.7
    assert figures.met_employer_share == round(100 * met / len(rows), 1)
    counts = {row["theme"]: row["count"] for row in feedback_barrier_counts() if row["count"]}
    assert counts == {"transport": 3, "confidence": 1}
    by_kind = {
        row.label: row.figures
        for row in feedback_breakdown(by="kind", answered=answered_feedback())
    }
    assert by_kind["Jobs fair"].satisfaction == 66.7
    assert by_kind["50+ jobs fair"].suppressed


def test_employer_answers_are_their_own_questions(event, employer, employer_contact):
    application = stand_apply(
        event=event, employer=employer, by=employer_contact, representatives=1
    )
    stand_approve(application=application, by=member("jobcentre_organiser", event.organiser))
    StandApplication.objects.filter(pk=application.pk).update(presence="present")
    held_yesterday(event)
    feedback_invitations_send()
    link = FeedbackRequest.objects.get(stand_application=application)

    with pytest.raises(FeedbackError):
        feedback_answer(feedback=link, usefulness="very_useful")
    feedback_answer(feedback=link, candidate_quality="good", come_again="yes", comment="More")

    link.refresh_from_db()
    assert (link.candidate_quality, link.come_again, link.usefulness) == ("good", "yes", "")


def test_feedback_page_from_the_link(client, event):
    registration = attendees(event, 1, adjustments=["hearing_loop"])[0]
    link = _link(event, registration)
    url = f"/feedback/{link.token}/"

    page = client.get(url)
    assert page.status_code == 200
    assert "Were the adjustments you asked for in place?" in page.content.decode()

    refused = client.post(url, {"usefulness": ""})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()

    done = client.post(url, {"usefulness": "very_useful", "adjustments_met": "partly"})
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    assert FeedbackRequest.objects.get(pk=link.pk).adjustments_met == "partly"
    assert client.get("/feedback/not-a-token/").status_code == 404


def test_feedback_page_says_why_when_closed(client, event):
    link = _link(event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at - timedelta(days=60), ends_at=event.ends_at - timedelta(days=60)
    )

    page = client.get(f"/feedback/{link.token}/")

    assert page.status_code == 410
    assert "closed" in page.content.decode()


def test_feedback_page_opens_in_the_language_the_person_registered_in(client, event):
    from django.utils import translation

    with translation.override("pl"):
        registration = attendees(event, 1)[0]
    link = _link(event, registration)

    page = client.get(f"/feedback/{link.token}/")

    assert "Powiedz nam, jak było" in page.text


def test_you_said_we_did_shows_the_themes_said_in_feedback_beside_the_forums(client, event):
    answers = [{"usefulness": "quite_useful", "barriers": ["transport"]}] * 4 + [
        {"usefulness": "very_useful", "barriers": ["transport", "confidence"]}
    ]
    _answer_all(event, answers)

    county = client.get("/voice-of-the-customer/").text
    jobcentre = client.get(f"/voice-of-the-customer/{event.organiser_id}/").text

    # Five answers: transport said five times, confidence once, at a fair its Jobcentre ran.
    for page in (county, jobcentre):
        assert 'data-theme="transport"' in page
        row = page.split('data-theme="transport"')[1].split("</tr>")[0]
        assert 'data-source="forums">0<' in row and 'data-source="feedback">5<' in row
        assert 'data-theme="confidence"' in page
    # No name, address or comment of the people who answered reaches the public page.
    assert "Person " not in county and "@example.net" not in county
