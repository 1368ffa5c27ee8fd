"""The organiser's control for "did the employer come?" on the stand list.

Door volunteers mark it through the door's API (the same service); the stand list, where this
form lives and to which it returns, is the organisers' page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from core.exceptions import DomainError
from events.models import StandApplication, StandPresence
from events.permissions import is_event_organiser
from events.presence import stand_presence_mark


@login_required
@require_POST
def stand_presence_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        StandApplication.objects.select_related("event", "employer"), pk=pk
    )
    if not is_event_organiser(request.user, application.event):
        raise Http404  # as the decision pages: nothing to see for anyone else
    try:
        marked = stand_presence_mark(
            application=application,
            presence=request.POST.get("presence", ""),
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        texts: dict[str, str] = {
            StandPresence.PRESENT: _("%(employer)s is marked as present."),
            StandPresence.NO_SHOW: _("%(employer)s is marked as not having come."),
        }
        text = texts.get(str(marked.presence), _("%(employer)s is expected again."))
        messages.success(request, text % {"employer": marked.employer.name})
    return redirect("events:stand_list", pk=application.event_id)
