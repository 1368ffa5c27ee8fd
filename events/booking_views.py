"""Signed-in pages for taking part in fairs: employer contacts apply for stands and follow their
applications; Careers Leaders book school groups and print their pupils' tickets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedRequest
from accounts.models import Role, User
from accounts.permissions import can_change, can_view
from core.exceptions import DomainError
from core.forms import form_error_on_field, posted
from events import selectors
from events.forms import GroupBookingForm, StandApplicationForm
from events.models import Event, Registration, StandApplication
from events.permissions import employers_user_may_apply_for, is_employer_contact
from events.services import group_booking_create, stand_apply, stand_withdraw
from events.services.stands import stand_withdrawable
from events.services.vacancies import VacancyError, stand_vacancies_update, vacancies_editable
from events.vacancy_forms import StandVacanciesForm, vacancy_error_on_form
from events.views import registration_state
from schools.models import School

STAND_ERROR_FIELDS = {
    "invalid_representatives": "representative_names",
    "too_many_representatives": "representatives",
    "too_many_vacancies": "vacancy_1_title",
    "already_applied": "employer",
}
GROUP_ERROR_FIELDS = {
    "invalid_year_group": "year_group",
    "year_group_not_invited": "year_group",
    "invalid_group_size": "group_size",
    "not_enough_places": "group_size",
    "too_many_names": "pupil_names",
    "privacy_consent_required": "privacy_consent",
}


def _user(request: AuthenticatedRequest) -> User:
    return request.user


def _schools_of(user: User) -> QuerySet[School]:
    return School.objects.filter(
        organisation_id__in=user.organisation_ids(Role.CAREERS_LEADER)
    ).order_by("name")


def _public_event_or_404(public_id: str) -> Event:
    return get_object_or_404(
        Event.objects.select_related("venue", "venue__district"),
        public_id=public_id,
        status=Event.Status.PUBLISHED,
    )


@login_required
@require_GET
def fairs(request: AuthenticatedRequest) -> HttpResponse:
    """Employer contacts: fairs with stands open, and their applications. Careers Leaders:
    fairs open to pupils, and their school's bookings."""
    user = _user(request)
    is_employer = user.has_role(Role.EMPLOYER_CONTACT)
    is_careers_leader = user.has_role(Role.CAREERS_LEADER)
    if not (is_employer or is_careers_leader):
        raise PermissionDenied(_("This page is for employer contacts and Careers Leaders."))
    context: dict[str, object] = {
        "is_employer": is_employer,
        "is_careers_leader": is_careers_leader,
    }
    if is_employer:
        applied = {
            application.event_id: application
            for application in selectors.stand_applications_of_employer_contact(viewer=user)
            if application.status in StandApplication.LIVE_STATUSES
        }
        context["stand_events"] = [
            (event, applied.get(event.pk)) for event in selectors.events_open_for_stands()
        ]
    if is_careers_leader:
        context["pupil_events"] = selectors.events_open_to_pupils()
        context["bookings"] = (
            Registration.objects.filter(school__in=_schools_of(user))
            .select_related("event", "school")
            .order_by("-event__starts_at", "-created_at")
        )
    return render(request, "events/fairs.html", context)


@login_required
def stand_apply_view(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    event = _public_event_or_404(public_id)
    employers = employers_user_may_apply_for(_user(request))
    if not employers.exists():
        raise PermissionDenied(_("Only employer contacts can apply for a stand."))
    form = StandApplicationForm(posted(request), employers=employers, event=event)
    if form.is_valid():
        try:
            stand_apply(event=event, by=_user(request), **form.service_fields())
        except VacancyError as error:
            vacancy_error_on_form(form, error)
        except DomainError as error:
            form_error_on_field(form, error, STAND_ERROR_FIELDS)
        else:
            messages.success(
                request,
                _("Application sent for %(event)s. We will e-mail you the organiser's decision.")
                % {"event": event.title},
            )
            return redirect("events:my_stands")
    return render(request, "events/stand_apply.html", {"form": form, "event": event})


@login_required
@require_GET
def my_stand_applications(request: AuthenticatedRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_role(Role.EMPLOYER_CONTACT):
        raise PermissionDenied(_("This page is for employer contacts."))
    applications = list(selectors.stand_applications_of_employer_contact(viewer=user))
    for application in applications:
        application.withdrawable = stand_withdrawable(application)  # type: ignore[attr-defined]
        application.vacancies_editable = vacancies_editable(application)  # type: ignore[attr-defined]
    return render(request, "events/my_stands.html", {"applications": applications})


@login_required
def stand_withdraw_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        StandApplication.objects.select_related("event", "employer"), pk=pk
    )
    user = _user(request)
    if not can_view(user, application):
        raise Http404
    if not is_employer_contact(user, application.employer):
        raise PermissionDenied(_("Only the employer's contacts can withdraw its application."))
    if not stand_withdrawable(application):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("events:my_stands")
    if request.method == "POST":
        try:
            stand_withdraw(application=application, by=user)
        except DomainError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("events:my_stands")
    return render(request, "events/stand_withdraw.html", {"application": application})


@login_required
def stand_vacancies_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The employer changes the vacancies of a live application, or marks one filled."""
    application = get_object_or_404(
        StandApplication.objects.select_related("event", "employer"), pk=pk
    )
    user = _user(request)
    if not can_view(user, application):
        raise Http404
    if not is_employer_contact(user, application.employer):
        raise PermissionDenied(_("Only the employer's contacts can change its vacancies."))
    if not vacancies_editable(application):
        messages.error(request, _("The vacancies of this application can no longer change."))
        return redirect("events:my_stands")
    vacancies = list(application.vacancies.all())
    form = StandVacanciesForm(posted(request), vacancies=vacancies)
    if form.is_valid():
        try:
            stand_vacancies_update(
                application=application, by=user, vacancies=form.cleaned_data["vacancies"]
            )
        except VacancyError as error:
            vacancy_error_on_form(form, error)
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Your vacancies are saved."))
            return redirect("events:my_stands")
    return render(
        request, "events/stand_vacancies.html", {"form": form, "application": application}
    )


@login_required
def group_booking_view(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    event = _public_event_or_404(public_id)
    schools = _schools_of(_user(request))
    if not schools.exists():
        raise PermissionDenied(_("Only a school's Careers Leaders can book for its pupils."))
    form = GroupBookingForm(posted(request), schools=schools)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = group_booking_create(event=event, by=_user(request), **data)
        except DomainError as error:
            form_error_on_field(form, error, GROUP_ERROR_FIELDS)
        else:
            messages.success(
                request,
                _("%(count)d places booked for Year %(year)d.")
                % {"count": len(result.tickets), "year": data["year_group"]},
            )
            return redirect("events:group_booking", pk=result.registration.pk)
    return render(
        request,
        "events/group_booking_form.html",
        {"form": form, "event": event, "closed_reason": registration_state(event)},
    )


@login_required
@require_GET
def group_booking_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A school group's tickets as a printable list (one QR code a pupil)."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__venue", "school"),
        pk=pk,
        school__isnull=False,
    )
    if not can_view(_user(request), registration):
        raise Http404
    return render(
        request,
        "events/group_booking_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "tickets": registration.tickets.all(),
            "may_change": can_change(_user(request), registration),
        },
    )
