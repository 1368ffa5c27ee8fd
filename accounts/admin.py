from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.http import request_user
from accounts.models import (
    AuditEntry,
    DataRetentionPolicy,
    District,
    Membership,
    Organisation,
    Sector,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created_at", "welcomed_at"]


class MembershipAuditMixin:
    """Roles given, changed or taken away in the admin are audited like the services' changes."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        from accounts.services import membership_audit, membership_remove

        formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_remove(membership=membership, by=request_user(request))
        for membership in formset.new_objects:
            membership.save()
            membership_audit(membership, change="added", by=request_user(request))
        for membership, _fields in formset.changed_objects:
            membership.save()
            membership_audit(membership, change="changed", by=request_user(request))
        formset.save_m2m()


@admin.register(User)
class UserAdmin(MembershipAuditMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name",)}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Organisation)
class OrganisationAdmin(MembershipAuditMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "require_two_factor", "created_at"]
    list_filter = ["kind", "require_two_factor"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ["neighbours"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "group"]
    list_filter = ["group"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by the services, never by hand."""

    list_display = ["created_at", "actor_email", "action", "target_type", "target_label", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_email", "target_label", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DataRetentionPolicy)
class DataRetentionPolicyAdmin(admin.ModelAdmin):
    """Shown for reference; leads change it on their page, which checks and audits the change."""

    list_display = ["attendee_days", "changed_by", "changed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
