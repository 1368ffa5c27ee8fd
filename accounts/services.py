"""Writes for users and memberships."""

from __future__ import annotations

import re
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.audit import audit_record
from accounts.models import AuditAction, Membership, Organisation, PostcodeCentroid, User
from core.geography import postcode_outward
from core.tabular import ImportInvalid, ImportResult, Row, RowError
from notifications.models import Channel
from notifications.services import notification_add


@transaction.atomic
def user_create(
    *, email: str, full_name: str = "", password: str | None = None, email_verified: bool = False
) -> User:
    """Create a user who signs in with ``email``; a verified address can sign in at once."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "A user with this e-mail address already exists."})
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=email_verified)
    return user


@transaction.atomic
def membership_add(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    send_welcome: bool = True,
    by: User | None = None,
) -> Membership:
    """Give ``user`` ``role`` in ``organisation``; the role must suit the kind of organisation.

    A new membership is announced to the user by e-mail, queued once the change is committed,
    and recorded in the audit log as done by ``by`` (``None``: the system).
    """
    existing = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if existing is not None:
        return existing
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    user.__dict__.pop("role_memberships", None)
    membership_audit(membership, change="added", by=by)
    if send_welcome:
        # Written now, in this transaction: a broker that is down delays it, never loses it.
        membership_welcome_email_send(membership_id=membership.pk)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User | None = None) -> None:
    """Take a role away from a user; recorded in the audit log."""
    membership_audit(membership, change="removed", by=by)
    membership.delete()
    membership.user.__dict__.pop("role_memberships", None)


def membership_audit(membership: Membership, *, change: str, by: User | None) -> None:
    """Record a role given ("added"), changed or taken away ("removed") in the audit log."""
    audit_record(
        actor=by,
        action=AuditAction.MEMBERSHIP_ROLE_CHANGE,
        target=membership,
        label=f"{membership.user.email} — {membership.role} — {membership.organisation.name}",
        details={
            "change": change,
            "user_id": membership.user_id,
            "user_email": membership.user.email,
            "role": membership.role,
            "organisation_id": membership.organisation_id,
        },
    )


def membership_welcome_email_send(*, membership_id: int) -> bool:
    """Tell a user they were added to an organisation, once: a second call sends nothing.

    Returns whether an e-mail was owed (written to the notifications, which deliver it).
    """
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "organisation")
            .filter(pk=membership_id, welcomed_at__isnull=True)
            .first()
        )
        if membership is None:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "membership": membership,
                "sign_in_url": settings.SITE_URL + reverse("account_login"),
            }
            subject = render_to_string("accounts/email/welcome_subject.txt", context).strip()
            body = render_to_string("accounts/email/welcome_body.txt", context)
        notification_add(
            channel=Channel.EMAIL,
            recipient=membership.user.email,
            subject=subject,
            body=body,
            language=settings.LANGUAGE_CODE,
            about=membership,
        )
        membership.welcomed_at = timezone.now()
        membership.save(update_fields=["welcomed_at"])
    return True


# --- Postcode centroids (for distances in matching) ---------------------------------------------

_OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
# ONS postcode directories give this latitude to postcodes with no grid reference.
ONS_NO_GRID_REFERENCE = 99.999999


def postcode_centroids_import(*, rows: Iterable[Row]) -> ImportResult:
    """Load outward-code centroids, all or nothing; existing outward codes are updated.

    Each row is either an outward code with its centre (``outward_code, latitude, longitude``)
    or a full postcode as the ONS postcode directory gives it (``pcds, lat, long``): full
    postcodes are averaged per outward code. Raises ``ImportInvalid`` listing every bad row.
    """
    sums: dict[str, list[float]] = {}
    errors: list[RowError] = []
    for row in rows:
        if row.get("outward_code"):
            outward = postcode_outward(row.get("outward_code"))
            latitude, longitude = row.get("latitude"), row.get("longitude")
        else:
            outward = postcode_outward(row.get("pcds"))
            latitude, longitude = row.get("lat"), row.get("long")
        problems = []
        if not _OUTWARD_CODE.match(outward):
            problems.append(f"“{outward}” is not a postcode or an outward code.")
        try:
            lat, lon = float(latitude), float(longitude)
        except ValueError:
            problems.append(f"Latitude “{latitude}” and longitude “{longitude}” must be numbers.")
        else:
            if lat == ONS_NO_GRID_REFERENCE:
                continue  # a postcode with no known location: nothing to average
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                problems.append(f"Latitude {lat} or longitude {lon} is out of range.")
        if problems:
            errors.append(RowError(line=row.line, message=" ".join(problems)))
            continue
        total = sums.setdefault(outward, [0.0, 0.0, 0])
        total[0] += lat
        total[1] += lon
        total[2] += 1
    if errors:
        raise ImportInvalid(errors)
    existing = {c.outward_code: c for c in PostcodeCentroid.objects.filter(outward_code__in=sums)}
    result = ImportResult()
    with transaction.atomic():
        for outward, (lat_sum, lon_sum, count) in sorted(sums.items()):
            lat, lon = round(lat_sum / count, 6), round(lon_sum / count, 6)
            centroid = existing.get(outward)
            if centroid is None:
                PostcodeCentroid.objects.create(outward_code=outward, latitude=lat, longitude=lon)
                result.record("created", outward)
            elif (centroid.latitude, centroid.longitude) != (lat, lon):
                centroid.latitude, centroid.longitude = lat, lon
                centroid.save(update_fields=["latitude", "longitude"])
                result.record("updated", outward)
            else:
                result.record("unchanged", outward)
    return result
