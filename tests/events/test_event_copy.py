"""Copying an event: the new-event form filled in from it a quarter later; a draft only when
the form is submitted, through the same rules as a new event; nothing personal copied."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import Role
from core.dates import date_input_data
from events.event_copy import copy_default_date
from events.models import Event, Registration, StandApplication
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, SectorFactory, member

pytestmark = pytest.mark.django_db

HERTS = ZoneInfo("Europe/London")


class FormReader(HTMLParser):
    """What a browser would post for the page's event form, as it is filled in."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method") == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            ticked = a.get("type") in ("checkbox", "radio")
            if ticked and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if ticked else ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.data.setdefault(self.select, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.data[self.textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def posted_form(html: str) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(html)
    data = reader.data
    for name, values in data.items():  # a textarea's first newline is not part of its value
        data[name] = [value.removeprefix("\n") for value in values]
    return data


@pytest.fixture
def source():
    start = datetime.combine(
        timezone.localdate() + timedelta(days=10), datetime.min.time().replace(hour=10), HERTS
    )
    event = EventFactory(
        title="Stevenage quarterly jobs fair",
        description="Forty employers. Step-free entrance on Danestrete; hearing loop at reception.",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        capacity=120,
        stand_capacity=25,
        max_representatives_per_stand=2,
        registration_opens_at=start - timedelta(days=30),
        registration_closes_at=start - timedelta(hours=2),
        adjustments_deadline=start - timedelta(days=7),
        allow_reentry=True,
        offer_claim_hours=24,
    )
    event.sector_focus.set([SectorFactory(name="Retail"), SectorFactory(name="Health")])
    register(event, email="someone@example.net")
    StandApplication.objects.create(
        event=event, employer=EmployerFactory(), status="approved", representatives=1
    )
    return event


@pytest.fixture
def organiser(source):
    return member(Role.JOBCENTRE_ORGANISER, source.organiser)


def test_the_copy_form_is_filled_in_a_quarter_later_and_creates_nothing(client, source, organiser):
    client.force_login(organiser)
    events_before = Event.objects.count()

    response = client.get(f"/events/manage/{source.pk}/copy/")

    assert response.status_code == 200
    assert Event.objects.count() == events_before
    data = posted_form(response.content.decode())
    new_day = source.starts_at.astimezone(HERTS).date() + timedelta(weeks=13)
    assert new_day.weekday() == source.starts_at.astimezone(HERTS).weekday()
    assert data["start_date_day"] == [str(new_day.day)]
    assert data["start_date_month"] == [str(new_day.month)]
    assert data["title"] == [source.title]
    assert data["description"] == [source.description]
    assert data["capacity"] == ["120"]
    assert data["organiser"] == [str(source.organiser_id)]
    assert sorted(data["sector_focus"]) == sorted(
        str(pk) for pk in source.sector_focus.values_list("pk", flat=True)
    )


def test_submitting_the_copy_makes_a_draft_with_the_details_and_no_people(
    client, source, organiser
):
    client.force_login(organiser)
    data = posted_form(client.get(f"/events/manage/{source.pk}/copy/").content.decode())

    response = client.post(f"/events/manage/{source.pk}/copy/", data)

    copy = Event.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/events/manage/{copy.pk}/"
    assert copy.status == Event.Status.DRAFT
    shift = timedelta(weeks=13)
    local = [
        (moment.astimezone(HERTS).date(), moment.astimezone(HERTS).time())
        for moment in (
            source.starts_at,
            source.ends_at,
            source.registration_opens_at,
            source.registration_closes_at,
            source.adjustments_deadline,
        )
    ]
    copied = [
        (moment.astimezone(HERTS).date(), moment.astimezone(HERTS).time())
        for moment in (
            copy.starts_at,
            copy.ends_at,
            copy.registration_opens_at,
            copy.registration_closes_at,
            copy.adjustments_deadline,
        )
    ]
    assert copied == [(day + shift, clock) for day, clock in local]
    for name in (
        "kind",
        "title",
        "description",
        "venue_id",
        "organiser_id",
        "capacity",
        "stand_capacity",
        "max_representatives_per_stand",
        "audiences",
        "allow_reentry",
        "offer_claim_hours",
    ):
        assert getattr(copy, name) == getattr(source, name), name
    assert set(copy.sector_focus.all()) == set(source.sector_focus.all())
    assert copy.created_by == organiser
    assert not Registration.objects.filter(event=copy).exists()
    assert not StandApplication.objects.filter(event=copy).exists()
    assert not copy.tickets.exists()


def _local_day(moment: datetime) -> date:
    return moment.astimezone(HERTS).date()


def test_a_copy_given_another_day_moves_the_dates_left_as_filled_in_with_it(
    client, source, organiser
):
    client.force_login(organiser)
    data = posted_form(client.get(f"/events/manage/{source.pk}/copy/").content.decode())
    filled_in = _local_day(source.starts_at) + timedelta(weeks=13)
    wanted = filled_in + timedelta(days=9)  # the Thursday after next instead
    data.update({k: [v] for k, v in date_input_data("start_date", wanted).items()})
    # The organiser chooses when registration opens; the rest stay as filled in.
    opens = _local_day(source.registration_opens_at) + timedelta(weeks=13, days=2)
    data.update({k: [v] for k, v in date_input_data("registration_opens_date", opens).items()})

    response = client.post(f"/events/manage/{source.pk}/copy/", data, follow=True)

    copy = Event.objects.exclude(pk=source.pk).get()
    assert _local_day(copy.starts_at) == wanted
    shift = wanted - _local_day(source.starts_at)
    assert (
        _local_day(copy.registration_closes_at) == _local_day(source.registration_closes_at) + shift
    )
    assert _local_day(copy.adjustments_deadline) == _local_day(source.adjustments_deadline) + shift
    assert _local_day(copy.registration_opens_at) == opens  # as the organiser gave it
    assert copy.registration_closes_at < copy.starts_at
    assert "registration dates moved 9 days with its date" in response.content.decode()


def test_a_copy_to_a_past_date_is_refused_and_nothing_is_made(client, source, organiser):
    client.force_login(organiser)
    data = posted_form(client.get(f"/events/manage/{source.pk}/copy/").content.decode())
    data.update(
        {k: [v] for k, v in date_input_data("start_date", date.today() - timedelta(days=3)).items()}
    )

    response = client.post(f"/events/manage/{source.pk}/copy/", data)

    assert response.status_code == 200
    assert "The date is in the past" in response.content.decode()
    assert Event.objects.count() == 1


def test_only_people_who_run_events_for_the_organiser_may_copy(client, source):
    other_jobcentre = member(Role.JOBCENTRE_ORGANISER)
    lead = member(Role.LEAD)
    for user, expected in ((other_jobcentre, {403, 404}), (lead, {403})):
        client.force_login(user)
        assert client.get(f"/events/manage/{source.pk}/copy/").status_code in expected
        assert client.post(f"/events/manage/{source.pk}/copy/", {}).status_code in expected
    client.logout()
    assert client.get(f"/events/manage/{source.pk}/copy/").status_code == 302
    assert Event.objects.count() == 1


def test_the_copy_may_not_be_given_to_an_organiser_the_user_does_not_run(client, source, organiser):
    stranger = EventFactory().organiser
    client.force_login(organiser)
    data = posted_form(client.get(f"/events/manage/{source.pk}/copy/").content.decode())
    data["organiser"] = [str(stranger.pk)]

    response = client.post(f"/events/manage/{source.pk}/copy/", data)

    assert response.status_code == 200
    assert not Event.objects.filter(organiser=stranger, title=source.title).exists()


def test_an_old_event_is_copied_to_the_first_quarter_still_to_come(source):
    long_ago = timezone.localtime(source.starts_at, HERTS).date() - timedelta(days=400)
    source.starts_at = datetime.combine(long_ago, datetime.min.time(), HERTS)
    today = timezone.localdate()

    day = copy_default_date(source, today=today)

    assert today <= day < today + timedelta(weeks=13)
    assert (day - long_ago).days % 91 == 0


def test_the_event_page_offers_the_copy_to_its_organisers_only(client, source, organiser):
    client.force_login(organiser)
    assert (
        f"/events/manage/{source.pk}/copy/"
        in client.get(f"/events/manage/{source.pk}/").content.decode()
    )
    client.force_login(member(Role.LEAD))
    assert (
        f"/events/manage/{source.pk}/copy/"
        not in client.get(f"/events/manage/{source.pk}/").content.decode()
    )
