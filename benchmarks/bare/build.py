"""Creates the bare reference's tables and fills them: ``python -m benchmarks.bare.build ROWS``,
run with the server's environment (``benchmarks.loadgen.server_env``)."""

import os
import sys
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bare.settings")

ITEMS = 10  # as the event list's page in api_floor


def build(rows: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from benchmarks.bare.models import Item, Place, Row, Tag

    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    now = timezone.now()
    Row.objects.bulk_create(
        Row(number=f"BARE-{n:05d}", label=f"Visitor {n}", created_at=now)
        for n in range(1, rows + 1)
    )
    place = Place.objects.create(
        name="Stevenage Jobcentre", kind="jobcentre", district="Stevenage",
        address="1 Example Street\nStevenage", postcode="SG1 1AA",
        parking="Two blue-badge spaces", public_transport="Buses 1 and 2",
    )  # fmt: skip
    tags = Tag.objects.bulk_create(Tag(name=name) for name in ("Care", "Retail", "Logistics"))
    for n in range(ITEMS):
        starts = now + timedelta(days=7 + n)
        item = Item.objects.create(
            public_id=f"ITEM{n:08d}", kind="jobs_fair", title=f"Jobs fair {n}",
            description="Meet local employers with vacancies.", place=place,
            starts_at=starts, ends_at=starts + timedelta(hours=3),
            audiences=["jobseekers"], year_groups=[], capacity=200, stand_capacity=30,
            max_representatives_per_stand=2, registration_closes_at=starts,
            status="published", organiser="Stevenage Jobcentre", places_taken=n,
        )  # fmt: skip
        item.tags.set(tags[: 1 + n % 3])


if __name__ == "__main__":
    build(int(sys.argv[1]))
