"""The demo's feedback, adjustments checklists and priority-group answers: present, in every
state, above the suppression threshold somewhere, and a second run changes nothing."""

from __future__ import annotations

import pytest

from demo.seed import seed_demo
from demo.seed_feedback import seed_demo_feedback
from events.feedback_figures import answered_feedback, feedback_figures
from events.models import AdjustmentItem, AdjustmentStatus, RegistrationPriorityGroup

pytestmark = pytest.mark.django_db


def test_the_demo_has_feedback_adjustments_in_every_state_and_priority_groups():
    seed_demo(with_passwords=False)

    again = seed_demo_feedback()

    assert again["created"] == 0
    states = set(AdjustmentItem.objects.values_list("status", flat=True))
    assert states == set(AdjustmentStatus.values)
    assert RegistrationPriorityGroup.objects.count() > 20
    figures = feedback_figures(answered=answered_feedback())
    assert not figures.suppressed and figures.satisfaction is not None
    assert not figures.employer_suppressed
