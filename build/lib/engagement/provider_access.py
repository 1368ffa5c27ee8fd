"""Provider access: what each of a school's cohorts has had, and what is still due.

The provider access legislation asks schools to give every pupil two encounters with education
and training providers (colleges, apprenticeship and university providers) in each key phase:
years 8–9, 10–11 and 12–13. We count one in the phase's first year and one in its second year
by 28 February (so the encounter can still inform choices), per cohort: this year's year 9
had its first-year encounter as last year's year 8.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from core.periods import Period, academic_year
from engagement.models import Encounter, EncounterKind
from schools.models import School

PHASES: list[tuple[int, int]] = [(8, 9), (10, 11), (12, 13)]


@dataclass(frozen=True)
class Window:
    """One of the two encounters a phase asks for: a year group, over a span of days."""

    year_group: int
    start: date
    end: date  # exclusive
    done: int  # provider encounters recorded for the year group in the span

    @property
    def met(self) -> bool:
        return self.done >= 1


@dataclass(frozen=True)
class CohortPhase:
    phase: tuple[int, int]
    cohort_year_now: int  # the cohort's year group this academic year
    windows: list[Window]
    today: date

    @property
    def due(self) -> int:
        return sum(1 for window in self.windows if not window.met)

    @property
    def overdue(self) -> int:
        """Encounters whose window has closed without one."""
        return sum(1 for window in self.windows if not window.met and window.end <= self.today)


def _second_window_end(year: Period) -> date:
    return date(year.start.year + 1, 3, 1)  # up to and including 28 (or 29) February


def provider_access(*, school: School, today: date) -> list[CohortPhase]:
    """For each cohort now in a key phase (years 8–13), its two provider encounters: done or
    still due. Three queries at most, whatever the number of encounters."""
    this_year = academic_year(today.year if today.month >= 9 else today.year - 1)
    last_year = academic_year(this_year.start.year - 1)
    counts = {
        (row["year_group"], row["occurred_on__year"], row["occurred_on__month"]): row["n"]
        for row in Encounter.objects.filter(
            school=school,
            kind=EncounterKind.PROVIDER_ENCOUNTER,
            occurred_on__gte=last_year.start,
            occurred_on__lt=this_year.end,
        )
        .values("year_group", "occurred_on__year", "occurred_on__month")
        .annotate(n=Count("pk"))
    }

    def done(year_group: int, start: date, end: date) -> int:
        return sum(
            n
            for (group, year, month), n in counts.items()
            if group == year_group and start <= date(year, month, 1) < end
        )

    result = []
    for first, second in PHASES:
        for cohort_now in (first, second):
            if cohort_now == first:
                # In the phase's first year now: its first window is this year.
                windows = [
                    Window(
                        first,
                        this_year.start,
                        this_year.end,
                        done(first, this_year.start, this_year.end),
                    )
                ]
                second_end = _second_window_end(academic_year(this_year.start.year + 1))
                windows.append(Window(second, this_year.end, second_end, 0))
            else:
                windows = [
                    Window(
                        first,
                        last_year.start,
                        last_year.end,
                        done(first, last_year.start, last_year.end),
                    ),
                    Window(
                        second,
                        this_year.start,
                        _second_window_end(this_year),
                        done(second, this_year.start, _second_window_end(this_year)),
                    ),
                ]
            result.append(CohortPhase((first, second), cohort_now, windows, today))
    return result
