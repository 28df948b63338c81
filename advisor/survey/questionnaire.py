"""The staff questionnaire: canonical question ids, values and texts (validated on load).

``surveys/questionnaire.yaml`` holds the base questionnaire. Templated questions are expanded here:
``use`` becomes ``use.<channel>`` for every channel, ``importance`` becomes ``importance.<criterion>``
for every criterion of the catalogue rubric (including criteria an organisation adds). An
organisation file adds segment options (department, location, role), headcounts and questions.

The canonical answer frame (what every importer produces and every analysis reads):
one row per response, index ``response_id`` (str); one column per question id for ``single`` and
``text`` questions (pandas ``string`` dtype, canonical values, <NA> when not answered), ``likert``
questions as nullable ``Int64``; a ``multi`` question as one nullable ``boolean`` column per option,
named ``<question id>.<option value>`` (all <NA> when the question was not answered).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from advisor.catalog.models import Currency, Text
from advisor.validation import located_messages
from advisor.yamlio import load_located

SURVEYS_DIR = Path(__file__).resolve().parents[2] / "surveys"
DEFAULT_QUESTIONNAIRE = SURVEYS_DIR / "questionnaire.yaml"
DEMO_ORGANISATION = SURVEYS_DIR / "demo" / "organisation.yaml"

QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$")]
Kind = Literal["single", "multi", "likert", "text"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    value: str | int
    nl: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Channel(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    nl: str
    en: str
    shadow_it: bool = False

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class RawQuestion(_Strict):
    id: QuestionId
    kind: Kind
    text: Text
    segment: bool = False
    open: bool = False
    options: list[Option] = []
    scale: str | None = None
    per_channel: bool = False
    per_criterion: bool = False
    catalog_options: bool = False
    help: Text | None = None

    @model_validator(mode="after")
    def _has_answers(self) -> RawQuestion:
        if self.kind in ("single", "multi", "likert") and not (self.options or self.scale or self.open):
            raise ValueError(f"question '{self.id}' of kind {self.kind} needs options or a scale")
        return self


class Sector(_Strict):
    """An organisation's sector (``organisation.yaml`` ``sector``); ``tags`` group sectors for the
    adoption plan's sector-bound rules (``government``: Woo and Archiefwet; ``healthcare``: NEN 7510)."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    nl: str
    en: str
    tags: list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]] = []

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class QuestionnaireFile(_Strict):
    version: int = 1
    scales: dict[str, list[Option]] = {}
    channels: list[Channel] = Field(min_length=1)
    sectors: list[Sector] = []
    questions: list[RawQuestion] = Field(min_length=1)


class ExchangeRates(_Strict):
    """The organisation's own exchange rates, so prices in another currency can be compared.

    ``rates``: what one unit of each currency is worth in ``base`` (``USD: 0.86`` with base EUR:
    one dollar is 0.86 euro). Platform Advisor never invents a rate: without this section a price
    in another currency than the budget's is not compared.
    """

    base: Currency = "EUR"
    rates: dict[Currency, Annotated[float, Field(gt=0)]] = Field(min_length=1)
    date: dt.date | None = None
    source: str = ""

    def rate(self, currency: str) -> float | None:
        return 1.0 if currency == self.base else self.rates.get(currency)  # type: ignore[arg-type]

    def convert(self, amount: float, source: str, target: str) -> float | None:
        """``amount`` in ``source`` expressed in ``target``; None when a rate is missing."""
        if source == target:
            return amount
        rate_from, rate_to = self.rate(source), self.rate(target)
        if rate_from is None or rate_to is None:
            return None
        return amount * rate_from / rate_to


HolidayRegion = Literal["noord", "midden", "zuid"]


class OrganisationFile(_Strict):
    """An organisation's own settings: name, sector and size, segment options, headcounts, extra
    questions, exchange rates, and the school-holiday regions its staff live in.

    ``sector`` is one of the questionnaire's ``sectors`` (None: not given; the plan says so and
    leaves sector-bound rules out). ``size`` is the number of staff (None: the headcounts' sum, if
    any). ``works_council`` says whether there is an ondernemingsraad (None: from the size, 50 or
    more staff, WOR art. 2). ``holiday_regions`` empty means all three."""

    name: str = ""
    sector: str | None = None
    size: Annotated[int, Field(ge=1)] | None = None
    works_council: bool | None = None
    holiday_regions: list[HolidayRegion] = []
    language: Literal["nl", "en"] = "nl"
    segment_options: dict[QuestionId, list[Option]] = {}
    headcounts: dict[QuestionId, dict[str, Annotated[int, Field(ge=0)]]] = {}
    questions: list[RawQuestion] = []
    exchange_rates: ExchangeRates | None = None


@dataclass(frozen=True)
class Question:
    """One concrete question of the questionnaire (templates already expanded)."""

    id: str
    kind: Kind
    text: Text
    options: tuple[Option, ...] = ()
    segment: bool = False
    open: bool = False
    help: Text | None = None
    group: str = ""  # 'use' or 'importance' for the expanded families
    subject: str = ""  # the channel or criterion id of an expanded question

    @property
    def values(self) -> tuple[str | int, ...]:
        return tuple(o.value for o in self.options)

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names in the canonical frame."""
        if self.kind == "multi":
            return tuple(f"{self.id}.{o.value}" for o in self.options)
        return (self.id,)

    def option(self, value: str | int) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def label(self, value: str | int, lang: str) -> str:
        option = self.option(value)
        return option.label(lang) if option else str(value)


@dataclass(frozen=True)
class Questionnaire:
    questions: tuple[Question, ...]
    channels: tuple[Channel, ...]
    organisation: OrganisationFile = field(default_factory=OrganisationFile)
    sectors: tuple[Sector, ...] = ()

    @property
    def sector(self) -> Sector | None:
        """The organisation's sector, or None when its file names none."""
        return next((s for s in self.sectors if s.id == self.organisation.sector), None)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def __getitem__(self, question_id: str) -> Question:
        return self.by_id[question_id]

    @property
    def segment_ids(self) -> list[str]:
        return [q.id for q in self.questions if q.segment]

    @property
    def importance_ids(self) -> list[str]:
        return [q.id for q in self.questions if q.group == "importance"]

    @property
    def criterion_ids(self) -> list[str]:
        return [q.subject for q in self.questions if q.group == "importance"]

    @property
    def channel_ids(self) -> list[str]:
        return [c.id for c in self.channels]

    @property
    def shadow_channels(self) -> list[str]:
        return [c.id for c in self.channels if c.shadow_it]

    @cached_property
    def columns(self) -> list[str]:
        return [col for q in self.questions for col in q.columns]

    def segment_name(self, segment_id: str, lang: str) -> str:
        """What the user calls a segment question: 'afdeling' for department; else its question text."""
        from advisor.i18n import keys, t

        key = f"segments.{segment_id}"
        if key in keys(lang):
            return t(key, lang)
        return self[segment_id].text.get(lang) if segment_id in self.by_id else segment_id

    def headcounts(self, segment_id: str) -> dict[str, int]:
        return dict(self.organisation.headcounts.get(segment_id, {}))


class QuestionnaireInvalid(ValueError):
    """A questionnaire or organisation file with problems, each as 'file:line: field: message'."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _validated(model: type[BaseModel], path: Path) -> BaseModel:
    located = load_located(path)  # YamlError carries file and line already
    try:
        return model.model_validate(located.data or {})
    except ValidationError as exc:
        raise QuestionnaireInvalid(located_messages(exc, located)) from None


def _lower_first(text: str) -> str:
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _expand(
    raw: RawQuestion,
    base: QuestionnaireFile,
    criteria: Iterable[tuple[str, Text]],
    platforms: Iterable[tuple[str, str]],
    segment_options: dict[str, list[Option]],
) -> list[Question]:
    options = list(raw.options) or list(base.scales.get(raw.scale or "", []))
    if raw.scale and raw.scale not in base.scales:
        raise QuestionnaireInvalid([f"question '{raw.id}': unknown scale '{raw.scale}'"])
    if raw.catalog_options:
        options = [Option(value=pid, nl=name, en=name) for pid, name in platforms] + options
    if raw.id in segment_options:
        options = list(segment_options[raw.id])
    is_open = raw.open and raw.id not in segment_options

    def make(qid: str, text: Text, group: str = "", subject: str = "") -> Question:
        return Question(qid, raw.kind, text, tuple(options), raw.segment, is_open, raw.help, group, subject)

    if raw.per_channel:
        return [
            make(
                f"{raw.id}.{c.id}",
                Text(nl=raw.text.nl.format(channel=c.nl), en=raw.text.en.format(channel=c.en)),
                raw.id,
                c.id,
            )
            for c in base.channels
        ]
    if raw.per_criterion:
        return [
            make(
                f"{raw.id}.{cid}",
                Text(
                    nl=raw.text.nl.format(criterion=_lower_first(name.nl)),
                    en=raw.text.en.format(criterion=_lower_first(name.en)),
                ),
                raw.id,
                cid,
            )
            for cid, name in criteria
        ]
    return [make(raw.id, raw.text)]


def load_questionnaire(
    path: Path = DEFAULT_QUESTIONNAIRE,
    organisation: Path | None = None,
    criteria: Iterable[tuple[str, Text]] | None = None,
    platforms: Iterable[tuple[str, str]] | None = None,
) -> Questionnaire:
    """Load, validate and expand the questionnaire, optionally with an organisation file.

    ``criteria`` (id, name) and ``platforms`` (id, name) default to the shipped catalogue.
    """
    base = _validated(QuestionnaireFile, Path(path))
    org = _validated(OrganisationFile, Path(organisation)) if organisation else OrganisationFile()
    if criteria is None or platforms is None:
        default_criteria, default_platforms = _catalogue_names()
        criteria = default_criteria if criteria is None else criteria
        platforms = default_platforms if platforms is None else platforms
    criteria, platforms = list(criteria), list(platforms)
    questions: list[Question] = []
    for raw in [*base.questions, *org.questions]:
        questions.extend(_expand(raw, base, criteria, platforms, org.segment_options))
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise QuestionnaireInvalid([f"duplicate question id(s): {', '.join(duplicates)}"])
    unknown = [qid for qid in [*org.segment_options, *org.headcounts] if qid not in ids]
    if unknown:
        raise QuestionnaireInvalid([f"{organisation}: unknown question id(s): {', '.join(unknown)}"])
    sector_ids = [sector.id for sector in base.sectors]
    if org.sector is not None and org.sector not in sector_ids:
        line = load_located(Path(organisation)).line_of(("sector",)) if organisation else None
        where = f"{organisation}:{line}" if line else str(organisation)
        raise QuestionnaireInvalid(
            [f"{where}: sector: unknown sector '{org.sector}' (expected one of: {', '.join(sector_ids)})"]
        )
    return Questionnaire(tuple(questions), tuple(base.channels), org, tuple(base.sectors))


# The long parts of a platform file (its plans, hosts and facts) start at one of these top-level
# keys; the names and the lifecycle come before them, so only the head of the file is parsed.
_HEADER = re.compile(r"^(?=(?:plans|hosted_by|facts|overrides):)", re.MULTILINE)


@cache
def _catalogue_names() -> tuple[tuple[tuple[str, Text], ...], tuple[tuple[str, str], ...]]:
    """Criterion names and the names of the platforms still on the market, from the shipped files.
    Reference entries still sold (Salesforce Chatter) stay: staff may prefer what they use now.

    Read straight from the files (id, name, lifecycle status): a survey needs only these, and
    validating the whole catalogue took a tenth of a second of every import. Anything unexpected
    in a file (a missing key, a duplicate id, a YAML problem) falls back to the validated load,
    which says what is wrong.
    """
    from advisor.catalog.loader import DEFAULT_DIR

    try:
        rubric = load_located(DEFAULT_DIR / "criteria.yaml").data
        criteria = tuple((str(c["id"]), Text(**c["name"])) for c in rubric["criteria"])
        platforms: list[tuple[str, str]] = []
        for path in sorted((DEFAULT_DIR / "platforms").glob("*.yaml")):
            data = load_located(path, _HEADER.split(path.read_text(encoding="utf-8"), maxsplit=1)[0]).data
            if data["lifecycle"]["status"] not in ("active", "retired"):
                raise ValueError(path)
            if data["lifecycle"]["status"] == "active":
                platforms.append((str(data["id"]), str(data["name"])))
        ids = [pid for pid, _ in platforms]
        if not criteria or not platforms or len(set(ids)) != len(ids):
            raise ValueError("names")
    except Exception:  # the validated load below reports the problem with file and line
        return _validated_catalogue_names()
    return criteria, tuple(platforms)


def catalogue_criteria() -> tuple[tuple[str, Text], ...]:
    """The shipped criteria as (id, name), read as the questionnaire reads them."""
    return _catalogue_names()[0]


def _validated_catalogue_names() -> tuple[tuple[tuple[str, Text], ...], tuple[tuple[str, str], ...]]:
    from advisor.catalog.loader import shipped_catalog

    catalog = shipped_catalog()
    return (
        tuple((c.id, c.name) for c in catalog.criteria),
        tuple((p.id, p.name) for p in catalog.platforms if not p.retired),
    )


@cache
def sector_catalogue() -> tuple[Sector, ...]:
    """The sectors of the shipped questionnaire (ids, labels, tags), without loading the catalogue."""
    base = _validated(QuestionnaireFile, DEFAULT_QUESTIONNAIRE)
    assert isinstance(base, QuestionnaireFile)
    return tuple(base.sectors)


@cache
def default_questionnaire(organisation: Path | None = None) -> Questionnaire:
    """The shipped questionnaire (with an organisation file if given), loaded once per process."""
    return load_questionnaire(organisation=organisation)


def organisation_for(survey_file: Path | None, explicit: Path | None = None) -> Path | None:
    """The organisation file to use with a survey export.

    An explicit file wins; otherwise an ``organisation.yaml`` beside the export is used (so the
    demo exports in ``surveys/demo/`` come with their departments and headcounts); otherwise none,
    and segment questions accept any answer as a category.
    """
    if explicit is not None:
        return Path(explicit)
    if survey_file is not None:
        beside = Path(survey_file).resolve().parent / "organisation.yaml"
        if beside.is_file():
            return beside
    return None
