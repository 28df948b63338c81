"""What the room sees: the result on the projector (Live) and on the participants' phones.

Both show a *published snapshot*, never the responses as they stand: the answers that were in at
one moment, kept in the database (table ``workshop_snapshots``, in random order, without ids) so
every page and every app instance shows the same one. A refresh between two steps shows the same
figures whatever came in since, so no refresh singles out the answer that just arrived.

A new step is published only when both hold:

1. at least ``k`` (the workshop's threshold) responses are new since the last step, the rule the
   room sees ("updates in steps of at least k new answers");
2. every step published so far, together with the new one, passes the anonymity engine's own
   exhaustive linear audit (:func:`advisor.analysis.anonymity.audit.determined_small_set`): for
   each figure the result pages show, no set of fewer than ``k`` answers has a sum that adding and
   subtracting the published figures of all steps determines. Each step's figures are the engine's
   (:func:`advisor.analysis.summary.summarise` with the workshop's threshold), so a group the
   dashboard would hide for that data is never shown; the audit adds what one publication cannot
   see: a group shown in two steps that grew by fewer than ``k`` answers in between (6 people in
   IT, then 7: the difference is the seventh person).

Rule 1 alone would not be enough (five new answers of which one is in IT isolate that one in IT's
figures); rule 2 alone would allow a step after one changed answer (a difference of two versions of
one person, which the 0/1 audit does not look for). A step that the audit refuses is tried again
when more answers are in; until then the pages say how many answers the figures rest on.

The first step is published when results are first shown (the projector's reveal, or the release
to participants) and at least ``k`` answers are in. A snapshot shows which answers were in before
a step, in groups of at least ``k``: no more than the room saw.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from advisor.workshop import answers as wa
from advisor.workshop import submissions as sub
from advisor.workshop.store import Snapshot, Store, StoredResponse, Workshop

LOG = logging.getLogger("advisor.workshop")
RETRY_AFTER = 3.0  # seconds before a refused step is audited again (when nothing else changed)
_DAY = dt.date(2000, 1, 1)  # snapshots keep no day; the analysis does not read it


@dataclass(frozen=True)
class Shown:
    """What a result page shows: the snapshot (None before the first step) and the live count."""

    snapshot: Snapshot | None
    live_count: int

    @property
    def waiting(self) -> int:
        """Responses in but not yet in the figures."""
        return max(0, self.live_count - (self.snapshot.responses if self.snapshot else 0))


# ---------------------------------------------------------------- the engine's plan of one step
def responses_of(payloads: Sequence[str]) -> list[StoredResponse]:
    return [StoredResponse(f"v{i:05d}", _DAY, "nl", json.loads(p)) for i, p in enumerate(payloads)]


@lru_cache(maxsize=128)
def summary(payloads: tuple[str, ...], organisation: str, k: int, segment_by: str, lang: str) -> Any:
    """The engine's summary of a snapshot (the same call as every other output; cached)."""
    from advisor.analysis.summary import summarise

    q = wa._questionnaire_from_yaml(organisation)
    frame = wa.answer_frame(responses_of(payloads), q)
    segment_by = segment_by if segment_by in q.segment_ids else q.segment_ids[0]
    # the workshop's threshold was acknowledged when the facilitator set it (Workshop page)
    return summarise(
        frame,
        q,
        segment_by=segment_by,
        min_group=k,
        bootstrap=0,
        lang=lang,
        acknowledge_small_groups=True,
    )


def summary_of(snapshot: Snapshot, workshop: Workshop, segment_by: str, lang: str) -> Any:
    payloads = tuple(sorted(snapshot.answers))
    return summary(payloads, wa.organisation_yaml(workshop), workshop.min_group, segment_by, lang)


def shown_figure(figure: str) -> bool:
    """The figures the result pages draw: who is counted, weights, channel use, convincers."""
    from advisor.analysis.anonymity import RESPONDENTS, WEIGHTS

    return figure in (RESPONDENTS, WEIGHTS, "use", "convincers") or figure.startswith("use.")


# ---------------------------------------------------------------- the audit across steps
def _versions(steps: Sequence[Sequence[str]]) -> tuple[list[str], np.ndarray]:
    """Every answer version in any step, and which steps hold it (versions x steps).

    Identical answers are interchangeable for every sum, so the r-th copy of an answer is taken to
    be in each step that holds more than r copies: this reproduces every step's content exactly."""
    counts = [Counter(step) for step in steps]
    rows: list[str] = []
    member: list[list[bool]] = []
    for payload in sorted(set().union(*counts)):
        for r in range(max(c[payload] for c in counts)):
            rows.append(payload)
            member.append([c[payload] > r for c in counts])
    return rows, np.array(member, dtype=bool).reshape(len(rows), len(steps))


def _answered(frame: Any, q: Any) -> dict[str, np.ndarray]:
    """Per figure, which versions answered what it rests on (the engine's own masks)."""
    from advisor.analysis import anonymity
    from advisor.analysis import weights as wt
    from advisor.analysis.summary import MULTI_SELECT

    ratings = frame[[f"importance.{c}" for c in q.criterion_ids]].notna().sum(axis=1).to_numpy()
    multi = {m: [str(v) for v in q[m].values] for m in MULTI_SELECT if m in q.by_id}
    masks = anonymity.figure_masks(
        frame, q.criterion_ids, q.channel_ids, q.shadow_channels, multi, ratings >= wt.MIN_RATINGS
    )
    masks[anonymity.RESPONDENTS] = np.ones(len(frame), dtype=bool)
    return masks


@dataclass(frozen=True)
class Audit:
    """The audit of a list of steps: every answer version, the steps holding it, and per figure
    the versions of a set of fewer than k answers that the steps together isolate."""

    rows: list[str]
    member: np.ndarray  # versions x steps
    isolated: dict[str, np.ndarray]  # figure -> which versions (empty when nothing is isolated)

    @property
    def safe(self) -> bool:
        return not self.isolated


def audit(steps: Sequence[Sequence[str]], organisation: str, k: int) -> Audit:
    """Audit the published figures of ``steps`` together (see the module docstring)."""
    from advisor.analysis import anonymity
    from advisor.analysis.anonymity.audit import determined_small_set

    q = wa._questionnaire_from_yaml(organisation)
    rows, member = _versions(steps)
    isolated: dict[str, np.ndarray] = {}
    if not rows:
        return Audit(rows, member, isolated)
    frame = wa.answer_frame(responses_of(rows), q)
    masks = _answered(frame, q)
    plans = [summary(tuple(sorted(s)), organisation, k, "department", "nl").publication for s in steps]
    labels = {b: anonymity.segment_values(frame, b).to_numpy() for p in plans for b in p.breakdowns}
    seen: dict[bytes, np.ndarray | None] = {}
    for figure in sorted({f for p in plans for f in p.figures if shown_figure(f)}):
        blocks = []
        for i, plan in enumerate(plans):
            if figure not in plan.hidden:
                continue
            inside = member[:, i]
            if plan.shows_organisation(figure):
                blocks.append(inside)
            for b in plan.breakdowns:
                for group in set(labels[b][inside]):
                    if plan.shows(figure, b, str(group)):
                        blocks.append(inside & (labels[b] == group))
        if not blocks:
            continue
        answered = masks.get(figure, np.ones(len(rows), dtype=bool))
        incidence = np.column_stack(blocks)
        same = incidence.tobytes() + np.packbits(answered).tobytes()  # most channels: one audit
        if same not in seen:
            atoms, inverse = np.unique(incidence, axis=0, return_inverse=True)
            inverse = inverse.ravel()
            sizes = np.bincount(inverse, weights=answered.astype(float), minlength=len(atoms))
            found = determined_small_set(atoms.T.astype(float), sizes, k)
            seen[same] = None if found is None else np.isin(inverse, found) & answered
        if seen[same] is not None:
            isolated[figure] = seen[same]
    return Audit(rows, member, isolated)


def isolating_figure(steps: Sequence[Sequence[str]], organisation: str, k: int) -> str | None:
    """The first figure for which the published steps together determine the sum over fewer than
    ``k`` answers, or None when they do not."""
    return next(iter(sorted(audit(steps, organisation, k).isolated)), None)


MAX_ROUNDS = 3


def _grew_too_little(
    history: Sequence[Sequence[str]], candidate: Sequence[str], organisation: str, k: int
) -> Counter[str]:
    """The quick test before the audit: the answers new since the last step that sit in a group
    shown both by the candidate and by an earlier step while that group gained 1 to k-1 answers
    to a shown figure since then (the common way a step would single people out). Returned as the
    answers to keep waiting; empty when no group is such."""
    q = wa._questionnaire_from_yaml(organisation)
    rows, member = _versions([*history, candidate])
    frame = wa.answer_frame(responses_of(rows), q)
    masks = _answered(frame, q)
    from advisor.analysis import anonymity

    plans = [summary(tuple(sorted(s)), organisation, k, "department", "nl").publication for s in history]
    last = summary(tuple(sorted(candidate)), organisation, k, "department", "nl").publication
    new_since_last = member[:, -1] & ~member[:, -2]
    waiting = np.zeros(len(rows), dtype=bool)
    for i, plan in enumerate(plans):
        fresh = member[:, -1] & ~member[:, i]  # in the candidate, not in step i
        for b in set(plan.breakdowns) & set(last.breakdowns):
            labels = anonymity.segment_values(frame, b).to_numpy()
            for figure in (f for f in last.figures if shown_figure(f) and f in plan.hidden):
                answered = masks.get(figure, np.ones(len(rows), dtype=bool))
                for group in set(labels[member[:, -1]]):
                    group = str(group)
                    if not (plan.shows(figure, b, group) and last.shows(figure, b, group)):
                        continue
                    gained = fresh & answered & (labels == group)
                    if 0 < gained.sum() < k:
                        waiting |= gained & new_since_last
    return Counter(rows[i] for i in np.flatnonzero(waiting))


def next_step(
    history: Sequence[Sequence[str]], current: Sequence[str], workshop: Workshop
) -> list[str] | None:
    """The answers to publish as the next step after ``history``, or None when no step may be
    published yet.

    The candidate is every answer in now. Answers that would make a group shown in two steps grow
    by fewer than k, or that the audit finds it would isolate, wait for a later step (they are in
    the live count, not yet in the figures) and the rest is checked again."""
    from advisor.analysis.anonymity import RESPONDENTS

    k = workshop.min_group
    organisation = wa.organisation_yaml(workshop)
    now, last = Counter(current), Counter(history[-1]) if history else Counter()
    waiting: Counter[str] = Counter()
    audits = 0
    while audits < MAX_ROUNDS:
        candidate = sorted((now - waiting).elements())
        if sum((Counter(candidate) - last).values()) < k:  # rule 1: at least k new answers
            return None
        plan = summary(tuple(candidate), organisation, k, "department", "nl").publication
        if not plan.shows_organisation(RESPONDENTS):  # nothing to show yet
            return None
        if not history:  # one publication: the engine's plan is the whole rule
            return sub.shuffled(candidate)
        quick = _grew_too_little(history, candidate, organisation, k)
        if quick:
            waiting += quick
            continue
        audits += 1
        checked = audit([*history, candidate], organisation, k)
        if checked.safe:
            return sub.shuffled(candidate)
        new = checked.member[:, -1] & ~checked.member[:, -2]
        offending = np.zeros(len(checked.rows), dtype=bool)
        for isolated in checked.isolated.values():
            offending |= isolated & new
        if not offending.any():  # only answers published before: deferring new ones cannot help
            return None
        waiting += Counter(checked.rows[i] for i in np.flatnonzero(offending))
    return None


def may_publish(history: Sequence[Sequence[str]], candidate: Sequence[str], workshop: Workshop) -> bool:
    """True when exactly ``candidate`` may be published after ``history``."""
    from advisor.analysis.anonymity import RESPONDENTS

    k = workshop.min_group
    organisation = wa.organisation_yaml(workshop)
    last = Counter(history[-1]) if history else Counter()
    if sum((Counter(candidate) - last).values()) < k:
        return False
    plan = summary(tuple(sorted(candidate)), organisation, k, "department", "nl").publication
    if not plan.shows_organisation(RESPONDENTS):
        return False
    return audit([*history, candidate], organisation, k).safe


# ---------------------------------------------------------------- the pages' entry point
_refused: dict[tuple[str, int, int], float] = {}
_refused_lock = threading.Lock()


@lru_cache(maxsize=256)
def _snapshot(store: Store, workshop_id: int, code: str, seq: int) -> Snapshot:
    # a published step never changes: each is read once per process
    found = store.snapshot(code, seq)
    if found is None:
        raise LookupError(seq)
    return found


def _read(store: Store, workshop: Workshop, seq: int) -> Snapshot:
    return _snapshot(store, workshop.id, workshop.code, seq)


def current(store: Store, workshop: Workshop, *, advance: bool) -> Shown:
    """The snapshot to show now. With ``advance`` (results are being shown) a new step is sought:
    the first one at once (one publication: the engine's plan is all it needs), later ones in a
    background thread (the audit of all steps takes up to a few seconds in a large room, and the
    page must not wait for it): a step found appears on the next refresh."""
    seq, in_step = store.latest_snapshot_seq(workshop.code)
    count = store.response_count(workshop.code)
    if advance and count - in_step >= workshop.min_group:
        if seq == 0:
            seq = _step(store, workshop, seq)
        else:
            _in_background(store, workshop, seq)
    return Shown(_read(store, workshop, seq) if seq else None, count)


_running: dict[tuple[str, int], threading.Thread] = {}


def _in_background(store: Store, workshop: Workshop, seq: int) -> None:
    slot = (store.url, workshop.id)
    with _refused_lock:
        running = _running.get(slot)
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(target=_quietly, args=(store, workshop, seq), daemon=True)
        _running[slot] = thread
    thread.start()


def _quietly(store: Store, workshop: Workshop, seq: int) -> None:
    try:
        _step(store, workshop, seq)
    except Exception as error:  # the next refresh tries again; never an answer in the log
        LOG.warning("workshop %s: no new step (%s)", workshop.code, type(error).__name__)


def wait_for_steps(timeout: float = 60.0) -> None:
    """Wait for the background steps under way (tests, and the benchmark's end)."""
    with _refused_lock:
        threads = list(_running.values())
    for thread in threads:
        thread.join(timeout)


def _step(store: Store, workshop: Workshop, seq: int) -> int:
    memo = (store.url, workshop.id, seq)
    with _refused_lock:
        if len(_refused) > 1000:
            _refused.clear()
        refused_at = _refused.get(memo)
    if refused_at is not None and time.monotonic() - refused_at < RETRY_AFTER:
        return seq
    for _ in range(3):  # another instance may publish the same step first: audit against it
        history = [list(_read(store, workshop, i).answers) for i in range(1, seq + 1)]
        candidate = next_step(history, store.answer_payloads(workshop.code), workshop)
        if candidate is None:
            with _refused_lock:
                _refused[memo] = time.monotonic()
            return seq
        if store.add_snapshot(workshop.code, seq + 1, candidate):
            return seq + 1
        seq, _ = store.latest_snapshot_seq(workshop.code)
        memo = (store.url, workshop.id, seq)
    return seq
