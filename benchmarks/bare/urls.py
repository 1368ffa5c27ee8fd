from django.urls import path

from benchmarks.bare.views import row, visit

urlpatterns = [
    path("rows/<int:pk>/", row, name="row"),
    path("rows/<int:pk>/visits/", visit, name="visit"),
]
