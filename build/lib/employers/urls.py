from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("", views.employer_list, name="list"),
    path("new/", views.employer_create_view, name="create"),
    path("import/", views.employers_import, name="import"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:pk>/edit/", views.employer_edit, name="edit"),
    path("advisers/", views.adviser_list, name="adviser_list"),
    path("advisers/new/", views.adviser_create_view, name="adviser_create"),
    path("advisers/import/", views.advisers_import, name="adviser_import"),
    path("advisers/<int:pk>/", views.adviser_detail, name="adviser_detail"),
    path("advisers/<int:pk>/edit/", views.adviser_edit, name="adviser_edit"),
]
