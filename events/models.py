"""Venues (Jobcentres among them) — events, registrations and tickets follow in later work."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Organisation


class Venue(models.Model):
    class Kind(models.TextChoices):
        JOBCENTRE = "jobcentre", _("Jobcentre")
        SCHOOL = "school", _("School")
        COLLEGE = "college", _("College")
        COMMUNITY = "community", _("Community venue")
        EMPLOYER_SITE = "employer_site", _("Employer site")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        help_text=_("For a Jobcentre: the Jobcentre whose organisers run events here."),
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("district"))
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    parking = models.BooleanField(_("parking"), default=False)
    public_transport = models.TextField(_("public transport"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name
