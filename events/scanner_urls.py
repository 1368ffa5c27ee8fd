"""/door/<event id>/...: the scanner page, who may scan, and the printable badges."""

from django.urls import path

from events import door_app_views, scanner_views, stand_scanner_views

app_name = "door"

urlpatterns = [
    path("sw.js", door_app_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", door_app_views.manifest, name="manifest"),
    path(
        "stands/<int:application_id>/",
        stand_scanner_views.stand_scanner,
        name="stand_scanner",
    ),
    path("<int:event_id>/", scanner_views.scanner, name="scanner"),
    path("<int:event_id>/scanners/", scanner_views.scanner_list, name="scanners"),
    path(
        "<int:event_id>/scanners/<int:pk>/remove/",
        scanner_views.scanner_remove_view,
        name="scanner_remove",
    ),
    path("<int:event_id>/badges.pdf", scanner_views.badges_pdf, name="badges"),
    path("<int:event_id>/stand-badges.pdf", scanner_views.stand_badges_pdf, name="stand_badges"),
]
