"""Sector-based work academies' pages, under /dashboard/ (namespace "dashboard")."""

from django.urls import path

from engagement import sbwa_views

urlpatterns = [
    path(
        "jobcentres/<int:jobcentre_id>/academies/new/",
        sbwa_views.academy_new,
        name="academy-new",
    ),
    path("academies/<int:academy_id>/", sbwa_views.academy_detail, name="academy"),
    path(
        "academies/<int:academy_id>/participants/<int:participant_id>/",
        sbwa_views.participant_edit,
        name="academy-participant",
    ),
]
