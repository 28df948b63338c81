"""Survey analysis: respondent and segment weights with bootstrap samples, the channel landscape,
and the anonymity rules that decide what may be shown. ``summarise`` bundles it per segment."""

from advisor.analysis.anonymity import (
    COMMENT_MIN_GROUP,
    DEFAULT_MIN_GROUP,
    MIN_GROUP_FLOOR,
    NOT_ANSWERED,
    suppressed_groups,
)
from advisor.analysis.summary import GroupSummary, SurveySummary, summarise

__all__ = [
    "COMMENT_MIN_GROUP",
    "DEFAULT_MIN_GROUP",
    "MIN_GROUP_FLOOR",
    "NOT_ANSWERED",
    "GroupSummary",
    "SurveySummary",
    "summarise",
    "suppressed_groups",
]
