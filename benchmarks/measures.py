"""County summary over 1,000,000 encounters on SQLite: each figure under 1 s.

Builds its own throwaway SQLite database under the temporary folder (never db.sqlite3, whatever
DATABASE_URL says): ~600 schools in 10 districts and 2 hubs, 1,500 employers, and 1,000,000
encounters over the academic year 2025-26, inserted with raw ``executemany``. The database is
kept between runs (rebuilt when the migrations or the size change) so ``make bench`` stays
quick; delete it to start again. Then times what a lead's county dashboard asks for:
``rollups.summary`` by district and by school, and ``benchmark5_coverage`` for every school.

Run: .venv/bin/python -m benchmarks.measures
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from benchmarks.report import Figure, report

ENCOUNTERS = 1_000_000
SCHOOLS = 600
EMPLOYERS = 1_500
DISTRICTS = 10
HUBS = 2
SECTORS = 15
BENCH_DB = Path(tempfile.gettempdir()) / "herts-fairs-bench-measures.sqlite3"
YEAR_START = date(2025, 9, 1)
REPEATS = 5
KINDS = [
    "employer_talk", "workplace_visit", "mock_interviews", "mentoring", "enterprise_competition",
    "careers_fair", "jobs_fair",
]  # fmt: skip


@contextmanager
def bench_database(path: Path = BENCH_DB) -> Iterator[None]:
    """Point the default connection at a SQLite file of its own for the duration."""
    from django.db import connections
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings_dict = connections.configure_settings(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
            }
        }
    )["default"]
    previous = connections["default"]
    connections["default"] = DatabaseWrapper(settings_dict, alias="default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = previous


def _signature() -> str:
    """What the database was built from: the migrations on disk and the size asked for."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves = sorted(f"{app}.{name}" for app, name in loader.graph.leaf_nodes())
    return json.dumps({"encounters": ENCOUNTERS, "schools": SCHOOLS, "migrations": leaves})


def build(*, force: bool = False) -> float:
    """Create (or reuse) the benchmark database. Returns the seconds spent building."""
    from django.core.management import call_command
    from django.db import connection

    marker = BENCH_DB.with_suffix(".json")
    if not force and BENCH_DB.exists() and marker.exists() and marker.read_text() == _signature():
        return 0.0
    started = time.perf_counter()
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{BENCH_DB}{suffix}").unlink(missing_ok=True)
    marker.unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    _insert_world()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    marker.write_text(_signature())
    return time.perf_counter() - started


def _insert_world() -> None:
    from django.db import connection, transaction

    rng = random.Random(2026)  # noqa: S311  (invented benchmark data)
    now = "2026-01-01 00:00:00"
    with connection.cursor() as cursor:
        # Loading a throwaway file: no fsync; indexes are built once at the end, not kept up
        # to date row by row (a dozen b-trees per insert would take minutes).
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'engagement_encounter' AND sql IS NOT NULL"
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO accounts_district (id, name, slug) VALUES (%s, %s, %s)",
            [(d, f"District {d}", f"district-{d}") for d in range(1, DISTRICTS + 1)],
        )
        groups = ["priority"] * 8 + ["recruitment_difficulty"] * 3 + ["other"] * 4
        cursor.executemany(
            'INSERT INTO accounts_sector (id, name, slug, "group") VALUES (%s, %s, %s, %s)',
            [(s, f"Sector {s}", f"sector-{s}", groups[s - 1]) for s in range(1, SECTORS + 1)],
        )
        # Organisations: hubs 1..2, schools 101.., employers 10001..
        organisations = [(h, f"Hub {h}", "hub") for h in range(1, HUBS + 1)]
        organisations += [(100 + s, f"School {s}", "school") for s in range(1, SCHOOLS + 1)]
        organisations += [
            (10_000 + e, f"Employer {e}", "employer") for e in range(1, EMPLOYERS + 1)
        ]
        cursor.executemany(
            "INSERT INTO accounts_organisation (id, name, kind, created_at) "
            "VALUES (%s, %s, %s, %s)",
            [(*row, now) for row in organisations],
        )
        cursor.executemany(
            "INSERT INTO schools_hub (id, organisation_id, name, area) VALUES (%s, %s, %s, '')",
            [(h, h, f"Hub {h}") for h in range(1, HUBS + 1)],
        )
        school_district = {s: 1 + (s - 1) % DISTRICTS for s in range(1, SCHOOLS + 1)}
        school_hub = {s: 1 if school_district[s] <= 5 else 2 for s in school_district}
        cursor.executemany(
            "INSERT INTO schools_school (id, organisation_id, urn, name, district_id, phase, "
            "postcode, hub_id, adviser_wishes, adviser_wish_tags) "
            "VALUES (%s, %s, %s, %s, %s, 'secondary', '', %s, '', '[]')",
            [
                (s, 100 + s, f"{200000 + s}", f"School {s}", school_district[s], school_hub[s])
                for s in school_district
            ],
        )
        cursor.executemany(
            "INSERT INTO schools_yeargrouproll (school_id, year_group, pupils) VALUES (%s, %s, %s)",
            [(s, y, rng.randint(120, 270)) for s in school_district for y in range(7, 14)],
        )
        bands = ["micro", "small", "medium", "large"]
        cursor.executemany(
            "INSERT INTO employers_employer (id, organisation_id, name, companies_house_number, "
            "size_band, district_id, postcode, is_cornerstone, disability_confident) "
            "VALUES (%s, %s, %s, '', %s, %s, '', 0, 'none')",
            [
                (e, 10_000 + e, f"Employer {e}", rng.choice(bands), 1 + e % DISTRICTS)
                for e in range(1, EMPLOYERS + 1)
            ],
        )
        cursor.executemany(
            "INSERT INTO employers_employer_sectors (employer_id, sector_id) VALUES (%s, %s)",
            [
                (e, sector)
                for e in range(1, EMPLOYERS + 1)
                for sector in rng.sample(range(1, SECTORS + 1), rng.randint(1, 2))
            ],
        )
        columns = (
            "kind, source, source_key, occurred_on, employer_id, provider_name, school_id, "
            "year_group, audience, people, pupil_refs, complex_barriers_people, purpose_shared, "
            "learning_outcomes, two_way, reflection, meaningful, district_id, hub_id, note, "
            "created_at"
        )
        placeholders = ", ".join(["%s"] * 19)
        # Fixed column names, no input: nothing to inject.
        sql = f"INSERT INTO engagement_encounter ({columns}) VALUES ({placeholders}, '', %s)"  # noqa: S608
        days = [YEAR_START + timedelta(days=d) for d in range(365)]
        batch = []
        for n in range(ENCOUNTERS):
            school = rng.randint(1, SCHOOLS)
            provider = rng.random() < 0.08
            refs = "[]"
            if rng.random() < 0.01:
                refs = json.dumps([f"P{school}-{rng.randint(1, 200)}" for _ in range(3)])
            facts = rng.random() < 0.8
            batch.append(
                (
                    "provider_encounter" if provider else rng.choice(KINDS),
                    "imported",
                    f"bench:{n}",
                    days[rng.randrange(365)].isoformat(),
                    None if provider else rng.randint(1, EMPLOYERS),
                    "Bench College" if provider else "",
                    school,
                    rng.randint(7, 13),
                    "pupils",
                    rng.randint(1, 60),
                    refs,
                    0,
                    True,
                    facts,
                    True,
                    facts,
                    facts,
                    school_district[school],
                    school_hub[school],
                    now,
                )
            )
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
    with connection.cursor() as cursor:
        for _name, index_sql in indexes:
            cursor.execute(index_sql)


def timed(function: Callable[[], object], repeats: int = REPEATS) -> tuple[float, object]:
    """Median seconds over ``repeats`` runs (after one warm-up), and the last result."""
    result = function()
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def main() -> bool:
    from core.periods import academic_year
    from engagement import tallies
    from engagement.coverage import benchmark5_coverage
    from engagement.models import Encounter, TallyMonth
    from engagement.rollups import summary

    year = academic_year(2025)
    with bench_database():
        built = build()
        rows = Encounter.objects.count()
        # The monthly tallies, built from scratch as after a bulk load straight into the table.
        TallyMonth.objects.all().delete()
        started = time.perf_counter()
        tallies.cells(tallies.months_in(year) or []).exists()
        tallies_built = time.perf_counter() - started
        by_district, district_rows = timed(lambda: summary(period=year, group_by="district"))
        by_school, school_rows = timed(lambda: summary(period=year, group_by="school"))
        coverage, cells = timed(lambda: benchmark5_coverage(period=year))

        def after_a_write() -> object:
            # A school records an encounter in January: that school's month is rebuilt on the
            # next read.
            tallies.slices_touch([(date(2026, 1, 15), 1)])
            return summary(period=year, group_by="district")

        after_write, _rows = timed(after_a_write)
    if not (isinstance(district_rows, list) and isinstance(school_rows, list)):
        raise TypeError("summary returns a list of rows")
    cells = cells if isinstance(cells, list) else []
    figures = [
        Figure("encounters in the database", rows, "", f"{ENCOUNTERS:,}", rows == ENCOUNTERS),
        Figure("database built this run (s)", built, "s", "(0 = reused)", None),
        Figure("monthly tallies built from scratch (s)", tallies_built, "s", "(once)", None),
        Figure("summary by district (10 rows)", by_district, "s", "< 1 s", by_district < 1),
        Figure(
            f"summary by school ({len(school_rows)} rows)", by_school, "s", "< 1 s", by_school < 1
        ),
        Figure(f"Benchmark 5 coverage ({len(cells)} cells)", coverage, "s", "< 1 s", coverage < 1),
        Figure(
            "summary by district right after a write", after_write, "s", "< 1 s", after_write < 1
        ),
    ]
    return report("measures", figures)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
