"""Creates the bare reference's table and fills it: ``python -m benchmarks.bare.build ROWS``,
run with the server's environment (``benchmarks.loadgen.server_env``)."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bare.settings")


def build(rows: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from benchmarks.bare.models import Row

    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    now = timezone.now()
    Row.objects.bulk_create(
        Row(number=f"BARE-{n:05d}", label=f"Visitor {n}", created_at=now)
        for n in range(1, rows + 1)
    )


if __name__ == "__main__":
    build(int(sys.argv[1]))
