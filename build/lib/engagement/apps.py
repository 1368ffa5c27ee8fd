from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Encounters, matching and measures")

    def ready(self) -> None:
        from engagement import permissions, receivers  # noqa: F401  (rules and listeners)
