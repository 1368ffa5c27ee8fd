from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Hertfordshire demo data and ``manage.py seed_demo``; no models, and nothing imports it."""

    name = "demo"
    verbose_name = _("Demo data")
