"""What may be shown: minimum group size and complementary suppression.

Rules (after Viva Glint, Culture Amp and Qualtrics EX; see ``surveys-and-adoption.md`` 1.1):

* A group with fewer than ``k`` respondents (default 5, never below 3) is suppressed: its count may
  be shown, no figure computed from its answers.
* Complementary suppression: while some groups are suppressed and together hold fewer than ``k``
  respondents, the next smallest visible group is suppressed too (ties: alphabetical). Otherwise the
  organisation total minus the visible groups would reveal the small group.
* Respondents who did not answer the segment question form their own group ``(not answered)``,
  under the same rules.
* If the whole organisation has fewer than ``k`` respondents, everything is suppressed.
* Free-text comments are shown only for groups of at least 10 respondents.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from advisor.errors import InputError
from advisor.i18n import t

DEFAULT_MIN_GROUP = 5
MIN_GROUP_FLOOR = 3
COMMENT_MIN_GROUP = 10
NOT_ANSWERED = "(not answered)"


def check_min_group(min_group: int, lang: str | None = None) -> int:
    """``min_group`` when allowed; an InputError (in the user's language) below the floor of 3."""
    if int(min_group) < MIN_GROUP_FLOOR:
        raise InputError(t("analysis.min_group_too_low", lang, value=min_group, floor=MIN_GROUP_FLOOR))
    return int(min_group)


def segment_values(answers: pd.DataFrame, segment_by: str) -> pd.Series:
    """The segment of every respondent; an unanswered segment question becomes ``(not answered)``."""
    values = answers[segment_by].astype("string").fillna(NOT_ANSWERED)
    return values.astype(object).rename(segment_by)


def suppressed_groups(counts: Mapping[str, int], min_group: int = DEFAULT_MIN_GROUP) -> set[str]:
    """The groups of a breakdown (group -> respondents) whose figures must not be shown.

    Groups with 0 respondents are ignored (they have nothing to show).
    """
    min_group = check_min_group(min_group)
    sizes = {g: int(n) for g, n in counts.items() if int(n) > 0}
    if sum(sizes.values()) < min_group:
        return set(sizes)
    hidden = {g for g, n in sizes.items() if n < min_group}
    visible = sorted((n, str(g), g) for g, n in sizes.items() if g not in hidden)
    while hidden and sum(sizes[g] for g in hidden) < min_group and visible:
        hidden.add(visible.pop(0)[2])
    return hidden


def may_show_comments(n: int, suppressed: bool) -> bool:
    return not suppressed and n >= COMMENT_MIN_GROUP
