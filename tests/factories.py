"""factory_boy factories for every model; tests build exactly the data they need."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import District, Membership, Organisation, OrganisationKind, Role, Sector, User
from employers.models import Employer, EnterpriseAdviser, SizeBand
from events.models import Event, EventKind, Registration, Venue
from schools.models import Hub, School, YearGroupRoll

PASSWORD = "correct-horse-battery-staple"


class PlainName(factory.Faker):
    """A British name without apostrophes: tests find names in HTML, where Django escapes
    "O'Brien" to "O&#x27;Brien". Tests about escaping give such a name explicitly."""

    def evaluate(self, instance, step, extra):
        return super().evaluate(instance, step, extra).replace("'", "")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = PlainName("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"primary": True, "verified": True}
            )


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Iterator(["Stevenage", "Watford", "Dacorum", "St Albans", "Broxbourne"])
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("name",)

    name = factory.Iterator(["Digital", "Life sciences", "Health and social care"])
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    group = Sector.Group.PRIORITY


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.EMPLOYER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.EMPLOYER_CONTACT


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Careers Hub {n}")
    organisation = factory.SubFactory(
        OrganisationFactory, name=factory.SelfAttribute("..name"), kind=OrganisationKind.HUB
    )
    area = "Hertfordshire"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n}")
    urn = factory.Sequence(lambda n: f"{110000 + n:06d}")
    organisation = factory.SubFactory(
        OrganisationFactory, name=factory.SelfAttribute("..name"), kind=OrganisationKind.SCHOOL
    )
    district = factory.SubFactory(DistrictFactory)
    phase = School.Phase.SECONDARY
    postcode = "SG1 1AA"
    hub = factory.SubFactory(HubFactory)


class YearGroupRollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearGroupRoll

    school = factory.SubFactory(SchoolFactory)
    year_group = 9
    pupils = 180


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Employer {n} Ltd")
    organisation = factory.SubFactory(
        OrganisationFactory, name=factory.SelfAttribute("..name"), kind=OrganisationKind.EMPLOYER
    )
    size_band = SizeBand.SMALL
    district = factory.SubFactory(DistrictFactory)


class EnterpriseAdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseAdviser

    user = factory.SubFactory(UserFactory)
    employer = factory.SubFactory(EmployerFactory)
    occupation = "Operations director"
    induction_done = True
    dbs_status = EnterpriseAdviser.DbsStatus.CLEAR


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    kind = Venue.Kind.COMMUNITY
    district = factory.SubFactory(DistrictFactory)


def member(role: str, organisation: Organisation | None = None, **user_fields: object) -> User:
    """A signed-up user holding ``role`` in ``organisation`` (one of the right kind if omitted)."""
    kind = {
        Role.COORDINATOR: OrganisationKind.HUB,
        Role.JOBCENTRE_ORGANISER: OrganisationKind.JOBCENTRE,
        Role.EMPLOYER_CONTACT: OrganisationKind.EMPLOYER,
        Role.ENTERPRISE_ADVISER: OrganisationKind.EMPLOYER,
        Role.CAREERS_LEADER: OrganisationKind.SCHOOL,
        Role.LEAD: OrganisationKind.PARTNER,
        Role.ADMIN: OrganisationKind.PARTNER,
    }[role]
    user = UserFactory(**user_fields)
    MembershipFactory(
        user=user, organisation=organisation or OrganisationFactory(kind=kind), role=role
    )
    return user


# --- events ------------------------------------------------------------------------------------


def in_days_at(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware Europe/London datetime ``days`` from today at ``hour``:``minute``."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


class JobcentreVenueFactory(VenueFactory):
    name = factory.Sequence(lambda n: f"Jobcentre {n}")
    kind = Venue.Kind.JOBCENTRE
    organisation = factory.SubFactory(
        OrganisationFactory, name=factory.SelfAttribute("..name"), kind=OrganisationKind.JOBCENTRE
    )
    address = "Swingate House\nDanestrete"
    postcode = "SG1 1XB"


class EventFactory(factory.django.DjangoModelFactory):
    """A published jobs fair a fortnight away, registration open, run by its Jobcentre."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.JOBS_FAIR
    title = factory.Sequence(lambda n: f"Jobs fair {n}")
    venue = factory.SubFactory(JobcentreVenueFactory)
    organiser = factory.LazyAttribute(lambda o: o.venue.organisation)
    starts_at = factory.LazyFunction(lambda: in_days_at(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    capacity = 100
    stand_capacity = 10
    max_representatives_per_stand = 3
    audiences = factory.LazyFunction(lambda: ["jobseekers", "fifty_plus", "employers"])
    status = Event.Status.PUBLISHED


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A bare registration row (no ticket) for reads; writes go through the services."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = PlainName("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"attendee{n}@example.net")
    category = "jobseeker"
    privacy_consent_at = factory.LazyFunction(timezone.now)


def event_form_data(venue: Venue, **overrides: object) -> dict[str, object]:
    """What the organiser's event form posts for a jobs fair at ``venue`` 30 days from today,
    ``overrides`` replacing or adding fields."""
    from core.dates import date_input_data

    day = timezone.localdate() + timedelta(days=30)
    data: dict[str, object] = {
        "organiser": venue.organisation_id,
        "kind": "jobs_fair",
        "title": "Hitchin jobs fair",
        "description": "Twenty employers with vacancies.",
        "venue": venue.pk,
        **date_input_data("start_date", day),
        "start_time": "10:00",
        "end_time": "14:00",
        "audiences": ["jobseekers", "fifty_plus"],
        "capacity": "150",
        "stand_capacity": "20",
        "max_representatives_per_stand": "3",
    }
    data.update(overrides)
    return data
