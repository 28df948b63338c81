"""Helpers every renderer shares: traceability lines, table rows and the formula-injection guard."""

from __future__ import annotations

from advisor.plan.model import Guideline, Item, Plan, SegmentPlan
from advisor.textsafe import clean_data

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_plan(plan: Plan) -> Plan:
    """The plan with every text cleaned of escapes, control and direction-override characters.

    Department names and comments come from files; Word refuses control characters outright and
    a right-to-left override would show a sentence reversed in every format.
    """
    return Plan.model_validate(clean_data(plan.model_dump()))


def safe_cell(text: str) -> str:
    """A table cell that a spreadsheet will not run as a formula (prefix ' before = + - @)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def why_line(plan: Plan, guideline: Guideline) -> str:
    """'Waarom: 76% krijgt … (drempel: werkberichten buiten werktijd ≥ 30%)'."""
    if guideline.always or not guideline.triggered_by:
        trace = plan.label("guideline.always")
    else:
        word = plan.label("guideline.threshold")
        trace = "; ".join(
            f"{t.label}: {t.value_text}, {word} {t.op} {t.threshold_text}" for t in guideline.triggered_by
        )
    return f"{guideline.why} ({trace})"


def item_text(item: Item) -> str:
    return f"{item.text} {item.detail}".strip()


def wave_label(plan: Plan, wave: str) -> str:
    return plan.label(f"adopters.wave_{wave}")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def channel_rows(plan: Plan, segment: SegmentPlan) -> list[list[str]]:
    rows = []
    for move in segment.channels:
        label = f"{move.label} ({plan.label('channels.shadow')})" if move.shadow else move.label
        rows.append([label, move.weekly, move.action])
    return rows


def structure_rows(segment: SegmentPlan) -> list[list[str]]:
    return [[c.name, c.purpose, c.members, c.posting] for c in segment.structure]


def phase_rows(plan: Plan) -> list[list[str]]:
    return [[p.name, plan.date(p.start), plan.date(p.end), p.text] for p in plan.phases]


def governance_rows(plan: Plan) -> list[list[str]]:
    rows = []
    for row in plan.governance:
        text = f"{row.text} {row.capability.text}" if row.capability else row.text
        rows.append([row.topic, text])
    return rows


def budget_rows(plan: Plan) -> list[list[str]]:
    return [[b.platform, b.plan, b.price, b.seats, b.annual, b.source, b.note] for b in plan.budget]


def kpi_rows(plan: Plan) -> list[list[str]]:
    return [[k.name, k.target, k.measure, k.when] for k in plan.kpis]


def risk_rows(plan: Plan) -> list[list[str]]:
    return [[r.risk, r.measure, r.owner] for r in plan.risks]


def sunset_rows(plan: Plan) -> list[list[str]]:
    return [
        [s.tool, f"{s.plan} ({'; '.join(e.text for e in s.evidence)})", plan.date(s.date)]
        for s in plan.sunset
    ]


SOURCE_COLUMNS = ("ref", "indicator", "value", "source", "evidence")


def source_rows(plan: Plan) -> list[list[str]]:
    """The sources list: number, fact, the page (title, publisher, date, address), and whether the
    page confirmed the value and when it was read."""
    rows = []
    for f in plan.sources:
        if not f.verified:
            status = plan.label("evidence.unverified")
        else:
            status = plan.label("evidence.verified_secondary" if f.secondary else "evidence.verified")
        dated = plan.date(f.source_date) if f.source_date else plan.label("evidence.undated")
        page = " · ".join(part for part in (f.source_title, f.publisher, dated) if part)
        read = plan.label("evidence.read").format(date=plan.date(f.checked))
        rows.append([str(f.ref), f.indicator, f.value, f"{page} · {f.source}", f"{status}; {read}"])
    return rows


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


def willingness_rows(plan: Plan) -> list[list[str]]:
    return [[s.label, percent(s.willing), wave_label(plan, s.wave)] for s in plan.segments]


def headers(plan: Plan, *keys: str) -> list[str]:
    return [plan.label(f"table.{k}") for k in keys]


def organisation_tables(plan: Plan) -> list[tuple[str, list[str], list[list[str]]]]:
    """The organisation part's tables in order: (heading key, header row, rows), for every renderer."""
    return [
        ("governance", headers(plan, "topic", "agreement"), governance_rows(plan)),
        ("phases", headers(plan, "phase", "from", "until", "groups"), phase_rows(plan)),
        *(
            [
                (
                    "budget",
                    headers(
                        plan,
                        "budget_platform",
                        "budget_plan",
                        "budget_price",
                        "budget_seats",
                        "budget_annual",
                        "budget_source",
                        "budget_note",
                    ),
                    budget_rows(plan),
                )
            ]
            if plan.budget
            else []
        ),
        ("roles", headers(plan, "role", "tasks"), [[r.role, r.tasks] for r in plan.roles]),
        ("kpis", headers(plan, "kpi", "target", "measure", "when"), kpi_rows(plan)),
        ("risks", headers(plan, "risk", "mitigation", "owner"), risk_rows(plan)),
    ]
