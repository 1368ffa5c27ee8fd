"""``GET /api/v1/engagement/reach/`` and ``GET /api/v1/engagement/feedback/``: the county
panel's "who we reach" and "what people said after events" figures. Who may read them (as the
panel and reach.csv), each figure recounted by hand from the raw rows, small numbers suppressed,
the same figures as the dashboard's panel for the same year, hostile input a 400, and a fixed
number of queries however many events there are."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role, User
from core.periods import financial_year, financial_year_of
from engagement.templatetags.reach_tags import reach_and_feedback
from events.adjustments import adjustment_item_set_status
from events.feedback import feedback_answer, feedback_invitations_send
from events.models import (
    AdjustmentItem,
    Event,
    EventKind,
    FeedbackBarrier,
    FeedbackRequest,
    Ticket,
)
from events.selectors import financial_year_bounds
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.django_db

REACH = "/api/v1/engagement/reach/"
FEEDBACK = "/api/v1/engagement/feedback/"
_numbers = count()


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def held(event: Event, days_ago: int = 1) -> Event:
    """Move an event into the past (raw rows: the services refuse to move a held event)."""
    starts = timezone.now() - timedelta(days=days_ago, hours=4)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=3))
    event.refresh_from_db()
    return event


def person(event: Event, *, email: str | None = None, admitted: bool = True, **answers):
    n = next(_numbers)
    registration = register(
        event, name=f"Person {n}", email=email or f"person{n}@example.net", **answers
    ).registration
    if admitted:
        Ticket.objects.filter(registration=registration).update(checked_in_at=timezone.now())
    return registration


def answer_feedback(registrations, answers) -> None:
    for registration, given in zip(registrations, answers, strict=True):
        feedback_answer(feedback=FeedbackRequest.objects.get(registration=registration), **given)


OVER_50 = {
    "age_band": "50_64",
    "sex": "female",
    "disability": "no",
    "priority_groups": ["aged_50_plus"],
    "priority_groups_consent": True,
}


@pytest.fixture
def world():
    """Two fairs held yesterday by two Jobcentres and one held last year: six people over 50 at
    both fairs (counted once), two younger disabled people, a walk-in who gave no answers,
    someone who registered and did not come; adjustments met and not; feedback with themes
    (seven answers at the first fair, three at the second: too few to show)."""
    fair = EventFactory(kind=EventKind.JOBS_FAIR)
    fifty = EventFactory(kind=EventKind.FIFTY_PLUS_JOBS_FAIR)
    old = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, fair.organiser)
    emails = [f"over50-{n}@example.net" for n in range(6)]
    at_fair = [
        person(fair, email=emails[0], adjustments=["bsl_interpreter", "quiet_room"], **OVER_50)
    ]
    at_fair += [person(fair, email=email, **OVER_50) for email in emails[1:]]
    at_fair += [
        person(fair, age_band="25_49", disability="yes", adjustments=["large_print"]),
        person(fair, age_band="25_49", disability="yes", adjustments=["hearing_loop"]),
        person(fair),  # gave no answers
    ]
    person(fair, admitted=False, age_band="25_49", adjustments=["companion"])
    at_fifty = [person(fifty, email=email, **OVER_50) for email in emails[:3]]
    at_fifty.append(person(fifty, age_band="65_plus", sex="male"))
    person(old, **OVER_50)
    for item in AdjustmentItem.objects.filter(adjustment__in=["large_print", "hearing_loop"]):
        adjustment_item_set_status(item=item, status="arranged", by=organiser)
    met = AdjustmentItem.objects.get(adjustment="large_print")
    adjustment_item_set_status(item=met, status="met", by=organiser)
    held(fair), held(fifty), held(old, days_ago=400)
    feedback_invitations_send()
    answer_feedback(
        at_fair[:7],
        [
            {"usefulness": "very_useful", "met_employer": "yes", "barriers": ["transport"]},
            {"usefulness": "quite_useful", "barriers": ["transport", "confidence"]},
            {"usefulness": "not_useful", "met_employer": "no", "barriers": ["transport"]},
            {"usefulness": "very_useful", "barriers": ["nothing"]},
            {"usefulness": "not_very_useful", "met_employer": "yes"},
            {"usefulness": "very_useful", "barriers": ["digital_access"]},
            {"usefulness": "quite_useful", "adjustments_met": "yes", "barriers": ["confidence"]},
        ],
    )
    answer_feedback(
        at_fifty[:3],
        [{"usefulness": "very_useful", "barriers": ["health_and_disability"]}] * 3,
    )
    return {"fair": fair, "fifty": fifty, "year": financial_year_of(fair.starts_at.date())}


# --- Who may read them ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [REACH, FEEDBACK])
def test_anonymous_is_401_json(url):
    response = api().get(url)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated" and response.json()["detail"]


@pytest.mark.parametrize("url", [REACH, FEEDBACK])
@pytest.mark.parametrize(
    "role",
    [
        Role.COORDINATOR,
        Role.JOBCENTRE_ORGANISER,
        Role.EMPLOYER_CONTACT,
        Role.ENTERPRISE_ADVISER,
        Role.CAREERS_LEADER,
    ],
)
def test_other_roles_are_403_json_as_the_panel_and_csv_refuse_them(url, role, client):
    user = member(role)

    response = api(user).get(url)
    client.force_login(user)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied" and response.json()["detail"]
    assert client.get("/dashboard/reach.csv").status_code == 404
    assert client.get("/dashboard/county/").status_code == 404


def test_a_user_with_no_role_is_403():
    from tests.factories import UserFactory

    response = api(UserFactory()).get(REACH)

    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("url", [REACH, FEEDBACK])
@pytest.mark.parametrize("role", [Role.LEAD, Role.ADMIN])
def test_leads_and_administrators_read_them_as_they_see_the_panel(url, role, client):
    user = member(role)

    response = api(user).get(url)
    client.force_login(user)

    assert response.status_code == 200
    assert client.get("/dashboard/reach.csv").status_code == 200


@pytest.mark.parametrize("url", [REACH, FEEDBACK])
def test_token_authentication_reads_like_the_other_api_reads(url):
    lead, organiser = member(Role.LEAD), member(Role.JOBCENTRE_ORGANISER)
    clients = {}
    for name, user in (("lead", lead), ("organiser", organiser)):
        clients[name] = APIClient()
        clients[name].credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user)}")
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    assert clients["lead"].get(url).status_code == 200
    refused = clients["organiser"].get(url)
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    unknown = forged.get(url)
    assert unknown.status_code == 401 and unknown.json()["code"] == "authentication_failed"


# --- Who we reach, recounted ------------------------------------------------------------------


def reach_by_hand(year: int, dimension: str, split: str = "total") -> dict[tuple, int | None]:
    """By the definition: distinct people (their e-mail address) admitted to events starting in
    the financial year, not cancelled, no school group, per answer given; under 5 hidden."""
    start, end = financial_year_bounds(year)
    people: dict[tuple, set[str]] = defaultdict(set)
    for ticket in Ticket.objects.select_related("registration", "event", "event__organiser"):
        event, registration = ticket.event, ticket.registration
        if ticket.checked_in_at is None or registration.school_id is not None:
            continue
        if not start <= event.starts_at < end or event.status == Event.Status.CANCELLED:
            continue
        if dimension == "priority_group":
            answers = list(registration.priority_groups.values_list("group", flat=True))
        else:
            answers = [getattr(registration, dimension)]
        where = {
            "total": "",
            "kind": event.get_kind_display(),
            "jobcentre": event.organiser.name,
        }[split]
        for answer in answers:
            if answer:
                people[(answer, where)].add(registration.email.lower())
    return {key: (len(found) if len(found) >= 5 else None) for key, found in people.items()}


def tables_of(body) -> dict[str, dict[tuple, int | None]]:
    return {
        table["dimension"]: {
            (row["answer"], row["split_value"]): row["people"] for row in table["rows"]
        }
        for table in body["tables"]
    }


def test_reach_recounted_from_the_raw_rows(world):
    year = world["year"].start.year

    response = api(member(Role.LEAD)).get(REACH, {"financial_year": str(year)})

    assert response.status_code == 200
    body = response.json()
    assert (body["financial_year"], body["period"], body["split"]) == (
        year,
        world["year"].label,
        "total",
    )
    assert [t["dimension"] for t in body["tables"]] == [
        "priority_group",
        "age_band",
        "disability",
        "sex",
    ]
    tables = tables_of(body)
    for dimension in ("priority_group", "age_band", "disability", "sex"):
        assert tables[dimension] == reach_by_hand(year, dimension), dimension
    # The six over 50 came to both fairs and count once; last year's fair is not this year.
    assert tables["age_band"][("50_64", "")] == 6
    assert tables["priority_group"] == {("aged_50_plus", ""): 6}


@pytest.mark.parametrize("split", ["kind", "jobcentre"])
def test_reach_split_recounted_from_the_raw_rows(world, split):
    year = world["year"].start.year

    response = api(member(Role.LEAD)).get(REACH, {"financial_year": year, "split": split})

    assert response.status_code == 200 and response.json()["split"] == split
    tables = tables_of(response.json())
    for dimension in ("priority_group", "age_band", "disability", "sex"):
        assert tables[dimension] == reach_by_hand(year, dimension, split), dimension
    if split == "kind":
        assert tables["age_band"][("50_64", "Jobs fair")] == 6
        assert tables["age_band"][("50_64", "50+ jobs fair")] is None  # three people


def test_reach_below_the_minimum_is_null_and_flagged(world):
    body = api(member(Role.LEAD)).get(REACH, {"financial_year": world["year"].start.year}).json()

    rows = {
        (table["dimension"], row["answer"]): row
        for table in body["tables"]
        for row in table["rows"]
    }
    # Two younger people (25 to 49, disabled): fewer than 5.
    assert rows[("age_band", "25_49")] == {
        "answer": "25_49",
        "answer_label": "25 to 49",
        "split_value": "",
        "people": None,
        "suppressed": True,
    }
    assert rows[("disability", "yes")]["people"] is None
    assert rows[("sex", "female")] == {
        "answer": "female",
        "answer_label": "Female",
        "split_value": "",
        "people": 6,
        "suppressed": False,
    }
    assert body["minimum"] == 5
    assert body["definition"].startswith("People reached: distinct people admitted")


def test_reach_defaults_to_the_current_financial_year(world):
    body = api(member(Role.LEAD)).get(REACH).json()

    assert body["financial_year"] == financial_year_of(timezone.localdate()).start.year


# --- Feedback, barrier themes and adjustments met, recounted ----------------------------------


def test_feedback_recounted_from_the_raw_rows(world):
    year = world["year"]
    start, end = financial_year_bounds(year.start.year)

    body = api(member(Role.LEAD)).get(FEEDBACK, {"financial_year": year.start.year}).json()

    answered = [
        row
        for row in FeedbackRequest.objects.select_related("event", "event__organiser")
        if row.answered_at is not None and start <= row.event.starts_at < end
    ]
    satisfied = [row for row in answered if row.usefulness in ("very_useful", "quite_useful")]
    met_employer = [row for row in answered if row.met_employer == "yes"]
    totals = body["feedback"]["totals"]
    assert totals["answers"] == len(answered) == 10
    assert totals["satisfaction"] == round(100 * len(satisfied) / len(answered), 1) == 80.0
    assert totals["met_employer"] == round(100 * len(met_employer) / len(answered), 1)
    assert totals["adjustments_met_said"] is None  # one answer to that question
    assert totals["employer_answers"] is None and totals["employer_suppressed"]
    by_organiser = {row["label"]: row for row in body["feedback"]["by_organiser"]}
    fair_rows = [row for row in answered if row.event_id == world["fair"].pk]
    fair_satisfied = [r for r in fair_rows if r.usefulness in ("very_useful", "quite_useful")]
    first = by_organiser[world["fair"].organiser.name]
    assert first["answers"] == len(fair_rows) == 7
    assert first["satisfaction"] == round(100 * len(fair_satisfied) / len(fair_rows), 1)
    second = by_organiser[world["fifty"].organiser.name]
    assert second == {
        "label": world["fifty"].organiser.name,
        "answers": None,
        "suppressed": True,
        "satisfaction": None,
        "met_employer": None,
        "adjustments_met_said": None,
        "employer_answers": None,
        "employer_suppressed": True,
        "employer_satisfaction": None,
        "come_again": None,
    }
    by_kind = {row["label"]: row for row in body["feedback"]["by_kind"]}
    assert by_kind["Jobs fair"]["answers"] == 7 and by_kind["50+ jobs fair"]["suppressed"]
    by_year = {row["label"]: row["answers"] for row in body["feedback"]["by_year"]}
    assert by_year == {year.label: 10}
    assert set(body["feedback"]["definitions"]) == {
        "satisfaction",
        "met_employer",
        "adjustments_met_said",
        "employer_satisfaction",
        "come_again",
        "suppressed",
    }


def test_barrier_themes_recounted_and_small_groups_left_out(world):
    year = world["year"]
    start, end = financial_year_bounds(year.start.year)

    themes = (
        api(member(Role.LEAD))
        .get(FEEDBACK, {"financial_year": year.start.year})
        .json()["barrier_themes"]
    )

    # By hand: attendees' answers per organiser and venue; a group under 5 answers left out.
    answers: dict[tuple, int] = defaultdict(int)
    for row in FeedbackRequest.objects.select_related("event"):
        if row.answered_at and row.registration_id and start <= row.event.starts_at < end:
            answers[(row.event.organiser_id, row.event.venue_id)] += 1
    counted: dict[str, int] = defaultdict(int)
    for barrier in FeedbackBarrier.objects.select_related("feedback__event"):
        event = barrier.feedback.event
        if answers.get((event.organiser_id, event.venue_id), 0) >= 5:
            counted[barrier.theme] += 1
    assert {row["theme"]: row["count"] for row in themes["themes"]} == counted
    assert counted == {"transport": 3, "confidence": 2, "digital_access": 1}
    assert [row["count"] for row in themes["themes"]] == [3, 2, 1]
    assert themes["suppressed"] is True
    hidden = [row for row in themes["by_group"] if row["suppressed"]]
    assert hidden == [
        {
            "organiser": world["fifty"].organiser.name,
            "venue": world["fifty"].venue.name,
            "theme": None,
            "theme_label": None,
            "count": None,
            "suppressed": True,
        }
    ]
    shown = {r["theme"]: r["count"] for r in themes["by_group"] if not r["suppressed"]}
    assert shown == counted
    assert "health_and_disability" not in str(themes)
    assert themes["definition"].startswith("Barrier themes:")


def test_adjustments_met_recounted_from_the_raw_rows(world):
    year = world["year"]
    start, end = financial_year_bounds(year.start.year)

    figure = (
        api(member(Role.LEAD))
        .get(FEEDBACK, {"financial_year": year.start.year})
        .json()["adjustments_met"]
    )

    # By the definition: items of people admitted to events that have ended, and those met.
    items = [
        item
        for item in AdjustmentItem.objects.select_related("event", "registration")
        if start <= item.event.starts_at < end
        and item.event.ends_at < timezone.now()
        and item.event.status != Event.Status.CANCELLED
        and item.registration.tickets.filter(checked_in_at__isnull=False).exists()
    ]
    met = [item for item in items if item.status == "met"]
    assert figure["requested"] == len(items) == 4  # the one who did not come is not counted
    assert figure["met"] == len(met) == 1
    assert figure["share"] == round(100 * len(met) / len(items), 1) == 25.0
    assert figure["definition"].startswith("Adjustments met:")


# --- The same as the dashboard's panel --------------------------------------------------------


def test_the_json_is_what_the_dashboard_panel_shows_for_the_year(world, client):
    year = world["year"].start.year
    lead = member(Role.LEAD)
    panel = reach_and_feedback({"chosen": financial_year(year)})

    reach = api(lead).get(REACH, {"financial_year": year}).json()
    feedback = api(lead).get(FEEDBACK, {"financial_year": year}).json()

    assert panel["start_year"] == year
    assert reach["definition"] == str(panel["reach_definition"])
    assert [
        (
            t["dimension"],
            t["title"],
            [(r["answer"], r["answer_label"], r["people"]) for r in t["rows"]],
        )
        for t in reach["tables"]
    ] == [
        (t.dimension, t.title, [(c.answer, c.answer_label, c.people) for c in t.rows])
        for t in panel["tables"]
    ]
    for name in ("by_kind", "by_organiser", "by_year"):
        assert [
            (r["label"], r["answers"], r["satisfaction"]) for r in feedback["feedback"][name]
        ] == [
            (
                row.label,
                None if row.figures.suppressed else row.figures.answers,
                row.figures.satisfaction,
            )
            for row in panel[name]
        ], name
    assert feedback["feedback"]["definitions"] == {
        key: str(text) for key, text in panel["definitions"].items()
    }
    assert [(r["theme_label"], r["count"]) for r in feedback["barrier_themes"]["themes"]] == [
        (str(label), n) for label, n in panel["themes"]
    ]
    assert feedback["barrier_themes"]["suppressed"] == panel["suppressed_themes"]
    met = panel["adjustments_met"]
    assert (
        feedback["adjustments_met"]["requested"],
        feedback["adjustments_met"]["met"],
        feedback["adjustments_met"]["share"],
    ) == (met.requested, met.met, met.share)
    assert feedback["adjustments_met"]["definition"] == str(panel["adjustments_met_definition"])
    # And the page itself, for the same year, shows those numbers.
    client.force_login(lead)
    page = client.get("/dashboard/county/", {"period": f"fy-{year}"}).text
    assert 'data-testid="reach-age_band"' in page
    assert "Transport: 3" in page


# --- Hostile input ----------------------------------------------------------------------------


BAD_YEARS = [
    "abc",
    "99999999999999999999",
    "-2026",
    "-1",
    "2026\x00",
    "20\x1b26",
    "2026\n",
    " 2026",
    "2026.0",
    "2026-27",
    "1e3",
    "0x7EA",
    "٢٠٢٦",  # Arabic-Indic digits: int() would take them
    "1999",
    "2101",
    "0000",
    "9999",
    "' OR 1=1 --",
]


@pytest.mark.parametrize("url", [REACH, FEEDBACK])
@pytest.mark.parametrize("value", BAD_YEARS)
def test_a_bad_financial_year_is_a_400_json(url, value):
    response = api(member(Role.LEAD)).get(url, {"financial_year": value})

    assert response.status_code == 400, value
    assert response.json()["code"] == "invalid_financial_year"
    assert "four digits" in response.json()["detail"]


@pytest.mark.parametrize("value", ["bogus", "TOTAL", "kind\x00", "event__kind", "-1", "x" * 5000])
def test_an_unknown_split_is_a_400_json(value):
    response = api(member(Role.LEAD)).get(REACH, {"split": value})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_split"
    assert "total, kind, jobcentre" in response.json()["detail"]


@pytest.mark.parametrize("url", [REACH, FEEDBACK])
def test_any_format_asked_for_is_answered_in_json(url):
    response = api(member(Role.LEAD)).get(url, {"format": "csv"}, HTTP_ACCEPT="text/csv")

    assert response.status_code == 200 and response["Content-Type"] == "application/json"


def test_a_caller_who_may_not_read_learns_nothing_from_a_bad_year():
    # The role is checked before the parameters: 403, not a 400 about the year.
    response = api(member(Role.CAREERS_LEADER)).get(REACH, {"financial_year": "abc"})

    assert response.status_code == 403


# --- Queries ----------------------------------------------------------------------------------

# The caller's memberships (is the caller a lead?), then for reach the four tables in one
# statement (split=total) or one per table; for feedback the overview (one), the barrier
# counts (two) and adjustments met (one).
REACH_QUERIES = {"total": 2, "kind": 5, "jobcentre": 5}
FEEDBACK_QUERIES = 5


def _queries(user, url: str, params: dict) -> int:
    client = api(User.objects.get(pk=user.pk))  # as a request finds it: no roles read yet
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def _grow(n: int) -> None:
    """``n`` more fairs held yesterday, each with five answering people and an adjustment."""
    for _fair in range(n):
        event = EventFactory()
        organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
        people = [person(event, **OVER_50) for _ in range(5)]
        people.append(person(event, age_band="19_24", adjustments=["quiet_room"]))
        item = AdjustmentItem.objects.get(registration=people[-1])
        adjustment_item_set_status(item=item, status="met", by=organiser)
        held(event)
    feedback_invitations_send()
    for request in FeedbackRequest.objects.filter(answered_at__isnull=True):
        feedback_answer(feedback=request, usefulness="very_useful", barriers=["transport"])


@pytest.mark.parametrize("split", ["total", "kind", "jobcentre"])
def test_reach_queries_are_pinned_and_do_not_grow(split):
    lead = member(Role.LEAD)
    year = financial_year_of(timezone.localdate()).start.year
    params = {"financial_year": year, "split": split}
    _grow(1)
    few = _queries(lead, REACH, params)
    _grow(4)

    many = _queries(lead, REACH, params)

    assert few == many == REACH_QUERIES[split]


def test_feedback_queries_are_pinned_and_do_not_grow():
    lead = member(Role.LEAD)
    params = {"financial_year": financial_year_of(timezone.localdate()).start.year}
    _grow(1)
    few = _queries(lead, FEEDBACK, params)
    _grow(4)

    many = _queries(lead, FEEDBACK, params)

    assert few == many == FEEDBACK_QUERIES
    body = api(lead).get(FEEDBACK, params).json()
    assert body["feedback"]["totals"]["answers"] == 30  # the growth was counted


# --- The schema -------------------------------------------------------------------------------


def test_the_schema_documents_both_endpoints():
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()

    reach = schema["paths"][REACH]["get"]
    feedback = schema["paths"][FEEDBACK]["get"]
    assert {p["name"] for p in reach["parameters"]} == {"financial_year", "split"}
    assert {p["name"] for p in feedback["parameters"]} == {"financial_year"}
    split = next(p for p in reach["parameters"] if p["name"] == "split")
    assert set(split["schema"]["enum"]) == {"total", "kind", "jobcentre"}
    for operation in (reach, feedback):
        assert {"200", "400", "401", "403"} <= set(operation["responses"])
        assert "application/json" in operation["responses"]["200"]["content"]
    components = schema["components"]["schemas"]
    assert {"tables", "definition", "minimum"} <= set(components["Reach"]["properties"])
    assert {"people", "suppressed", "answer_label"} <= set(components["ReachCell"]["properties"])
    assert {"feedback", "barrier_themes", "adjustments_met"} <= set(
        components["FeedbackOverview"]["properties"]
    )


def test_definitions_and_errors_follow_the_callers_language():
    from django.utils import translation

    from engagement.reach import REACH_DEFINITION

    lead = member(Role.LEAD)

    with translation.override("en"):  # the language the requests leave active goes with it
        body = api(lead).get(REACH, HTTP_ACCEPT_LANGUAGE="pl").json()
        refused = api(lead).get(REACH, {"split": "bogus"}, HTTP_ACCEPT_LANGUAGE="pl").json()

    with translation.override("pl"):
        polish = str(REACH_DEFINITION)
    with translation.override("en"):
        english = str(REACH_DEFINITION)
    assert body["definition"] == polish != english
    assert refused["detail"].startswith("Podziel według")
