"""Catalogue page: every platform with lifecycle, derived scores, facts with their sources, plans."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisor.catalog import score_platform
from advisor.catalog.coverage import platform_coverage
from advisor.catalog.options import Option
from advisor.i18n import t
from advisor.scoring.overrides import option_overrides
from advisor.ui import state
from advisor.ui.common import language, tr
from advisor.ui.components import decimal_format, facts_table, overrides_notice
from advisor.ui.formats import number

lang = language()
cat = state.current_catalog()
st.title(tr("catalog.title"))
st.caption(tr("catalog.intro"))

rows = []
for platform in cat.platforms:
    scores = score_platform(cat, platform)
    row = {
        tr("catalog.platform"): platform.name + (" *" if platform.overrides else ""),
        tr("catalog.vendor"): f"{platform.vendor} ({platform.vendor_country})",
        tr("catalog.lifecycle"): (
            t("lifecycle.retired_since", lang, date=platform.lifecycle.retired_on.isoformat())
            if platform.retired
            else t("lifecycle.active", lang)
        ),
    }
    for criterion in cat.criteria:
        item = scores[criterion.id]
        row[criterion.name.get(lang)] = round(item.score, 1)
    coverage = platform_coverage(platform)  # base facts, plan facts and prices, as `catalog check` counts
    row[tr("catalog.verified_share")] = f"{coverage.verified}/{coverage.facts}"
    rows.append(row)
table = pd.DataFrame(rows)
with st.container(key="wide_catalog"):
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            c.name.get(lang): st.column_config.ProgressColumn(
                c.name.get(lang), min_value=0, max_value=10, format=decimal_format(lang)
            )
            for c in cat.criteria
        },
    )
with st.container(key="narrow_catalog"):
    # a phone shows two of the nine columns above: here one criterion at a time, every platform
    criterion_names = {c.id: c.name.get(lang) for c in cat.criteria}
    criterion = st.selectbox(
        tr("screens.catalog.phone_criterion"),
        list(criterion_names),
        format_func=criterion_names.get,
        key="catalog_phone_criterion",
    )
    platform_column = tr("catalog.platform")
    phone = table[[platform_column, criterion_names[criterion]]].copy()
    retired = {p.name + (" *" if p.overrides else "") for p in cat.platforms if p.retired}
    phone[platform_column] = phone[platform_column].map(
        lambda name: tr("screens.catalog.retired_name", name=name) if name in retired else name
    )
    phone = phone.sort_values(criterion_names[criterion], ascending=False)
    phone[criterion_names[criterion]] = phone[criterion_names[criterion]].map(lambda v: number(v, lang, 1))
    st.table(phone.set_index(platform_column))
st.caption(tr("catalog.legend", marker=tr("catalog.override_marker")) + " " + tr("catalog.retired_note"))
overrides_notice(cat, [o for p in cat.platforms for o in option_overrides(cat, Option.of(p))], lang)

st.subheader(tr("catalog.facts_title"))
names = {p.id: p.name for p in cat.platforms}
chosen = st.selectbox(
    tr("catalog.choose_platform"), list(names), format_func=names.get, key="catalog_platform"
)
facts_table(cat, chosen, lang)
