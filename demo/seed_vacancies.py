"""Typed vacancies for every approved stand in the demo: a mix of jobs, apprenticeships (with
their levels), traineeships, SBWA places, work experience and volunteering, some open to people
aged 50+, some from Disability Confident employers, so the fairs' pages and the opportunities
feed can be filtered. Invented, and safe to run twice: a stand that already has its demo
vacancies gets no more.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import District, Sector
from demo.loading import seeded_rng
from events.models import StandApplication, Vacancy, VacancyHours, VacancyType

# (title, type, apprenticeship level, hours, pay, sector slug or None)
_VACANCIES = [
    ("Warehouse operative", "job", None, "full_time", "£12.60 an hour", "high-end-logistics"),
    ("Care assistant", "job", None, "part_time", "£12.21 an hour", "health-social-care"),
    ("Customer service adviser", "job", None, "flexible", "£23,500 a year", "retail"),
    ("Apprentice engineer", "apprenticeship", 3, "full_time", "£15,000 a year", None),
    ("Laboratory technician apprentice", "apprenticeship", 4, "full_time", "", "life-sciences"),
    ("Software developer apprentice", "apprenticeship", 6, "full_time", "£21,000", "digital"),
    ("Business administration apprentice", "apprenticeship", 2, "full_time", "", None),
    ("Retail traineeship", "traineeship", None, "part_time", "", "retail"),
    ("Health and care academy", "sbwa", None, "full_time", "", "health-social-care"),
    ("Two weeks on a building site", "work_experience", None, "full_time", "", None),
    ("Community café volunteer", "volunteering", None, "flexible", "", None),
    ("Delivery driver", "job", None, "full_time", "£13 an hour", "high-end-logistics"),
]
PER_STAND = 3  # a stand with fewer vacancies than this gets its demo set


def seed_demo_vacancies() -> dict[str, int]:
    """Give every approved stand with fewer than ``PER_STAND`` vacancies three typed ones."""
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    districts = list(District.objects.order_by("slug"))
    created: list[Vacancy] = []
    stands = StandApplication.objects.filter(status=StandApplication.Status.APPROVED)
    for stand in stands.select_related("event", "employer").prefetch_related(
        "vacancies", "employer__sectors"
    ):
        if len(stand.vacancies.all()) >= PER_STAND:
            continue
        rng = seeded_rng("vacancies", stand.event_id, stand.employer.companies_house_number)
        fair_day = timezone.localdate(stand.event.starts_at)
        for title, kind, level, hours, pay, sector_slug in rng.sample(_VACANCIES, PER_STAND):
            closes = fair_day + timedelta(days=rng.choice((14, 28, 42)))
            created.append(
                Vacancy(
                    application=stand,
                    title=title,
                    type=VacancyType(kind),
                    level=level,
                    sector=sectors.get(sector_slug or "") or _first_sector(stand, sectors),
                    posts=rng.randint(1, 6),
                    hours=VacancyHours(hours),
                    pay=pay,
                    district=rng.choice(districts) if districts else None,
                    # An open-ended vacancy now and then; past fairs' closing dates have passed.
                    closing_date=None if rng.random() < 0.25 else closes,
                    link=f"https://example.com/jobs/{stand.employer.companies_house_number}",
                    fifty_plus_friendly=rng.random() < 0.5,
                    disability_confident=rng.random() < 0.4,
                    no_experience_needed=kind != "apprenticeship" and rng.random() < 0.5,
                )
            )
    Vacancy.objects.bulk_create(created)
    return {"vacancies": Vacancy.objects.count(), "created": len(created), "updated": 0}


def _first_sector(stand: StandApplication, sectors: dict[str, Sector]) -> Sector | None:
    return min(stand.employer.sectors.all(), key=lambda sector: sector.name, default=None)
