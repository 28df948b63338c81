"""Staff voice: who answered, what they weigh, how they communicate now, what convinces them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from advisor.analysis.missing import availability
from advisor.analysis.preferred import preferred_platform
from advisor.i18n import t
from advisor.textsafe import clean_free_text
from advisor.ui import charts, state
from advisor.ui.common import language, show_chart, show_table, tr
from advisor.ui.components import counts_explained, missing_notice
from advisor.ui.formats import number, percent, shares_to_100

PREFERRED_SHOWN = 9  # options with their own row; the rest of the platforms as one row

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


def n_text(value: int) -> str:
    return number(value, lang, 0)


# --- respondents per segment (suppressed ones as such) -------------------------------------
st.subheader(tr("voice.respondents"))
rows = []
for key, group in s.segments.items():
    # a hidden group's size is never shown, not even as "fewer than k": it may be hidden only to
    # protect another one, and its size with the total would give the small group away
    rows.append(
        {
            tr("voice.segment"): labels[key],
            tr("voice.n"): tr("voice.hidden_size") if group.suppressed else n_text(group.n),
            tr("voice.status"): tr("voice.suppressed") if group.suppressed else tr("voice.shown"),
        }
    )
if s.hidden_together:
    rows.append({tr("voice.segment"): tr("voice.hidden_together"), tr("voice.n"): n_text(s.hidden_together)})
rows.append({tr("voice.segment"): tr("voice.total"), tr("voice.n"): n_text(s.total)})
st.dataframe(
    pd.DataFrame(rows).fillna(""),
    hide_index=True,
    width="stretch",
    column_config={tr("voice.n"): st.column_config.TextColumn(tr("voice.n"), alignment="right")},
)
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
counts_explained(s, bundle.result.report, lang, labels.get)
if not visible:
    st.warning(tr("voice.nothing_visible"))
    st.stop()

groups = [(labels[k], s.segments[k]) for k in visible] + [(org_label, s.organisation)]


def _weights() -> None:
    """Criterion weights per group, disagreement in its own table."""
    weight_rows = {labels[k]: s.segments[k].weights for k in visible if s.segments[k].weights}
    if s.organisation.weights:
        weight_rows[org_label] = s.organisation.weights
    if not s.has_weights:
        missing_notice(q, s.missing_questions["weights"], "notices.weights_missing", lang)
    elif weight_rows:
        st.caption(tr("screens.voice.weights_help"))
        weights = pd.DataFrame(weight_rows).T[s.criteria].rename(columns=crit_names)
        # whole percentages that add up to 100 per group, as the caption promises
        whole = weights.apply(lambda row: pd.Series(shares_to_100(row.to_dict())), axis=1)[weights.columns]
        show_chart(
            charts.heatmap(
                weights,
                zmin=0,
                zmax=float(np.nanmax(weights.to_numpy())),
                text=whole.map(lambda v: f"{v}%"),
            ),
            whole.rename(columns=lambda c: tr("screens.voice.weight_column", criterion=c)),
            "weights",
            charts.heatmap_summary(whole / 100, lang, tr("voice.weights")),
        )
        spread = pd.DataFrame(
            {
                labels[k]: {c: s.segments[k].disagreement[c]["std"] for c in s.criteria}
                for k in visible
                if s.segments[k].disagreement
            }
        ).T
        if not spread.empty:
            spread = spread.reindex(columns=s.criteria).rename(columns=crit_names).astype(float).round(1)
            with st.expander(tr("screens.voice.disagreement_title")):
                st.caption(tr("screens.voice.disagreement_help"))
                show_table(spread.rename(columns=lambda c: tr("screens.voice.spread_column", criterion=c)))
    else:
        st.info(tr("notices.no_weight_vectors", count=s.excluded_from_weights), icon=":material/info:")


def _landscape() -> None:
    """Channels in use, silos, risks and shadow IT."""
    channel_use = availability(bundle.result.answers, q, "landscape")
    if channel_use.missing:
        lead = "notices.landscape_partial" if channel_use.computable else "notices.landscape_missing"
        missing_notice(q, channel_use.missing, lead, lang, blocking=not channel_use.computable)
    if channel_use.computable:
        channel_names = {c.id: c.label(lang) for c in q.channels}
        regular = pd.DataFrame({label: g.landscape.regular for label, g in groups if g.landscape}).T
        regular = regular.reindex(columns=q.channel_ids).rename(columns=channel_names)
        st.caption(tr("voice.landscape_help"))
        show_chart(
            charts.heatmap(regular, zmin=0, zmax=1, text=charts.percent_text(regular, lang)),
            (regular * 100).round(1),
            "channels",
            charts.heatmap_summary(regular, lang, tr("voice.landscape_help")),
        )

    left, right = st.columns(2)
    if channel_use.computable:
        with left:
            st.markdown(f"**{tr('voice.silos')}**")
            st.caption(tr("voice.silos_help"))
            if s.overlap is not None and len(visible) > 1:
                overlap = s.overlap.rename(index=labels, columns=labels)
                show_chart(
                    charts.heatmap(overlap, zmin=0, zmax=1, text=charts.percent_text(overlap, lang)),
                    (overlap * 100).round(0),
                    "overlap",
                    tr("screens.voice.overlap_summary", pairs=len(s.silos)),
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
                if g.landscape
            }
        ).T
        show_chart(
            charts.heatmap(risk_table, zmin=0, zmax=1, text=charts.percent_text(risk_table, lang)),
            (risk_table * 100).round(1),
            "risks",
            charts.heatmap_summary(risk_table, lang, tr("voice.risks")),
        )
        if channel_use.computable:
            fragmentation = pd.DataFrame(
                {
                    tr("voice.regular_channels"): [len(g.landscape.regular_channels) for _, g in groups],
                    tr("voice.effective_channels"): [
                        round(g.landscape.effective_channels, 1) for _, g in groups
                    ],
                },
                index=[label for label, _ in groups],
            )
            show_table(fragmentation, static=True)


def _attitude() -> None:
    """What convinces and what worries, and the willingness to switch."""
    attitude_missing = s.missing_questions.get("attitudes", ())
    if attitude_missing:
        missing_notice(q, attitude_missing, "notices.attitude_missing", lang, blocking=False)
    for question_id in ("convincers", "concerns"):
        if question_id not in q.by_id or question_id in attitude_missing:
            continue
        question = q[question_id]
        table = pd.DataFrame(
            {
                label: {
                    question.label(o, lang): getattr(g, question_id)[str(o)].share for o in question.values
                }
                for label, g in groups
                if getattr(g, question_id)
            }
        ).T
        st.markdown(f"**{question.text.get(lang)}**")
        if table.empty:
            continue
        st.caption(tr("screens.voice.share_choosing_help"))
        show_chart(
            # the options (long labels) on the rows, the groups across
            charts.heatmap(table, zmin=0, zmax=1, text=charts.percent_text(table, lang), transpose=True),
            (table * 100).round(1),
            question_id,
            charts.heatmap_summary(table, lang, question.text.get(lang)),
        )
    if "willingness" in q.by_id and "willingness" not in attitude_missing:
        shown = [(label, g.willingness) for label, g in groups if g.willingness]
        willing = pd.DataFrame(
            {
                tr("voice.willing_mean"): [round(w.mean, 2) for _, w in shown],
                tr("voice.willing_high"): [percent(w.share_high, lang) for _, w in shown],
            },
            index=[label for label, _ in shown],
        )
        st.markdown(f"**{q['willingness'].text.get(lang)}**")
        show_table(willing, static=True)


def _preferred_table(result: object) -> pd.DataFrame:
    """Options (rows, the most preferred first) by group and organisation (columns), as shares."""
    question = q["preferred_platform"]
    columns = {labels[k]: v for k, v in result.groups.items() if v is not None}
    if result.organisation is not None:
        columns[org_label] = result.organisation
    table = pd.DataFrame({c: {o: v[o].share for o in result.options} for c, v in columns.items()})
    table = table.loc[list(result.options)]
    chosen = table[(table > 0).any(axis=1)]
    named = [o for o in chosen.index if o not in ("none", "other")][:PREFERRED_SHOWN]
    rest = [o for o in chosen.index if o not in named and o not in ("none", "other")]
    rows = {question.label(o, lang): chosen.loc[o] for o in named}
    if rest:
        rows[tr("screens.voice.preferred_rest", count=len(rest))] = chosen.loc[rest].sum()
    for o in ("other", "none"):
        if o in chosen.index:
            rows[question.label(o, lang)] = chosen.loc[o]
    return pd.DataFrame(rows).T


def _preferred() -> None:
    """The platform each group would rather use (through the anonymity engine)."""
    st.markdown(f"**{q['preferred_platform'].text.get(lang)}**")
    preferred = preferred_platform(bundle.result.answers, q, s)
    if preferred is None:
        missing_notice(q, ["preferred_platform"], "notices.attitude_missing", lang, blocking=False)
    elif preferred.organisation is None and not any(preferred.groups.values()):
        st.info(tr("screens.voice.preferred_withheld_all", k=s.min_group), icon=":material/visibility_off:")
    else:
        table = _preferred_table(preferred)
        st.caption(tr("screens.voice.preferred_help"))
        show_chart(
            charts.heatmap(
                table,
                zmin=0,
                zmax=float(np.nanmax(table.to_numpy())),
                text=charts.percent_text(table, lang),
                transpose=False,
            ),
            (table * 100).round(1),
            "preferred",
            charts.heatmap_summary(table.T, lang, q["preferred_platform"].text.get(lang)),
        )
        if preferred.withheld:
            st.caption(
                tr(
                    "screens.voice.preferred_withheld",
                    segments=", ".join(labels[k] for k in preferred.withheld),
                    k=s.min_group,
                )
            )


# per section: its tab's short name (all four fit a phone's width), its heading (the full
# question) and what draws it
SECTIONS = {
    "weights": ("screens.voice.tabs.weights", "voice.weights", _weights),
    "landscape": ("screens.voice.tabs.landscape", "voice.landscape", _landscape),
    "attitude": ("screens.voice.tabs.attitude", "voice.attitude", _attitude),
    "preferred": ("screens.voice.tabs.preferred", "speed.voice.preferred_tab", _preferred),
}


@st.fragment
def _sections() -> None:
    """One section at a time (lazy tabs): opening the page builds and draws only the weights, so
    the first chart comes first; another tab reruns this part alone and draws only that section."""
    shown = [k for k in SECTIONS if k != "preferred" or "preferred_platform" in q.by_id]
    tabs = st.tabs([tr(SECTIONS[k][0]) for k in shown], key="voice_section", on_change="rerun")
    for key, tab in zip(shown, tabs, strict=True):
        if tab.open:
            _, heading, draw = SECTIONS[key]
            with tab:
                st.subheader(tr(heading))
                draw()


_sections()

if s.organisation.comments:
    with st.expander(tr("voice.comments", count=len(s.organisation.comments))):
        st.caption(tr("voice.comments_help"))
        for comment in s.organisation.comments:
            # plain text, never Markdown: a comment's link, image or heading stays inert text
            with st.container(border=True):
                st.text(clean_free_text(comment))
