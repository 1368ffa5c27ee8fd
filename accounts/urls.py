"""Account URLs of our own. Included before allauth's, so a path here replaces allauth's."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("security/", views.account_security, name="account_security"),
    path("2fa/totp/activate/", views.activate_totp, name="mfa_activate_totp"),
    path(
        "login/code/confirm/",
        views.confirm_login_code,
        name="account_confirm_login_code",
    ),
]
