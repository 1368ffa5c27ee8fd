"""The loader's tools: seeded generators, bulk upserts, the invented facts and the report.

Invented numbers come from ``random.Random`` seeded from 2026 and the row's natural key, so a
new row of demo data does not change the rows before it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import IO, Any

from django.contrib.auth.hashers import check_password
from django.db import models

from accounts.models import Role, User
from demo import data
from employers.models import EnterpriseAdviser

# Letters used in the inward part of a UK postcode (never C, I, K, M, O or V).
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_SIXTH_FORM_PHASES = {data.FE_COLLEGE, data.SIXTH_FORM}


def seeded_rng(*key: object) -> random.Random:
    """A generator seeded from 2026 and one row's natural key (stable when rows are added)."""
    seed = f"{data.SEED}:" + ":".join(str(part) for part in key)
    return random.Random(seed)  # noqa: S311  (invented demo numbers, not secrets)


def invented_postcode(rng: random.Random, outward: str) -> str:
    letters = "".join(rng.choice(_INWARD_LETTERS) for _letter in range(2))
    return f"{outward} {rng.randint(1, 9)}{letters}"


class Tally:
    def __init__(self) -> None:
        self.created = 0
        self.updated = 0


def upsert(
    model: type[models.Model],
    keys: Sequence[str],
    rows: Iterable[dict[str, Any]],
    tally: Tally,
) -> dict[tuple[Any, ...], Any]:
    """Create the missing rows and bring the existing ones to ``rows``' values, in bulk.

    Rows are found by ``keys`` (their natural key). Returns key → saved instance.
    """
    rows = list(rows)
    first = keys[0]
    existing = {
        tuple(getattr(obj, key) for key in keys): obj
        for obj in model._default_manager.filter(**{f"{first}__in": {row[first] for row in rows}})
    }
    result: dict[tuple[Any, ...], Any] = {}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    for row in rows:
        key = tuple(row[key_field] for key_field in keys)
        obj = existing.get(key)
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
        else:
            changed = [field for field, value in row.items() if getattr(obj, field) != value]
            if changed:
                for field in changed:
                    setattr(obj, field, row[field])
                changed_fields.update(changed)
                to_update.append(obj)
        result[key] = obj
    if to_create:
        model._default_manager.bulk_create(to_create)
        tally.created += len(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields))
        tally.updated += len(to_update)
    return result


def sync_m2m(
    model: type[models.Model], field_name: str, wanted: set[tuple[int, int]], tally: Tally
) -> None:
    """Make ``model.field_name`` hold exactly ``wanted`` (source id, target id) for its sources."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.ManyToManyField):
        raise TypeError(f"{model.__name__}.{field_name} is not a many-to-many field.")
    through: Any = field.remote_field.through
    source = f"{field.m2m_field_name()}_id"
    target = f"{field.m2m_reverse_field_name()}_id"
    sources = {pair[0] for pair in wanted}
    existing = set(
        through._default_manager.filter(**{f"{source}__in": sources}).values_list(source, target)
    )
    missing = wanted - existing
    if missing:
        through._default_manager.bulk_create(
            [through(**{source: a, target: b}) for a, b in sorted(missing)]
        )
        tally.created += len(missing)
    for a, b in sorted(existing - wanted):
        through._default_manager.filter(**{source: a, target: b}).delete()
        tally.updated += 1


def pupils_by_year(urn: str, phase: str, sixth_form: bool) -> dict[int, int]:
    rng = seeded_rng("roll", urn)
    if phase == data.FE_COLLEGE:
        return {12: rng.randint(700, 1400), 13: rng.randint(500, 1000)}
    if phase == data.SIXTH_FORM:
        return {12: rng.randint(550, 900), 13: rng.randint(500, 850)}
    if phase == data.SPECIAL:
        rolls = {year: rng.randint(8, 22) for year in range(7, 12)}
        if sixth_form:
            rolls.update({12: rng.randint(5, 14), 13: rng.randint(4, 12)})
        return rolls
    if phase == data.ALTERNATIVE_PROVISION:
        return {
            year: rng.randint(2, 6) if year < 9 else rng.randint(6, 18) for year in range(7, 12)
        }
    cohort = 30 * rng.randint(4, 9)
    rolls = {year: cohort + rng.randint(-12, 8) for year in range(7, 12)}
    if sixth_form:
        rolls.update(
            {12: int(cohort * rng.uniform(0.35, 0.55)), 13: int(cohort * rng.uniform(0.3, 0.5))}
        )
    return rolls


def wish_tags(urn: str, phase: str) -> list[str]:
    rng = seeded_rng("wishes", urn)
    tags = set(rng.sample(data.EXPERTISE_TAGS, rng.randint(1, 3)))
    if phase in {data.SPECIAL, data.ALTERNATIVE_PROVISION}:
        tags.add("SEND")
    if phase in _SIXTH_FORM_PHASES:
        tags.add("apprenticeships")
    return [tag for tag in data.EXPERTISE_TAGS if tag in tags]


def adviser_facts(email: str, index: int) -> dict[str, Any]:
    """Capacity, DBS, induction and status for one adviser, varied but deterministic."""
    rng = seeded_rng("adviser", email)
    status_cycle = [
        EnterpriseAdviser.Status.MATCHED,
        EnterpriseAdviser.Status.INDUCTED,
        EnterpriseAdviser.Status.MATCHED,
        EnterpriseAdviser.Status.INDUCTED,
        EnterpriseAdviser.Status.RECRUITED,
        EnterpriseAdviser.Status.MATCHED,
        EnterpriseAdviser.Status.INDUCTED,
        EnterpriseAdviser.Status.PAUSED,
        EnterpriseAdviser.Status.MATCHED,
        EnterpriseAdviser.Status.INDUCTED,
        EnterpriseAdviser.Status.RECRUITED,
        EnterpriseAdviser.Status.LEFT,
        EnterpriseAdviser.Status.MATCHED,
    ]
    status = status_cycle[index % len(status_cycle)]
    expertise = set(rng.sample(data.EXPERTISE_TAGS, rng.randint(2, 3)))
    if email in {user[0] for user in data.DEMO_USERS}:
        status = EnterpriseAdviser.Status.INDUCTED
    clear_on = date(2023, 9, 1) + timedelta(days=rng.randint(0, 680))
    dbs_status = EnterpriseAdviser.DbsStatus.CLEAR
    dbs_checked_on: date | None = clear_on
    induction_done = True
    if status == EnterpriseAdviser.Status.RECRUITED:
        induction_done = False
        dbs_status = (
            EnterpriseAdviser.DbsStatus.PENDING
            if index % 2
            else EnterpriseAdviser.DbsStatus.NOT_STARTED
        )
        dbs_checked_on = None
    elif status in {EnterpriseAdviser.Status.PAUSED, EnterpriseAdviser.Status.LEFT}:
        dbs_status = EnterpriseAdviser.DbsStatus.EXPIRED
        dbs_checked_on = date(2019, 6, 1) + timedelta(days=rng.randint(0, 700))
    return {
        "capacity": 2 if index % 9 == 4 else 1,
        "max_travel_km": rng.choice([10, 15, 15, 20, 25]),
        "dbs_status": dbs_status,
        "dbs_checked_on": dbs_checked_on,
        "induction_done": induction_done,
        "status": status,
        "expertise_tags": [tag for tag in data.EXPERTISE_TAGS if tag in expertise],
    }


def demo_password_hash(users: Sequence[User]) -> str | None:
    """The stored hash some demo user already has for the demo password, if any (one check)."""
    for encoded in sorted({user.password for user in users if user.has_usable_password()}):
        if check_password(data.DEMO_PASSWORD, encoded):
            return encoded
    return None


def write(stdout: IO[str] | Any | None, line: str = "") -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def report_counts(
    stdout: IO[str] | Any | None, counts: dict[str, int], with_passwords: bool, seconds: float
) -> None:
    if stdout is None:
        return
    write(
        stdout,
        "Hertfordshire demo data — DEMO ONLY: the names of schools, colleges, employers and "
        "advisers, URNs, Companies House numbers and street addresses are invented.",
    )
    write(
        stdout,
        f"  {counts['districts']} districts, {counts['sectors']} sectors, {counts['hubs']} Careers "
        f"Hubs, {counts['schools']} schools and colleges ({counts['year_group_rolls']} year "
        f"groups), {counts['employers']} employers, {counts['enterprise_advisers']} Enterprise "
        f"Advisers, {counts['jobcentres']} Jobcentres, {counts['venues']} venues, "
        f"{counts['organisations']} organisations, {counts['users']} users.",
    )
    if counts["created"] or counts["updated"]:
        write(
            stdout,
            f"  Created {counts['created']} rows and updated {counts['updated']} "
            f"in {seconds:.1f} s.",
        )
    else:
        write(stdout, f"  Already up to date: nothing created or changed ({seconds:.1f} s).")
    write(stdout)
    if not with_passwords:
        write(
            stdout,
            "Demo logins are disabled outside DEBUG: the demo users have no usable password.",
        )
        return
    rows = [("E-mail", "Password", "Role", "What they see first")]
    rows += [
        (email, data.DEMO_PASSWORD, str(Role(role).label), first_page)
        for email, _name, role, _organisation, first_page in data.DEMO_USERS
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    write(stdout, "Demo logins (DEBUG only) — sign in at /accounts/login/:")
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        write(stdout, "  " + "  ".join([*cells, row[3]]))
        if index == 0:
            write(stdout, "  " + "  ".join("-" * len(cell) for cell in [*cells, row[3]]))
