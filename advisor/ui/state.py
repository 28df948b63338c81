"""Session state and cached services of the dashboard.

Everything heavy is computed by the same services the command line uses and cached with
``st.cache_data`` keyed on the data (file bytes, settings, weights), so moving a slider only redoes
the ranking, never the import or the survey analysis.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from advisor.catalog import Catalog
from advisor.catalog.models import Override
from advisor.scoring import Costing, Ranking, WeightSource, organisation_seats, rank_platforms
from advisor.ui.common import catalog as base_catalog
from advisor.ui.common import language, tr
from advisor.ui.components import facts_table

DASHBOARD_SAMPLES = 5000  # SMAA samples per ranking in the dashboard (the CLI default is 20,000)


# ---------------------------------------------------------------- catalogue with session overrides
def _overrides() -> dict[str, dict[str, dict[str, Any]]]:
    return st.session_state.setdefault("overrides", {})


@st.cache_resource(show_spinner=False, max_entries=32)
def _catalog_with(overrides_json: str) -> Catalog:
    catalog = base_catalog()
    overrides = json.loads(overrides_json)
    platforms = tuple(
        p.model_copy(
            update={
                "overrides": {
                    **p.overrides,
                    **{cid: Override(**value) for cid, value in overrides.get(p.id, {}).items()},
                }
            }
        )
        if p.id in overrides
        else p
        for p in catalog.platforms
    )
    return Catalog(catalog.rubric, platforms, catalog.files)


def overrides_key() -> str:
    return json.dumps(_overrides(), sort_keys=True)


def current_catalog() -> Catalog:
    """The shipped catalogue plus the overrides made in this session (each with a justification)."""
    return _catalog_with(overrides_key())


# ---------------------------------------------------------------- weights and rankings
@dataclass(frozen=True)
class WeightChoice:
    """A set of weights the user can start from (organisation, a segment, equal)."""

    key: str
    label: str
    weights: dict[str, float]
    samples: np.ndarray | None
    source: WeightSource


def weights_adjusted(choice: WeightChoice, slider_weights: dict[str, int]) -> bool:
    return any(round(100 * choice.weights.get(c, 0)) != v for c, v in slider_weights.items())


@dataclass(frozen=True)
class Requirements:
    """The must-haves, budget, currency and cost weight set on Compare (the Plan page uses them too)."""

    must: tuple[str, ...] = ()
    max_price: float | None = None
    currency: str = "EUR"
    cost_weight: float = 0.0  # share, 0-1


def saved_requirements() -> Requirements:
    """What Compare last set (kept in a plain key: widget state is forgotten on other pages)."""
    return st.session_state.get("saved_requirements") or Requirements()


def save_requirements(requirements: Requirements) -> None:
    st.session_state["saved_requirements"] = requirements


def costing(bundle: SurveyBundle, requirements: Requirements) -> Costing:
    """Currency, budget, seats (the organisation file's headcounts, else the respondents) and the
    organisation file's exchange rates."""
    seats = None
    rates = None
    if bundle.ok:
        seats = organisation_seats(bundle.questionnaire, bundle.summary.segment_by, bundle.summary.total)
        rates = bundle.questionnaire.organisation.exchange_rates
    return Costing(requirements.currency, requirements.max_price, seats, rates)


@st.cache_data(show_spinner=False, max_entries=256)
def _ranking(
    catalog_key: str,
    choice_key: str,
    weights: tuple[tuple[str, int], ...],
    requirements: Requirements,
    costing_key: tuple[Any, ...],
    method: str,
    adjusted: bool,
    lang: str,
    _catalog: Catalog,
    _choice: WeightChoice,
    _costing: Costing,
) -> Ranking:
    source = _choice.source
    if adjusted:
        source = WeightSource(
            "user",
            source.segment,
            source.respondents,
            detail=tr("compare.adjusted_from", source=_choice.label),
        )
    # unadjusted survey weights are used exactly, not as rounded slider positions
    chosen = dict(weights) if adjusted else _choice.weights
    return rank_platforms(
        _catalog,
        chosen,
        source=source,
        weight_samples=None if adjusted else _choice.samples,
        method=method,
        must=list(requirements.must),
        samples=DASHBOARD_SAMPLES,
        seed=2026,
        lang=lang,
        costing=_costing,
        cost_weight=requirements.cost_weight,
    )


def ranking(
    choice: WeightChoice,
    slider_weights: dict[str, int],
    requirements: Requirements,
    method: str,
    costing_now: Costing,
) -> Ranking:
    """The ranking for the sliders' weights (cached per weights, requirements, method, seats and
    overrides).

    Survey weights keep their bootstrap spread; once the sliders move, the weights are the user's
    and only the uncertainty of the facts remains.
    """
    adjusted = weights_adjusted(choice, slider_weights)
    seats = costing_now.seats
    rates = costing_now.rates
    costing_key = (
        (seats.count, seats.source, seats.question) if seats else None,
        rates.model_dump_json() if rates else None,
    )
    with st.spinner(tr("ui.computing")):
        return _ranking(
            overrides_key(),
            choice.key,
            tuple(sorted(slider_weights.items())),
            requirements,
            costing_key,
            method,
            adjusted,
            language(),
            current_catalog(),
            choice,
            costing_now,
        )


# ---------------------------------------------------------------- platform detail and overrides
def platform_detail(catalog: Catalog, platform_id: str) -> None:
    facts_table(catalog, platform_id, language(), highlight=False)


def override_form(catalog: Catalog, platform_id: str) -> None:
    """Set a criterion score by hand: only with a written justification; shown as an override."""
    lang = language()
    with st.expander(tr("compare.override_title"), icon=":material/edit_note:"):
        st.caption(tr("compare.override_help"))
        with st.form(key=f"override_{platform_id}", clear_on_submit=False):
            criterion_id = st.selectbox(
                tr("catalog.criterion"),
                catalog.criterion_ids,
                key="override_criterion",
                format_func=lambda c: catalog.criterion(c).name.get(lang),
            )
            score = st.number_input(tr("catalog.score"), 0.0, 10.0, 5.0, 0.5, key="override_score")
            reason = st.text_area(tr("compare.override_reason"), key="override_reason")
            submitted = st.form_submit_button(tr("compare.override_save"))
        if submitted:
            if len(reason.strip()) < 20:
                st.error(tr("compare.override_needs_reason"))
            else:
                _overrides().setdefault(platform_id, {})[criterion_id] = {
                    "score": float(score),
                    "justification": reason.strip(),
                    "by": tr("compare.override_by"),
                }
                st.rerun()
        mine = _overrides().get(platform_id, {})
        for cid in list(mine):
            if st.button(
                tr("compare.override_remove", criterion=catalog.criterion(cid).name.get(lang)),
                key=f"remove_{platform_id}_{cid}",
            ):
                del mine[cid]
                st.rerun()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


DEMO_DIR = Path(__file__).resolve().parents[2] / "surveys" / "demo"


# ---------------------------------------------------------------- the survey: demo or upload
DEMO_FILE = DEMO_DIR / "demo-native.csv"
DEMO_ORGANISATION_FILE = DEMO_DIR / "organisation.yaml"


@dataclass(frozen=True)
class Dataset:
    """What the dashboard analyses: the demo organisation or an uploaded export."""

    kind: str  # 'demo' or 'upload'
    name: str
    data: bytes = b""
    mapping: str = ""  # mapping YAML text, or "" for automatic
    format: str = ""  # "" = detect
    keep_identity: bool = False
    organisation: str = ""  # organisation YAML text, or ""
    structure: bytes = b""  # LimeSurvey survey structure (.lss) of a question-codes export, or b""
    mapping_name: str = ""  # the uploaded mapping file's name, for messages

    @property
    def key(self) -> str:
        parts = [
            self.kind,
            self.name,
            digest(self.data),
            digest(self.mapping.encode()),
            self.format,
            str(self.keep_identity),
            digest(self.organisation.encode()),
            digest(self.structure),
        ]
        return "|".join(parts)


def dataset() -> Dataset:
    return st.session_state.setdefault("dataset", Dataset("demo", "Delta Media Groep"))


def set_dataset(value: Dataset) -> None:
    st.session_state["dataset"] = value
    for key in [k for k in st.session_state if str(k).startswith("w_")] + [
        "weight_choice",
        "saved_choice",
        "saved_weights",
    ]:
        st.session_state.pop(key, None)  # weights restart from the new survey


def segment_by() -> str:
    return st.session_state.setdefault("segment_by", "department")


def min_group() -> int:
    """The anonymity threshold in force: below 5 only once the user has acknowledged it."""
    wanted = int(st.session_state.setdefault("min_group", 5))
    if wanted < 5 and not st.session_state.get("min_group_ack", False):
        return 5
    return wanted


@dataclass(frozen=True)
class SurveyBundle:
    """An imported survey with its analysis, or the error that stopped the import."""

    dataset: Dataset
    questionnaire: Any = None
    result: Any = None  # ImportResult
    summary: Any = None  # SurveySummary
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    def segment_label(self, key: str, lang: str) -> str:
        from advisor.analysis.anonymity import NOT_ANSWERED

        if key == NOT_ANSWERED:
            return tr("score.not_answered")
        question = self.questionnaire.by_id.get(self.summary.segment_by)
        return question.label(key, lang) if question else key


@st.cache_resource(show_spinner=False, max_entries=8)
def _questionnaire(organisation_text: str, demo: bool) -> Any:
    import tempfile

    from advisor.survey.questionnaire import default_questionnaire, load_questionnaire

    if demo:
        return default_questionnaire(DEMO_ORGANISATION_FILE)
    if not organisation_text:
        return default_questionnaire()
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as handle:
        handle.write(organisation_text)
    return load_questionnaire(organisation=Path(handle.name))


def with_mapping(ds: Dataset, mapping_text: str) -> Dataset:
    """The same upload with a confirmed mapping (which replaces any earlier one)."""
    return replace(ds, mapping=mapping_text, mapping_name="")


@st.cache_data(show_spinner=False, max_entries=8)
def _preview(
    key: str, mapping_text: str, segment: str, k: int, lang: str, _ds: Dataset
) -> tuple[Any, Any] | str:
    from advisor.analysis.summary import summarise

    mapped = with_mapping(_ds, mapping_text)
    result, error = _import(mapped.key, lang, mapped)
    if error:
        return error
    questionnaire = _questionnaire(_ds.organisation, False)
    segment = segment if segment in questionnaire.segment_ids else questionnaire.segment_ids[0]
    summary = summarise(
        result.answers,
        questionnaire,
        segment_by=segment,
        min_group=k,
        bootstrap=0,
        lang=lang,
        acknowledge_small_groups=k < 5,  # below 5 only once acknowledged (see min_group)
    )
    return result, summary


def preview_import(ds: Dataset, mapping_text: str, lang: str) -> tuple[Any, Any] | str:
    """What importing ``ds`` with this mapping gives (result and summary), or the error message."""
    return _preview(ds.key, mapping_text, segment_by(), min_group(), lang, ds)


def upload_questionnaire(ds: Dataset) -> Any:
    """The questionnaire an upload is read with (its organisation file, if one was given)."""
    return _questionnaire(ds.organisation, ds.kind == "demo")


def mapping_of(ds: Dataset) -> dict[str, Any] | None:
    """The mapping the dataset is imported with (uploaded or confirmed in the wizard), if any."""
    import yaml

    loaded = yaml.safe_load(ds.mapping) if ds.mapping else None
    return loaded if isinstance(loaded, dict) and loaded else None


@st.cache_data(show_spinner=False, max_entries=8)
def _import(key: str, lang: str, _ds: Dataset) -> tuple[Any, str]:
    from advisor.errors import InputError
    from advisor.survey.importer import import_survey
    from advisor.survey.questionnaire import QuestionnaireInvalid
    from advisor.yamlio import YamlError

    try:
        questionnaire = _questionnaire(_ds.organisation, _ds.kind == "demo")
        if _ds.kind == "demo":
            return import_survey(DEMO_FILE, questionnaire=questionnaire, lang=lang), ""
        return import_survey(
            _ds.data,
            filename=_ds.name,
            questionnaire=questionnaire,
            mapping=mapping_of(_ds),
            format=_ds.format or None,
            keep_identity=_ds.keep_identity,
            lang=lang,
            structure=_ds.structure or None,
            mapping_name=_ds.mapping_name or None,
        ), ""
    except InputError as exc:
        return None, exc.message
    except (QuestionnaireInvalid, YamlError) as exc:
        return None, str(exc)
    except Exception as exc:  # a broken upload must never show a traceback; say what failed
        return None, tr("data.unreadable", name=_ds.name, detail=type(exc).__name__)


@st.cache_data(show_spinner=False, max_entries=16)
def _summarise(key: str, segment: str, k: int, lang: str, _result: Any, _questionnaire: Any) -> Any:
    from advisor.analysis.summary import summarise

    # a threshold below 5 only reaches here acknowledged (see min_group)
    return summarise(
        _result.answers,
        _questionnaire,
        segment_by=segment,
        min_group=k,
        seed=0,
        lang=lang,
        acknowledge_small_groups=k < 5,
    )


def survey_bundle() -> SurveyBundle:
    """The current dataset imported and analysed (cached on its bytes and settings)."""
    ds = dataset()
    lang = language()
    with st.spinner(tr("ui.computing")):
        result, error = _import(ds.key, lang, ds)
        if error:
            return SurveyBundle(ds, error=error)
        questionnaire = _questionnaire(ds.organisation, ds.kind == "demo")
        segment = segment_by() if segment_by() in questionnaire.segment_ids else questionnaire.segment_ids[0]
        summary = _summarise(ds.key, segment, min_group(), lang, result, questionnaire)
    return SurveyBundle(ds, questionnaire, result, summary)


def weight_choices(bundle: SurveyBundle) -> list[WeightChoice]:
    """Organisation and each visible segment from the survey, plus equal weights.

    Equal weights are offered, never a fallback: they are used only when the user picks them, and
    their label says so (no survey weights means no default choice, see the Compare page)."""
    lang = language()
    catalog = current_catalog()
    choices: list[WeightChoice] = []
    if bundle.ok:
        s = bundle.summary
        columns = [s.criteria.index(c) for c in catalog.criterion_ids if c in s.criteria]
        complete = len(columns) == len(catalog.criterion_ids)
        groups = [("organisation", s.organisation)] + [
            (k, g) for k, g in s.segments.items() if not g.suppressed
        ]
        for key, group in groups:
            if not complete or group.suppressed or not group.weights:
                continue
            label = tr("scoring.organisation") if key == "organisation" else bundle.segment_label(key, lang)
            boot = s.bootstrap.get(key)
            choices.append(
                WeightChoice(
                    f"survey:{key}",
                    tr("data.weights_of", group=label, n=group.weighted_n or group.n),
                    {c: group.weights[c] for c in catalog.criterion_ids},
                    None if boot is None else boot[:, columns],
                    WeightSource(
                        "survey",
                        None if key == "organisation" else key,
                        group.weighted_n or group.n,
                        detail=tr("scoring.bootstrap", b=len(boot)) if boot is not None else "",
                        label=label,
                    ),
                )
            )
    equal = 1 / len(catalog.criterion_ids)
    choices.append(
        WeightChoice(
            "equal",
            tr("notices.equal_chosen"),
            dict.fromkeys(catalog.criterion_ids, equal),
            None,
            WeightSource("equal"),
        )
    )
    return choices
