"""The door's pages: who may open the scanner, the organiser's list of volunteers, the badges."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from events.checkin import ticket_check_in
from events.models import ScannerAssignment, StandApplication
from events.scanners import scanner_authorise
from events.services import stand_apply, stand_approve
from tests.events.conftest import register
from tests.factories import EmployerFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(event, organiser):
    user = UserFactory(email="volunteer@example.org")
    scanner_authorise(event=event, user=user, by=organiser)
    return user


def scanner_url(event):
    return reverse("door:scanner", args=[event.pk])


def test_organisers_and_their_volunteers_open_the_scanner(client, event, organiser, volunteer):
    for user in (organiser, volunteer):
        client.force_login(user)
        response = client.get(scanner_url(event))
        assert response.status_code == 200
        assert "Start camera" in response.content.decode()


def test_the_scanner_page_carries_its_settings_without_an_inline_script(client, event, organiser):
    client.force_login(organiser)
    html = client.get(scanner_url(event)).content.decode()

    config = json.loads(html.split('id="scanner-config" type="application/json">')[1].split("<")[0])
    assert config["event"] == event.pk
    assert config["urls"]["checkin"] == "/api/v1/checkins/"
    assert config["adjustments"]["bsl_interpreter"] == "BSL interpreter requested"
    assert config["zxing_wasm"].endswith("zxing/zxing_reader.wasm")
    # Scripts come from /static/ only (the coming CSP has no 'unsafe-inline').
    scripts = [part.split(">")[0] for part in html.split("<script")[1:]]
    assert all("src=" in s or 'type="application/json"' in s for s in scripts)
    assert " onclick=" not in html


def test_others_may_not_open_the_scanner(client, event):
    for outsider in (
        member(Role.JOBCENTRE_ORGANISER),  # another Jobcentre's organiser
        member(Role.EMPLOYER_CONTACT),
        UserFactory(),
    ):
        client.force_login(outsider)
        assert client.get(scanner_url(event)).status_code == 403


def test_a_volunteer_scans_only_at_the_event_they_were_added_to(client, event, volunteer):
    from tests.factories import EventFactory

    other = EventFactory(organiser=event.organiser, venue=event.venue)
    client.force_login(volunteer)
    assert client.get(scanner_url(other)).status_code == 403


def test_anyone_signed_out_is_sent_to_sign_in(client, event):
    response = client.get(scanner_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_organiser_adds_a_volunteer_by_email_and_removes_them(client, event, organiser):
    helper = UserFactory(email="Helper@Example.org")
    client.force_login(organiser)
    url = reverse("door:scanners", args=[event.pk])

    response = client.post(url, {"email": "helper@example.org"}, follow=True)
    assert "can now scan at this event" in response.content.decode()
    assignment = ScannerAssignment.objects.get(event=event)
    assert assignment.user == helper

    client.force_login(helper)
    assert client.get(scanner_url(event)).status_code == 200

    client.force_login(organiser)
    client.post(reverse("door:scanner_remove", args=[event.pk, assignment.pk]))
    assert not ScannerAssignment.objects.exists()
    client.force_login(helper)
    assert client.get(scanner_url(event)).status_code == 403


def test_an_unknown_email_is_a_form_error_and_adds_no_one(client, event, organiser):
    client.force_login(organiser)
    response = client.post(reverse("door:scanners", args=[event.pk]), {"email": "no@one.org"})
    assert response.status_code == 200
    assert "No account uses this e-mail address" in response.content.decode()
    assert not ScannerAssignment.objects.exists()


def test_volunteers_and_others_may_not_manage_scanners_or_print(client, event, volunteer):
    other = UserFactory()
    for user in (volunteer, member(Role.JOBCENTRE_ORGANISER)):
        client.force_login(user)
        for name in ("door:scanners", "door:badges", "door:stand_badges"):
            assert client.get(reverse(name, args=[event.pk])).status_code == 403
        response = client.post(reverse("door:scanners", args=[event.pk]), {"email": other.email})
        assert response.status_code == 403
    assert list(ScannerAssignment.objects.values_list("user", flat=True)) == [volunteer.pk]


def test_the_scanners_page_lists_tickets_two_phones_admitted_offline(client, event, organiser):
    ticket = register(event).tickets[0]
    for _ in range(2):
        ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser, offline=True)
    client.force_login(organiser)
    html = client.get(reverse("door:scanners", args=[event.pk])).content.decode()
    assert ticket.number in html
    assert "Tickets admitted twice while offline" in html


def pdf_pages(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def test_attendee_badges_are_eight_to_an_a4_page_for_confirmed_tickets(client, event, organiser):
    for n in range(9):
        register(event, name=f"Visitor {n}", email=f"visitor{n}@example.net")
    cancelled = register(event, name="Gone Away", email="gone@example.net").registration
    from events.services import registration_cancel

    registration_cancel(registration=cancelled, by=organiser)
    client.force_login(organiser)

    reader = pdf_pages(client.get(reverse("door:badges", args=[event.pk])))
    assert len(reader.pages) == 2  # 9 badges: 8 + 1
    first_page = reader.pages[0].extract_text()
    assert "Visitor 0" in first_page and "Jobseeker" in first_page
    assert "Gone Away" not in "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages[0].images) == 8  # a QR code on each badge
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_stand_badges_name_each_representative_with_employer_and_stand(client, event, organiser):
    employer = EmployerFactory(name="Lister Hospital Trust")
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    application = stand_apply(
        event=event,
        employer=employer,
        by=contact,
        representatives=2,
        representative_names=["Ada Okafor", "Tom Reid"],
    )
    stand_approve(application=application, by=organiser)  # the lowest free stand: 1
    assert StandApplication.objects.get().status == StandApplication.Status.APPROVED
    client.force_login(organiser)

    reader = pdf_pages(client.get(reverse("door:stand_badges", args=[event.pk])))
    text = reader.pages[0].extract_text()
    assert "Ada Okafor" in text and "Tom Reid" in text
    assert "Lister Hospital Trust" in text and "Stand 1" in text


def test_badges_for_an_event_with_nobody_yet_is_one_page_saying_so(client, event, organiser):
    client.force_login(organiser)
    for name in ("door:badges", "door:stand_badges"):
        reader = pdf_pages(client.get(reverse(name, args=[event.pk])))
        assert len(reader.pages) == 1
        assert "No badges to print yet" in reader.pages[0].extract_text()


def test_a_ticket_prints_as_one_a4_pdf_page_with_its_qr_code(client):
    from pypdf import PdfReader

    from tests.events.conftest import register
    from tests.factories import EventFactory

    ticket = register(EventFactory(title="Watford jobs fair"), name="Zofia Nowak").tickets[0]

    response = client.get(f"/tickets/{ticket.token}/ticket.pdf")
    page_html = client.get(f"/tickets/{ticket.token}/").content.decode()

    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert response["Content-Type"] == "application/pdf"
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    assert "Zofia Nowak" in text and ticket.number in text and "Watford jobs fair" in text
    assert list(reader.pages[0].images)  # the QR code
    assert f"/tickets/{ticket.token}/ticket.pdf" in page_html
    assert client.get("/tickets/forged-token/ticket.pdf").status_code == 404
