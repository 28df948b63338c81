"""Session state and cached services of the dashboard.

Everything heavy is computed by the same services the command line uses and cached with
``st.cache_data`` keyed on the data (file bytes, settings, weights), so moving a slider only redoes
the ranking, never the import or the survey analysis.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from advisor.catalog import Catalog
from advisor.catalog.models import Override
from advisor.scoring import (
    RANKING_SAMPLES,
    RANKING_SEED,
    Costing,
    Ranking,
    WeightSource,
    organisation_seats,
    rank_platforms,
)
from advisor.ui import dossier_state
from advisor.ui.common import catalog as base_catalog
from advisor.ui.common import language, tr
from advisor.ui.components import facts_table


# ---------------------------------------------------------------- catalogue with overrides
def _overrides() -> dict[str, dict[str, dict[str, Any]]]:
    """Overrides of the demo session (kept in the browser session only; a dossier keeps its own)."""
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


def _dossier_overrides(dossier: Any, lang: str) -> dict[str, dict[str, dict[str, Any]]]:
    """A dossier's overrides as the catalogue takes them (who in the user's words, date of the change)."""
    from advisor.dossier.model import who_label

    return {
        p: {
            c: {
                "score": e.score,
                "justification": e.justification,
                "by": who_label(e.by, lang),
                "date": e.at.date().isoformat(),
            }
            for c, e in entries.items()
        }
        for p, entries in dossier.settings.overrides.items()
    }


def overrides_key() -> str:
    dossier = dossier_state.current()
    if dossier is not None:
        return json.dumps(_dossier_overrides(dossier, language()), sort_keys=True)
    return json.dumps(_overrides(), sort_keys=True)


def current_catalog() -> Catalog:
    """The shipped catalogue plus the overrides (each with a justification): the dossier's, or in
    the demo this session's."""
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


def weight_samples(choice: WeightChoice, adjusted: bool) -> np.ndarray | None:
    """The weight samples the ranking draws: the survey's bootstrap until the sliders move; moved,
    the weights are the user's and fixed (None)."""
    return None if adjusted else choice.samples


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


def _read_only(value: Any) -> Any:
    """``value`` with every numpy array in it (through dataclasses and tuples) made read-only."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _read_only(getattr(value, item.name))
    elif isinstance(value, tuple):
        for item in value:
            _read_only(item)
    return value


# a resource, not data: one shared, read-only Ranking per key (a slider move computes one; pickling
# it into st.cache_data took about 20 ms per move and unpickling a copy on every read 5 ms)
@st.cache_resource(show_spinner=False, max_entries=256)
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
    ranked = rank_platforms(
        _catalog,
        chosen,
        source=source,
        weight_samples=weight_samples(_choice, adjusted),
        method=method,
        must=list(requirements.must),
        samples=RANKING_SAMPLES,  # as the plan and the memo draw: the same chance of ranking first
        seed=RANKING_SEED,
        lang=lang,
        costing=_costing,
        cost_weight=requirements.cost_weight,
    )
    return _read_only(ranked)


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
        dossier = dossier_state.current()
        if submitted:
            if len(reason.strip()) < 20:
                st.error(tr("compare.override_needs_reason"))
            elif dossier is not None:
                db = dossier_state.store()
                done = dossier_state.act(
                    db.set_override,
                    dossier.id,
                    platform_id,
                    criterion_id,
                    float(score),
                    reason.strip(),
                    base_version=dossier.version,
                    who=dossier_state.who(),
                )
                if done is not None:
                    dossier_state.say(tr("dossier.ui.override_saved"), "success")
                st.rerun()
            else:
                _overrides().setdefault(platform_id, {})[criterion_id] = {
                    "score": float(score),
                    "justification": reason.strip(),
                    "by": tr("compare.override_by"),
                }
                st.rerun()
        if dossier is not None:
            mine = {c: e for c, e in dossier.settings.overrides.get(platform_id, {}).items()}
        else:
            mine = _overrides().get(platform_id, {})
        for cid in list(mine):
            if st.button(
                tr("compare.override_remove", criterion=catalog.criterion(cid).name.get(lang)),
                key=f"remove_{platform_id}_{cid}",
            ):
                if dossier is not None:
                    db = dossier_state.store()
                    dossier_state.act(
                        db.remove_override,
                        dossier.id,
                        platform_id,
                        cid,
                        base_version=dossier.version,
                        who=dossier_state.who(),
                    )
                else:
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
    dossier: str = ""  # kind 'dossier': the dossier's id and its datasets (changes when they do)

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
            self.dossier,
        ]
        return "|".join(parts)


def dataset() -> Dataset:
    """What the pages analyse: the dossier in use (its survey data), else the demo or an upload
    of this browser session."""
    dossier = dossier_state.current()
    if dossier is not None:
        parts = [
            dossier.id,
            *(f"{d.id}:{d.data_sha256 or _live_count(d)}:{d.respondents}" for d in dossier.datasets),
        ]
        return Dataset(
            "dossier",
            dossier.name,
            organisation=dossier.settings.organisation,
            mapping=dossier.settings.mapping,
            dossier="|".join(parts),
        )
    return st.session_state.setdefault("dataset", Dataset("demo", "Delta Media Groep"))


def _live_count(d: Any) -> str:
    """A linked workshop's answer count as of now, so new answers show (an answer changed in place
    shows once the count moves)."""
    try:
        workshop = dossier_state.store().db.get(d.workshop_code or "")
    except Exception:  # gone: the import says so by name
        return "gone"
    return f"live-{workshop.responses}"


def staged() -> Dataset | None:
    """An upload of this session waiting to be imported into the dossier (or mapped first)."""
    return st.session_state.get("dataset_staged")


def set_dataset(value: Dataset) -> None:
    if dossier_state.current() is not None:
        # in a dossier an upload is staged: imported, and stored once it imports (store_staged)
        st.session_state["dataset_staged"] = value
        return
    st.session_state["dataset"] = value
    for key in [k for k in st.session_state if str(k).startswith("w_")] + [
        "weight_choice",
        "saved_choice",
        "saved_weights",
        "saved_weight_changes",
    ]:
        st.session_state.pop(key, None)  # weights restart from the new survey


def import_staged(lang: str) -> tuple[Any, str]:
    """The staged upload imported (result, "") or ("", the error)."""
    ds = staged()
    if ds is None:
        return None, ""
    return _import(ds.key, lang, ds)


def store_staged(result: Any) -> Any:
    """Keep the staged upload's answers (no identity columns) in the dossier, with its mapping and
    organisation file; a re-mapped upload replaces the dataset it gave before."""
    from advisor.dossier.store import NewDataset

    ds, dossier = staged(), dossier_state.current()
    if ds is None or dossier is None or st.session_state.get("staged_stored_key") == ds.key:
        return None
    st.session_state["staged_stored_key"] = ds.key
    db, who = dossier_state.store(), dossier_state.who()
    previous = st.session_state.get("staged_dataset_id")
    if previous and any(d.id == previous for d in dossier.datasets):
        dossier_state.act(db.remove_dataset, dossier.id, previous, who=who)
    before = {d.id for d in dossier.datasets}
    updated = dossier_state.act(
        db.add_dataset, dossier.id, NewDataset(result.answers, result.report.to_dict(), ds.name), who=who
    )
    if updated is None:
        return None
    added = [d.id for d in updated.datasets if d.id not in before]
    st.session_state["staged_dataset_id"] = added[0] if added else None
    for field, value in (("organisation", ds.organisation), ("mapping", ds.mapping)):
        if value and value != getattr(updated.settings, field):
            updated = (
                dossier_state.act(db.change, dossier.id, field, value, base_version=updated.version, who=who)
                or updated
            )
    return updated


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

    if demo and not organisation_text:  # the demo's own file, unless changed on the Data page
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
        if _ds.kind == "dossier":
            return _dossier_result(_ds, lang), ""
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


def _dossier_result(ds: Dataset, lang: str) -> Any:
    """A dossier's survey data as an import result: all its datasets' answers and one report
    (a single dataset's own report; several: their counts added up)."""
    from dataclasses import fields

    from advisor.errors import InputError
    from advisor.survey.importer import ImportResult
    from advisor.survey.report import ImportReport

    dossier = dossier_state.current()
    if dossier is None or not dossier.datasets:
        raise InputError(tr("dossier.ui.no_data"))
    answers = dossier_state.store().answers(dossier.id)
    known = {f.name for f in fields(ImportReport)}
    reports = [
        ImportReport(**{k: v for k, v in d.report.items() if k in known})
        for d in dossier.datasets
        if d.report.get("format")
    ]
    if len(dossier.datasets) == 1 and reports:
        report = reports[0]
        report.respondents = len(answers)
    else:
        report = ImportReport(
            "dossier",
            ", ".join(d.name for d in dossier.datasets),
            respondents=len(answers),
            rows=sum(r.rows for r in reports),
            dropped_columns=sorted({c for r in reports for c in r.dropped_columns}),
        )
    return ImportResult(answers, report)


@st.cache_data(show_spinner=False, max_entries=16)
def _summarise(key: str, segment: str, k: int, lang: str, _result: Any, _questionnaire: Any) -> Any:
    from advisor.analysis.summary import summarise

    # a threshold below 5 only reaches here acknowledged (see min_group)
    return summarise(
        _result.answers,
        _questionnaire,
        segment_by=segment,
        min_group=k,
        seed=RANKING_SEED,  # the bootstrap seed the dossier's memo and the command line use too
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
        from advisor.dossier.context import group_weights

        s = bundle.summary
        keys = ["organisation", *(k for k, g in s.segments.items() if not g.suppressed)]
        for key in keys:
            found = group_weights(s, catalog, key)  # the dossier's rule: hidden or incomplete, none
            if found is None:
                continue
            weights, samples, source = found
            label = tr("scoring.organisation") if key == "organisation" else bundle.segment_label(key, lang)
            detail = tr("scoring.bootstrap", b=len(samples)) if samples is not None else ""
            choices.append(
                WeightChoice(
                    f"survey:{key}",
                    tr("data.weights_of", group=label, n=source.respondents),
                    weights,
                    samples,
                    replace(source, detail=detail, label=label),
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
