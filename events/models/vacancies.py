"""Vacancies an employer brings to a stand: typed records an attendee can filter, not free text.

The database holds what it can on its own: at least one post, a level only on an apprenticeship
(and one from 2 to 7 on every apprenticeship). "Not closing in the past" depends on the day it is
saved, so the services check it (``events.services.vacancies``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_LEVEL, MAX_LEVEL = 2, 7
MAX_POSTS = 1000  # more posts than any stand at a Hertfordshire fair has brought: a typing slip
MAX_VACANCIES = 30  # per stand application


class VacancyType(models.TextChoices):
    JOB = "job", _("Job")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    TRAINEESHIP = "traineeship", _("Traineeship")
    SBWA = "sbwa", _("Sector-based work academy")
    WORK_EXPERIENCE = "work_experience", _("Work experience")
    VOLUNTEERING = "volunteering", _("Volunteering")


class VacancyHours(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    FLEXIBLE = "flexible", _("Flexible")


class Vacancy(models.Model):
    """One vacancy (of one or more posts) an employer brings to its stand at a fair."""

    application = models.ForeignKey(
        "events.StandApplication",
        on_delete=models.CASCADE,
        related_name="vacancies",
        verbose_name=_("stand application"),
    )
    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(
        _("type"), max_length=20, choices=VacancyType.choices, default=VacancyType.JOB
    )
    level = models.PositiveSmallIntegerField(
        _("apprenticeship level"),
        null=True,
        blank=True,
        help_text=_("Apprenticeships only: level 2 (intermediate) to 7 (master's degree)."),
    )
    sector = models.ForeignKey(
        "accounts.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    posts = models.PositiveIntegerField(_("number of posts"), default=1)
    hours = models.CharField(
        _("hours"), max_length=10, choices=VacancyHours.choices, default=VacancyHours.FULL_TIME
    )
    pay = models.CharField(_("pay"), max_length=100, blank=True)
    district = models.ForeignKey(
        "accounts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    link = models.URLField(_("link to the advert"), max_length=500, blank=True)
    fifty_plus_friendly = models.BooleanField(_("open to people aged 50+"), default=False)
    disability_confident = models.BooleanField(_("Disability Confident employer"), default=False)
    no_experience_needed = models.BooleanField(_("no experience needed"), default=False)
    filled = models.BooleanField(
        _("filled or closed"),
        default=False,
        help_text=_("Filled or withdrawn: it no longer shows to attendees."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(posts__gte=1, posts__lte=MAX_POSTS),
                name="vacancy_posts_in_range",
            ),
            models.CheckConstraint(
                condition=(
                    # "IS NOT NULL" spelled out: a NULL level leaves the check unknown, so passed.
                    models.Q(
                        type="apprenticeship",
                        level__isnull=False,
                        level__gte=MIN_LEVEL,
                        level__lte=MAX_LEVEL,
                    )
                    | (~models.Q(type="apprenticeship") & models.Q(level__isnull=True))
                ),
                name="vacancy_level_only_for_apprenticeships",
            ),
        ]
        indexes = [models.Index(fields=["type", "filled"], name="vacancy_type_filled")]

    def __str__(self) -> str:
        return self.title


def vacancies_from_legacy(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows for the vacancies once kept as a list of ``{"title", "count", "link"}`` on a stand
    application: each a job of ``count`` posts (1 when missing or unreadable). An item without
    a title, or one that is not an object, is skipped: there is nothing to show for it."""
    rows = []
    for item in items or ():
        if not isinstance(item, Mapping):
            continue
        title = " ".join(str(item.get("title") or "").split())[:200]
        if not title:
            continue
        count = item.get("count")
        posts = count if isinstance(count, int) and not isinstance(count, bool) else 1
        link = str(item.get("link") or "").strip()
        rows.append(
            {
                "title": title,
                "type": VacancyType.JOB.value,
                "posts": min(max(posts, 1), MAX_POSTS),
                "link": link[:500] if link.lower().startswith(("http://", "https://")) else "",
            }
        )
    return rows
