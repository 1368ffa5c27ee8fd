"""The audit trail of exports: who took which figures out of the system, when, and from where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportLog(models.Model):
    """One export of the engagement figures (a file: CSV or XLSX). Written, never edited."""

    class Kind(models.TextChoices):
        WEB = "web", _("From a dashboard")
        API = "api", _("From the API")
        COMMAND = "command", _("From the export_engagement command")

    class Content(models.TextChoices):
        SUMMARY = "summary", _("Summary")
        ENCOUNTERS = "encounters", _("Every encounter")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    # None: the system (the command, run by whoever can run commands on the server).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("from"), max_length=10, choices=Kind.choices)
    content = models.CharField(_("what"), max_length=12, choices=Content.choices)
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    params = models.JSONField(_("period, grouping and filters"), default=dict, blank=True)
    # Null until the file is complete: a download the client abandoned stays visible as such.
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self) -> str:
        who = self.user or _("system")
        return f"{who} — {self.content} {self.format} — {self.created_at:%Y-%m-%d %H:%M}"
