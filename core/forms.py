"""Small helpers every app's HTML views share for forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.exceptions import DomainError


def posted(request: HttpRequest) -> Any:
    """The POST data to bind a form to, or None on GET.

    ``request.POST or None`` would leave a form unbound — and silently without errors — when an
    empty form is posted; this binds it whenever the method is POST.
    """
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def form_error_from(form: Any, error: DomainError | ValidationError) -> None:
    """Show a service's refusal on the form: on its field when it names one, else at the top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    elif isinstance(error, DomainError):
        form.add_error(None, error.detail)
    else:
        form.add_error(None, error.messages)


def form_error_on_field(form: Any, error: DomainError, fields: dict[str, str]) -> None:
    """A service's refusal shown on the field its code names in ``fields`` (else at the top)."""
    field = fields.get(error.code)
    form.add_error(field if field in form.fields else None, error.detail)


def import_upload(form: Any, context: dict[str, Any], run: Callable[[bytes, str], Any]) -> None:
    """Run an all-or-nothing import on the form's uploaded file (``run(content, filename)``) and
    put its outcome in the page's context: the result, the rows refused, or the file's refusal
    on the form's ``file`` field. Does nothing unless the form is valid."""
    from core.tabular import ImportInvalid

    if not form.is_valid():
        return
    upload = form.cleaned_data["file"]
    try:
        context["result"] = run(upload.read(), upload.name)
    except ImportInvalid as invalid:
        context["row_errors"] = invalid.errors
        context["row_errors_heading"] = invalid.detail
    except DomainError as rejected:
        form.add_error("file", rejected.detail)


class ImportUploadForm(forms.Form):
    """A CSV or XLSX file to import; its size is checked before it is read."""

    file = forms.FileField(
        label=_("Upload a file"),
        error_messages={
            "required": _("Select a CSV or Excel file"),
            "empty": _("The selected file is empty"),
        },
    )

    def clean_file(self) -> Any:
        from core.tabular import MAX_UPLOAD_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The selected file must be smaller than 5 MB"))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(
                _("The selected file must be a CSV or an Excel (.xlsx) file")
            )
        return upload
