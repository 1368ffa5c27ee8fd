"""Adding an Enterprise Adviser for an existing account never renames it, and is limited to people
the coordinator may manage."""

from __future__ import annotations

import pytest

from accounts.models import Membership, Role
from core.exceptions import DomainError
from core.tabular import ImportInvalid
from employers.imports import advisers_import
from employers.models import EnterpriseAdviser
from employers.services import adviser_create
from tests.factories import EmployerFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role",
    [Role.LEAD, Role.ADMIN, Role.COORDINATOR, Role.JOBCENTRE_ORGANISER, Role.CAREERS_LEADER],
)
def test_a_coordinator_cannot_make_another_role_holder_an_adviser_or_rename_them(role):
    coordinator = member(Role.COORDINATOR)
    person = member(role, full_name="Pat Lead")
    employer = EmployerFactory()

    with pytest.raises(DomainError) as error:
        adviser_create(
            by=coordinator,
            email=person.email,
            full_name="Renamed By Coordinator",
            employer=employer,
        )

    assert error.value.code == "adviser_account_not_manageable"
    person.refresh_from_db()
    assert person.full_name == "Pat Lead"
    assert not EnterpriseAdviser.objects.filter(user=person).exists()
    assert not Membership.objects.filter(user=person, role=Role.ENTERPRISE_ADVISER).exists()


def test_an_admin_site_user_cannot_be_made_an_adviser():
    coordinator = member(Role.COORDINATOR)
    admin = UserFactory(is_staff=True, is_superuser=True, full_name="Site Admin")

    with pytest.raises(DomainError):
        adviser_create(by=coordinator, email=admin.email, full_name="X", employer=EmployerFactory())

    admin.refresh_from_db()
    assert admin.full_name == "Site Admin"


def test_a_contact_of_another_employer_cannot_be_made_an_adviser():
    coordinator = member(Role.COORDINATOR)
    contact = member(Role.EMPLOYER_CONTACT)

    with pytest.raises(DomainError):
        adviser_create(
            by=coordinator, email=contact.email, full_name="X", employer=EmployerFactory()
        )


def test_an_existing_account_without_roles_becomes_an_adviser_keeping_its_name():
    coordinator = member(Role.COORDINATOR)
    person = UserFactory(full_name="Ada Lovelace")
    employer = EmployerFactory()

    adviser = adviser_create(
        by=coordinator, email=person.email, full_name="Someone Else", employer=employer
    )

    person.refresh_from_db()
    assert adviser.user == person
    assert person.full_name == "Ada Lovelace"
    assert Membership.objects.filter(
        user=person, organisation=employer.organisation, role=Role.ENTERPRISE_ADVISER
    ).exists()


def test_a_contact_of_the_same_employer_may_also_be_its_adviser():
    coordinator = member(Role.COORDINATOR)
    employer = EmployerFactory()
    contact = member(Role.EMPLOYER_CONTACT, organisation=employer.organisation)

    adviser = adviser_create(by=coordinator, email=contact.email, full_name="", employer=employer)

    assert adviser.user == contact


def test_the_adviser_import_refuses_a_lead_row_and_imports_nothing():
    from core.tabular import Row, Table

    coordinator = member(Role.COORDINATOR)
    lead = member(Role.LEAD, full_name="Pat Lead")
    employer = EmployerFactory(name="Acme Ltd")
    table = Table(
        columns=["email", "full_name", "employer"],
        rows=[
            Row(
                line=2,
                values={
                    "email": "new@acme.example",
                    "full_name": "New Person",
                    "employer": "Acme Ltd",
                },
            ),
            Row(
                line=3, values={"email": lead.email, "full_name": "Renamed", "employer": "Acme Ltd"}
            ),
        ],
    )

    with pytest.raises(ImportInvalid) as error:
        advisers_import(table=table, by=coordinator)

    assert [row_error.line for row_error in error.value.errors] == [3]
    lead.refresh_from_db()
    assert lead.full_name == "Pat Lead"
    assert not EnterpriseAdviser.objects.exists()
    assert employer.organisation.memberships.count() == 0
