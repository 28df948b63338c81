"""Options: what an organisation can actually buy, a platform on one of its plans.

An option's facts are the platform's base facts overlaid by the plan's facts (a plan lists only the
indicator values that differ). A platform without plans is one option with its base facts and no
price. Options keep the catalogue's order: the platforms', then each platform's plans.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.catalog.models import Fact, Plan, Platform, Price


def effective_facts(platform: Platform, plan: Plan | None) -> dict[str, Fact]:
    """The facts that hold on ``plan``: the base facts, each replaced where the plan differs."""
    if plan is None:
        return dict(platform.facts)
    return {**platform.facts, **plan.facts}


@dataclass(frozen=True, eq=False)
class Option:
    """One platform on one plan (``plan`` None: a platform sold without plans in the catalogue)."""

    platform: Platform
    plan: Plan | None = None
    facts: dict[str, Fact] = field(default_factory=dict)

    @classmethod
    def of(cls, platform: Platform, plan: Plan | None = None) -> Option:
        return cls(platform, plan, effective_facts(platform, plan))

    @property
    def key(self) -> tuple[str, str]:
        """(platform id, plan id); the plan id is empty for a platform without plans."""
        return self.platform.id, self.plan.id if self.plan else ""

    @property
    def price(self) -> Price | None:
        return self.plan.price if self.plan else None

    @property
    def name(self) -> str:
        """ "Slack · Business+", or the platform's name alone when it has no plans."""
        return f"{self.platform.name} · {self.plan.name}" if self.plan else self.platform.name


def options_of(platform: Platform) -> list[Option]:
    """Every option of a platform, in catalogue order."""
    if not platform.plans:
        return [Option.of(platform)]
    return [Option.of(platform, plan) for plan in platform.plans]
