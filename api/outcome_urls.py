"""/api/v1/stands/<id>/...: what a stand led to (api.outcomes)."""

from django.urls import path

from api import outcomes

urlpatterns = [
    path(
        "stands/<int:application_id>/visits/<int:visit_id>/outcome/",
        outcomes.VisitOutcomeView.as_view(),
        name="api-visit-outcome",
    ),
    path(
        "stands/<int:application_id>/not-scanned/",
        outcomes.StandDayCountView.as_view(),
        name="api-stand-day-count",
    ),
    path(
        "stands/<int:application_id>/return/",
        outcomes.StandReturnView.as_view(),
        name="api-stand-return",
    ),
]
