"""The door's offline ticket list: how many bytes a scanner phone fetches.

Builds its own throwaway SQLite database with a 10,000-ticket jobs fair (invented names, one in
seven with an adjustment, registered an hour ago), then, as a volunteer's phone:

- the first sync (``GET /api/v1/events/<id>/door/sync/``, gzip accepted): every ticket;
- ten changes (four admissions, two cancellations, two new registrations, one walk-in, one
  admission undone), then the sync from the first one's cursor: only those tickets;
- the same sync again with the ETag it got: 304, nothing sent.

Sizes are the bytes of the response body as sent (gzipped), headers aside.
Run: .venv/bin/python -m benchmarks.door_sync   (BENCH_QUICK=1: 500 tickets)
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta
from typing import Any

from benchmarks.checkin_load import quick
from benchmarks.databases import throwaway_sqlite
from benchmarks.measures import bench_database
from benchmarks.report import Figure, report

FULL_TICKETS = 10_000
QUICK_TICKETS = 500
FIRST_SYNC_TARGET_KB = 400
DELTA_TARGET_KB = 2
FIRST_NAMES = (
    "Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Florence Emily "
    "Ella Poppy Evie Elsie Charlotte Noah Oliver George Arthur Muhammad Leo Harry Oscar Archie "
    "Henry Theodore Freddie Jack Charlie Theo Alfie Jacob Thomas Finley Arlo Priya Aisha Fatima "
    "Zainab Kwame Tomasz Agnieszka Piotr Anna Chen Wei Siobhan Declan Rhys Carys Dylan Nia"
).split()
LAST_NAMES = (
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson "
    "Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen "
    "James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook "
    "Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson "
    "Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali "
    "Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell "
    "Nowak Kowalski Wisniewska Okafor Mensah Obi Nguyen Chowdhury Rahman Ahmed Kaur Gill"
).split()
CATEGORIES = ("jobseeker",) * 6 + ("fifty_plus",) * 3 + ("parent_carer", "provider", "other")
ADJUSTMENTS = ("hearing_loop", "step_free_access", "bsl_interpreter", "large_print", "quiet_room")


def fair_build(tickets: int) -> tuple[Any, Any]:
    """A jobs fair with ``tickets`` people registered an hour ago; returns it and an organiser."""
    from django.utils import timezone

    from accounts.models import Role
    from events.models import Registration, Ticket
    from tests.factories import EventFactory, member

    rng = random.Random(18)  # noqa: S311 - invented benchmark data
    event = EventFactory(title="Benchmark jobs fair", capacity=tickets + 100)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    earlier = timezone.now() - timedelta(hours=1)
    registrations = Registration.objects.bulk_create(
        (
            Registration(
                event=event,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                email=f"visitor{n}@example.net",
                category=rng.choice(CATEGORIES),
                adjustments=[rng.choice(ADJUSTMENTS)] if rng.random() < 1 / 7 else [],
                privacy_consent_at=earlier,
                status=Registration.Status.CONFIRMED,
            )
            for n in range(tickets)
        ),
        batch_size=2_000,
    )
    Ticket.objects.bulk_create(
        (
            Ticket(
                registration=registration,
                event=event,
                number=f"{event.ticket_prefix}-{n + 1:05d}",
                holder_label=registration.name,
            )
            for n, registration in enumerate(registrations)
        ),
        batch_size=2_000,
    )
    event.tickets_issued = tickets
    event.save(update_fields=["tickets_issued"])
    # Registered before the door opened: their stamps are an hour old, as on the day.
    admitted_early = Ticket.objects.filter(event=event).order_by("number")[6]
    Ticket.objects.filter(pk=admitted_early.pk).update(checked_in_at=earlier)
    Registration.objects.filter(event=event).update(updated_at=earlier)
    Ticket.objects.filter(event=event).update(changed_at=earlier)
    return event, organiser


def ten_changes(event: Any, organiser: Any) -> int:
    """Four admissions, two cancellations, two registrations, a walk-in, and the admission of
    a ticket admitted before the first sync undone: ten tickets changed."""
    from events.checkin import ticket_check_in, walk_in_check_in
    from events.corrections import admission_undo
    from events.models import Ticket
    from events.services import registration_cancel, registration_create

    tickets = list(Ticket.objects.filter(event=event).select_related("registration")[:7])
    for ticket in tickets[:4]:
        ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    for ticket in tickets[4:6]:
        registration_cancel(registration=ticket.registration, by=organiser)
    for n in range(2):
        registration_create(
            event=event,
            name=f"Late Registrant {n}",
            email=f"late{n}@example.net",
            category="jobseeker",
            privacy_consent=True,
        )
    walk_in_check_in(
        event=event, name="Derek Lowe", category="fifty_plus", by=organiser, privacy_told=True
    )
    admission_undo(
        ticket=Ticket.objects.get(pk=tickets[6].pk), reason="Wrong ticket scanned", by=organiser
    )
    return 10


def run(*, tickets: int | None = None) -> tuple[bool, list[Figure]]:
    from django.test import Client

    tickets = tickets or (QUICK_TICKETS if quick() else FULL_TICKETS)
    with throwaway_sqlite("door_sync") as path, bench_database(path):
        event, organiser = fair_build(tickets)
        phone = Client(HTTP_ACCEPT_ENCODING="gzip")
        phone.force_login(organiser)
        url = f"/api/v1/events/{event.pk}/door/sync/"
        phone.get(url)  # warm-up: the first request of a process pays for its imports
        started = time.perf_counter()
        first = phone.get(url)
        first_seconds = time.perf_counter() - started
        if first.status_code != 200 or first.get("Content-Encoding") != "gzip":
            raise RuntimeError(f"GET {url}: {first.status_code}, not a gzipped 200")
        cursor = first_json(first)["cursor"]
        changes = ten_changes(event, organiser)
        delta = phone.get(url, {"since": cursor})
        delta_body = first_json(delta)
        again = phone.get(url, {"since": cursor}, HTTP_IF_NONE_MATCH=delta["ETag"])
    first_kb = len(first.content) / 1024
    delta_kb = len(delta.content) / 1024
    figures = [
        Figure(f"first sync, {tickets:,} tickets: gzipped", first_kb, "KB", "", None),
        Figure(
            f"first sync, {tickets:,} tickets: per ticket",
            len(first.content) / tickets,
            "B",
            "",
            None,
        ),  # fmt: skip
        Figure(
            f"first sync, {tickets:,} tickets: server time", first_seconds * 1000, "ms", "", None
        ),  # fmt: skip
        Figure(
            f"sync after {changes} changes: tickets sent",
            len(delta_body["tickets"]),
            "",
            f"= {changes}",
            len(delta_body["tickets"]) == changes,
        ),  # fmt: skip
        Figure(
            f"sync after {changes} changes: gzipped",
            delta_kb,
            "KB",
            f"<= {DELTA_TARGET_KB} KB",
            delta_kb <= DELTA_TARGET_KB,
        ),  # fmt: skip
        Figure(
            "sync with nothing new: status",
            again.status_code,
            "",
            "= 304",
            again.status_code == 304,
        ),  # fmt: skip
    ]
    if tickets == FULL_TICKETS:
        figures[0] = Figure(
            figures[0].name, first_kb, "KB", f"<= {FIRST_SYNC_TARGET_KB} KB",
            first_kb <= FIRST_SYNC_TARGET_KB,
        )  # fmt: skip
    return report("door_sync", figures), figures


def first_json(response: Any) -> dict[str, Any]:
    import gzip
    import json

    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return json.loads(content)


def main() -> bool:
    return run()[0]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
