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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advisor.i18n import normalise_language, t
from advisor.survey.formats import FORMATS, MAX_BYTES, Export, read_table, recognise
from advisor.survey.identity import kept_identity_frame
from advisor.survey.mapping import ColumnPlan, QuestionIndex, draft, load_mapping, plan_columns
from advisor.survey.questionnaire import Questionnaire, default_questionnaire
from advisor.survey.report import ImportProblem, ImportReport, SurveyImportError
from advisor.survey.validate import build_answers, filled_rows, materialise

__all__ = [
    "FORMATS",
    "ImportReport",
    "ImportResult",
    "SurveyImportError",
    "draft_mapping",
    "import_survey",
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
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportProblem("too_large", size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024))
        return path.read_bytes(), name
    except FileNotFoundError:
        raise ImportProblem("not_found") from None
    except IsADirectoryError:
        raise ImportProblem("is_directory") from None
    except OSError as exc:
        raise ImportProblem("unreadable", reason=exc.strerror or str(exc)) from None


def _load(
    source: Source, filename: str | None, format: str | None
) -> tuple[Export, list[str], str | None, str | None, str]:
    raw, name = _read_source(source, filename)
    table = read_table(raw)
    export = recognise(table, format)
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
) -> ImportResult:
    """Import one export file (path or bytes). Raises :class:`SurveyImportError`, nothing else."""
    lang = normalise_language(lang)
    try:
        return _import(source, filename, questionnaire, mapping, format, keep_identity, lang)
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
) -> ImportResult:
    questionnaire = questionnaire or default_questionnaire()
    index = QuestionIndex(questionnaire)
    mapping = load_mapping(mapping_source, questionnaire, lang) if mapping_source is not None else None
    export, notices, encoding, delimiter, name = _load(source, filename, forced)
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
        notices=[t(f"survey.notices.{n}", lang, encoding=encoding) for n in notices],
    )
    answers, problems = build_answers(export, plan, index, mapping, lang)
    keep = _skip_rows(export, plan, report)
    ids = _response_ids(export, keep, report)
    report.value_problems, report.value_problem_counts = materialise(problems, keep, export.data.index)
    answers = answers[keep]
    if keep_identity and plan.identity:
        answers = answers.join(kept_identity_frame(export.data[keep], plan.identity, export.names))
    answers.index = pd.Index(ids, name="response_id", dtype="str")
    _describe_columns(export, plan, report, keep_identity)
    report.respondents = len(answers)
    if not report.respondents:
        raise ImportProblem("no_responses", rows=report.rows, skipped=_counts_text(report, lang))
    report.finish()
    return ImportResult(answers, report)


def _skip_rows(export: Export, plan: ColumnPlan, report: ImportReport) -> np.ndarray:
    """Rows that count; skipped ones are recorded with their reason (first reason wins)."""
    keep = np.ones(len(export.data), dtype=bool)
    rows = export.data.index.to_numpy()
    for reason, mask in export.format.skip_reasons(export).items():
        hit = mask.to_numpy() & keep
        report.add_skipped(rows[hit].tolist(), reason)
        keep &= ~hit
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


def _counts_text(report: ImportReport, lang: str) -> str:
    parts = [f"{t(f'survey.reasons.{r}', lang)}: {n}" for r, n in sorted(report.skipped_counts.items())]
    return ", ".join(parts) or "-"


# --- draft mapping -------------------------------------------------------------------------


def _draft(
    source: Source, filename: str | None, questionnaire: Questionnaire | None, format: str | None, lang: str
) -> tuple[dict[str, Any], dict[str, str], Export, str]:
    lang = normalise_language(lang)
    try:
        export, _, _, _, name = _load(source, filename, format)
        index = QuestionIndex(questionnaire or default_questionnaire())
        mapping, why = draft(export, index, lang)
    except ImportProblem as problem:
        raise _fail(problem, source, filename, lang) from None
    return mapping, why, export, name


def draft_mapping(
    source: Source,
    *,
    filename: str | None = None,
    questionnaire: Questionnaire | None = None,
    format: str | None = None,
    lang: str = "nl",
) -> dict[str, Any]:
    """Every question-like column of the export with its best guess (None when there is none)."""
    return _draft(source, filename, questionnaire, format, lang)[0]


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def write_draft_mapping(
    source: Source,
    out_path: Path | str,
    *,
    filename: str | None = None,
    questionnaire: Questionnaire | None = None,
    format: str | None = None,
    lang: str = "nl",
) -> Path:
    """Write the draft mapping as YAML, one commented line per column: what was guessed and why."""
    mapping, why, export, name = _draft(source, filename, questionnaire, format, lang)
    lang = normalise_language(lang)
    format_name = t(f"survey.formats.{export.format.name}", lang)
    lines = [
        f"# {t('survey.draft.header', lang, file=name, format=format_name)}",
        f"# {t('survey.draft.instructions', lang)}",
        "columns:",
    ]
    for column, target in mapping["columns"].items():
        lines.append(f"  {json.dumps(column, ensure_ascii=False)}: {_yaml_scalar(target)}  # {why[column]}")
    skipped = [c for c in why if c not in mapping["columns"]]
    if skipped:
        lines.append(f"# {t('survey.draft.not_imported', lang)}")
        lines.extend(f"#   {json.dumps(c, ensure_ascii=False)}: {why[c]}" for c in skipped)
    lines.append("values: {}")
    out = Path(out_path)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
