"""How well the catalogue's facts are sourced: the figures ``catalog check`` reports per platform.

A "fact" here is everything a score or a price rests on: each base fact, each plan fact and each
plan's price. Each counts once, by its evidence: verified against a primary page, verified against
a secondary page, not verified, or of unknown value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from typing import Literal

from advisor.catalog.models import Fact, Platform, Price, is_site_root

TARGET_SHARE = 0.8  # of all facts verified against a specific page (issue 12): reported, not checked


@dataclass(frozen=True)
class Coverage:
    """The counts for one platform, or for several added up."""

    primary: int = 0
    secondary: int = 0
    unverified: int = 0
    unknown: int = 0
    dated: int = 0  # facts with a source_date
    site_roots: int = 0  # facts whose source is a site root

    @property
    def facts(self) -> int:
        return self.primary + self.secondary + self.unverified + self.unknown

    @property
    def verified(self) -> int:
        return self.primary + self.secondary

    @property
    def share(self) -> float:
        """Share of the facts verified against a primary or secondary page (0 when there are none)."""
        return self.verified / self.facts if self.facts else 0.0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def as_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "facts": self.facts, "verified": self.verified, "share": round(self.share, 4)}


def _entries(platform: Platform) -> Iterator[Fact | Price]:
    yield from platform.facts.values()
    for plan in platform.plans:
        yield plan.price
        yield from plan.facts.values()


Evidence = Literal["verified", "secondary", "unverified", "unknown"]


def evidence(entry: Fact | Price) -> Evidence:
    """As :attr:`Fact.evidence`, for prices too: ``verified`` is verified against a primary page."""
    if isinstance(entry, Fact):
        return entry.evidence
    if not entry.verified:
        return "unverified"
    return "secondary" if entry.secondary else "verified"


def platform_coverage(platform: Platform) -> Coverage:
    counts = dict.fromkeys(("primary", "secondary", "unverified", "unknown", "dated", "site_roots"), 0)
    for entry in _entries(platform):
        kind = evidence(entry)
        counts["primary" if kind == "verified" else kind] += 1
        counts["dated"] += entry.source_date is not None
        counts["site_roots"] += is_site_root(entry.source)
    return Coverage(**counts)


def total_coverage(platforms: Iterable[Platform]) -> Coverage:
    return sum((platform_coverage(p) for p in platforms), Coverage())
