"""Load the Hertfordshire demo data (``engagement.demo_data``) into the database.

The names of schools, employers, advisers and the street addresses are invented (see the
docstring of ``engagement.demo_data``). Loading is idempotent — every row is found by its natural
key and brought to the data's values, so a second run creates and changes nothing — and
deterministic: invented numbers come from ``random.Random`` seeded from 2026 and the row's key.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import IO, Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction

from accounts.models import (
    ROLE_ORGANISATION_KINDS,
    District,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Sector,
    User,
)
from accounts.services import user_create
from employers.models import Employer, EnterpriseAdviser, SizeBand
from engagement import demo_data as data
from engagement.demo_encounters import seed_demo_encounters
from engagement.demo_events import seed_demo_events
from engagement.demo_matching import seed_demo_matching
from events.models import Venue
from schools.models import Hub, School, YearGroupRoll

# Letters used in the inward part of a UK postcode (never C, I, K, M, O or V).
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_SIXTH_FORM_PHASES = {data.FE_COLLEGE, data.SIXTH_FORM}


def _rng(*key: object) -> random.Random:
    """A generator seeded from 2026 and one row's natural key (stable when rows are added)."""
    seed = f"{data.SEED}:" + ":".join(str(part) for part in key)
    return random.Random(seed)  # noqa: S311  (invented demo numbers, not secrets)


def _postcode(rng: random.Random, outward: str) -> str:
    letters = "".join(rng.choice(_INWARD_LETTERS) for _letter in range(2))
    return f"{outward} {rng.randint(1, 9)}{letters}"


class _Tally:
    def __init__(self) -> None:
        self.created = 0
        self.updated = 0


def _upsert(
    model: type[models.Model],
    keys: Sequence[str],
    rows: Iterable[dict[str, Any]],
    tally: _Tally,
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


def _sync_m2m(
    model: type[models.Model], field_name: str, wanted: set[tuple[int, int]], tally: _Tally
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


def _pupils_by_year(urn: str, phase: str, sixth_form: bool) -> dict[int, int]:
    rng = _rng("roll", urn)
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


def _wish_tags(urn: str, phase: str) -> list[str]:
    rng = _rng("wishes", urn)
    tags = set(rng.sample(data.EXPERTISE_TAGS, rng.randint(1, 3)))
    if phase in {data.SPECIAL, data.ALTERNATIVE_PROVISION}:
        tags.add("SEND")
    if phase in _SIXTH_FORM_PHASES:
        tags.add("apprenticeships")
    return [tag for tag in data.EXPERTISE_TAGS if tag in tags]


def _adviser_facts(email: str, index: int) -> dict[str, Any]:
    """Capacity, DBS, induction and status for one adviser, varied but deterministic."""
    rng = _rng("adviser", email)
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


def _demo_password_hash(users: Sequence[User]) -> str | None:
    """The stored hash some demo user already has for the demo password, if any (one check)."""
    for encoded in sorted({user.password for user in users if user.has_usable_password()}):
        if check_password(data.DEMO_PASSWORD, encoded):
            return encoded
    return None


def _write(stdout: IO[str] | Any | None, line: str = "") -> None:
    if stdout is not None:
        stdout.write(line + "\n")


@transaction.atomic
def seed_demo(*, stdout: IO[str] | Any | None = None, with_passwords: bool) -> dict[str, int]:
    """Load the demo data; ``with_passwords`` (DEBUG) gives the demo logins their password.

    Returns the number of rows of each kind the demo data holds, plus how many rows this run
    created and updated (both 0 on a second run).
    """
    started = time.monotonic()
    tally = _Tally()

    # Districts and their neighbours.
    districts = _upsert(
        District,
        ["slug"],
        ({"slug": slug, "name": name} for slug, name, _outward in data.DISTRICTS),
        tally,
    )
    district_id = {slug: obj.pk for (slug,), obj in districts.items()}
    outward_codes = {slug: outward for slug, _name, outward in data.DISTRICTS}
    neighbours: set[tuple[int, int]] = set()
    for a, b in data.DISTRICT_NEIGHBOURS:
        neighbours |= {(district_id[a], district_id[b]), (district_id[b], district_id[a])}
    _sync_m2m(District, "neighbours", neighbours, tally)

    # Sectors.
    sectors = _upsert(
        Sector,
        ["slug"],
        ({"slug": slug, "name": name, "group": group} for slug, name, group in data.SECTORS),
        tally,
    )
    sector_id = {slug: obj.pk for (slug,), obj in sectors.items()}

    # Organisations of every kind, found by (kind, name).
    org_keys: list[tuple[str, str]] = [(OrganisationKind.HUB, name) for name, *_ in data.HUBS]
    org_keys += [(OrganisationKind.PARTNER, name) for name in data.PARTNERS]
    org_keys += [(OrganisationKind.SCHOOL, row[1]) for row in data.SCHOOLS]
    org_keys += [(OrganisationKind.EMPLOYER, row[1]) for row in data.EMPLOYERS]
    org_keys += [
        (OrganisationKind.JOBCENTRE, data.jobcentre_name(row[0])) for row in data.JOBCENTRES
    ]
    organisations = _upsert(
        Organisation, ["name", "kind"], ({"kind": k, "name": n} for k, n in org_keys), tally
    )
    org_id = {(kind, name): obj.pk for (name, kind), obj in organisations.items()}

    # Careers Hubs.
    hubs = _upsert(
        Hub,
        ["name"],
        (
            {"name": name, "area": area, "organisation_id": org_id[(OrganisationKind.HUB, name)]}
            for name, area, _districts in data.HUBS
        ),
        tally,
    )
    hub_for_district: dict[str, int] = {}
    hub_districts: set[tuple[int, int]] = set()
    for name, _area, slugs in data.HUBS:
        for slug in slugs:
            hub_for_district[slug] = hubs[(name,)].pk
            hub_districts.add((hubs[(name,)].pk, district_id[slug]))
    _sync_m2m(Hub, "districts", hub_districts, tally)

    # Schools and colleges, and their year groups.
    school_rows = []
    for urn, name, slug, outward, phase, _sixth_form in data.SCHOOLS:
        tags = _wish_tags(urn, phase)
        school_rows.append(
            {
                "urn": urn,
                "name": name,
                "organisation_id": org_id[(OrganisationKind.SCHOOL, name)],
                "district_id": district_id[slug],
                "phase": phase,
                "postcode": _postcode(_rng("school", urn), outward),
                "hub_id": hub_for_district[slug],
                "adviser_wishes": " ".join(data.WISH_SENTENCES[tag] for tag in tags),
                "adviser_wish_tags": tags,
            }
        )
    schools = _upsert(School, ["urn"], school_rows, tally)
    roll_rows = [
        {"school_id": schools[(urn,)].pk, "year_group": year, "pupils": pupils}
        for urn, _name, _slug, _outward, phase, sixth_form in data.SCHOOLS
        for year, pupils in sorted(_pupils_by_year(urn, phase, sixth_form).items())
    ]
    _upsert(YearGroupRoll, ["school_id", "year_group"], roll_rows, tally)

    # Employers.
    employer_rows = []
    for number, name, _sectors, size, slug in data.EMPLOYERS:
        rng = _rng("employer", number)
        # none, committed, employer, leader: larger employers are further along the scheme.
        weights = {
            SizeBand.MICRO: [6, 3, 1, 0],
            SizeBand.SMALL: [4, 4, 2, 0],
            SizeBand.MEDIUM: [2, 3, 4, 1],
            SizeBand.LARGE: [1, 2, 4, 3],
        }[SizeBand(size)]
        employer_rows.append(
            {
                "companies_house_number": number,
                "name": name,
                "organisation_id": org_id[(OrganisationKind.EMPLOYER, name)],
                "size_band": size,
                "district_id": district_id[slug],
                "postcode": _postcode(rng, rng.choice(outward_codes[slug])),
                "is_cornerstone": number in data.CORNERSTONE_EMPLOYERS,
                "disability_confident": rng.choices(
                    Employer.DisabilityConfident.values, weights=weights
                )[0],
            }
        )
    employers = _upsert(Employer, ["companies_house_number"], employer_rows, tally)
    employer_by_number = {number: obj for (number,), obj in employers.items()}
    _sync_m2m(
        Employer,
        "sectors",
        {
            (employer_by_number[number].pk, sector_id[slug])
            for number, _name, slugs, _size, _district in data.EMPLOYERS
            for slug in slugs
        },
        tally,
    )

    # Users: the Enterprise Advisers and the demo logins, each with a verified address.
    people = {email: full_name for email, full_name, *_ in data.ADVISERS}
    people.update({email: full_name for email, full_name, *_ in data.DEMO_USERS})
    users = {user.email: user for user in User.objects.filter(email__in=people)}
    for email, full_name in people.items():
        user = users.get(email)
        if user is None:
            users[email] = user_create(email=email, full_name=full_name, email_verified=True)
            tally.created += 1
        elif user.full_name != full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
            tally.updated += 1
    addresses = {
        address.email.lower(): address
        for address in EmailAddress.objects.filter(user__in=users.values())
    }
    for email, user in users.items():
        address = addresses.get(email)
        if address is None:
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            tally.created += 1
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
            tally.updated += 1

    # Passwords: the demo logins have the published password under DEBUG only; advisers
    # never have one (they sign in by code or reset).
    demo_users = [users[email] for email, *_ in data.DEMO_USERS]
    current_hash = _demo_password_hash(demo_users)
    changed_users: list[User] = []
    for user in demo_users:
        if with_passwords:
            if current_hash is None:
                current_hash = make_password(data.DEMO_PASSWORD)
            if user.password != current_hash:
                user.password = current_hash
                changed_users.append(user)
        elif current_hash is not None and user.password == current_hash:
            user.set_unusable_password()
            changed_users.append(user)
        superuser = user.email in data.DEMO_SUPERUSERS
        if user.is_staff != superuser or user.is_superuser != superuser:
            user.is_staff = user.is_superuser = superuser
            if user not in changed_users:
                changed_users.append(user)
    if changed_users:
        User.objects.bulk_update(changed_users, ["password", "is_staff", "is_superuser"])
        tally.updated += len(changed_users)

    # Enterprise Advisers.
    adviser_rows = []
    for index, (email, _name, number, occupation) in enumerate(data.ADVISERS):
        adviser_rows.append(
            {
                "user_id": users[email].pk,
                "employer_id": employer_by_number[number].pk,
                "occupation": occupation,
                **_adviser_facts(email, index),
            }
        )
    advisers = _upsert(EnterpriseAdviser, ["user_id"], adviser_rows, tally)
    adviser_sectors: set[tuple[int, int]] = set()
    adviser_districts: set[tuple[int, int]] = set()
    sectors_of = {number: slugs for number, _name, slugs, _size, _slug in data.EMPLOYERS}
    district_of = {number: slug for number, _name, _slugs, _size, slug in data.EMPLOYERS}
    neighbours_of: dict[str, list[str]] = {slug: [] for slug in district_id}
    for a, b in data.DISTRICT_NEIGHBOURS:
        neighbours_of[a].append(b)
        neighbours_of[b].append(a)
    for email, _name, number, _occupation in data.ADVISERS:
        adviser = advisers[(users[email].pk,)]
        rng = _rng("adviser-places", email)
        adviser_sector_slugs = set(sectors_of[number])
        if rng.random() < 0.3:
            adviser_sector_slugs.add(
                rng.choice([slug for slug, _n, group in data.SECTORS if group == data.PRIORITY])
            )
        adviser_sectors |= {(adviser.pk, sector_id[slug]) for slug in adviser_sector_slugs}
        home = district_of[number]
        nearby = sorted(neighbours_of[home])
        places = {home, *rng.sample(nearby, min(len(nearby), rng.randint(0, 2)))}
        adviser_districts |= {(adviser.pk, district_id[slug]) for slug in places}
    _sync_m2m(EnterpriseAdviser, "sectors", adviser_sectors, tally)
    _sync_m2m(EnterpriseAdviser, "preferred_districts", adviser_districts, tally)

    # Venues: every Jobcentre, and a few colleges, community halls and employer sites.
    venue_rows = []
    for (
        town,
        slug,
        address,
        postcode,
        capacity,
        step,
        loop,
        toilet,
        parking,
        transport,
    ) in data.JOBCENTRES:
        name = data.jobcentre_name(town)
        venue_rows.append(
            {
                "kind": Venue.Kind.JOBCENTRE,
                "name": name,
                "organisation_id": org_id[(OrganisationKind.JOBCENTRE, name)],
                "district_id": district_id[slug],
                "address": address,
                "postcode": postcode,
                "capacity": capacity,
                "step_free": step,
                "hearing_loop": loop,
                "accessible_toilet": toilet,
                "parking": parking,
                "public_transport": transport,
            }
        )
    for (
        name,
        kind,
        slug,
        address,
        postcode,
        capacity,
        step,
        loop,
        toilet,
        parking,
        transport,
        owner,
    ) in data.OTHER_VENUES:
        venue_rows.append(
            {
                "kind": kind,
                "name": name,
                "organisation_id": org_id[owner] if owner else None,
                "district_id": district_id[slug],
                "address": address,
                "postcode": postcode,
                "capacity": capacity,
                "step_free": step,
                "hearing_loop": loop,
                "accessible_toilet": toilet,
                "parking": parking,
                "public_transport": transport,
            }
        )
    _upsert(Venue, ["name", "kind"], venue_rows, tally)

    # Memberships: each adviser at their employer, each demo login in its role.
    wanted_memberships: set[tuple[int, int, str]] = {
        (
            users[email].pk,
            org_id[(OrganisationKind.EMPLOYER, employer_by_number[number].name)],
            Role.ENTERPRISE_ADVISER,
        )
        for email, _name, number, _occupation in data.ADVISERS
    }
    for email, _name, role, organisation, _first_page in data.DEMO_USERS:
        if organisation[0] not in ROLE_ORGANISATION_KINDS[role]:
            raise ValueError(f"Demo data: a {role} cannot belong to a {organisation[0]}.")
        wanted_memberships.add((users[email].pk, org_id[organisation], role))
    existing_memberships = set(
        Membership.objects.filter(user__in=users.values()).values_list(
            "user_id", "organisation_id", "role"
        )
    )
    missing = sorted(wanted_memberships - existing_memberships)
    if missing:
        # Created directly, not through membership_add: the demo sends no welcome e-mails.
        Membership.objects.bulk_create(
            [Membership(user_id=u, organisation_id=o, role=r) for u, o, r in missing]
        )
        tally.created += len(missing)

    counts = {
        "districts": len(data.DISTRICTS),
        "sectors": len(data.SECTORS),
        "hubs": len(data.HUBS),
        "schools": len(data.SCHOOLS),
        "year_group_rolls": len(roll_rows),
        "employers": len(data.EMPLOYERS),
        "enterprise_advisers": len(data.ADVISERS),
        "jobcentres": len(data.JOBCENTRES),
        "venues": len(venue_rows),
        "organisations": len(org_keys),
        "users": len(people),
        "memberships": len(wanted_memberships),
        "created": tally.created,
        "updated": tally.updated,
    }
    counts.update(
        seed_demo_matching(
            coordinator_email="coordinator@example.org", first_hub_name=data.HUB_NORTH_EAST
        )
    )
    events = seed_demo_events()
    counts["created"] += events.pop("created")
    counts["updated"] += events.pop("updated")
    counts.update(events)
    encounters = seed_demo_encounters()
    counts["created"] += encounters.pop("created")
    counts["updated"] += encounters.pop("updated")
    counts.update(encounters)
    _report(stdout, counts, with_passwords, time.monotonic() - started)
    return counts


def _report(
    stdout: IO[str] | Any | None, counts: dict[str, int], with_passwords: bool, seconds: float
) -> None:
    if stdout is None:
        return
    _write(
        stdout,
        "Hertfordshire demo data — DEMO ONLY: the names of schools, colleges, employers and "
        "advisers, URNs, Companies House numbers and street addresses are invented.",
    )
    _write(
        stdout,
        f"  {counts['districts']} districts, {counts['sectors']} sectors, {counts['hubs']} Careers "
        f"Hubs, {counts['schools']} schools and colleges ({counts['year_group_rolls']} year "
        f"groups), {counts['employers']} employers, {counts['enterprise_advisers']} Enterprise "
        f"Advisers, {counts['jobcentres']} Jobcentres, {counts['venues']} venues, "
        f"{counts['organisations']} organisations, {counts['users']} users.",
    )
    if counts["created"] or counts["updated"]:
        _write(
            stdout,
            f"  Created {counts['created']} rows and updated {counts['updated']} "
            f"in {seconds:.1f} s.",
        )
    else:
        _write(stdout, f"  Already up to date: nothing created or changed ({seconds:.1f} s).")
    _write(stdout)
    if not with_passwords:
        _write(
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
    _write(stdout, "Demo logins (DEBUG only) — sign in at /accounts/login/:")
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        _write(stdout, "  " + "  ".join([*cells, row[3]]))
        if index == 0:
            _write(stdout, "  " + "  ".join("-" * len(cell) for cell in [*cells, row[3]]))
