from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("receipts/", views.delivery_receipt, name="delivery_receipt"),
    path("opt-out/<str:token>/", views.opt_out, name="opt_out"),
]
