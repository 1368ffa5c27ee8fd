from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares that is not identity: dates, periods, geography, tabular files,
    form helpers and the domain error. It has no models and imports no other app of ours."""

    name = "core"
    verbose_name = _("Shared helpers")

    def ready(self) -> None:
        from core import lookups  # noqa: F401  (registers lookups safe for numbers past 64 bits)
