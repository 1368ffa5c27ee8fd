"""Careers Hubs, schools and colleges, and their pupils' year groups."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Organisation, Sector

urn_validator = RegexValidator(r"^\d{6}$", _("A URN is six digits, for example 117512."))
postcode_validator = RegexValidator(
    r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$",
    _("Enter a UK postcode, for example AL10 9AB."),
)


class Hub(models.Model):
    """A Careers Hub: a group of schools and colleges in an area, run by its coordinators."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="hub", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    area = models.CharField(_("area"), max_length=200, blank=True)
    districts = models.ManyToManyField(District, blank=True, verbose_name=_("districts"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("Careers Hub")
        verbose_name_plural = _("Careers Hubs")

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Phase(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        ALL_THROUGH = "all_through", _("All-through")
        SPECIAL = "special", _("Special school")
        ALTERNATIVE_PROVISION = "alternative_provision", _("Alternative provision")
        FE_COLLEGE = "fe_college", _("Further education college")
        SIXTH_FORM = "sixth_form", _("Sixth form")
        INDEPENDENT = "independent", _("Independent school")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="school",
        verbose_name=_("organisation"),
    )
    urn = models.CharField(_("URN"), max_length=6, unique=True, validators=[urn_validator])
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="schools", verbose_name=_("district")
    )
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices)
    postcode = models.CharField(
        _("postcode"), max_length=8, blank=True, validators=[postcode_validator]
    )
    hub = models.ForeignKey(
        Hub,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("Careers Hub"),
    )
    adviser_wishes = models.TextField(_("what the school wants from an adviser"), blank=True)
    adviser_wish_tags = models.JSONField(_("adviser wish tags"), default=list, blank=True)
    adviser_wish_sectors = models.ManyToManyField(
        Sector, blank=True, verbose_name=_("sectors the school would like an adviser from")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("school or college")
        verbose_name_plural = _("schools and colleges")

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"


class GatsbyBenchmark(models.IntegerChoices):
    STABLE_PROGRAMME = 1, _("1. A stable careers programme")
    LABOUR_MARKET = 2, _("2. Learning from career and labour market information")
    EACH_PUPIL = 3, _("3. Addressing the needs of each pupil")
    CURRICULUM = 4, _("4. Linking curriculum learning to careers")
    EMPLOYERS = 5, _("5. Encounters with employers and employees")
    WORKPLACES = 6, _("6. Experiences of workplaces")
    FURTHER_HIGHER_EDUCATION = 7, _("7. Encounters with further and higher education")
    PERSONAL_GUIDANCE = 8, _("8. Personal guidance")


class BenchmarkAssessment(models.Model):
    """A school's self-assessment against the 8 Gatsby benchmarks, as percentages, on a date."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="benchmark_assessments"
    )
    assessed_on = models.DateField(_("assessed on"))
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    benchmark_1 = models.PositiveSmallIntegerField(_("Benchmark 1 (%)"))
    benchmark_2 = models.PositiveSmallIntegerField(_("Benchmark 2 (%)"))
    benchmark_3 = models.PositiveSmallIntegerField(_("Benchmark 3 (%)"))
    benchmark_4 = models.PositiveSmallIntegerField(_("Benchmark 4 (%)"))
    benchmark_5 = models.PositiveSmallIntegerField(_("Benchmark 5 (%)"))
    benchmark_6 = models.PositiveSmallIntegerField(_("Benchmark 6 (%)"))
    benchmark_7 = models.PositiveSmallIntegerField(_("Benchmark 7 (%)"))
    benchmark_8 = models.PositiveSmallIntegerField(_("Benchmark 8 (%)"))

    class Meta:
        ordering = ["school", "-assessed_on"]
        get_latest_by = "assessed_on"
        verbose_name = _("benchmark self-assessment")
        verbose_name_plural = _("benchmark self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "assessed_on"], name="assessment_unique_school_date"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"benchmark_{n}__lte": 100}),
                    name=f"assessment_benchmark_{n}_percentage",
                )
                for n in range(1, 9)
            ],
        ]

    def __str__(self) -> str:
        return f"{self.school} — {self.assessed_on}"

    @property
    def scores(self) -> dict[int, int]:
        """{benchmark number: percentage} for the 8 benchmarks."""
        return {n: getattr(self, f"benchmark_{n}") for n in range(1, 9)}

    def weakest(self, count: int = 3) -> list[int]:
        """The ``count`` benchmarks with the lowest percentages (ties: lower number first)."""
        return sorted(self.scores, key=lambda n: (self.scores[n], n))[:count]


class YearGroupRoll(models.Model):
    """Pupils on roll in one year group (7–13): the denominators of Gatsby Benchmark 5."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="year_groups")
    year_group = models.PositiveSmallIntegerField(
        _("year group"), choices=[(year, _("Year %(n)d") % {"n": year}) for year in range(7, 14)]
    )
    pupils = models.PositiveIntegerField(_("pupils on roll"))

    class Meta:
        ordering = ["school", "year_group"]
        verbose_name = _("year group roll")
        verbose_name_plural = _("year group rolls")
        constraints = [
            models.UniqueConstraint(fields=["school", "year_group"], name="roll_unique_school_year")
        ]

    def __str__(self) -> str:
        return f"{self.school} — Year {self.year_group}: {self.pupils}"
