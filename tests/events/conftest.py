from __future__ import annotations

import pytest

from accounts.models import Role
from tests.factories import EmployerFactory, EventFactory, member


@pytest.fixture
def event(db):
    """A published jobs fair a fortnight away with 100 places and 10 stands."""
    return EventFactory()


@pytest.fixture
def organiser(event):
    """A Jobcentre organiser of the Jobcentre that runs ``event``."""
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


@pytest.fixture
def employer(db):
    return EmployerFactory()


@pytest.fixture
def employer_contact(employer):
    return member(Role.EMPLOYER_CONTACT, employer.organisation)


def register(event, **overrides):
    """Register one person through the service with sensible answers."""
    from events.services import registration_create

    answers = {
        "name": "Sam Patel",
        "email": "sam@example.net",
        "category": "jobseeker",
        "privacy_consent": True,
    }
    answers.update(overrides)
    return registration_create(event=event, **answers)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the on-commit work (the e-mail tasks) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
