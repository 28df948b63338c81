"""Which export column answers which question: automatic matching and the mapping file.

Automatic, never guessed: a header that equals a question id or a canonical column
(``convincers.faster_answers``), or that equals a question text in Dutch or English after
:func:`normalise`. A one-column-per-option question matches when the header holds the question
text and an option label: SurveyMonkey ``text | label`` (its two header rows), Qualtrics
``text - label`` (row 2), LimeSurvey full headings ``text [label]``.

A mapping file (YAML, validated with pydantic; errors name file, line and field) maps anything
else and overrides the automatic match::

    columns:                                  # export column -> question id (null: ignore it)
      "Op welke afdeling werk je?": department
      "G03Q01[SQ002]": importance.privacy
      "Wat zou je overtuigen? | Snellere antwoorden": {question: convincers, option: faster_answers}
    values:                                   # export answer -> canonical value, per question id
      department: {"Redactie": editorial}
      importance.privacy: {"Zeer belangrijk": 5}

``values`` win over the automatic label match: an explicit mapping is the user's decision.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from advisor.i18n import t
from advisor.survey.formats import Export, excel_column
from advisor.survey.identity import normalise
from advisor.survey.questionnaire import Question, Questionnaire
from advisor.survey.report import ImportProblem
from advisor.validation import error_message
from advisor.yamlio import Located, YamlError, load_located

# SurveyMonkey's row 2 under a one-column question.
RESPONSE_WORDS = frozenset({"response", "open-ended response", "antwoord", "open antwoord"})


@dataclass(frozen=True)
class Target:
    """A column's destination: a question, or one option of a multi question."""

    question: str
    option: str | int | None = None

    def as_mapping(self) -> str | dict[str, Any]:
        if self.option is None:
            return self.question
        return {"question": self.question, "option": self.option}


# --- the mapping file ----------------------------------------------------------------------


class _OptionTarget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    option: str | int


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    columns: dict[str, str | _OptionTarget | None] = {}
    values: dict[str, dict[str | int | float, str | int]] = {}


@dataclass
class Mapping:
    """A validated mapping: column targets (None = ignore) and value lookups per question."""

    name: str
    columns: dict[str, Target | None] = field(default_factory=dict)
    values: dict[str, dict[str, str | int]] = field(default_factory=dict)


def _canonical_value(question: Question, value: str | int) -> str | int | None:
    """The option value ``value`` stands for, or None when it is not one (open: any text)."""
    if question.open and not question.options:
        return str(value).strip() or None
    for option in question.options:
        if str(option.value) == str(value).strip():
            return option.value
    return None


def _resolve_target(questionnaire: Questionnaire, raw: str | _OptionTarget) -> Target | str:
    """A Target, or the name of the unknown question id/option (str) for the error message."""
    if isinstance(raw, _OptionTarget):
        question = questionnaire.by_id.get(raw.question)
        if question is None:
            return raw.question
        if question.kind != "multi" or _canonical_value(question, raw.option) is None:
            return f"{raw.question}.{raw.option}"
        return Target(raw.question, _canonical_value(question, raw.option))
    if raw in questionnaire.by_id:
        return Target(raw)
    base, _, option = raw.rpartition(".")
    question = questionnaire.by_id.get(base)
    if question is not None and question.kind == "multi" and _canonical_value(question, option) is not None:
        return Target(base, _canonical_value(question, option))
    return raw


def load_mapping(
    source: Path | str | dict[str, Any], questionnaire: Questionnaire, lang: str, name: str = "mapping"
) -> Mapping:
    """Validate a mapping file or dict against the questionnaire; ImportProblem on any error."""
    if isinstance(source, dict):
        located = Located(Path(name), source)
    else:
        path = Path(source)
        name = str(path)
        if not path.is_file():
            raise ImportProblem("mapping_not_found", mapping=name)
        try:
            located = load_located(path, lang=lang)
        except YamlError as exc:
            raise ImportProblem("mapping_invalid", mapping=name, problems=str(exc)) from None
    problems: list[str] = []

    def where(loc: tuple[str | int, ...]) -> str:
        line = located.line_of(loc)
        return f"{name}:{line}" if line else name

    try:
        model = MappingFile.model_validate(located.data or {})
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            fields = ".".join(str(p) for p in loc)
            problems.append(f"{where(loc)}: {fields}: {error_message(err, lang)}")
        raise ImportProblem("mapping_invalid", mapping=name, problems="\n".join(problems)) from None
    mapping = Mapping(name)
    for column, raw in model.columns.items():
        if raw is None:
            mapping.columns[column] = None
            continue
        target = _resolve_target(questionnaire, raw)
        if isinstance(target, str):
            problems.append(
                t(
                    "survey.mapping.unknown_target",
                    lang,
                    where=where(("columns", column)),
                    column=column,
                    target=target,
                )
            )
        else:
            mapping.columns[column] = target
    for qid, pairs in model.values.items():
        question = questionnaire.by_id.get(qid)
        if question is None:
            problems.append(
                t("survey.mapping.unknown_question", lang, where=where(("values", qid)), target=qid)
            )
            continue
        lookup: dict[str, str | int] = {}
        for label, value in pairs.items():
            canonical = _canonical_value(question, value)
            if canonical is None:
                problems.append(
                    t(
                        "survey.mapping.unknown_value",
                        lang,
                        where=where(("values", qid, label)),
                        question=qid,
                        value=value,
                        expected=expected_values(question, lang),
                    )
                )
            else:
                lookup[normalise(_label_text(label))] = canonical
        mapping.values[qid] = lookup
    if problems:
        raise ImportProblem("mapping_invalid", mapping=name, problems="\n".join(problems))
    return mapping


def _label_text(label: str | int | float) -> str:
    if isinstance(label, float) and label.is_integer():
        return str(int(label))
    return str(label)


def expected_values(question: Question, lang: str) -> str:
    """What a cell of this question may hold, for messages."""
    if question.kind == "likert":
        low, high = min(question.values), max(question.values)
        return f"{low}-{high} ({question.options[0].label(lang)} ... {question.options[-1].label(lang)})"
    return ", ".join(o.label(lang) for o in question.options)


# --- automatic matching --------------------------------------------------------------------


class QuestionIndex:
    """Question texts and option labels of a questionnaire, normalised for exact lookups."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        by_text: dict[str, set[str]] = {}
        for question in questionnaire.questions:
            for text in (question.text.nl, question.text.en):
                by_text.setdefault(normalise(text), set()).add(question.id)
        # A text two questions share matches neither: that would be a guess.
        self.by_text = {text: next(iter(ids)) for text, ids in by_text.items() if len(ids) == 1}

    def option(self, question: Question, label: str) -> str | int | None:
        key = normalise(label)
        for option in question.options:
            if key in (normalise(option.nl), normalise(option.en), normalise(str(option.value))):
                return option.value
        return None

    def by_name(self, name: str) -> Target | None:
        if name in self.questionnaire.by_id:
            return Target(name)
        base, _, option = name.rpartition(".")
        question = self.questionnaire.by_id.get(base)
        if question is not None and question.kind == "multi":
            value = next((o.value for o in question.options if str(o.value) == option), None)
            if value is not None:
                return Target(base, value)
        return None

    def with_label(self, text: str, label: str) -> Target | None:
        """A question found by text, plus a sub-header label (an option, or 'Response')."""
        qid = self.by_text.get(normalise(text))
        if qid is None:
            return None
        question = self.questionnaire[qid]
        if question.kind == "multi":
            value = self.option(question, label)
            return Target(qid, value) if value is not None else None
        return Target(qid) if normalise(label) in RESPONSE_WORDS else None

    def by_text_split(self, text: str) -> Target | None:
        """``text [label]`` or ``text - label`` where text is a multi question and label its option."""
        match = re.fullmatch(r"(.*\S)\s*\[([^\]]+)\]", text.strip())
        target = self.with_label(match.group(1), match.group(2)) if match else None
        if target is not None and target.option is not None:
            return target
        for match in re.finditer(r" - ", text):
            target = self.with_label(text[: match.start()], text[match.end() :])
            if target is not None and target.option is not None:
                return target
        return None

    def match(self, name: str, text: str, label: str) -> Target | None:
        """The automatic target of one column, or None."""
        if target := self.by_name(name):
            return target
        if label:
            return self.with_label(text, label)
        if qid := self.by_text.get(normalise(text)):
            return Target(qid)
        return self.by_text_split(text)


# --- the plan for one export ---------------------------------------------------------------


@dataclass
class ColumnPlan:
    targets: dict[int, Target] = field(default_factory=dict)  # column position -> target
    identity: list[int] = field(default_factory=list)
    unmapped: list[dict[str, str]] = field(default_factory=list)
    missing_mapped: list[str] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)  # why a column went where it went


def _mapping_key(export: Export, position: int, mapping: Mapping | None) -> str | None:
    if mapping is None:
        return None
    for key in (export.names[position], export.texts[position]):
        if key in mapping.columns:
            return key
    return None


def plan_columns(export: Export, index: QuestionIndex, mapping: Mapping | None) -> ColumnPlan:
    plan = ColumnPlan()
    fmt = export.format
    used_keys: set[str] = set()
    for position, name in enumerate(export.names):
        label, extra = export.labels[position], export.extra[position]
        key = _mapping_key(export, position, mapping)
        if fmt.is_identity(name, label, extra):
            if key is not None and mapping and mapping.columns[key] is not None:
                raise ImportProblem("identity_mapped", column=name, mapping=mapping.name)
            plan.identity.append(position)
            continue
        if key is not None and mapping is not None:
            used_keys.add(key)
            target = mapping.columns[key]
            if target is None:
                plan.unmapped.append({"column": name, "reason": "ignored_by_mapping"})
            else:
                plan.targets[position] = target
                plan.reasons[position] = "mapping_file"
            continue
        if fmt.is_metadata(name, extra):
            continue
        if reason := fmt.ignored(name, extra):
            plan.unmapped.append({"column": name, "reason": reason})
            continue
        target = index.match(name, export.texts[position], label)
        if target is not None:
            plan.targets[position] = target
            plan.reasons[position] = "exact_text" if name not in index.questionnaire.by_id else "exact_id"
        elif name or (export.data[position] != "").any():
            plan.unmapped.append({"column": name, "reason": "no_question" if name else "no_header"})
    if mapping is not None:
        plan.missing_mapped = [c for c in mapping.columns if c not in used_keys]
        wanted = [c for c, target in mapping.columns.items() if target is not None]
        if wanted and not any(c in used_keys for c in wanted):
            raise ImportProblem(
                "mapping_matches_nothing",
                mapping=mapping.name,
                columns=", ".join(wanted[:5]),
                count=len(wanted),
            )
    _check_conflicts(export, plan, index.questionnaire)
    return plan


def _check_conflicts(export: Export, plan: ColumnPlan, questionnaire: Questionnaire) -> None:
    """Two columns for one answer cannot be imported without guessing which one counts."""
    seen: dict[tuple[str, Any], int] = {}
    joined: dict[str, int] = {}
    split: dict[str, int] = {}
    for position, target in plan.targets.items():
        key = (target.question, target.option)
        if key in seen:
            _raise_conflict(export, seen[key], position, target.question)
        seen[key] = position
        if questionnaire[target.question].kind == "multi":
            (joined if target.option is None else split)[target.question] = position
    for qid, position in joined.items():
        if qid in split:
            _raise_conflict(export, split[qid], position, qid)


def _raise_conflict(export: Export, first: int, second: int, qid: str) -> None:
    a, b = export.names[first], export.names[second]
    if a == b:
        raise ImportProblem(
            "duplicate_header", column=a, first=excel_column(first), second=excel_column(second), question=qid
        )
    raise ImportProblem("ambiguous_columns", first=a, second=b, question=qid)


# --- writing a mapping ---------------------------------------------------------------------


def yaml_scalar(value: Any) -> str:
    """A value as YAML: JSON spelling (strings quoted, so "no" and "<25" stay strings)."""
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def dump_mapping(mapping: dict[str, Any]) -> str:
    """A mapping (``columns`` and ``values``) as a mapping file, in the order given.

    Loading the text back with :func:`load_mapping` gives the same mapping, so a mapping confirmed
    in the wizard, downloaded and uploaded again imports exactly as it did.
    """
    lines = ["columns:" if mapping.get("columns") else "columns: {}"]
    for column, target in mapping.get("columns", {}).items():
        lines.append(f"  {json.dumps(column, ensure_ascii=False)}: {yaml_scalar(target)}")
    lines.append("values:" if mapping.get("values") else "values: {}")
    for qid, pairs in mapping.get("values", {}).items():
        lines.append(f"  {qid}:")
        lines.extend(
            f"    {json.dumps(str(k), ensure_ascii=False)}: {yaml_scalar(v)}" for k, v in pairs.items()
        )
    return "\n".join(lines) + "\n"
