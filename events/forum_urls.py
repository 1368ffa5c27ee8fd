"""The "you said, we did" pages (public) and the forum records (organisers)."""

from django.urls import path

from events import forum_public_views, forum_views

app_name = "forums"

urlpatterns = [
    path("", forum_public_views.voice_of_the_customer, name="county"),
    path(
        "<int:jobcentre_id>/",
        forum_public_views.voice_of_the_customer_jobcentre,
        name="jobcentre",
    ),
    path("records/", forum_views.forum_records, name="records"),
    path("records/<int:pk>/", forum_views.forum_record, name="record"),
    path("records/<int:pk>/participation/", forum_views.participation_edit, name="participation"),
    path("records/<int:pk>/barriers/new/", forum_views.barrier_edit, name="barrier_add"),
    path("records/<int:pk>/barriers/<int:barrier_pk>/", forum_views.barrier_edit, name="barrier"),
    path(
        "records/<int:pk>/barriers/<int:barrier_pk>/delete/",
        forum_views.barrier_delete,
        name="barrier_delete",
    ),
    path("records/<int:pk>/no-barriers/", forum_views.no_barriers, name="no_barriers"),
    path("records/<int:pk>/actions/new/", forum_views.action_edit, name="action_add"),
    path("records/<int:pk>/actions/<int:action_pk>/", forum_views.action_edit, name="action"),
    path(
        "records/<int:pk>/actions/<int:action_pk>/status/",
        forum_views.action_status,
        name="action_status",
    ),
    path("records/<int:pk>/publish/", forum_views.record_publish, name="publish"),
]
