"""Scores set by hand: every override behind a ranking, beside the score the rubric derives.

An override (a platform file's or an organisation file's ``overrides``, or one set on Compare)
replaces a criterion score in every ranking. It is never silent: ``score``, ``score --json`` and the
adoption plan list each one with the hand-set score, the score the facts give, who set it, when and
the written justification. The derived score is taken on the option the ranking used (the platform
on its chosen plan), so it is the figure the override replaced; a platform excluded before ranking
is shown on its base facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.catalog import Catalog
from advisor.catalog.options import Option
from advisor.catalog.scoring import score_option
from advisor.i18n import t

if TYPE_CHECKING:  # service imports this module for Ranking.to_dict
    from advisor.scoring.service import Ranking


@dataclass(frozen=True)
class OverrideShown:
    """One hand-set criterion score of one platform, with the score it replaced."""

    platform_id: str
    criterion_id: str
    score: float
    derived: float
    by: str
    date: dt.date | None
    justification: str
    plan_id: str = ""  # the plan the derived score was taken on; empty: base facts / no plans

    def to_dict(self, catalog: Catalog, lang: str) -> dict[str, Any]:
        return {
            "platform": self.platform_id,
            "platform_name": catalog.platform(self.platform_id).name,
            "criterion": self.criterion_id,
            "criterion_name": catalog.criterion(self.criterion_id).name.get(lang),
            "score": round(self.score, 3),
            "derived": round(self.derived, 3),
            "plan": self.plan_id or None,
            "by": self.by or None,
            "at": self.date.isoformat() if self.date else None,
            "justification": self.justification,
        }

    def describe(self, catalog: Catalog, lang: str) -> str:
        """'Microsoft Teams, Privacy: 8.0 set by hand (the facts give 3.9); set by …. Justification: …'"""
        who = self.by or t("score.override_by_unknown", lang)
        when = t("score.override_on", lang, date=self.date.isoformat()) if self.date else ""
        return t(
            "score.override_line",
            lang,
            platform=catalog.platform(self.platform_id).name,
            criterion=catalog.criterion(self.criterion_id).name.get(lang),
            score=_decimal(self.score, lang),
            derived=_decimal(self.derived, lang),
            by=who,
            when=when,
            justification=self.justification,
        )


def _decimal(value: float, lang: str) -> str:
    """One decimal, as the rest of the score output writes a figure in a sentence (3,9 in Dutch)."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def option_overrides(catalog: Catalog, option: Option) -> list[OverrideShown]:
    """The overrides of one option's platform, each with the score its facts give on that option."""
    overrides = option.platform.overrides
    if not overrides:
        return []
    scores = score_option(catalog, option)
    return [
        OverrideShown(
            option.platform.id,
            cid,
            override.score,
            scores[cid].derived,
            override.by,
            override.date,
            override.justification,
            option.plan.id if option.plan else "",
        )
        for cid in catalog.criterion_ids
        if (override := overrides.get(cid)) is not None
    ]


def ranking_overrides(catalog: Catalog, ranking: Ranking, excluded: bool = True) -> list[OverrideShown]:
    """Every override of a ranked platform (on the plan it was ranked on), then, with ``excluded``,
    of the platforms excluded before ranking (on their base facts); catalogue order within each."""
    options = list(ranking.options)
    if not options:  # a ranking built without plan choices ranks the platforms on their base facts
        options = [Option.of(catalog.platform(pid)) for pid in ranking.platform_ids]
    if excluded:
        options += [Option.of(catalog.platform(e.platform_id)) for e in ranking.excluded]
    return [shown for option in options for shown in option_overrides(catalog, option)]


def all_overrides(
    catalog: Catalog, rankings: Iterable[Ranking], excluded: bool = True
) -> list[OverrideShown]:
    """The overrides behind several rankings, each once (the plan ranked depends on the must-haves
    and budget, not on the weights, so rankings of one run agree on them)."""
    seen: dict[tuple[str, str, str], OverrideShown] = {}
    for ranking in rankings:
        for shown in ranking_overrides(catalog, ranking, excluded):
            seen.setdefault((shown.platform_id, shown.criterion_id, shown.plan_id), shown)
    return list(seen.values())


def overridden_platforms(catalog: Catalog, ranking: Ranking) -> set[str]:
    """The ranked platforms with at least one criterion score set by hand."""
    return {pid for pid in ranking.platform_ids if catalog.platform(pid).overrides}
