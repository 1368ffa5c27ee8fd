from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("", views.school_list, name="list"),
    path("new/", views.school_create_view, name="create"),
    path("import/", views.schools_import, name="import"),
    path("<int:pk>/", views.school_detail, name="detail"),
    path("<int:pk>/edit/", views.school_edit, name="edit"),
    path("<int:pk>/benchmarks/new/", views.benchmark_assessment_add, name="assessment_add"),
    path("<int:pk>/pupils/", views.year_group_rolls_edit, name="rolls_edit"),
]
