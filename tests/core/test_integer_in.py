"""Numbers past 64 bits match nothing in an integer ``in`` and a foreign key's ``exact`` and
``in`` instead of failing (SQLite cannot bind them): forms that post lists of ids say so on the
field, and paths with such an id are a 404, not a 500."""

from __future__ import annotations

import pytest

from accounts.models import Role, Sector
from employers.models import Employer, EnterpriseAdviser
from events.models import Event
from schools.models import School
from tests.factories import (
    HubFactory,
    JobcentreVenueFactory,
    SectorFactory,
    event_form_data,
    member,
)

pytestmark = pytest.mark.django_db

HUGE = 10**23


def test_a_number_no_column_holds_matches_nothing_and_keeps_the_others():
    kept = SectorFactory()

    assert not Sector.objects.filter(pk__in=[HUGE, -HUGE]).exists()
    assert list(Sector.objects.filter(pk__in=[HUGE, kept.pk])) == [kept]
    assert Sector.objects.exclude(pk__in=[HUGE]).count() == Sector.objects.count()
    assert list(Sector.objects.filter(pk__in=[str(HUGE), str(kept.pk)])) == [kept]
    # The largest 64-bit number is still asked for as itself.
    assert not Sector.objects.filter(pk__in=[2**63 - 1]).exists()


def test_an_event_form_with_a_sector_id_past_64_bits_is_refused_on_the_field(client):
    venue = JobcentreVenueFactory()
    client.force_login(member(Role.JOBCENTRE_ORGANISER, venue.organisation))

    sector_focus = [str(SectorFactory().pk), str(HUGE)]

    response = client.post("/events/manage/new/", event_form_data(venue, sector_focus=sector_focus))

    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("path", "field", "model"),
    [
        ("/employers/new/", "sectors", Employer),
        ("/schools/new/", "adviser_wish_sectors", School),
        ("/employers/advisers/new/", "sectors", EnterpriseAdviser),
        ("/employers/advisers/new/", "preferred_districts", EnterpriseAdviser),
    ],
)
def test_a_list_of_ids_with_one_past_64_bits_is_refused_on_the_field(client, path, field, model):
    client.force_login(member(Role.COORDINATOR, HubFactory().organisation))

    response = client.post(path, {"name": "Acme", "full_name": "Ada", field: [str(HUGE)]})

    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert not model.objects.exists()


def test_a_foreign_key_past_64_bits_matches_nothing_by_exact_or_in():
    from events.models import Event
    from tests.factories import EventFactory

    event = EventFactory()
    venue = event.venue_id

    assert not Event.objects.filter(venue_id=HUGE).exists()
    assert not Event.objects.filter(venue_id__in=[HUGE]).exists()
    assert list(Event.objects.filter(venue_id__in=[HUGE, venue])) == [event]
    assert list(Event.objects.exclude(venue_id=HUGE)) == [event]


def test_an_api_path_with_an_id_past_64_bits_is_a_json_404(client):
    client.force_login(member(Role.ADMIN))

    response = client.get(f"/api/v1/stands/{HUGE}/visits/1/outcome/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
