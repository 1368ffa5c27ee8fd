from django.urls import path

from events import feedback_views

app_name = "feedback"

urlpatterns = [
    path("<str:token>/", feedback_views.feedback_answer_view, name="answer"),
]
