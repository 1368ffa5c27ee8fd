"""The door's offline ticket list: how many bytes a scanner phone fetches.

Builds its own throwaway SQLite database with a 10,000-ticket jobs fair (invented names, one in
seven with an adjustment, registered an hour ago), then, as a volunteer's phone:

- the first sync (``GET /api/v1/events/<id>/door/sync/``, gzip accepted): every ticket;
- ten changes (four admissions, two cancellations, two new registrations, one walk-in, one
  admission undone), then the sync from the first one's cursor: only those tickets;
- the same sync again with the ETag it got: 304, nothing sent;
- in Chromium with its CPU slowed down 4 times, the door page with the whole list on the phone,
  offline: nine codes handed over as the camera would (eight tickets, one forged), each timed by
  the page's own performance marks from the code read to the green or red screen.

Sizes are the bytes of the response body as sent (gzipped), headers aside.
Run: .venv/bin/python -m benchmarks.door_sync   (BENCH_QUICK=1: 500 tickets)
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
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


SCAN_TARGET_MS = 100
CPU_SLOWDOWN = 4  # Chromium's CPU throttling: a phone-class CPU on a laptop-class one
CHROMIUM = "/usr/bin/chromium"
HAND_OVER = (
    "([t]) => document.getElementById('door')"
    ".dispatchEvent(new CustomEvent('door:code', {detail: t}))"
)


def scan_timings(
    browser: Any, *, base_url: str, session_cookie: str, event_id: int, tokens: list[str]
) -> list[dict[str, Any]]:
    """Open the door page of ``event_id`` signed in with ``session_cookie``, let it sync its list,
    take the phone offline with its CPU slowed down ``CPU_SLOWDOWN`` times, and hand it each
    token as the camera would. For each scan: the page's own measure from the code read to the
    screen shown (``door-scan``, performance marks), the tickets it looked at, and the result."""
    from urllib.parse import urlsplit

    context = browser.new_context(locale="en-GB", viewport={"width": 412, "height": 915})
    context.set_default_timeout(120_000)
    host = urlsplit(base_url).hostname
    context.add_cookies(
        [{"name": "sessionid", "value": session_cookie, "domain": host, "path": "/"}]
    )
    try:
        page = context.new_page()
        page.goto(f"{base_url}/door/{event_id}/")
        page.locator("#door[data-ready=true]").wait_for(state="attached")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        context.set_offline(True)
        page.locator("#door-status[data-online=false]").wait_for(state="attached")
        scans = []
        for token in tokens:
            page.evaluate("() => { delete document.getElementById('door').dataset.scanMs; }")
            page.evaluate(HAND_OVER, [token])
            page.locator("#door[data-scan-ms]").wait_for(state="attached")
            scans.append(
                page.evaluate(
                    """() => ({
                        ms: Number(document.getElementById('door').dataset.scanMs),
                        examined: Number(document.getElementById('door').dataset.examined),
                        decided_by: document.getElementById('door').dataset.decidedBy,
                        result: document.getElementById('scan-result').dataset.result,
                        measures: performance.getEntriesByName('door-scan').length,
                        cached: document.getElementById('door-list').textContent,
                    })"""
                )
            )
            page.keyboard.press("Escape")
        return scans
    finally:
        context.close()


def browser_wanted() -> bool:
    return Path(CHROMIUM).exists() and os.environ.get("BENCH_NO_BROWSER", "") in {"", "0"}


def scan_tokens(event: Any) -> list[str]:
    """Eight tickets spread through the list, then a forged code: green eight times, red once."""
    from events.models import Ticket

    tokens = list(Ticket.objects.filter(event=event).values_list("token", flat=True))
    step = max(1, len(tokens) // 8)
    return [*tokens[step // 2 :: step][:8], "forged-code-0000"]


def scans_in_chromium(event: Any, organiser: Any, tokens: list[str]) -> list[dict[str, Any]]:
    """``scan_timings`` against a live server of this database, in a Chromium of its own."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test import Client
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    signed_in = Client()
    signed_in.force_login(organiser)
    # The server's thread uses this thread's connection: the throwaway database, not settings'.
    shared = connections["default"]
    shared.inc_thread_sharing()
    server = LiveServerThread(
        "localhost", StaticFilesHandler, connections_override={"default": shared}
    )
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                return scan_timings(
                    browser,
                    base_url=f"http://localhost:{server.port}",
                    session_cookie=signed_in.cookies["sessionid"].value,
                    event_id=event.pk,
                    tokens=tokens,
                )
            finally:
                browser.close()
    finally:
        server.terminate()
        shared.dec_thread_sharing()


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
        started = time.perf_counter()
        delta = phone.get(url, {"since": cursor})
        delta_seconds = time.perf_counter() - started
        delta_body = first_json(delta)
        again = phone.get(url, {"since": cursor}, HTTP_IF_NONE_MATCH=delta["ETag"])
        scans = scans_in_chromium(event, organiser, scan_tokens(event)) if browser_wanted() else []
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
        ),
        Figure(
            f"first sync, {tickets:,} tickets: server time", first_seconds * 1000, "ms", "", None
        ),
        Figure(
            f"sync after {changes} changes: tickets sent",
            len(delta_body["tickets"]),
            "",
            f"= {changes}",
            len(delta_body["tickets"]) == changes,
        ),
        Figure(f"sync after {changes} changes: server time", delta_seconds * 1000, "ms", "", None),
        Figure(
            f"sync after {changes} changes: gzipped",
            delta_kb,
            "KB",
            f"<= {DELTA_TARGET_KB} KB",
            delta_kb <= DELTA_TARGET_KB,
        ),
        Figure(
            "sync with nothing new: status",
            again.status_code,
            "",
            "= 304",
            again.status_code == 304,
        ),
    ]
    if scans:
        slowest = max(scan["ms"] for scan in scans)
        figures += [
            Figure(
                f"scan, code read to screen, CPU ÷{CPU_SLOWDOWN}: median",
                sorted(scan["ms"] for scan in scans)[len(scans) // 2],
                "ms",
                f"<= {SCAN_TARGET_MS} ms",
                None,
            ),
            Figure(
                f"scan, code read to screen, CPU ÷{CPU_SLOWDOWN}: slowest",
                slowest,
                "ms",
                f"<= {SCAN_TARGET_MS} ms",
                slowest <= SCAN_TARGET_MS,
            ),
            Figure(
                "scan decided on the phone: tickets looked at",
                max(scan["examined"] for scan in scans),
                "",
                "= 1",
                all(scan["examined"] == 1 and scan["decided_by"] == "phone" for scan in scans),
            ),
        ]
    else:
        print("door_sync: scan timing skipped (BENCH_NO_BROWSER, or no Chromium)")
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
