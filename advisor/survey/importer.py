"""Import a survey export: ``import_survey(path_or_bytes) -> ImportResult(answers, report)``.

The road, one step per module: read the bytes and recognise the tool (:mod:`.formats`), drop the
identity columns (:mod:`.identity`), map columns to question ids (:mod:`.mapping`), convert values
and skip what cannot count (:mod:`.validate`), and say what happened (:mod:`.report`).

``answers`` is the canonical answer frame documented in :mod:`advisor.survey.questionnaire`: index
``response_id`` (str), the questionnaire's columns in its order. With ``keep_identity=True`` the
identity columns follow under their export names (string dtype); analysis ignores them.

Either the whole file is imported or nothing is: a fatal problem raises one
:class:`SurveyImportError` (see :mod:`.report` for what is fatal and what is reported).
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advisor.fileio import os_reason, write_atomic
from advisor.i18n import normalise_language, t
from advisor.survey.formats import FORMATS, MAX_BYTES, Export, read_table, recognise
from advisor.survey.identity import kept_identity_frame
from advisor.survey.mapping import ColumnPlan, Mapping, QuestionIndex, load_mapping, plan_columns, yaml_scalar
from advisor.survey.orgcheck import headcount_notices
from advisor.survey.questionnaire import Questionnaire, default_questionnaire
from advisor.survey.report import ImportProblem, ImportReport, SurveyImportError
from advisor.survey.structure import apply_structure, read_structure
from advisor.survey.suggest import AUTO_SCORE, ColumnSuggestion, Suggestions, suggest
from advisor.survey.templates.codes import recognise_template
from advisor.survey.validate import convert_answers, filled_rows, materialise, merge_records

__all__ = [
    "FORMATS",
    "ImportReport",
    "ImportResult",
    "SurveyImportError",
    "draft_mapping",
    "draft_yaml",
    "import_survey",
    "suggest_mapping",
    "write_draft_mapping",
]

Source = str | Path | bytes


@dataclass
class ImportResult:
    answers: pd.DataFrame
    report: ImportReport


def _read_source(source: Source, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), filename or "upload"
    path = Path(source)
    name = filename or path.name
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(info.st_mode):  # a device or pipe: reading could block or never end
            raise ImportProblem("not_regular")
        size = info.st_size
        if size > MAX_BYTES:
            raise ImportProblem("too_large", size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024))
        return path.read_bytes(), name
    except FileNotFoundError:
        raise ImportProblem("not_found") from None
    except IsADirectoryError:
        raise ImportProblem("is_directory") from None
    except OSError as exc:
        raise ImportProblem("unreadable", reason=os_reason(exc, None)) from None


def _load(
    source: Source,
    filename: str | None,
    format: str | None,
    structure: Source | None = None,
    lang: str = "nl",
) -> tuple[Export, list[str], str | None, str | None, str]:
    raw, name = _read_source(source, filename)
    table = read_table(raw)
    export = recognise(table, format)
    if structure is not None:  # a codes export read with the .lss it came from
        lss, _ = _read_source(structure, "structure.lss")
        export = apply_structure(export, read_structure(lss, lang))
    return export, table.notices, table.encoding, table.delimiter, name


def _fail(problem: ImportProblem, source: Source, filename: str | None, lang: str) -> SurveyImportError:
    if filename:
        name = filename
    elif isinstance(source, str | Path):
        name = Path(source).name
    else:
        name = "upload"
    return SurveyImportError.from_problem(problem, name, lang)


def import_survey(
    source: Source,
    *,
    filename: str | None = None,
    questionnaire: Questionnaire | None = None,
    mapping: Path | str | dict[str, Any] | None = None,
    format: str | None = None,
    keep_identity: bool = False,
    lang: str = "nl",
    structure: Source | None = None,
    mapping_name: str | None = None,
) -> ImportResult:
    """Import one export file (path or bytes). Raises :class:`SurveyImportError`, nothing else.

    ``structure``: the LimeSurvey survey structure (.lss) a question-codes export came from.
    ``mapping_name``: what messages call a mapping given as a dict (an uploaded file's name).
    """
    lang = normalise_language(lang)
    try:
        return _import(
            source, filename, questionnaire, mapping, format, keep_identity, lang, structure, mapping_name
        )
    except ImportProblem as problem:
        raise _fail(problem, source, filename, lang) from None


def _import(
    source: Source,
    filename: str | None,
    questionnaire: Questionnaire | None,
    mapping_source: Path | str | dict[str, Any] | None,
    forced: str | None,
    keep_identity: bool,
    lang: str,
    structure: Source | None = None,
    mapping_name: str | None = None,
) -> ImportResult:
    questionnaire = questionnaire or default_questionnaire()
    index = QuestionIndex(questionnaire)
    mapping = (
        load_mapping(mapping_source, questionnaire, lang, name=mapping_name or "mapping")
        if mapping_source is not None
        else None
    )
    export, notices, encoding, delimiter, name = _load(source, filename, forced, structure, lang)
    template: str | None = None  # an export of our own survey template maps by itself
    if mapping_source is None and (found := recognise_template(export, questionnaire)) is not None:
        mapping, template = load_mapping(found, questionnaire, lang), export.format.name
    suggested: list[dict[str, Any]] = []
    if mapping is None:
        mapping, suggested = _automatic_mapping(export, questionnaire, lang)
    plan = plan_columns(export, index, mapping)
    if not plan.targets:
        raise ImportProblem("no_questions", format=t(f"survey.formats.{export.format.name}", lang))
    report = ImportReport(
        format=export.format.name,
        file=name,
        rows=len(export.data),
        encoding=encoding,
        delimiter=delimiter,
        kept_identity=keep_identity,
        notices=[_notice(n, lang, encoding) for n in notices],
        suggested_columns=suggested,
        template=template,
    )
    conversion = convert_answers(export, plan, index, mapping, lang)
    answers, problems = conversion.answers, conversion.problems
    keep = _skip_rows(export, plan, report)
    ids = _response_ids(export, keep, report)
    report.value_problems, report.value_problem_counts = materialise(problems, keep, export.data.index)
    report.spelling_merges = merge_records(conversion.merges, keep)
    answers = answers[keep]
    if keep_identity and plan.identity:
        answers = answers.join(kept_identity_frame(export.data[keep], plan.identity, export.names))
    answers.index = pd.Index(ids, name="response_id", dtype="str")
    _describe_columns(export, plan, report, keep_identity)
    report.notices += _short_row_notices(export, lang) + headcount_notices(answers, questionnaire, lang)
    report.respondents = len(answers)
    if not report.respondents:
        raise ImportProblem("no_responses", rows=report.rows, skipped=_counts_text(report, lang))
    report.finish()
    return ImportResult(answers, report)


def _notice(notice: str, lang: str, encoding: str | None) -> str:
    """A reading notice in words; ``invalid_utf8:<line>:<count>`` carries where and how many."""
    if notice.startswith("{"):  # formats.notice(): {"key": ..., values}
        values = json.loads(notice)
        return t(f"inputs.notices.{values.pop('key')}", lang, **values)
    key, _, rest = notice.partition(":")
    if key == "invalid_utf8":
        line, count = rest.split(":")
        return t("survey.notices.invalid_utf8", lang, line=line, count=count)
    return t(f"survey.notices.{key}", lang, encoding=encoding)


def _automatic_mapping(
    export: Export, questionnaire: Questionnaire, lang: str
) -> tuple[Mapping | None, list[dict[str, Any]]]:
    """Without a mapping file: the suggestions that are clear enough, and the list of them.

    Exact matches (question text or id) count as they always did; every other column that got a
    suggestion of at least :data:`AUTO_SCORE` is mapped to it and listed in the report with its
    reason, so nothing is mapped without the user being able to see why.
    """
    suggestions = suggest(export, questionnaire)
    drafted = suggestions.mapping(AUTO_SCORE)
    drafted["columns"] = {c: target for c, target in drafted["columns"].items() if target is not None}
    if not drafted["columns"]:
        return None, []
    listed = [
        {
            "column": column.name,
            "question": column.chosen.target.question,
            "option": column.chosen.target.option,
            "score": column.chosen.score,
            "reason": column.chosen.reason,
            "detail": column.chosen.detail,
        }
        for column in suggestions.columns
        if column.chosen is not None
        and column.chosen.score >= AUTO_SCORE
        and column.chosen.reason not in ("exact_id", "exact_text")
    ]
    return load_mapping(drafted, questionnaire, lang, name="suggestions"), listed


def _skip_rows(export: Export, plan: ColumnPlan, report: ImportReport) -> np.ndarray:
    """Rows that count; skipped ones are recorded with their reason (first reason wins)."""
    keep = np.ones(len(export.data), dtype=bool)
    rows = export.data.index.to_numpy()
    for reason, mask in export.format.skip_reasons(export).items():
        hit = mask.to_numpy() & keep
        report.add_skipped(rows[hit].tolist(), reason)
        keep &= ~hit
    short = np.isin(rows, list(export.short_rows)) & keep  # padded by the parser: cells may be shifted
    report.add_skipped(rows[short].tolist(), "too_few_cells")
    keep &= ~short
    empty = ~filled_rows(export, list(plan.targets)) & keep
    report.add_skipped(rows[empty].tolist(), "empty")
    return keep & ~empty


def _response_ids(export: Export, keep: np.ndarray, report: ImportReport) -> np.ndarray:
    """Response ids of the kept rows; a repeated id is skipped (the first counted one stays).

    Rows without an id (Google Forms has none) get ``row-<row number>``.
    """
    rows = export.data.index
    position = next(
        (i for i, n in enumerate(export.names) if n.strip().casefold() in export.format.response_id), None
    )
    if position is None:
        ids = "row-" + pd.Series(rows, index=rows).astype("str")
    else:
        ids = export.data[position].str.strip()
        missing = (ids == "").to_numpy()
        if missing.any():
            ids = ids.where(~missing, "row-" + pd.Series(rows, index=rows).astype("str"))
    counted = ids[keep]
    duplicated = counted.duplicated(keep="first").to_numpy()
    if duplicated.any():
        report.add_skipped(counted.index[duplicated].tolist(), "duplicate_id")
        report.duplicate_ids = sorted(set(counted[duplicated].tolist()))
        keep[np.flatnonzero(keep)[duplicated]] = False
    return ids[keep].to_numpy()


def _describe_columns(export: Export, plan: ColumnPlan, report: ImportReport, keep_identity: bool) -> None:
    report.column_mapping = {export.names[p]: target.as_mapping() for p, target in plan.targets.items()}
    report.dropped_columns = [] if keep_identity else [export.names[p] for p in plan.identity]
    report.unmapped_columns = plan.unmapped
    report.missing_mapped_columns = plan.missing_mapped


def _short_row_notices(export: Export, lang: str) -> list[str]:
    """Which rows had fewer cells than the header (they are skipped: their values may be shifted)."""
    if not export.short_rows:
        return []
    shown = sorted(export.short_rows)[:5]
    rows = ", ".join(t("inputs.notices.short_row", lang, row=r, cells=export.short_rows[r]) for r in shown)
    more = len(export.short_rows) - len(shown)
    return [
        t("inputs.notices.short_rows", lang, rows=rows, width=len(export.names), count=len(export.short_rows))
        + (f" (+{more})" if more > 0 else "")
    ]


def _counts_text(report: ImportReport, lang: str) -> str:
    parts = [f"{t(f'survey.reasons.{r}', lang)}: {n}" for r, n in sorted(report.skipped_counts.items())]
    return ", ".join(parts) or "-"


# --- draft mapping -------------------------------------------------------------------------


def _suggestions(
    source: Source,
    filename: str | None,
    questionnaire: Questionnaire | None,
    format: str | None,
    lang: str,
    structure: Source | None = None,
) -> tuple[Suggestions, Export, str]:
    try:
        export, _, _, _, name = _load(source, filename, format, structure, normalise_language(lang))
        suggestions = suggest(export, questionnaire or default_questionnaire())
    except ImportProblem as problem:
        raise _fail(problem, source, filename, normalise_language(lang)) from None
    return suggestions, export, name


def suggest_mapping(
    source: Source,
    *,
    filename: str | None = None,
    questionnaire: Questionnaire | None = None,
    format: str | None = None,
    lang: str = "nl",
    structure: Source | None = None,
) -> Suggestions:
    """The wizard's suggestions for every column of an export (see :mod:`.suggest`)."""
    return _suggestions(source, filename, questionnaire, format, lang, structure)[0]


def draft_mapping(
    source: Source,
    *,
    filename: str | None = None,
    questionnaire: Questionnaire | None = None,
    format: str | None = None,
    lang: str = "nl",
    structure: Source | None = None,
) -> dict[str, Any]:
    """Every question-like column with its clear guess (None when there is none), and ``values``.

    The same as an import without a mapping applies: a guess below :data:`AUTO_SCORE` is left
    out (None) and only offered, never applied until someone confirms it.
    """
    suggestions = suggest_mapping(
        source, filename=filename, questionnaire=questionnaire, format=format, lang=lang, structure=structure
    )
    return suggestions.mapping(AUTO_SCORE)


def _why(column: ColumnSuggestion, questionnaire: Questionnaire, lang: str) -> str:
    if column.kind == "identity":
        return t("survey.draft.identity", lang)
    if column.kind in ("metadata", "ignored"):
        return t("survey.draft.metadata", lang)
    if column.chosen is None:
        return t("survey.draft.none", lang)
    chosen = column.chosen
    question = questionnaire[chosen.target.question]
    text = question.text.get(lang)
    if chosen.target.option is not None:
        text += f" | {question.label(chosen.target.option, lang)}"
    why = t(f"suggest.reasons.{chosen.reason}", lang, detail=chosen.detail)
    if chosen.score < AUTO_SCORE:  # offered, not applied: the user writes the id to accept it
        target = yaml_scalar(chosen.target.as_mapping())
        return t(
            "survey.draft.unsure", lang, target=target, text=text, why=why, score=round(chosen.score * 100)
        )
    return f"{text} ({why}, {round(chosen.score * 100)}%)"


def draft_yaml(suggestions: Suggestions, name: str, format_name: str, lang: str) -> str:
    """The suggestions as a commented mapping file: per column what was guessed and why."""
    questionnaire = suggestions.questionnaire
    mapping = suggestions.mapping(AUTO_SCORE)
    lines = [
        f"# {t('survey.draft.header', lang, file=name, format=format_name)}",
        f"# {t('survey.draft.instructions', lang)}",
        "columns:",
    ]
    skipped = []
    for column in suggestions.columns:
        if column.name not in mapping["columns"]:
            if column.name and column.kind in ("identity", "metadata"):
                skipped.append(column)
            continue
        target = mapping["columns"][column.name]
        lines.append(
            f"  {json.dumps(column.name, ensure_ascii=False)}: {yaml_scalar(target)}"
            f"  # {_why(column, questionnaire, lang)}"
        )
    if skipped:
        lines.append(f"# {t('survey.draft.not_imported', lang)}")
        lines.extend(
            f"#   {json.dumps(c.name, ensure_ascii=False)}: {_why(c, questionnaire, lang)}" for c in skipped
        )
    if not mapping["values"]:
        lines.append("values: {}")
        return "\n".join(lines) + "\n"
    lines.append("values:")
    reasons = {
        (suggestions.columns[p].chosen.target.question, label): match
        for p, matches in suggestions.values.items()
        for label, match in matches.items()
        if suggestions.columns[p].chosen is not None
    }
    for qid, pairs in mapping["values"].items():
        lines.append(f"  {qid}:")
        for label, value in pairs.items():
            match = reasons[(qid, label)]
            why = t(f"suggest.labels.{match.reason}", lang, detail=match.detail)
            lines.append(f"    {json.dumps(label, ensure_ascii=False)}: {yaml_scalar(value)}  # {why}")
    return "\n".join(lines) + "\n"


def write_draft_mapping(
    source: Source,
    out_path: Path | str,
    *,
    filename: str | None = None,
    questionnaire: Questionnaire | None = None,
    format: str | None = None,
    lang: str = "nl",
    structure: Source | None = None,
) -> Path:
    """Write the draft mapping as YAML, one commented line per column: what was guessed and why."""
    lang = normalise_language(lang)
    suggestions, export, name = _suggestions(source, filename, questionnaire, format, lang, structure)
    text = draft_yaml(suggestions, name, t(f"survey.formats.{export.format.name}", lang), lang)
    sources = [source, structure] if isinstance(source, str | Path) else [structure]
    inputs = [Path(s) for s in sources if isinstance(s, str | Path)]
    return write_atomic(Path(out_path), text, lang, inputs, option="--write-mapping")
