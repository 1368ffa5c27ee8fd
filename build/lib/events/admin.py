from django.contrib import admin

from events.models import (
    CalendarFeed,
    Event,
    Programme,
    Registration,
    StandApplication,
    Ticket,
    Venue,
)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "capacity", "step_free", "hearing_loop"]
    list_filter = ["kind", "district", "step_free", "hearing_loop"]
    search_fields = ["name", "postcode"]
    list_select_related = ["district"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "financial_year", "kind", "rule"]
    list_filter = ["financial_year", "kind"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    # Status changes go through the services (they revoke tickets and send notices): read-only here.
    list_display = ["title", "kind", "starts_at", "venue", "status", "capacity", "organiser"]
    list_filter = ["status", "kind", "organiser"]
    search_fields = ["title", "venue__name"]
    date_hierarchy = "starts_at"
    list_select_related = ["venue", "organiser"]
    readonly_fields = ["status", "sequence", "public_id", "uid", "tickets_issued", "programme"]
    autocomplete_fields = ["venue"]
    filter_horizontal = ["sector_focus"]


class TicketInline(admin.TabularInline):
    model = Ticket
    extra = 0
    fields = ["number", "holder_label", "status", "revoked_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "category", "status", "group_size", "created_at"]
    list_filter = ["status", "category", "event__kind"]
    search_fields = ["name", "email", "phone", "tickets__number"]
    list_select_related = ["event"]
    raw_id_fields = ["event", "school", "created_by"]
    readonly_fields = ["status", "waitlisted_at", "promoted_at", "cancelled_at"]
    inlines = [TicketInline]


@admin.register(StandApplication)
class StandApplicationAdmin(admin.ModelAdmin):
    list_display = ["employer", "event", "status", "stand_number", "representatives"]
    list_filter = ["status"]
    search_fields = ["employer__name", "event__title"]
    list_select_related = ["employer", "event"]
    raw_id_fields = ["event", "employer", "applied_by", "decided_by"]
    readonly_fields = ["status", "stand_number", "decided_by", "decided_at"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "venue", "hub", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "venue", "hub", "created_by"]
    exclude = ["token"]
