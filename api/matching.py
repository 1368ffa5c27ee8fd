"""Matching rounds, proposals, matches and weights: the same services as the matching pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import api_user
from accounts.permissions import can_change, can_view, visible
from api.permissions import ObjectPermission
from core.exceptions import NotAllowed
from engagement import services
from engagement.models import Match, MatchingRound, MatchingWeights, MatchProposal
from engagement.selectors import matching_weights_for
from schools.models import Hub


class ScorePartSerializer(serializers.Serializer):
    part = serializers.CharField()
    # A field named like Field.label: DRF's metaclass takes declared fields out of the class.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.FloatField()
    weight = serializers.FloatField()
    points = serializers.FloatField()
    reason = serializers.CharField(help_text="Why, in the request's language.")
    reason_code = serializers.CharField(
        help_text="The reason's stable code (blank for a round stored before codes)."
    )


class UnmatchedSchoolSerializer(serializers.Serializer):
    school_id = serializers.IntegerField()
    school = serializers.CharField()
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="In the request's language."
    )


class MatchProposalSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    adviser_name = serializers.CharField(source="adviser.user.get_full_name", read_only=True)
    parts = ScorePartSerializer(source="parts_shown", many=True, read_only=True)

    class Meta:
        model = MatchProposal
        fields = [
            "id",
            "school",
            "school_name",
            "adviser",
            "adviser_name",
            "score",
            "parts",
            "pinned",
            "status",
            "decided_at",
        ]
        read_only_fields = fields


class MatchingRoundSerializer(serializers.ModelSerializer):
    proposals = MatchProposalSerializer(many=True, read_only=True)
    unmatched = UnmatchedSchoolSerializer(source="unmatched_shown", many=True, read_only=True)
    advisers_left_out = serializers.DictField(
        source="advisers_left_out_shown",
        child=serializers.IntegerField(),
        read_only=True,
        help_text="{hard rule, in the request's language: advisers failing it}",
    )

    class Meta:
        model = MatchingRound
        fields = [
            "id",
            "hub",
            "starts_on",
            "status",
            "weights",
            "total_score",
            "greedy_total_score",
            "schools_considered",
            "advisers_considered",
            "advisers_left_out",
            "unmatched",
            "proposals",
            "created_at",
        ]
        read_only_fields = [f for f in fields if f not in {"hub", "starts_on"}]


class MatchingRoundCreateSerializer(serializers.Serializer):
    hub = serializers.PrimaryKeyRelatedField(queryset=Hub.objects.all())
    starts_on = serializers.DateField()


class ProposalRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    exclude = serializers.BooleanField(required=False, default=False)


class ProposalSwapSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()


class MatchSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    adviser_name = serializers.CharField(source="adviser.user.get_full_name", read_only=True)
    # Blank while the match goes on: the schema must allow "" beside the reasons.
    end_reason = serializers.ChoiceField(
        choices=Match.EndReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Match
        fields = [
            "id",
            "school",
            "school_name",
            "adviser",
            "adviser_name",
            "started_on",
            "ended_on",
            "end_reason",
            "end_note",
        ]
        read_only_fields = fields


class MatchEndSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Match.EndReason.choices)
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class MatchingWeightsSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchingWeights
        fields = ["hub", *MatchingWeights.PARTS, "updated_at"]
        read_only_fields = ["hub", "updated_at"]
        # Null while the hub still has the default weights (reading them stores nothing).
        extra_kwargs = {"updated_at": {"allow_null": True}}


def _round_queryset() -> QuerySet[MatchingRound]:
    return MatchingRound.objects.select_related("hub").prefetch_related(
        "proposals__school", "proposals__adviser__user"
    )


class MatchingRoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Run a round for a hub you coordinate; read its proposals with their score parts."""

    permission_classes = [ObjectPermission]
    serializer_class = MatchingRoundSerializer

    def get_queryset(self) -> QuerySet[MatchingRound]:
        return visible(self.request.user, _round_queryset())

    @extend_schema(request=MatchingRoundCreateSerializer, responses={201: MatchingRoundSerializer})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        given = MatchingRoundCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        round_ = services.matching_round_run(
            hub=given.validated_data["hub"],
            starts_on=given.validated_data["starts_on"],
            by=api_user(request),
        )
        return Response(
            MatchingRoundSerializer(_round_queryset().get(pk=round_.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ProposalSwapSerializer, responses=MatchingRoundSerializer)
    @action(detail=True, methods=["post"])
    def swap(self, request: Request, pk: str | None = None) -> Response:
        round_ = self.get_object()
        given = ProposalSwapSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        proposals = round_.proposals.all()
        services.proposal_swap(
            first=get_object_or_404(proposals, pk=given.validated_data["first"]),
            second=get_object_or_404(proposals, pk=given.validated_data["second"]),
            by=api_user(request),
        )
        return Response(MatchingRoundSerializer(_round_queryset().get(pk=round_.pk)).data)


class MatchProposalViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Decide a proposal: accept starts the match and e-mails both sides; reject may exclude."""

    serializer_class = MatchProposalSerializer

    def get_queryset(self) -> QuerySet[MatchProposal]:
        rounds = visible(self.request.user, MatchingRound.objects.all())
        return MatchProposal.objects.filter(round__in=rounds).select_related(
            "round__hub", "school", "adviser__user"
        )

    def _decidable(self) -> MatchProposal:
        proposal = self.get_object()
        if not can_change(self.request.user, proposal):
            raise NotAllowed("You cannot decide proposals for this hub.")
        return proposal

    @extend_schema(request=None, responses={201: MatchSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        match = services.proposal_accept(proposal=self._decidable(), by=api_user(request))
        return Response(MatchSerializer(match).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProposalRejectSerializer, responses=MatchProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        given = ProposalRejectSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        proposal = services.proposal_reject(
            proposal=self._decidable(),
            by=api_user(request),
            reason=given.validated_data["reason"],
            exclude=given.validated_data["exclude"],
        )
        return Response(MatchProposalSerializer(proposal).data)


class MatchViewSet(viewsets.ReadOnlyModelViewSet):
    """Matches the caller may see, current and past; a hub coordinator ends one with a reason."""

    permission_classes = [ObjectPermission]
    serializer_class = MatchSerializer

    def get_queryset(self) -> QuerySet[Match]:
        return visible(
            self.request.user,
            Match.objects.select_related("school__hub", "adviser__user", "adviser__employer"),
        ).order_by("-started_on")

    @extend_schema(request=MatchEndSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        match = self.get_object()
        given = MatchEndSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        ended = services.match_end(match=match, by=api_user(request), **given.validated_data)
        return Response(MatchSerializer(ended).data)


class MatchingWeightsViewSet(
    mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """A hub's weights, by hub id; coordinators of the hub change them (0–10 each)."""

    serializer_class = MatchingWeightsSerializer
    lookup_field = "hub"
    lookup_value_regex = r"\d+"  # a hub's id: anything else is a JSON 404, not a 500
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> MatchingWeights:
        hub = get_object_or_404(
            visible(self.request.user, Hub.objects.all()), pk=self.kwargs["hub"]
        )
        if not can_view(self.request.user, hub):
            raise NotAllowed("You cannot see this hub.")
        return matching_weights_for(hub=hub)

    def get_queryset(self) -> QuerySet[MatchingWeights]:
        return MatchingWeights.objects.none()

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        weights = self.get_object()
        given = MatchingWeightsSerializer(weights, data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        updated = services.matching_weights_update(
            hub=weights.hub,
            by=api_user(request),
            weights={k: v for k, v in given.validated_data.items() if k in MatchingWeights.PARTS},
        )
        return Response(MatchingWeightsSerializer(updated).data)
