"""Must-haves and the budget: which plan of each platform is ranked, and why a platform drops out.

A must-have (criteria.yaml ``must_haves``) is met when the platform's lifecycle matches (if set) and
at least one of its ``any_of`` conditions holds (indicator value in the listed values) on the
option's effective facts: the platform's base facts overlaid by the plan's. A condition met or
failed on an unverified fact says so, because an exclusion should never look more certain than the
evidence behind it. Retired platforms are excluded by default (``not_retired``).

Per platform, the option ranked is the **cheapest plan that meets every selected must-have** and
fits the organisation (its seat count, and the budget must-have when one is set), in the order of
:func:`advisor.scoring.prices.price_order`. When no plan does, the platform is excluded and the
exclusion says why: the must-have no plan meets (with the facts), or, when each must-have is met by
some plan but never all by one, what each plan lacks; or, when plans meet the must-haves but none
fits, each plan's price or seat limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from advisor.catalog import Catalog
from advisor.catalog.models import Fact, MustHave, Platform
from advisor.catalog.options import Option, options_of
from advisor.errors import InputError
from advisor.i18n import t
from advisor.scoring.prices import (
    Costing,
    PriceRefusal,
    comparable_price,
    price_order,
    price_refusal,
    refusal_text,
)

BUDGET = "budget"  # the must-have id an exclusion on price reports
SEATS = "seats"  # ... and on the seat limit


@dataclass(frozen=True)
class FactUsed:
    indicator_id: str
    value: str
    verified: bool
    source: str


@dataclass(frozen=True, eq=False)
class PlanRefusal:
    """One plan that was not chosen: the must-have it fails (with the facts) or its price problem."""

    option: Option
    must_have_id: str = ""
    facts: tuple[FactUsed, ...] = ()
    price: PriceRefusal | None = None

    def reason(self, catalog: Catalog, costing: Costing, lang: str) -> str:
        if self.price is not None:
            return refusal_text(self.option, self.price, costing, lang)
        must = catalog.must_have(self.must_have_id).name.get(lang)
        return t("prices.refused.must_have", lang, must=must, facts=facts_text(catalog, self.facts, lang))


ExclusionKind = Literal["retired", "must_have", "combination", "price"]


@dataclass(frozen=True, eq=False)
class Exclusion:
    """A platform knocked out, with what decided it.

    ``kind``: ``retired``; ``must_have`` (no plan meets ``must_have_id``; ``facts`` for a platform
    without plans, ``refusals`` per plan otherwise); ``combination`` (each must-have is met by some
    plan, none meets all: ``refusals`` per plan); ``price`` (some plans meet the must-haves, but each
    of those is above the budget, cannot be shown to fit it, or has too few seats: ``refusals``
    lists those plans).
    ``must_have_id`` is ``budget`` or ``seats`` when every refusal is of that kind.
    """

    platform_id: str
    must_have_id: str
    facts: tuple[FactUsed, ...] = ()
    retired_on: str | None = None
    kind: ExclusionKind = "must_have"
    refusals: tuple[PlanRefusal, ...] = ()
    costing: Costing | None = None

    def reason(self, catalog: Catalog, lang: str) -> str:
        costing = self.costing or Costing()
        if self.kind == "retired":
            must = catalog.must_have(self.must_have_id)
            return t("scoring.excluded_retired", lang, must=must.name.get(lang), date=self.retired_on)
        plans = "; ".join(_labelled(r, catalog, costing, lang) for r in self.refusals)
        if self.kind == "combination":
            return t("prices.excluded.combination", lang, plans=plans)
        if self.kind == "price":
            return t("prices.excluded.price", lang, plans=plans)
        must = catalog.must_have(self.must_have_id).name.get(lang)
        if not self.refusals:
            return t("scoring.excluded_fact", lang, must=must, facts=facts_text(catalog, self.facts, lang))
        return t("prices.excluded.must_have", lang, must=must, plans=self._grouped_facts(catalog, lang))

    def _grouped_facts(self, catalog: Catalog, lang: str) -> str:
        """'Free, Pro: EU data residency: no' (plans with the same facts named together)."""
        groups: dict[tuple[FactUsed, ...], list[str]] = {}
        for refusal in self.refusals:
            name = refusal.option.plan.name if refusal.option.plan else refusal.option.platform.name
            groups.setdefault(refusal.facts, []).append(name)
        if len(groups) == 1:
            (facts,) = groups
            return t("prices.all_plans", lang, facts=facts_text(catalog, facts, lang))
        return "; ".join(
            f"{', '.join(names)}: {facts_text(catalog, facts, lang)}" for facts, names in groups.items()
        )


def _labelled(refusal: PlanRefusal, catalog: Catalog, costing: Costing, lang: str) -> str:
    """'Pro: reason', or the reason alone for a platform without plans."""
    reason = refusal.reason(catalog, costing, lang)
    return f"{refusal.option.plan.name}: {reason}" if refusal.option.plan else reason


def facts_text(catalog: Catalog, facts: Sequence[FactUsed], lang: str) -> str:
    """'Indicator: level (unverified)', joined."""
    parts = []
    for fact in facts:
        _, indicator = catalog.indicators[fact.indicator_id]
        level = indicator.scale.get(fact.value)
        value = level.label(lang) if level else fact.value
        flag = "" if fact.verified else f" ({t('evidence.unverified', lang)})"
        parts.append(f"{indicator.name.get(lang)}: {value}{flag}")
    return "; ".join(parts)


@dataclass(frozen=True, eq=False)
class Choice:
    """The option ranked for one platform, and the cheaper plans passed over with their reasons."""

    option: Option
    passed_over: tuple[PlanRefusal, ...] = ()
    must_haves: tuple[str, ...] = ()  # the selected must-haves it meets (ids, without lifecycle ones)
    uncompared: tuple[Option, ...] = ()  # plans priced in a currency without an exchange rate

    def reason(self, catalog: Catalog, costing: Costing, lang: str) -> str:
        """Which plan and why: the cheapest that meets the must-haves (and fits), and what the
        cheaper ones lack. Empty for a platform without plans."""
        plan = self.option.plan
        if plan is None:
            return ""
        musts = ", ".join(f"'{catalog.must_have(m).name.get(lang)}'" for m in self.must_haves)
        price = self.option.price
        if price is not None and price.quote_only:
            key = "prices.chosen.quote_must" if musts else "prices.chosen.quote"
        else:
            key = "prices.chosen.must" if musts else "prices.chosen.cheapest"
            key += "_budget" if costing.max_price is not None else ""
        text = t(key, lang, plan=plan.name, must=musts, budget=costing.budget_text(lang))
        if self.passed_over:
            passed = "; ".join(_labelled(r, catalog, costing, lang) for r in self.passed_over)
            text += " " + t("prices.chosen.passed_over", lang, plans=passed)
        if self.uncompared:
            currencies = sorted({o.price.currency for o in self.uncompared if o.price and o.price.currency})
            plans = ", ".join(o.plan.name for o in self.uncompared if o.plan)
            text += " " + t(
                "prices.chosen.uncompared",
                lang,
                currencies=", ".join(currencies),
                currency=costing.currency,
                plans=plans,
            )
        return text


def resolve_must_haves(catalog: Catalog, requested: Sequence[str] | None, lang: str = "nl") -> list[MustHave]:
    """The must-haves to apply: the defaults plus ``requested`` (ids), each checked to exist."""
    known = {m.id: m for m in catalog.rubric.must_haves}
    chosen = [m.id for m in catalog.rubric.must_haves if m.default]
    for must_id in requested or []:
        must_id = must_id.strip()
        if not must_id:
            continue
        if must_id not in known:
            raise InputError(t("scoring.unknown_must", lang, value=must_id, known=", ".join(known)))
        if must_id not in chosen:
            chosen.append(must_id)
    return [known[m] for m in chosen]


def _retired(platform: Platform, must_haves: Sequence[MustHave]) -> Exclusion | None:
    for must in must_haves:
        if must.lifecycle == "active" and platform.retired:
            retired = platform.lifecycle.retired_on
            return Exclusion(platform.id, must.id, (), retired.isoformat() if retired else "?", "retired")
    return None


def _failed_facts(facts: dict[str, Fact], must: MustHave) -> tuple[FactUsed, ...] | None:
    """None when ``facts`` meet the must-have; else the facts of its conditions (all failed)."""
    if not must.any_of:
        return None
    used = []
    for condition in must.any_of:
        fact = facts[condition.indicator]
        if fact.value in condition.values:
            return None
        used.append(FactUsed(condition.indicator, fact.value, fact.verified, fact.source))
    return tuple(used)


def _first_failure(option: Option, must_haves: Sequence[MustHave]) -> PlanRefusal | None:
    for must in must_haves:
        failed = _failed_facts(option.facts, must)
        if failed is not None:
            return PlanRefusal(option, must.id, failed)
    return None


def choose_option(platform: Platform, must_haves: Sequence[MustHave], costing: Costing) -> Choice | Exclusion:
    """The option ranked for ``platform``, or why it is excluded (see the module docstring)."""
    retired = _retired(platform, must_haves)
    if retired is not None:
        return retired
    ordered = price_order(options_of(platform), costing)
    feature_musts = [m for m in must_haves if m.any_of]
    refusals: list[PlanRefusal] = []
    for option in ordered:
        refusal = _first_failure(option, feature_musts)
        if refusal is None:
            problem = price_refusal(option, costing)
            if problem is None:
                selected = tuple(m.id for m in feature_musts if not m.default)
                return Choice(option, tuple(refusals), selected, _uncompared(ordered, option, costing))
            refusal = PlanRefusal(option, price=problem)
        refusals.append(refusal)
    return _exclusion(platform, ordered, feature_musts, refusals, costing)


def _uncompared(ordered: list[Option], chosen: Option, costing: Costing) -> tuple[Option, ...]:
    """The plans whose price cannot be compared with the chosen one's (another currency, no rate)."""
    if comparable_price(chosen, costing) is None:
        return ()
    return tuple(
        o
        for o in ordered
        if o is not chosen and o.price and not o.price.quote_only and comparable_price(o, costing) is None
    )


def _exclusion(
    platform: Platform,
    ordered: list[Option],
    must_haves: Sequence[MustHave],
    refusals: list[PlanRefusal],
    costing: Costing,
) -> Exclusion:
    for must in must_haves:
        failed = [_failed_facts(option.facts, must) for option in ordered]
        if all(f is not None for f in failed):
            if not platform.plans:
                return Exclusion(platform.id, must.id, failed[0], costing=costing)
            per_plan = tuple(PlanRefusal(o, must.id, f) for o, f in zip(ordered, failed, strict=True))
            return Exclusion(platform.id, must.id, kind="must_have", refusals=per_plan, costing=costing)
    priced = [r for r in refusals if r.price is not None]  # the plans that meet every must-have
    if not priced:
        return Exclusion(platform.id, "", kind="combination", refusals=tuple(refusals), costing=costing)
    kinds = {r.price for r in priced}
    must_id = SEATS if kinds == {"seats"} else BUDGET if "seats" not in kinds else ""
    return Exclusion(platform.id, must_id, kind="price", refusals=tuple(priced), costing=costing)


def choose_options(
    catalog: Catalog,
    must_haves: Sequence[MustHave],
    costing: Costing | None = None,
    platform_ids: Sequence[str] | None = None,
) -> tuple[list[Choice], list[Exclusion]]:
    """Per platform (catalogue order) the option to rank, or its exclusion."""
    costing = costing or Costing()
    chosen, excluded = [], []
    for platform_id in platform_ids or [p.id for p in catalog.platforms]:
        result = choose_option(catalog.platform(platform_id), must_haves, costing)
        (chosen if isinstance(result, Choice) else excluded).append(result)
    return chosen, excluded


def apply_must_haves(
    catalog: Catalog,
    must_haves: Sequence[MustHave],
    platform_ids: Sequence[str] | None = None,
    costing: Costing | None = None,
) -> tuple[list[str], list[Exclusion]]:
    """Split platforms into eligible ids and exclusions (see :func:`choose_options`)."""
    chosen, excluded = choose_options(catalog, must_haves, costing, platform_ids)
    return [c.option.platform.id for c in chosen], excluded
