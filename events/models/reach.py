"""Who we reach: the strategy's priority groups a person said, optionally and with consent, they
belong to when registering. One row per group chosen, so reach is counted in SQL per group."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.registrations import PREFER_NOT_TO_SAY


class PriorityGroup(models.TextChoices):
    # Stored and counted: keep the values when a label changes.
    NEET = "neet", _("Young person not in education, employment or training")
    CARE_LEAVER = "care_leaver", _("Care leaver")
    CARER = "carer", _("Carer")
    EX_OFFENDER = "ex_offender", _("Ex-offender")
    HOMELESS = "homeless", _("Homeless")
    HEALTH_CONDITION = "health_condition", _("Living with a health condition")
    AGED_50_PLUS = "aged_50_plus", _("Aged 50 or over")
    DISABLED = "disabled", _("Disabled")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, _("Prefer not to say")


class RegistrationPriorityGroup(models.Model):
    """One priority group one registration said it belongs to (given with consent)."""

    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="priority_groups"
    )
    group = models.CharField(_("priority group"), max_length=20, choices=PriorityGroup.choices)
    consented_at = models.DateTimeField(_("consent given"))

    class Meta:
        verbose_name = _("priority group answer")
        verbose_name_plural = _("priority group answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "group"], name="priority_group_once_per_registration"
            )
        ]

    def __str__(self) -> str:
        return self.group
