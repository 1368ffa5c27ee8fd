import json
from datetime import datetime

from django.db import transaction
from django.http import HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from benchmarks.bare.models import Entry, Item, Row, Visit


def row(request: HttpRequest, pk: int) -> JsonResponse:
    found = get_object_or_404(Row, pk=pk)
    return JsonResponse(
        {
            "id": found.pk,
            "number": found.number,
            "label": found.label,
            "created_at": found.created_at.isoformat(),
        }
    )


def _client_id(request: HttpRequest) -> str:
    return str(json.loads(request.body or b"{}").get("client_id", ""))[:64]


def visit(request: HttpRequest, pk: int) -> JsonResponse | HttpResponseNotAllowed:
    """A row read by key and one row inserted (a durable commit of its own): the floor of any
    request that records something."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = get_object_or_404(Row, pk=pk)
    made = Visit.objects.create(row=found, client_id=_client_id(request), created_at=timezone.now())
    return JsonResponse({"id": made.pk, "row": found.number}, status=201)


def admission(request: HttpRequest, pk: int) -> JsonResponse | HttpResponseNotAllowed:
    """A row read by key, then in one transaction the row marked seen, a visit inserted and a
    log entry inserted: the writes an audited admission must make, and nothing else."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = get_object_or_404(Row, pk=pk)
    client_id, now = _client_id(request), timezone.now()
    with transaction.atomic():
        Row.objects.filter(pk=found.pk).update(seen_at=now)
        made = Visit.objects.create(row=found, client_id=client_id, created_at=now)
        Entry.objects.create(
            row=found, action="admit", details={"visit": made.pk, "client_id": client_id},
            created_at=now,
        )  # fmt: skip
    return JsonResponse({"id": made.pk, "row": found.number}, status=201)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


PLACE_FIELDS = (
    "id", "name", "kind", "district", "address", "postcode", "step_free", "hearing_loop",
    "accessible_toilet", "parking", "public_transport",
)  # fmt: skip


def items(request: HttpRequest) -> JsonResponse:
    """A page of ten items with their places joined and their tags, as JSON (two statements):
    the floor of a list."""
    page = (
        Item.objects.select_related("place")
        .prefetch_related("tags")
        .order_by("starts_at", "pk")[:10]
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": item.pk,
                    "public_id": item.public_id,
                    "kind": item.kind,
                    "title": item.title,
                    "description": item.description,
                    "starts_at": _iso(item.starts_at),
                    "ends_at": _iso(item.ends_at),
                    "place": {name: getattr(item.place, name) for name in PLACE_FIELDS},
                    "status": item.status,
                    "capacity": item.capacity,
                    "places_left": max(item.capacity - item.places_taken, 0),
                    "stand_capacity": item.stand_capacity,
                    "max_representatives_per_stand": item.max_representatives_per_stand,
                    "registration_opens_at": _iso(item.registration_opens_at),
                    "registration_closes_at": _iso(item.registration_closes_at),
                    "adjustments_deadline": _iso(item.adjustments_deadline),
                    "audiences": item.audiences,
                    "year_groups": item.year_groups,
                    "tags": sorted(tag.name for tag in item.tags.all()),
                    "organiser": item.organiser,
                    "allow_reentry": item.allow_reentry,
                    "cancellation_reason": item.cancellation_reason,
                }
                for item in page
            ]
        }
    )
