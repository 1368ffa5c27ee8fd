"""The public pages of vacancies: a fair's employers and their vacancies (filterable by type and
sector), the opportunities page across the fairs to come and its CSV; and the employer's pages
that give and change typed vacancies."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from events.models import Event, Vacancy
from events.services import stand_apply, stand_approve
from tests.factories import DistrictFactory, EmployerFactory, EventFactory, SectorFactory, member

pytestmark = pytest.mark.django_db

NEXT_MONTH = timezone.localdate() + timedelta(days=30)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def shown(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-vacancy="(\d+)"', response.content.decode())]


def stand(event, name, vacancies, approve=True):
    employer = EmployerFactory(name=name)
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    application = stand_apply(
        event=event, employer=employer, by=contact, representatives=1, vacancies=vacancies
    )
    if approve:
        stand_approve(application=application, by=member(Role.JOBCENTRE_ORGANISER, event.organiser))
    return application, contact


@pytest.fixture
def fair():
    SectorFactory(name="Digital", slug="digital")
    SectorFactory(name="Retail", slug="retail")
    DistrictFactory(name="Watford", slug="watford")
    event = EventFactory(title="Watford jobs fair")
    stand(
        event,
        "Fairlands Aerostructures",
        [
            {"title": "Apprentice engineer", "type": "apprenticeship", "level": 3},
            {"title": "Web developer", "sector": "digital", "district": "watford"},
            {"title": "Filled post", "filled": True},
        ],
    )
    stand(event, "Hatfield Retail", [{"title": "Shop assistant", "sector": "retail"}])
    stand(event, "Pending Ltd", [{"title": "Not approved yet"}], approve=False)
    return event


def vacancy(title):
    return Vacancy.objects.get(title=title)


# --- A fair's page -------------------------------------------------------------------------------


def test_a_fairs_page_shows_the_employers_coming_and_their_open_vacancies(client, fair):
    response = client.get(f"/events/{fair.public_id}/")
    html = page_text(response)

    assert "Fairlands Aerostructures" in html and "Hatfield Retail" in html
    assert "Pending Ltd" not in html and "Not approved yet" not in html
    assert "Filled post" not in html
    assert "Apprenticeship, level 3" in html
    assert set(shown(response)) == {
        vacancy(t).pk for t in ("Apprentice engineer", "Web developer", "Shop assistant")
    }
    assert "<table" not in html.split('id="employers"')[1].split('id="register"')[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "apprenticeship"}, ["Apprentice engineer"]),
        ({"sector": "retail"}, ["Shop assistant"]),
        ({"type": "job", "sector": "digital"}, ["Web developer"]),
        ({"type": "volunteering"}, []),
    ],
)
def test_a_fairs_vacancies_filter_by_type_and_sector(client, fair, query, expected):
    response = client.get(f"/events/{fair.public_id}/", query)

    assert response.status_code == 200
    assert shown(response) == [vacancy(title).pk for title in expected]
    if not expected:
        assert "No employer coming has a vacancy that matches" in page_text(response)


@pytest.mark.parametrize(
    "query", [{"type": "internship"}, {"sector": "x\x00y"}, {"type": "9" * 99}]
)
def test_a_bad_filter_on_a_fairs_page_is_a_message_not_an_error(client, fair, query):
    response = client.get(f"/events/{fair.public_id}/", query)

    assert response.status_code == 200
    assert "govuk-error-summary" in page_text(response)
    assert len(shown(response)) == 3  # the filter is ignored, every open vacancy is shown


def test_a_fair_over_or_cancelled_shows_no_vacancies(client, fair):
    Event.objects.filter(pk=fair.pk).update(status=Event.Status.CANCELLED)

    response = client.get(f"/events/{fair.public_id}/")

    assert shown(response) == []


# --- The opportunities page and its CSV -----------------------------------------------------------


@pytest.fixture
def two_fairs(fair):
    later = EventFactory(title="Stevenage jobs fair", starts_at=fair.starts_at + timedelta(days=7))
    stand(later, "Lister Care", [{"title": "Care assistant", "fifty_plus_friendly": True}])
    return fair, later


def test_the_opportunities_page_lists_every_open_vacancy_soonest_fair_first(client, two_fairs):
    response = client.get("/opportunities/")
    html = page_text(response)

    assert response.status_code == 200
    assert shown(response)[-1] == vacancy("Care assistant").pk and len(shown(response)) == 4
    assert "Open to people aged 50+" in html and "Stevenage jobs fair" in html
    assert (
        'href="/api/v1/opportunities/"' in html
        and 'href="/opportunities/opportunities.csv"' in html
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=apprenticeship", ["Apprentice engineer"]),
        ("sector=digital", ["Web developer"]),
        ("district=watford", ["Web developer"]),
    ],
)
def test_the_opportunities_page_filters(client, two_fairs, query, expected):
    response = client.get(f"/opportunities/?{query}")

    assert shown(response) == [vacancy(title).pk for title in expected]


def test_the_opportunities_page_filters_by_the_fair(client, two_fairs):
    _fair, later = two_fairs

    response = client.get("/opportunities/", {"event": later.pk})

    assert shown(response) == [vacancy("Care assistant").pk]


@pytest.mark.parametrize(
    "query", [{"type": "nope"}, {"district": "Luton"}, {"event": "-1"}, {"sector": "\x00"}]
)
def test_a_bad_filter_on_the_opportunities_page_is_a_400_page_with_the_message(client, fair, query):
    response = client.get("/opportunities/", query)
    csv_response = client.get("/opportunities/opportunities.csv", query)

    assert response.status_code == 400 and "govuk-error-summary" in page_text(response)
    assert csv_response.status_code == 400


def test_the_csv_has_the_same_vacancies_and_no_formula_or_person(client, fair):
    application, _contact = stand(fair, "=Evil Ltd", [{"title": '=HYPERLINK("x")'}])

    response = client.get("/opportunities/opportunities.csv", {"type": "job"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )

    assert response["Content-Type"].startswith("text/csv")
    assert [row["Vacancy"] for row in rows] == [
        "Web developer",
        "Shop assistant",
        '\'=HYPERLINK("x")',
    ]
    assert rows[2]["Employer"] == "'=Evil Ltd" and rows[0]["Sector"] == "Digital"
    assert not {"Representatives", "E-mail", "Phone"} & set(rows[0])


def test_the_start_page_and_the_fairs_list_link_to_the_opportunities(client):
    assert 'href="/opportunities/"' in page_text(client.get("/"))
    assert 'href="/opportunities/"' in page_text(client.get("/events/"))


# --- Employers give and change typed vacancies ----------------------------------------------------


def _apply_form(employer, **rows):
    return {"employer": employer.pk, "representatives": "1", **rows}


def test_an_apprenticeship_without_a_level_is_refused_beside_its_field(client, event):
    employer = EmployerFactory()
    client.force_login(member(Role.EMPLOYER_CONTACT, employer.organisation))

    response = client.post(
        f"/events/{event.public_id}/stand/",
        _apply_form(employer, vacancy_1_title="Apprentice", vacancy_1_type="apprenticeship"),
    )

    assert response.status_code == 200
    assert 'id="id_vacancy_1_level-error"' in page_text(response)
    assert "Give the apprenticeship" in page_text(response)
    assert not Vacancy.objects.exists()


def test_a_closing_date_in_the_past_is_refused_on_the_form(client, event):
    employer = EmployerFactory()
    client.force_login(member(Role.EMPLOYER_CONTACT, employer.organisation))
    past = timezone.localdate() - timedelta(days=3)

    response = client.post(
        f"/events/{event.public_id}/stand/",
        _apply_form(
            employer,
            vacancy_2_title="Chef",
            vacancy_2_closing_date_day=str(past.day),
            vacancy_2_closing_date_month=str(past.month),
            vacancy_2_closing_date_year=str(past.year),
        ),
    )

    assert "Vacancy 2: The closing date must be today or in the future." in page_text(response)
    assert not Vacancy.objects.exists()


def test_an_employer_applies_with_a_typed_vacancy(client, event):
    employer = EmployerFactory()
    sector = SectorFactory(name="Digital", slug="digital")
    client.force_login(member(Role.EMPLOYER_CONTACT, employer.organisation))

    response = client.post(
        f"/events/{event.public_id}/stand/",
        _apply_form(
            employer,
            vacancy_1_title="Apprentice developer",
            vacancy_1_type="apprenticeship",
            vacancy_1_level="4",
            vacancy_1_sector=str(sector.pk),
            vacancy_1_posts="2",
            vacancy_1_hours="part_time",
            vacancy_1_closing_date_day=str(NEXT_MONTH.day),
            vacancy_1_closing_date_month=str(NEXT_MONTH.month),
            vacancy_1_closing_date_year=str(NEXT_MONTH.year),
            vacancy_1_disability_confident="on",
        ),
    )

    assert response.status_code == 302
    saved = Vacancy.objects.get()
    assert (saved.type, saved.level, saved.sector, saved.posts) == ("apprenticeship", 4, sector, 2)
    assert saved.hours == "part_time" and saved.closing_date == NEXT_MONTH
    assert saved.disability_confident and not saved.fifty_plus_friendly


def test_the_employer_marks_a_vacancy_filled_and_it_leaves_the_fairs_page(client, fair):
    application = vacancy("Web developer").application
    contact = member(Role.EMPLOYER_CONTACT, application.employer.organisation)
    client.force_login(contact)
    url = f"/events/stands/{application.pk}/vacancies/"
    form = client.get(url)
    posted = {
        key: "on" if value is True else str(value)
        for key, value in form.context["form"].initial.items()
        if value not in (None, False, "")
    }
    row = next(k for k, v in posted.items() if v == "Web developer").removesuffix("_title")
    posted[f"{row}_filled"] = "on"

    saved = client.post(url, posted)

    assert form.status_code == 200 and saved.status_code == 302
    assert vacancy("Web developer").filled
    assert vacancy("Web developer").pk not in shown(client.get(f"/events/{fair.public_id}/"))


def test_another_employer_cannot_change_the_vacancies(client, fair):
    application = vacancy("Web developer").application
    client.force_login(member(Role.EMPLOYER_CONTACT, EmployerFactory().organisation))

    response = client.post(f"/events/stands/{application.pk}/vacancies/", {})

    assert response.status_code in (403, 404)
    assert not vacancy("Web developer").filled
