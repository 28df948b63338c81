"""Load and cross-check the criteria rubric, the platform files and organisation extensions.

Every problem is reported with file, line and field; nothing is half-loaded: ``load_catalog``
either returns a complete, consistent :class:`Catalog` or raises :class:`CatalogInvalid` listing
every problem found (not just the first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from advisor.catalog.models import (
    UNKNOWN,
    CriteriaFile,
    Criterion,
    Fact,
    Identifier,
    Indicator,
    MustHave,
    Override,
    Platform,
    _Strict,
)
from advisor.i18n import t
from advisor.validation import error_message
from advisor.yamlio import Located, YamlError, load_located

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "criteria"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or stale) in a data file."""

    file: Path
    line: int | None
    field: str
    message: str
    severity: Literal["error", "stale"] = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        label = "" if self.severity == "error" else "stale: "
        return f"{where}: {label}{self.field or '(file)'}: {self.message}"


class CatalogInvalid(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Extension(_Strict):
    """An organisation's own additions, in a YAML file of its own (no code changes)."""

    criteria: list[Criterion] = []
    indicators: dict[Identifier, list[Indicator]] = {}
    facts: dict[Identifier, dict[Identifier, Fact]] = {}
    overrides: dict[Identifier, dict[Identifier, Override]] = {}
    must_haves: list[MustHave] = []


@dataclass(frozen=True, eq=False)
class Catalog:
    """The validated rubric plus every platform, ready for scoring (hashed by identity: immutable)."""

    rubric: CriteriaFile
    platforms: tuple[Platform, ...]
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def criteria(self) -> list[Criterion]:
        return self.rubric.criteria

    @cached_property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.rubric.criteria]

    @cached_property
    def indicators(self) -> dict[str, tuple[Criterion, Indicator]]:
        return {i.id: (c, i) for c in self.rubric.criteria for i in c.indicators}

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.rubric.criteria if c.id == criterion_id)

    def platform(self, platform_id: str) -> Platform:
        for item in self.platforms:
            if item.id == platform_id:
                return item
        raise KeyError(platform_id)

    def must_have(self, must_id: str) -> MustHave:
        return next(m for m in self.rubric.must_haves if m.id == must_id)


def _msg(lang: str | None, key: str, **values: object) -> str:
    return t(f"catalog.problems.{key}", lang, **values)


def _validate(
    model: type[BaseModel], located: Located, problems: list[Problem], lang: str | None = None
) -> BaseModel | None:
    try:
        return model.model_validate(located.data if located.data is not None else {})
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            field_name = ".".join(str(part) for part in loc)
            message = error_message(err, lang)
            problems.append(Problem(located.path, located.line_of(loc), field_name, message))
        return None


def _load(path: Path, problems: list[Problem], lang: str | None = None) -> Located | None:
    try:
        return load_located(path, lang=lang)
    except YamlError as exc:
        problems.append(Problem(exc.path, exc.line, "", exc.message))
        return None


def _merge_extension(
    rubric: CriteriaFile, ext: Extension, located: Located, problems: list[Problem], lang: str | None
) -> CriteriaFile:
    criteria = list(rubric.criteria)
    known = {c.id for c in criteria}
    for index, new in enumerate(ext.criteria):
        if new.id in known:
            line = located.line_of(("criteria", index, "id"))
            problems.append(
                Problem(
                    located.path, line, f"criteria.{index}.id", _msg(lang, "duplicate_criterion", id=new.id)
                )
            )
            continue
        criteria.append(new)
        known.add(new.id)
    for crit_id, extra in ext.indicators.items():
        if crit_id not in known:
            problems.append(
                Problem(
                    located.path,
                    located.line_of(("indicators", crit_id)),
                    f"indicators.{crit_id}",
                    _msg(lang, "unknown_criterion", id=crit_id, known=", ".join(sorted(known))),
                )
            )
            continue
        position = next(i for i, c in enumerate(criteria) if c.id == crit_id)
        merged = [*criteria[position].indicators, *extra]
        criteria[position] = criteria[position].model_copy(update={"indicators": merged})
    try:
        return CriteriaFile.model_validate(
            {
                **rubric.model_dump(),
                "criteria": [c.model_dump() for c in criteria],
                "must_haves": [m.model_dump(by_alias=True) for m in [*rubric.must_haves, *ext.must_haves]],
            }
        )
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(
                Problem(
                    located.path,
                    None,
                    ".".join(map(str, err["loc"])),
                    err["msg"].removeprefix("Value error, "),
                )
            )
        return rubric


def _check_must_haves(
    rubric: CriteriaFile, located: Located, problems: list[Problem], lang: str | None
) -> None:
    scales = {i.id: i.scale for c in rubric.criteria for i in c.indicators}
    seen: set[str] = set()
    for m_index, must in enumerate(rubric.must_haves):
        if must.id in seen:
            problems.append(
                Problem(
                    located.path, None, f"must_haves.{m_index}.id", _msg(lang, "duplicate_must", id=must.id)
                )
            )
        seen.add(must.id)
        for c_index, cond in enumerate(must.any_of):
            loc = ("must_haves", m_index, "any_of", c_index)
            field_name = ".".join(map(str, loc))
            if cond.indicator not in scales:
                problems.append(
                    Problem(
                        located.path,
                        located.line_of(loc),
                        field_name,
                        _msg(lang, "unknown_indicator", id=cond.indicator),
                    )
                )
                continue
            for value in cond.values:
                if value not in scales[cond.indicator]:
                    allowed = ", ".join(scales[cond.indicator])
                    problems.append(
                        Problem(
                            located.path,
                            located.line_of(loc),
                            field_name,
                            _msg(lang, "not_a_value", value=value, id=cond.indicator, allowed=allowed),
                        )
                    )


def _check_platform(
    platform: Platform,
    rubric: CriteriaFile,
    located: Located,
    problems: list[Problem],
    today: dt.date,
    lang: str | None,
) -> None:
    scales = {i.id: i.scale for c in rubric.criteria for i in c.indicators}
    criteria = {c.id for c in rubric.criteria}
    path = located.path
    for ind_id in scales:
        if ind_id not in platform.facts:
            problems.append(
                Problem(
                    path,
                    located.line_of(("facts",)),
                    f"facts.{ind_id}",
                    _msg(lang, "missing_fact"),
                )
            )
    for ind_id, fact in platform.facts.items():
        loc = ("facts", ind_id)
        if ind_id not in scales:
            problems.append(
                Problem(
                    path,
                    located.line_of(loc),
                    f"facts.{ind_id}",
                    _msg(lang, "fact_unknown_indicator"),
                )
            )
            continue
        if fact.value != UNKNOWN and fact.value not in scales[ind_id]:
            allowed = ", ".join([*scales[ind_id], UNKNOWN])
            problems.append(
                Problem(
                    path,
                    located.line_of((*loc, "value")),
                    f"facts.{ind_id}.value",
                    _msg(lang, "not_on_scale", value=fact.value, allowed=allowed),
                )
            )
        age = (today - fact.checked).days
        if age > rubric.stale_after_days:
            problems.append(
                Problem(
                    path,
                    located.line_of((*loc, "checked")),
                    f"facts.{ind_id}.checked",
                    _msg(lang, "stale", date=fact.checked.isoformat(), days=age),
                    severity="stale",
                )
            )
        if fact.checked > today:
            problems.append(
                Problem(
                    path,
                    located.line_of((*loc, "checked")),
                    f"facts.{ind_id}.checked",
                    _msg(lang, "future", date=fact.checked.isoformat()),
                )
            )
    for crit_id in platform.overrides:
        if crit_id not in criteria:
            problems.append(
                Problem(
                    path,
                    located.line_of(("overrides", crit_id)),
                    f"overrides.{crit_id}",
                    f"unknown criterion '{crit_id}' (known: {', '.join(sorted(criteria))})",
                )
            )


def collect(
    directory: Path = DEFAULT_DIR,
    extra_files: tuple[Path, ...] | list[Path] = (),
    today: dt.date | None = None,
    lang: str | None = None,
) -> tuple[Catalog | None, list[Problem]]:
    """Load everything and return the catalogue (None when invalid) with all problems found."""
    today = today or dt.date.today()
    directory = Path(directory)
    problems: list[Problem] = []
    criteria_path = directory / "criteria.yaml"
    if not criteria_path.exists():
        return None, [Problem(criteria_path, None, "", _msg(lang, "no_rubric"))]
    located = _load(criteria_path, problems, lang)
    rubric = _validate(CriteriaFile, located, problems, lang) if located else None
    if rubric is None:
        return None, problems
    _check_must_haves(rubric, located, problems, lang)

    extensions: list[tuple[Extension, Located]] = []
    for extra in extra_files:
        ext_located = _load(Path(extra), problems, lang)
        ext = _validate(Extension, ext_located, problems, lang) if ext_located else None
        if ext is not None:
            rubric = _merge_extension(rubric, ext, ext_located, problems, lang)
            extensions.append((ext, ext_located))
    if extensions:
        _check_must_haves(rubric, extensions[-1][1], problems, lang)

    platforms: list[Platform] = []
    files: dict[str, Path] = {}
    platform_files = sorted((directory / "platforms").glob("*.yaml"))
    if not platform_files:
        problems.append(Problem(directory / "platforms", None, "", _msg(lang, "no_platforms")))
    for path in platform_files:
        plat_located = _load(path, problems, lang)
        platform = _validate(Platform, plat_located, problems, lang) if plat_located else None
        if platform is None:
            continue
        if platform.id in files:
            problems.append(
                Problem(
                    path,
                    plat_located.line_of(("id",)),
                    "id",
                    _msg(lang, "duplicate_platform", id=platform.id, other=files[platform.id].name),
                )
            )
            continue
        for ext, ext_located in extensions:
            facts = dict(platform.facts)
            for ind_id, fact in ext.facts.get(platform.id, {}).items():
                if ind_id in facts:
                    problems.append(
                        Problem(
                            ext_located.path,
                            ext_located.line_of(("facts", platform.id, ind_id)),
                            f"facts.{platform.id}.{ind_id}",
                            _msg(lang, "fact_twice"),
                        )
                    )
                facts[ind_id] = fact
            overrides = {**platform.overrides, **ext.overrides.get(platform.id, {})}
            platform = platform.model_copy(update={"facts": facts, "overrides": overrides})
        _check_platform(platform, rubric, plat_located, problems, today, lang)
        platforms.append(platform)
        files[platform.id] = path
    for ext, ext_located in extensions:
        for plat_id in ext.facts:
            if plat_id not in files:
                problems.append(
                    Problem(
                        ext_located.path,
                        ext_located.line_of(("facts", plat_id)),
                        f"facts.{plat_id}",
                        _msg(lang, "unknown_platform", id=plat_id),
                    )
                )
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Catalog(rubric, tuple(platforms), files), problems


def load_catalog(
    directory: Path = DEFAULT_DIR,
    extra_files: tuple[Path, ...] | list[Path] = (),
    today: dt.date | None = None,
) -> Catalog:
    """The validated catalogue, or :class:`CatalogInvalid` with every error (stale facts are not errors)."""
    catalog, problems = collect(directory, extra_files, today)
    if catalog is None:
        raise CatalogInvalid([p for p in problems if p.severity == "error"])
    return catalog


@cache
def shipped_catalog() -> Catalog:
    """The shipped catalogue (:data:`DEFAULT_DIR`), loaded once per process.

    For the questionnaire and the survey report, which only need its names: each load parses and
    validates some 40 files, so one command loading it twice paid for it twice.
    """
    return load_catalog()
