"""/personal-data/: attendees' subject access and erasure requests, and the retention period.

Not under /privacy…: that prefix is the public privacy notice, which staff may reach before
setting up two-factor sign-in (accounts.middleware); these pages need it.
"""

from django.urls import path

from events import privacy_views

app_name = "privacy"

urlpatterns = [
    path("", privacy_views.subject_search, name="search"),
    path("download/", privacy_views.subject_download, name="download"),
    path("erase/", privacy_views.subject_erase, name="erase"),
    path("retention/", privacy_views.retention, name="retention"),
]
