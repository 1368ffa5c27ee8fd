"""/dashboard/: the role dashboards, the measures and their targets, snapshots, and the pages
that record encounters, a fair's meaningful facts and SBWA placements."""

from django.urls import path

from engagement import dashboard_views as views
from engagement import forum_views, import_views, measure_views, reach_views, reported_views
from engagement.sbwa_urls import urlpatterns as sbwa_urlpatterns

app_name = "dashboard"

urlpatterns = [
    *sbwa_urlpatterns,
    path("", views.dashboard_mine, name="mine"),
    path("county/", views.county, name="county"),
    path("reach.csv", reach_views.reach_csv, name="reach-csv"),
    path("hubs/<int:hub_id>/", views.hub, name="hub"),
    path("districts/<int:district_id>/", views.district, name="district"),
    path("jobcentres/<int:jobcentre_id>/", views.jobcentre, name="jobcentre"),
    path(
        "jobcentres/<int:jobcentre_id>/placements/new/",
        views.sbwa_placement_new,
        name="placement-new",
    ),
    path("schools/<int:school_id>/", views.school, name="school"),
    path(
        "schools/<int:school_id>/encounters/new/",
        views.school_encounter_new,
        name="encounter-new",
    ),
    path("encounters/import/", import_views.encounters_import, name="encounter-import"),
    path(
        "encounters/import/template.csv",
        import_views.encounters_import_template,
        name="encounter-import-template",
    ),
    path("employers/<int:employer_id>/", views.employer, name="employer"),
    path("events/<int:event_id>/meaningful/", views.event_facts, name="event-facts"),
    path("measures/", measure_views.measure_list, name="measures"),
    path("measures/export/", reported_views.measures_export, name="measures-export"),
    path("measures/<slug:code>/target/", measure_views.measure_target, name="measure-target"),
    path("reported/", reported_views.reported_list, name="reported"),
    path("reported/new/", reported_views.reported_new, name="reported-new"),
    path("reported/import/", reported_views.reported_import, name="reported-import"),
    path(
        "reported/import/template.csv",
        reported_views.reported_import_template,
        name="reported-import-template",
    ),
    path("forums/<str:what>/", forum_views.forum_export, name="forums-export"),
    path("snapshots/", measure_views.snapshot_list, name="snapshots"),
    path("snapshots/freeze/", measure_views.snapshot_freeze, name="snapshot-freeze"),
    path("snapshots/<str:taken_on>/", measure_views.snapshot_detail, name="snapshot"),
]
