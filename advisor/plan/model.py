"""The adoption plan as one pydantic object: what every renderer (Markdown, HTML, Word, dashboard) shows.

All text is already in the plan's language and is plain text (renderers escape it). Every
recommendation carries its ``evidence``: the survey figure, the platform fact (with source URL and
whether it was verified) or the rule that produced it. Nothing here depends on the clock, so the
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
    """One statement of the plan, optionally with a detail (e.g. the measure for a worry)."""

    text: str
    detail: str = ""
    evidence: tuple[Evidence, ...] = ()


class Trigger(_Model):
    """One comparison that made a guideline apply: metric, its value and the threshold."""

    metric: str
    label: str
    value: float
    op: str
    threshold: float
    value_text: str
    threshold_text: str


class Guideline(_Model):
    id: str
    title: str
    text: str
    why: str
    always: bool
    triggered_by: tuple[Trigger, ...] = ()
    capability: Item | None = None


class ChannelMove(_Model):
    channel: str
    label: str
    weekly: str
    shadow: bool
    action: str
    sunset: dt.date | None = None


class ChannelSpec(_Model):
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
    convincers: tuple[Item, ...]
    concerns: tuple[Item, ...]
    channels_intro: str
    channels: tuple[ChannelMove, ...]
    structure: tuple[ChannelSpec, ...]
    structure_note: Item | None
    guidelines: tuple[Guideline, ...]
    integrations: tuple[Item, ...]
    willing: float | None  # share willing to move (4 or 5), for the overview chart
    adopters: Item
    champions: Item


class OtherStaff(_Model):
    groups: tuple[str, ...]
    intro: str
    guidelines: tuple[Guideline, ...]


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


class FactRow(_Model):
    """One catalogue fact the plan relies on, cited in the text by its number ``ref``."""

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


class Plan(_Model):
    lang: Literal["nl", "en"]
    organisation: str
    platform_id: str
    platform_name: str
    start: dt.date
    title: str
    subtitle: str
    generated: str
    summary: tuple[Item, ...]
    segments: tuple[SegmentPlan, ...]
    other_staff: OtherStaff | None
    governance: tuple[GovernanceRow, ...]
    phases: tuple[Phase, ...]
    roles: tuple[RoleRow, ...]
    kpis: tuple[KpiRow, ...]
    risks: tuple[Risk, ...]
    sunset: tuple[SunsetRow, ...]
    sunset_none: str
    budget: tuple[BudgetRow, ...] = ()
    overrides: tuple[OverrideRow, ...] = ()  # empty: no score set by hand, no section
    sources: tuple[FactRow, ...]
    labels: dict[str, str]  # headings, table headers and month names in the plan's language

    def label(self, key: str) -> str:
        return self.labels[key]

    def date(self, value: dt.date | None) -> str:
        return "" if value is None else write_date(value, self.labels["months"])


def write_date(value: dt.date, months: str) -> str:
    """'4 januari 2027' from the space-separated month names of the plan's language."""
    return f"{value.day} {months.split()[value.month - 1]} {value.year}"
