"""Pydantic models for the criteria rubric and the platform catalogue (validated at load)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/$.?#][^\s]*$")]
Score = Annotated[float, Field(ge=0, le=10)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A user-facing text in both product languages."""

    nl: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class ScaleLevel(_Strict):
    """One allowed value of an indicator and the 0-10 score it is worth."""

    score: Score
    nl: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Indicator(_Strict):
    """A measurable property of a platform; part of exactly one criterion."""

    id: Identifier
    name: Text
    description: Text
    weight: Annotated[float, Field(gt=0)]
    scale: dict[Identifier, ScaleLevel] = Field(min_length=2)


class Criterion(_Strict):
    id: Identifier
    name: Text
    description: Text
    indicators: list[Indicator] = Field(min_length=1)

    @field_validator("indicators")
    @classmethod
    def _unique_indicators(cls, value: list[Indicator]) -> list[Indicator]:
        _refuse_duplicates([item.id for item in value], "indicator")
        return value


class Condition(_Strict):
    """``indicator`` has one of the values ``in``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    indicator: Identifier
    values: list[str] = Field(alias="in", min_length=1)


class MustHave(_Strict):
    """A knock-out condition: a platform must meet one of ``any_of`` (and the lifecycle, if set)."""

    id: Identifier
    name: Text
    any_of: list[Condition] = []
    lifecycle: Literal["active"] | None = None
    default: bool = False

    @model_validator(mode="after")
    def _has_a_condition(self) -> MustHave:
        if not self.any_of and self.lifecycle is None:
            raise ValueError("a must-have needs 'any_of' conditions or a 'lifecycle'")
        return self


class Uncertainty(_Strict):
    """Half-width of the score interval (0-10 scale) for each kind of evidence."""

    verified: Annotated[float, Field(ge=0, le=10)] = 0.0
    secondary: Annotated[float, Field(ge=0, le=10)] = 1.5
    unverified: Annotated[float, Field(ge=0, le=10)] = 3.0
    unknown: Annotated[float, Field(ge=0, le=10)] = 5.0


class CriteriaFile(_Strict):
    version: int = 1
    uncertainty: Uncertainty = Uncertainty()
    stale_after_days: Annotated[int, Field(gt=0)] = 365
    criteria: list[Criterion] = Field(min_length=1)
    must_haves: list[MustHave] = []

    @field_validator("criteria")
    @classmethod
    def _unique_criteria(cls, value: list[Criterion]) -> list[Criterion]:
        _refuse_duplicates([item.id for item in value], "criterion")
        _refuse_duplicates([ind.id for item in value for ind in item.indicators], "indicator")
        return value


SourceKind = Literal["primary", "secondary"]
# The host, optionally followed by a language path (/nl-nl/, /en, /intl/nl-nl/) and a fragment.
SITE_ROOT = re.compile(
    r"^https?://[^/?#]+/?(?:(?:intl/)?[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:#[^/]*)?$", re.IGNORECASE
)


def is_site_root(url: str) -> bool:
    """A bare site (``https://www.microsoft.com/``, ``https://slack.com/intl/nl-nl/``): it says nothing
    specific, so a fact cannot be verified against it."""
    return bool(SITE_ROOT.match(url.strip()))


PLAN_DEPENDENT_SUFFIX = "paid_tier"


def is_plan_dependent(level: str) -> bool:
    """A scale level that means "only on some plans" (``paid_tier``, ``expiry_paid_tier``): a base
    fact with it is resolved to a concrete level on every plan, and a plan fact never has one."""
    return level.endswith(PLAN_DEPENDENT_SUFFIX)


class Sourced(_Strict):
    """Where a fact comes from: the page that says it, what kind of page, of when, and who read it when.

    ``source``: the specific page (documentation article, legal page, DPIA, changelog, a repository
    file at a version), never a site root. ``source_date``: the date the page speaks for (its own
    date, last-updated date, or the release date of ``source_version``). ``source_kind``: primary
    (vendor documentation, legal text, government publication) or secondary (news, blog, reseller,
    partner). ``verified: true`` means someone read that page and it says the value, nothing else.
    """

    source: Url
    source_title: str = ""
    publisher: str = ""
    source_date: dt.date | None = None
    source_version: str = ""
    source_kind: SourceKind = "primary"
    checked: dt.date
    verified: bool
    note: str = ""

    @property
    def secondary(self) -> bool:
        return self.source_kind == "secondary"


class Fact(Sourced):
    """One value of one indicator for one platform, with where it comes from and when checked."""

    value: str

    @field_validator("value", mode="before")
    @classmethod
    def _value_as_text(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError('write yes/no values as plain text ("yes", "no"), not true/false')
        return value

    @property
    def evidence(self) -> Literal["verified", "secondary", "unverified", "unknown"]:
        if self.value == UNKNOWN:
            return "unknown"
        if not self.verified:
            return "unverified"
        return "secondary" if self.secondary else "verified"


Currency = Literal["EUR", "USD", "GBP", "CHF"]


class Price(Sourced):
    """A plan's list price per user per month, or ``quote_only`` when the vendor publishes none.

    ``billing``: the term the amount is for (``annual``: committed for a year, paid monthly or
    yearly; ``monthly``: month to month). ``vat``: list prices for businesses exclude VAT.
    """

    amount: Annotated[float, Field(ge=0)] | None = None
    currency: Currency | None = None
    billing: Literal["annual", "monthly"] | None = None
    vat: Literal["excluded", "included"] = "excluded"
    quote_only: bool = False

    @model_validator(mode="after")
    def _amount_or_quote(self) -> Price:
        # Custom error types, so validation.error_message can answer in the user's language.
        if self.quote_only:
            if self.amount is not None:
                raise PydanticCustomError("price_quote_with_amount", "a 'quote_only' price has no 'amount'")
        elif self.amount is None or self.currency is None or self.billing is None:
            raise PydanticCustomError(
                "price_incomplete", "a price needs 'amount', 'currency' and 'billing' (or 'quote_only: true')"
            )
        return self


class Plan(_Strict):
    """One plan (edition, licence) of a platform: what it costs and where it differs from the base facts.

    ``facts`` holds only the indicator values that differ on this plan; every base fact whose value
    depends on the plan (``paid_tier`` and the like) must be resolved here for each plan.
    """

    id: Identifier
    name: str
    price: Price
    min_seats: Annotated[int, Field(ge=1)] | None = None
    max_seats: Annotated[int, Field(ge=1)] | None = None
    limits: Text | None = None
    facts: dict[Identifier, Fact] = {}

    @model_validator(mode="after")
    def _seats_in_order(self) -> Plan:
        if self.min_seats and self.max_seats and self.min_seats > self.max_seats:
            raise ValueError("'min_seats' is larger than 'max_seats'")
        return self


class Host(Sourced):
    """Where the SaaS service runs: provider, its home country and the region (for jurisdiction)."""

    provider: str
    provider_country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    region: str


UNKNOWN = "unknown"


class Milestone(Sourced):
    """A dated event in a product's life (a service retired, support ended), with its source."""

    date: dt.date
    what: Text


class Lifecycle(_Strict):
    status: Literal["active", "retired"]
    read_only_from: dt.date | None = None
    retired_on: dt.date | None = None
    migration: Text | None = None
    source: Url | None = None
    source_title: str = ""
    publisher: str = ""
    source_date: dt.date | None = None
    source_kind: SourceKind = "primary"
    checked: dt.date | None = None
    verified: bool | None = None
    note: str = ""
    milestones: list[Milestone] = []

    @model_validator(mode="after")
    def _retired_has_dates(self) -> Lifecycle:
        if self.status == "retired":
            missing = [
                name
                for name in ("retired_on", "migration", "source", "checked", "verified")
                if getattr(self, name) is None
            ]
            if missing:
                raise ValueError(f"a retired platform needs {', '.join(missing)}")
        return self


class Override(_Strict):
    """A hand-set criterion score. Only with a written reason; always shown as an override."""

    score: Score
    justification: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20)]
    by: str = ""
    date: dt.date | None = None


class Platform(_Strict):
    id: Identifier
    name: str
    vendor: str
    vendor_country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    jurisdiction: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    lifecycle: Lifecycle
    hosting: list[Literal["saas", "self_hosted", "partner_hosted"]] = Field(min_length=1)
    pricing_note: Text | None = None
    pricing_source: Url | None = None  # replaced by plans; removed once every file has them
    plans: list[Plan] = []
    hosted_by: list[Host] = []
    recommend: bool = True
    reference_note: Text | None = None
    facts: dict[Identifier, Fact]
    overrides: dict[Identifier, Override] = {}

    @property
    def retired(self) -> bool:
        return self.lifecycle.status == "retired"


def _refuse_duplicates(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} id '{item}'")
        seen.add(item)
