"""The vacancies an employer brings to its stand: checking each one, and changing them while the
application is live.

One check (``vacancy_clean``) serves the stand application form, the API and the services, so a
vacancy refused in one is refused in all, with the same code and message. A refusal names the
field (and the vacancy's position in the list) so a form or the API can put it beside the input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, District, Sector, User
from core.text import clean_text
from events.exceptions import Conflict, NotAllowed, StandError
from events.models import (
    MAX_LEVEL,
    MAX_POSTS,
    MAX_VACANCIES,
    MIN_LEVEL,
    Event,
    StandApplication,
    Vacancy,
    VacancyHours,
    VacancyType,
)
from events.permissions import acts_for_employer

_URL = URLValidator(schemes=["http", "https"])
_TEXT_LIMITS = {"title": 200, "pay": 100, "location": 200}
FLAGS = ("fifty_plus_friendly", "disability_confident", "no_experience_needed")


class VacancyError(StandError):
    """One vacancy is refused: ``field`` names the input at fault, ``index`` its place (from 0)
    in the list given."""

    code = "invalid_vacancy"

    def __init__(self, detail: str, *, code: str | None = None, field: str = "", index: int = 0):
        super().__init__(detail, code=code, field=field, index=index)
        self.field, self.index = field, index


def _whole_number(value: Any) -> int | None:
    """An int, or a string of digits; ``None`` for anything else (bools and floats included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 12:
        return int(value.strip())
    return None


def sector_find(value: Any) -> Sector | None:
    """A sector by id, slug or name (any case); ``None`` when nothing matches."""
    if isinstance(value, Sector):
        return value
    number = _whole_number(value)
    if number is not None:
        return Sector.objects.filter(pk=number).first() if 0 < number < 2**63 else None
    text = clean_text(str(value))[:100]
    if not text:
        return None
    return Sector.objects.filter(Q(slug=text.lower()) | Q(name__iexact=text)).first()


def district_find(value: Any) -> District | None:
    """A Hertfordshire district by id, slug or name (any case); ``None`` when nothing matches."""
    if isinstance(value, District):
        return value
    number = _whole_number(value)
    if number is not None:
        return District.objects.filter(pk=number).first() if 0 < number < 2**63 else None
    text = clean_text(str(value))[:100]
    if not text:
        return None
    return District.objects.filter(Q(slug=text.lower()) | Q(name__iexact=text)).first()


def _text(data: Mapping[str, Any], field: str, index: int) -> str:
    text = clean_text(str(data.get(field) or ""))
    if len(text) > _TEXT_LIMITS[field]:
        raise VacancyError(
            _("Use %(max)d characters or fewer.") % {"max": _TEXT_LIMITS[field]},
            code="vacancy_text_too_long",
            field=field,
            index=index,
        )
    return text


def _level(kind: str, value: Any, index: int) -> int | None:
    if value in (None, ""):
        if kind == VacancyType.APPRENTICESHIP:
            raise VacancyError(
                _("Give the apprenticeship's level, from 2 to 7."),
                code="vacancy_level_required",
                field="level",
                index=index,
            )
        return None
    if kind != VacancyType.APPRENTICESHIP:
        raise VacancyError(
            _("Only an apprenticeship has a level: leave it empty."),
            code="vacancy_level_not_allowed",
            field="level",
            index=index,
        )
    level = _whole_number(value)
    if level is None or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise VacancyError(
            _("An apprenticeship's level is a number from 2 to 7."),
            code="vacancy_level_invalid",
            field="level",
            index=index,
        )
    return level


def _closing_date(value: Any, today: date, kept: date | None, index: int) -> date | None:
    if value in (None, ""):
        return None
    try:
        day = value if isinstance(value, date) else parse_date(str(value))
    except ValueError:
        day = None
    if day is None:
        raise VacancyError(
            _("Enter the closing date as a real date, like 2027-03-31."),
            code="vacancy_closing_date_invalid",
            field="closing_date",
            index=index,
        )
    # A closing date already saved may pass while the vacancy is edited; a new one may not.
    if day < today and day != kept:
        raise VacancyError(
            _("The closing date must be today or in the future."),
            code="vacancy_closing_date_past",
            field="closing_date",
            index=index,
        )
    return day


def _link(value: Any, index: int) -> str:
    link = clean_text(str(value or ""))
    if not link:
        return ""
    try:
        if len(link) > 500:
            raise ValidationError("too long")
        _URL(link)
    except ValidationError:
        raise VacancyError(
            _("Enter the link as a web address starting with https:// or http://."),
            code="invalid_vacancy",
            field="link",
            index=index,
        ) from None
    return link


def _choice(data: Mapping[str, Any], field: str, choices: Any, default: str, index: int) -> str:
    value = data.get(field) or default
    if not isinstance(value, str) or value not in choices.values:
        raise VacancyError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)},
            code=f"vacancy_unknown_{field}",
            field=field,
            index=index,
        )
    return value


def vacancy_clean(
    *,
    data: Mapping[str, Any],
    index: int = 0,
    today: date | None = None,
    kept: Vacancy | None = None,
) -> dict[str, Any]:
    """One vacancy's fields checked and tidied, ready to save. ``data`` may name the sector and
    district by id, slug or name. ``kept`` is the vacancy being changed, if any.

    Refused: no title; an unknown type, hours, sector or district; an apprenticeship without a
    level from 2 to 7, or a level on anything else; posts not from 1 to ``MAX_POSTS``; a closing
    date in the past; a link that is not http(s)."""
    today = today or timezone.localdate()
    title = _text(data, "title", index)
    if not title:
        raise VacancyError(
            _("Enter the job title."), code="invalid_vacancy", field="title", index=index
        )
    kind = _choice(data, "type", VacancyType, VacancyType.JOB, index)
    posts = _whole_number(data.get("posts", 1))
    if posts is None or not 1 <= posts <= MAX_POSTS:
        raise VacancyError(
            _("The number of posts is a whole number from 1 to %(max)d.") % {"max": MAX_POSTS},
            code="vacancy_posts_invalid",
            field="posts",
            index=index,
        )
    sector = district = None
    if data.get("sector") not in (None, ""):
        sector = sector_find(data["sector"])
        if sector is None:
            raise VacancyError(
                _("Unknown sector: choose one from the list."),
                code="vacancy_unknown_sector",
                field="sector",
                index=index,
            )
    if data.get("district") not in (None, ""):
        district = district_find(data["district"])
        if district is None:
            raise VacancyError(
                _("Unknown district: choose one of Hertfordshire's ten districts."),
                code="vacancy_unknown_district",
                field="district",
                index=index,
            )
    return {
        "title": title,
        "type": kind,
        "level": _level(kind, data.get("level"), index),
        "sector": sector,
        "posts": posts,
        "hours": _choice(data, "hours", VacancyHours, VacancyHours.FULL_TIME, index),
        "pay": _text(data, "pay", index),
        "district": district,
        "location": _text(data, "location", index),
        "closing_date": _closing_date(
            data.get("closing_date"), today, kept.closing_date if kept else None, index
        ),
        "link": _link(data.get("link"), index),
        **{flag: bool(data.get(flag)) for flag in FLAGS},
        "filled": bool(data.get("filled")),
    }


def vacancies_clean(
    *, vacancies: Sequence[Mapping[str, Any]], today: date | None = None
) -> list[dict[str, Any]]:
    """A stand application's vacancies checked (``vacancy_clean``), at most ``MAX_VACANCIES``."""
    if len(vacancies) > MAX_VACANCIES:
        raise StandError(
            _("Give at most %(max)d vacancies.") % {"max": MAX_VACANCIES},
            code="too_many_vacancies",
        )
    return [
        vacancy_clean(data=vacancy, index=index, today=today)
        for index, vacancy in enumerate(vacancies)
    ]


def vacancies_editable(application: StandApplication) -> bool:
    """Whether the employer may still change the vacancies: a live application to an event that
    is neither cancelled, completed nor over."""
    event = application.event
    return (
        application.status in StandApplication.LIVE_STATUSES
        and event.status == Event.Status.PUBLISHED
        and event.ends_at > timezone.now()
    )


@transaction.atomic
def stand_vacancies_update(
    *, application: StandApplication, by: User, vacancies: Sequence[Mapping[str, Any]]
) -> list[Vacancy]:
    """The employer's contacts replace the list of vacancies on a live application: an item
    with the ``id`` of one of its vacancies changes it (``filled`` marks it filled or closed),
    one without adds a vacancy, and a vacancy left out is removed. All or nothing."""
    application = (
        StandApplication.objects.select_for_update()
        .select_related("event", "employer")
        .get(pk=application.pk)
    )
    if not acts_for_employer(by, application.employer):
        raise NotAllowed(_("Only the employer's contacts can change its vacancies."))
    if not vacancies_editable(application):
        raise Conflict(
            _("This application is closed or the event is over: its vacancies cannot change."),
            code="vacancies_closed",
        )
    if len(vacancies) > MAX_VACANCIES:
        raise StandError(
            _("Give at most %(max)d vacancies.") % {"max": MAX_VACANCIES},
            code="too_many_vacancies",
        )
    existing = {vacancy.pk: vacancy for vacancy in application.vacancies.all()}
    before = {pk: _audited_fields(vacancy) for pk, vacancy in existing.items()}
    today = timezone.localdate()
    saved: list[Vacancy] = []
    for index, data in enumerate(vacancies):
        vacancy_id = _whole_number(data.get("id")) if data.get("id") not in (None, "") else None
        kept = existing.get(vacancy_id) if vacancy_id is not None else None
        if vacancy_id is not None and (kept is None or kept in saved):
            raise VacancyError(
                _("This vacancy is not one of this application's."),
                code="vacancy_not_found",
                field="id",
                index=index,
            )
        fields = vacancy_clean(data=data, index=index, today=today, kept=kept)
        vacancy = kept or Vacancy(application=application)
        for name, value in fields.items():
            setattr(vacancy, name, value)
        saved.append(vacancy)
    Vacancy.objects.filter(application=application).exclude(
        pk__in=[vacancy.pk for vacancy in saved if vacancy.pk]
    ).delete()
    for vacancy in saved:
        vacancy.save()
    _vacancies_audit(application, by, before, saved)
    return saved


def _audited_fields(vacancy: Vacancy) -> dict[str, Any]:
    """A vacancy's fields as the audit log keeps them (related rows by id, dates as text)."""
    values: dict[str, Any] = {}
    for field in Vacancy._meta.concrete_fields:
        if field.primary_key or field.name in {"application", "created_at", "updated_at"}:
            continue  # the row's own bookkeeping, not what the employer said
        value = getattr(vacancy, field.attname)
        values[field.name] = value.isoformat() if isinstance(value, date) else value
    return values


def _vacancies_audit(
    application: StandApplication,
    by: User,
    before: dict[int, dict[str, Any]],
    saved: list[Vacancy],
) -> None:
    """One entry for the change: the vacancies added (titles), changed (each field's old and
    new value) and removed (their titles); nothing when nothing changed."""
    added = [vacancy.title for vacancy in saved if vacancy.pk not in before]
    changed: dict[str, dict[str, list[Any]]] = {}
    for vacancy in saved:
        old = before.get(vacancy.pk)
        if old is None:
            continue
        new = _audited_fields(vacancy)
        diff = {name: [old[name], new[name]] for name in new if old.get(name) != new[name]}
        if diff:
            changed[str(vacancy.pk)] = diff
    kept = {vacancy.pk for vacancy in saved}
    removed = [fields["title"] for pk, fields in before.items() if pk not in kept]
    if not (added or changed or removed):
        return
    audit_record(
        actor=by,
        action=AuditAction.STAND_VACANCIES,
        target=application,
        label=f"{application.employer.name} — {application.event.title}",
        details={"added": added, "changed": changed, "removed": removed},
    )


def stand_vacancies_create(
    *, application: StandApplication, vacancies: Sequence[Mapping[str, Any]]
) -> list[Vacancy]:
    """Save the vacancies of a new application (already checked by ``vacancies_clean``)."""
    return Vacancy.objects.bulk_create(
        Vacancy(application=application, **fields) for fields in vacancies
    )
