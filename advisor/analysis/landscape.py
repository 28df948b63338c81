"""The current channel landscape per segment: use, fragmentation, silos, shadow IT and risks.

Definitions (every share is "of those who answered the question", with that ``n``):

* Channel use distribution: per channel, the share answering never / monthly / weekly / daily /
  hourly.
* Regular use: weekly or more often. A channel is *in regular use in a segment* when at least 30%
  (``REGULAR_SHARE``) of the segment's answers for that channel are weekly or more.
* Fragmentation: (1) the number of channels in regular use; (2) the effective number of channels
  ``exp(H)`` with ``H = -sum_c p_c ln p_c`` and ``p_c = I_c / sum_k I_k``, where ``I_c`` sums the
  intensity of every answer for channel c in the segment. Intensity is in uses per working day:
  never 0, monthly 1/20, weekly 1/5, daily 1, hourly 8 (about once an hour in a working day).
  ``exp(H)`` is 1 when all traffic is on one channel and k when it is spread evenly over k.
* Silos: two segments that have no channel both use regularly (empty intersection of their
  regular-use sets). Overlap: Jaccard ``|A n B| / |A u B|`` of the regular-use sets (NaN when both
  are empty).
* Shadow IT: share of respondents using any ``shadow_it`` channel weekly or more, among those who
  answered at least one shadow channel question.
* Risks: ex-colleagues still in groups (answer ``yes``), wrong-recipient incidents (``yes``),
  after-hours pressure (``weekly`` or ``daily``), overload (``2to4`` or ``gt4`` hours a day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

FREQUENCIES = ("never", "monthly", "weekly", "daily", "hourly")
REGULAR = ("weekly", "daily", "hourly")
INTENSITY = {"never": 0.0, "monthly": 1 / 20, "weekly": 1 / 5, "daily": 1.0, "hourly": 8.0}
REGULAR_SHARE = 0.30
RISKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ex_colleagues_in_groups": ("ex_colleagues_in_groups", ("yes",)),
    "wrong_recipient": ("wrong_recipient", ("yes",)),
    "after_hours": ("after_hours", ("weekly", "daily")),
    "overload": ("overload", ("2to4", "gt4")),
}


@dataclass(frozen=True)
class Share:
    """A share of those who answered: ``share`` (NaN when ``n`` is 0) and ``n``.

    ``withheld``: too few answers to show (``advisor.analysis.anonymity``); share is NaN, n is 0,
    and neither is published."""

    share: float
    n: int
    withheld: bool = False

    def to_dict(self) -> dict[str, Any]:
        if self.withheld:
            return {"share": None, "n": None, "withheld": True}
        return {"share": _round(self.share), "n": self.n}


WITHHELD_SHARE = Share(float("nan"), 0, withheld=True)


@dataclass(frozen=True)
class Landscape:
    """Channel landscape of one group of respondents."""

    use: pd.DataFrame  # index channel, columns FREQUENCIES (shares) + 'n'
    regular: pd.Series  # channel -> share using it weekly or more
    regular_channels: tuple[str, ...]
    effective_channels: float
    shadow_it: Share
    risks: dict[str, Share] = field(default_factory=dict)
    # channels whose figures are withheld (all NaN in use/regular, never in regular_channels), and
    # whether the effective number of channels is withheld
    withheld_channels: tuple[str, ...] = ()
    effective_withheld: bool = False

    @property
    def fragmentation(self) -> int:
        return len(self.regular_channels)

    def to_dict(self) -> dict[str, Any]:
        return {
            "use": {
                ch: {"withheld": True}
                if ch in self.withheld_channels
                else {**{f: _round(row[f]) for f in FREQUENCIES}, "n": int(row["n"])}
                for ch, row in self.use.iterrows()
            },
            "regular_use": {ch: _round(v) for ch, v in self.regular.items()},
            "regular_channels": list(self.regular_channels),
            "fragmentation": self.fragmentation,
            "effective_channels": _round(self.effective_channels),
            "withheld_channels": list(self.withheld_channels),
            "shadow_it": self.shadow_it.to_dict(),
            "risks": {k: v.to_dict() for k, v in self.risks.items()},
        }


def _round(value: float, digits: int = 4) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), digits)


def _frequencies(answers: pd.DataFrame, channels: list[str]) -> pd.DataFrame:
    return answers[[f"use.{c}" for c in channels]].set_axis(channels, axis=1)


NOT_ANSWERED_CODE, OTHER_CODE = -1, -2
_REGULAR_CODES = [FREQUENCIES.index(f) for f in REGULAR]


def frequency_codes(answers: pd.DataFrame, channels: list[str]) -> np.ndarray:
    """(channels, rows): each answer as its index in :data:`FREQUENCIES`, ``-1`` when not
    answered, ``-2`` for any other value. One hashing pass per column; every landscape figure is
    counted from these codes instead of comparing the strings again for each frequency."""
    freq = _frequencies(answers, channels)
    position = {f: i for i, f in enumerate(FREQUENCIES)}
    codes = np.empty((len(channels), len(freq)), dtype=np.int8)
    for j, channel in enumerate(channels):
        found, uniques = pd.factorize(freq[channel])  # -1: not answered
        lookup = [position.get(u, OTHER_CODE) for u in uniques]
        codes[j] = np.array([*lookup, NOT_ANSWERED_CODE], dtype=np.int8)[found]
    return codes


def _code_counts(codes: np.ndarray) -> np.ndarray:
    """(channels, 2 + frequencies): per channel how many answers have each code, from -2 up."""
    return np.array(
        [np.bincount(row + 2, minlength=len(FREQUENCIES) + 2) for row in codes], dtype=np.int64
    ).reshape(len(codes), len(FREQUENCIES) + 2)


def channel_use(answers: pd.DataFrame, channels: list[str]) -> pd.DataFrame:
    """Per channel the share of each frequency among those who answered, plus ``n``."""
    return _channel_use(_code_counts(frequency_codes(answers, channels)), channels)


def _channel_use(counts: np.ndarray, channels: list[str]) -> pd.DataFrame:
    n = pd.Series(counts.sum(axis=1) - counts[:, NOT_ANSWERED_CODE + 2], index=channels)
    frequencies = pd.DataFrame(counts[:, 2:].astype(float), index=channels, columns=list(FREQUENCIES))
    shares = frequencies.div(n.replace(0, np.nan), axis=0)
    shares["n"] = n
    return shares


def regular_use(answers: pd.DataFrame, channels: list[str]) -> pd.Series:
    """Per channel the share using it weekly or more, of those who answered (NaN when nobody did)."""
    return _regular_use(_code_counts(frequency_codes(answers, channels)), channels)


def _regular_use(counts: np.ndarray, channels: list[str]) -> pd.Series:
    regular = counts[:, [code + 2 for code in _REGULAR_CODES]].sum(axis=1).astype(float)
    n = counts.sum(axis=1) - counts[:, NOT_ANSWERED_CODE + 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(np.where(n > 0, regular / n, np.nan), index=channels)


def effective_channels(answers: pd.DataFrame, channels: list[str]) -> float:
    """``exp(H)`` of the intensity shares (see the module docstring); NaN without any use."""
    return _effective_channels(frequency_codes(answers, channels), channels)


def _effective_channels(codes: np.ndarray, channels: list[str]) -> float:
    # The intensity of every answer, summed per channel in row order as pandas did, so the figure
    # stays the same to the last bit (a count times an intensity would round differently).
    lookup = np.array([*(INTENSITY[f] for f in FREQUENCIES), 0.0, 0.0])  # -2, -1: no intensity
    intensity = pd.Series(lookup[codes].sum(axis=1), index=channels)
    total = intensity.sum()
    if total <= 0:
        return float("nan")
    p = intensity[intensity > 0] / total
    return float(np.exp(-(p * np.log(p)).sum()))


def shadow_it_share(answers: pd.DataFrame, shadow_channels: list[str]) -> Share:
    if not shadow_channels:
        return Share(float("nan"), 0)
    return _shadow_it_share(frequency_codes(answers, shadow_channels))


def _shadow_it_share(codes: np.ndarray) -> Share:
    """Among those who answered any of these channels, the share using one weekly or more."""
    answered = (codes != NOT_ANSWERED_CODE).any(axis=0)
    uses = np.isin(codes, _REGULAR_CODES).any(axis=0)
    n = int(answered.sum())
    return Share(float(uses[answered].sum() / n) if n else float("nan"), n)


def risk_shares(answers: pd.DataFrame) -> dict[str, Share]:
    out = {}
    for name, (column, values) in RISKS.items():
        if column not in answers:
            continue
        found, uniques = pd.factorize(answers[column])  # -1: not answered
        counts = np.bincount(found + 1, minlength=len(uniques) + 1)[1:]
        n = int(counts.sum())
        chosen = sum(int(count) for value, count in zip(uniques, counts, strict=True) if value in values)
        out[name] = Share(chosen / n if n else float("nan"), n)
    return out


def landscape(answers: pd.DataFrame, channels: list[str], shadow_channels: list[str]) -> Landscape:
    """Every landscape metric for one group of respondents."""
    codes = frequency_codes(answers, channels)
    counts = _code_counts(codes)
    regular = _regular_use(counts, channels)
    in_regular_use = tuple(c for c in channels if regular.get(c, np.nan) >= REGULAR_SHARE)
    shadow = (
        _shadow_it_share(codes[[channels.index(c) for c in shadow_channels]])
        if shadow_channels and set(shadow_channels) <= set(channels)
        else shadow_it_share(answers, shadow_channels)
    )
    return Landscape(
        use=_channel_use(counts, channels),
        regular=regular,
        regular_channels=in_regular_use,
        effective_channels=_effective_channels(codes, channels),
        shadow_it=shadow,
        risks=risk_shares(answers),
    )


def jaccard_matrix(regular_sets: dict[str, set[str]]) -> pd.DataFrame:
    """``|A n B| / |A u B|`` between every two groups' regular-use channel sets."""
    names = list(regular_sets)
    matrix = pd.DataFrame(np.nan, index=names, columns=names)
    for a in names:
        for b in names:
            union = regular_sets[a] | regular_sets[b]
            if union:
                matrix.loc[a, b] = len(regular_sets[a] & regular_sets[b]) / len(union)
    return matrix


def silos(regular_sets: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Pairs of groups that share no channel both use regularly."""
    return [(a, b) for a, b in combinations(regular_sets, 2) if not regular_sets[a] & regular_sets[b]]


def option_shares(answers: pd.DataFrame, question_id: str, options: list[str]) -> dict[str, Share]:
    """Multi-select: per option the share choosing it, of those who answered the question."""
    columns = [f"{question_id}.{o}" for o in options]
    block = answers[columns]
    answered = block.notna().any(axis=1)
    n = int(answered.sum())
    chosen = block[answered].fillna(False).astype(bool)
    return {
        o: Share(float(chosen[c].mean()) if n else float("nan"), n)
        for o, c in zip(options, columns, strict=True)
    }


def withhold(ls: Landscape, channels: set[str], effective: bool, shadow: bool, risks: set[str]) -> Landscape:
    """``ls`` with the figures of ``channels``, the effective number of channels (``effective``),
    shadow IT (``shadow``) and the named ``risks`` withheld. Channels whose share is withheld are
    not in ``regular_channels`` either (that list is computed from the shares)."""
    use = ls.use.copy()
    use.loc[use.index.isin(channels), :] = np.nan
    regular = ls.regular.copy()
    regular[regular.index.isin(channels)] = np.nan
    return Landscape(
        use=use,
        regular=regular,
        regular_channels=tuple(c for c in ls.regular_channels if c not in channels),
        effective_channels=float("nan") if effective else ls.effective_channels,
        shadow_it=WITHHELD_SHARE if shadow else ls.shadow_it,
        risks={k: WITHHELD_SHARE if k in risks else v for k, v in ls.risks.items()},
        withheld_channels=tuple(c for c in ls.use.index if c in channels),
        effective_withheld=effective,
    )


@dataclass(frozen=True)
class Willingness:
    distribution: dict[int, float]  # 1..5 -> share of those who answered
    mean: float
    share_high: float  # share answering 4 or 5
    n: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "distribution": {str(k): _round(v) for k, v in self.distribution.items()},
            "mean": _round(self.mean),
            "share_high": _round(self.share_high),
            "n": self.n,
        }


def willingness(answers: pd.DataFrame, column: str = "willingness") -> Willingness:
    values = answers[column].dropna().astype(int)
    n = len(values)
    if not n:
        return Willingness({k: float("nan") for k in range(1, 6)}, float("nan"), float("nan"), 0)
    distribution = {k: float((values == k).mean()) for k in range(1, 6)}
    return Willingness(distribution, float(values.mean()), float((values >= 4).mean()), n)
