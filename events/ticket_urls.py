"""/tickets/...: finding one's tickets, the ticket pages and the waiting-list page, each reached
by its token alone (no sign-in)."""

from django.urls import path

from events import views, waiting_views

app_name = "tickets"

urlpatterns = [
    # Fixed paths first: "find" would otherwise be read as a (malformed) token.
    path("find/", waiting_views.ticket_find, name="find"),
    path("find/sent/", waiting_views.ticket_find_sent, name="find_sent"),
    path("waiting/<str:token>/", waiting_views.waiting_detail, name="waiting"),
    path("waiting/<str:token>/leave/", waiting_views.waiting_leave, name="waiting_leave"),
    path("waiting/<str:token>/claim/", waiting_views.offer_claim, name="offer_claim"),
    path("<str:token>/", views.ticket_detail, name="detail"),
    path("<str:token>/qr.png", views.ticket_qr, name="qr"),
    path("<str:token>/ticket.pdf", views.ticket_pdf_view, name="pdf"),
    path("<str:token>/cancel/", views.ticket_cancel, name="cancel"),
]
