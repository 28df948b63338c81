"""Numbers, percentages and dates as the interface language writes them (no Streamlit here).

Dutch writes a decimal comma and a thousands dot (``22.536,5``, ``2,73``, ``18%``) and dates as
``2-12-2026``; English writes ``22,536.5`` and ISO dates. Plotly gets the same separators
(:data:`PLOTLY_SEPARATORS`), so a chart and the sentence under it agree.
"""

from __future__ import annotations

import datetime as dt
import math

from advisor.i18n import normalise_language

PLOTLY_SEPARATORS = {"nl": ",.", "en": ".,"}  # decimal, then thousands (plotly's layout.separators)
DATE_INPUT_FORMAT = {"nl": "DD-MM-YYYY", "en": "YYYY-MM-DD"}  # st.date_input / DateColumn


def number(value: float | None, lang: str | None, digits: int = 1) -> str:
    """``2.73`` -> ``2,73`` in Dutch; thousands grouped; "–" for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{digits}f}"
    if normalise_language(lang) == "nl":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def percent(share: float | None, lang: str | None, digits: int = 0) -> str:
    """A share (0-1) as a percentage: ``0.266`` -> ``27%``; Dutch ``26,6%`` with one digit."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return number(100 * share, lang, digits) + "%"


def date(value: dt.date | None, lang: str | None) -> str:
    """``2026-12-02`` in English, ``2-12-2026`` in Dutch."""
    if value is None:
        return "–"
    if normalise_language(lang) == "nl":
        return f"{value.day}-{value.month}-{value.year}"
    return value.isoformat()


def shares_to_100(shares: dict[str, float]) -> dict[str, int]:
    """Whole percentages that add up to exactly 100 (largest remainder), for weights shown as %."""
    total = sum(shares.values())
    if total <= 0:
        return dict.fromkeys(shares, 0)
    exact = {k: 100 * v / total for k, v in shares.items()}
    whole = {k: math.floor(v) for k, v in exact.items()}
    short = 100 - sum(whole.values())
    for k in sorted(exact, key=lambda k: (whole[k] - exact[k], k))[:short]:
        whole[k] += 1
    return whole
