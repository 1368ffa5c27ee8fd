from django.urls import path

from engagement import export_views

urlpatterns = [
    path("engagement/", export_views.engagement_export, name="engagement-export"),
]
