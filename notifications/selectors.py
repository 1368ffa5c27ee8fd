"""Reads about messages: how the messages about some objects (registrations) were delivered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet

from notifications.models import FAILED_STATUSES, Channel, DeliveryStatus, Notification


@dataclass(frozen=True)
class Delivery:
    channel: str
    status: str

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)

    @property
    def status_label(self) -> str:
        return str(DeliveryStatus(self.status).label)

    @property
    def failed(self) -> bool:
        return self.status in {
            DeliveryStatus.PERMANENT_FAILURE,
            DeliveryStatus.TEMPORARY_FAILURE,
            DeliveryStatus.TECHNICAL_FAILURE,
            DeliveryStatus.FAILED,
        }


def notifications_about(*, model: type[models.Model], ids: Iterable[int]) -> QuerySet[Notification]:
    return Notification.objects.filter(
        about_type=ContentType.objects.get_for_model(model), about_id__in=list(ids)
    )


def latest_deliveries(
    *, model: type[models.Model], ids: Iterable[int]
) -> dict[int, list[Delivery]]:
    """Per object: the status of the latest message about it on each channel."""
    rows = (
        notifications_about(model=model, ids=ids)
        .order_by("about_id", "channel", "-created_at", "-pk")
        .values_list("about_id", "channel", "status")
    )
    latest: dict[int, dict[str, str]] = {}
    for about_id, channel, status in rows:
        if about_id is not None:
            latest.setdefault(about_id, {}).setdefault(channel, status)
    return {
        about_id: [Delivery(channel, status) for channel, status in sorted(by_channel.items())]
        for about_id, by_channel in latest.items()
    }


def undelivered_ids(*, model: type[models.Model], ids: Iterable[int]) -> set[int]:
    """The objects whose person may not have their ticket: a message about them failed
    permanently (wrong address or number) and none about them has been delivered."""
    found = (
        notifications_about(model=model, ids=ids)
        .values("about_id")
        .annotate(
            permanent=Count("pk", filter=Q(status=DeliveryStatus.PERMANENT_FAILURE)),
            delivered=Count("pk", filter=Q(status=DeliveryStatus.DELIVERED)),
        )
        .filter(permanent__gt=0, delivered=0)
        .values_list("about_id", flat=True)
    )
    return {about_id for about_id in found if about_id is not None}


def batch_counts(*, batch: str) -> dict[str, int]:
    """One bulk message's copies by what became of them: ``delivered`` (the network reported
    it received), ``not_delivered`` (reported undeliverable, or refused by the service) and
    ``waiting`` (not yet sent, or sent with no report yet)."""
    failed = [str(s) for s in FAILED_STATUSES]
    return Notification.objects.filter(batch=batch).aggregate(
        delivered=Count("pk", filter=Q(status=DeliveryStatus.DELIVERED)),
        not_delivered=Count("pk", filter=Q(status__in=failed)),
        waiting=Count("pk", filter=Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENT])),
    )
