"""Helpers the layout and every renderer share: table rows, short lists and the formula guard."""

from __future__ import annotations

import datetime as dt
import re

from advisor.plan.model import ChannelMove, FactRow, Guideline, Item, Plan, SegmentPlan
from advisor.textsafe import clean_data

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}  # Word's w:lang and HTML's lang


def clean_plan(plan: Plan) -> Plan:
    """The plan with every text cleaned of escapes, control and direction-override characters.

    Department names and comments come from files; Word refuses control characters outright and
    a right-to-left override would show a sentence reversed in every format.
    """
    return Plan.model_validate(clean_data(plan.model_dump()))


def safe_cell(text: str) -> str:
    """A table cell that a spreadsheet will not run as a formula (prefix ' before = + - @)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def lower_first(text: str) -> str:
    """A table's text after a colon: 'Meer dan de helft' -> 'meer dan de helft' (not 'KPI', 'EU')."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def anchor_of(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def why_line(plan: Plan, guideline: Guideline) -> str:
    """'In de hele organisatie: 54% krijgt … (werkberichten buiten werktijd, drempel ≥ 30%)';
    each group's figure is in the table of which groups each guideline concerns."""
    why = guideline.why[:1].upper() + guideline.why[1:]
    if guideline.always:
        return why
    return f"{why.removesuffix('.')} ({guideline.condition})."


def trigger_groups(plan: Plan, guideline: Guideline) -> str:
    """'Redactie 76%; IT 35%' (each group with the figure that triggered it), or 'iedereen'."""
    if guideline.always:
        return plan.label("guideline.everyone")
    parts = []
    for group in guideline.groups:
        values = ", ".join(t.value_text for t in group.triggers)
        parts.append(f"{group.label} {values}".strip())
    return "; ".join(parts)


def listed(plan: Plan, items: tuple[Item, ...]) -> str:
    return ", ".join(i.text for i in items) or plan.label("segment.none")


def channels_now(plan: Plan, segment: SegmentPlan) -> str:
    parts = [f"{m.label} {m.weekly}" for m in segment.channels]
    return ", ".join(parts) or plan.label("segment.no_channels")


def guideline_refs(plan: Plan, segment: SegmentPlan) -> str:
    """The guidelines that concern the group beyond those for everyone, with the group's figure."""
    parts = []
    for ref in segment.guidelines:
        if ref.always:
            continue
        values = ", ".join(t.value_text for t in ref.triggered_by)
        parts.append(f"{ref.title} ({values})" if values else ref.title)
    return "; ".join(parts) or plan.label("segment.only_always")


def move_rows(plan: Plan) -> list[list[str]]:
    """What happens to each channel; channels that move the same way share one row."""
    rows: list[list[str]] = []
    for move in plan.channel_moves:
        same = next((row for row in rows if row[1] == move.action), None)
        if same is None:
            rows.append([channel_label(plan, move), move.action])
        else:
            same[0] += f", {channel_label(plan, move)}"
    return rows


def channel_label(plan: Plan, move: ChannelMove) -> str:
    return f"{move.label} ({plan.label('table.channel_shadow')})" if move.shadow else move.label


def wave_label(plan: Plan, wave: str) -> str:
    return plan.label(f"adopters.wave_{wave}")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def phase_rows(plan: Plan) -> list[list[str]]:
    return [[p.name, plan.date(p.start), plan.date(p.end) or "–", p.text] for p in plan.phases]


def governance_rows(plan: Plan) -> list[list[str]]:
    rows = []
    for row in plan.governance:
        text = row.text
        if row.capability:
            refs = " ".join(f"[{r}]" for r in row.capability.refs)
            text = f"{text} {row.capability.text} {refs}".strip()
        rows.append([row.topic, text])
    return rows


BUDGET_COLUMNS = (
    "budget_platform",
    "budget_plan",
    "budget_price",
    "budget_seats",
    "budget_annual",
    "budget_source",
    "budget_note",
)


def budget_rows(plan: Plan) -> list[list[str]]:
    """The budget; the price's page is cited by its number in the sources list."""
    rows = []
    for b in plan.budget:
        source = " ".join(f"[{r}]" for r in b.refs) or "–"
        rows.append([b.platform, b.plan, b.price, b.seats, b.annual, source, b.note])
    return rows


def kpi_rows(plan: Plan) -> list[list[str]]:
    return [[k.name, k.target, k.measure, k.when] for k in plan.kpis]


def risk_rows(plan: Plan) -> list[list[str]]:
    rows = []
    for r in plan.risks:
        refs = " ".join(f"[{ref}]" for ref in r.refs if f"[{ref}]" not in r.risk)
        rows.append([f"{r.risk} {refs}".strip(), r.measure, r.owner])
    return rows


def sunset_rows(plan: Plan) -> list[list[str]]:
    return [
        [s.tool, f"{s.plan} ({'; '.join(e.text for e in s.evidence)})", plan.date(s.date)]
        for s in plan.sunset
    ]


SOURCE_COLUMNS = ("ref", "indicator", "source", "status")


def read_on_one_day(plan: Plan) -> bool:
    return len({f.checked for f in plan.sources}) == 1


def _status(plan: Plan, f: FactRow) -> str:
    if not f.verified:
        return plan.label("evidence.status_unverified")
    return plan.label("evidence.status_secondary" if f.secondary else "evidence.status_primary")


def source_groups(plan: Plan) -> list[list[FactRow]]:
    """The sources per page (one number per page), in the order of their numbers."""
    groups: dict[int, list[FactRow]] = {}
    for f in plan.sources:
        groups.setdefault(f.ref, []).append(f)
    return [groups[ref] for ref in sorted(groups)]


def source_rows(plan: Plan) -> list[list[str]]:
    """The sources list, one row per page: number, the facts it supports, the page (title ·
    publisher · the page's date; its address is the link) and whether the page confirmed them
    (primary or secondary source) and, unless every page was read on one day, when it was read."""
    rows = []
    one_day = read_on_one_day(plan)
    for facts in source_groups(plan):
        first = facts[0]
        confirmed = [f for f in facts if f.verified]
        status = _status(plan, confirmed[0] if confirmed else first)
        unconfirmed = f" ({plan.label('evidence.unverified')})" if confirmed else ""
        # a page that confirms some facts and not others marks the others
        named = "; ".join(f.indicator + ("" if f.verified else unconfirmed) for f in facts)
        if not one_day:
            status += "; " + plan.label("evidence.read").format(date=plan.date(first.checked))
        rows.append([str(first.ref), named, source_page(plan, first), status])
    return rows


def short_date(plan: Plan, day: dt.date) -> str:
    """'27-6-2023' in Dutch, '2023-06-27' in English (the sources list)."""
    return f"{day.day}-{day.month}-{day.year}" if plan.lang == "nl" else day.isoformat()


GLOSS = re.compile(r"\s*\([^()]*\)$")  # a catalogue's note after a title or publisher


def source_page(plan: Plan, f: FactRow) -> str:
    """'Get clients for Microsoft Teams · Microsoft · 5-7-2018': the page's own title and
    publisher (without the catalogue's notes in brackets after them) and the page's date."""
    dated = short_date(plan, f.source_date) if f.source_date else plan.label("evidence.undated")
    title, publisher = (
        GLOSS.sub("", f.source_title) or f.source_title,
        GLOSS.sub("", f.publisher) or f.publisher,
    )
    return " · ".join(part for part in (title, publisher, dated) if part)


OVERRIDE_COLUMNS = (
    "override_platform",
    "override_criterion",
    "override_score",
    "override_derived",
    "override_by",
    "override_justification",
)


def override_rows(plan: Plan) -> list[list[str]]:
    """Scores set by hand: platform (the plan's own marked), criterion, hand-set and derived score,
    who and when, and the justification."""
    rows = []
    for o in plan.overrides:
        name = plan.label("overrides.chosen").format(name=o.platform) if o.chosen else o.platform
        who = f"{o.by}, {plan.date(o.date)}" if o.date else o.by
        rows.append([name, o.criterion, o.score, o.derived, who, o.justification])
    return rows


def headers(plan: Plan, *keys: str) -> list[str]:
    return [plan.label(f"table.{k}") for k in keys]
