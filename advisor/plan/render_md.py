"""The plan as Markdown: headings, lists and tables; every text from the data is escaped."""

from __future__ import annotations

from advisor.markup import escape_markdown as escape
from advisor.plan import render_util as ru
from advisor.plan.model import Evidence, Guideline, Item, Plan, SegmentPlan


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(escape(ru.safe_cell(cell)) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _evidence(evidence: tuple[Evidence, ...], indent: str = "  ") -> list[str]:
    return [f"{indent}- *{escape(e.text)}*" for e in evidence]


def _item(item: Item) -> list[str]:
    line = f"- {escape(item.text)}"
    if item.detail:
        line += f" {escape(item.detail)}"
    return [line, *_evidence(item.evidence)]


def _guideline(plan: Plan, g: Guideline) -> list[str]:
    lines = [f"- **{escape(g.title)}.** {escape(g.text)}"]
    lines.append(f"  - {escape(plan.label('guideline.why'))}: {escape(ru.why_line(plan, g))}")
    if g.capability:
        lines.append(f"  - {escape(plan.label('guideline.platform'))}: {escape(g.capability.text)}")
        lines += _evidence(g.capability.evidence, "    ")
    return lines


def _segment(plan: Plan, s: SegmentPlan) -> list[str]:
    wave = f"{plan.label('table.wave')}: {ru.wave_label(plan, s.wave)}"
    lines = [f"### {escape(s.label)}", "", f"{escape(s.intro)} · {escape(wave)}", ""]
    lines += [f"#### {escape(plan.label('headings.why'))}", ""]
    for item in s.why:
        lines += _item(item)
    lines += ["", f"#### {escape(plan.label('headings.convincers'))}", ""]
    for item in s.convincers:
        lines += _item(item)
    lines += ["", f"#### {escape(plan.label('headings.concerns'))}", ""]
    for item in s.concerns:
        lines += _item(item)
    lines += ["", f"#### {escape(plan.label('headings.channels'))}", ""]
    if s.channels:
        lines += [escape(s.channels_intro), ""]
        lines += _table(ru.headers(plan, "channel", "weekly", "move"), ru.channel_rows(plan, s))
    else:
        lines += [escape(plan.label("channels.none")), ""]
    lines += [
        f"#### {escape(plan.label('headings.structure'))}",
        "",
        escape(plan.label("structure.intro")),
        "",
    ]
    lines += _table(ru.headers(plan, "name", "purpose", "members", "posting"), ru.structure_rows(s))
    if s.structure_note:
        lines += [*_item(s.structure_note), ""]
    lines += [f"#### {escape(plan.label('headings.guidelines'))}", ""]
    for g in s.guidelines:
        lines += _guideline(plan, g)
    if s.integrations:
        lines += ["", f"#### {escape(plan.label('headings.integrations'))}", ""]
        for item in s.integrations:
            lines += _item(item)
    lines += ["", f"#### {escape(plan.label('headings.adopters'))}", ""]
    lines += _item(s.adopters) + _item(s.champions) + [""]
    return lines


def render_markdown(plan: Plan) -> str:
    plan = ru.clean_plan(plan)
    lines = [
        f"# {escape(plan.title)}",
        "",
        f"**{escape(plan.subtitle)}**",
        "",
        f"*{escape(plan.generated)}*",
        "",
    ]
    lines += [f"## {escape(plan.label('headings.summary'))}", ""]
    for item in plan.summary:
        lines += [escape(ru.item_text(item)), ""]
    lines += _table(ru.headers(plan, "segment", "willing", "wave"), ru.willingness_rows(plan))
    lines += [f"## {escape(plan.label('headings.segments'))}", ""]
    for segment in plan.segments:
        lines += _segment(plan, segment)
    if plan.other_staff:
        lines += [f"### {escape(plan.label('headings.other_staff'))}", "", escape(plan.other_staff.intro), ""]
        lines += [f"#### {escape(plan.label('headings.guidelines'))}", ""]
        for g in plan.other_staff.guidelines:
            lines += _guideline(plan, g)
        lines += [""]
    lines += [f"## {escape(plan.label('headings.organisation'))}", ""]
    for key, head, rows in ru.organisation_tables(plan):
        lines += [f"### {escape(plan.label(f'headings.{key}'))}", "", *_table(head, rows)]
    lines += [f"### {escape(plan.label('headings.sunset'))}", ""]
    if plan.sunset:
        lines += _table(ru.headers(plan, "tool", "plan", "when"), ru.sunset_rows(plan))
    else:
        lines += [escape(plan.sunset_none), ""]
    if plan.overrides:
        lines += [
            f"### {escape(plan.label('headings.overrides'))}",
            "",
            escape(plan.label("overrides.intro")),
            "",
        ]
        lines += _table(ru.headers(plan, *ru.OVERRIDE_COLUMNS), ru.override_rows(plan))
    lines += [f"### {escape(plan.label('headings.sources'))}", ""]
    lines += _table(ru.headers(plan, *ru.SOURCE_COLUMNS), ru.source_rows(plan))
    return "\n".join(lines).rstrip() + "\n"
