"""Pages: the busiest pages' median time and query count, through Django's test Client.

Builds its own throwaway SQLite database (``benchmarks.measures.bench_database`` on a file of
its own under the temporary folder, deleted afterwards): a county of 10 districts, 2 hubs, 120
schools, 150 employers and 20,000 encounters this academic year; 40 upcoming published events;
and a jobs fair with 2,000 people registered (one in seven asked for an adjustment). Then asks,
as the people who use them:

- the lead's county dashboard (``/dashboard/`` sends a lead to ``/dashboard/county/``);
- the public event list (``/events/``), anonymous;
- the organiser's attendee list for the 2,000-person fair (its first page of 200).

Then, on a second throwaway database loaded with the demo data (``seed_demo``), the lead's
county dashboard, the Jobcentre organiser's dashboard and the public event list against the
targets (dashboards < 100 ms and ≤ 15 queries, event list < 30 ms), each also as a multiple of
a query-free page (``/privacy/``) timed in the same run, the figure to compare on a shared
machine.

Each page is asked for once to warm up, then N times; the figure is the median. The query count
is the same page's, once more under ``CaptureQueriesContext``. The attendee list is also asked
for a 20-person fair: its query count must not grow with the number of people.

Run: .venv/bin/python -m benchmarks.pages   (BENCH_QUICK=1: tiny sizes)
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from benchmarks.checkin_load import door_build, quick
from benchmarks.databases import throwaway_sqlite
from benchmarks.measures import bench_database
from benchmarks.report import Figure, report


@dataclass(frozen=True)
class Sizes:
    schools: int
    employers: int
    encounters: int
    events: int
    fair: int
    requests: int


FULL = Sizes(schools=120, employers=150, encounters=20_000, events=40, fair=2_000, requests=20)
QUICK = Sizes(schools=6, employers=5, encounters=200, events=3, fair=40, requests=2)
SMALL_FAIR = 20


def county_build(sizes: Sizes) -> None:
    """Districts, hubs, schools and employers (factories), and encounters (bulk)."""
    from django.utils import timezone

    from accounts.models import District
    from engagement.models import Encounter
    from tests.factories import EmployerFactory, HubFactory, SchoolFactory

    rng = random.Random(7)  # noqa: S311 - invented benchmark data
    districts = District.objects.bulk_create(
        District(name=f"District {n}", slug=f"district-{n}") for n in range(1, 11)
    )
    hubs = [HubFactory(name=f"Careers Hub {n}") for n in (1, 2)]
    schools = [
        SchoolFactory(district=districts[n % 10], hub=hubs[n % 10 // 5])
        for n in range(sizes.schools)
    ]
    employers = [EmployerFactory(district=districts[n % 10]) for n in range(sizes.employers)]
    today = timezone.localdate()
    kinds = ["employer_talk", "workplace_visit", "mock_interviews", "mentoring", "careers_fair"]
    encounters = []
    for n in range(sizes.encounters):
        school = schools[rng.randrange(len(schools))]
        meaningful = rng.random() < 0.8
        encounters.append(
            Encounter(
                kind=rng.choice(kinds),
                source="imported",
                source_key=f"bench:{n}",
                occurred_on=today - timedelta(days=rng.randrange(0, 200)),
                employer=employers[rng.randrange(len(employers))],
                school=school,
                year_group=rng.randint(7, 13),
                audience="pupils",
                people=rng.randint(1, 60),
                purpose_shared=True,
                learning_outcomes=meaningful,
                two_way=True,
                reflection=meaningful,
                meaningful=meaningful,
                district_id=school.district_id,
                hub_id=school.hub_id,
            )
        )
    Encounter.objects.bulk_create(encounters, batch_size=2_000)


def fair_build(people: int) -> tuple[int, Any]:
    """A jobs fair with ``people`` registered and ticketed; returns its id and its organiser."""
    from accounts.models import Membership, Role
    from events.models import Event, Registration

    door = door_build(tickets=people, volunteers=0)
    ids = list(Registration.objects.filter(event_id=door.event_id).values_list("pk", flat=True))
    Registration.objects.filter(pk__in=ids[::7]).update(adjustments=["hearing_loop"])
    Registration.objects.filter(pk__in=ids[3::11]).update(adjustments=["step_free_access"])
    event = Event.objects.get(pk=door.event_id)
    organiser = (
        Membership.objects.filter(organisation=event.organiser, role=Role.JOBCENTRE_ORGANISER)
        .select_related("user")
        .first()
    )
    return event.pk, organiser.user  # type: ignore[union-attr]


def measured(client: Any, url: str, requests: int) -> tuple[float, int]:
    """Median seconds of ``requests`` GETs of ``url`` (after one), and one GET's query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")
    runs = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        runs.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(runs), len(queries)


# The targets with the demo data (``seed_demo``): median ms and queries per page.
DEMO_TARGETS = {
    "county dashboard (lead)": (100.0, 15),
    "Jobcentre dashboard (its organiser)": (100.0, 15),
    "public event list": (30.0, None),
}
# The reference: a page with the same middleware and base template and no query of its own, so
# that a ratio to it says how a page fares on a machine shared with other work.
REFERENCE_URL = "/privacy/"


def demo_figures(requests: int) -> list[Figure]:
    """The staff dashboards and the public event list on the demo data, against their targets,
    each also as a multiple of the reference page's median measured in the same run."""
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User

    figures = []
    with throwaway_sqlite("pages-demo") as path, bench_database(path):
        call_command("seed_demo", verbosity=0)
        as_lead, as_jobcentre, anonymous = Client(), Client(), Client()
        as_lead.force_login(User.objects.get(email="lead@example.org"))
        as_jobcentre.force_login(User.objects.get(email="jobcentre@example.org"))
        jobcentre_url = as_jobcentre.get("/dashboard/").headers["Location"]
        pages = [
            ("county dashboard (lead)", as_lead, "/dashboard/county/"),
            ("Jobcentre dashboard (its organiser)", as_jobcentre, jobcentre_url),
            ("public event list", anonymous, "/events/"),
        ]
        reference, _queries = measured(anonymous, REFERENCE_URL, requests)
        figures.append(Figure("demo: reference page: median", reference * 1000, "ms", "", None))
        for name, client, url in pages:
            median, queries = measured(client, url, requests)
            ceiling_ms, ceiling_queries = DEMO_TARGETS[name]
            figures += [
                Figure(
                    f"demo: {name}: median",
                    median * 1000,
                    "ms",
                    f"< {ceiling_ms:.0f} ms",
                    median * 1000 < ceiling_ms,
                ),
                Figure(f"demo: {name}: × reference", median / reference, "", "", None),
                Figure(
                    f"demo: {name}: queries",
                    queries,
                    "",
                    f"≤ {ceiling_queries}" if ceiling_queries else "",
                    queries <= ceiling_queries if ceiling_queries else None,
                ),
            ]
    return figures


def run(*, sizes: Sizes | None = None) -> tuple[bool, list[Figure]]:
    from django.test import Client

    from accounts.models import Role
    from tests.factories import EventFactory, member

    sizes = sizes or (QUICK if quick() else FULL)
    with throwaway_sqlite("pages") as path, bench_database(path):
        county_build(sizes)
        for _ in range(sizes.events):
            EventFactory()
        fair, organiser = fair_build(sizes.fair)
        small_fair, small_organiser = fair_build(SMALL_FAIR)
        lead = member(Role.LEAD)
        as_lead, anonymous, as_organiser = Client(), Client(), Client()
        as_lead.force_login(lead)
        as_organiser.force_login(organiser)
        as_small_organiser = Client()
        as_small_organiser.force_login(small_organiser)
        if as_lead.get("/dashboard/").headers.get("Location") != "/dashboard/county/":
            raise RuntimeError("/dashboard/ no longer sends a lead to /dashboard/county/")
        pages = [
            ("county dashboard (lead)", as_lead, "/dashboard/county/"),
            (f"event list ({sizes.events + 2} upcoming)", anonymous, "/events/"),
            (
                f"attendee list ({sizes.fair:,} people)",
                as_organiser,
                f"/events/manage/{fair}/registrations/",
            ),
        ]
        figures = []
        counts = {}
        for name, client, url in pages:
            median, queries = measured(client, url, sizes.requests)
            counts[url] = queries
            figures += [
                Figure(f"{name}: median", median * 1000, "ms", "", None),
                Figure(f"{name}: queries", queries, "", "", None),
            ]
        _, small_queries = measured(
            as_small_organiser, f"/events/manage/{small_fair}/registrations/", 1
        )
    big_queries = counts[f"/events/manage/{fair}/registrations/"]
    figures.append(
        Figure(
            f"attendee list queries, {SMALL_FAIR} people",
            small_queries,
            "",
            f"= {sizes.fair:,} people's",
            small_queries == big_queries,
        )
    )
    if not quick():
        figures += demo_figures(sizes.requests)
    return report("pages", figures), figures


def main() -> bool:
    return run()[0]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
