"""The plan as one self-contained HTML file: inline CSS, a table of contents with links, citations
that jump to the source, and print rules (the summary and each part on a page of its own).

Every text is passed through ``html.escape``: organisation names and segment labels come from users.
"""

from __future__ import annotations

from html import escape

from advisor.plan.layout import Bullets, Contents, Cover, Heading, PageBreak, Para, Runs, Table, layout
from advisor.plan.model import Plan

CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe3; --accent: #1f5f8b; --soft: #eef3f8; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 980px; margin: 0 auto; padding: 32px 28px 64px; }
h1 { font-size: 30px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 23px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 19px; margin: 28px 0 8px; }
h4 { font-size: 15px; margin: 18px 0 4px; }
.subtitle { font-size: 17px; font-weight: 600; margin: 0 0 8px; }
.note, .meta { color: var(--muted); }
.meta { font-size: 13.5px; margin: 2px 0; }
ul { padding-left: 20px; margin: 6px 0; }
li { margin: 4px 0; }
a { color: var(--accent); }
a.ref { text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: var(--soft); }
table.cover th { width: 28%; }
nav.contents ul { list-style: none; padding-left: 0; }
nav.contents li.level-2 { padding-left: 20px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; line-height: 1.4; }
  table { font-size: 8.5pt; margin: 4px 0 8px; }
  th, td { padding: 2px 5px; }
  h2 { font-size: 16pt; margin: 18px 0 8px; }
  h3 { font-size: 13pt; margin: 14px 0 6px; }
  p, li { margin: 3px 0; }
  .page-break { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  @page { margin: 18mm 16mm; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _runs(runs: Runs) -> str:
    out = []
    for run in runs:
        text = _e(run.text)
        if run.url:
            text = f'<a href="{_e(run.url)}">{text}</a>'
        elif run.anchor:
            text = f'<a class="ref" href="#{_e(run.anchor)}">{text}</a>'
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.italic:
            text = f"<em>{text}</em>"
        out.append(text)
    return "".join(out)


def _table(table: Table, css: str = "") -> str:
    cols = "".join(f'<col style="width:{round(100 * w)}%">' for w in table.widths)
    head = "".join(f"<th>{_e(h)}</th>" for h in table.head)
    body = []
    for i, row in enumerate(table.rows):
        anchor = f' id="{_e(table.anchors[i])}"' if table.anchors else ""
        body.append(f"<tr{anchor}>" + "".join(f"<td>{_runs(c)}</td>" for c in row) + "</tr>")
    klass = f' class="{css}"' if css else ""
    rows = "".join(body)
    head_row = f"<thead><tr>{head}</tr></thead>"
    return f"<table{klass}><colgroup>{cols}</colgroup>{head_row}<tbody>{rows}</tbody></table>"


def _block(block: object, page_break: list[bool]) -> str:
    if isinstance(block, Cover):
        rows = "".join(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in block.rows)
        return (
            f"<h1>{_e(block.title)}</h1>"
            f'<p class="subtitle">{_e(block.subtitle)}</p>'
            f'<table class="cover"><tbody>{rows}</tbody></table>'
            f'<p class="note">{_e(block.note)}</p>'
        )
    if isinstance(block, PageBreak):
        page_break[0] = True
        return ""
    if isinstance(block, Heading):
        level = block.level + 1
        klass = ' class="page-break"' if page_break[0] else ""  # where Word breaks the page too
        page_break[0] = False
        if block.level == 2 and block.anchor.startswith("segment-"):
            # a group's chapter: its anchor on the section, so the heading reads plainly
            return f'<section id="{_e(block.anchor)}"></section><h{level}>{_e(block.text)}</h{level}>'
        return f'<h{level} id="{_e(block.anchor)}"{klass}>{_e(block.text)}</h{level}>'
    if isinstance(block, Para):
        klass = f' class="{block.style}"' if block.style else ""
        return f"<p{klass}>{_runs(block.runs)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_runs(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Contents):
        items = "".join(
            f'<li class="level-{level}"><a href="#{_e(anchor)}">{_e(text)}</a></li>'
            for level, text, anchor in block.entries
        )
        return f'<nav class="contents"><ul>{items}</ul></nav>'
    raise TypeError(type(block))


def render_html(plan: Plan) -> str:
    document = layout(plan)
    page_break = [False]
    body = "\n".join(part for part in (_block(b, page_break) for b in document.blocks) if part)
    return (
        f'<!DOCTYPE html>\n<html lang="{document.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(document.html_title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
