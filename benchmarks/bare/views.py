from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404

from benchmarks.bare.models import Row


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
