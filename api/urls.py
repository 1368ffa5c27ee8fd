from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from api import matching, registers
from api.views import MeView

router = DefaultRouter(trailing_slash=True)
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
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
