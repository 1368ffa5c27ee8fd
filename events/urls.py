from django.urls import path

from events import (
    adjustment_views,
    booking_views,
    calendar_views,
    correction_views,
    event_copy_views,
    group_booking_views,
    group_message_views,
    organiser_views,
    presence_views,
    registration_views,
    views,
)

app_name = "events"

urlpatterns = [
    # Public (no account): the list, an event's page and registration, the confirmation.
    path("", views.event_list, name="list"),
    # The public API's address: the integer id is used here only.
    path("<int:pk>/calendar.ics", views.event_calendar_view, name="event_calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed_view, name="calendar_feed"),
    path("calendars/", calendar_views.calendar_feeds, name="calendar_feeds"),
    path("calendars/new/", calendar_views.calendar_feed_create, name="calendar_feed_create"),
    path(
        "calendars/<int:pk>/new-address/",
        calendar_views.calendar_feed_rotate_view,
        name="calendar_feed_rotate",
    ),
    # Employer contacts and Careers Leaders.
    path("fairs/", booking_views.fairs, name="fairs"),
    path("stands/", booking_views.my_stand_applications, name="my_stands"),
    path("stands/<int:pk>/withdraw/", booking_views.stand_withdraw_view, name="stand_withdraw"),
    path("stands/<int:pk>/vacancies/", booking_views.stand_vacancies_view, name="stand_vacancies"),
    path("group-bookings/<int:pk>/", booking_views.group_booking_detail, name="group_booking"),
    path(
        "group-bookings/<int:pk>/change/",
        group_booking_views.group_booking_resize_view,
        name="group_booking_resize",
    ),
    path(
        "group-bookings/<int:pk>/cancel/",
        group_booking_views.group_booking_cancel_view,
        name="group_booking_cancel",
    ),
    # Organisers.
    path("manage/", organiser_views.event_list, name="manage_list"),
    path("manage/new/", organiser_views.event_create_view, name="create"),
    path("manage/<int:pk>/", organiser_views.event_dashboard, name="dashboard"),
    path("manage/<int:pk>/edit/", organiser_views.event_edit, name="edit"),
    path("manage/<int:pk>/copy/", event_copy_views.event_copy, name="copy"),
    path("manage/<int:pk>/publish/", organiser_views.event_publish_view, name="publish"),
    path("manage/<int:pk>/cancel/", organiser_views.event_cancel_view, name="cancel"),
    path("manage/<int:pk>/messages/", group_message_views.group_messages, name="group_messages"),
    path(
        "manage/<int:pk>/registrations/",
        registration_views.registration_list,
        name="registration_list",
    ),
    path(
        "manage/<int:pk>/registrations.<str:file_format>",
        registration_views.registration_export,
        name="registration_export",
    ),
    path(
        "manage/<int:pk>/registrations/<int:registration_id>/",
        registration_views.registration_manage,
        name="registration_manage",
    ),
    path(
        "manage/<int:pk>/registrations/<int:registration_id>/cancel/",
        registration_views.registration_cancel_view,
        name="registration_cancel",
    ),
    path(
        "manage/<int:pk>/registrations/<int:registration_id>/resend/",
        registration_views.registration_resend_view,
        name="registration_resend",
    ),
    path(
        "manage/<int:pk>/registrations/<int:registration_id>/adjustments/",
        registration_views.registration_adjustments_view,
        name="registration_adjustments",
    ),
    path(
        "manage/<int:pk>/registrations/<int:registration_id>/promote/",
        registration_views.registration_promote_view,
        name="registration_promote",
    ),
    path(
        "manage/<int:pk>/registrations/<int:registration_id>/admit/",
        registration_views.registration_admit_view,
        name="registration_admit",
    ),
    path("manage/<int:pk>/stands/", organiser_views.stand_application_list, name="stand_list"),
    path("manage/<int:pk>/adjustments/", adjustment_views.adjustment_checklist, name="adjustments"),
    path(
        "manage/adjustments/<int:pk>/",
        adjustment_views.adjustment_item_update,
        name="adjustment_update",
    ),
    path(
        "manage/<int:pk>/stands.<str:file_format>",
        organiser_views.stand_export,
        name="stand_export",
    ),
    path(
        "manage/stands/<int:pk>/presence/",
        presence_views.stand_presence_view,
        name="stand_presence",
    ),
    path(
        "manage/stands/<int:pk>/approve/", organiser_views.stand_approve_view, name="stand_approve"
    ),
    path(
        "manage/stands/<int:pk>/decline/", organiser_views.stand_decline_view, name="stand_decline"
    ),
    path(
        "manage/<int:pk>/corrections/",
        correction_views.attendance_corrections,
        name="corrections",
    ),
    path(
        "manage/<int:pk>/corrections/admissions/<int:ticket_id>/",
        correction_views.admission_undo_view,
        name="correction_admission",
    ),
    path(
        "manage/<int:pk>/corrections/visits/<int:visit_id>/",
        correction_views.stand_visit_correct_view,
        name="correction_visit",
    ),
    path("programme/", organiser_views.programme_current, name="programme_current"),
    path("programme/<int:financial_year>/", organiser_views.programme, name="programme"),
    # An event's public pages, by its unguessable public id (after every fixed path above).
    path("<str:public_id>/", views.event_detail, name="detail"),
    path("<str:public_id>/registered/", views.registered, name="registered"),
    path("<str:public_id>/stand/", booking_views.stand_apply_view, name="stand_apply"),
    path("<str:public_id>/book-group/", booking_views.group_booking_view, name="group_book"),
    path(
        "<str:public_id>/calendar.ics",
        views.event_calendar_public_view,
        name="event_calendar_public",
    ),
]
