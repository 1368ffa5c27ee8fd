"""The encounter import page (upload a CSV or XLSX, see the result or every bad row) and the
template file to fill in. The rules are in ``engagement.imports``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.models import Role, User
from accounts.permissions import can_change, is_admin, visible
from core.forms import ImportUploadForm, import_upload, posted, posted_files
from engagement.imports import (
    FACTS,
    IMPORTABLE_KINDS,
    encounters_import_file,
    encounters_template_csv,
)
from schools.models import School


def _require_importer(user: User) -> None:
    """Careers Leaders, hub coordinators and administrators record school encounters; each
    row is then checked against the school it names (``can_change``)."""
    if not (is_admin(user) or user.has_role(Role.CAREERS_LEADER, Role.COORDINATOR)):
        raise PermissionDenied(
            _("Only a school's Careers Leader or its Careers Hub coordinator can do this.")
        )


@login_required
def encounters_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a file; nothing is imported unless every row is good."""
    user: User = request.user
    _require_importer(user)
    form = ImportUploadForm(posted(request), posted_files(request))
    context: dict[str, Any] = {
        "form": form,
        "facts": FACTS,
        "kinds": [(kind.value, kind.label) for kind in IMPORTABLE_KINDS],
        "schools": (
            None
            if is_admin(user)
            else [
                school
                for school in visible(user, School.objects.select_related("hub")).order_by("name")
                if can_change(user, school)
            ]
        ),
    }
    import_upload(
        form,
        context,
        lambda content, name: encounters_import_file(content=content, filename=name, by=user),
    )
    return render(request, "engagement/imports/encounter_import.html", context)


@login_required
def encounters_import_template(request: AuthenticatedRequest) -> HttpResponse:
    """The header row and one example row, as a CSV to open in a spreadsheet and fill in."""
    _require_importer(request.user)
    response = HttpResponse(encounters_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="encounters-template.csv"'
    return response
