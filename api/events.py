"""Events, attendee registrations and employers' stand applications (the REST API).

Thin, like every API module: serializers check the shape of the input, the events services
(``events.services``) apply every rule and raise a ``DomainError`` with a
``code``, which ``api.exceptions`` turns into a 4xx with ``code`` and ``detail``. The HTML pages
call the same services, so the API and the pages cannot disagree.

Who may do what:
- read events: anyone signed in (published, cancelled and held events; drafts for their
  organisers); create, change, publish, cancel: the event's organisers (the services decide);
- register for an event: anyone, without an account (the public registration), rate-limited;
- see an event's registrations and stand applications: its organisers;
- apply for a stand: an employer's contacts; approve or decline: the organisers; withdraw: the
  employer's contacts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from accounts.audit import audit_record
from accounts.http import api_user, signed_in_user
from accounts.models import AuditAction, Organisation, Role, User
from accounts.permissions import is_admin, is_lead
from api.event_list import event_rows
from api.event_page import VisibleEventPages, page_rows
from api.event_serializers import (
    ERRORS,
    PUBLIC_ERRORS,
    CheckYourMessagesSerializer,
    EventCancelSerializer,
    EventSerializer,
    EventWriteSerializer,
    RegistrationCreatedSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
    StandApplicationCreateSerializer,
    StandApplicationSerializer,
)
from api.filters import EventListFilter
from api.shared_serializers import Shared
from api.stands import STAND_PREFETCH, stand_queryset
from core.exceptions import DomainError, NotAllowed
from employers.models import Employer
from events import services
from events.exceptions import AlreadyRegistered
from events.models import (
    AttendeeCategory,
    Event,
    Registration,
    StandApplication,
    Ticket,
)
from events.permissions import (
    ORGANISER_ROLES,
    employers_user_may_apply_for,
    is_event_organiser,
)
from events.selectors import (
    event_list,
    public_events,
    registration_list,
    stand_application_list,
    with_places_and_stands,
)
from events.services import stands
from events.throttles import RegistrationRateThrottle
from events.tickets import ticket_qr_url, ticket_url

# --- Lists and their filters ----------------------------------------------------------------------


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Places and stands taken counted by the selector the pages use, plus what the output
    shows of each event (one query for a whole page, no join fan-out)."""
    return with_places_and_stands(
        events.select_related("venue", "venue__district", "organiser").prefetch_related(
            "sector_focus"
        )
    )


# --- Registrations and stands ---------------------------------------------------------------------


# A rush of registrations: one bound serializer each way (``api.shared_serializers``).
_REGISTRATION_REQUEST = Shared(RegistrationCreateSerializer)
_REGISTRATION_CREATED = Shared(RegistrationCreatedSerializer)


def _ticket_data(ticket: Ticket) -> dict[str, str]:
    return {
        "token": ticket.token,
        "number": ticket.number,
        "qr_png_url": ticket_qr_url(ticket),
        "url": ticket_url(ticket),
    }


def _applying_employer(user: User, employer_id: int | None) -> Employer:
    """The employer the caller applies for: their own (or the one they name, if several)."""
    employers = employers_user_may_apply_for(user)
    if employer_id is not None:
        employer = employers.filter(pk=employer_id).first()
        if employer is None:
            raise NotAllowed(_("You can only apply for a stand for your own employer."))
        return employer
    if not user.organisation_ids(Role.EMPLOYER_CONTACT) and not is_admin(user):
        raise NotAllowed(_("Only an employer's contacts can apply for a stand."))
    found = list(employers[:2])
    if len(found) != 1:
        raise DomainError(
            _("You are a contact for several employers: say which one applies."),
            code="employer_required",
        )
    return found[0]


# --- Views ----------------------------------------------------------------------------------------


class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Events of every kind: list and filter, create, change, publish, cancel; register for one
    (no account needed); apply for a stand; the organisers' lists of both."""

    serializer_class = EventSerializer
    filterset_class = EventListFilter  # the list's filters (api.filters.ListFilterBackend)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> list[BasePermission]:
        # The public registration needs no account; everything else does.
        if self.action == "register":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_throttles(self) -> list[BaseThrottle]:
        if self.action == "register":
            return [RegistrationRateThrottle()]
        return super().get_throttles()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # No filter asked for (a page number at most): the FilterSet would give it back as is.
        if self.action == "list" and set(self.request.query_params) <= {"page"}:
            return queryset
        return super().filter_queryset(queryset)

    def get_queryset(self) -> QuerySet[Event]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, signed out
            return Event.objects.none()
        return _with_counts(event_list(viewer=api_user(self.request)))

    def _event_out(self, event: Event, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            EventSerializer(_with_counts(Event.objects.all()).get(pk=event.pk)).data, code
        )

    @extend_schema(responses={200: EventSerializer(many=True)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # What EventSerializer would answer, written by hand (api.event_list).
        paginator = self.paginator
        size = (
            paginator.get_page_size(request) if isinstance(paginator, PageNumberPagination) else 0
        )
        if size and set(request.query_params) <= {"page"}:
            # No filter: the page read by fixed SQL (api.event_page), the count with it.
            pages = VisibleEventPages(
                api_user(request), expected=page_rows(request.query_params.get("page", "1"), size)
            )
            # A Paginator reads only ``count()`` and a slice of its object list.
            rows = self.paginate_queryset(pages)  # type: ignore[arg-type]
            return self.get_paginated_response(rows)
        events = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(events)
        if page is None:
            return Response(event_rows(events))
        return self.get_paginated_response(event_rows(page))

    @extend_schema(request=EventWriteSerializer, responses={201: EventSerializer, **ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a draft event for your hub or Jobcentre (coordinators, Jobcentre organisers)."""
        user: User = api_user(request)
        organises = user.organisation_ids(*ORGANISER_ROLES)
        if not (organises or is_admin(user)):
            raise NotAllowed(_("Only coordinators and Jobcentre organisers create events."))
        given = EventWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        organiser = data.pop("organiser", None)
        if organiser is None:
            if len(organises) != 1:
                raise DomainError(
                    _("Say which hub or Jobcentre organises this event."),
                    code="organiser_required",
                )
            organiser = Organisation.objects.get(pk=next(iter(organises)))
        event = services.event_create(by=user, organiser=organiser, **data)
        return self._event_out(event, status.HTTP_201_CREATED)

    @extend_schema(request=EventWriteSerializer, responses={200: EventSerializer, **ERRORS})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change an event (its organisers). The status changes through the actions."""
        event = self.get_object()
        given = EventWriteSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        if "organiser" in data:
            raise DomainError(_("An event's organiser cannot change."), code="organiser_fixed")
        updated = services.event_update(event=event, by=api_user(request), **data)
        return self._event_out(updated)

    @extend_schema(request=None, responses={200: EventSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Open a draft to the public (it needs a venue and a future start)."""
        event = services.event_publish(event=self.get_object(), by=api_user(request))
        return self._event_out(event)

    @extend_schema(request=EventCancelSerializer, responses={200: EventSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel: tickets are revoked and everyone registered is told. Twice changes nothing."""
        event = self.get_object()
        given = EventCancelSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        cancelled = services.event_cancel(
            event=event,
            by=api_user(request),
            reason=given.validated_data["reason"],
        )
        return self._event_out(cancelled)

    @extend_schema(request=None, responses={200: EventSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Mark a published event that has ended as held."""
        event = services.event_complete(event=self.get_object(), by=api_user(request))
        return self._event_out(event)

    @extend_schema(
        request=RegistrationCreateSerializer,
        responses={
            201: RegistrationCreatedSerializer,
            202: CheckYourMessagesSerializer,
            **PUBLIC_ERRORS,
        },
    )
    @action(detail=True, methods=["post"], url_path="registrations")
    def register(self, request: Request, pk: str | None = None) -> Response:
        """Register for a published event, without an account. Past capacity the person joins
        the waiting list (``status`` ``waitlisted``, no ticket yet). Rate-limited per client.

        An e-mail address that already holds a place: 202 ``check_your_messages``, and its
        ticket is e-mailed to it again. Neither the place nor its ticket is shown to whoever
        asked. That 202 (against a new registration's 201) still tells a caller the address
        was registered: the shared rate limit per client is what keeps that from being
        used to sweep a list of addresses."""
        # Registration reads none of the venue: no join for it on every registration.
        event = get_object_or_404(public_events().select_related(None), pk=pk)
        fields = _REGISTRATION_REQUEST.validated(request.data)
        try:
            result = services.registration_create(event=event, by=signed_in_user(request), **fields)
        except AlreadyRegistered:
            services.registration_ticket_resend(event=event, email=fields.get("email", ""))
            return Response(
                {
                    "code": "check_your_messages",
                    "detail": _("Check your messages: we have sent the ticket to the address."),
                },
                status=status.HTTP_202_ACCEPTED,
            )
        registration = result.registration
        data = {
            "id": registration.pk,
            "event": event.pk,
            "status": registration.status,
            "name": registration.name,
            "category": registration.category,
            "adjustments": registration.adjustments,
            "ticket": _ticket_data(result.tickets[0]) if result.tickets else None,
            "warnings": [{"code": n.code, "detail": str(n.detail)} for n in result.warnings],
        }
        return Response(_REGISTRATION_CREATED.represented(data), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Registration.Status.values),
            OpenApiParameter("category", str, enum=AttendeeCategory.values),
            OpenApiParameter("adjustments", bool, description="1: only those asking for some."),
        ],
        responses={200: RegistrationSerializer(many=True), **ERRORS},
    )
    @register.mapping.get
    def registrations(self, request: Request, pk: str | None = None) -> Response:
        """The event's registrations, for its organisers (adjustments included)."""
        user: User = api_user(request)
        event = get_object_or_404(event_list(viewer=user), pk=pk)
        if not is_event_organiser(user, event):
            raise NotAllowed(_("Only the event's organisers can see who registered."))
        registrations = registration_list(
            event=event,
            viewer=user,
            status=request.GET.get("status") or None,
            category=request.GET.get("category") or None,
            with_adjustments=request.GET.get("adjustments", "") in {"1", "true"},
        )
        page = self.paginate_queryset(registrations)
        audit_record(
            actor=user,
            action=AuditAction.REGISTRATION_LIST_READ,
            target=event,
            label=event.title,
            details={"page": request.GET.get("page", "1")[:10], "rows": len(page or [])},
            request=request,
        )
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)

    @extend_schema(
        request=StandApplicationCreateSerializer,
        responses={201: StandApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="employer-registrations")
    def apply_for_stand(self, request: Request, pk: str | None = None) -> Response:
        """Your employer asks for a stand: ``pending`` (a stand is held while the organiser
        decides) or ``waitlisted`` (every stand taken). The organiser's approval gives
        ``approved`` and a ``stand_number``."""
        user: User = api_user(request)
        event = get_object_or_404(public_events(), pk=pk)
        given = StandApplicationCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        employer = _applying_employer(user, data.pop("employer", None))
        application = stands.stand_apply(event=event, employer=employer, by=user, **data)
        return Response(
            StandApplicationSerializer(stand_queryset(user).get(pk=application.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=StandApplication.Status.values)],
        responses={200: StandApplicationSerializer(many=True), **ERRORS},
    )
    @apply_for_stand.mapping.get
    def employer_registrations(self, request: Request, pk: str | None = None) -> Response:
        """The event's stand applications, for its organisers."""
        user: User = api_user(request)
        event = get_object_or_404(event_list(viewer=user), pk=pk)
        # Leads read them too, as on the organisers' stand page (no personal data here).
        if not (is_event_organiser(user, event) or is_lead(user)):
            raise NotAllowed(_("Only the event's organisers can see every stand application."))
        applications = (
            stand_application_list(
                viewer=user, event=event, status=request.GET.get("status") or None
            )
            .select_related("employer")
            .prefetch_related(*STAND_PREFETCH)
        )
        page = self.paginate_queryset(applications)
        return self.get_paginated_response(StandApplicationSerializer(page, many=True).data)
