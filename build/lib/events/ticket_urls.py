"""/tickets/<token>/...: the ticket pages, reached by the token alone (no sign-in)."""

from django.urls import path

from events import views

app_name = "tickets"

urlpatterns = [
    path("<str:token>/", views.ticket_detail, name="detail"),
    path("<str:token>/qr.png", views.ticket_qr, name="qr"),
    path("<str:token>/ticket.pdf", views.ticket_pdf_view, name="pdf"),
    path("<str:token>/cancel/", views.ticket_cancel, name="cancel"),
]
