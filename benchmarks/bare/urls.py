from django.urls import path

from benchmarks.bare.views import row

urlpatterns = [path("rows/<int:pk>/", row, name="row")]
