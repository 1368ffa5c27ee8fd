"""The README's screenshots: seeds the demo into a throwaway database, serves it, and saves
PNGs of three pages at 1280 px wide in this folder:

- home.png — the public home page;
- event.png — a public event page (the first upcoming fair on the public list);
- organiser-event.png — a Jobcentre organiser's page for the demo fair with most registrations.

Run from the repository: .venv/bin/python docs/screenshots/take.py   (needs Chromium and the
built static files, as `make run` leaves them)
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
WIDTH = 1280
ORGANISER, PASSWORD = "jobcentre@example.org", "demo-password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, text=True,
        capture_output=True,
    )  # fmt: skip


def busiest_event(env: dict[str, str]) -> int:
    """The demo event the organiser runs with the most registrations."""
    code = (
        "from django.db.models import Count; from accounts.models import User;"
        "from events.models import Event; from events.permissions import may_organise_for;"
        f"u = User.objects.get(email={ORGANISER!r});"
        "events = Event.objects.annotate(n=Count('registrations')).order_by('-n', 'pk');"
        "print(next(e.pk for e in events if may_organise_for(u, e.organiser_id)))"
    )
    return int(manage(env, "shell", "-c", code).stdout.split()[-1])


def shoot(page: Page, name: str, height: int) -> None:
    page.screenshot(path=str(OUT / name), clip={"x": 0, "y": 0, "width": WIDTH, "height": height})
    print(f"{name}: {(OUT / name).stat().st_size // 1024} KB")


def main() -> int:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
        }
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        event_id = busiest_event(env)
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 - local
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox"]
                )
                page = browser.new_page(viewport={"width": WIDTH, "height": 900}, locale="en-GB")
                page.goto(base + "/")
                shoot(page, "home.png", 900)
                page.goto(base + "/events/")
                page.locator("main a[href^='/events/']").filter(
                    has_text=re.compile(r"fair", re.I)
                ).first.click()
                page.wait_for_load_state("load")
                shoot(page, "event.png", 900)
                page.goto(base + "/accounts/login/")
                page.get_by_label(re.compile(r"e-?mail", re.I)).fill(ORGANISER)
                page.get_by_label(re.compile(r"^password", re.I)).fill(PASSWORD)
                page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)).click()
                page.wait_for_load_state("load")
                page.goto(f"{base}/events/manage/{event_id}/")
                # Down to the end of the registrations chart, below the headline figures.
                page.set_viewport_size({"width": WIDTH, "height": 2400})
                chart = page.locator("#chart-registrations-over-time-title").locator("xpath=..")
                box = chart.bounding_box()
                shoot(
                    page, "organiser-event.png", int(box["y"] + box["height"] + 24) if box else 1600
                )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
