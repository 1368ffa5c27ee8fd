"""The stand scanner page (/door/stands/<application id>/): who may open it, and what it carries."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.models import Role
from events.services import stand_apply, stand_approve
from tests.factories import EmployerFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(event, employer, employer_contact):
    return stand_apply(event=event, employer=employer, by=employer_contact, representatives=1)


@pytest.fixture
def approved(application, organiser):
    stand_approve(application=application, by=organiser)
    application.refresh_from_db()
    return application


def stand_url(application):
    return reverse("door:stand_scanner", args=[application.pk])


def test_the_employers_contact_opens_the_scanner_of_an_approved_stand(
    client, approved, employer_contact
):
    client.force_login(employer_contact)
    response = client.get(stand_url(approved))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Scan visitors at your stand" in html
    assert "Start camera" in html
    assert approved.event.title in html
    assert f"Stand {approved.stand_number}" in html
    assert "scans are saved on this phone and sent when it is back online" in html


def test_an_administrator_may_open_it(client, approved):
    client.force_login(member(Role.ADMIN))
    assert client.get(stand_url(approved)).status_code == 200


def test_another_employer_and_the_organiser_may_not(client, approved, organiser):
    for outsider in (
        member(Role.EMPLOYER_CONTACT, EmployerFactory().organisation),
        organiser,
        UserFactory(),
    ):
        client.force_login(outsider)
        assert client.get(stand_url(approved)).status_code == 403


def test_a_pending_application_has_no_scanner(client, application, employer_contact):
    client.force_login(employer_contact)
    assert client.get(stand_url(application)).status_code == 403


def test_an_unknown_application_is_not_found(client, employer_contact):
    client.force_login(employer_contact)
    assert client.get(reverse("door:stand_scanner", args=[999_999])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, approved):
    response = client.get(stand_url(approved))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_carries_its_settings_without_an_inline_script(client, approved, employer_contact):
    client.force_login(employer_contact)
    html = client.get(stand_url(approved)).content.decode()

    config = json.loads(html.split('id="stand-config" type="application/json">')[1].split("<")[0])
    assert config["application"] == approved.pk
    assert config["urls"]["visit"] == f"/api/v1/stands/{approved.pk}/visits/"
    assert config["categories"]["jobseeker"] == "Jobseeker"
    assert config["text"]["met"] == "Met: %(visitor)s (%(category)s)"
    assert config["zxing_wasm"].endswith("zxing/zxing_reader.wasm")
    scripts = [part.split(">")[0] for part in html.split("<script")[1:]]
    assert all("src=" in s or 'type="application/json"' in s for s in scripts)
    assert "js/stand.js" in html
    assert " onclick=" not in html


def test_my_stands_links_to_the_scanner_for_approved_applications_only(
    client, application, organiser, employer_contact
):
    client.force_login(employer_contact)
    html = client.get(reverse("events:my_stands")).content.decode()
    assert "Scan visitors at your stand" not in html

    stand_approve(application=application, by=organiser)
    html = client.get(reverse("events:my_stands")).content.decode()
    assert "Scan visitors at your stand" in html
    assert stand_url(application) in html
