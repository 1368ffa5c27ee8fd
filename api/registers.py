"""Hubs, schools, employers and Enterprise Advisers (read; the pages and imports write them)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from accounts.models import District, Sector
from accounts.permissions import visible
from api.permissions import ObjectPermission
from employers.models import Employer, EnterpriseAdviser
from employers.permissions import can_see_adviser_checks
from schools.models import Hub, School


class HubSerializer(serializers.ModelSerializer):
    districts: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = Hub
        fields = ["id", "name", "area", "districts"]


class SchoolSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", read_only=True)
    hub: serializers.PrimaryKeyRelatedField[Hub] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    pupils_by_year_group = serializers.SerializerMethodField()
    adviser_wish_sectors: serializers.SlugRelatedField[Sector] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )

    class Meta:
        model = School
        fields = [
            "id",
            "urn",
            "name",
            "phase",
            "district",
            "postcode",
            "hub",
            "pupils_by_year_group",
            "adviser_wishes",
            "adviser_wish_tags",
            "adviser_wish_sectors",
        ]

    def get_pupils_by_year_group(self, school: School) -> dict[str, int]:
        return {str(roll.year_group): roll.pupils for roll in school.year_groups.all()}


class EmployerSerializer(serializers.ModelSerializer):
    sectors: serializers.SlugRelatedField[Sector] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    district = serializers.CharField(source="district.name", read_only=True, allow_null=True)
    is_sme = serializers.BooleanField(read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "companies_house_number",
            "sectors",
            "size_band",
            "is_sme",
            "district",
            "postcode",
            "is_cornerstone",
            "disability_confident",
        ]


class EnterpriseAdviserSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    employer: serializers.PrimaryKeyRelatedField[Employer] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    sectors: serializers.SlugRelatedField[Sector] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    preferred_districts: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = EnterpriseAdviser
        fields = [
            "id",
            "name",
            "employer",
            "occupation",
            "sectors",
            "expertise_tags",
            "preferred_districts",
            "max_travel_km",
            "capacity",
            "dbs_checked_on",
            "dbs_status",
            "induction_done",
            "status",
        ]

    def to_representation(self, instance: EnterpriseAdviser) -> dict:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_see_adviser_checks(request.user, instance):
            data.pop("dbs_checked_on", None)
            data.pop("dbs_status", None)
        return data


class _VisibleReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ObjectPermission]
    base_queryset: QuerySet

    def get_queryset(self) -> QuerySet:
        return visible(self.request.user, self.base_queryset)


class HubViewSet(_VisibleReadOnly):
    """Careers Hubs the caller may see."""

    # The rows are visible() already, and a Careers Leader's list shows their school's hub: its
    # detail must too. can_view(hub) is stricter because it also opens the hub's dashboard.
    permission_classes = [IsAuthenticated]

    serializer_class = HubSerializer
    base_queryset = Hub.objects.prefetch_related("districts").order_by("name")


class SchoolViewSet(_VisibleReadOnly):
    """Schools and colleges the caller may see (a coordinator: their hub's; a leader: theirs)."""

    serializer_class = SchoolSerializer
    base_queryset = (
        School.objects.select_related("district")
        .prefetch_related("year_groups", "adviser_wish_sectors")
        .order_by("name")
    )


class EmployerViewSet(_VisibleReadOnly):
    serializer_class = EmployerSerializer
    base_queryset = Employer.objects.select_related("district").prefetch_related("sectors")


class EnterpriseAdviserViewSet(_VisibleReadOnly):
    serializer_class = EnterpriseAdviserSerializer
    base_queryset = EnterpriseAdviser.objects.select_related("user").prefetch_related(
        "sectors", "preferred_districts"
    )
