from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("<int:pk>/calendar.ics", views.event_calendar_view, name="event_calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed_view, name="calendar_feed"),
    path(
        "<str:public_id>/calendar.ics",
        views.event_calendar_public_view,
        name="event_calendar_public",
    ),
]
