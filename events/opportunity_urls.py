from django.urls import path

from events import opportunity_views

app_name = "opportunities"

urlpatterns = [
    path("", opportunity_views.opportunity_list, name="list"),
    path("opportunities.csv", opportunity_views.opportunity_csv, name="csv"),
]
