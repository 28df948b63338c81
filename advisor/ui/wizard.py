"""The mapping wizard of the Data page: columns to questions, answers to values, preview, apply.

Suggestions come from :mod:`advisor.survey.suggest` (the same ones ``--write-mapping`` writes);
this module only shows them in the user's words and collects what the user confirms. The
confirmed mapping is an ordinary mapping file (YAML): applied, it is imported like an uploaded
mapping file, so downloading it and uploading it again gives the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from advisor.analysis.anonymity import NOT_ANSWERED
from advisor.i18n import t
from advisor.markup import escape_markdown
from advisor.survey.mapping import Target, dump_mapping
from advisor.survey.questionnaire import Question, Questionnaire
from advisor.survey.suggest import AUTO_SCORE, ColumnSuggestion, Suggestions, joined_pieces
from advisor.survey.vocabulary import LabelMatch, label_values, vocabulary_for
from advisor.ui import state
from advisor.ui.common import catalog

NO_QUESTION = ""
SAMPLES = 3  # answers shown per column


@dataclass(frozen=True)
class Choice:
    """One entry of the question list: what the user reads and the target behind it."""

    label: str
    target: Target | None


def question_choices(questionnaire: Questionnaire, lang: str) -> list[Choice]:
    """Every answer slot in the user's words: a question, or one option of a multi-select question."""
    out = [Choice(t("wizard.not_a_question", lang), None)]
    for question in questionnaire.questions:
        text = question.text.get(lang)
        if question.kind == "multi":
            out.append(Choice(t("wizard.multi_joined", lang, text=text), Target(question.id)))
            out += [
                Choice(
                    t("wizard.multi_option", lang, text=text, option=o.label(lang)),
                    Target(question.id, o.value),
                )
                for o in question.options
            ]
        else:
            out.append(Choice(text, Target(question.id)))
    return out


def column_label(column: ColumnSuggestion) -> str:
    """A column as the user knows it: its header; a code (Q5_1, G01Q01) after the text it stands for."""
    name = column.name.removesuffix(" | Response").removesuffix(" | Antwoord")
    if name == column.text or name.startswith(column.text):
        return name
    return f"{column.text} ({column.name})"


def _value_label(question: Question, value: str | int, lang: str) -> str:
    label = question.label(value, lang)
    return f"{value} · {label}" if question.kind == "likert" else label


@st.cache_resource(show_spinner=False, max_entries=4)
def _suggestions(key: str, _ds: state.Dataset, _questionnaire: Questionnaire) -> Suggestions | str:
    from advisor.errors import InputError
    from advisor.survey.importer import suggest_mapping

    try:
        return suggest_mapping(
            _ds.data,
            filename=_ds.name,
            questionnaire=_questionnaire,
            format=_ds.format or None,
            lang="nl",
            structure=_ds.structure or None,
        )
    except InputError as exc:
        return exc.message


def _start(suggestions: Suggestions, confirmed: dict[str, Any] | None) -> dict[str, Any]:
    """The mapping the wizard opens with: the one confirmed before, else the suggestions."""
    base = suggestions.mapping(AUTO_SCORE)  # an unsure guess is offered in "why", never preselected
    if not confirmed:
        return base
    return {
        "columns": {**base["columns"], **confirmed.get("columns", {})},
        "values": {**base["values"], **confirmed.get("values", {})},
    }


def _target_of(raw: Any) -> Target | None:
    if raw is None:
        return None
    if isinstance(raw, dict):
        return Target(raw["question"], raw["option"])
    return Target(str(raw))


def _columns_step(
    suggestions: Suggestions, start: dict[str, Any], lang: str, key: str
) -> dict[str, Target | None]:
    """Step 1: per column the question it answers (a searchable list), with why and how sure."""
    choices = question_choices(suggestions.questionnaire, lang)
    by_target = {c.target: c.label for c in choices}
    by_label = {c.label: c.target for c in choices}
    rows = []
    shown: list[ColumnSuggestion] = []
    for column in suggestions.columns:
        if column.kind in ("identity", "metadata") or not column.name or column.name not in start["columns"]:
            continue
        shown.append(column)
        target = _target_of(start["columns"][column.name])
        chosen = column.chosen
        same = chosen is not None and chosen.target == target
        why = (
            t(f"suggest.reasons.{chosen.reason}", lang, detail=chosen.detail)
            if same and chosen
            else t("suggest.reasons.mapping_file" if target else "suggest.reasons.none", lang)
        )
        if target is None and chosen is not None and chosen.score < AUTO_SCORE:
            why = t(
                "wizard.unsure",
                lang,
                question=by_target.get(chosen.target, ""),
                why=t(f"suggest.reasons.{chosen.reason}", lang, detail=chosen.detail),
                score=round(100 * chosen.score),
            )
        rows.append(
            {
                "column": column_label(column),
                "answers": " · ".join(list(column.answers)[:SAMPLES]),
                "question": by_target.get(target, by_target[None]),
                "why": why,
                "sure": round(100 * chosen.score) if same and chosen else None,
                "check": "⚠"
                if target is not None and (not same or (chosen and chosen.score < AUTO_SCORE))
                else "",
            }
        )
    st.markdown(f"**{t('wizard.step_columns', lang)}**")
    st.caption(t("wizard.step_columns_help", lang))
    edited = st.data_editor(
        pd.DataFrame(rows),
        key=f"wizard_columns_{key}",
        hide_index=True,
        width="stretch",
        disabled=["column", "answers", "why", "sure", "check"],
        column_order=["column", "question", "check", "sure", "why", "answers"],
        height=_rows_height(len(rows)),
        column_config={
            "column": st.column_config.TextColumn(t("wizard.column", lang), width="large", pinned=True),
            "answers": st.column_config.TextColumn(t("wizard.answers", lang)),
            "question": st.column_config.SelectboxColumn(
                t("wizard.question", lang), options=[c.label for c in choices], required=True, width="large"
            ),
            "why": st.column_config.TextColumn(t("wizard.why", lang)),
            "sure": st.column_config.NumberColumn(t("wizard.sure", lang), format="%d%%"),
            "check": st.column_config.TextColumn(t("wizard.check", lang), help=t("wizard.check_help", lang)),
        },
    )
    return {column.name: by_label.get(label) for column, label in zip(shown, edited["question"], strict=True)}


def _labels_for(
    column: ColumnSuggestion, question: Question, suggestions: Suggestions
) -> dict[str, LabelMatch]:
    chosen = column.chosen
    if chosen is not None and chosen.target == Target(question.id) and column.position in suggestions.values:
        return suggestions.values[column.position]
    labels = list(column.answers)
    if question.kind == "multi":
        labels = joined_pieces(column.answers, suggestions.separators)
    return label_values(labels, question, vocabulary_for(suggestions.questionnaire))


def _labels_step(
    suggestions: Suggestions,
    columns: dict[str, Target | None],
    start: dict[str, Any],
    lang: str,
    key: str,
) -> dict[str, dict[str, Any]]:
    """Step 2: per question the answers found against our values; unrecognised ones first."""
    questionnaire = suggestions.questionnaire
    values: dict[str, dict[str, Any]] = {}
    by_name = {c.name: c for c in suggestions.columns}
    st.markdown(f"**{t('wizard.step_labels', lang)}**")
    st.caption(t("wizard.step_labels_help", lang))
    any_shown = False
    for name, target in columns.items():
        if target is None or target.option is not None:
            continue
        question = questionnaire[target.question]
        column = by_name[name]
        if question.kind == "text" or not column.answers:
            continue
        matches = _labels_for(column, question, suggestions)
        confirmed = start["values"].get(question.id, {})
        free = question.open and not question.options
        if free and not confirmed and all(m.reason == "exact" for m in matches.values()):
            continue  # open answers are their own groups; nothing to confirm unless codes need names
        counts = _label_counts(column, matches)
        no_value = "" if free else t("score.not_answered", lang)
        rows = []
        for label, match in matches.items():
            value = confirmed.get(label, match.value)
            rows.append(
                {
                    "label": label,
                    "count": counts.get(label, 0),
                    "value": (str(value) if free else _value_label(question, value, lang))
                    if value is not None
                    else no_value,
                    "why": t(f"suggest.labels.{match.reason}", lang, detail=match.detail),
                    "check": "⚠" if value is None or match.reason in ("scale_word", "similar") else "",
                }
            )
        # unrecognised (no value) first, then the guesses to check, then the rest; most frequent first
        rows.sort(key=lambda r: (r["value"] != no_value, r["check"] == "", -r["count"]))
        unmatched = sum(1 for r in rows if r["value"] == no_value)
        needs_look = any(r["check"] for r in rows)
        title = t("wizard.labels_of", lang, question=question.text.get(lang), column=name)
        if unmatched:
            title += " · " + t("wizard.unmatched", lang, count=unmatched)
        any_shown = True
        with st.expander(title, expanded=needs_look, icon=":material/warning:" if needs_look else None):
            options = [_value_label(question, v, lang) for v in question.values]
            value_column = (
                st.column_config.TextColumn(t("wizard.value_free", lang))
                if free
                else st.column_config.SelectboxColumn(t("wizard.value", lang), options=[no_value, *options])
            )
            edited = st.data_editor(
                pd.DataFrame(rows),
                key=f"wizard_labels_{key}_{question.id}_{column.position}",
                hide_index=True,
                width="stretch",
                disabled=["label", "count", "why", "check"],
                column_config={
                    "label": st.column_config.TextColumn(t("wizard.label", lang)),
                    "count": st.column_config.NumberColumn(t("wizard.count", lang)),
                    "value": value_column,
                    "why": st.column_config.TextColumn(t("wizard.why", lang)),
                    "check": st.column_config.TextColumn(t("wizard.check", lang)),
                },
            )
        back = {_value_label(question, v, lang): v for v in question.values}
        chosen: dict[str, Any] = {}
        for label, shown_value in zip(edited["label"], edited["value"], strict=True):
            if not shown_value or pd.isna(shown_value):
                continue
            value = str(shown_value).strip() if free else back.get(shown_value)
            exact = matches.get(label)
            if value is not None and not (exact and exact.reason == "exact" and exact.value == value):
                chosen[label] = value
        if chosen:
            values[question.id] = chosen
    if not any_shown:
        st.caption(t("wizard.no_labels", lang))
    return values


def _rows_height(rows: int, most: int = 16) -> int:
    """Pixels for a data editor showing ``rows`` rows (up to ``most``) without its own scrollbar."""
    return 35 * (min(rows, most) + 1) + 3


def _label_counts(column: ColumnSuggestion, matches: dict[str, LabelMatch]) -> dict[str, int]:
    counts = dict(column.answers)
    for label in matches:
        if label not in counts:  # a piece of joined multi-select answers
            counts[label] = sum(n for answer, n in column.answers.items() if label in answer)
    return counts


def draft_mapping(columns: dict[str, Target | None], values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "columns": {name: target.as_mapping() if target else None for name, target in columns.items()},
        "values": values,
    }


def mapping_wizard(ds: state.Dataset, questionnaire: Questionnaire, lang: str, page_error: str = "") -> None:
    """The whole wizard for one uploaded export (see the module docstring).

    ``page_error``: the import error the page already shows; a file the wizard cannot read either
    (not a table at all) then gets no second copy of it under an empty wizard heading.
    """
    key = state.digest(ds.data + ds.organisation.encode() + ds.format.encode() + ds.structure)
    found = _suggestions(key, ds, questionnaire)
    if isinstance(found, str) and found == page_error:
        return
    st.subheader(t("wizard.title", lang))
    st.caption(t("wizard.intro", lang))
    if isinstance(found, str):
        st.error(found, icon=":material/error:")
        return
    confirmed = state.mapping_of(ds)
    start = _start(found, confirmed)
    columns = _columns_step(found, start, lang, key)
    values = _labels_step(found, columns, start, lang, key)
    mapping = draft_mapping(columns, values)
    _preview(ds, mapping, questionnaire, lang)
    left, right = st.columns(2)
    if left.button(
        t("wizard.apply", lang), type="primary", icon=":material/check:", key=f"wizard_apply_{key}"
    ):
        state.set_dataset(state.with_mapping(ds, dump_mapping(mapping)))
        st.session_state["wizard_applied"] = True
        st.rerun()
    right.download_button(
        t("wizard.download", lang),
        dump_mapping(mapping).encode("utf-8"),
        file_name=f"{ds.name.rsplit('.', 1)[0]}-mapping.yaml",
        mime="application/x-yaml",
        icon=":material/download:",
        key=f"wizard_download_{key}",
    )


def _preview(ds: state.Dataset, mapping: dict[str, Any], questionnaire: Questionnaire, lang: str) -> None:
    """Step 3: what the import would give with this mapping, before anything is applied."""
    st.markdown(f"**{t('wizard.step_preview', lang)}**")
    preview = state.preview_import(ds, dump_mapping(mapping), lang)
    if isinstance(preview, str):
        st.warning(preview, icon=":material/error:")
        return
    result, summary = preview
    report = result.report
    k = summary.min_group
    segment = questionnaire.segment_name(summary.segment_by, lang)
    cols = st.columns(3)
    cols[0].metric(t("wizard.respondents", lang), report.respondents)
    cols[1].metric(t("wizard.mapped_columns", lang), len(report.column_mapping))
    cols[2].metric(t("wizard.empty_values", lang), sum(report.value_problem_counts.values()))
    criterion_names = {c.id: c.name.get(lang) for c in catalog().criteria}
    groups = []
    for gkey, group in summary.segments.items():
        question = questionnaire.by_id.get(summary.segment_by)
        name = question.label(gkey, lang) if question else gkey
        if gkey == NOT_ANSWERED:
            name = t("score.not_answered", lang)
        groups.append(
            {
                t("wizard.group", lang, segment=segment[:1].upper() + segment[1:]): name,
                t("wizard.size", lang): t("voice.suppressed", lang) if group.suppressed else str(group.n),
                **(
                    {criterion_names.get(c, c): f"{100 * w:.0f}%" for c, w in (group.weights or {}).items()}
                    if not group.suppressed
                    else {}
                ),
            }
        )
    if groups:
        st.dataframe(pd.DataFrame(groups).fillna("–"), hide_index=True, width="stretch")
        if any(group.suppressed for group in summary.segments.values()):
            # the reason beside the table: in a cell it widened the column and pushed the weights away
            hidden = t("wizard.hidden", lang, k=k)
            st.caption(hidden[:1].upper() + hidden[1:])
    if summary.missing_questions.get("weights"):
        st.warning(t("wizard.no_weights", lang), icon=":material/help:")
    if report.value_problem_counts:
        st.caption(t("wizard.left_empty", lang))
        st.dataframe(
            pd.DataFrame(
                {
                    t("wizard.column", lang): list(report.value_problem_counts),
                    t("wizard.count", lang): list(report.value_problem_counts.values()),
                }
            ),
            hide_index=True,
        )
    for line in report.notices:
        st.caption(escape_markdown(line))
