from django.contrib import admin

from events.models import Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "capacity", "step_free", "hearing_loop"]
    list_filter = ["kind", "district", "step_free", "hearing_loop"]
    search_fields = ["name", "postcode"]
    list_select_related = ["district"]
