"""The memo as Markdown: headings, paragraphs, tables and lists; every text is escaped."""

from __future__ import annotations

from advisor.markup import escape_markdown as escape
from advisor.memo.model import Memo, Section, Table
from advisor.memo.render import clean_memo
from advisor.plan.render_util import safe_cell


def _table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in table.head) + " |", "|" + "---|" * len(table.head)]
    lines += ["| " + " | ".join(escape(safe_cell(cell)) for cell in row) + " |" for row in table.rows]
    return [*lines, ""]


def _section(section: Section) -> list[str]:
    lines = [f"## {escape(section.heading)}", ""]
    if section.lead:
        lines += [f"**{escape(section.lead)}**", ""]
    for paragraph in section.paragraphs:
        lines += [escape(paragraph), ""]
    if section.table is not None:
        lines += _table(section.table)
    for entry in section.entries:
        lines.append(f"- {escape(entry.text)}")
        lines += [f"  - *{escape(note)}*" for note in entry.notes]
    if section.entries:
        lines.append("")
    for note in section.notes:
        lines += [f"*{escape(note)}*", ""]
    return lines


def render_markdown(memo: Memo) -> str:
    memo = clean_memo(memo)
    lines = [f"# {escape(memo.title)}", "", f"**{escape(memo.subtitle)}**", "", escape(memo.state), ""]
    for section in memo.sections:
        lines += _section(section)
    return "\n".join(lines).rstrip("\n") + "\n"
