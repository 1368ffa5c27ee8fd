"""Fair attendance in a drill-down exported by someone who is not a lead: the people admitted
who match the drill-down AND whom the person exporting may see, recounted here by hand from the
raw ticket rows (never through engagement.people); a narrowing that cannot be applied to
admissions leaves the cells empty."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.models import Role
from core.periods import academic_year
from engagement.encounter_scope import encounters_visible_to
from engagement.exports import definitions, export_spec_parse, export_start
from engagement.models import Encounter, ExportLog
from engagement.summary_columns import COLUMNS, heading
from engagement.tallies import cell_filters_with_employer
from events.models import Event, StandApplication, Ticket
from tests.factories import (
    DistrictFactory,
    EmployerFactory,
    EventFactory,
    HubFactory,
    JobcentreVenueFactory,
    RegistrationFactory,
    SchoolFactory,
    VenueFactory,
    member,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
YEAR = academic_year(2025)
ON = datetime(2025, 10, 1, 10, tzinfo=LONDON)
EXPORT = "/exports/engagement/"
FAIR_KINDS = {"careers_fair", "jobs_fair", "fifty_plus_jobs_fair"}
NOT_RECORDED = "Not recorded"  # the row of people admitted who belong to no school


# --- The raw records --------------------------------------------------------------------------


class World:
    """Two districts, two hubs, three schools, two employers, four fairs and a school event."""

    def __init__(self) -> None:
        self.d1, self.d2 = DistrictFactory(name="Stevenage"), DistrictFactory(name="Watford")
        self.north, self.south = HubFactory(name="North hub"), HubFactory(name="South hub")
        self.a = SchoolFactory(name="Alpha School", hub=self.north, district=self.d1)
        self.b = SchoolFactory(name="Beta School", hub=self.north, district=self.d2)
        self.c = SchoolFactory(name="Gamma School", hub=self.south, district=self.d1)
        self.e = EmployerFactory(name="Echo Ltd")  # the employer contact's
        self.f = EmployerFactory(name="Foxtrot Ltd")
        self.numbers = 0
        self.fairs: tuple[Event, ...] = ()

    def fair(self, district, *, present=(), kind="careers_fair", organiser=None, **fields):
        venue = (
            JobcentreVenueFactory(district=district)
            if organiser is None
            else VenueFactory(district=district)
        )
        extra = {} if organiser is None else {"organiser": organiser}
        event = EventFactory(
            kind=kind,
            venue=venue,
            starts_at=fields.pop("starts_at", ON),
            ends_at=ON + timedelta(hours=4),
            status=fields.pop("status", Event.Status.COMPLETED),
            **extra,
            **fields,
        )
        for employer in present:
            self.stand(event, employer, presence="present")
        return event

    def stand(self, event, employer, *, presence):
        return StandApplication.objects.create(
            event=event, employer=employer, representatives=1, status="approved", presence=presence
        )

    def came(self, event, *, school=None, email="", at=None) -> Ticket:
        """One admission: a pupil of ``school`` (a person per ticket), or an adult by e-mail."""
        self.numbers += 1
        registration = RegistrationFactory(
            event=event,
            school=school,
            category="pupil" if school else "jobseeker",
            year_group=10 if school else None,
            email=email or f"walk-in-{self.numbers}@example.net",
        )
        return Ticket.objects.create(
            registration=registration,
            event=event,
            number=f"T{self.numbers}",
            holder_label="x",
            checked_in_at=at if at is not None else ON + timedelta(hours=1),
        )

    def encounter(self, n: int, school, employer) -> Encounter:
        return Encounter.objects.create(
            kind="employer_talk",
            source="recorded",
            source_key=f"drill:{n}",
            occurred_on=date(2025, 10, 2),
            audience="pupils",
            people=20,
            school=school,
            hub=school.hub,
            district=school.district,
            year_group=10,
            employer=employer,
        )


@pytest.fixture
def world() -> World:
    w = World()
    # Fair 1, in Stevenage: both employers came.
    one = w.fair(w.d1, present=(w.e, w.f))
    for school in (w.a, w.a, w.b, w.c):
        w.came(one, school=school)
    w.came(one, email="ann@example.net")
    w.came(one, email="bob@example.net")
    # Fair 2, in Stevenage too: Echo booked a stand but did not come.
    two = w.fair(w.d1, present=(w.f,), kind="jobs_fair")
    w.stand(two, w.e, presence="absent")
    for school in (w.a, w.c):
        w.came(two, school=school)
    w.came(two, email="ann@example.net")  # the same person as at fair 1
    w.came(two, email="cat@example.net")
    # Fair 3, in Watford: Echo came.
    three = w.fair(w.d2, present=(w.e,))
    w.came(three, school=w.b)
    w.came(three, email="bob@example.net")  # the same person as at fair 1
    w.came(three, email="dan@example.net")
    # Fair 4, the North hub's own, in Watford.
    four = w.fair(w.d2, present=(w.f,), organiser=w.north.organisation)
    w.came(four, school=w.a)
    w.came(four, email="eve@example.net")
    w.fairs = (one, two, three, four)
    # Never counted: a school event (not a fair), a fair a year earlier, a draft fair, and a
    # ticket never admitted.
    school_event = w.fair(w.d1, present=(w.e,), kind="school_encounter")
    w.came(school_event, school=w.a)
    earlier = w.fair(w.d1, present=(w.e,), starts_at=ON - timedelta(days=365))
    w.came(earlier, school=w.a, at=ON - timedelta(days=365))
    draft = w.fair(w.d1, present=(w.e,), status=Event.Status.DRAFT)
    w.came(draft, school=w.a)
    Ticket.objects.filter(pk=w.came(one, school=w.a).pk).update(checked_in_at=None)
    # Encounters, so the files have rows of their own.
    for n, (school, employer) in enumerate(
        [(w.a, w.e), (w.b, w.e), (w.c, w.e), (w.a, w.f), (w.c, w.f)]
    ):
        w.encounter(n, school, employer)
    return w


# --- The recount, by hand, from the raw ticket rows -------------------------------------------


def admitted_rows() -> list[Ticket]:
    """Tickets admitted at a fair (careers, jobs, 50+) held or published, in 2025-26."""
    rows = []
    for ticket in Ticket.objects.select_related("registration__school", "event__venue"):
        event = ticket.event
        if ticket.checked_in_at is None:
            continue
        if not YEAR.starts_at <= ticket.checked_in_at < YEAR.ends_at:
            continue
        if event.kind not in FAIR_KINDS or event.status not in ("published", "completed"):
            continue
        rows.append(ticket)
    return rows


def person(ticket: Ticket) -> str:
    """A pupil of a school is their ticket; an adult is their e-mail's key across fairs."""
    registration = ticket.registration
    if registration.school_id is None and registration.person_key:
        return registration.person_key
    return f"ticket:{ticket.pk}"


def district_of(ticket: Ticket) -> int:
    school = ticket.registration.school
    return school.district_id if school is not None else ticket.event.venue.district_id


def came_with(ticket: Ticket, employer) -> bool:
    return StandApplication.objects.filter(
        event_id=ticket.event_id, employer=employer, status="approved", presence="present"
    ).exists()


def seen_by_coordinator(ticket: Ticket, hub) -> bool:
    """A hub's schools' pupils, and everyone at the hub's own fairs."""
    school = ticket.registration.school
    return (school is not None and school.hub_id == hub.pk) or (
        ticket.event.organiser_id == hub.organisation_id
    )


def seen_by_employer_contact(ticket: Ticket, employer) -> bool:
    """Everyone at a fair the employer was present at."""
    return came_with(ticket, employer)


def recount(keep) -> tuple[dict[str, int], int]:
    """Distinct people among the admissions ``keep`` accepts: by school (the file's rows) and
    in all."""
    by_school: dict[str, set[str]] = defaultdict(set)
    everyone = set()
    for ticket in admitted_rows():
        if not keep(ticket):
            continue
        school = ticket.registration.school
        by_school[school.name if school else NOT_RECORDED].add(person(ticket))
        everyone.add(person(ticket))
    return {name: len(people) for name, people in by_school.items()}, len(everyone)


# --- Reading the files ------------------------------------------------------------------------


def csv_cells(content: bytes) -> tuple[dict[str, str], str]:
    """The fair_attendance cell of each group row, and of the totals line."""
    *rows, total = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    return {row["group"]: row["fair_attendance"] for row in rows}, total["fair_attendance"]


def xlsx_cells(content: bytes) -> tuple[dict[str, str], str, dict[str, str]]:
    book = load_workbook(io.BytesIO(content))
    header, *lines = book.worksheets[0].iter_rows(values_only=True)
    names = {heading(name): name for name, _definition in COLUMNS}
    *rows, total = [
        {names.get(word, str(word)): value for word, value in zip(header, line, strict=True)}
        for line in lines
    ]

    def text(value) -> str:
        return "" if value is None else str(value)

    cells = {row["group"]: text(row["fair_attendance"]) for row in rows}
    sheet = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True)}
    return cells, text(total["fair_attendance"]), sheet


def exported(client, user, file_format="csv", **drill) -> tuple[dict[str, str], str]:
    client.force_login(user)
    response = client.get(
        EXPORT,
        {"academic_year": YEAR.label, "group_by": "school", "format": file_format, **drill},
    )
    assert response.status_code == 200, response.content
    content = b"".join(response.streaming_content)
    if file_format == "csv":
        return csv_cells(content)
    cells, total, sheet = xlsx_cells(content)
    assert "Fair attendance in a narrowed file" in sheet
    return cells, total


def assert_file_holds(cells: dict[str, str], total: str, expected: tuple[dict[str, int], int]):
    by_school, everyone = expected
    assert total == str(everyone)
    for name, n in by_school.items():
        assert cells[name] == str(n), name
    # Every other row (a school met, whose pupils the drill-down does not count): 0.
    assert {cells[name] for name in set(cells) - set(by_school)} <= {"0"}


# --- (a), (b): a coordinator's drill-downs ----------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_coordinators_file_narrowed_to_one_school_counts_its_pupils(client, world, file_format):
    coordinator = member(Role.COORDINATOR, world.north.organisation)
    expected = recount(
        lambda t: seen_by_coordinator(t, world.north) and t.registration.school_id == world.a.pk
    )
    assert expected == ({"Alpha School": 4}, 4)  # 2 at fair 1, 1 at fair 2, 1 at the hub's

    cells, total = exported(client, coordinator, file_format, school=world.a.pk)

    assert_file_holds(cells, total, expected)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_coordinators_file_narrowed_to_a_district_counts_only_what_the_hub_sees(
    client, world, file_format
):
    coordinator = member(Role.COORDINATOR, world.north.organisation)
    in_d1 = recount(lambda t: seen_by_coordinator(t, world.north) and district_of(t) == world.d1.pk)
    in_d2 = recount(lambda t: seen_by_coordinator(t, world.north) and district_of(t) == world.d2.pk)
    assert in_d1 == ({"Alpha School": 4}, 4)
    assert in_d2 == ({"Beta School": 2, NOT_RECORDED: 1}, 3)  # Eve at the hub's own fair
    # Ignoring the hub's scope would add Gamma's pupils and Ann, Bob and Cat (Stevenage's fairs).
    assert recount(lambda t: district_of(t) == world.d1.pk)[1] == 9

    for district, expected in ((world.d1, in_d1), (world.d2, in_d2)):
        cells, total = exported(client, coordinator, file_format, district=district.pk)
        assert_file_holds(cells, total, expected)
        assert "Gamma School" not in cells or cells["Gamma School"] in ("", "0")


# --- (c), (d): an employer contact's drill-downs ----------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_employer_contacts_own_employers_file_counts_its_fairs(client, world, file_format):
    contact = member(Role.EMPLOYER_CONTACT, world.e.organisation)
    expected = recount(lambda t: seen_by_employer_contact(t, world.e) and came_with(t, world.e))
    # Fair 1 (Alpha 2, Beta 1, Gamma 1, Ann, Bob) and fair 3 (Beta 1, Bob again, Dan).
    assert expected == (
        {"Alpha School": 2, "Beta School": 2, "Gamma School": 1, NOT_RECORDED: 3},
        8,
    )

    cells, total = exported(client, contact, file_format, employer=world.e.pk)

    assert_file_holds(cells, total, expected)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_employer_contacts_district_file_never_counts_fairs_it_missed(
    client, world, file_format
):
    contact = member(Role.EMPLOYER_CONTACT, world.e.organisation)
    expected = recount(
        lambda t: seen_by_employer_contact(t, world.e) and district_of(t) == world.d1.pk
    )
    # Fair 1's Alpha 2, Gamma 1, Ann and Bob; not fair 2 in the same district (Echo missed it),
    # not Alpha's pupil at the hub's fair (Echo was not there).
    assert expected == ({"Alpha School": 2, "Gamma School": 1, NOT_RECORDED: 2}, 5)
    scope_ignored = recount(lambda t: district_of(t) == world.d1.pk)
    assert scope_ignored[1] == 9 and scope_ignored != expected

    cells, total = exported(client, contact, file_format, district=world.d1.pk)

    assert_file_holds(cells, total, expected)


def test_a_leads_district_file_still_counts_every_admission_there(client, world):
    expected = recount(lambda t: district_of(t) == world.d1.pk)

    cells, total = exported(client, member(Role.LEAD), district=world.d1.pk)

    assert_file_holds(cells, total, expected)


# --- (e): a narrowing that cannot be applied to admissions ------------------------------------


@pytest.mark.parametrize(
    ("filters", "narrowing"),
    [
        ({"audience": "Pupils"}, {"audience": "pupils"}),
        ({"year group": "10"}, {"year_group": 10}),
    ],
)
def test_a_narrowing_admissions_cannot_be_restated_by_leaves_the_column_empty(
    world, filters, narrowing
):
    """An audience or a year group named in the spec has no drill-down id: the cells stay empty
    (not 0, which would read as "nobody came"), for every row and the totals line."""
    coordinator = member(Role.COORDINATOR, world.north.organisation)
    spec = export_spec_parse(academic_year=YEAR.label, group_by="school", filters=filters)
    export = export_start(
        spec=spec,
        queryset=encounters_visible_to(coordinator).filter(**narrowing),
        user=coordinator,
        kind=ExportLog.Kind.API,
    )
    out = io.BytesIO()
    export.write(out)

    cells, total = csv_cells(out.getvalue())

    assert cells and set(cells.values()) == {""} and total == ""


# --- Words and queries ------------------------------------------------------------------------


def test_the_definitions_sheet_says_what_a_narrowed_file_counts_in_polish_too(world, polish):
    spec = export_spec_parse(
        academic_year=YEAR.label,
        group_by="school",
        format="xlsx",
        filters={"district": "Stevenage"},
        filter_ids={"district": world.d1.pk},
    )
    english = dict(row[:2] for row in definitions(spec, generated_by="x", scope="y"))
    assert (
        "the admissions whoever made the file may see"
        in english["Fair attendance in a narrowed file"]
    )
    with translation.override("pl"):
        polish_rows = dict(row[:2] for row in definitions(spec, generated_by="x", scope="y"))
    assert (
        "liczone są tylko wejścia, które może widzieć autor pliku"
        in polish_rows["Frekwencja na targach w zawężonym pliku"]
    )


def test_a_drill_downs_queries_do_not_grow_with_the_admissions(client, world):
    contact = member(Role.EMPLOYER_CONTACT, world.e.organisation)
    client.force_login(contact)
    query = {"academic_year": YEAR.label, "district": world.d1.pk, "format": "csv"}

    def statements() -> tuple[int, str]:
        client.get(EXPORT, query)  # brings the tallies up to date after writes
        with CaptureQueriesContext(connection) as captured:
            response = client.get(EXPORT, query)
            _cells, total = csv_cells(b"".join(response.streaming_content))
        return len(captured), total

    fair_one, fair_two, _three, _four = world.fairs
    # A pupil of a school Echo met nowhere: a row of its own, named in one query however many.
    world.came(fair_one, school=SchoolFactory(hub=world.north, district=world.d1))
    before, total = statements()
    assert total == "6"
    for n in range(30):  # more pupils and adults at a fair Echo came to, and at one it missed
        world.came(fair_one, school=SchoolFactory(hub=world.north, district=world.d1))
        world.came(fair_one, email=f"more-{n}@example.net")
    for _n in range(10):
        world.came(fair_two, school=world.c)

    after, total = statements()
    assert after == before
    assert total == str(
        recount(lambda t: seen_by_employer_contact(t, world.e) and district_of(t) == world.d1.pk)[1]
    )
    assert total == "66"


# --- The dashboards ---------------------------------------------------------------------------


def test_a_coordinators_hub_dashboard_shows_its_schools_fair_attendance(client, world):
    """The hub page's table counts, per school and in all, the hub's pupils admitted at fairs
    (it was blank: a filter by key was not restated for tickets)."""
    client.force_login(member(Role.COORDINATOR, world.north.organisation))
    by_school, everyone = recount(
        lambda t: (
            t.registration.school is not None and t.registration.school.hub_id == world.north.pk
        )
    )
    assert (by_school, everyone) == ({"Alpha School": 4, "Beta School": 2}, 6)

    page = client.get(reverse("dashboard:hub", args=[world.north.pk]), {"period": "ay-2025"})

    assert page.status_code == 200
    table = page.context["schools"]
    shown = {row.label: row.figures.fair_attendance for row in table.rows}
    assert {name: shown[name] for name in by_school} == by_school
    assert table.total.fair_attendance == everyone


def test_a_filter_by_key_is_restated_and_a_join_or_a_scope_is_not(world):
    """Django keeps the join it trimmed from ``school=``/``district_id=`` among the query's
    aliases, unused: that is no join. A filter through a join, or a viewer's scope, is one."""
    assert cell_filters_with_employer(Encounter.objects.filter(district=world.d1)) == {
        "district_id": world.d1.pk
    }
    assert cell_filters_with_employer(
        Encounter.objects.filter(school_id=world.a.pk, employer=world.e)
    ) == {"school_id": world.a.pk, "employer_id": world.e.pk}
    assert cell_filters_with_employer(Encounter.objects.filter(school__hub=world.north)) is None
    contact = member(Role.EMPLOYER_CONTACT, world.e.organisation)
    scoped = encounters_visible_to(contact).filter(district=world.d1)
    assert cell_filters_with_employer(scoped) is None
