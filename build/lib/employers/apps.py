from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Employers and Enterprise Advisers")

    def ready(self) -> None:
        from employers import permissions  # noqa: F401  (registers the permission rules)
