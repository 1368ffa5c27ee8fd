"""The barriers to work people raise — at Voice of the Customer forums and in feedback after an
event — sorted into one list of themes, so a theme counts the same wherever it was raised.
The values are stored and published: keep them when a label changes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BarrierTheme(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    HEALTH_AND_DISABILITY = "health_and_disability", _("Health and disability")
    CARING_RESPONSIBILITIES = "caring_responsibilities", _("Caring responsibilities")
    CONFIDENCE = "confidence", _("Confidence")
    DIGITAL_ACCESS = "digital_access", _("Digital access")
    EMPLOYER_ATTITUDES = "employer_attitudes", _("Employer attitudes")
    IN_WORK_SUPPORT = "in_work_support", _("In-work support")
    BENEFITS_AND_WORK = "benefits_and_work", _("Benefits and work")
    SKILLS_AND_QUALIFICATIONS = "skills_and_qualifications", _("Skills and qualifications")
    OTHER = "other", _("Other")
