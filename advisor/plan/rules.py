"""Guideline rules and plan texts as data: loading with located errors and a small condition language.

``surveys/plan/guidelines.yaml`` holds the usage guidelines, each with a condition on a segment's
figures; ``surveys/plan/texts.yaml`` holds every other text of the plan (headings, measures per
concern, migration per channel, integrations, governance, roles, KPIs, the schedule). Both are
validated with pydantic on load; an error names the file, the line and the field.

Conditions (no ``eval``): comparisons of a named metric with a number, combined with ``and``,
``or`` and parentheses, or the word ``always``::

    after_hours_share >= 0.30
    privacy_weight_rank <= 2 or privacy_weight >= 0.22
    email_regular_share < 0.5 and (whatsapp_regular_share >= 0.5 or sms_phone_regular_share >= 0.5)

A comparison with a metric that has no value (nobody in the segment answered) is false.

A rule, a governance row, a role or a KPI can say where it applies (``applies_to``: sector ids or
tags from ``surveys/questionnaire.yaml``, or ``unknown`` for an organisation that gave no sector;
``works_council: true``) and what the chosen platform must offer for it to make sense
(``premise``: indicator -> the values that meet it). When the platform does not meet the premise the
plan uses ``instead`` (what can be done instead), or leaves the entry out; a guideline that cannot be
kept is named as a risk. ``surveys/plan/calendar.yaml`` holds the holidays the phases avoid.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from advisor.plan.calendar import Calendar, CalendarInvalid, load_calendar
from advisor.validation import located_messages
from advisor.yamlio import Located, YamlError, load_located

PLAN_DIR = Path(__file__).resolve().parents[2] / "surveys" / "plan"
GUIDELINES_FILE = PLAN_DIR / "guidelines.yaml"
TEXTS_FILE = PLAN_DIR / "texts.yaml"
CALENDAR_FILE = PLAN_DIR / "calendar.yaml"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Op = Literal[">=", "<=", ">", "<", "=="]


class PlanDataInvalid(ValueError):
    """A plan data file with problems, each as 'file:line: field: message'."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


# ---------------------------------------------------------------- the condition language
_TOKEN = re.compile(r"\s*(>=|<=|==|>|<|\(|\)|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Comparison:
    metric: str
    op: Op
    threshold: float

    def holds(self, value: float | None) -> bool:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return False
        return {
            ">=": value >= self.threshold,
            "<=": value <= self.threshold,
            ">": value > self.threshold,
            "<": value < self.threshold,
            "==": value == self.threshold,
        }[self.op]


@dataclass(frozen=True)
class Node:
    """``always``, a comparison, or ``and``/``or`` over child nodes."""

    kind: Literal["always", "cmp", "and", "or"]
    comparison: Comparison | None = None
    children: tuple[Node, ...] = ()

    @property
    def metrics(self) -> set[str]:
        if self.comparison is not None:
            return {self.comparison.metric}
        return set().union(*(c.metrics for c in self.children)) if self.children else set()

    def evaluate(self, metrics: Mapping[str, float | None]) -> tuple[bool, list[Comparison]]:
        """Whether the condition holds, and the comparisons that made it hold (the trace)."""
        if self.kind == "always":
            return True, []
        if self.kind == "cmp":
            assert self.comparison is not None
            ok = self.comparison.holds(metrics.get(self.comparison.metric))
            return ok, [self.comparison] if ok else []
        results = [child.evaluate(metrics) for child in self.children]
        if self.kind == "and":
            ok = all(r[0] for r in results)
            return ok, [c for r in results for c in r[1]] if ok else []
        true = [c for r in results if r[0] for c in r[1]]
        return any(r[0] for r in results), true


def parse_condition(text: str) -> Node:
    """Parse a condition; ``ValueError`` with the position of the problem."""
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise ValueError(f"cannot read the condition at '{text[position:].strip()}'")
        tokens.append(match.group(1))
        position = match.end()
    if not tokens:
        raise ValueError("empty condition (write 'always' for a rule that always applies)")
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.index != len(tokens):
        raise ValueError(f"unexpected '{tokens[parser.index]}' in the condition")
    return node


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.index = tokens, 0

    def _peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise ValueError("the condition ends too early")
        self.index += 1
        return token

    def expression(self) -> Node:
        parts = [self.conjunction()]
        while self._peek() == "or":
            self._take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else Node("or", children=tuple(parts))

    def conjunction(self) -> Node:
        parts = [self.atom()]
        while self._peek() == "and":
            self._take()
            parts.append(self.atom())
        return parts[0] if len(parts) == 1 else Node("and", children=tuple(parts))

    def atom(self) -> Node:
        token = self._take()
        if token == "(":
            node = self.expression()
            if self._take() != ")":
                raise ValueError("a '(' is not closed")
            return node
        if token == "always":
            return Node("always")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", token) or token in ("and", "or"):
            raise ValueError(f"expected a metric name, found '{token}'")
        op = self._take()
        if op not in (">=", "<=", ">", "<", "=="):
            raise ValueError(f"expected >=, <=, >, < or == after '{token}', found '{op}'")
        number = self._take()
        try:
            threshold = float(number)
        except ValueError:
            raise ValueError(f"expected a number after '{token} {op}', found '{number}'") from None
        return Node("cmp", Comparison(token, op, threshold))  # type: ignore[arg-type]


# ---------------------------------------------------------------- data models
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localised(_Strict):
    """A text in both product languages; ``{placeholders}`` are filled when the plan is built."""

    nl: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Conditional(Localised):
    """A text that only makes sense when the chosen platform has a capability (``premise``:
    indicator -> values that meet it); ``instead`` is said otherwise, or nothing."""

    premise: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], list[str]] = {}
    instead: Localised | None = None


def _check_condition(value: str) -> str:
    parse_condition(value)
    return value


class Applicability(_Strict):
    """Where an entry applies: the organisation's sector (ids or tags; empty = every organisation),
    a works council, and what the chosen platform must offer (indicator -> values that meet it)."""

    applies_to: list[Identifier] = []
    works_council: bool | None = None
    premise: dict[Identifier, list[str]] = {}


class Instead(_Strict):
    """What a guideline says when the chosen platform does not meet its premise, and the risk left."""

    title: Localised | None = None
    text: Localised
    risk: Localised | None = None


class GuidelineRule(Applicability):
    """One usage guideline: when it applies, what it says, why, and what the platform offers."""

    id: Identifier
    condition: str
    title: Localised
    text: Localised
    why: Localised
    fact: Identifier | None = None  # the catalogue indicator whose value picks the capability text
    capability: dict[str, Localised] = {}
    instead: Instead | None = None  # when the platform does not meet the premise

    @field_validator("condition")
    @classmethod
    def _valid_condition(cls, value: str) -> str:
        return _check_condition(value)

    @property
    def node(self) -> Node:
        return parse_condition(self.condition)


class GuidelinesFile(_Strict):
    version: int = 1
    guidelines: list[GuidelineRule] = Field(min_length=1)

    @field_validator("guidelines")
    @classmethod
    def _unique(cls, value: list[GuidelineRule]) -> list[GuidelineRule]:
        ids = [g.id for g in value]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate guideline id(s): {', '.join(duplicates)}")
        return value


class Schedule(_Strict):
    """Durations of the rollout (days), the size of the pilot and the champion network, and when a
    business system earns an integration line (shares of a group's answers)."""

    prepare_days: Annotated[int, Field(ge=0)] = 14
    pilot_days: Annotated[int, Field(gt=0)] = 60
    scale_days: Annotated[int, Field(gt=0)] = 90
    review_after_days: Annotated[int, Field(gt=0)] = 90
    sunset_after_days: Annotated[int, Field(gt=0)] = 90
    guest_expiry_days: Annotated[int, Field(gt=0)] = 90
    pilot_segments: Annotated[int, Field(ge=1)] = 2
    champion_share: Annotated[float, Field(gt=0, le=1)] = 0.10
    pilot_willingness: Annotated[float, Field(ge=0, le=1)] = 0.50
    slow_willingness: Annotated[float, Field(ge=0, le=1)] = 0.30
    system_use_min: Annotated[float, Field(ge=0, le=1)] = 0.30
    system_notify_min: Annotated[float, Field(ge=0, le=1)] = 0.25


class SystemIntegration(_Strict):
    """What the chosen platform offers for one business system (an option of the questionnaire's
    ``business_systems``): the catalogue indicator that decides it and a text per value."""

    fact: Identifier
    capability: dict[str, Localised]


class Governance(Applicability):
    id: Identifier
    topic: Localised
    text: Localised
    fact: Identifier | None = None
    capability: dict[str, Localised] = {}
    instead: Localised | None = None


class Role(Applicability):
    id: Identifier
    role: Localised
    tasks: Localised
    instead: Localised | None = None  # the tasks when the platform does not meet the premise


class Kpi(Applicability):
    id: Identifier
    name: Localised
    target: Localised
    measure: Localised
    when: Localised
    modes: list[Literal["adopt", "contain"]] = ["adopt"]  # contain: a platform nobody administers


class MetricLabel(_Strict):
    label: Localised
    format: Literal["percent", "number", "rank"] = "percent"


class TextsFile(_Strict):
    version: int = 1
    schedule: Schedule = Schedule()
    metrics: dict[str, MetricLabel]
    concerns: dict[str, Conditional]
    convincers: dict[str, Conditional]
    migration: dict[str, Conditional]
    changes: dict[str, Conditional] = {}  # per channel: what changes, in a few words (the summary)
    tradeoffs: dict[str, Conditional] = {}  # per criterion: what the plan does when a group gives it up
    channel_platforms: dict[str, str] = {}
    systems: dict[Identifier, SystemIntegration] = {}
    governance: list[Governance]
    roles: list[Role]
    kpis: list[Kpi]
    texts: dict[str, Any]

    @field_validator("texts")
    @classmethod
    def _leaves_are_localised(cls, value: dict[str, Any]) -> dict[str, Any]:
        def walk(node: Any, where: str) -> None:
            if isinstance(node, dict) and set(node) == {"nl", "en"}:
                Localised.model_validate(node)
                return
            if not isinstance(node, dict):
                raise ValueError(f"'{where}' needs nl and en texts")
            for key, child in node.items():
                walk(child, f"{where}.{key}" if where else str(key))

        walk(value, "")
        return value


@dataclass(frozen=True)
class PlanData:
    """The validated guideline rules, texts and calendar."""

    guidelines: GuidelinesFile
    texts: TextsFile
    files: tuple[Path, Path]
    calendar: Calendar

    def text(self, key: str, lang: str, /, **values: Any) -> str:
        node: Any = self.texts.texts
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise PlanDataInvalid([f"{self.files[1]}: texts.{key}: missing text"])
            node = node[part]
        text = node["en" if lang == "en" else "nl"]
        return fill(text, values)


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with its ``{placeholders}`` filled; an unknown placeholder stays visible as is."""
    return string.Formatter().vformat(text, (), _Keep(values))


class _Keep(dict):
    def __init__(self, values: Mapping[str, Any]) -> None:
        super().__init__(values)

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _validate(model: type[BaseModel], located: Located, lang: str | None) -> BaseModel:
    try:
        return model.model_validate(located.data or {})
    except ValidationError as exc:
        raise PlanDataInvalid(located_messages(exc, located, lang)) from None


def _check_metrics(located: Located, rules: GuidelinesFile, texts: TextsFile, known: set[str]) -> None:
    """Every metric a condition or a ``why`` text names must exist (typos fail on load, with line)."""
    problems = []
    allowed_placeholders = known | {"platform", "days", "segment", "threshold"}
    for index, rule in enumerate(rules.guidelines):
        for metric in sorted(rule.node.metrics - known):
            line = located.line_of(("guidelines", index, "condition"))
            problems.append(
                f"{located.path}:{line}: guidelines.{index}.condition: unknown metric '{metric}' "
                f"(known: {', '.join(sorted(k for k in known if k in texts.metrics))}, ...)"
            )
        for field_name in ("why", "text"):
            for lang in ("nl", "en"):
                text = getattr(getattr(rule, field_name), lang)
                for name in sorted(placeholders(text) - allowed_placeholders):
                    line = located.line_of(("guidelines", index, field_name, lang))
                    problems.append(
                        f"{located.path}:{line}: guidelines.{index}.{field_name}.{lang}: "
                        f"unknown placeholder '{{{name}}}'"
                    )
    if problems:
        raise PlanDataInvalid(problems)


def _check_applies_to(
    located: Located, entries: Iterable[tuple[tuple, Applicability]], known: set[str]
) -> None:
    """Every sector id or tag a rule names must exist (a typo would silently never apply)."""
    problems = []
    for loc, entry in entries:
        for index, name in enumerate(entry.applies_to):
            if name not in known:
                line = located.line_of((*loc, "applies_to", index))
                problems.append(
                    f"{located.path}:{line}: {'.'.join(map(str, loc))}.applies_to: unknown sector or tag "
                    f"'{name}' (known: {', '.join(sorted(known))})"
                )
    if problems:
        raise PlanDataInvalid(problems)


def sector_names() -> set[str]:
    """Sector ids and tags of the shipped questionnaire, and ``unknown`` (no sector given)."""
    from advisor.survey.questionnaire import sector_catalogue

    names = {"unknown"}
    for sector in sector_catalogue():
        names |= {sector.id, *sector.tags}
    return names


def load_plan_data(
    guidelines: Path = GUIDELINES_FILE,
    texts: Path = TEXTS_FILE,
    known_metrics: Iterable[str] | None = None,
    lang: str | None = None,
    calendar: Path | None = None,
) -> PlanData:
    """Load and validate the files. ``known_metrics`` (when given) checks every metric name used.
    ``calendar`` defaults to a ``calendar.yaml`` beside ``texts``, else the shipped one."""
    try:
        rules_located, texts_located = load_located(Path(guidelines)), load_located(Path(texts))
    except YamlError as exc:
        raise PlanDataInvalid([str(exc)]) from None
    rules = _validate(GuidelinesFile, rules_located, lang)
    text_file = _validate(TextsFile, texts_located, lang)
    assert isinstance(rules, GuidelinesFile) and isinstance(text_file, TextsFile)
    if known_metrics is not None:
        _check_metrics(rules_located, rules, text_file, set(known_metrics))
    known = sector_names()
    _check_applies_to(rules_located, [(("guidelines", i), g) for i, g in enumerate(rules.guidelines)], known)
    entries = [(("governance", i), g) for i, g in enumerate(text_file.governance)]
    entries += [(("roles", i), r) for i, r in enumerate(text_file.roles)]
    entries += [(("kpis", i), k) for i, k in enumerate(text_file.kpis)]
    _check_applies_to(texts_located, entries, known)
    if calendar is None:
        beside = Path(texts).parent / "calendar.yaml"
        calendar = beside if beside.is_file() else CALENDAR_FILE
    try:
        loaded = load_calendar(calendar, lang)
    except CalendarInvalid as exc:
        raise PlanDataInvalid(exc.problems) from None
    return PlanData(rules, text_file, (Path(guidelines), Path(texts)), loaded)


@cache
def default_plan_data() -> PlanData:
    """The shipped rules and texts, loaded once per process."""
    return load_plan_data()
