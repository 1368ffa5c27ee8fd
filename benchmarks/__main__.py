"""`make bench`: every benchmark, one table each, JSON in benchmarks/results/."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> int:
    import django

    django.setup()
    from benchmarks import exports, matching, measures

    results = [matching.main(), measures.main(), exports.main()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
