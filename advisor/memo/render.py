"""One entry point for the memo's three formats, and what every renderer shares."""

from __future__ import annotations

from advisor.memo.model import Memo
from advisor.textsafe import clean_data

FORMATS = {
    "md": ("text/markdown", ".md"),
    "html": ("text/html", ".html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
}


def clean_memo(memo: Memo) -> Memo:
    """The memo with every text cleaned of escapes, control and direction-override characters
    (a dossier name or decision note is typed by a user; Word refuses control characters)."""
    return Memo.model_validate(clean_data(memo.model_dump()))


def render(memo: Memo, fmt: str) -> bytes:
    """The memo in ``fmt`` (md, html or docx) as bytes (UTF-8 for the text formats)."""
    if fmt == "md":
        from advisor.memo.render_md import render_markdown

        return render_markdown(memo).encode("utf-8")
    if fmt == "html":
        from advisor.memo.render_html import render_html

        return render_html(memo).encode("utf-8")
    if fmt == "docx":
        from advisor.memo.render_docx import render_docx

        return render_docx(memo)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
