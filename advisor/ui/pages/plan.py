"""Adoption plan: choose platform, language and start date; preview; download as Markdown, HTML, Word."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from advisor.analysis.missing import availability
from advisor.catalog import Catalog
from advisor.catalog.describe import money
from advisor.errors import InputError
from advisor.i18n import LANGUAGES
from advisor.plan import PlanSettings, next_monday, plan_for_survey
from advisor.plan.render import FORMATS, render
from advisor.scoring import RANKING_SEED, rank_survey
from advisor.ui import state
from advisor.ui.common import language, tr
from advisor.ui.components import missing_notice
from advisor.ui.formats import DATE_INPUT_FORMAT, percent

ORDER_ONLY_SAMPLES = 100  # draws for the default platform, which no chance of ranking first is shown for


@st.cache_data(show_spinner=False, max_entries=16)
def _best(
    dataset_key: str,
    segment: str,
    k: int,
    catalog_key: str,
    requirements: state.Requirements,
    _bundle: Any,
    _catalog: Catalog,
) -> str:
    """The best choice with the organisation's weights and Compare's requirements (the default):
    the highest-ranked platform that may be recommended, never a reference entry. The order comes
    from the scores, not from the draws, so a few draws do (the plan itself draws as Compare)."""
    try:
        rankings = rank_survey(
            _catalog,
            _bundle.summary,
            samples=ORDER_ONLY_SAMPLES,
            seed=RANKING_SEED,
            must=requirements.must,
            costing=state.costing(_bundle, requirements),
            cost_weight=requirements.cost_weight,
        )
    except InputError:
        return ""
    ranking = rankings.get("organisation")
    return (ranking.best or "") if ranking is not None else ""


@st.cache_data(show_spinner=False, max_entries=16)
def _plan_files(
    dataset_key: str,
    segment: str,
    k: int,
    platform_id: str,
    plan_lang: str,
    start_iso: str,
    catalog_key: str,
    requirements: state.Requirements,
    _bundle: Any,
    _catalog: Catalog,
) -> tuple[dict[str, bytes], str]:
    """The plan in every format, or the error message (cached on dataset, platform, language, date
    and the requirements set on Compare)."""
    settings = PlanSettings(
        platform_id,
        dt.date.fromisoformat(start_iso),
        plan_lang,
        must=requirements.must,
        max_price=requirements.max_price,
        currency=requirements.currency,
        cost_weight=requirements.cost_weight,
    )
    try:
        plan = plan_for_survey(
            _catalog, _bundle.questionnaire, _bundle.result.answers, _bundle.summary, settings
        )
    except InputError as exc:
        return {}, exc.message
    return {fmt: render(plan, fmt) for fmt in FORMATS}, ""


def _requirements_text(requirements: state.Requirements) -> str:
    """Which must-haves, budget and cost weight from Compare the plan's ranking uses."""
    musts = [m.name.get(lang) for m in catalog.rubric.must_haves if m.id in requirements.must]
    budget = (
        money(requirements.max_price, requirements.currency, lang)
        if requirements.max_price is not None
        else "–"
    )
    return tr(
        "prices.plan_page.requirements",
        must=", ".join(musts) or "–",
        budget=budget,
        cost=percent(requirements.cost_weight, lang),
    )


def plan_record_settings(
    platform_id: str, plan_lang: str, start: dt.date, requirements: state.Requirements
) -> dict[str, Any]:
    return {
        "platform": platform_id,
        "language": plan_lang,
        "start": start.isoformat(),
        "must_haves": list(requirements.must),
        "max_price": requirements.max_price,
        "currency": requirements.currency,
        "cost_weight": requirements.cost_weight,
        "formats": ["md", "html", "docx"],
    }


def _record(
    dossier: Any,
    platform_id: str,
    plan_lang: str,
    start: dt.date,
    requirements: state.Requirements,
    content: bytes,
) -> None:
    """Note the generated plan in the dossier once per settings and content (shown in History)."""
    import hashlib

    settings = plan_record_settings(platform_id, plan_lang, start, requirements)
    digest = hashlib.sha256(content).hexdigest()
    if any(p.content_sha256 == digest and p.settings == settings for p in dossier.plans):
        return
    db = state.dossier_state.store()
    state.dossier_state.act(db.record_plan, dossier.id, settings, content, who=state.dossier_state.who())


lang = language()
st.title(tr("plan.title"))
st.caption(tr("plan.intro"))
bundle = state.survey_bundle()
if not bundle.ok:
    st.warning(tr("plan.no_survey", error=bundle.error), icon=":material/warning:")
    st.stop()

catalog = state.current_catalog()
summary = bundle.summary
plan_needs = availability(bundle.result.answers, bundle.questionnaire, "plan")
if not plan_needs.computable:
    # the plan ranks on the survey's weights: without them there is nothing honest to write
    missing_notice(bundle.questionnaire, plan_needs.missing, "notices.plan_missing", lang)
    st.stop()

dataset_key = bundle.dataset.key
options = [p.id for p in catalog.platforms if not p.retired]
names = {
    p.id: p.name if p.recommend else tr("prices.compare.reference", name=p.name) for p in catalog.platforms
}
requirements = state.saved_requirements()
winner = _best(
    dataset_key, summary.segment_by, summary.min_group, state.overrides_key(), requirements, bundle, catalog
)
chosen_before = (st.session_state.get("saved_plan_choice") or {}).get("platform")
if chosen_before in options and "plan_platform" not in st.session_state:
    st.session_state["plan_platform"] = chosen_before  # the decision as the dossier keeps it
if st.session_state.get("plan_platform") not in options:
    # the proposal is the platform that ranks first; without one the user must choose (no default)
    st.session_state["plan_platform"] = winner if winner in options else None


def _choose_platform() -> None:
    """Choosing a platform is a decision (kept in the dossier); the proposal alone is not."""
    chosen = st.session_state.get("plan_platform")
    st.session_state["saved_plan_choice"] = {"platform": chosen, "plan": None} if chosen else None


st.session_state.setdefault("plan_lang", lang)
st.session_state.setdefault("plan_start", next_monday(dt.date.today()))

left, middle, right = st.columns(3)
platform_id = left.selectbox(
    tr("plan.platform"),
    options,
    index=None,
    placeholder=tr("notices.plan_choose_platform"),
    key="plan_platform",
    format_func=names.get,
    help=tr("plan.platform_help"),
    on_change=_choose_platform,
)
plan_lang = middle.radio(
    tr("plan.language"),
    list(LANGUAGES),
    key="plan_lang",
    horizontal=True,
    format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
)
start = right.date_input(
    tr("plan.start"), key="plan_start", format=DATE_INPUT_FORMAT[lang], help=tr("plan.start_help")
)

st.caption(_requirements_text(requirements))
dossier = state.dossier_state.current()
if dossier is not None:
    decided = (st.session_state.get("saved_plan_choice") or {}).get("platform")
    if decided:
        st.success(tr("dossier.ui.decided", platform=names.get(decided, decided)), icon=":material/gavel:")
    elif platform_id:
        st.caption(tr("dossier.ui.proposal_only"))
    st.session_state.setdefault("decision_note_input", st.session_state.get("saved_decision_note", ""))
    st.text_area(
        tr("dossier.ui.decision_note"),
        key="decision_note_input",
        help=tr("dossier.ui.decision_note_help"),
        max_chars=20_000,
        on_change=lambda: st.session_state.update(
            saved_decision_note=st.session_state["decision_note_input"]
        ),
    )
if platform_id is None:
    st.info(tr("notices.plan_no_winner"), icon=":material/info:")
    st.stop()

with st.spinner(tr("plan.generating")):
    files, error = _plan_files(
        dataset_key,
        summary.segment_by,
        summary.min_group,
        platform_id,
        plan_lang,
        start.isoformat(),
        state.overrides_key(),
        requirements,
        bundle,
        catalog,
    )
if error:
    st.error(error, icon=":material/error:")
    st.stop()

if dossier is not None:
    _record(dossier, platform_id, plan_lang, start, requirements, files["md"])

stem = f"{'adoption-plan' if plan_lang == 'en' else 'adoptieplan'}-{platform_id}-{start.isoformat()}"
columns = st.columns(3)
for column, fmt in zip(columns, ("md", "html", "docx"), strict=True):
    mime, suffix = FORMATS[fmt]
    column.download_button(
        tr(f"plan.download_{fmt}"),
        data=files[fmt],
        file_name=stem + suffix,
        mime=mime,
        key=f"plan_download_{fmt}",
        icon=":material/download:",
        width="stretch",
    )

st.subheader(tr("plan.preview"))
with st.container(border=True):
    st.markdown(files["md"].decode("utf-8"))
