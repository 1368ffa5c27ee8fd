"""Small helpers every app's HTML views share for forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.exceptions import DomainError


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
