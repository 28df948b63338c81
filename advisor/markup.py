"""Escaping of user-provided text for Markdown output (plans, dashboard captions)."""

from __future__ import annotations

import re

from advisor.textsafe import clean_text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~$])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally (no links, HTML, emphasis, maths or table breaks).

    Escapes, control and direction-override characters are removed as well (see textsafe).
    """
    return _SPECIAL.sub(r"\\\1", clean_text(text)).replace("\n", " ")
