"""Pages for Sector-based work academies: record an academy, add its participants and what
their placement led to (``engagement.sbwa`` holds the rules)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.models import Organisation, OrganisationKind
from accounts.permissions import can_view
from core.exceptions import DomainError
from core.forms import posted
from engagement.forms import SbwaAcademyForm, SbwaParticipantForm
from engagement.models import SbwaAcademy, SbwaPlacement
from engagement.sbwa import (
    ParticipantInput,
    may_record_academies,
    sbwa_academy_create,
    sbwa_participant_record,
)


def _error_on(form: SbwaAcademyForm | SbwaParticipantForm, error: DomainError) -> None:
    field = error.extra.get("field")
    form.add_error(field if field in form.fields else None, error.detail)


@login_required
def academy_new(request: AuthenticatedRequest, jobcentre_id: int) -> HttpResponse:
    jobcentre = get_object_or_404(Organisation, pk=jobcentre_id, kind=OrganisationKind.JOBCENTRE)
    if not can_view(request.user, jobcentre):
        raise Http404
    if not may_record_academies(request.user, jobcentre.pk):
        raise PermissionDenied
    form = SbwaAcademyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            academy = sbwa_academy_create(
                jobcentre=jobcentre,
                by=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                places=data["places"],
                provider=data["provider"],
                sector_id=data["sector"].pk if data["sector"] else None,
                employer=data["employer"],
            )
        except DomainError as error:
            _error_on(form, error)
        else:
            messages.success(request, _("Academy recorded. Add its participants below."))
            return redirect("dashboard:academy", academy_id=academy.pk)
    return render(
        request,
        "engagement/dashboard/sbwa_academy_form.html",
        {"form": form, "jobcentre": jobcentre},
    )


def _participant_page(
    request: AuthenticatedRequest, academy: SbwaAcademy, participant: SbwaPlacement | None
) -> HttpResponse:
    initial = (
        {name: getattr(participant, name) for name in SbwaParticipantForm.base_fields}
        if participant
        else {}
    )
    form = SbwaParticipantForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sbwa_participant_record(
                academy=academy,
                by=request.user,
                answers=ParticipantInput(**form.cleaned_data),
                participant=participant,
            )
        except DomainError as error:
            _error_on(form, error)
        else:
            messages.success(request, _("Participant saved."))
            return redirect("dashboard:academy", academy_id=academy.pk)
    participants = academy.participants.order_by("pk")
    return render(
        request,
        "engagement/dashboard/sbwa_academy.html",
        {
            "academy": academy,
            "form": form,
            "participant": participant,
            "participants": participants,
        },
    )


def _academy(request: AuthenticatedRequest, academy_id: int) -> SbwaAcademy:
    academy = get_object_or_404(
        SbwaAcademy.objects.select_related("jobcentre", "sector", "employer"), pk=academy_id
    )
    if not may_record_academies(request.user, academy.jobcentre_id):
        raise PermissionDenied
    return academy


@login_required
def academy_detail(request: AuthenticatedRequest, academy_id: int) -> HttpResponse:
    return _participant_page(request, _academy(request, academy_id), None)


@login_required
def participant_edit(
    request: AuthenticatedRequest, academy_id: int, participant_id: int
) -> HttpResponse:
    academy = _academy(request, academy_id)
    participant = get_object_or_404(SbwaPlacement, pk=participant_id, academy=academy)
    return _participant_page(request, academy, participant)
