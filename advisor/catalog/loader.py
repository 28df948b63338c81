"""Load and cross-check the criteria rubric, the platform files and organisation extensions.

Every problem is reported with file, line and field; nothing is half-loaded: ``load_catalog``
either returns a complete, consistent :class:`Catalog` or raises :class:`CatalogInvalid` listing
every problem found (not just the first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
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
    Lifecycle,
    MustHave,
    Override,
    Platform,
    ScaleLevel,
    Sourced,
    _Strict,
    is_plan_dependent,
    is_site_root,
)
from advisor.i18n import t
from advisor.validation import error_message
from advisor.yamlio import Located, YamlError, load_located

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "criteria"


Severity = Literal["error", "warning", "incomplete", "stale"]

# A sourced entry without ``source_date``: "incomplete" (shown, fails only with --strict) while the
# catalogue is being dated; "error" once every file dates its sources.
MISSING_SOURCE_DATE: Severity = "incomplete"
# A fact verified against a site root: not verified at all. An error, so the catalogue does not load.
VERIFIED_SITE_ROOT: Severity = "error"


@dataclass(frozen=True)
class Problem:
    """One thing wrong, doubtful, incomplete or stale in a data file.

    ``error``: the catalogue is invalid. ``warning``: worth a look, never fails. ``incomplete``
    and ``stale``: shown, and fail ``catalog check --strict``.
    """

    file: Path
    line: int | None
    field: str
    message: str
    severity: Severity = "error"

    def fails(self, strict: bool = False) -> bool:
        return self.severity == "error" or (strict and self.severity in ("incomplete", "stale"))

    def describe(self, lang: str | None = None) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        label = "" if self.severity == "error" else f"{t(f'catalog.severity.{self.severity}', lang)}: "
        return f"{where}: {label}{self.field or t('catalog.whole_file', lang)}: {self.message}"

    def __str__(self) -> str:
        return self.describe()


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


@dataclass(frozen=True)
class _Site:
    """Where an entry is written: its file and its key path there (for file, line and field)."""

    located: Located
    loc: tuple[str | int, ...]

    def problem(self, tail: tuple[str | int, ...], message: str, severity: Severity = "error") -> Problem:
        loc = (*self.loc, *tail)
        field_name = ".".join(map(str, loc))
        return Problem(self.located.path, self.located.line_of(loc), field_name, message, severity)


Scales = dict[str, dict[str, ScaleLevel]]  # indicator id -> its levels

# The rubric indicator whose "no" a US host contradicts (see _check_hosts).
US_JURISDICTION = "us_jurisdiction"


def _scales(rubric: CriteriaFile) -> Scales:
    return {i.id: i.scale for c in rubric.criteria for i in c.indicators}


def _check_value(
    site: _Site, ind_id: str, fact: Fact, scales: Scales, problems: list[Problem], lang: str | None
) -> bool:
    """The fact's indicator is in the rubric and its value on that indicator's scale."""
    if ind_id not in scales:
        problems.append(site.problem((), _msg(lang, "fact_unknown_indicator")))
        return False
    if fact.value != UNKNOWN and fact.value not in scales[ind_id]:
        allowed = ", ".join([*scales[ind_id], UNKNOWN])
        problems.append(
            site.problem(("value",), _msg(lang, "not_on_scale", value=fact.value, allowed=allowed))
        )
        return False
    return True


def _check_source(
    site: _Site,
    entry: Sourced | Lifecycle,
    rubric: CriteriaFile,
    today: dt.date,
    problems: list[Problem],
    lang: str | None,
) -> None:
    """The source of one fact, price, host, lifecycle or milestone: a specific page, dated, current."""
    if entry.source is None:  # an active lifecycle without a source says nothing to check
        return
    if is_site_root(entry.source):
        verified = bool(entry.verified)
        key, severity = (
            ("source_root_verified", VERIFIED_SITE_ROOT) if verified else ("source_root", "warning")
        )
        problems.append(site.problem(("source",), _msg(lang, key, url=entry.source), severity))
    if entry.source_date is None:
        problems.append(site.problem(("source_date",), _msg(lang, "no_source_date"), MISSING_SOURCE_DATE))
    else:
        age = (today - entry.source_date).days
        if age > rubric.stale_after_days:
            message = _msg(lang, "source_stale", date=entry.source_date.isoformat(), days=age)
            problems.append(site.problem(("source_date",), message, "stale"))
        elif age < 0:
            message = _msg(lang, "source_date_future", date=entry.source_date.isoformat())
            problems.append(site.problem(("source_date",), message, "warning"))
    if entry.checked is None:
        return
    age = (today - entry.checked).days
    if age > rubric.stale_after_days:
        message = _msg(lang, "stale", date=entry.checked.isoformat(), days=age)
        problems.append(site.problem(("checked",), message, "stale"))
    if entry.checked > today:
        problems.append(site.problem(("checked",), _msg(lang, "future", date=entry.checked.isoformat())))


def _sourced_entries(
    platform: Platform, located: Located, fact_sites: dict[str, _Site]
) -> Iterator[tuple[_Site, Sourced | Lifecycle]]:
    """Every entry of a platform that cites a source, with where it is written."""
    for ind_id, fact in platform.facts.items():
        yield fact_sites.get(ind_id, _Site(located, ("facts", ind_id))), fact
    for index, plan in enumerate(platform.plans):
        yield _Site(located, ("plans", index, "price")), plan.price
        for ind_id, fact in plan.facts.items():
            yield _Site(located, ("plans", index, "facts", ind_id)), fact
    for index, host in enumerate(platform.hosted_by):
        yield _Site(located, ("hosted_by", index)), host
    yield _Site(located, ("lifecycle",)), platform.lifecycle
    for index, milestone in enumerate(platform.lifecycle.milestones):
        yield _Site(located, ("lifecycle", "milestones", index)), milestone


def _check_plans(
    platform: Platform, scales: Scales, located: Located, problems: list[Problem], lang: str | None
) -> None:
    """Unique plan ids; plan facts on the scale and concrete; every plan-dependent base fact resolved."""
    seen: set[str] = set()
    for index, plan in enumerate(platform.plans):
        if plan.id in seen:
            message = _msg(lang, "duplicate_plan", id=plan.id)
            problems.append(_Site(located, ("plans", index)).problem(("id",), message))
        seen.add(plan.id)
        for ind_id, fact in plan.facts.items():
            site = _Site(located, ("plans", index, "facts", ind_id))
            if _check_value(site, ind_id, fact, scales, problems, lang) and is_plan_dependent(fact.value):
                concrete = ", ".join(level for level in scales[ind_id] if not is_plan_dependent(level))
                message = _msg(lang, "plan_fact_depends", value=fact.value, allowed=concrete)
                problems.append(site.problem(("value",), message))
    _check_resolved(platform, located, problems, lang)


def _check_resolved(platform: Platform, located: Located, problems: list[Problem], lang: str | None) -> None:
    """A base fact that says "only on some plans" names its level on every plan."""
    dependent = {ind_id: f.value for ind_id, f in platform.facts.items() if is_plan_dependent(f.value)}
    if dependent and not platform.plans and not platform.retired:
        message = _msg(lang, "no_plans", indicators=", ".join(dependent))
        problems.append(_Site(located, ()).problem(("facts",), message, "incomplete"))
    for index, plan in enumerate(platform.plans):
        for ind_id, value in dependent.items():
            if ind_id not in plan.facts:
                message = _msg(
                    lang, "plan_unresolved", platform=platform.id, plan=plan.id, indicator=ind_id, value=value
                )
                problems.append(_Site(located, ("plans", index, "facts")).problem((ind_id,), message))


def _check_hosts(platform: Platform, site: _Site, problems: list[Problem], lang: str | None) -> None:
    """A non-US vendor whose service runs on a US provider is not free of US jurisdiction."""
    fact = platform.facts.get(US_JURISDICTION)
    if platform.vendor_country == "US" or fact is None or fact.value != "no":
        return
    for host in platform.hosted_by:
        if host.provider_country == "US":
            message = _msg(
                lang, "us_host", provider=host.provider, country=host.provider_country, region=host.region
            )
            problems.append(site.problem(("value",), message, "warning"))


def _check_platform(
    platform: Platform,
    rubric: CriteriaFile,
    located: Located,
    problems: list[Problem],
    today: dt.date,
    lang: str | None,
    fact_sites: dict[str, _Site] | None = None,
) -> None:
    """Everything about one platform the models cannot see alone: the rubric, the plans, the sources.

    ``fact_sites``: where facts merged from an organisation's extension file are written.
    """
    scales = _scales(rubric)
    fact_sites = fact_sites or {}
    for ind_id in scales:
        if ind_id not in platform.facts:
            problems.append(_Site(located, ("facts",)).problem((ind_id,), _msg(lang, "missing_fact")))
    for ind_id, fact in platform.facts.items():
        site = fact_sites.get(ind_id, _Site(located, ("facts", ind_id)))
        _check_value(site, ind_id, fact, scales, problems, lang)
    _check_plans(platform, scales, located, problems, lang)
    for site, entry in _sourced_entries(platform, located, fact_sites):
        _check_source(site, entry, rubric, today, problems, lang)
    _check_hosts(
        platform, fact_sites.get(US_JURISDICTION, _Site(located, ("facts", US_JURISDICTION))), problems, lang
    )
    if not platform.recommend and platform.reference_note is None:
        problems.append(_Site(located, ()).problem(("recommend",), _msg(lang, "reference_note_missing")))
    criteria = {c.id for c in rubric.criteria}
    for crit_id in platform.overrides:
        if crit_id not in criteria:
            message = _msg(lang, "unknown_criterion", id=crit_id, known=", ".join(sorted(criteria)))
            problems.append(_Site(located, ("overrides",)).problem((crit_id,), message))


@dataclass(frozen=True)
class CheckResult:
    """What ``catalog check`` found: the catalogue (None when it has errors), every problem, and
    every platform that is valid on its own (for the coverage report, also when others are not)."""

    catalog: Catalog | None
    problems: list[Problem]
    platforms: tuple[Platform, ...] = ()


def check(
    directory: Path = DEFAULT_DIR,
    extra_files: tuple[Path, ...] | list[Path] = (),
    today: dt.date | None = None,
    lang: str | None = None,
) -> CheckResult:
    """Load and check everything; every problem found, never only the first."""
    today = today or dt.date.today()
    directory = Path(directory)
    problems: list[Problem] = []
    criteria_path = directory / "criteria.yaml"
    if not criteria_path.exists():
        return CheckResult(None, [Problem(criteria_path, None, "", _msg(lang, "no_rubric"))])
    located = _load(criteria_path, problems, lang)
    rubric = _validate(CriteriaFile, located, problems, lang) if located else None
    if rubric is None:
        return CheckResult(None, problems)
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
        platform, fact_sites = _extend(platform, extensions, problems, lang)
        _check_platform(platform, rubric, plat_located, problems, today, lang, fact_sites)
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
        return CheckResult(None, problems, tuple(platforms))
    return CheckResult(Catalog(rubric, tuple(platforms), files), problems, tuple(platforms))


def _extend(
    platform: Platform, extensions: list[tuple[Extension, Located]], problems: list[Problem], lang: str | None
) -> tuple[Platform, dict[str, _Site]]:
    """The platform with the facts and overrides of the organisation's files, and where those facts are."""
    sites: dict[str, _Site] = {}
    for ext, ext_located in extensions:
        facts = dict(platform.facts)
        for ind_id, fact in ext.facts.get(platform.id, {}).items():
            site = _Site(ext_located, ("facts", platform.id, ind_id))
            if ind_id in facts:
                problems.append(site.problem((), _msg(lang, "fact_twice")))
            facts[ind_id] = fact
            sites[ind_id] = site
        overrides = {**platform.overrides, **ext.overrides.get(platform.id, {})}
        platform = platform.model_copy(update={"facts": facts, "overrides": overrides})
    return platform, sites


def collect(
    directory: Path = DEFAULT_DIR,
    extra_files: tuple[Path, ...] | list[Path] = (),
    today: dt.date | None = None,
    lang: str | None = None,
) -> tuple[Catalog | None, list[Problem]]:
    """Load everything and return the catalogue (None when invalid) with all problems found."""
    result = check(directory, extra_files, today, lang)
    return result.catalog, result.problems


def load_catalog(
    directory: Path = DEFAULT_DIR,
    extra_files: tuple[Path, ...] | list[Path] = (),
    today: dt.date | None = None,
) -> Catalog:
    """The validated catalogue, or :class:`CatalogInvalid` with every error (warnings, incomplete
    and stale entries are not errors)."""
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
