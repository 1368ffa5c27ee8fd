"""Barrier themes across forums and years, and overdue actions, on the lead's dashboard and in
its downloads: each recounted from the raw rows by the written definition."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from engagement.forums import DEFINITIONS, forum_figures
from events.models import Event, EventKind, ForumAction, ForumBarrier, ForumRecord
from tests.factories import EventFactory, JobcentreVenueFactory, member

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def forum(venue, day: date, status=Event.Status.COMPLETED) -> ForumRecord:
    starts = datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)
    event = EventFactory(
        kind=EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
        venue=venue,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=status,
    )
    return ForumRecord.objects.create(event=event, participants=10)


def barriers(record: ForumRecord, *themes: str) -> None:
    for theme in themes:
        ForumBarrier.objects.create(record=record, theme=theme, description=f"About {theme}")


def action(record: ForumRecord, due: date, status: str, text: str) -> ForumAction:
    return ForumAction.objects.create(
        record=record,
        description=text,
        owner_name='=HYPERLINK("http://x")' if status == "open" else "Bus partnership",
        due_on=due,
        status=status,
        status_reason="No budget" if status == "not_possible" else "",
    )


@pytest.fixture
def forums():
    first, second = JobcentreVenueFactory(), JobcentreVenueFactory()
    today = timezone.localdate()
    old = forum(first, date(2025, 10, 8))  # financial year 2025-26
    barriers(old, "transport", "transport", "confidence")
    new = forum(first, date(2026, 4, 15))  # financial year 2026-27
    barriers(new, "transport", "digital_access")
    other = forum(second, date(2026, 1, 14))  # 2025-26
    barriers(other, "benefits_and_work")
    cancelled = forum(second, date(2026, 5, 13), status=Event.Status.CANCELLED)
    barriers(cancelled, "transport", "other")
    action(old, today - timedelta(days=30), "open", "Overdue open")
    action(old, today - timedelta(days=3), "in_progress", "Overdue in progress")
    action(new, today - timedelta(days=30), "done", "Done late")
    action(new, today - timedelta(days=30), "not_possible", "Not possible")
    action(other, today + timedelta(days=30), "open", "Not due yet")
    action(cancelled, today - timedelta(days=30), "open", "At a cancelled forum")
    return first, second


def recount() -> tuple[Counter, Counter, set[str]]:
    """From the raw rows, by the definitions: forums over and not cancelled; the financial year
    of the forum's date; overdue = due before today, not done or not possible."""
    now = timezone.now()
    by_theme_year: Counter = Counter()
    by_jobcentre: Counter = Counter()
    for barrier in ForumBarrier.objects.select_related("record__event__organiser"):
        event = barrier.record.event
        took_place = event.status == "completed" or (
            event.status == "published" and event.ends_at <= now
        )
        if not took_place:
            continue
        day = timezone.localtime(event.starts_at).date()
        year = day.year if day.month >= 4 else day.year - 1
        by_theme_year[(barrier.theme, f"{year}-{(year + 1) % 100:02d}")] += 1
        by_jobcentre[event.organiser.name] += 1
    today = timezone.localdate()
    overdue = {
        a.description
        for a in ForumAction.objects.select_related("record__event")
        if a.due_on < today
        and a.status not in ("done", "not_possible")
        and a.record.event.status != "cancelled"
    }
    return by_theme_year, by_jobcentre, overdue


def test_themes_per_theme_year_and_jobcentre_and_overdue_actions_match_a_recount(forums):
    figures = forum_figures()
    by_theme_year, by_jobcentre, overdue = recount()

    assert figures.years == ["2025-26", "2026-27"]
    shown = {
        (row.theme, year): count
        for row in figures.by_theme
        for year, count in zip(figures.years, row.counts, strict=True)
        if count
    }
    assert shown == dict(by_theme_year)
    assert figures.total == sum(by_theme_year.values()) == 6
    assert {row.name: row.total for row in figures.by_jobcentre if row.total} == dict(by_jobcentre)
    assert (
        {item.description for item in figures.overdue}
        == overdue
        == {
            "Overdue open",
            "Overdue in progress",
        }
    )


def test_the_lead_sees_the_figures_with_their_definitions_and_downloads_them(client, forums):
    client.force_login(member(Role.LEAD))
    page = client.get("/dashboard/county/").content.decode()
    assert str(DEFINITIONS["themes"]) in page and str(DEFINITIONS["overdue"]) in page
    assert "2 overdue actions" in page and "Overdue in progress" in page

    themes = client.get("/dashboard/forums/themes/?format=csv")
    rows = list(csv.reader(io.StringIO(themes.content.decode("utf-8-sig"))))
    assert rows[0] == ["Jobcentre", "Financial year", "Theme", "Source", "Times raised"]
    assert sum(int(row[4]) for row in rows[1:]) == sum(recount()[0].values())

    actions = client.get("/dashboard/forums/actions/?format=csv")
    text = actions.content.decode("utf-8-sig")
    assert "At a cancelled forum" not in text
    assert "'=HYPERLINK" in text  # a formula typed as an owner is written as text
    overdue_rows = [r for r in csv.reader(io.StringIO(text)) if r[-2:-1] == ["Yes"]]
    assert {r[3] for r in overdue_rows} == recount()[2]

    workbook = client.get("/dashboard/forums/actions/?format=xlsx")
    sheets = load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert sheets == ["Forum actions", "Definitions"]


def test_only_leads_download_forum_figures(client, forums):
    client.force_login(member(Role.JOBCENTRE_ORGANISER))
    assert client.get("/dashboard/forums/themes/?format=csv").status_code == 404
