"""Writes for users and memberships."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Membership, Organisation, User


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
    *, user: User, organisation: Organisation, role: str, send_welcome: bool = True
) -> Membership:
    """Give ``user`` ``role`` in ``organisation``; the role must suit the kind of organisation.

    A new membership is announced to the user by e-mail, queued once the change is committed.
    """
    existing = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if existing is not None:
        return existing
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    user.__dict__.pop("role_memberships", None)
    if send_welcome:
        from accounts.tasks import membership_welcome_email_task

        transaction.on_commit(lambda: membership_welcome_email_task.delay(membership.pk))
    return membership


def membership_welcome_email_send(*, membership_id: int) -> bool:
    """Tell a user they were added to an organisation, once: a second call sends nothing.

    Returns whether an e-mail went out.
    """
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
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
        send_mail(subject, body, None, [membership.user.email])
        membership.welcomed_at = timezone.now()
        membership.save(update_fields=["welcomed_at"])
    return True
