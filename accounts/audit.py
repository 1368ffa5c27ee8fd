"""The audit trail: ``audit_record`` writes one entry (who, what, which object, when, from where).

Services call it, not views, so the pages, the API and the commands are all recorded alike. The
"from where" is the client's IP address, read as the API's throttles read it (Django REST
framework's ``get_ident``, governed by its ``NUM_PROXIES`` setting): from the request when one
is passed, otherwise from the request being served, which ``request_started`` notes for this
thread (a service deep in a check-in has no request to hand). Outside a request (Celery beat,
a management command) there is no address and the actor is usually the system (``None``).

Exports are recorded here too: ``engagement.exports`` writes an ``ExportLog`` row for each file
and a ``post_save`` receiver turns it into an ``export.download`` entry.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.signals import request_finished, request_started
from django.db.models import Model, QuerySet
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.http.request import HttpHeaders
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from accounts.models import AuditAction, AuditEntry
from core.rows import row_insert, values_insert

# The IP address of the request this thread (or task) is serving, if any.
_request_ip: ContextVar[str | None] = ContextVar("audit_request_ip", default=None)

LABEL_LENGTH = AuditEntry._meta.get_field("target_label").max_length or 200


class _MetaOnly:
    """What DRF's ``get_ident`` reads from a request: ``headers`` and ``META``."""

    def __init__(self, meta: Mapping[str, Any]) -> None:
        self.META = meta
        self.headers = HttpHeaders(meta)


def _valid_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def ip_from_meta(meta: Mapping[str, Any]) -> str | None:
    """The client's address by the throttles' rule (``NUM_PROXIES``, from the environment's
    ``TRUSTED_PROXY_COUNT``): the connection's address, or that many hops from the right of
    X-Forwarded-For behind our own proxies; else REMOTE_ADDR."""
    ident = BaseThrottle().get_ident(_MetaOnly(meta))  # type: ignore[arg-type]
    first = (ident or "").split(",")[0]
    return _valid_ip(first) or _valid_ip(meta.get("REMOTE_ADDR"))


def client_ip(request: HttpRequest | Any) -> str | None:
    return ip_from_meta(request.META)


def _asgi_meta(scope: Mapping[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    client = scope.get("client")
    if client:
        meta["REMOTE_ADDR"] = client[0]
    for name, value in scope.get("headers", []):
        if name.lower() == b"x-forwarded-for":
            meta["HTTP_X_FORWARDED_FOR"] = value.decode("latin-1")
    return meta


def _request_started(sender: Any, environ: Any = None, scope: Any = None, **kwargs: Any) -> None:
    if environ is not None:
        _request_ip.set(ip_from_meta(environ))
    elif scope is not None:
        _request_ip.set(ip_from_meta(_asgi_meta(scope)))


def _request_finished(sender: Any, **kwargs: Any) -> None:
    _request_ip.set(None)


def _target_fields(target: Model | None, label: str | None) -> dict[str, str]:
    if target is None:
        return {"target_type": "", "target_id": "", "target_label": (label or "")[:LABEL_LENGTH]}
    meta = target._meta
    return {
        "target_type": f"{meta.app_label}.{meta.model_name}",
        "target_id": str(target.pk),
        "target_label": (label if label is not None else str(target))[:LABEL_LENGTH],
    }


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    target: Model | None = None,
    details: Mapping[str, Any] | None = None,
    request: HttpRequest | Any = None,
    label: str | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Write one audit entry: one INSERT, no other query.

    ``actor`` is the user who acted (``None`` or an anonymous user: the system). ``target`` is
    the object acted on; its label is ``str(target)`` unless ``label`` is given — give one
    whenever ``str()`` would name an attendee or need a query. The address is ``ip``, else the
    ``request``'s, else that of the request being served.
    """
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    if ip is None:
        ip = client_ip(request) if request is not None else _request_ip.get()
    entry = AuditEntry(
        actor=actor if signed_in else None,
        actor_email=actor.email if signed_in else "",
        action=AuditAction(action),
        details=dict(details or {}),
        ip=_valid_ip(ip),
        **_target_fields(target, label),
    )
    return row_insert(entry)  # one INSERT built once: the door audits every admission


def audit_insert(
    *, actor: Any, action: AuditAction | str, target: Model, label: str, details: dict[str, Any]
) -> None:
    """``audit_record`` for the door's every admission, by the address of the request being
    served: the same entry, written without building it as a model instance first."""
    values = audit_values(actor=actor, target=target, label=label)
    values_insert(AuditEntry, {**values, "action": str(AuditAction(action)), "details": details})


def audit_values(*, actor: Any, target: Model, label: str) -> dict[str, Any]:
    """An entry's who, from where and about what, by the request being served, as column
    values (by attname): for writers that build the entry's row themselves."""
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return {
        "actor_id": actor.pk if signed_in else None,
        "actor_email": actor.email if signed_in else "",
        "ip": _valid_ip(_request_ip.get()),
        **_target_fields(target, label),
    }


def _export_logged(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """An engagement export (``ExportLog``, written by ``engagement.exports``) is audited."""
    if not created or kwargs.get("raw"):
        return
    audit_record(
        actor=instance.user,
        action=AuditAction.EXPORT_DOWNLOAD,
        target=instance,
        label=f"{instance.get_content_display()} ({instance.get_format_display()})",
        details={
            "from": instance.kind,
            "content": instance.content,
            "format": instance.format,
            "params": instance.params,
        },
        ip=instance.ip,
    )


def connect_receivers() -> None:
    """Called once from ``AccountsConfig.ready``."""
    request_started.connect(_request_started, dispatch_uid="accounts.audit.request_started")
    request_finished.connect(_request_finished, dispatch_uid="accounts.audit.request_finished")
    # A lazy reference: accounts does not import engagement (the dependencies point one way).
    post_save.connect(
        _export_logged, sender="engagement.ExportLog", dispatch_uid="accounts.audit.export_logged"
    )


# --- Reads ----------------------------------------------------------------------------------


def audit_entries(
    *,
    action: str | None = None,
    actor_email: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The audit log, newest first, filtered; dates are whole days in Europe/London, both
    included. ``actor_email`` matches part of the address the actor had at the time."""
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    if actor_email:
        entries = entries.filter(actor_email__icontains=actor_email.strip())
    if date_from:
        entries = entries.filter(created_at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_start_of(date_to + timedelta(days=1)))
    return entries.order_by("-created_at", "-pk")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())
