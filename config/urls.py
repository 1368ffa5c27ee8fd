from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from accounts.views import admin_login
from config.views import healthz
from engagement.views import home

admin.site.site_header = "Herts Careers & Jobs Fairs — admin"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("api.urls")),
    path("schools/", include("schools.urls")),
    path("employers/", include("employers.urls")),
    path("events/", include("events.urls")),
    path("opportunities/", include("events.opportunity_urls")),
    path("tickets/", include("events.ticket_urls")),
    path("door/", include("events.scanner_urls")),
    path("matching/", include("engagement.urls")),
    path("dashboard/", include("engagement.dashboard_urls")),
    path("exports/", include("engagement.export_urls")),
    path("audit/", include("accounts.audit_urls")),
    path("personal-data/", include("events.privacy_urls")),
    path("voice-of-the-customer/", include("events.forum_urls")),
    path("notify/", include("notifications.urls")),
    path("feedback/", include("events.feedback_urls")),
    path("outcomes/", include("events.outcome_urls")),
    # The admin signs in through allauth (rate limits, two-factor), never with its own form.
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# A database outage outside a view answers 503, not 500 (config/faults.py).
handler500 = "config.faults.server_error"
# The other errors: GOV.UK pages, or JSON with code and detail under /api/.
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
