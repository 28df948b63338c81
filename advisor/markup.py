"""Escaping of user-provided text for Markdown output (plans, dashboard captions)."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~$])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally (no links, HTML, emphasis, maths or table breaks)."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
