"""Must-haves: knock-out conditions applied before ranking, each exclusion with its reason.

A must-have (criteria.yaml ``must_haves``) is met when the platform's lifecycle matches (if set) and
at least one of its ``any_of`` conditions holds (indicator value in the listed values). A condition
met or failed on an unverified fact says so, because an exclusion should never look more certain
than the evidence behind it. Retired platforms are excluded by default (``not_retired``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from advisor.catalog import Catalog
from advisor.catalog.models import MustHave, Platform
from advisor.errors import InputError
from advisor.i18n import t


@dataclass(frozen=True)
class FactUsed:
    indicator_id: str
    value: str
    verified: bool
    source: str


@dataclass(frozen=True)
class Exclusion:
    """A platform knocked out by a must-have, with the facts that decided it."""

    platform_id: str
    must_have_id: str
    facts: tuple[FactUsed, ...]
    retired_on: str | None = None

    def reason(self, catalog: Catalog, lang: str) -> str:
        must = catalog.must_have(self.must_have_id)
        if self.retired_on:
            return t("scoring.excluded_retired", lang, must=must.name.get(lang), date=self.retired_on)
        parts = []
        for fact in self.facts:
            _, indicator = catalog.indicators[fact.indicator_id]
            level = indicator.scale.get(fact.value)
            value = level.label(lang) if level else fact.value
            flag = "" if fact.verified else f" ({t('evidence.unverified', lang)})"
            parts.append(f"{indicator.name.get(lang)}: {value}{flag}")
        return t("scoring.excluded_fact", lang, must=must.name.get(lang), facts="; ".join(parts))


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


def _failure(platform: Platform, must: MustHave) -> Exclusion | None:
    if must.lifecycle == "active" and platform.retired:
        retired = platform.lifecycle.retired_on
        return Exclusion(platform.id, must.id, (), retired.isoformat() if retired else "?")
    if not must.any_of:
        return None
    used = []
    for condition in must.any_of:
        fact = platform.facts[condition.indicator]
        if fact.value in condition.values:
            return None
        used.append(FactUsed(condition.indicator, fact.value, fact.verified, fact.source))
    return Exclusion(platform.id, must.id, tuple(used))


def apply_must_haves(
    catalog: Catalog,
    must_haves: Sequence[MustHave],
    platform_ids: Sequence[str] | None = None,
) -> tuple[list[str], list[Exclusion]]:
    """Split platforms into eligible ids and exclusions (first failed must-have per platform)."""
    eligible, excluded = [], []
    for platform_id in platform_ids or [p.id for p in catalog.platforms]:
        platform = catalog.platform(platform_id)
        failure = next((f for m in must_haves if (f := _failure(platform, m)) is not None), None)
        if failure is None:
            eligible.append(platform_id)
        else:
            excluded.append(failure)
    return eligible, excluded
