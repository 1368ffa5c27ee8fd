from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Messages to people (e-mail, SMS): one stored row per recipient per channel, delivered by a
    channel backend (the console and Django's e-mail by default, GOV.UK Notify when configured).
    Between core and accounts: every app may send through it; it imports none of them."""

    name = "notifications"
    verbose_name = _("Messages to people")
