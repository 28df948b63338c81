"""The publication plan: per figure and breakdown, which groups' figures may be shown.

One plan covers every breakdown of the data at once (every segment question with answers), so
that what one breakdown shows and what another shows cannot be combined; the plan does not
depend on which breakdown is being looked at. See ``advisor.analysis.anonymity`` for the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from advisor.analysis.anonymity.audit import determined_small_set

RESPONDENTS = "respondents"
COMMENTS = "comment"


@dataclass(frozen=True)
class Publication:
    """What may be shown. ``hidden[figure][breakdown]`` are the groups whose ``figure`` is withheld;
    ``organisation[figure]`` says whether the organisation's figure may be shown. The figure
    ``respondents`` is the group itself: a group hidden for it shows nothing, not even its size."""

    min_group: int
    comment_min_group: int
    breakdowns: tuple[str, ...]
    hidden: Mapping[str, Mapping[str, frozenset[str]]]
    organisation: Mapping[str, bool]
    sizes: Mapping[str, Mapping[str, int]]  # breakdown -> group -> respondents (never published)

    @property
    def figures(self) -> tuple[str, ...]:
        return tuple(self.hidden)

    def suppressed(self, breakdown: str) -> frozenset[str]:
        """Groups of ``breakdown`` that are hidden entirely (their size included)."""
        return self.hidden[RESPONDENTS][breakdown]

    def shows(self, figure: str, breakdown: str, group: str) -> bool:
        if figure not in self.hidden:
            return False
        return group not in self.hidden[figure][breakdown] and group not in self.suppressed(breakdown)

    def shows_organisation(self, figure: str) -> bool:
        return bool(self.organisation.get(figure, False))

    def withheld(self, breakdown: str, group: str) -> tuple[str, ...]:
        """The figures withheld for a group of ``breakdown`` (every figure for a hidden group)."""
        return tuple(f for f in self.hidden if not self.shows(f, breakdown, group))

    def hidden_together(self, breakdown: str) -> int | None:
        """Respondents in the hidden groups of ``breakdown`` together: at least ``min_group`` by
        the remainder rule, so safe to print; None when nothing is hidden or everything is."""
        hidden = self.suppressed(breakdown)
        sizes = self.sizes[breakdown]
        together = sum(n for g, n in sizes.items() if g in hidden)
        if not together or together < self.min_group or len(hidden) == len(sizes):
            return None
        return together


def remainder_rule(sizes: NDArray, names: Sequence[str], k: int, hidden: set[int]) -> set[int]:
    """Hide groups with 1..k-1 answers, then the next smallest present group while the hidden
    groups together hold 1..k-1 answers (ties: by name). Groups without answers are left alone."""
    hidden = set(hidden) | {int(g) for g in np.flatnonzero((sizes > 0) & (sizes < k))}
    together = float(sum(sizes[g] for g in hidden))
    visible = sorted((sizes[g], names[g], g) for g in np.flatnonzero(sizes > 0) if g not in hidden)
    while 0 < together < k and visible:
        size, _, g = visible.pop(0)
        hidden.add(int(g))
        together += size
    return hidden


def overlap_rule(
    cells: NDArray, counts: NDArray, sizes: list[NDArray], hidden: list[set[int]], k: int
) -> list[tuple[int, int]]:
    """Visible groups of one breakdown that are mostly a hidden group of another: fewer than k of
    their answers lie outside it (a location of 5 holding 4 hidden managers shows the managers)."""
    found = []
    for j1, j2 in permutations(range(cells.shape[1]), 2):
        if not hidden[j2]:
            continue
        n1, n2 = len(sizes[j1]), len(sizes[j2])
        cross = np.bincount(cells[:, j1] * n2 + cells[:, j2], weights=counts, minlength=n1 * n2)
        inside = cross.reshape(n1, n2)[:, sorted(hidden[j2])]
        visible = (sizes[j1] > 0) & ~np.isin(np.arange(n1), list(hidden[j1]))
        bad = (inside > 0) & (sizes[j1][:, None] - inside < k) & visible[:, None]
        found += [(j1, int(g)) for g in np.flatnonzero(bad.any(axis=1))]
    return found


def _blocks(cells: NDArray, hidden: list[set[int]]) -> NDArray:
    blocks = cells.copy()
    for j, h in enumerate(hidden):
        if h:
            blocks[np.isin(blocks[:, j], list(h)), j] = -1
    return blocks


def audit(
    cells: NDArray, counts: NDArray, hidden: list[set[int]], k: int, sets: bool
) -> NDArray[np.int64] | None:
    """Atoms (rows of the returned block table) of a set of fewer than k answers that the published
    blocks reveal; None when there is none. ``sets``: published lists (comments), where any
    intersection can be taken, so every non-empty atom must hold k; otherwise sums (linear)."""
    atoms, inverse = np.unique(_blocks(cells, hidden), axis=0, return_inverse=True)
    atom_sizes = np.bincount(inverse.ravel(), weights=counts, minlength=len(atoms))
    small = (atom_sizes > 0) & (atom_sizes < k)
    if not small.any():
        return None
    if sets:
        return atoms[[int(np.flatnonzero(small)[np.argmin(atom_sizes[small])])]]
    rows = [np.ones(len(atoms))]
    for j in range(atoms.shape[1]):
        for code in np.unique(atoms[:, j]):
            if code >= 0:
                rows.append((atoms[:, j] == code).astype(float))
    found = determined_small_set(np.vstack(rows), atom_sizes, k)
    return None if found is None else atoms[found]


def solve(
    cells: NDArray, counts: NDArray, names: list[list[str]], k: int, start: list[set[int]], sets: bool
) -> tuple[list[set[int]], bool]:
    """Hidden groups per breakdown for one figure, and whether the organisation figure may be shown:
    the remainder rule, the overlap rule and the audit, repeated until nothing changes."""
    live = counts > 0
    cells, counts = cells[live], counts[live]
    hidden = [set(s) for s in start]
    if counts.sum() < k:
        return [set(range(len(n))) for n in names], False
    sizes = [np.bincount(cells[:, j], weights=counts, minlength=len(names[j])) for j in range(len(names))]
    while True:
        hidden = [remainder_rule(sizes[j], names[j], k, hidden[j]) for j in range(len(names))]
        grown = overlap_rule(cells, counts, sizes, hidden, k)
        if not grown:
            found = audit(cells, counts, hidden, k, sets)
            if found is None:
                return hidden, True
            target = _target(found, sizes, hidden, names)
            if target is None:  # nothing left to withhold: withhold the organisation too
                return [set(range(len(n))) for n in names], False
            grown = [target]
        for j, g in grown:
            hidden[j].add(g)


def _target(
    atoms: NDArray, sizes: list[NDArray], hidden: list[set[int]], names: list[list[str]]
) -> tuple[int, int] | None:
    """The group to withhold for a revealed set: the smallest visible group holding part of it, or
    (when it lies in every breakdown's remainder) the smallest visible group anywhere."""
    touching = {(j, int(c)) for row in atoms for j, c in enumerate(row) if c >= 0}
    if not touching:
        touching = {
            (j, int(g)) for j in range(len(sizes)) for g in np.flatnonzero(sizes[j] > 0) if g not in hidden[j]
        }
    if not touching:
        return None
    return min(touching, key=lambda jg: (sizes[jg[0]][jg[1]], jg[0], names[jg[0]][jg[1]]))


def _cells(codes: list[NDArray], widths: list[int], n: int) -> tuple[NDArray, NDArray]:
    """The distinct combinations of group codes (cells x breakdowns) and each respondent's cell."""
    if not codes:
        return np.zeros((1 if n else 0, 0), dtype=np.int64), np.zeros(n, dtype=np.int64)
    if float(np.prod([max(w, 1) for w in widths], dtype=float)) < 2**62:  # one integer key per respondent
        key = np.zeros(n, dtype=np.int64)
        for code, width in zip(codes, widths, strict=True):
            key = key * max(width, 1) + code
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        return np.column_stack(codes)[first], inverse.ravel()
    cells, inverse = np.unique(np.column_stack(codes), axis=0, return_inverse=True)
    return cells, inverse.ravel()


NOT_ANSWERED = "(not answered)"  # the label of a missing answer (as ``segment_values`` gives it)


def _group_codes(labels: pd.Series) -> tuple[NDArray[np.int64], list[str]]:
    """Each respondent's group as a code into the sorted group names (a missing answer is the group
    :data:`NOT_ANSWERED`): what ``pd.factorize(labels, sort=True)`` gives for the labels as text,
    by hashing the column as it is (text columns need no conversion) and sorting only the names."""
    code, uniques = pd.factorize(labels, sort=False)
    names = [str(v) for v in uniques]
    if (code < 0).any():
        if NOT_ANSWERED in names:
            code = np.where(code < 0, names.index(NOT_ANSWERED), code)
        else:
            names.append(NOT_ANSWERED)
            code = np.where(code < 0, len(names) - 1, code)
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[code].astype(np.int64), [names[i] for i in order]


def plan_publication(
    groups: Mapping[str, pd.Series],
    figures: Mapping[str, NDArray[np.bool_]],
    min_group: int,
    comment_min_group: int,
) -> Publication:
    """The plan for every breakdown in ``groups`` (question -> group label per respondent, all on
    the same index) and every figure in ``figures`` (figure -> who answered, same order)."""
    breakdowns = tuple(groups)
    codes, names = [], []
    for question in breakdowns:
        code, labels = _group_codes(groups[question])
        codes.append(code)
        names.append(labels)
    cells, inverse = _cells(codes, [len(n) for n in names], len(next(iter(groups.values()), ())))
    respondents = np.bincount(inverse, minlength=len(cells)).astype(float)
    base, _ = solve(cells, respondents, names, min_group, [set() for _ in names], False)
    hidden: dict[str, dict[str, frozenset[str]]] = {}
    organisation: dict[str, bool] = {}
    cache: dict[tuple[bytes, bool], tuple[list[set[int]], bool]] = {}
    for figure, answered in {RESPONDENTS: None, **figures}.items():
        counts = (
            respondents
            if answered is None
            else np.bincount(inverse, weights=np.asarray(answered, dtype=float), minlength=len(cells))
        )
        sets = figure == COMMENTS
        key = (counts.tobytes(), sets)
        if key not in cache:
            k = comment_min_group if sets else min_group
            cache[key] = solve(cells, counts, names, k, base, sets)
        per_breakdown, shown = cache[key]
        hidden[figure] = {
            q: frozenset(names[j][g] for g in per_breakdown[j]) for j, q in enumerate(breakdowns)
        }
        organisation[figure] = shown
    sizes = {
        q: {names[j][g]: int(n) for g, n in enumerate(np.bincount(codes[j], minlength=len(names[j])))}
        for j, q in enumerate(breakdowns)
    }
    return Publication(min_group, comment_min_group, breakdowns, hidden, organisation, sizes)
