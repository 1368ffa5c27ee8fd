"""The GOV.UK date input (Day / Month / Year) and the time field, on their own and in the forms."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Role
from core.dates import DateInputField, TimeOfDayField, date_input_data
from employers.models import EnterpriseAdviser
from engagement.models import Encounter
from schools.models import BenchmarkAssessment
from tests.factories import EmployerFactory, SchoolFactory, member


class EventDateForm(forms.Form):
    when = DateInputField(
        label="When is it?",
        error_name="Date of the event",
        error_messages={"required": "Enter the date of the event"},
    )
    ends = DateInputField(label="End date", required=False)


def typed(day: str, month: str, year: str, **more: str) -> dict[str, str]:
    return {"when_day": day, "when_month": month, "when_year": year, **more}


def highlighted_boxes(html: str) -> set[str]:
    """The ids of the inputs drawn with the red error border."""
    return set(re.findall(r'govuk-input--error" id="([^"]+)"', html))


def field_html(form: forms.Form, name: str = "when") -> str:
    return render_to_string("includes/govuk_field.html", {"field": form[name]})


# --- What is accepted ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("27", "3", "2026", date(2026, 3, 27)),
        ("07", "03", "2026", date(2026, 3, 7)),
        (" 27 ", " 3", "2026 ", date(2026, 3, 27)),
        ("27", "march", "2026", date(2026, 3, 27)),
        ("27", "MARCH", "2026", date(2026, 3, 27)),
        ("27", "Mar", "2026", date(2026, 3, 27)),
        ("1st", "Sept.", "2026", date(2026, 9, 1)),
        ("29", "2", "2028", date(2028, 2, 29)),
    ],
)
def test_a_date_typed_in_the_three_boxes_is_understood(day, month, year, expected):
    form = EventDateForm(typed(day, month, year))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == expected


def test_a_month_name_in_the_pages_language_is_understood_too():
    with translation.override("pl"):
        form = EventDateForm(typed("27", "marca", "2026"))
        assert form.is_valid(), form.errors

    assert form.cleaned_data["when"] == date(2026, 3, 27)


def test_an_optional_date_left_empty_is_no_date():
    form = EventDateForm(typed("27", "3", "2026", ends_day="", ends_month=" ", ends_year=""))

    assert form.is_valid()
    assert form.cleaned_data["ends"] is None


# --- What is refused, and which boxes turn red ---------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "red"),
    [
        ("", "", "", "Enter the date of the event", {"day", "month", "year"}),
        ("", "3", "2026", "Date of the event must include a day", {"day"}),
        ("27", "", "2026", "Date of the event must include a month", {"month"}),
        ("27", "3", " ", "Date of the event must include a year", {"year"}),
        ("", "", "2026", "Date of the event must include a day and month", {"day", "month"}),
        ("27", "", "", "Date of the event must include a month and year", {"month", "year"}),
        ("31", "2", "2026", "Date of the event must be a real date", {"day"}),
        ("27", "13", "2026", "Date of the event must be a real date", {"month"}),
        ("32", "13", "2026", "Date of the event must be a real date", {"day", "month"}),
        ("27", "marchember", "2026", "Date of the event must be a real date", {"month"}),
        ("27", "3", "20x6", "Date of the event must be a real date", {"year"}),
        ("27", "3", "26", "Date of the event must include a year with 4 numbers", {"year"}),
    ],
)
def test_a_wrong_date_says_what_is_wrong_and_highlights_only_those_boxes(
    day, month, year, message, red
):
    form = EventDateForm(typed(day, month, year))

    assert not form.is_valid()
    assert form.errors["when"] == [message]
    html = field_html(form)
    assert highlighted_boxes(html) == {f"id_when_{part}" for part in red}
    assert "govuk-form-group--error" in html
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in html


def test_the_error_summary_links_to_the_first_wrong_box():
    form = EventDateForm(typed("27", "", "26"))
    form.is_valid()

    summary = render_to_string("includes/error_summary.html", {"form": form})

    assert '<a href="#id_when_month">Date of the event must include a month</a>' in summary


def test_an_error_about_the_whole_date_highlights_all_three_boxes():
    form = EventDateForm(typed("27", "3", "2026"))
    form.is_valid()
    form.add_error("when", "Date of the event must be in the future")

    html = field_html(form)

    assert highlighted_boxes(html) == {"id_when_day", "id_when_month", "id_when_year"}


def test_what_was_typed_is_shown_again_after_an_error():
    form = EventDateForm(typed("31", "feb", "2026"))
    form.is_valid()

    html = field_html(form)

    assert 'name="when_day" type="text" inputmode="numeric" spellcheck="false" value="31"' in html
    assert 'value="feb"' in html and 'value="2026"' in html


def test_the_date_input_is_a_fieldset_with_a_legend_a_hint_and_three_labelled_boxes():
    form = EventDateForm(initial={"when": date(2026, 3, 27)})

    html = field_html(form)

    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_when-hint">' in html
    assert '<legend class="govuk-fieldset__legend">When is it?</legend>' in html
    assert "For example, 27 3 2026" in html
    for part, value, width in (("day", "27", 2), ("month", "3", 2), ("year", "2026", 4)):
        assert f'<label class="govuk-label govuk-date-input__label" for="id_when_{part}">' in html
        assert f"govuk-input--width-{width}" in html
        assert f'id="id_when_{part}" name="when_{part}"' in html
        assert f'value="{value}"' in html


def test_date_input_data_is_what_a_browser_posts():
    form = EventDateForm(date_input_data("when", date(2027, 1, 4)))

    assert form.is_valid()
    assert form.cleaned_data["when"] == date(2027, 1, 4)


# --- Times -------------------------------------------------------------------------------------


class StartsForm(forms.Form):
    starts = TimeOfDayField(label="Starts at")


@pytest.mark.parametrize(
    ("typed_time", "expected"),
    [
        ("14:00", time(14)),
        ("9:30am", time(9, 30)),
        ("9.30 p.m.", time(21, 30)),
        ("2pm", time(14)),
        ("2 PM", time(14)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("midday", time(12)),
        ("1400", time(14)),
        (" 08:05 ", time(8, 5)),
    ],
)
def test_a_time_is_understood_on_the_24_hour_clock_or_with_am_and_pm(typed_time, expected):
    form = StartsForm({"starts": typed_time})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts"] == expected


@pytest.mark.parametrize("typed_time", ["25:00", "13pm", "0am", "9:75", "soon", "9:3"])
def test_a_time_that_cannot_be_right_is_refused_with_an_example(typed_time):
    form = StartsForm({"starts": typed_time})

    assert not form.is_valid()
    assert form.errors["starts"] == ["Enter a time like 9:30am or 14:00"]


# --- The forms where people type dates -----------------------------------------------------------


@pytest.mark.django_db
def test_an_encounter_with_an_incomplete_date_is_refused_showing_the_month_box_in_red(client):
    school, employer = SchoolFactory(), EmployerFactory()
    client.force_login(member(Role.CAREERS_LEADER, school.organisation))

    response = client.post(
        f"/dashboard/schools/{school.pk}/encounters/new/",
        {
            "kind": "employer_talk",
            "occurred_on_day": "3",
            "occurred_on_month": "",
            "occurred_on_year": "2025",
            "year_group": "9",
            "employer": employer.pk,
            "people": "30",
        },
    )

    html = response.content.decode()
    assert '<a href="#id_occurred_on_month">Date of the encounter must include a month</a>' in html
    assert highlighted_boxes(html) == {"id_occurred_on_month"}
    assert not Encounter.objects.exists()


@pytest.mark.django_db
def test_a_self_assessment_date_typed_with_a_month_name_is_saved(client):
    school = SchoolFactory()
    client.force_login(member(Role.CAREERS_LEADER, school.organisation))
    scores = {f"benchmark_{n}": "70" for n in range(1, 9)}

    client.post(
        f"/schools/{school.pk}/benchmarks/new/",
        {"assessed_on_day": "30", "assessed_on_month": "September", "assessed_on_year": "2025"}
        | scores,
    )

    assert BenchmarkAssessment.objects.get(school=school).assessed_on == date(2025, 9, 30)


@pytest.mark.django_db
def test_a_coordinator_types_an_advisers_dbs_date_and_a_false_one_is_refused(client):
    employer = EmployerFactory()
    client.force_login(member(Role.COORDINATOR))
    adviser = {
        "email": "grace@example.org",
        "full_name": "Grace Hopper",
        "employer": employer.pk,
        "occupation": "CTO",
        "max_travel_km": "10",
        "capacity": "1",
        "dbs_status": "clear",
        "status": "recruited",
    }

    refused = client.post(
        "/employers/advisers/new/",
        adviser
        | {"dbs_checked_on_day": "31", "dbs_checked_on_month": "4"}
        | {"dbs_checked_on_year": "2025"},
    )
    assert "DBS check date must be a real date" in refused.content.decode()
    assert highlighted_boxes(refused.content.decode()) == {"id_dbs_checked_on_day"}
    assert not EnterpriseAdviser.objects.exists()

    client.post(
        "/employers/advisers/new/", adviser | date_input_data("dbs_checked_on", date(2025, 4, 30))
    )
    assert EnterpriseAdviser.objects.get().dbs_checked_on == date(2025, 4, 30)
