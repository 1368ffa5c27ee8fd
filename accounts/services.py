"""Writes for users and memberships."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction

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
def membership_add(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give ``user`` ``role`` in ``organisation``; the role must suit the kind of organisation."""
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean(validate_unique=False)
    existing = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if existing is not None:
        return existing
    membership.save()
    user.__dict__.pop("role_memberships", None)
    return membership
