from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from accounts.audit import connect_receivers

        connect_receivers()
        from accounts import api_auth

        api_auth.connect_receivers()

        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import staff_session_start

        user_logged_in.connect(staff_session_start, dispatch_uid="accounts.staff_session_start")
