"""What an import did (ImportReport) and why an import could not be done (SurveyImportError).

Fatal versus reported, decided once for all formats:

* Fatal (one :class:`SurveyImportError`, no data returned): the file cannot be read or is not a
  survey export (missing, too large, empty, binary, undecodable, damaged workbook, unterminated
  quote, rows with more cells than the header, one column only, header rows missing, header only),
  the columns cannot be mapped without guessing (no question column, duplicate or conflicting
  columns for one question, an identity column mapped to a question), a mapping file with an
  error, and a file in which no response is left after skipping.
* Reported (the import goes on): skipped rows (incomplete, test or preview, empty, duplicate
  response id), unmapped columns, dropped identity columns, values that are out of range or not
  an option (left missing), a text encoding that had to be guessed, mapping columns absent here.

Row numbers are the row as the user sees it in the file or spreadsheet: 1-based and counting the
header rows, so in a file with one header row the first response is row 2.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from advisor.errors import InputError
from advisor.i18n import keys, normalise_language, t

MAX_LISTED = 1000  # rows listed per kind; the counts always cover every row


class ImportProblem(Exception):
    """Internal: a fatal problem as an i18n key plus values; the importer adds file and language."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(key)


class SurveyImportError(InputError):
    """An export that cannot be imported; the message is in the user's language and says what to do.

    ``key`` is the reason (``survey.errors.<key>``), stable for tests and programs; ``row`` and
    ``column`` are set where the problem has a place in the file.
    """

    def __init__(
        self,
        message: str,
        *,
        key: str = "",
        file: str = "",
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.key, self.file, self.row, self.column = key, file, row, column

    @classmethod
    def from_problem(cls, problem: ImportProblem, file: str, lang: str) -> SurveyImportError:
        key = f"inputs.errors.{problem.key}"  # the input-safety messages live in inputs_<lang>.yaml
        key = key if key in keys(normalise_language(lang)) else f"survey.errors.{problem.key}"
        text = t(key, lang, file=file, **problem.values)
        return cls(
            text,
            key=problem.key,
            file=file,
            row=problem.values.get("row"),
            column=problem.values.get("column"),
        )


@dataclass
class ImportReport:
    """Everything the importer decided, JSON-ready through :meth:`to_dict`."""

    format: str
    file: str
    respondents: int = 0
    rows: int = 0  # response rows in the file (header rows not counted)
    encoding: str | None = None
    delimiter: str | None = None
    skipped: list[dict[str, Any]] = field(default_factory=list)
    skipped_counts: dict[str, int] = field(default_factory=dict)
    dropped_columns: list[str] = field(default_factory=list)
    unmapped_columns: list[dict[str, str]] = field(default_factory=list)
    column_mapping: dict[str, str | dict[str, Any]] = field(default_factory=dict)
    value_problems: list[dict[str, Any]] = field(default_factory=list)
    value_problem_counts: dict[str, int] = field(default_factory=dict)
    duplicate_ids: list[str] = field(default_factory=list)
    missing_mapped_columns: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    kept_identity: bool = False
    # columns mapped by suggestion (no mapping file): column, question, option, score, reason, detail
    suggested_columns: list[dict[str, Any]] = field(default_factory=list)
    # spelling variants of an answer counted as one ("IT", "I.T."): column, question, kept, merged, count
    spelling_merges: list[dict[str, Any]] = field(default_factory=list)
    template: str | None = None  # the tool whose template from advisor.survey.templates was recognised

    def add_skipped(self, rows: list[int], reason: str) -> None:
        if not rows:
            return
        self.skipped_counts[reason] = self.skipped_counts.get(reason, 0) + len(rows)
        room = MAX_LISTED - len(self.skipped)
        self.skipped.extend({"row": int(r), "reason": reason} for r in rows[:room])

    def finish(self) -> None:
        self.skipped.sort(key=lambda item: item["row"])
        self.value_problems.sort(key=lambda item: (item["row"], item["column"]))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self, lang: str = "nl") -> list[str]:
        """Short human lines: what was read, skipped, dropped and left missing."""
        lines = [
            t(
                "survey.report.imported",
                lang,
                file=self.file,
                format=t(f"survey.formats.{self.format}", lang),
                respondents=self.respondents,
                rows=self.rows,
            )
        ]
        for reason, count in sorted(self.skipped_counts.items()):
            reason_text = t(f"survey.reasons.{reason}", lang)
            lines.append(t("survey.report.skipped", lang, count=count, reason=reason_text))
        if self.dropped_columns:
            lines.append(t("survey.report.dropped", lang, columns=", ".join(self.dropped_columns)))
        if self.kept_identity:
            lines.append(t("survey.report.kept_identity", lang))
        for merge in self.spelling_merges:
            merged = ", ".join(f"'{x}'" for x in merge["merged"])
            lines.append(
                t(
                    "survey.report.merged_spellings",
                    lang,
                    column=merge["column"],
                    kept=merge["kept"],
                    count=merge["count"],
                    merged=merged,
                )
            )
        if self.suggested_columns:
            lines.append(t("survey.report.suggested", lang, count=len(self.suggested_columns)))
        if self.unmapped_columns:
            lines.append(t("survey.report.unmapped", lang, count=len(self.unmapped_columns)))
        if self.missing_mapped_columns:
            shown = ", ".join(f"'{c}'" for c in self.missing_mapped_columns[:5])
            more = len(self.missing_mapped_columns) - 5
            lines.append(
                t(
                    "survey.report.missing_mapped",
                    lang,
                    count=len(self.missing_mapped_columns),
                    columns=shown + (f" (+{more})" if more > 0 else ""),
                )
            )
        by_column = Counter(self.value_problem_counts)
        for column, count in sorted(by_column.items()):
            lines.append(t("survey.report.value_problems", lang, column=column, count=count))
        lines.extend(self.notices)
        return lines
