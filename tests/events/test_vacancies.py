"""Typed vacancies: the rules every way in shares (``vacancy_clean``), changing them while the
application is live, and the vacancies once kept as JSON turned into rows."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as current_apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role
from events.exceptions import Conflict, NotAllowed, StandError
from events.models import MAX_VACANCIES, Event, StandApplication, Vacancy
from events.models.vacancies import vacancies_from_legacy
from events.services import stand_apply, stand_approve
from events.services.vacancies import VacancyError, stand_vacancies_update, vacancy_clean
from tests.factories import DistrictFactory, EmployerFactory, SectorFactory, member

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timedelta(days=1)
YESTERDAY = timezone.localdate() - timedelta(days=1)


def _apply(event, employer=None, vacancies=()):
    employer = employer or EmployerFactory()
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    application = stand_apply(
        event=event, employer=employer, by=contact, representatives=1, vacancies=list(vacancies)
    )
    return application, contact


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"title": ""}, "invalid_vacancy", "title"),
        ({"title": "   \x00  "}, "invalid_vacancy", "title"),
        ({"closing_date": YESTERDAY}, "vacancy_closing_date_past", "closing_date"),
        ({"closing_date": "2020-01-01"}, "vacancy_closing_date_past", "closing_date"),
        ({"closing_date": "31/02/2027"}, "vacancy_closing_date_invalid", "closing_date"),
        ({"type": "apprenticeship"}, "vacancy_level_required", "level"),
        ({"type": "apprenticeship", "level": 8}, "vacancy_level_invalid", "level"),
        ({"type": "apprenticeship", "level": 1}, "vacancy_level_invalid", "level"),
        ({"type": "job", "level": 3}, "vacancy_level_not_allowed", "level"),
        ({"type": "traineeship", "level": "2"}, "vacancy_level_not_allowed", "level"),
        ({"posts": 0}, "vacancy_posts_invalid", "posts"),
        ({"posts": -3}, "vacancy_posts_invalid", "posts"),
        ({"posts": 10**30}, "vacancy_posts_invalid", "posts"),
        ({"posts": "lots"}, "vacancy_posts_invalid", "posts"),
        ({"posts": True}, "vacancy_posts_invalid", "posts"),
        ({"type": "internship"}, "vacancy_unknown_type", "type"),
        ({"hours": "weekends"}, "vacancy_unknown_hours", "hours"),
        ({"sector": "Basket weaving"}, "vacancy_unknown_sector", "sector"),
        ({"sector": 10**25}, "vacancy_unknown_sector", "sector"),
        ({"district": "Luton"}, "vacancy_unknown_district", "district"),
        ({"link": "javascript:alert(1)"}, "invalid_vacancy", "link"),
        ({"link": "ftp://example.com/job"}, "invalid_vacancy", "link"),
        ({"pay": "£" * 101}, "vacancy_text_too_long", "pay"),
    ],
)
def test_a_bad_vacancy_is_refused_on_its_field(given, code, field):
    with pytest.raises(VacancyError) as refused:
        vacancy_clean(data={"title": "Chef", **given}, index=2)

    assert (refused.value.code, refused.value.field, refused.value.index) == (code, field, 2)
    assert refused.value.detail


def test_a_good_vacancy_names_its_sector_and_district_by_name_slug_or_id():
    sector = SectorFactory(name="Digital", slug="digital")
    district = DistrictFactory(name="Welwyn Hatfield", slug="welwyn-hatfield")

    by_name = vacancy_clean(
        data={
            "title": "  Software   apprentice ",
            "type": "apprenticeship",
            "level": "6",
            "sector": "DIGITAL",
            "district": "welwyn hatfield",
            "closing_date": TOMORROW.isoformat(),
            "link": "https://example.com/jobs/1",
            "fifty_plus_friendly": True,
        }
    )
    by_id = vacancy_clean(data={"title": "Tester", "sector": sector.pk, "district": district.pk})

    assert by_name["title"] == "Software apprentice"
    assert (by_name["type"], by_name["level"], by_name["posts"]) == ("apprenticeship", 6, 1)
    assert by_name["sector"] == sector and by_name["district"] == district
    assert by_name["closing_date"] == TOMORROW and by_name["fifty_plus_friendly"] is True
    assert by_name["hours"] == "full_time" and by_name["disability_confident"] is False
    assert by_id["sector"] == sector and by_id["district"] == district


def test_a_stand_application_with_one_bad_vacancy_saves_nothing(event):
    good = {"title": "Chef", "posts": 2}
    bad = {"title": "Apprentice chef", "type": "apprenticeship"}

    with pytest.raises(VacancyError) as refused:
        _apply(event, vacancies=[good, bad])

    assert refused.value.code == "vacancy_level_required" and refused.value.index == 1
    assert not StandApplication.objects.exists() and not Vacancy.objects.exists()


def test_too_many_vacancies_are_refused(event):
    with pytest.raises(StandError) as refused:
        _apply(event, vacancies=[{"title": f"Job {n}"} for n in range(MAX_VACANCIES + 1)])

    assert refused.value.code == "too_many_vacancies"
    assert not StandApplication.objects.exists()


def test_an_application_keeps_its_typed_vacancies_and_counts_their_posts(event):
    sector = SectorFactory(name="Engineering")
    application, _contact = _apply(
        event,
        vacancies=[
            {"title": "Fitter", "posts": 3, "sector": sector.pk, "disability_confident": True},
            {"title": "Apprentice fitter", "type": "apprenticeship", "level": 3, "posts": 2},
        ],
    )

    rows = list(application.vacancies.order_by("pk"))
    assert [(v.title, v.type, v.level, v.posts) for v in rows] == [
        ("Fitter", "job", None, 3),
        ("Apprentice fitter", "apprenticeship", 3, 2),
    ]
    assert rows[0].sector == sector and rows[0].disability_confident
    assert application.vacancies_count == 5


def test_the_database_refuses_a_level_on_a_job_and_no_posts(event):
    application, _contact = _apply(event)

    for fields in ({"type": "job", "level": 3}, {"type": "apprenticeship"}, {"posts": 0}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Vacancy.objects.create(application=application, title="X", **fields)


# --- Changing them while the application is live --------------------------------------------------


def test_the_employer_changes_adds_removes_and_marks_vacancies_filled(event):
    application, contact = _apply(
        event, vacancies=[{"title": "Chef"}, {"title": "Porter"}, {"title": "Waiter"}]
    )
    chef, porter, _waiter = application.vacancies.order_by("pk")

    stand_vacancies_update(
        application=application,
        by=contact,
        vacancies=[
            {"id": chef.pk, "title": "Head chef", "posts": 2},
            {"id": porter.pk, "title": "Porter", "filled": True},
            {"title": "Apprentice chef", "type": "apprenticeship", "level": 2},
        ],
    )

    rows = {v.title: v for v in application.vacancies.all()}
    assert set(rows) == {"Head chef", "Porter", "Apprentice chef"}
    assert rows["Head chef"].pk == chef.pk and rows["Head chef"].posts == 2
    assert rows["Porter"].filled and rows["Porter"].pk == porter.pk
    assert rows["Apprentice chef"].level == 2


def test_a_refused_change_changes_nothing(event):
    application, contact = _apply(event, vacancies=[{"title": "Chef"}])
    chef = application.vacancies.get()

    with pytest.raises(VacancyError) as refused:
        stand_vacancies_update(
            application=application,
            by=contact,
            vacancies=[
                {"id": chef.pk, "title": "Cook"},
                {"title": "Late", "closing_date": YESTERDAY},
            ],
        )

    assert refused.value.code == "vacancy_closing_date_past" and refused.value.index == 1
    assert list(application.vacancies.values_list("title", flat=True)) == ["Chef"]


def test_a_closing_date_already_passed_may_stay_while_the_rest_changes(event):
    application, contact = _apply(event, vacancies=[{"title": "Chef"}])
    chef = application.vacancies.get()
    Vacancy.objects.filter(pk=chef.pk).update(closing_date=YESTERDAY)

    stand_vacancies_update(
        application=application,
        by=contact,
        vacancies=[{"id": chef.pk, "title": "Chef", "closing_date": YESTERDAY, "filled": True}],
    )

    chef.refresh_from_db()
    assert chef.filled and chef.closing_date == YESTERDAY


def test_only_the_employers_contacts_change_its_vacancies_and_only_their_own(event):
    application, _contact = _apply(event, vacancies=[{"title": "Chef"}])
    other, other_contact = _apply(event, vacancies=[{"title": "Driver"}])
    drivers = other.vacancies.get()

    with pytest.raises(NotAllowed):
        stand_vacancies_update(application=application, by=other_contact, vacancies=[])
    with pytest.raises(VacancyError) as refused:
        stand_vacancies_update(
            application=other,
            by=other_contact,
            vacancies=[{"id": application.vacancies.get().pk, "title": "Stolen"}],
        )

    assert refused.value.code == "vacancy_not_found"
    assert application.vacancies.get().title == "Chef" and other.vacancies.get() == drivers


def test_vacancies_of_a_cancelled_event_no_longer_change(event):
    application, contact = _apply(event, vacancies=[{"title": "Chef"}])
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    application.refresh_from_db()

    with pytest.raises(Conflict) as refused:
        stand_vacancies_update(application=application, by=contact, vacancies=[])

    assert refused.value.code == "vacancies_closed"
    assert application.vacancies.count() == 1


# --- The vacancies once kept as JSON -------------------------------------------------------------


def test_json_vacancies_become_jobs_with_their_posts_and_safe_links():
    rows = vacancies_from_legacy(
        [
            {"title": " Warehouse  operative ", "count": 4, "link": "https://example.com/1"},
            {"title": "Driver"},
            {"title": "Odd", "count": "7", "link": "javascript:alert(1)"},
            {"title": "", "count": 2},
            "not an object",
            {"title": "Too many", "count": 10**9},
        ]
    )

    assert rows == [
        {
            "title": "Warehouse operative",
            "type": "job",
            "posts": 4,
            "link": "https://example.com/1",
        },
        {"title": "Driver", "type": "job", "posts": 1, "link": ""},
        {"title": "Odd", "type": "job", "posts": 1, "link": ""},
        {"title": "Too many", "type": "job", "posts": 1000, "link": ""},
    ]
    assert vacancies_from_legacy(None) == []  # type: ignore[arg-type]


def test_the_migration_turns_each_applications_json_into_rows_with_its_one_sector(event):
    """The migration's own step, run against a stand-in for the old model's rows."""
    migration = import_module("events.migrations.0011_typed_vacancies")
    sector = SectorFactory()
    one_sector, _contact = _apply(event)
    one_sector.sectors.set([sector])
    two_sectors, _contact = _apply(event)
    two_sectors.sectors.set([sector, SectorFactory()])
    legacy = {
        one_sector.pk: [{"title": "Chef", "count": 2, "link": ""}],
        two_sectors.pk: [{"title": "Porter"}, {"title": "Waiter", "count": 3}],
    }

    class OldRows:
        """The historical model's rows: ``values_list("pk", "vacancies")``."""

        def __init__(self, model):
            self.model = model

        def values_list(self, *fields):
            return self

        def iterator(self):
            return iter(legacy.items())

    class OldApps:
        def get_model(self, app, name):
            model = current_apps.get_model(app, name)
            if name == "StandApplication":
                model = type("Old", (), {"objects": OldRows(model), "sectors": model.sectors})
            return model

    migration.vacancies_to_rows(OldApps(), None)

    rows = sorted(Vacancy.objects.values_list("application_id", "title", "posts", "sector_id"))
    assert rows == sorted(
        [
            (one_sector.pk, "Chef", 2, sector.pk),
            (two_sectors.pk, "Porter", 1, None),
            (two_sectors.pk, "Waiter", 3, None),
        ]
    )


def test_approving_keeps_the_vacancies(event, organiser):
    application, _contact = _apply(event, vacancies=[{"title": "Chef", "posts": 2}])

    stand_approve(application=application, by=organiser)

    assert StandApplication.objects.get(pk=application.pk).vacancies_count == 2


def test_a_change_of_vacancies_is_audited_with_what_changed_and_nothing_else_is(event):
    from accounts.models import AuditAction, AuditEntry

    application, contact = _apply(event, vacancies=[{"title": "Chef"}, {"title": "Porter"}])
    chef, porter = application.vacancies.order_by("pk")
    same = [{"id": chef.pk, "title": "Chef"}, {"id": porter.pk, "title": "Porter"}]
    stand_vacancies_update(application=application, by=contact, vacancies=same)
    assert not AuditEntry.objects.filter(action=AuditAction.STAND_VACANCIES).exists()

    stand_vacancies_update(
        application=application,
        by=contact,
        vacancies=[{"id": chef.pk, "title": "Head chef", "posts": 2}, {"title": "Waiter"}],
    )

    entry = AuditEntry.objects.get(action=AuditAction.STAND_VACANCIES)
    assert entry.actor == contact and entry.target_id == str(application.pk)
    assert entry.details["added"] == ["Waiter"]
    assert entry.details["removed"] == ["Porter"]
    assert entry.details["changed"] == {
        str(chef.pk): {"title": ["Chef", "Head chef"], "posts": [1, 2]}
    }
