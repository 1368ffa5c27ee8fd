"""Reads for the role home pages (dashboards grow here as encounters and measures arrive)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from accounts.models import Organisation, Role, User
from accounts.permissions import visible
from employers.models import Employer, EnterpriseAdviser
from events.models import Venue
from schools.models import Hub, School


@dataclass
class HomeSummary:
    role: str | None
    organisations: list[Organisation] = field(default_factory=list)
    figures: list[tuple[str, int]] = field(default_factory=list)


def home_summary(*, user: User) -> HomeSummary:
    """What a user's home page shows first: their organisations and a few counts they own."""
    from django.utils.translation import gettext as _

    role = user.primary_role
    organisations = list(visible(user, Organisation.objects.filter(pk__in=user.organisation_ids())))
    figures: list[tuple[str, int]] = []
    if role in {Role.COORDINATOR, Role.LEAD, Role.ADMIN}:
        schools = visible(user, School.objects.all())
        figures = [
            (_("Careers Hubs"), visible(user, Hub.objects.all()).count()),
            (_("Schools and colleges"), schools.count()),
            (_("Employers"), visible(user, Employer.objects.all()).count()),
            (_("Enterprise Advisers"), visible(user, EnterpriseAdviser.objects.all()).count()),
        ]
    elif role == Role.JOBCENTRE_ORGANISER:
        venues = Venue.objects.filter(organisation_id__in=user.organisation_ids(role))
        figures = [(_("Venues you run events at"), venues.count())]
    elif role == Role.CAREERS_LEADER:
        rolls = (
            visible(user, School.objects.all())
            .aggregate(pupils=Count("year_groups__pupils"))
            .get("pupils")
        )
        figures = [(_("Year groups on roll"), rolls or 0)]
    elif role in {Role.EMPLOYER_CONTACT, Role.ENTERPRISE_ADVISER}:
        figures = [
            (_("Enterprise Advisers"), visible(user, EnterpriseAdviser.objects.all()).count())
        ]
    return HomeSummary(role=role, organisations=organisations, figures=figures)
