"""Employers, their contacts, and the Enterprise Advisers they lend to schools."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Organisation, Sector

companies_house_validator = RegexValidator(
    r"^(\d{8}|(SC|NI|OC|SO|NC|R0|LP|SL|NL|FC|SF|NF|GE|IP|SP|IC|SI|NP|NV|RC|SR|NR|NO|CE|CS|AC|ZC|SA|SZ|SE|SG|GS|FE|GN|NZ)\d{6})$",
    _("A Companies House number is 8 characters: 8 digits, or 2 letters and 6 digits."),
)


# The hub's policy: a DBS check is accepted for three years from its date.
DBS_VALID_YEARS = 3


def dbs_expiry(checked_on: date) -> date:
    try:
        return checked_on.replace(year=checked_on.year + DBS_VALID_YEARS)
    except ValueError:  # 29 February
        return checked_on.replace(year=checked_on.year + DBS_VALID_YEARS, day=28)


class SizeBand(models.TextChoices):
    MICRO = "micro", _("Micro (1–9 employees)")
    SMALL = "small", _("Small (10–49 employees)")
    MEDIUM = "medium", _("Medium (50–249 employees)")
    LARGE = "large", _("Large (250+ employees)")


SME_SIZE_BANDS = frozenset({SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM})


class Employer(models.Model):
    class DisabilityConfident(models.TextChoices):
        NONE = "none", _("Not signed up")
        COMMITTED = "committed", _("Disability Confident Committed")
        EMPLOYER = "employer", _("Disability Confident Employer")
        LEADER = "leader", _("Disability Confident Leader")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="employer"
    )
    name = models.CharField(_("name"), max_length=200)
    companies_house_number = models.CharField(
        _("Companies House number"),
        max_length=8,
        blank=True,
        validators=[companies_house_validator],
    )
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("sectors"))
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    is_cornerstone = models.BooleanField(_("Cornerstone Employer"), default=False)
    disability_confident = models.CharField(
        _("Disability Confident level"),
        max_length=10,
        choices=DisabilityConfident.choices,
        default=DisabilityConfident.NONE,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=~models.Q(companies_house_number=""),
                name="employer_unique_companies_house_number",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sme(self) -> bool:
        """Small or medium-sized enterprise: fewer than 250 employees."""
        return self.size_band in SME_SIZE_BANDS


class EnterpriseAdviser(models.Model):
    class Status(models.TextChoices):
        RECRUITED = "recruited", _("Recruited")
        INDUCTED = "inducted", _("Inducted")
        MATCHED = "matched", _("Matched")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")

    class DbsStatus(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        PENDING = "pending", _("Pending")
        CLEAR = "clear", _("Clear")
        EXPIRED = "expired", _("Expired")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enterprise_adviser"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="advisers", verbose_name=_("employer")
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("sectors"))
    expertise_tags = models.JSONField(_("expertise"), default=list, blank=True)
    preferred_districts = models.ManyToManyField(
        District, blank=True, related_name="+", verbose_name=_("preferred districts")
    )
    postcode = models.CharField(
        _("postcode to travel from"),
        max_length=8,
        blank=True,
        help_text=_("Leave empty to use the employer's postcode."),
    )
    max_travel_km = models.PositiveSmallIntegerField(_("will travel (km)"), default=15)
    capacity = models.PositiveSmallIntegerField(_("schools at once"), default=1)
    dbs_checked_on = models.DateField(_("DBS check date"), null=True, blank=True)
    dbs_status = models.CharField(
        _("DBS status"), max_length=15, choices=DbsStatus.choices, default=DbsStatus.NOT_STARTED
    )
    induction_done = models.BooleanField(_("induction done"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECRUITED
    )

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("Enterprise Adviser")
        verbose_name_plural = _("Enterprise Advisers")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def travel_postcode(self) -> str:
        return self.postcode or self.employer.postcode

    def dbs_valid_on(self, day: date) -> bool:
        """A clear DBS check no more than DBS_VALID_YEARS old on ``day``."""
        if self.dbs_status != self.DbsStatus.CLEAR or self.dbs_checked_on is None:
            return False
        return self.dbs_checked_on <= day <= dbs_expiry(self.dbs_checked_on)
