"""Compare platforms: weights (survey or adjusted), must-haves, ranking, uncertainty, sensitivity."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from advisor.i18n import t
from advisor.scoring import RANKING_SAMPLES, Ranking, criterion_name
from advisor.scoring.overrides import ranking_overrides
from advisor.scoring.prices import CURRENCIES, annual_text, price_text
from advisor.scoring.verdict import verdict
from advisor.ui import charts, projector, state
from advisor.ui.common import language, show_chart, tr
from advisor.ui.components import counts_explained, data_page_link, missing_notice, overrides_notice
from advisor.ui.formats import percent, shares_to_100

if TYPE_CHECKING:  # the type of a keyed expander (Streamlit's own module)
    from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

lang = language()
catalog = state.current_catalog()
criteria = catalog.criteria
names = {c.id: c.name.get(lang) for c in criteria}
bundle = state.survey_bundle()
projector.switch(lang)

st.title(tr("compare.title"))
st.caption(tr("compare.intro"))
with st.expander(tr("screens.compare.terms_title"), icon=":material/help:"):
    st.markdown(tr("screens.compare.terms"))
if bundle.ok:
    counts_explained(
        bundle.summary,
        bundle.result.report,
        lang,
        lambda key: bundle.segment_label(key, lang),
        samples=RANKING_SAMPLES,
    )

choices = state.weight_choices(bundle)
choice_keys = [c.key for c in choices]
survey_keys = [c.key for c in choices if c.source.kind == "survey"]
if not survey_keys:
    # no weights from the survey: say why; equal weights only if the user picks them (no default)
    summary = bundle.summary if bundle.ok else None
    if not bundle.ok:
        st.warning(tr("notices.no_survey_weights_error", error=bundle.error), icon=":material/help:")
        data_page_link(lang)
    elif not summary.has_weights:
        missing_notice(
            bundle.questionnaire, summary.missing_questions["weights"], "notices.weights_missing", lang
        )
    elif summary.organisation.suppressed:
        st.warning(tr("notices.no_survey_weights_hidden", k=summary.min_group), icon=":material/help:")
    else:
        st.warning(
            tr("notices.no_weight_vectors", count=summary.excluded_from_weights), icon=":material/help:"
        )
    st.info(tr("notices.no_survey_weights") + " " + tr("notices.equal_is_a_choice"), icon=":material/scale:")
if st.session_state.get("saved_choice") not in choice_keys:
    lost = st.session_state.get("saved_choice")
    if lost and state.dossier_state.current() is not None and bundle.ok:
        # the dossier's weights came from a group that is not shown now (threshold, other segment
        # question): say so; the choice below is the user's, never a silent replacement
        st.warning(tr("dossier.ui.weights_unavailable", source=lost), icon=":material/help:")
    st.session_state["saved_choice"] = survey_keys[0] if survey_keys else None
st.session_state.setdefault("weight_choice", st.session_state["saved_choice"])
if st.session_state["weight_choice"] not in choice_keys:
    st.session_state["weight_choice"] = st.session_state["saved_choice"]


def _chosen() -> state.WeightChoice | None:
    return next((c for c in choices if c.key == st.session_state["weight_choice"]), None)


def _base_positions(chosen: state.WeightChoice) -> dict[str, int]:
    return {cid: round(100 * chosen.weights.get(cid, 0.0)) for cid in catalog.criterion_ids}


def _reset_sliders() -> None:
    chosen = _chosen()
    st.session_state["saved_weight_changes"] = {}
    if chosen is None:
        return
    for cid, value in _base_positions(chosen).items():
        st.session_state[f"w_{cid}"] = value


def _save_sliders() -> None:
    """Keep the slider positions that differ from the chosen weights (the dossier keeps those)."""
    chosen = _chosen()
    if chosen is None:
        return
    base = _base_positions(chosen)
    st.session_state["saved_weight_changes"] = {
        cid: int(st.session_state[f"w_{cid}"])
        for cid in catalog.criterion_ids
        if int(st.session_state[f"w_{cid}"]) != base[cid]
    }


# Widget state is forgotten on other pages; the plain key "saved_weight_changes" keeps the sliders
# (the positions moved away from the chosen weights, as the dossier stores them).
if _chosen() is not None:
    changes = st.session_state.get("saved_weight_changes") or {}
    for cid, value in _base_positions(_chosen()).items():
        st.session_state.setdefault(f"w_{cid}", int(changes.get(cid, value)))

chosen = _chosen()


def _name(ranking: Ranking, i: int) -> str:
    """A platform's name, marked when it is a reference entry (ranked, never recommended) and
    when a score of it was set by hand (*)."""
    platform = catalog.platform(ranking.platform_ids[i])
    name = platform.name + (" *" if platform.overrides else "")
    return name if ranking.recommendable(i) else tr("prices.compare.reference", name=name)


def _plans_table(ranking: Ranking) -> None:
    """Per ranked platform, in rank order: the plan that counts, its price, annual cost and why."""
    seats = ranking.costing.seats
    st.caption(tr("prices.compare.plans_help", seats=seats.describe(lang) + "." if seats else ""))
    rows = []
    for i in ranking.order:
        cost = ranking.costs[i]
        option = cost.option
        rows.append(
            {
                tr("prices.compare.platform"): _name(ranking, i),
                tr("prices.compare.plan"): option.plan.name if option.plan else "–",
                tr("prices.compare.price"): price_text(option, lang),
                tr("prices.compare.annual"): annual_text(cost, ranking.costing, lang),
                tr("prices.compare.why"): ranking.choices[i].reason(catalog, ranking.costing, lang),
            }
        )
    why = tr("prices.compare.why")
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={why: st.column_config.TextColumn(why, width="large")},
    )


def _ranked(chosen: state.WeightChoice) -> Ranking | None:
    """The ranking for the chosen weights (as moved with the sliders), shown in the right column."""
    slider_weights = {cid: st.session_state[f"w_{cid}"] for cid in catalog.criterion_ids}
    if sum(slider_weights.values()) == 0:
        st.warning(tr("compare.all_zero"))
        return None
    ranking = state.ranking(chosen, slider_weights, requirements, method, costing)
    adjusted = state.weights_adjusted(chosen, slider_weights)
    # equal weights are the user's own choice, never the survey's: the source says so
    source = tr("notices.equal_source") if chosen.key == "equal" else ranking.source.describe(lang)
    st.info(
        tr("compare.source", source=source) + (" " + tr("compare.adjusted") if adjusted else ""),
        icon=":material/scale:",
    )
    ids = list(ranking.platform_ids)
    platform_names = [_name(ranking, i) for i in range(len(ids))]
    crit_labels = [criterion_name(catalog, c, lang) for c in ranking.criterion_ids]

    if ranking.excluded:
        expanded = bool(must) or max_price is not None
        with st.expander(tr("compare.excluded", count=len(ranking.excluded)), expanded=expanded):
            # a plain table: the reasons wrap (readable on a phone), and a must-have toggle that
            # changes the list does not mount a new data grid (issue 15: a toggle redraws little)
            st.table(
                pd.DataFrame(
                    {
                        tr("catalog.platform"): [
                            catalog.platform(e.platform_id).name for e in ranking.excluded
                        ],
                        tr("compare.reason"): [e.reason(catalog, lang) for e in ranking.excluded],
                    }
                ).set_index(tr("catalog.platform"))
            )
    if not ids:
        st.error(tr("compare.none_eligible"))
        return ranking

    winner = catalog.platform(ranking.winner)
    p_first = ranking.p_first()
    if ranking.best is None:
        st.warning(tr("prices.best_none"), icon=":material/info:")
    else:
        best = ids.index(ranking.best)
        cost = ranking.costs[best]
        judged = verdict(ranking)
        if not judged.clear:
            st.warning(judged.headline(catalog, lang), icon=":material/balance:")
        label = tr("compare.best") if judged.clear else tr("compare.ranked_first")
        st.metric(label, catalog.platform(ranking.best).name)
        if cost.option.plan is not None:
            parts = [
                cost.option.plan.name,
                price_text(cost.option, lang),
                annual_text(cost, ranking.costing, lang),
            ]
            st.caption(tr("prices.compare.best_plan", plan=" · ".join(parts)))
        st.caption(tr("compare.p_first", p=percent(p_first[best], lang)))
        if not judged.clear:  # a high chance beside "no clear winner": say why both hold
            drawn = state.weight_samples(chosen, adjusted) is not None  # as the ranking drew them
            st.caption(
                judged.why_both(catalog, lang, samples=ranking.acceptability.n_samples, weights_drawn=drawn)
            )
        for line in judged.details(catalog, lang):
            st.caption(line)
        if not judged.clear:
            st.caption(tr("verdict.rule"))
    for i in ranking.order[: ranking.order.index(ids.index(ranking.best)) if ranking.best else len(ids)]:
        st.caption(tr("prices.compare.best_reference", reference=platform_names[i]))
    overrides_notice(catalog, ranking_overrides(catalog, ranking), lang)

    st.subheader(tr("compare.ranking"))
    score_label = tr(f"compare.score_{ranking.method}")
    if ranking.method == "wsm":
        fig, table = charts.stacked_contributions(
            platform_names, crit_labels, ranking.contributions, score_label
        )
    else:
        fig, table = charts.stacked_contributions(
            platform_names, [score_label], ranking.scores[:, None], score_label
        )
    show_chart(fig, table, "ranking", charts.ranking_summary(table, score_label, lang))
    # the rest is drawn only when opened: a slider move redraws the ranking, not every chart
    with _section("plans", tr("prices.compare.plans_title")) as plans:
        if plans.open:
            _plans_table(ranking)
    with _section("acceptability", tr("compare.acceptability")) as acceptability:
        if acceptability.open:
            _acceptability(ranking, platform_names)
    if ranking.stability is not None and len(ids) > 1:
        with _section("stability", tr("compare.stability")) as stability:
            if stability.open:
                _stability(ranking, winner.name, crit_labels)
    with _section("profiles", tr("compare.profiles")) as profiles:
        if profiles.open:
            _profiles(ranking, platform_names, crit_labels)
    return ranking


def _section(key: str, label: str) -> ExpanderContainer:
    """A part of the ranking built only while it is open (``.open``): closed, a slider move or
    must-have toggle does not compute, send or redraw it. Opening it reruns the workbench alone."""
    return st.expander(label, key=f"open_{key}", on_change="rerun")


def _acceptability(ranking: Ranking, platform_names: list[str]) -> None:
    st.caption(tr("compare.acceptability_help", samples=ranking.acceptability.n_samples))
    rank_labels = [tr("compare.rank_n", n=r) for r in range(1, 4)] + [tr("compare.rank_rest")]
    fig, table = charts.rank_acceptability(
        platform_names, ranking.acceptability.acceptability, rank_labels, tr("compare.share_of_samples")
    )
    show_chart(fig, table, "acceptability", charts.acceptability_summary(table, lang))


def _stability(ranking: Ranking, winner: str, crit_labels: list[str]) -> None:
    j, low, high = ranking.most_sensitive()
    st.caption(
        tr(
            "compare.stability_help",
            winner=winner,
            criterion=crit_labels[j],
            low=percent(low, lang),
            high=percent(high, lang),
        )
    )
    fig, table = charts.tornado(
        crit_labels,
        ranking.stability.current,
        ranking.stability.lower,
        ranking.stability.upper,
        {
            "range": tr("compare.keeps_winner"),
            "current": tr("compare.current"),
            "axis": tr("compare.weight"),
            "lower": tr("compare.lower"),
            "upper": tr("compare.upper"),
        },
    )
    show_chart(fig, table, "tornado", charts.tornado_summary(table, lang))


def _profiles(ranking: Ranking, platform_names: list[str], crit_labels: list[str]) -> None:
    ids = list(ranking.platform_ids)
    default_profiles = [ids[i] for i in ranking.order[:3]] + (["whatsapp"] if "whatsapp" in ids else [])
    profile_ids = st.multiselect(
        tr("compare.profiles_choose"),
        ids,
        default=list(dict.fromkeys(default_profiles)),
        format_func=lambda p: catalog.platform(p).name,
        key="profiles",
    )
    if profile_ids:
        rows = [ids.index(p) for p in profile_ids]
        fig, table = charts.radar([platform_names[i] for i in rows], crit_labels, ranking.matrix[rows])
        show_chart(fig, table, "radar", charts.radar_summary(table, lang))


def _effective_weights(ranking: Ranking) -> None:
    """The weights the ranking uses, normalised to 100% (the sliders may add up to 111)."""
    labels = [criterion_name(catalog, c, lang) for c in ranking.criterion_ids]
    whole = shares_to_100(dict(zip(labels, (float(w) for w in ranking.weights), strict=True)))
    points = {cid: int(st.session_state[f"w_{cid}"]) for cid in catalog.criterion_ids}
    st.caption(tr("screens.compare.effective_help", total=sum(points.values())))
    st.table(
        pd.DataFrame(
            {
                tr("screens.compare.criterion"): labels,
                tr("screens.compare.slider"): [str(points.get(c, "–")) for c in ranking.criterion_ids],
                tr("screens.compare.effective"): [f"{whole[label]}%" for label in labels],
            }
        ).set_index(tr("screens.compare.criterion"))
    )


def _save_after_fragment_run() -> None:
    """After a rerun of the fragment alone (app.py's end-of-run save does not run then): save what
    the widgets changed in the dossier, and show what the save has to say."""
    ctx = get_script_run_ctx()
    if ctx is None or not ctx.fragment_ids_this_run or state.dossier_state.current() is None:
        return
    state.dossier_state.sync(hydrate=False)
    if st.session_state.get(state.dossier_state.FORCE):
        st.rerun()  # a conflict: the whole page shows the dossier's values and says why
    state.dossier_state.show_messages()


@st.fragment
def _workbench() -> Ranking | None:
    """Weights, method and must-haves with everything that depends on them. A slider, toggle or
    method switch reruns only this part; the callbacks keep the plain keys (saved_choice, ...)
    and :func:`_save_after_fragment_run` saves them in the dossier, as app.py does after a full run.
    """
    global chosen, method, must, max_price, requirements, costing
    effective = None
    left, right = st.columns([1, 2], gap="large")
    with left:
        st.subheader(tr("compare.weights"))

        def _choose() -> None:
            st.session_state["saved_choice"] = st.session_state["weight_choice"]
            _reset_sliders()

        st.selectbox(
            tr("compare.weights_from"),
            choice_keys,
            index=None,
            placeholder=tr("notices.choose_weights"),
            key="weight_choice",
            on_change=_choose,
            format_func=lambda k: next(c.label for c in choices if c.key == k),
        )
        chosen = _chosen()
        if chosen is not None:
            for cid in catalog.criterion_ids:
                st.slider(
                    names[cid],
                    0,
                    100,
                    key=f"w_{cid}",
                    help=catalog.criterion(cid).description.get(lang),
                    on_change=_save_sliders,
                )
            effective = st.container()  # filled once the ranking says which weights it used
        st.button(tr("compare.reset"), on_click=_reset_sliders, icon=":material/restart_alt:")
        st.session_state.setdefault("method", st.session_state.get("saved_method", "wsm"))
        method = st.radio(
            tr("compare.method"),
            ["wsm", "topsis"],
            horizontal=True,
            key="method",
            format_func=lambda m: t(f"compare.method_{m}", lang),
            help=tr("screens.compare.method_help"),
            on_change=lambda: st.session_state.update(saved_method=st.session_state["method"]),
        )
        st.session_state["saved_method"] = method

        def _requirements_changed() -> None:
            """Kept in the plain key before the next run starts (so the dossier sees whose change it is)."""
            ss, before = st.session_state, state.saved_requirements()
            chosen_must = tuple(
                m.id for m in catalog.rubric.must_haves if not m.default and ss.get(f"must_{m.id}")
            )
            weight = ss.get("cost_weight", round(100 * before.cost_weight))
            state.save_requirements(
                state.Requirements(
                    chosen_must, ss.get("max_price"), ss.get("currency", before.currency), weight / 100
                )
            )

        st.subheader(tr("compare.must_haves"))
        saved = state.saved_requirements()
        for must_id in saved.must:
            st.session_state.setdefault(f"must_{must_id}", True)
        st.session_state.setdefault("max_price", saved.max_price)
        st.session_state.setdefault("currency", saved.currency)
        st.session_state.setdefault("cost_weight", round(100 * saved.cost_weight))
        must = []
        for item in catalog.rubric.must_haves:
            if item.default:
                st.toggle(
                    item.name.get(lang),
                    value=True,
                    disabled=True,
                    key=f"must_{item.id}",
                    help=tr("compare.always_on"),
                )
                continue
            if st.toggle(item.name.get(lang), key=f"must_{item.id}", on_change=_requirements_changed):
                must.append(item.id)

        st.subheader(tr("prices.compare.budget_title"))
        max_price = st.number_input(
            tr("prices.compare.max_price"),
            min_value=0.0,
            value=None,
            step=0.5,
            format="%.2f",
            key="max_price",
            help=tr("prices.compare.max_price_help"),
            on_change=_requirements_changed,
        )
        currency = st.selectbox(
            tr("prices.compare.currency"),
            CURRENCIES,
            key="currency",
            help=tr("prices.compare.currency_help"),
            on_change=_requirements_changed,
        )
        cost_weight = round(100 * saved.cost_weight)
        if chosen is not None:  # a weight, like the sliders above: only once weights are chosen
            cost_weight = st.slider(
                tr("prices.compare.cost_weight"),
                0,
                100,
                step=5,
                format="%d%%",
                key="cost_weight",
                help=tr("prices.compare.cost_weight_help"),
                on_change=_requirements_changed,
            )
        requirements = state.Requirements(tuple(must), max_price, currency, cost_weight / 100)
        state.save_requirements(requirements)
        costing = state.costing(bundle, requirements)

    ranking = None
    with right:
        if chosen is None:
            st.info(tr("notices.choose_weights_first"), icon=":material/arrow_back:")
        else:
            ranking = _ranked(chosen)
    if ranking is not None and effective is not None:
        with effective:
            _effective_weights(ranking)
    _save_after_fragment_run()
    return ranking


ranking = _workbench()

st.divider()
st.subheader(tr("compare.detail"))
all_names = {p.id: p.name for p in catalog.platforms}
detail_id = st.selectbox(
    tr("catalog.choose_platform"),
    list(all_names),
    format_func=all_names.get,
    key="detail_platform",
    index=list(all_names).index(ranking.best) if ranking is not None and ranking.best else 0,
)
state.platform_detail(catalog, detail_id)
state.override_form(catalog, detail_id)
