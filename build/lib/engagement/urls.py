from django.urls import path

from engagement import views

urlpatterns = [
    path("", views.matching_index, name="matching"),
    path("rounds/<int:round_id>/", views.matching_round, name="matching-round"),
    path("rounds/<int:round_id>/swap/", views.proposal_swap, name="proposal-swap"),
    path("proposals/<int:proposal_id>/accept/", views.proposal_accept, name="proposal-accept"),
    path("proposals/<int:proposal_id>/reject/", views.proposal_reject, name="proposal-reject"),
    path("hubs/<int:hub_id>/weights/", views.matching_weights, name="matching-weights"),
    path("matches/", views.match_list, name="matches"),
    path("matches/<int:match_id>/end/", views.match_end, name="match-end"),
]
