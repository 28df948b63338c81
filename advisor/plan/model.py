"""The adoption plan as one pydantic object: what every renderer (Markdown, HTML, Word, dashboard) shows.

Two layers: a one-page ``summary`` for the steering group (decision, why, for whom what changes,
phases, cost, biggest risks, KPIs), and the full plan behind it. What applies to everyone is stated
once (guidelines with the groups and figures that triggered them, measures per worry, the channel
moves and structure, integrations per business system); a group's chapter holds only what is its own.

All text is already in the plan's language and is plain text (renderers escape it). A claim about
the platform carries ``refs``: numbers in ``sources``. Nothing here depends on the clock, so the
same inputs give the same plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(_Model):
    """Where a statement comes from."""

    kind: Literal["survey", "fact", "rule"]
    text: str
    source: str = ""  # URL of a platform fact
    verified: bool | None = None


class Item(_Model):
    """One statement of the plan, optionally with a detail, and the sources it cites (``refs``).
    ``role`` places a summary statement: why, cost or approach."""

    text: str
    detail: str = ""
    evidence: tuple[Evidence, ...] = ()
    refs: tuple[int, ...] = ()
    role: Literal["", "why", "cost", "approach"] = ""


class Figure(_Model):
    """A survey figure the plan shows for a group: the metric, its words and its value as written."""

    metric: str
    label: str
    value: str


class Trigger(_Model):
    """One comparison that made a guideline apply: metric, its value and the threshold."""

    metric: str
    label: str
    value: float
    op: str
    threshold: float
    value_text: str
    threshold_text: str


class GroupTrigger(_Model):
    """A group a guideline applies to, and the figures that made it apply (none: it always does)."""

    key: str
    label: str
    triggers: tuple[Trigger, ...] = ()


class Guideline(_Model):
    """One guideline, stated once for the whole plan, with the groups it concerns."""

    id: str
    title: str
    text: str
    why: str
    always: bool
    condition: str  # the rule in words ('werkberichten buiten werktijd, drempel ≥ 30%')
    groups: tuple[GroupTrigger, ...] = ()
    capability: Item | None = None
    cannot: Item | None = None  # the platform does not meet the usual arrangement's premise


class GuidelineRef(_Model):
    """A guideline as it concerns one group: its figure and the why in that group's figures."""

    id: str
    title: str
    why: str
    always: bool
    triggered_by: tuple[Trigger, ...] = ()


class ChannelMove(_Model):
    channel: str
    label: str
    weekly: str
    shadow: bool
    action: str
    sunset: dt.date | None = None


class ChannelSpec(_Model):
    kind: str
    name: str
    purpose: str
    members: str
    posting: str


class SegmentPlan(_Model):
    key: str
    label: str
    respondents: int
    headcount: int | None
    wave: Literal["pilot", "launch", "scale"]
    intro: str
    why: tuple[Item, ...]
    tradeoff: Item | None = None  # what the group gives up (what the plan does: Plan.tradeoffs)
    gives_up: str = ""  # the criterion id it gives up, if any
    convincers: tuple[Item, ...]
    concerns: tuple[Item, ...]
    channels: tuple[ChannelMove, ...]
    guidelines: tuple[GuidelineRef, ...]
    integrations: tuple[Item, ...]
    willing: float | None  # share willing to move (4 or 5), for the overview
    adopters: Item
    champions: Item
    figures: tuple[Figure, ...] = ()


class OtherStaff(_Model):
    groups: tuple[str, ...]
    intro: str
    guidelines: tuple[str, ...]  # ids of the guidelines the whole organisation's figures trigger


class ChangeRow(_Model):
    """The summary's 'for whom what changes': one row per group."""

    group: str
    wave: str
    willing: str
    change: str


class CriterionRow(_Model):
    """The chosen platform on one criterion: its score and the facts behind it."""

    criterion: str
    score: str
    strong: str
    weak: str
    refs: tuple[int, ...] = ()


class TradeoffRow(_Model):
    """A criterion where the platform is weak that groups weigh heavily, and what the plan does."""

    criterion: str
    score: str
    groups: str
    measure: str


class MeasureRow(_Model):
    """A worry or a convincing reason, what the plan does or gives for it, and who named it."""

    option: str
    label: str
    text: str
    groups: str


class IntegrationRow(_Model):
    system: str
    label: str
    capability: Item
    groups: str


class Integrations(_Model):
    asked: bool
    intro: str
    rows: tuple[IntegrationRow, ...] = ()


class GovernanceRow(_Model):
    topic: str
    text: str
    capability: Item | None = None


class Phase(_Model):
    id: str
    name: str
    start: dt.date
    end: dt.date | None
    text: str
    groups: str = ""  # who, in a few words (the summary)


class RoleRow(_Model):
    role: str
    tasks: str


class KpiRow(_Model):
    id: str
    name: str
    target: str
    measure: str
    when: str


class Risk(_Model):
    id: str
    risk: str
    measure: str
    owner: str
    evidence: tuple[Evidence, ...] = ()
    weight: float = 0.0  # how big: the share it concerns (the summary names the biggest)
    refs: tuple[int, ...] = ()
    figures: tuple[Figure, ...] = ()  # the survey figures it states (group 'organisation' or a group)


class SunsetRow(_Model):
    tool: str
    plan: str
    date: dt.date
    evidence: tuple[Evidence, ...] = ()


class BudgetRow(_Model):
    """The budget line for one chosen platform: plan, price, seats, annual cost, price source."""

    platform: str
    plan: str
    price: str
    seats: str
    annual: str
    source: str
    note: str
    quote_only: bool = False
    annual_cost: float | None = None  # in ``currency``; None when unknown (quote only, excluded)
    currency: str | None = None
    billed_seats: int | None = None
    refs: tuple[int, ...] = ()


class FactRow(_Model):
    """One source the plan relies on (a catalogue fact, a price, the calendar), cited by ``ref``."""

    ref: int
    indicator: str
    value: str
    source: str
    source_title: str = ""
    publisher: str = ""
    source_date: dt.date | None = None
    checked: dt.date
    verified: bool
    secondary: bool = False
    kind: Literal["fact", "price", "calendar"] = "fact"


class OverrideRow(_Model):
    """A criterion score set by hand for the chosen platform or one it is compared with."""

    platform: str
    criterion: str
    score: str  # the hand-set score, as the plan writes numbers
    derived: str  # the score the rubric derives from the facts (on the plan ranked)
    by: str
    date: dt.date | None = None
    justification: str
    chosen: bool  # the plan's own platform


class CoverRow(_Model):
    label: str
    value: str


class Plan(_Model):
    lang: Literal["nl", "en"]
    organisation: str
    platform_id: str
    platform_name: str
    start: dt.date
    title: str
    subtitle: str
    generated: str
    contain: bool = False  # a platform the organisation cannot administer: a plan to contain it
    cover: tuple[CoverRow, ...] = ()
    decision: str = ""
    summary: tuple[Item, ...]
    changes: tuple[ChangeRow, ...] = ()
    top_risks: tuple[Risk, ...] = ()
    choice: tuple[Item, ...] = ()
    profile: tuple[CriterionRow, ...] = ()
    tradeoffs: tuple[TradeoffRow, ...] = ()
    guidelines: tuple[Guideline, ...] = ()
    concerns: tuple[MeasureRow, ...] = ()
    convincers: tuple[MeasureRow, ...] = ()
    channel_moves: tuple[ChannelMove, ...] = ()
    structure: tuple[ChannelSpec, ...] = ()
    integrations: Integrations | None = None
    segments: tuple[SegmentPlan, ...]
    other_staff: OtherStaff | None
    governance: tuple[GovernanceRow, ...]
    phases: tuple[Phase, ...]
    calendar_notes: tuple[Item, ...] = ()
    roles: tuple[RoleRow, ...]
    kpis: tuple[KpiRow, ...]
    risks: tuple[Risk, ...]
    sunset: tuple[SunsetRow, ...]
    sunset_none: str
    budget: tuple[BudgetRow, ...] = ()
    overrides: tuple[OverrideRow, ...] = ()  # empty: no score set by hand, no section
    notes: tuple[str, ...] = ()  # what the organisation file leaves open (sector, size)
    sources: tuple[FactRow, ...]
    labels: dict[str, str]  # headings, table headers and month names in the plan's language

    def label(self, key: str) -> str:
        return self.labels[key]

    def date(self, value: dt.date | None) -> str:
        return "" if value is None else write_date(value, self.labels["months"])


def write_date(value: dt.date, months: str) -> str:
    """'4 januari 2027' from the space-separated month names of the plan's language."""
    return f"{value.day} {months.split()[value.month - 1]} {value.year}"
