"""The plan as one self-contained HTML file: inline CSS, prints well (each group on a new page).

Every text is passed through ``html.escape``: organisation names and segment labels come from users.
"""

from __future__ import annotations

from html import escape

from advisor.plan import render_util as ru
from advisor.plan.model import Evidence, Guideline, Item, Plan, SegmentPlan

CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe3; --accent: #1f5f8b; --soft: #eef3f8; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 980px; margin: 0 auto; padding: 32px 28px 64px; }
h1 { font-size: 30px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 23px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 19px; margin: 28px 0 8px; }
h4 { font-size: 15px; margin: 20px 0 6px; text-transform: uppercase; letter-spacing: .04em;
     color: var(--muted); }
.subtitle { font-size: 17px; font-weight: 600; margin: 0 0 8px; }
.note, .meta { color: var(--muted); }
ul { padding-left: 20px; margin: 6px 0; }
li { margin: 5px 0; }
.evidence { display: block; color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.detail { display: block; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); }
td.url { overflow-wrap: anywhere; font-size: 12px; }
.guideline { border-left: 4px solid var(--accent); background: var(--soft); padding: 8px 12px; margin: 10px 0;
             break-inside: avoid; }
.guideline .title { font-weight: 700; }
.why { font-size: 13.5px; margin-top: 4px; }
.bar { background: var(--soft); height: 12px; width: 160px; display: inline-block; vertical-align: middle; }
.bar span { background: var(--accent); height: 12px; display: block; }
.wave { display: inline-block; padding: 1px 8px; border-radius: 10px; background: var(--soft);
        font-size: 12.5px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.segment, section.organisation { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, .guideline { break-inside: avoid; page-break-inside: avoid; }
  .bar, .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 18mm 16mm; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _table(head: list[str], rows: list[list[str]], url_column: int | None = None) -> str:
    cells = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = []
    for row in rows:
        tds = "".join(
            f'<td class="url">{_e(ru.safe_cell(c))}</td>'
            if i == url_column
            else f"<td>{_e(ru.safe_cell(c))}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{tds}</tr>")
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _evidence(evidence: tuple[Evidence, ...]) -> str:
    return "".join(f'<span class="evidence">{_e(e.text)}</span>' for e in evidence)


def _item(item: Item) -> str:
    detail = f' <span class="detail">{_e(item.detail)}</span>' if item.detail else ""
    return f"<li>{_e(item.text)}{detail}{_evidence(item.evidence)}</li>"


def _items(items: tuple[Item, ...]) -> str:
    return "<ul>" + "".join(_item(i) for i in items) + "</ul>"


def _guideline(plan: Plan, g: Guideline) -> str:
    parts = [
        '<div class="guideline">',
        f'<div class="title">{_e(g.title)}</div>',
        f"<div>{_e(g.text)}</div>",
        f'<div class="why"><strong>{_e(plan.label("guideline.why"))}:</strong> '
        f"{_e(ru.why_line(plan, g))}</div>",
    ]
    if g.capability:
        parts.append(
            f'<div class="why"><strong>{_e(plan.label("guideline.platform"))}:</strong> '
            f"{_e(g.capability.text)}{_evidence(g.capability.evidence)}</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _segment(plan: Plan, s: SegmentPlan) -> str:
    h = plan.label
    out = [
        f'<section class="segment" id="segment-{_e(s.key)}">',
        f"<h3>{_e(s.label)}</h3>",
        f'<p class="meta">{_e(s.intro)} · {_e(h("table.wave"))}: '
        f'<span class="wave">{_e(ru.wave_label(plan, s.wave))}</span></p>',
        f"<h4>{_e(h('headings.why'))}</h4>{_items(s.why)}",
        f"<h4>{_e(h('headings.convincers'))}</h4>{_items(s.convincers)}",
        f"<h4>{_e(h('headings.concerns'))}</h4>{_items(s.concerns)}",
        f"<h4>{_e(h('headings.channels'))}</h4>",
    ]
    if s.channels:
        out.append(f"<p>{_e(s.channels_intro)}</p>")
        out.append(_table(ru.headers(plan, "channel", "weekly", "move"), ru.channel_rows(plan, s)))
    else:
        out.append(f"<p>{_e(h('channels.none'))}</p>")
    out.append(f"<h4>{_e(h('headings.structure'))}</h4><p>{_e(h('structure.intro'))}</p>")
    out.append(_table(ru.headers(plan, "name", "purpose", "members", "posting"), ru.structure_rows(s)))
    if s.structure_note:
        out.append(_items((s.structure_note,)))
    out.append(f"<h4>{_e(h('headings.guidelines'))}</h4>")
    out += [_guideline(plan, g) for g in s.guidelines]
    if s.integrations:
        out.append(f"<h4>{_e(h('headings.integrations'))}</h4>{_items(s.integrations)}")
    out.append(f"<h4>{_e(h('headings.adopters'))}</h4>{_items((s.adopters, s.champions))}")
    out.append("</section>")
    return "".join(out)


def _willingness(plan: Plan) -> str:
    head = "".join(f"<th>{_e(x)}</th>" for x in ru.headers(plan, "segment", "willing", "wave"))
    rows = []
    for s in plan.segments:
        width = 0 if s.willing is None else round(100 * s.willing)
        bar = f'<span class="bar"><span style="width:{width}%"></span></span>'
        rows.append(
            f"<tr><td>{_e(s.label)}</td><td>{bar} {_e(ru.percent(s.willing))}</td>"
            f"<td>{_e(ru.wave_label(plan, s.wave))}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_html(plan: Plan) -> str:
    plan = ru.clean_plan(plan)
    h = plan.label
    body = [
        f"<h1>{_e(plan.title)}</h1>",
        f'<p class="subtitle">{_e(plan.subtitle)}</p>',
        f'<p class="note">{_e(plan.generated)}</p>',
        f"<h2>{_e(h('headings.summary'))}</h2>",
        "".join(f"<p>{_e(ru.item_text(i))}</p>" for i in plan.summary),
        _willingness(plan),
        f"<h2>{_e(h('headings.segments'))}</h2>",
        "".join(_segment(plan, s) for s in plan.segments),
    ]
    if plan.other_staff:
        body.append(
            f'<section class="segment" id="other-staff"><h3>{_e(h("headings.other_staff"))}</h3>'
            f"<p>{_e(plan.other_staff.intro)}</p><h4>{_e(h('headings.guidelines'))}</h4>"
            + "".join(_guideline(plan, g) for g in plan.other_staff.guidelines)
            + "</section>"
        )
    body.append(f'<section class="organisation"><h2>{_e(h("headings.organisation"))}</h2>')
    for key, head, rows in ru.organisation_tables(plan):
        body.append(f"<h3>{_e(h(f'headings.{key}'))}</h3>{_table(head, rows)}")
    body.append(f"<h3>{_e(h('headings.sunset'))}</h3>")
    if plan.sunset:
        body.append(_table(ru.headers(plan, "tool", "plan", "when"), ru.sunset_rows(plan)))
    else:
        body.append(f"<p>{_e(plan.sunset_none)}</p>")
    if plan.overrides:
        body.append(f'<h3 id="overrides">{_e(h("headings.overrides"))}</h3><p>{_e(h("overrides.intro"))}</p>')
        body.append(_table(ru.headers(plan, *ru.OVERRIDE_COLUMNS), ru.override_rows(plan)))
    body.append(f"<h3>{_e(h('headings.sources'))}</h3>")
    body.append(_table(ru.headers(plan, *ru.SOURCE_COLUMNS), ru.source_rows(plan), 2))
    body.append("</section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{plan.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(plan.title)} · {_e(plan.organisation)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
