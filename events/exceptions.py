"""The errors the events services raise: each carries a machine ``code`` and a human ``detail``.

The codes are what the API's 4xx answers and the HTML forms key on; keep them stable.
"""

from __future__ import annotations

from core.exceptions import Conflict, DomainError, NotAllowed

__all__ = [
    "AlreadyRegistered",
    "Conflict",
    "DomainError",
    "EventError",
    "NotAllowed",
    "ProgrammeError",
    "RegistrationError",
    "StandError",
]


class EventError(DomainError):
    """An event cannot be created or changed this way."""

    code = "event_invalid"


class RegistrationError(DomainError):
    """An attendee or a school group cannot register this way (nothing was saved)."""

    code = "registration_invalid"


class AlreadyRegistered(RegistrationError):
    """The e-mail address already holds a place at this event. Pages and the API must not tell
    a stranger so: they answer as for a new registration and send the holder their ticket again
    (``registration_ticket_resend``)."""

    code = "already_registered"


class StandError(DomainError):
    """An employer's stand application cannot be made or decided this way (nothing was saved)."""

    code = "stand_invalid"


class ProgrammeError(DomainError):
    code = "programme_invalid"
