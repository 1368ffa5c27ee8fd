"""Engagement: adviser↔school matching, the encounter ledger, and the strategy's measures."""

from engagement.models.audit import ExportLog
from engagement.models.encounters import (
    Encounter,
    EncounterKind,
    EncounterMethod,
    EncounterSource,
    EventEncounterFacts,
    FairGroupRecord,
    SbwaAcademy,
    SbwaAgeBand,
    SbwaPlacement,
)
from engagement.models.matching import (
    Match,
    MatchExclusion,
    MatchingRound,
    MatchingWeights,
    MatchPin,
    MatchProposal,
)
from engagement.models.measures import Measure, MeasureSnapshot
from engagement.models.reported import ReportedValue
from engagement.models.tallies import EncounterTally, TallyMonth, TallySlice

__all__ = [
    "Encounter",
    "EncounterTally",
    "EncounterKind",
    "EncounterMethod",
    "EncounterSource",
    "EventEncounterFacts",
    "FairGroupRecord",
    "ExportLog",
    "Match",
    "MatchExclusion",
    "MatchPin",
    "MatchProposal",
    "MatchingRound",
    "MatchingWeights",
    "Measure",
    "MeasureSnapshot",
    "ReportedValue",
    "SbwaAcademy",
    "SbwaAgeBand",
    "SbwaPlacement",
    "TallyMonth",
    "TallySlice",
]
