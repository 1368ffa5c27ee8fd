"""Scanning stays one lookup with 10,000 tickets on the phone, on a phone-class CPU.

A 10,000-ticket fair's door page in Chromium with its CPU slowed down 4 times (CDP
Emulation.setCPUThrottlingRate), offline, nine codes handed over as the camera would. The page
times each scan itself (performance marks from the code read to the screen shown) and says how
many tickets it looked at: one, a Map lookup, whatever the size of the list. The time is printed,
never asserted (it depends on the machine): `make bench` (benchmarks/door_sync.py) holds it
against the 100 ms target.
"""

from __future__ import annotations

import pytest
from django.test import Client

from benchmarks.door_sync import fair_build, scan_timings, scan_tokens

pytestmark = pytest.mark.browser

TICKETS = 10_000


def test_a_scan_is_one_lookup_among_10000_tickets_on_a_slow_cpu(browser, live_server):
    event, organiser = fair_build(TICKETS)
    signed_in = Client()
    signed_in.force_login(organiser)

    scans = scan_timings(
        browser,
        base_url=live_server.url,
        session_cookie=signed_in.cookies["sessionid"].value,
        event_id=event.pk,
        tokens=scan_tokens(event),
    )

    print("door scan, code read to screen, CPU ÷4 (ms):", [scan["ms"] for scan in scans])
    assert [scan["result"] for scan in scans] == ["ok"] * 8 + ["invalid"]
    assert all(scan["decided_by"] == "phone" and scan["examined"] == 1 for scan in scans)
    # Each scan left its own measure: the marks are there for every one.
    assert [scan["measures"] for scan in scans] == list(range(1, len(scans) + 1))
    assert f"({TICKETS} tickets)" in scans[-1]["cached"]
