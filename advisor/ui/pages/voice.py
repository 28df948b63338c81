"""Staff voice: who answered, what they weigh, how they communicate now, what convinces them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from advisor.analysis.missing import availability
from advisor.i18n import t
from advisor.textsafe import clean_free_text
from advisor.ui import charts, state
from advisor.ui.common import language, show_chart, tr
from advisor.ui.components import missing_notice

lang = language()
bundle = state.survey_bundle()
st.title(tr("voice.title"))
if not bundle.ok:
    st.error(bundle.error)
    st.stop()
s, q = bundle.summary, bundle.questionnaire
catalog = state.current_catalog()
crit_names = {c.id: c.name.get(lang) for c in catalog.criteria}
for cid in s.criteria:
    crit_names.setdefault(
        cid, q[f"importance.{cid}"].text.get(lang) if f"importance.{cid}" in q.by_id else cid
    )
segment_question = q.segment_name(s.segment_by, lang)
st.caption(tr("voice.intro", segment=segment_question, k=s.min_group))

visible = s.visible_segments
labels = {k: bundle.segment_label(k, lang) for k in s.segments}
org_label = tr("scoring.organisation").capitalize()

# --- respondents per segment (suppressed ones as such) -------------------------------------
st.subheader(tr("voice.respondents"))
rows = []
for key, group in s.segments.items():
    # a hidden group's size is never shown, not even as "fewer than k": it may be hidden only to
    # protect another one, and its size with the total would give the small group away
    rows.append(
        {
            tr("voice.segment"): labels[key],
            tr("voice.n"): tr("voice.hidden_size") if group.suppressed else str(group.n),
            tr("voice.status"): tr("voice.suppressed") if group.suppressed else tr("voice.shown"),
        }
    )
if s.hidden_together:
    rows.append({tr("voice.segment"): tr("voice.hidden_together"), tr("voice.n"): str(s.hidden_together)})
rows.append({tr("voice.segment"): tr("voice.total"), tr("voice.n"): str(s.total)})
st.dataframe(pd.DataFrame(rows).fillna(""), hide_index=True, width="stretch")
if s.suppressed_segments:
    st.info(
        tr(
            "voice.suppressed_note",
            segments=", ".join(labels[k] for k in s.suppressed_segments),
            k=s.min_group,
        ),
        icon=":material/visibility_off:",
    )
withheld = [k for k in visible if set(s.segments[k].withheld) - {"comment"}]
if withheld:
    st.caption(tr("voice.withheld_note", segments=", ".join(labels[k] for k in withheld), k=s.min_group))
if any("comment" in s.segments[k].withheld for k in visible):
    st.caption(tr("voice.comments_withheld_note"))
if not visible:
    st.warning(tr("voice.nothing_visible"))
    st.stop()

# --- weights per segment with disagreement ---------------------------------------------------
st.subheader(tr("voice.weights"))
weight_rows = {labels[k]: s.segments[k].weights for k in visible if s.segments[k].weights}
if s.organisation.weights:
    weight_rows[org_label] = s.organisation.weights
if not s.has_weights:
    missing_notice(q, s.missing_questions["weights"], "notices.weights_missing", lang)
elif weight_rows:
    st.caption(tr("voice.weights_help"))
    weights = pd.DataFrame(weight_rows).T[s.criteria].rename(columns=crit_names)
    spread = pd.DataFrame(
        {
            labels[k]: {c: s.segments[k].disagreement[c]["std"] for c in s.criteria}
            for k in visible
            if s.segments[k].disagreement
        }
    ).T.reindex(weights.index)
    spread = spread.rename(columns=crit_names)
    text = weights.map(lambda v: f"{v:.0%}") + spread.map(lambda v: "" if pd.isna(v) else f" (±{v:.1f})")
    show_chart(
        charts.heatmap(weights, zmin=0, zmax=float(np.nanmax(weights.to_numpy())), text=text),
        pd.concat(
            {tr("voice.weight"): (weights * 100).round(1), tr("voice.disagreement"): spread.round(2)},
            axis=1,
        ),
        "weights",
    )
else:
    st.info(tr("notices.no_weight_vectors", count=s.excluded_from_weights), icon=":material/info:")

# --- the current landscape ----------------------------------------------------------------
st.subheader(tr("voice.landscape"))
channel_use = availability(bundle.result.answers, q, "landscape")
if channel_use.missing:
    lead = "notices.landscape_partial" if channel_use.computable else "notices.landscape_missing"
    missing_notice(q, channel_use.missing, lead, lang, blocking=not channel_use.computable)
if channel_use.computable:
    channel_names = {c.id: c.label(lang) for c in q.channels}
    regular = pd.DataFrame({labels[k]: s.segments[k].landscape.regular for k in visible}).T
    regular = regular.reindex(columns=q.channel_ids).rename(columns=channel_names)
    st.caption(tr("voice.landscape_help"))
    show_chart(
        charts.heatmap(regular, zmin=0, zmax=1, text=charts.percent_text(regular)),
        (regular * 100).round(1),
        "channels",
    )

left, right = st.columns(2)
if channel_use.computable:
    with left:
        st.markdown(f"**{tr('voice.silos')}**")
        st.caption(tr("voice.silos_help"))
        if s.overlap is not None and len(visible) > 1:
            overlap = s.overlap.rename(index=labels, columns=labels)
            show_chart(
                charts.heatmap(overlap, zmin=0, zmax=1, text=charts.percent_text(overlap)),
                (overlap * 100).round(0),
                "overlap",
            )
        if s.silos:
            for a, b in s.silos:
                st.warning(
                    tr("voice.silo_pair", a=labels[a], b=labels[b]), icon=":material/do_not_disturb_on:"
                )
        else:
            st.success(tr("voice.no_silos"))
with right:  # the risks rest on their own questions, not on channel use (except shadow IT)
    st.markdown(f"**{tr('voice.risks')}**")
    risk_keys = ["shadow_it", "ex_colleagues_in_groups", "wrong_recipient", "after_hours", "overload"]
    groups = [(labels[k], s.segments[k]) for k in visible] + [(org_label, s.organisation)]
    risk_table = pd.DataFrame(
        {
            label: {
                t(f"analysis.{r}", lang): (
                    g.landscape.shadow_it.share
                    if r == "shadow_it"
                    else g.landscape.risks[r].share
                    if r in g.landscape.risks
                    else np.nan
                )
                for r in risk_keys
            }
            for label, g in groups
        }
    ).T
    show_chart(
        charts.heatmap(risk_table, zmin=0, zmax=1, text=charts.percent_text(risk_table)),
        (risk_table * 100).round(1),
        "risks",
    )
    if channel_use.computable:
        fragmentation = pd.DataFrame(
            {
                tr("voice.regular_channels"): [len(g.landscape.regular_channels) for _, g in groups],
                tr("voice.effective_channels"): [round(g.landscape.effective_channels, 1) for _, g in groups],
            },
            index=[label for label, _ in groups],
        )
        st.dataframe(fragmentation, width="stretch")

# --- convincers, concerns, willingness -------------------------------------------------------
st.subheader(tr("voice.attitude"))
attitude_missing = s.missing_questions.get("attitudes", ())
if attitude_missing:
    missing_notice(q, attitude_missing, "notices.attitude_missing", lang, blocking=False)
for question_id in ("convincers", "concerns"):
    if question_id not in q.by_id or question_id in attitude_missing:
        continue
    question = q[question_id]
    table = pd.DataFrame(
        {
            labels[k]: {
                question.label(o, lang): getattr(s.segments[k], question_id)[str(o)].share
                for o in question.values
            }
            for k in visible
            if getattr(s.segments[k], question_id)
        }
    ).T
    st.markdown(f"**{question.text.get(lang)}**")
    show_chart(charts.grouped_bars(table, tr("voice.share_choosing")), (table * 100).round(1), question_id)
if "willingness" in q.by_id and "willingness" not in attitude_missing:
    willing = pd.DataFrame(
        {
            tr("voice.willing_mean"): [
                round(s.segments[k].willingness.mean, 2) for k in visible if s.segments[k].willingness
            ],
            tr("voice.willing_high"): [
                f"{s.segments[k].willingness.share_high:.0%}" for k in visible if s.segments[k].willingness
            ],
        },
        index=[labels[k] for k in visible if s.segments[k].willingness],
    )
    st.markdown(f"**{q['willingness'].text.get(lang)}**")
    st.dataframe(willing, width="stretch")

if s.organisation.comments:
    with st.expander(tr("voice.comments", count=len(s.organisation.comments))):
        st.caption(tr("voice.comments_help"))
        for comment in s.organisation.comments:
            # plain text, never Markdown: a comment's link, image or heading stays inert text
            with st.container(border=True):
                st.text(clean_free_text(comment))
