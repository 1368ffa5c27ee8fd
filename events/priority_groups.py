"""The strategy's priority groups asked at registration: optional, stored only with consent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils.translation import gettext as _

from events.exceptions import RegistrationError
from events.models import PREFER_NOT_TO_SAY, PriorityGroup, Registration, RegistrationPriorityGroup


def priority_groups_clean(*, groups: Sequence[str], consent: bool) -> list[str]:
    """The groups to keep, in the list's order. Refused: a group not in the list, "prefer not to
    say" with a group, or groups without the person's consent to use them."""
    chosen = set(groups)
    if chosen - set(PriorityGroup.values):
        raise RegistrationError(
            _("Choose the groups you belong to from the list."), code="invalid_priority_group"
        )
    if PREFER_NOT_TO_SAY in chosen and len(chosen) > 1:
        raise RegistrationError(
            _("Choose the groups you belong to, or “Prefer not to say”, not both."),
            code="invalid_priority_group",
        )
    if chosen and not consent:
        raise RegistrationError(
            _("Tick the box to agree that we count these answers, or leave the groups empty."),
            code="priority_groups_consent_required",
        )
    return [code for code in PriorityGroup.values if code in chosen]


def priority_groups_store(
    *, registration: Registration, groups: Sequence[str], now: datetime
) -> None:
    """Save the groups checked by ``priority_groups_clean`` (inside the registration's
    transaction)."""
    RegistrationPriorityGroup.objects.bulk_create(
        RegistrationPriorityGroup(registration=registration, group=group, consented_at=now)
        for group in groups
    )
