from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools and Careers Hubs")

    def ready(self) -> None:
        from schools import permissions  # noqa: F401  (registers the permission rules)
