"""Reads about messages: how the messages about some objects (registrations) were delivered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet

from notifications.models import Channel, DeliveryStatus, Notification


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
        latest.setdefault(about_id, {}).setdefault(channel, status)
    return {
        about_id: [Delivery(channel, status) for channel, status in sorted(by_channel.items())]
        for about_id, by_channel in latest.items()
    }


def undelivered_ids(*, model: type[models.Model], ids: Iterable[int]) -> set[int]:
    """The objects whose person may not have their ticket: a message about them failed
    permanently (wrong address or number) and none about them has been delivered."""
    return set(
        notifications_about(model=model, ids=ids)
        .values("about_id")
        .annotate(
            permanent=Count("pk", filter=Q(status=DeliveryStatus.PERMANENT_FAILURE)),
            delivered=Count("pk", filter=Q(status=DeliveryStatus.DELIVERED)),
        )
        .filter(permanent__gt=0, delivered=0)
        .values_list("about_id", flat=True)
    )


def batch_counts(*, batch: str) -> dict[str, int]:
    """How many messages of one bulk message are in each status."""
    rows = Notification.objects.filter(batch=batch).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in DeliveryStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
