"""Dashboard pieces used on more than one page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd
import streamlit as st

from advisor.analysis.missing import question_texts
from advisor.catalog import Catalog, score_platform
from advisor.i18n import t
from advisor.markup import escape_markdown
from advisor.survey.questionnaire import Questionnaire

DATA_PAGE = Path(__file__).resolve().parent / "pages" / "data.py"  # where the mapping wizard lives


def data_page_link(lang: str, label_key: str = "notices.data_link") -> None:
    st.page_link(DATA_PAGE, label=t(label_key, lang), icon=":material/upload_file:")


def missing_notice(
    questionnaire: Questionnaire,
    question_ids: Iterable[str],
    lead_key: str,
    lang: str,
    *,
    blocking: bool = True,
) -> None:
    """Say which questions the data does not answer (by their text, never ids) and where to fix it.

    ``blocking``: the part cannot be shown at all (a warning); otherwise it is shown in part (info).
    """
    items = "\n".join(
        f"- {escape_markdown(text)}" for text in question_texts(questionnaire, question_ids, lang)
    )
    body = f"{t(lead_key, lang)}\n\n{items}\n\n{t('notices.fix_on_data_page', lang)}"
    if blocking:
        st.warning(body, icon=":material/help:")
    else:
        st.info(body, icon=":material/info:")
    data_page_link(lang)


def demo_banner(organisation: str, lang: str) -> None:
    """On every dashboard page while the demo is in use: these are not the user's figures."""
    st.info(t("notices.demo_banner", lang, name=escape_markdown(organisation)), icon=":material/science:")
    data_page_link(lang, "notices.demo_link")


@lru_cache(maxsize=256)
def _facts_frame(catalog: Catalog, platform_id: str, lang: str, today: dt.date) -> pd.DataFrame:
    platform = catalog.platform(platform_id)
    stale_after = catalog.rubric.stale_after_days
    scores = score_platform(catalog, platform)
    rows = []
    for criterion in catalog.criteria:
        for part in scores[criterion.id].indicators:
            _, indicator = catalog.indicators[part.indicator_id]
            level = indicator.scale.get(part.value)
            rows.append(
                {
                    t("catalog.criterion", lang): criterion.name.get(lang),
                    t("catalog.indicator", lang): indicator.name.get(lang),
                    t("catalog.value", lang): level.label(lang) if level else t("evidence.unknown", lang),
                    t("catalog.score", lang): part.score,
                    t("catalog.evidence", lang): t(f"evidence.{part.evidence}", lang),
                    t("catalog.checked", lang): part.fact.checked,
                    t("catalog.stale", lang): (today - part.fact.checked).days > stale_after,
                    t("catalog.source", lang): part.fact.source,
                    t("catalog.note", lang): part.fact.note,
                }
            )
    return pd.DataFrame(rows)


def facts_table(catalog: Catalog, platform_id: str, lang: str, highlight: bool = True) -> None:
    """Every indicator fact of one platform: value, score, verification, date, source; stale marked.

    ``highlight`` colours stale rows (a pandas Styler: worth it on the catalogue page, too slow
    for the Compare page, which re-renders on every slider move and shows a stale column instead).
    """
    platform = catalog.platform(platform_id)
    if platform.retired and platform.lifecycle.migration:
        st.warning(f"**{t('lifecycle.retired', lang)}** · {platform.lifecycle.migration.get(lang)}")
    st.markdown(f"**{t('catalog.pricing', lang)}:** {platform.pricing_note.get(lang)}")
    stale_after = catalog.rubric.stale_after_days
    facts = _facts_frame(catalog, platform_id, lang, dt.date.today())
    stale_column = t("catalog.stale", lang)
    shown = (
        facts.style.apply(
            lambda r: ["background-color: #fde6c8" if r[stale_column] else "" for _ in r], axis=1
        )
        if highlight
        else facts
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("catalog.source", lang): st.column_config.LinkColumn(t("catalog.source", lang)),
            t("catalog.score", lang): st.column_config.NumberColumn(t("catalog.score", lang), format="%.1f"),
            t("catalog.checked", lang): st.column_config.DateColumn(t("catalog.checked", lang)),
        },
    )
    stale_count = int(facts[stale_column].sum())
    if stale_count:
        st.warning(t("catalog.stale_count", lang, count=stale_count, days=stale_after))
    for criterion_id, override in platform.overrides.items():
        st.info(
            t(
                "catalog.override_shown",
                lang,
                criterion=catalog.criterion(criterion_id).name.get(lang),
                score=override.score,
                reason=override.justification,
            ),
            icon=":material/edit_note:",
        )
