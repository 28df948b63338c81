"""Catalogue page: every platform with lifecycle, derived scores, facts, sources, stale facts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from advisor.catalog import score_platform
from advisor.i18n import t
from advisor.ui.common import catalog, language, tr

lang = language()
cat = catalog()
st.title(tr("catalog.title"))
st.caption(tr("catalog.intro"))

rows = []
for platform in cat.platforms:
    scores = score_platform(cat, platform)
    row = {
        tr("catalog.platform"): platform.name,
        tr("catalog.vendor"): f"{platform.vendor} ({platform.vendor_country})",
        tr("catalog.lifecycle"): (
            t("lifecycle.retired_since", lang, date=platform.lifecycle.retired_on.isoformat())
            if platform.retired else t("lifecycle.active", lang)
        ),
    }
    for criterion in cat.criteria:
        item = scores[criterion.id]
        row[criterion.name.get(lang)] = round(item.score, 1)
    checked = sum(f.verified for f in platform.facts.values())
    row[tr("catalog.verified_share")] = f"{checked}/{len(platform.facts)}"
    rows.append(row)
table = pd.DataFrame(rows)
st.dataframe(
    table, hide_index=True, width="stretch",
    column_config={c.name.get(lang): st.column_config.ProgressColumn(
        c.name.get(lang), min_value=0, max_value=10, format="%.1f") for c in cat.criteria},
)
st.caption(tr("catalog.legend", marker=tr("catalog.override_marker")) + " " + tr("catalog.retired_note"))

st.subheader(tr("catalog.facts_title"))
names = {p.id: p.name for p in cat.platforms}
chosen = st.selectbox(tr("catalog.choose_platform"), list(names), format_func=names.get, key="catalog_platform")
platform = cat.platform(chosen)
if platform.retired and platform.lifecycle.migration:
    st.warning(f"**{t('lifecycle.retired', lang)}** · {platform.lifecycle.migration.get(lang)}")
st.markdown(f"**{tr('catalog.pricing')}:** {platform.pricing_note.get(lang)}")
today = dt.date.today()
stale_after = cat.rubric.stale_after_days
fact_rows = []
for criterion in cat.criteria:
    for part in score_platform(cat, platform)[criterion.id].indicators:
        _, indicator = cat.indicators[part.indicator_id]
        level = indicator.scale.get(part.value)
        fact_rows.append({
            tr("catalog.criterion"): criterion.name.get(lang),
            tr("catalog.indicator"): indicator.name.get(lang),
            tr("catalog.value"): level.label(lang) if level else t("evidence.unknown", lang),
            tr("catalog.score"): part.score,
            tr("catalog.evidence"): t(f"evidence.{part.evidence}", lang),
            tr("catalog.checked"): part.fact.checked,
            tr("catalog.stale"): (today - part.fact.checked).days > stale_after,
            tr("catalog.source"): part.fact.source,
            tr("catalog.note"): part.fact.note,
        })
facts = pd.DataFrame(fact_rows)
stale_column = tr("catalog.stale")
st.dataframe(
    facts.style.apply(
        lambda r: ["background-color: #fde6c8" if r[stale_column] else "" for _ in r], axis=1
    ),
    hide_index=True, width="stretch",
    column_config={tr("catalog.source"): st.column_config.LinkColumn(tr("catalog.source")),
                   tr("catalog.score"): st.column_config.NumberColumn(tr("catalog.score"), format="%.1f"),
                   tr("catalog.checked"): st.column_config.DateColumn(tr("catalog.checked"))},
)
stale_count = int(facts[stale_column].sum())
if stale_count:
    st.warning(tr("catalog.stale_count", count=stale_count, days=stale_after))
for criterion_id, override in platform.overrides.items():
    st.info(tr("catalog.override_shown", criterion=cat.criterion(criterion_id).name.get(lang),
               score=override.score, reason=override.justification))
