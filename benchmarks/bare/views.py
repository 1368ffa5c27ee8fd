import json

from django.http import HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from benchmarks.bare.models import Row, Visit


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


def visit(request: HttpRequest, pk: int) -> JsonResponse | HttpResponseNotAllowed:
    """A row read by key and one row inserted (a durable commit of its own): the floor of any
    request that records something."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = get_object_or_404(Row, pk=pk)
    client_id = str(json.loads(request.body or b"{}").get("client_id", ""))[:64]
    made = Visit.objects.create(row=found, client_id=client_id, created_at=timezone.now())
    return JsonResponse({"id": made.pk, "row": found.number}, status=201)
