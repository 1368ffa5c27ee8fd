"""``python manage.py seed_demo``: the Hertfordshire demo data (invented names); safe to rerun."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Load the Hertfordshire demo data (districts, sectors, hubs, invented schools, employers "
        "and Enterprise Advisers, Jobcentres and venues, one demo login per role). Idempotent. "
        "The demo logins get the password 'demo-password' only when DEBUG is on."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        seed_demo(stdout=self.stdout, with_passwords=settings.DEBUG)
