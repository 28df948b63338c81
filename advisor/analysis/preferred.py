"""The preferred-platform question per group, shown only where the anonymity engine allows it.

The question's figure is "who answered it" (like willingness or the convincers): the engine plans
it over every breakdown the summary guarded (``SurveySummary.breakdowns``) with the same threshold,
so a group's shares appear only when at least k of its members answered this question, the
remainder rule and the audit hold, and a hidden group (``suppressed``) stays hidden. The plan for
one figure does not depend on the other figures, so planning it on its own gives the same answer
as planning it with them (``advisor.analysis.anonymity.engine.plan_publication``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from advisor.analysis import anonymity
from advisor.analysis.landscape import Share
from advisor.analysis.summary import SurveySummary
from advisor.survey.questionnaire import Questionnaire

QUESTION = "preferred_platform"


@dataclass(frozen=True)
class PreferredPlatform:
    """Per shown group (and the organisation) the share preferring each option.

    ``groups[key]`` is None when the engine withholds the figure for that group; hidden groups are
    not in ``groups`` at all. ``options`` are in the order of the organisation's shares (largest
    first), else the questionnaire's."""

    options: tuple[str, ...]
    groups: dict[str, dict[str, Share] | None]
    organisation: dict[str, Share] | None

    @property
    def withheld(self) -> list[str]:
        return [k for k, v in self.groups.items() if v is None]


def _shares(column: pd.Series, options: list[str]) -> dict[str, Share]:
    answered = column.dropna().astype(str)
    n = len(answered)
    counts = answered.value_counts()
    return {o: Share(float(counts.get(o, 0)) / n if n else float("nan"), n) for o in options}


def preferred_platform(
    answers: pd.DataFrame, questionnaire: Questionnaire, summary: SurveySummary
) -> PreferredPlatform | None:
    """The shares, or None when the questionnaire or the data has no such question."""
    if QUESTION not in questionnaire.by_id or QUESTION not in answers.columns:
        return None
    column = answers[QUESTION]
    answered = column.notna().to_numpy(dtype=bool)
    if not answered.any():
        return None
    breakdowns = list(summary.breakdowns) or [summary.segment_by]
    publication = anonymity.publication_for(answers, breakdowns, {QUESTION: answered}, summary.min_group)
    options = [str(v) for v in questionnaire[QUESTION].values]
    segments = anonymity.segment_values(answers, summary.segment_by)
    groups: dict[str, dict[str, Share] | None] = {}
    for key, group in summary.segments.items():
        if group.suppressed or key in publication.suppressed(summary.segment_by):
            continue
        shown = publication.shows(QUESTION, summary.segment_by, key)
        groups[key] = _shares(column[segments == key], options) if shown else None
    organisation = _shares(column, options) if publication.shows_organisation(QUESTION) else None
    if organisation is not None:
        options.sort(key=lambda o: -organisation[o].share)
    return PreferredPlatform(tuple(options), groups, organisation)
