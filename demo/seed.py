"""Load the Hertfordshire demo data (``demo.data``) into the database.

The names of schools, employers, advisers and the street addresses are invented (see the
docstring of ``demo.data``). Loading is idempotent — every row is found by its natural
key and brought to the data's values, so a second run creates and changes nothing — and
deterministic: invented numbers come from ``random.Random`` seeded from 2026 and the row's key.
"""

from __future__ import annotations

import time
from typing import IO, Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

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
from demo import data
from demo.loading import (
    Tally,
    adviser_facts,
    demo_password_hash,
    invented_postcode,
    pupils_by_year,
    report_counts,
    seeded_rng,
    sync_m2m,
    upsert,
    wish_tags,
)
from demo.seed_encounters import seed_demo_encounters
from demo.seed_events import seed_demo_events
from demo.seed_feedback import seed_demo_feedback
from demo.seed_forums import seed_demo_forums
from demo.seed_history import seed_demo_history
from demo.seed_matching import seed_demo_matching
from demo.seed_outcomes import seed_demo_outcomes
from demo.seed_reported import seed_demo_reported
from demo.seed_vacancies import seed_demo_vacancies
from employers.models import Employer, EnterpriseAdviser, SizeBand
from events.models import Venue
from schools.models import Hub, School, YearGroupRoll


@transaction.atomic
def seed_demo(*, stdout: IO[str] | Any | None = None, with_passwords: bool) -> dict[str, int]:
    """Load the demo data; ``with_passwords`` (DEBUG) gives the demo logins their password.

    Returns the number of rows of each kind the demo data holds, plus how many rows this run
    created and updated (both 0 on a second run).
    """
    started = time.monotonic()
    tally = Tally()

    # Districts and their neighbours.
    districts = upsert(
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
    sync_m2m(District, "neighbours", neighbours, tally)

    # Sectors.
    sectors = upsert(
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
    organisations = upsert(
        Organisation, ["name", "kind"], ({"kind": k, "name": n} for k, n in org_keys), tally
    )
    org_id = {(kind, name): obj.pk for (name, kind), obj in organisations.items()}

    # Careers Hubs.
    hubs = upsert(
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
    sync_m2m(Hub, "districts", hub_districts, tally)

    # Schools and colleges, and their year groups.
    school_rows = []
    for urn, name, slug, outward, phase, _sixth_form in data.SCHOOLS:
        tags = wish_tags(urn, phase)
        school_rows.append(
            {
                "urn": urn,
                "name": name,
                "organisation_id": org_id[(OrganisationKind.SCHOOL, name)],
                "district_id": district_id[slug],
                "phase": phase,
                "postcode": invented_postcode(seeded_rng("school", urn), outward),
                "hub_id": hub_for_district[slug],
                "adviser_wishes": " ".join(data.WISH_SENTENCES[tag] for tag in tags),
                "adviser_wish_tags": tags,
            }
        )
    schools = upsert(School, ["urn"], school_rows, tally)
    roll_rows = [
        {"school_id": schools[(urn,)].pk, "year_group": year, "pupils": pupils}
        for urn, _name, _slug, _outward, phase, sixth_form in data.SCHOOLS
        for year, pupils in sorted(pupils_by_year(urn, phase, sixth_form).items())
    ]
    upsert(YearGroupRoll, ["school_id", "year_group"], roll_rows, tally)

    # Employers.
    employer_rows = []
    for number, name, _sectors, size, slug in data.EMPLOYERS:
        rng = seeded_rng("employer", number)
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
                "postcode": invented_postcode(rng, rng.choice(outward_codes[slug])),
                "is_cornerstone": number in data.CORNERSTONE_EMPLOYERS,
                "disability_confident": rng.choices(
                    Employer.DisabilityConfident.values, weights=weights
                )[0],
            }
        )
    employers = upsert(Employer, ["companies_house_number"], employer_rows, tally)
    employer_by_number = {number: obj for (number,), obj in employers.items()}
    sync_m2m(
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
    current_hash = demo_password_hash(demo_users)
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
                **adviser_facts(email, index),
            }
        )
    advisers = upsert(EnterpriseAdviser, ["user_id"], adviser_rows, tally)
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
        rng = seeded_rng("adviser-places", email)
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
    sync_m2m(EnterpriseAdviser, "sectors", adviser_sectors, tally)
    sync_m2m(EnterpriseAdviser, "preferred_districts", adviser_districts, tally)

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
    upsert(Venue, ["name", "kind"], venue_rows, tally)

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
    vacancies = seed_demo_vacancies()
    counts["created"] += vacancies.pop("created")
    counts["updated"] += vacancies.pop("updated")
    counts.update(vacancies)
    seed_demo_reported(counts)
    forums = seed_demo_forums()
    counts["created"] += forums.pop("created")
    counts.update(forums)
    counts["created"] += seed_demo_feedback()["created"]
    counts.update(seed_demo_outcomes())
    counts["updated"] += seed_demo_history()["updated"]
    report_counts(stdout, counts, with_passwords, time.monotonic() - started)
    return counts
