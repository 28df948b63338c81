"""How clear the winner is: one rule and its figures, used wherever a winner is named.

The figures for the best choice (:attr:`Ranking.best`, never a reference entry) against the
runner-up (the next platform that may be recommended):

* ``margin``: the best choice's method score minus the runner-up's (weighted sum: points out of
  10; TOPSIS: closeness 0-1).
* ``p_first``: each one's chance of ranking first (SMAA rank acceptability, first column).
* ``flip``: the smallest single weight change that makes another platform the winner, from the
  weighted sum's exact stability intervals (others keep their proportions). None when no weight
  change can flip it, or when the weighted-sum winner is not the best choice.
* ``other_best``: the best choice by the other method (TOPSIS for the weighted sum and vice versa)
  on the same scores and weights.

The rule (:func:`verdict`): the winner is **not clear** when any of these holds:

1. its chance of ranking first is below 50% (``MIN_P_FIRST``);
2. its chance of ranking first is less than 10 percentage points above the runner-up's
   (``MIN_P_FIRST_LEAD``);
3. the weighted sum and TOPSIS name different best choices.

Rules 1 and 2 apply only when the best choice ranks first: when a reference entry ranks above it,
the chances of first place are the reference entry's and only rule 3 is checked.

Then the headline says "no clear winner between A and B" instead of "best choice", and
:meth:`Verdict.why_both` says why that can stand beside a high chance of ranking first: the chance
counts the runs of one method in which the best choice comes first, while the rule also asks for a
lead over the runner-up and for the other method's agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from advisor.catalog import Catalog
from advisor.decision import topsis, weighted_sum
from advisor.i18n import t
from advisor.scoring.service import Method, Ranking, criterion_name

MIN_P_FIRST = 0.50
MIN_P_FIRST_LEAD = 0.10


@dataclass(frozen=True)
class Flip:
    """Moving ``criterion``'s weight from ``current`` to ``weight`` makes ``rival`` the winner."""

    criterion: str
    current: float
    weight: float
    rival: str

    @property
    def change(self) -> float:
        return abs(self.weight - self.current)


@dataclass(frozen=True)
class Verdict:
    """How clear the best choice is; see the module docstring for the rule."""

    best: str
    runner_up: str | None
    margin: float | None
    p_first_best: float
    p_first_runner_up: float | None
    flip: Flip | None
    method: Method
    other_method: Method
    other_best: str | None
    reasons: tuple[str, ...]  # "low_p_first", "close_p_first", "methods_disagree"

    @property
    def clear(self) -> bool:
        return not self.reasons

    @property
    def methods_agree(self) -> bool:
        return self.other_best == self.best

    @property
    def rival(self) -> str | None:
        """The platform the win is shared with: the other method's winner, else the runner-up."""
        return self.runner_up if self.methods_agree or self.other_best is None else self.other_best

    def headline(self, catalog: Catalog, lang: str) -> str:
        """'Best choice: A' or 'No clear winner between A and B'."""
        best = catalog.platform(self.best).name
        if self.clear or self.rival is None:
            return t("verdict.best", lang, best=best)
        return t("verdict.unclear", lang, best=best, rival=catalog.platform(self.rival).name)

    def details(self, catalog: Catalog, lang: str) -> list[str]:
        """The figures in plain sentences: margin and chances, the flip, the methods."""
        name = catalog.platform
        lines = []
        if self.runner_up is not None:
            lines.append(
                t(
                    f"verdict.margin_{self.method}",
                    lang,
                    best=name(self.best).name,
                    rival=name(self.runner_up).name,
                    margin=_decimal(self.margin, 2 if self.method == "wsm" else 3, lang),
                    p_best=f"{self.p_first_best:.0%}",
                    p_rival=f"{self.p_first_runner_up:.0%}",
                )
            )
        if self.flip is not None:
            lines.append(
                t(
                    "verdict.flip",
                    lang,
                    criterion=criterion_name(catalog, self.flip.criterion, lang),
                    current=f"{self.flip.current:.0%}",
                    weight=f"{self.flip.weight:.0%}",
                    rival=name(self.flip.rival).name,
                )
            )
        elif self.runner_up is not None:
            lines.append(t("verdict.no_flip", lang))
        other = t(f"compare.method_{self.other_method}", lang)
        if self.other_best is None or self.methods_agree:
            lines.append(t("verdict.methods_agree", lang, other=other))
        else:
            lines.append(t("verdict.methods_disagree", lang, other=other, rival=name(self.other_best).name))
        return lines

    def why_both(self, catalog: Catalog, lang: str, *, samples: int, weights_drawn: bool) -> str:
        """Why a high chance of ranking first and "no clear winner" stand side by side: what the
        chance counts (runs of this method with the uncertain inputs drawn anew), then which of the
        rule's conditions made the win unclear. "" for a clear winner.

        ``weights_drawn``: the runs drew the weights too (survey weights with their bootstrap), not
        only the facts' scores."""
        if self.clear:
            return ""
        name = catalog.platform
        because = []
        for reason in self.reasons:
            values: dict[str, Any] = {}
            if reason == "low_p_first":
                values = {"min": f"{MIN_P_FIRST:.0%}"}
            elif reason == "close_p_first" and self.runner_up is not None:
                values = {
                    "rival": name(self.runner_up).name,
                    "p_rival": f"{self.p_first_runner_up or 0.0:.0%}",
                    "lead": round(100 * MIN_P_FIRST_LEAD),
                }
            elif reason == "methods_disagree" and self.other_best is not None:
                values = {
                    "other": t(f"verdict.name_{self.other_method}", lang),
                    "rival": name(self.other_best).name,
                }
            else:
                continue
            because.append(t(f"verdict.because_{reason}", lang, **values))
        if not because:
            return ""
        return t(
            "verdict.why_both",
            lang,
            p=f"{self.p_first_best:.0%}",
            best=name(self.best).name,
            samples=_thousands(samples, lang),
            method=t(f"verdict.name_{self.method}", lang),
            drawn=t("verdict.drawn_weights_and_facts" if weights_drawn else "verdict.drawn_facts", lang),
            because=f" {t('verdict.and', lang)} ".join(because),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "clear": self.clear,
            "reasons": list(self.reasons),
            "best": self.best,
            "runner_up": self.runner_up,
            "margin": None if self.margin is None else round(self.margin, 4),
            "p_first_best": round(self.p_first_best, 4),
            "p_first_runner_up": None if self.p_first_runner_up is None else round(self.p_first_runner_up, 4),
            "flip": None
            if self.flip is None
            else {
                "criterion": self.flip.criterion,
                "current": round(self.flip.current, 4),
                "weight": round(self.flip.weight, 4),
                "change": round(self.flip.change, 4),
                "rival": self.flip.rival,
            },
            "method": self.method,
            "other_method": self.other_method,
            "other_best": self.other_best,
            "methods_agree": self.methods_agree,
            "rule": {"min_p_first": MIN_P_FIRST, "min_p_first_lead": MIN_P_FIRST_LEAD},
        }


def verdict(ranking: Ranking) -> Verdict | None:
    """The verdict on ``ranking``'s best choice; None when nothing may be recommended."""
    best = ranking.best
    if best is None:
        return None
    ids = ranking.platform_ids
    b = ids.index(best)
    rest = [i for i in ranking.order if i != b and ranking.recommendable(i)]
    r = rest[0] if rest else None
    p_first = ranking.p_first()
    other: Method = "topsis" if ranking.method == "wsm" else "wsm"
    other_best = _best_by(ranking, _scores(ranking, other))
    reasons = []
    # a reference entry on top holds the chances of first place, not the best choice: then only
    # the methods are compared
    chances = ranking.order[0] == b
    if chances and p_first[b] < MIN_P_FIRST:
        reasons.append("low_p_first")
    if chances and r is not None and p_first[b] - p_first[r] < MIN_P_FIRST_LEAD:
        reasons.append("close_p_first")
    if other_best is not None and other_best != best:
        reasons.append("methods_disagree")
    return Verdict(
        best=best,
        runner_up=None if r is None else ids[r],
        margin=None if r is None else float(ranking.scores[b] - ranking.scores[r]),
        p_first_best=float(p_first[b]),
        p_first_runner_up=None if r is None else float(p_first[r]),
        flip=_flip(ranking, b),
        method=ranking.method,
        other_method=other,
        other_best=other_best,
        reasons=tuple(reasons),
    )


def _scores(ranking: Ranking, method: Method) -> np.ndarray:
    if method == ranking.method:
        return ranking.scores
    if method == "wsm":
        return weighted_sum(ranking.matrix, ranking.weights)
    return topsis(ranking.matrix, ranking.weights)


def _best_by(ranking: Ranking, scores: np.ndarray) -> str | None:
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    return next((ranking.platform_ids[i] for i in order if ranking.recommendable(i)), None)


def _flip(ranking: Ranking, best_row: int) -> Flip | None:
    """The smallest weight move, over all criteria and both directions, that hands the win over."""
    stability = ranking.stability
    if stability is None or len(ranking.platform_ids) < 2 or int(stability.winner) != best_row:
        return None
    moves = []
    for j, cid in enumerate(ranking.criterion_ids):
        current = float(stability.current[j])
        for bound, rival in (
            (stability.lower[j], stability.rival_at_lower[j]),
            (stability.upper[j], stability.rival_at_upper[j]),
        ):
            if rival >= 0:
                moves.append(Flip(cid, current, float(bound), ranking.platform_ids[int(rival)]))
    return min(moves, key=lambda f: f.change, default=None)


def _thousands(value: int, lang: str) -> str:
    """5000 -> '5,000', Dutch '5.000'."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "nl" else text


def _decimal(value: float | None, places: int, lang: str) -> str:
    text = f"{value or 0.0:.{places}f}"
    return text.replace(".", ",") if lang == "nl" else text
