from django.contrib import admin

from employers.models import Employer, EnterpriseAdviser


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "companies_house_number", "size_band", "district", "is_cornerstone"]
    list_filter = ["size_band", "is_cornerstone", "disability_confident", "sectors"]
    search_fields = ["name", "companies_house_number", "postcode"]
    list_select_related = ["district"]
    filter_horizontal = ["sectors"]


@admin.register(EnterpriseAdviser)
class EnterpriseAdviserAdmin(admin.ModelAdmin):
    list_display = ["user", "employer", "status", "dbs_status", "induction_done", "capacity"]
    list_filter = ["status", "dbs_status", "induction_done"]
    search_fields = ["user__email", "user__full_name", "employer__name"]
    list_select_related = ["user", "employer"]
    filter_horizontal = ["sectors", "preferred_districts"]
