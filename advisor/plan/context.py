"""What every part of the plan builder shares: the inputs, the texts, number formats and citations.

A fact is cited once: :meth:`PlanContext.cite` gives it the next number in the sources list the
first time it is used and the same number after that. Numbers follow the order the plan's parts are
built in, which is the order they are read in.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from advisor.analysis.anonymity import NOT_ANSWERED
from advisor.analysis.summary import SurveySummary
from advisor.catalog import Catalog
from advisor.catalog.models import Fact, Platform
from advisor.catalog.options import Option
from advisor.i18n import t
from advisor.plan.calendar import REGIONS, Region
from advisor.plan.model import Evidence, FactRow, Item, write_date
from advisor.plan.rules import Applicability, Conditional, Localised, PlanData, Schedule, fill
from advisor.scoring import Ranking
from advisor.survey.questionnaire import Questionnaire, Sector

WORKS_COUNCIL_FROM = 50  # WOR art. 2: an ondernemingsraad from 50 staff


@dataclass(frozen=True)
class PlanSettings:
    """What the plan is for; ``must``, ``max_price``, ``currency`` and ``cost_weight`` are the
    requirements of the ranking behind it (as on Compare and ``score``): they decide which plan
    (edition) of the platform the plan budgets for. ``author`` and ``version`` go on the cover."""

    platform_id: str
    start: dt.date
    lang: str = "nl"
    organisation: str = ""  # default: the organisation file's name
    must: tuple[str, ...] = ()
    max_price: float | None = None
    currency: str = "EUR"
    cost_weight: float = 0.0
    author: str = ""
    version: str = ""


@dataclass(frozen=True)
class OrgProfile:
    """The organisation as the plan's rules see it: sector, size, works council, holiday regions."""

    sector: Sector | None
    size: int | None
    size_from_headcounts: bool
    works_council: bool | None
    regions: tuple[Region, ...]
    regions_given: bool

    @classmethod
    def of(cls, questionnaire: Questionnaire, segment_by: str) -> OrgProfile:
        org = questionnaire.organisation
        size, derived = org.size, False
        if size is None:
            counts = questionnaire.headcounts(segment_by)
            if counts:
                size, derived = sum(counts.values()), True
        council = org.works_council
        if council is None and size is not None:
            council = size >= WORKS_COUNCIL_FROM
        regions = tuple(r for r in REGIONS if r in org.holiday_regions) or REGIONS
        return cls(questionnaire.sector, size, derived, council, regions, bool(org.holiday_regions))

    def applies(self, entry: Applicability) -> bool:
        """Whether a rule, governance row, role or KPI applies to this organisation."""
        if entry.works_council and not self.works_council:
            return False
        if not entry.applies_to:
            return True
        names = {"unknown"} if self.sector is None else {self.sector.id, *self.sector.tags}
        return bool(names & set(entry.applies_to))


@dataclass
class PlanContext:
    catalog: Catalog
    platform: Platform
    questionnaire: Questionnaire
    summary: SurveySummary
    rankings: Mapping[str, Ranking]
    settings: PlanSettings
    data: PlanData
    metrics: dict[str, dict[str, float | None]]
    option: Option | None = None  # the platform on the plan the organisation's ranking chose
    profile: OrgProfile | None = None
    sources: list[FactRow] = field(default_factory=list)
    _refs: dict[str, int] = field(default_factory=dict)

    @property
    def facts(self) -> dict[str, Fact]:
        """The facts that hold on the chosen plan (the base facts overlaid by the plan's)."""
        return self.option.facts if self.option is not None else self.platform.facts

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def schedule(self) -> Schedule:
        return self.data.texts.schedule

    @property
    def org(self) -> OrgProfile:
        assert self.profile is not None
        return self.profile

    @property
    def contain(self) -> bool:
        """The organisation cannot administer the platform (WhatsApp, Signal): contain, not adopt."""
        fact = self.facts.get("membership_admin")
        return fact is not None and fact.value == "none"

    def text(self, key: str, **values: Any) -> str:
        return self.data.text(key, self.lang, platform=self.platform.name, **values)

    def fill(self, localised: Any, **values: Any) -> str:
        return fill(localised.get(self.lang), {"platform": self.platform.name, **values})

    def date(self, value: dt.date) -> str:
        return write_date(value, self.data.text("months", self.lang))

    def number(self, value: float, digits: int = 1) -> str:
        return number(value, self.lang, digits)

    def group_label(self, key: str) -> str:
        if key == NOT_ANSWERED:
            return self.data.text("other_staff.not_answered", self.lang)
        question = self.questionnaire.by_id.get(self.summary.segment_by)
        return question.label(key, self.lang) if question else key

    def channel_platform(self, channel: str) -> Platform | None:
        """The catalogue platform a questionnaire channel is (skype, teams, whatsapp, ...), if any."""
        pid = self.data.texts.channel_platforms.get(channel, channel)
        try:
            return self.catalog.platform(pid)
        except KeyError:
            return None

    def label_list(self, labels: list[str]) -> str:
        if len(labels) <= 1:
            return "".join(labels)
        return ", ".join(labels[:-1]) + f" {self.text('guideline.and')} " + labels[-1]

    # ------------------------------------------------------------ facts and citations
    def choose(self, entry: Conditional | None) -> Localised | None:
        """The text to say: the entry when the platform meets its premise, else its ``instead``."""
        if entry is None:
            return None
        return entry if self.meets(entry.premise) else entry.instead

    def meets(self, premise: Mapping[str, list[str]]) -> bool:
        """Whether the chosen platform has one of the listed values for every indicator named."""
        return all(ind in self.facts and self.facts[ind].value in values for ind, values in premise.items())

    def cite(self, indicator_id: str) -> int:
        """The number of the fact's page in the sources list (given on first use; facts from one
        page share its number)."""
        if indicator_id in self._refs:
            return self._refs[indicator_id]
        fact = self.facts[indicator_id]
        _, indicator = self.catalog.indicators[indicator_id]
        row = FactRow(
            ref=0,
            indicator=indicator.name.get(self.lang),
            value=self.fact_value(indicator_id),
            source=fact.source,
            source_title=fact.source_title,
            publisher=fact.publisher,
            source_date=fact.source_date,
            checked=fact.checked,
            verified=fact.verified,
            secondary=fact.secondary,
        )
        return self.cite_row(indicator_id, row)

    def cite_row(self, key: str, row: FactRow) -> int:
        """Any source (a fact, a price, the calendar), numbered by its page in order of first use."""
        if key not in self._refs:
            same_page = next((r.ref for r in self.sources if r.source == row.source), None)
            self._refs[key] = same_page or len({r.ref for r in self.sources}) + 1
            self.sources.append(row.model_copy(update={"ref": self._refs[key]}))
        return self._refs[key]

    def fact_value(self, indicator_id: str) -> str:
        fact = self.facts[indicator_id]
        _, indicator = self.catalog.indicators[indicator_id]
        level = indicator.scale.get(fact.value)
        return level.label(self.lang) if level else fact.value

    def fact_evidence(self, indicator_id: str) -> Evidence:
        fact = self.facts[indicator_id]
        _, indicator = self.catalog.indicators[indicator_id]
        text = self.text(
            "evidence.fact" if fact.verified else "evidence.fact_unverified",
            indicator=indicator.name.get(self.lang),
            value=self.fact_value(indicator_id),
            ref=self.cite(indicator_id),
        )
        return Evidence(kind="fact", text=text, source=fact.source, verified=fact.verified)

    def capability(self, indicator_id: str | None, texts: Mapping[str, Any], **values: Any) -> Item | None:
        """What the platform offers for ``indicator_id``, in the text for its value, citing the fact."""
        if not indicator_id or indicator_id not in self.facts:
            return None
        value = self.facts[indicator_id].value
        text = texts.get(value)
        if text is None:  # 'unknown' or a value without a text: say so instead of guessing
            shown = t("plan.capability_unknown", self.lang, platform=self.platform.name, value=value)
        else:
            shown = self.fill(text, **values)
        evidence = self.fact_evidence(indicator_id)
        return Item(text=shown, evidence=(evidence,), refs=(self.cite(indicator_id),))

    # ------------------------------------------------------------ survey figures
    def format_metric(self, name: str, value: float | None) -> str:
        if value is None:
            return "–"
        spec = self.data.texts.metrics.get(name)
        kind = spec.format if spec else ("rank" if name.endswith("_rank") else "percent")
        if name == "respondents":
            kind = "rank"
        if name.endswith("_mean"):
            kind = "number"
        if kind == "percent":
            return f"{round(100 * value)}%"
        if kind == "rank":
            return str(round(value))
        return self.number(value)

    def metric_label(self, name: str) -> str:
        """The metric in words: from texts.yaml ``metrics``, else from its pattern."""
        spec = self.data.texts.metrics.get(name)
        if spec:
            return spec.label.get(self.lang)
        criteria = {c.id: c.name.get(self.lang).lower() for c in self.catalog.criteria}
        channels = {c.id: c.label(self.lang) for c in self.questionnaire.channels}
        patterns = [
            (r"^(\w+)_weight_rank$", "weight_rank", criteria.get),
            (r"^(\w+)_weight$", "weight", criteria.get),
            (r"^(\w+)_regular_share$", "regular_share", channels.get),
            (r"^concern_(\w+)_share$", "concern", lambda o: self.option_label("concerns", o)),
            (r"^convincer_(\w+)_share$", "convincer", lambda o: self.option_label("convincers", o)),
        ]
        for pattern, key, lookup in patterns:
            match = re.match(pattern, name)
            if match and lookup(match.group(1)):
                return self.text(f"metric_patterns.{key}", name=lookup(match.group(1)))
        return name

    def option_label(self, question: str, option: str) -> str:
        q = self.questionnaire.by_id.get(question)
        return q.label(option, self.lang) if q else option

    def survey(self, name: str, value: float | None, n: int | None = None) -> Evidence:
        return Evidence(
            kind="survey",
            text=self.text(
                "evidence.survey",
                label=self.metric_label(name),
                value=self.format_metric(name, value),
                n=n if n is not None else "–",
            ),
        )


def lower_first(text: str) -> str:
    """'privacy en vertrouwelijkheid' in a sentence; 'EU', 'API' and 'IT' keep their capitals."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def number(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def clean(value: float | None) -> float | None:
    """None for a missing or NaN figure, else the float."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
