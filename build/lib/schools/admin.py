from django.contrib import admin

from schools.models import Hub, School, YearGroupRoll


class YearGroupRollInline(admin.TabularInline):
    model = YearGroupRoll
    extra = 0


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    search_fields = ["name"]
    filter_horizontal = ["districts"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "phase", "district", "hub"]
    list_filter = ["phase", "district", "hub"]
    search_fields = ["name", "urn", "postcode"]
    list_select_related = ["district", "hub"]
    inlines = [YearGroupRollInline]
