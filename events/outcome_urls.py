"""/outcomes/: employers' returns after a fair, "My visitors" and visit outcomes."""

from django.urls import path

from events import outcome_views

app_name = "outcomes"

urlpatterns = [
    path(
        "stands/<int:stand_id>/return/<str:token>/",
        outcome_views.stand_return_by_link,
        name="return-by-link",
    ),
    path("stands/<int:stand_id>/return/", outcome_views.stand_return_signed_in, name="return"),
    path("stands/<int:stand_id>/visitors/", outcome_views.my_visitors, name="my-visitors"),
    path(
        "stands/<int:stand_id>/visitors.<str:file_format>",
        outcome_views.my_visitors_export,
        name="my-visitors-export",
    ),
    path("stands/<int:stand_id>/not-scanned/", outcome_views.stand_day_count, name="day-count"),
    path("visits/<int:visit_id>/", outcome_views.visit_outcome, name="visit-outcome"),
]
