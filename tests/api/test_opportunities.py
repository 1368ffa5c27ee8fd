"""``GET /api/v1/opportunities/`` (CONTRACT.md) and the vacancies of
``POST /api/v1/events/{id}/employer-registrations/``: anyone reads the open vacancies of approved
stands at upcoming published fairs, with no personal data; employers send typed vacancies and a
bad one is a 400 with ``code``, ``detail`` and the field's error, nothing saved."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from api.opportunities import OpportunitiesRateThrottle
from events.models import Event, StandApplication, Vacancy
from events.services import stand_apply, stand_approve
from tests.factories import (
    DistrictFactory,
    EmployerFactory,
    EventFactory,
    SectorFactory,
    in_days_at,
    member,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/opportunities/"
CONTRACT_KEYS = {
    "title",
    "type",
    "level",
    "sector",
    "employer",
    "event",
    "district",
    "closing_date",
    "fifty_plus_friendly",
    "disability_confident",
}
TOMORROW = timezone.localdate() + timedelta(days=1)


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def stand(event, name, vacancies, approve=True):
    """An employer applies through the service with ``vacancies``; the organiser approves."""
    employer = EmployerFactory(name=name)
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    application = stand_apply(
        event=event,
        employer=employer,
        by=contact,
        representatives=2,
        representative_names=["Priya Contact-Person"],
        vacancies=vacancies,
    )
    if approve:
        stand_approve(application=application, by=member(Role.JOBCENTRE_ORGANISER, event.organiser))
    return application


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def employer_contact():
    return member(Role.EMPLOYER_CONTACT, EmployerFactory().organisation)


@pytest.fixture
def world():
    digital = SectorFactory(name="Digital", slug="digital")
    care = SectorFactory(name="Health and social care", slug="health-and-social-care")
    watford = DistrictFactory(name="Watford", slug="watford")
    stevenage = DistrictFactory(name="Stevenage", slug="stevenage")
    fair = EventFactory(title="Watford jobs fair", stand_capacity=30)
    later = EventFactory(title="Stevenage jobs fair", starts_at=in_days_at(30))
    stand(
        fair,
        "Fairlands Aerostructures",
        [
            {
                "title": "Apprentice engineer",
                "type": "apprenticeship",
                "level": 3,
                "sector": "digital",
                "district": "Watford",
                "fifty_plus_friendly": True,
                "closing_date": TOMORROW,
            },
            {"title": "Software developer", "sector": digital.pk, "district": watford.pk},
            {"title": "Gone already", "filled": True},
        ],
    )
    stand(
        later,
        "Lister Care",
        [
            {
                "title": "Care assistant",
                "sector": care.pk,
                "district": stevenage.pk,
                "disability_confident": True,
                "hours": "part_time",
            }
        ],
    )
    stand(fair, "Pending Ltd", [{"title": "Not yet approved"}], approve=False)
    cancelled = EventFactory(title="Cancelled fair")
    stand(cancelled, "Cancelled Ltd", [{"title": "At a cancelled fair"}])
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED)
    past = EventFactory(title="Past fair")
    stand(past, "Past Ltd", [{"title": "At a past fair"}])
    Event.objects.filter(pk=past.pk).update(
        starts_at=in_days_at(-3), ends_at=in_days_at(-3) + timedelta(hours=4)
    )
    closed = stand(fair, "Closed Ltd", [{"title": "Closed yesterday", "closing_date": TOMORROW}])
    Vacancy.objects.filter(application=closed).update(
        closing_date=timezone.localdate() - timedelta(days=1)
    )
    return {"fair": fair, "later": later, "digital": digital, "watford": watford}


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def test_anyone_reads_the_open_vacancies_with_the_contract_fields(world):
    response = client_for().get(URL)

    assert response.status_code == 200
    assert titles(response) == ["Apprentice engineer", "Software developer", "Care assistant"]
    first = response.json()["results"][0]
    assert CONTRACT_KEYS <= set(first)
    assert first["type"] == "apprenticeship" and first["level"] == 3
    assert first["sector"] == "Digital" and first["district"] == "Watford"
    assert first["employer"] == "Fairlands Aerostructures" and first["event"] == world["fair"].pk
    assert first["closing_date"] == TOMORROW.isoformat()
    assert first["fifty_plus_friendly"] is True and first["disability_confident"] is False
    assert response.json()["results"][1]["level"] is None


def test_the_feed_holds_no_personal_data(world):
    body = client_for().get(URL).content.decode()

    assert "Priya" not in body and "@" not in body
    for row in json.loads(body)["results"]:
        assert not {"representatives", "representative_names", "email", "applied_by"} & set(row)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=apprenticeship", ["Apprentice engineer"]),
        ("type=job", ["Software developer", "Care assistant"]),
        ("type=volunteering", []),
        ("sector=digital", ["Apprentice engineer", "Software developer"]),
        ("sector=Health%20and%20social%20care", ["Care assistant"]),
        ("district=stevenage", ["Care assistant"]),
        ("district=Watford&type=job", ["Software developer"]),
    ],
)
def test_filters_narrow_the_feed(world, query, expected):
    assert titles(client_for().get(f"{URL}?{query}")) == expected


def test_the_sector_filter_takes_an_id_and_the_event_filter_a_fair(world):
    by_id = client_for().get(URL, {"sector": world["digital"].pk})
    by_event = client_for().get(URL, {"event": world["later"].pk})

    assert titles(by_id) == ["Apprentice engineer", "Software developer"]
    assert titles(by_event) == ["Care assistant"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"type": "internship"}, "invalid_type"),
        ({"type": "job\x00"}, "invalid_type"),
        ({"sector": "basket weaving"}, "invalid_sector"),
        ({"sector": "dig\x00ital"}, "null_characters_not_allowed"),
        ({"sector": str(10**30)}, "invalid_sector"),
        ({"district": "Luton"}, "invalid_district"),
        ({"district": "x" * 5000}, "max_length"),
        ({"event": "-1"}, "invalid_event"),
        ({"event": str(2**70)}, "invalid_event"),
        ({"event": "1\x00"}, "invalid_event"),
    ],
)
def test_bad_filters_are_a_400_with_a_code(world, query, code):
    response = client_for().get(URL, query)

    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]


def test_the_feed_is_paginated_and_its_queries_do_not_grow(world, django_assert_max_num_queries):
    for n in range(12):
        stand(world["fair"], f"Employer {n}", [{"title": f"Job {n}"}, {"title": f"Job {n}b"}])

    with django_assert_max_num_queries(2):  # the count and one page, everything joined
        response = client_for().get(URL)

    assert response.json()["count"] == 27 and "next" in response.json()


def test_anonymous_readers_are_rate_limited(world, monkeypatch):
    monkeypatch.setattr(OpportunitiesRateThrottle, "get_rate", lambda self: "2/min")
    client = client_for()

    answers = [client.get(URL).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_the_schema_documents_the_feed_and_its_filters():
    schema = client_for(member(Role.ADMIN)).get("/api/v1/schema/?format=json").json()

    operation = schema["paths"]["/api/v1/opportunities/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"type", "sector", "district", "page"}
    assert operation["security"] and {} in operation["security"]


# --- Employers send typed vacancies --------------------------------------------------------------


def apply_url(event) -> str:
    return f"/api/v1/events/{event.pk}/employer-registrations/"


def test_an_employer_sends_typed_vacancies(event, employer_contact):
    SectorFactory(name="Digital", slug="digital")
    DistrictFactory(name="Watford", slug="watford")
    body = {
        "representatives": 1,
        "vacancies": [
            {
                "title": "Apprentice developer",
                "type": "apprenticeship",
                "level": 4,
                "sector": "Digital",
                "posts": 2,
                "hours": "flexible",
                "pay": "£18,000 a year",
                "district": "watford",
                "closing_date": TOMORROW.isoformat(),
                "link": "https://example.com/jobs/9",
                "fifty_plus_friendly": True,
                "disability_confident": True,
                "no_experience_needed": True,
            }
        ],
    }

    response = client_for(employer_contact).post(apply_url(event), body, format="json")

    assert response.status_code == 201, response.json()
    vacancy = response.json()["vacancies"][0]
    assert vacancy["type"] == "apprenticeship" and vacancy["level"] == 4
    assert vacancy["sector"] == "Digital" and vacancy["district"] == "Watford"
    assert vacancy["posts"] == 2 and vacancy["hours"] == "flexible" and vacancy["filled"] is False
    assert response.json()["vacancies_count"] == 2
    assert Vacancy.objects.get().closing_date == TOMORROW


@pytest.mark.parametrize(
    ("vacancy", "code", "field"),
    [
        ({"closing_date": "2020-01-01"}, "vacancy_closing_date_past", "closing_date"),
        ({"type": "apprenticeship"}, "vacancy_level_required", "level"),
        ({"type": "job", "level": 3}, "vacancy_level_not_allowed", "level"),
        ({"posts": -2}, "vacancy_posts_invalid", "posts"),
        ({"posts": 10**6}, "vacancy_posts_invalid", "posts"),
        ({"posts": 10**40}, "max_value", "posts"),
        ({"type": "internship"}, "invalid_choice", "type"),
        ({"sector": "Basket weaving"}, "vacancy_unknown_sector", "sector"),
        ({"sector": ["Digital"]}, "invalid", "sector"),
        ({"district": "Luton"}, "vacancy_unknown_district", "district"),
        ({"link": "javascript:alert(1)"}, "invalid_vacancy", "link"),
        ({"title": ""}, "blank", "title"),
    ],
)
def test_a_bad_vacancy_is_a_400_on_its_field_and_saves_nothing(
    event, employer_contact, vacancy, code, field
):
    body = {"representatives": 1, "vacancies": [{"title": "Fine"}, {"title": "Chef", **vacancy}]}

    response = client_for(employer_contact).post(apply_url(event), body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]
    assert field in response.json()["errors"]["vacancies"]["1"]
    assert not StandApplication.objects.exists() and not Vacancy.objects.exists()


def test_too_many_vacancies_are_a_400(event, employer_contact):
    body = {"representatives": 1, "vacancies": [{"title": f"Job {n}"} for n in range(31)]}

    response = client_for(employer_contact).post(apply_url(event), body, format="json")

    assert response.status_code == 400 and response.json()["code"] == "too_many_vacancies"
    assert not StandApplication.objects.exists()


def test_the_employer_changes_its_vacancies_and_marks_one_filled(world):
    fair_stand = Vacancy.objects.get(title="Software developer").application
    contact = member(Role.EMPLOYER_CONTACT, fair_stand.employer.organisation)
    kept = Vacancy.objects.get(title="Apprentice engineer")
    url = f"/api/v1/employer-registrations/{fair_stand.pk}/vacancies/"
    body = [
        {"id": kept.pk, "title": "Apprentice engineer", "type": "apprenticeship", "level": 4},
        {"title": "Welder", "posts": 2, "filled": False},
        {"id": Vacancy.objects.get(title="Software developer").pk, "title": "Dev", "filled": True},
    ]

    response = client_for(contact).put(url, body, format="json")
    feed = titles(client_for().get(URL))

    assert response.status_code == 200, response.json()
    assert sorted(v["title"] for v in response.json()["vacancies"]) == [
        "Apprentice engineer",
        "Dev",
        "Welder",
    ]
    assert "Dev" not in feed and "Welder" in feed and "Gone already" not in feed
    assert Vacancy.objects.get(pk=kept.pk).level == 4


def test_changing_vacancies_refuses_a_stranger_and_bad_input(world):
    fair_stand = Vacancy.objects.get(title="Software developer").application
    contact = member(Role.EMPLOYER_CONTACT, fair_stand.employer.organisation)
    url = f"/api/v1/employer-registrations/{fair_stand.pk}/vacancies/"
    before = sorted(Vacancy.objects.values_list("pk", "title", "filled"))

    stranger = client_for(member(Role.EMPLOYER_CONTACT)).put(url, [], format="json")
    past = client_for(contact).put(
        url, [{"title": "Late", "closing_date": "2020-01-01"}], format="json"
    )
    not_a_list = client_for(contact).put(url, {"title": "x"}, format="json")

    assert stranger.status_code == 404
    assert past.status_code == 400 and past.json()["code"] == "vacancy_closing_date_past"
    assert past.json()["field"] == "closing_date" and past.json()["index"] == 0
    assert not_a_list.status_code == 400 and not_a_list.json()["code"]
    assert sorted(Vacancy.objects.values_list("pk", "title", "filled")) == before
