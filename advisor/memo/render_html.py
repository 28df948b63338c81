"""The memo as one self-contained HTML file: inline CSS, no scripts, prints on A4.

Every text is passed through ``html.escape``: dossier names and decision notes come from users.
"""

from __future__ import annotations

from html import escape

from advisor.memo.model import Memo, Section, Table
from advisor.memo.render import clean_memo
from advisor.plan.render_util import safe_cell

CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe3; --accent: #1f5f8b; --soft: #eef3f8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 860px; margin: 0 auto; padding: 32px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 19px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
.subtitle { font-size: 16px; font-weight: 600; margin: 0 0 4px; }
.state, .note, .source { color: var(--muted); }
.source { display: block; font-size: 12.5px; overflow-wrap: anywhere; }
p.lead { font-weight: 700; }
ul { padding-left: 20px; margin: 6px 0; }
li { margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.3; }
  h1 { font-size: 16pt; }
  h2 { font-size: 11.5pt; margin: 10pt 0 3pt; break-after: avoid; page-break-after: avoid; }
  p { margin: 3pt 0; }
  table { font-size: 8.5pt; margin: 4pt 0 6pt; }
  th, td { padding: 1.5pt 5pt; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  @page { size: A4; margin: 13mm 15mm; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _table(table: Table) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in table.head)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(safe_cell(cell))}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _section(section: Section) -> str:
    out = [f'<section id="{_e(section.id)}">', f"<h2>{_e(section.heading)}</h2>"]
    if section.lead:
        out.append(f'<p class="lead">{_e(section.lead)}</p>')
    out += [f"<p>{_e(p)}</p>" for p in section.paragraphs]
    if section.table is not None:
        out.append(_table(section.table))
    if section.entries:
        items = "".join(
            f"<li>{_e(e.text)}" + "".join(f'<span class="source">{_e(n)}</span>' for n in e.notes) + "</li>"
            for e in section.entries
        )
        out.append(f"<ul>{items}</ul>")
    out += [f'<p class="note">{_e(n)}</p>' for n in section.notes]
    out.append("</section>")
    return "".join(out)


def render_html(memo: Memo) -> str:
    memo = clean_memo(memo)
    body = [
        f"<h1>{_e(memo.title)}</h1>",
        f'<p class="subtitle">{_e(memo.subtitle)}</p>',
        f'<p class="state">{_e(memo.state)}</p>',
        *(_section(s) for s in memo.sections),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{memo.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(memo.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
