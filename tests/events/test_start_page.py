"""The signed-out start page leads to the fairs (the next few, and a search that lands on the
public list), and the list's search by date, district or postcode."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import PostcodeCentroid
from events.models import Event
from events.public_search import district_for_postcode
from events.services import event_cancel
from tests.factories import (
    DistrictFactory,
    EventFactory,
    JobcentreVenueFactory,
    in_days_at,
    member,
)

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- The start page ----------------------------------------------------------------------------


def test_the_start_page_links_to_the_fairs_and_to_sign_in(client):
    html = page_text(client.get("/"))

    assert 'href="/events/"' in html
    assert 'href="/accounts/login/"' in html and "Sign in" in html
    assert 'action="/events/"' in html  # the search lands on the public list
    assert 'name="kind"' in html and 'name="district"' in html and 'name="postcode"' in html
    assert 'name="date_from_day"' in html or 'name="date_from_0"' in html


def test_the_start_page_shows_the_next_fairs_with_date_place_and_link(client):
    venue = JobcentreVenueFactory(
        name="Hatfield Jobcentre", district=DistrictFactory(name="Welwyn Hatfield")
    )
    fair = EventFactory(
        title="Hatfield 50+ fair", kind="fifty_plus_jobs_fair", venue=venue, starts_at=in_days_at(3)
    )
    forum = EventFactory(title="Voice forum", kind="voice_of_the_customer_forum")
    careers = EventFactory(title="Careers fair", kind="careers_fair")
    EventFactory(title="Workshop", kind="employer_workshop")
    EventFactory(title="Draft fair", status=Event.Status.DRAFT)
    cancelled = EventFactory(title="Cancelled fair")
    event_cancel(event=cancelled, by=member("jobcentre_organiser", cancelled.organiser))
    closed = EventFactory(title="Closed fair")
    Event.objects.filter(pk=closed.pk).update(
        registration_closes_at=timezone.now() - timedelta(hours=1)
    )

    html = page_text(client.get("/"))

    for event in (fair, forum, careers):
        assert f'href="/events/{event.public_id}/"' in html
    assert "Hatfield Jobcentre, Welwyn Hatfield" in html
    assert "50+ jobs fair" in html and "10:00 to 14:00" in html
    for title in ("Workshop", "Draft fair", "Cancelled fair", "Closed fair"):
        assert title not in html
    assert html.index("Hatfield 50+ fair") < html.index("Voice forum")  # soonest first


def test_the_start_page_shows_five_fairs_at_most(client):
    for _ in range(7):
        EventFactory()
    html = page_text(client.get("/"))
    assert len(re.findall(r'href="/events/[^"/]+/"', html)) == 5


def test_the_start_page_says_when_no_fair_is_open(client):
    html = page_text(client.get("/"))
    assert "No fairs are open for registration just now." in html


def test_the_start_page_takes_few_queries_however_many_fairs(client, django_assert_max_num_queries):
    for _ in range(10):
        EventFactory()
    with django_assert_max_num_queries(3):
        response = client.get("/")
    assert response.status_code == 200


# --- The list's search -------------------------------------------------------------------------


def test_the_list_filters_by_first_date(client):
    EventFactory(title="Soon fair", starts_at=in_days_at(5))
    EventFactory(title="Later fair", starts_at=in_days_at(40))
    later = (timezone.localdate() + timedelta(days=20)).timetuple()
    query = {"date_from_day": later.tm_mday, "date_from_month": later.tm_mon}
    query["date_from_year"] = later.tm_year

    html = page_text(client.get("/events/", query))

    assert "Later fair" in html and "Soon fair" not in html


def test_a_postcode_finds_the_district_of_a_venue_in_the_same_outward_code(client):
    stevenage = DistrictFactory(name="Stevenage")
    EventFactory(title="Stevenage fair", venue=JobcentreVenueFactory(district=stevenage))
    EventFactory(
        title="Watford fair",
        venue=JobcentreVenueFactory(district=DistrictFactory(name="Watford"), postcode="WD17 1AA"),
    )

    html = page_text(client.get("/events/", {"postcode": "sg1 2ab"}))

    assert "Stevenage fair" in html and "Watford fair" not in html
    assert "Showing fairs in Stevenage, the district nearest your postcode." in html


def test_a_postcode_without_a_venue_finds_the_nearest_venue_by_centroid():
    stevenage = DistrictFactory(name="Stevenage")
    watford = DistrictFactory(name="Watford")
    JobcentreVenueFactory(district=stevenage, postcode="SG1 1XB")
    JobcentreVenueFactory(district=watford, postcode="WD17 1AA")
    PostcodeCentroid.objects.bulk_create(
        [
            PostcodeCentroid(outward_code="SG1", latitude=51.90, longitude=-0.20),
            PostcodeCentroid(outward_code="WD17", latitude=51.66, longitude=-0.40),
            PostcodeCentroid(outward_code="SG2", latitude=51.89, longitude=-0.17),
        ]
    )

    assert district_for_postcode("SG2 9XX") == stevenage
    assert district_for_postcode("ZZ9 9ZZ") is None
    assert district_for_postcode("") is None


def test_a_postcode_that_cannot_be_placed_or_is_not_a_postcode_says_so(client):
    EventFactory(title="Any fair")

    unknown = page_text(client.get("/events/", {"postcode": "ZZ9 9ZZ"}))
    nonsense = page_text(client.get("/events/", {"postcode": "hello"}))

    assert "govuk-error-summary" in unknown and "We cannot place that postcode." in unknown
    assert "Any fair" in unknown  # the list still shows every fair
    assert "Enter a postcode, like SG1 1XB." in nonsense


def test_a_district_chosen_wins_over_a_postcode(client):
    watford = DistrictFactory(name="Watford")
    EventFactory(title="Watford fair", venue=JobcentreVenueFactory(district=watford))
    stevenage = DistrictFactory(name="Stevenage")
    EventFactory(title="Stevenage fair", venue=JobcentreVenueFactory(district=stevenage))

    html = page_text(client.get("/events/", {"district": watford.pk, "postcode": "SG1 1XB"}))

    assert "Watford fair" in html and "Stevenage fair" not in html


def test_the_public_forms_show_no_raw_labels_or_dashes(client):
    event = EventFactory()
    for url in ("/", "/events/", f"/events/{event.public_id}/"):
        html = page_text(client.get(url))
        assert "---------" not in html, url
        assert not re.search(r">\s*[A-Z][a-z]+_[a-z_]+\s*<", html), url


# --- A cancelled event -------------------------------------------------------------------------


def test_a_cancelled_event_hides_places_and_add_to_calendar(client):
    event = EventFactory()
    event_cancel(event=event, by=member("jobcentre_organiser", event.organiser))

    html = page_text(client.get(f"/events/{event.public_id}/"))

    assert "This event has been cancelled." in html
    assert "places left" not in html and "place left" not in html
    assert "Add to calendar" not in html and "calendar.ics" not in html
    assert 'name="privacy_consent"' not in html


def test_the_registration_form_posts_without_a_fragment(client):
    event = EventFactory()
    html = page_text(client.get(f"/events/{event.public_id}/"))
    # The page after a refused post must open at the error summary, not at the form.
    assert re.findall(r'<form method="post" action="([^"]*)"', html) == [
        f"/events/{event.public_id}/"
    ]
