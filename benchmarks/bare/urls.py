from django.urls import path

from benchmarks.bare.views import admission, items, row, visit

urlpatterns = [
    path("rows/<int:pk>/", row, name="row"),
    path("rows/<int:pk>/visits/", visit, name="visit"),
    path("rows/<int:pk>/admissions/", admission, name="admission"),
    path("items/", items, name="items"),
]
