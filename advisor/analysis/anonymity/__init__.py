"""What may be published, given everything published from the same data.

Every output (survey text and JSON, score, plan, the dashboard) asks :func:`publication_for`;
none keeps a threshold of its own. The rules follow the strictest survey vendors (Glint, Culture
Amp, Qualtrics EX, Effectory, Tivian, Peakon; ``surveys-and-adoption.md`` 1.1):

1. **k answers to the question.** A figure of a group rests on at least ``k`` answers *to that
   question* in that group (weights: ``k`` respondents with a weight vector; a channel share: ``k``
   answers to that channel question; willingness, convincers, concerns, each risk: ``k`` answers).
   Below that the figure is withheld (None, and named in ``GroupSummary.withheld``), never printed
   with its ``n``. ``k`` is 5 by default, never below 3; below 5 only with an explicit
   acknowledgement (:func:`check_threshold`).
2. **Remainder rule**, per figure: while the withheld groups of a breakdown together hold 1..k-1
   answers, the next smallest sibling is withheld too (ties: by name). So the organisation figure
   minus the shown groups is always a pool of at least ``k`` answers. Comments use 10.
3. **Pooling.** Everything computed across groups treats the withheld groups as one remainder:
   organisation weights with headcounts weight the remainder as one stratum by its summed headcount
   (``weights.pool_strata``), and the organisation bootstrap resamples it as one stratum. Every
   organisation figure is therefore a combination of shown group figures and the pooled remainder;
   no pair of runs (with and without headcounts, any headcounts) separates two withheld groups.
4. **Sizes.** A hidden group's size is never published, exactly or as "fewer than k" (a group hidden
   only to protect another has more). Published are: the shown groups' sizes, the total, and the
   hidden groups together when that is at least k. The difference total - shown is exactly that
   pooled size, which the remainder rule keeps at k or more, so no hidden group's size follows.
5. **Across breakdowns.** Every segment question with answers is a breakdown someone can publish
   from the same data (the dashboard switches between them; the CLI takes another --segment-by),
   so one plan covers all of them (:mod:`~advisor.analysis.anonymity.engine`), per figure:

   * *overlap*: a shown group of one breakdown is withheld when fewer than k of its answers lie
     outside some hidden group of another breakdown (it would be that group's figure);
   * *audit*: the shown groups of every breakdown, their pooled remainders and the organisation
     are the published blocks; a shown group is withheld while any set of fewer than k answers has
     its sum determined by adding and subtracting published sums (an exact, exhaustive linear test,
     :mod:`~advisor.analysis.anonymity.audit`); the smallest shown group touching that set goes;
   * comments are lists, not sums: lists can be intersected, so every non-empty intersection of
     published lists (across breakdowns, with the organisation list) must hold 10 comments or more.

   After each withholding the remainder rule applies again, until nothing changes. Sufficiency:
   for sums, the audit is exactly the property "no set of fewer than k answers lies in the span of
   the published sums"; counts are sums of ones and pass the same audit (figure ``respondents``).
6. Respondents who did not answer a segment question form the group ``(not answered)`` under the
   same rules. If the organisation has fewer than k answers to a question, nothing of it is shown.

Not covered (documented limits): runs with different thresholds on the same data (lock the
threshold, :func:`check_threshold`), and what a comment's wording says about its author.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from advisor.analysis.anonymity.engine import (
    COMMENTS,
    NOT_ANSWERED,
    RESPONDENTS,
    Publication,
    plan_publication,
    remainder_rule,
)
from advisor.errors import InputError
from advisor.i18n import t

DEFAULT_MIN_GROUP = 5
MIN_GROUP_FLOOR = 3
ACKNOWLEDGE_BELOW = 5
COMMENT_MIN_GROUP = 10
REMAINDER = "(hidden groups)"
WEIGHTS = "weights"

__all__ = [
    "ACKNOWLEDGE_BELOW",
    "COMMENTS",
    "COMMENT_MIN_GROUP",
    "DEFAULT_MIN_GROUP",
    "MIN_GROUP_FLOOR",
    "NOT_ANSWERED",
    "REMAINDER",
    "RESPONDENTS",
    "WEIGHTS",
    "Publication",
    "breakdowns_of",
    "check_min_group",
    "check_threshold",
    "figure_masks",
    "publication_for",
    "segment_values",
    "suppressed_groups",
]


def check_min_group(min_group: int, lang: str | None = None) -> int:
    """``min_group`` when allowed; an InputError (in the user's language) below the floor of 3."""
    if int(min_group) < MIN_GROUP_FLOOR:
        raise InputError(t("analysis.min_group_too_low", lang, value=min_group, floor=MIN_GROUP_FLOOR))
    return int(min_group)


def check_threshold(
    k: int, acknowledged: bool = False, locked_at: int | None = None, lang: str | None = None
) -> int:
    """The threshold ``k`` when it may be used: never below 3, below 5 only when ``acknowledged``,
    and never below ``locked_at`` (the threshold of a workshop that already has responses)."""
    k = check_min_group(k, lang)
    if locked_at is not None and k < int(locked_at):
        raise InputError(t("anonymity.threshold_locked", lang, value=k, locked=int(locked_at)))
    if k < ACKNOWLEDGE_BELOW and not acknowledged:
        raise InputError(t("anonymity.acknowledge_needed", lang, value=k, limit=ACKNOWLEDGE_BELOW))
    return k


def segment_values(answers: pd.DataFrame, segment_by: str) -> pd.Series:
    """The segment of every respondent; an unanswered segment question becomes ``(not answered)``."""
    column = answers[segment_by]
    if isinstance(column.dtype, pd.StringDtype):  # one conversion instead of three (100,000 rows)
        values = column.to_numpy(dtype=object, na_value=NOT_ANSWERED)
        return pd.Series(values, index=answers.index, name=segment_by, dtype=object)
    values = column.astype("string").fillna(NOT_ANSWERED)
    return values.astype(object).rename(segment_by)


def suppressed_groups(counts: Mapping[str, int], min_group: int = DEFAULT_MIN_GROUP) -> set[str]:
    """The remainder rule for one breakdown on its own (group -> answers): the groups to withhold.

    Groups with 0 answers are ignored. The full engine (:func:`publication_for`) applies this per
    figure and across breakdowns; this is the rule by itself, for one list of counts.
    """
    min_group = check_min_group(min_group)
    names = [str(g) for g in counts]
    sizes = np.array([max(0, int(n)) for n in counts.values()], dtype=float)
    if sizes.sum() < min_group:
        return {g for g, n in counts.items() if int(n) > 0}
    keys = list(counts)
    return {keys[i] for i in remainder_rule(sizes, names, min_group, set())}


def breakdowns_of(
    answers: pd.DataFrame, segment_ids: Sequence[str], segment_by: str | None = None
) -> list[str]:
    """The breakdowns one can publish from ``answers``: every segment question with an answer (and
    ``segment_by`` itself)."""
    found = [s for s in segment_ids if s in answers.columns and answers[s].notna().any()]
    if segment_by is not None and segment_by not in found and segment_by in answers.columns:
        found.append(segment_by)
    return found


def figure_masks(
    answers: pd.DataFrame,
    criteria: Sequence[str],
    channels: Sequence[str],
    shadow_channels: Sequence[str],
    multi_select: Mapping[str, Sequence[str]],
    weighted: np.ndarray,
) -> dict[str, np.ndarray]:
    """Who answered what each figure rests on (figure id -> boolean per respondent); ``weighted``:
    who has a weight vector."""
    from advisor.analysis.landscape import RISKS

    def answered(columns: Sequence[str]) -> np.ndarray:
        present = [c for c in columns if c in answers.columns]
        if not present:
            return np.zeros(len(answers), dtype=bool)
        return answers[present].notna().any(axis=1).to_numpy()

    masks = {WEIGHTS: np.asarray(weighted, dtype=bool)}
    masks |= {f"importance.{c}": answered([f"importance.{c}"]) for c in criteria}
    use = [f"use.{c}" for c in channels if f"use.{c}" in answers.columns]
    masks |= {column: answered([column]) for column in use}
    if use:
        masks["use"] = answered(use)
    if shadow_channels:
        masks["shadow_it"] = answered([f"use.{c}" for c in shadow_channels])
    masks |= {f"risk.{name}": answered([column]) for name, (column, _) in RISKS.items() if column in answers}
    for question, options in multi_select.items():
        masks[question] = answered([f"{question}.{o}" for o in options])
    for column in ("willingness", "works_with_externals"):
        if column in answers.columns:
            masks[column] = answered([column])
    if "comment" in answers.columns:
        text = answers["comment"].astype("string").str.strip()
        masks[COMMENTS] = (text.notna() & (text != "")).to_numpy(dtype=bool, na_value=False)
    return masks


def publication_for(
    answers: pd.DataFrame,
    breakdowns: Sequence[str],
    figures: Mapping[str, np.ndarray],
    min_group: int = DEFAULT_MIN_GROUP,
    comment_min_group: int = COMMENT_MIN_GROUP,
) -> Publication:
    """The publication plan for ``answers`` over all ``breakdowns`` (see the module docstring)."""
    # a text column goes in as it is (a missing answer becomes NOT_ANSWERED in the engine)
    groups = {
        q: answers[q] if isinstance(answers[q].dtype, pd.StringDtype) else segment_values(answers, q)
        for q in breakdowns
    }
    return plan_publication(groups, figures, min_group, comment_min_group)


def may_show_comments(n: int, suppressed: bool) -> bool:
    """A comment list by itself: shown for 10 comments or more of a group that is not hidden."""
    return not suppressed and n >= COMMENT_MIN_GROUP
