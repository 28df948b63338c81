"""The plan as Markdown: the layout's blocks as headings, paragraphs, lists and tables; every text
from the data is escaped, and links to sources stay plain numbers (Markdown has no page anchors
that every viewer follows)."""

from __future__ import annotations

from advisor.markup import escape_markdown as escape
from advisor.plan.layout import Bullets, Contents, Cover, Heading, PageBreak, Para, Runs, Table, layout
from advisor.plan.model import Plan


def _runs(runs: Runs) -> str:
    out = []
    for run in runs:
        text = escape(run.text)
        if run.url and run.text.strip():
            text = f"[{text}]({run.url})"
        if run.bold and run.text.strip():
            text = f"**{text.strip()}** " if text.endswith(" ") else f"**{text}**"
        elif run.italic and run.text.strip():
            text = f"*{text}*"
        out.append(text)
    return "".join(out).strip()


def _table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in table.head) + " |", "|" + "---|" * len(table.head)]
    lines += ["| " + " | ".join(_runs(cell) for cell in row) + " |" for row in table.rows]
    return [*lines, ""]


def render_markdown(plan: Plan) -> str:
    document = layout(plan)
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Cover):
            lines += [f"# {escape(block.title)}", "", f"**{escape(block.subtitle)}**", ""]
            lines += [f"- **{escape(label)}:** {escape(value)}" for label, value in block.rows]
            lines += ["", f"*{escape(block.note)}*", ""]
        elif isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 1)} {escape(block.text)}", ""]
        elif isinstance(block, Para):
            text = _runs(block.runs)
            lines += [f"*{text}*" if block.style == "note" else text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {_runs(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Contents):
            lines += [f"{'  ' * (level - 1)}- {escape(text)}" for level, text, _ in block.entries] + [""]
        elif isinstance(block, PageBreak):
            continue
    return "\n".join(lines).rstrip() + "\n"
