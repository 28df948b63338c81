"""User-facing texts in Dutch (default) and English: ``t("key", lang, **values)``.

Texts live in ``nl.yaml`` and ``en.yaml`` beside this file, plus one ``<area>_nl.yaml`` and
``<area>_en.yaml`` per area (e.g. ``survey_nl.yaml``), as nested mappings addressed with dotted keys.
Dutch is the default whenever the language is unknown. A missing key is a bug, so it raises.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from advisor.yamlio import load_yaml

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_HERE = Path(__file__).resolve().parent


def normalise_language(value: str | None) -> str:
    """'en-GB' -> 'en'; anything unknown or empty -> Dutch."""
    if not value:
        return DEFAULT_LANGUAGE
    code = value.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def default_language() -> str:
    return normalise_language(os.environ.get("ADVISOR_LANG"))


@cache
def _flat(lang: str) -> dict[str, str]:
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            flat[prefix] = str(node)

    # nl.yaml first, then each area's own file (e.g. survey_nl.yaml), in name order.
    for path in [_HERE / f"{lang}.yaml", *sorted(_HERE.glob(f"*_{lang}.yaml"))]:
        walk("", load_yaml(path) or {})
    return flat


def keys(lang: str) -> set[str]:
    return set(_flat(lang))


def t(key: str, lang: str | None = None, /, **values: Any) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = _flat(normalise_language(lang))[key]
    return text.format(**values) if values else text
