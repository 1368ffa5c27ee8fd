from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events, registrations and check-in")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from events import permissions  # noqa: F401  (registers the permission rules)
        from events.tally_triggers import tally_triggers_ensure_after_migrate

        post_migrate.connect(tally_triggers_ensure_after_migrate, sender=self)
