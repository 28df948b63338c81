"""One entry point for the three formats, with their file suffixes and MIME types."""

from __future__ import annotations

from advisor.plan.model import Plan

FORMATS = {
    "md": ("text/markdown", ".md"),
    "html": ("text/html", ".html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
}


def render(plan: Plan, fmt: str) -> bytes:
    """The plan in ``fmt`` (md, html or docx) as bytes (UTF-8 for the text formats)."""
    if fmt == "md":
        from advisor.plan.render_md import render_markdown

        return render_markdown(plan).encode("utf-8")
    if fmt == "html":
        from advisor.plan.render_html import render_html

        return render_html(plan).encode("utf-8")
    if fmt == "docx":
        from advisor.plan.render_docx import render_docx

        return render_docx(plan)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
