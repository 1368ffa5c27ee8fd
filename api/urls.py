from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import (
    checkins,
    corrections,
    engagement,
    events,
    matching,
    opportunities,
    reach_feedback,
    registers,
    stands,
)
from api.views import ApiDocsView, MeView, api_not_found


class IdRouter(DefaultRouter):
    """Object addresses take digits only, unless a view says otherwise: ``null,null`` or
    ``abc`` is then a JSON 404 from ``api_not_found``, never a lookup that fails inside."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        field = getattr(viewset, "lookup_field", "pk")
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or field
        value = getattr(viewset, "lookup_value_regex", r"\d+")
        return f"(?P<{lookup_prefix}{kwarg}>{value})"


router = IdRouter(trailing_slash=True)
router.register("events", events.EventViewSet, basename="event")
router.register(
    "employer-registrations", stands.StandApplicationViewSet, basename="employer-registration"
)
router.register("hubs", registers.HubViewSet, basename="hub")
router.register("schools", registers.SchoolViewSet, basename="school")
router.register("employers", registers.EmployerViewSet, basename="employer")
router.register("advisers", registers.EnterpriseAdviserViewSet, basename="adviser")
router.register("matching-rounds", matching.MatchingRoundViewSet, basename="matching-round")
router.register("match-proposals", matching.MatchProposalViewSet, basename="match-proposal")
router.register("matches", matching.MatchViewSet, basename="match")
router.register("matching-weights", matching.MatchingWeightsViewSet, basename="matching-weights")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", MeView.as_view(), name="api-me"),
    path("checkins/", checkins.CheckInView.as_view(), name="api-checkin"),
    path(
        "engagement/summary/",
        engagement.EngagementSummaryView.as_view(),
        name="api-engagement-summary",
    ),
    path("engagement/reach/", reach_feedback.ReachView.as_view(), name="api-engagement-reach"),
    path(
        "engagement/feedback/",
        reach_feedback.FeedbackView.as_view(),
        name="api-engagement-feedback",
    ),
    path(
        "events/<int:event_id>/door/tickets/",
        checkins.OfflineTicketListView.as_view(),
        name="api-door-tickets",
    ),
    path("events/<int:event_id>/door/sync/", checkins.DoorSyncView.as_view(), name="api-door-sync"),
    path(
        "events/<int:event_id>/door/scans/",
        checkins.EventScansView.as_view(),
        name="api-door-scans",
    ),
    path(
        "events/<int:event_id>/door/search/",
        checkins.DoorSearchView.as_view(),
        name="api-door-search",
    ),
    path(
        "events/<int:event_id>/door/walk-ins/",
        checkins.WalkInView.as_view(),
        name="api-door-walk-in",
    ),
    path(
        "stands/<int:application_id>/visits/",
        checkins.StandVisitView.as_view(),
        name="api-stand-visit",
    ),
    path("opportunities/", opportunities.OpportunityListView.as_view(), name="api-opportunities"),
    path("", include("api.outcome_urls")),
    path("audit/", include("api.audit")),
    path("engagement/reported-values/", include("api.reported")),
    path("forum-records/", include("api.forums")),
    path(
        "events/<int:event_id>/attendance-corrections/",
        corrections.AttendanceCorrectionView.as_view(),
        name="api-attendance-correction",
    ),
    path("", include(router.urls)),
    # Anything else under /api/v1/ (an id the path converters refuse, such as -1): JSON, not
    # the HTML 404 page. Only paths ending in "/", so APPEND_SLASH still redirects the rest.
    re_path(r"^.*/$", api_not_found, name="api-not-found"),
]
