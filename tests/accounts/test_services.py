from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Membership, OrganisationKind, Role
from accounts.services import membership_add, membership_welcome_email_send
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_new_membership_sends_one_welcome_email(django_capture_on_commit_callbacks):
    user = UserFactory()
    school = OrganisationFactory(kind=OrganisationKind.SCHOOL, name="Marriotts School")

    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_add(user=user, organisation=school, role=Role.CAREERS_LEADER)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Marriotts School" in mail.outbox[0].subject
    assert "Careers Leader" in mail.outbox[0].body
    # The task may run twice (a retry, a redelivery): the user still gets one e-mail.
    assert membership_welcome_email_send(membership_id=membership.pk) is False
    assert len(mail.outbox) == 1


def test_role_must_suit_the_kind_of_organisation():
    user = UserFactory()
    employer = OrganisationFactory(kind=OrganisationKind.EMPLOYER)

    with pytest.raises(ValidationError) as error:
        membership_add(user=user, organisation=employer, role=Role.CAREERS_LEADER)

    assert "School or college" in str(error.value)
    assert not Membership.objects.filter(user=user).exists()


def test_adding_the_same_membership_twice_keeps_one(django_capture_on_commit_callbacks):
    user = UserFactory()
    hub = OrganisationFactory(kind=OrganisationKind.HUB)

    with django_capture_on_commit_callbacks(execute=True):
        first = membership_add(user=user, organisation=hub, role=Role.COORDINATOR)
        second = membership_add(user=user, organisation=hub, role=Role.COORDINATOR)

    assert first.pk == second.pk
    assert len(mail.outbox) == 1
