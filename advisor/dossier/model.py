"""What a dossier holds: :class:`Settings` (the decisions), :class:`Dossier` (one state of it),
its datasets, generated plans and history, and the errors a user can meet.

Settings are validated here, at the boundary, whether they come from the dashboard, the CLI or an
imported archive; the store trusts them after that.

Fields a change can name (:data:`EDITABLE`):

===========================  ===================================================================
``name``                     the dossier's name (a typed column, not part of the settings)
``organisation``             the organisation file (``organisation.yaml``) as text, or ""
``mapping``                  the confirmed mapping file (YAML) as text, or "" (automatic)
``segment_by``               the segment question id (default ``department``)
``min_group``                anonymity threshold k (3-100); never lowered once survey data is in
``acknowledge_small_groups`` k = 3 or 4 deliberately chosen
``weights``                  :class:`WeightSet`: where the weights come from, slider positions
``method``                   ``wsm`` or ``topsis``
``must_haves``               criterion ids every platform must meet
``max_price``                budget per user per month (in ``currency``), or None
``currency``                 the currency prices are compared in (ISO 4217)
``cost_weight``              the cost criterion's share of the weights (0-1; 0: off)
``shortlist``                platform ids
``choice``                   :class:`Choice` (platform and catalogue plan) or None
``decision_note``            why this platform (including where the choice goes against the ranking)
===========================  ===================================================================

Overrides are changed one at a time (field ``overrides.<platform>.<criterion>``), datasets and
generated plans are added (``datasets.<id>``, ``plans.<id>``), so two people working on
different overrides or adding data never conflict.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from advisor.errors import KeyedError

# The same bounds as advisor.analysis.anonymity (importing it would load the analysis for every
# `dossier list`); tests/dossier asserts the two agree.
DEFAULT_MIN_GROUP = 5
MIN_GROUP_FLOOR = 3
ACKNOWLEDGE_BELOW = 5
MAX_MIN_GROUP = 100

LOCAL_USER = "local user"  # who, without a facilitator login; shown translated
MAX_TEXT_FILE = 1024 * 1024  # organisation and mapping files
MAX_NOTE = 20_000

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$", max_length=100)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeightSet(_Strict):
    """The weights chosen: a source (``survey:organisation``, ``survey:<segment>``, ``equal``, ...)
    and the slider positions (0-100) the user moved away from it, per criterion."""

    source: Annotated[str, StringConstraints(min_length=1, max_length=120)] = "survey:organisation"
    changes: dict[Identifier, Annotated[int, Field(ge=0, le=100)]] = {}


class Choice(_Strict):
    platform: Identifier
    plan: Identifier | None = None  # a plan (edition) of the platform in the catalogue


class OverrideEntry(_Strict):
    """A hand-set criterion score: only with a written justification; who and when (UTC)."""

    score: Annotated[float, Field(ge=0, le=10)]
    justification: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=4000)]
    by: str | None = None  # None once erased
    at: dt.datetime


class Settings(_Strict):
    organisation: Annotated[str, StringConstraints(max_length=MAX_TEXT_FILE)] = ""
    mapping: Annotated[str, StringConstraints(max_length=MAX_TEXT_FILE)] = ""
    segment_by: QuestionId = "department"
    min_group: Annotated[int, Field(ge=MIN_GROUP_FLOOR, le=MAX_MIN_GROUP)] = DEFAULT_MIN_GROUP
    acknowledge_small_groups: bool = False
    weights: WeightSet = WeightSet()
    method: Literal["wsm", "topsis"] = "wsm"
    must_haves: tuple[Identifier, ...] = ()
    max_price: Annotated[float, Field(ge=0, le=100_000)] | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    cost_weight: Annotated[float, Field(ge=0, le=1)] = 0.0
    shortlist: tuple[Identifier, ...] = ()
    overrides: dict[Identifier, dict[Identifier, OverrideEntry]] = {}
    choice: Choice | None = None
    decision_note: Annotated[str, StringConstraints(max_length=MAX_NOTE)] = ""

    @field_validator("must_haves", "shortlist")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("each id once")
        return value

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


EDITABLE = ("name", *(f for f in Settings.model_fields if f != "overrides"))


# ---------------------------------------------------------------- one state of a dossier
@dataclass(frozen=True)
class DatasetInfo:
    """One survey data set of a dossier (the answers themselves: ``DossierStore.answer_frames``)."""

    id: str
    position: int
    kind: str  # 'upload' (an imported export) or 'workshop'
    name: str
    workshop_code: str | None
    format: str | None
    respondents: int
    added_at: dt.datetime
    added_by: str
    data_sha256: str | None  # None: a live link to a workshop (its answers are read when used)
    report: dict[str, Any]

    @property
    def live(self) -> bool:
        return self.data_sha256 is None


@dataclass(frozen=True)
class GeneratedPlan:
    id: str
    created_at: dt.datetime
    created_by: str
    settings: dict[str, Any]
    content_sha256: str


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    at: dt.datetime
    who: str | None
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Dossier:
    id: str
    name: str
    version: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    settings: Settings
    datasets: tuple[DatasetInfo, ...] = ()
    plans: tuple[GeneratedPlan, ...] = ()

    @property
    def respondents(self) -> int:
        return sum(d.respondents for d in self.datasets)

    def field_value(self, name: str) -> Any:
        """The JSON value of an editable field, of ``overrides.<p>.<c>``, or of ``datasets.<id>``."""
        if name == "name":
            return self.name
        if name.startswith("overrides."):
            _, platform, criterion = name.split(".", 2)
            entry = self.settings.overrides.get(platform, {}).get(criterion)
            return None if entry is None else entry.model_dump(mode="json")
        return self.settings.as_json()[name]

    def content(self) -> dict[str, Any]:
        """This state as JSON-ready data (``dossier show --json``; equal states, equal content)."""
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "created_at": iso(self.created_at),
            "created_by": self.created_by,
            "updated_at": iso(self.updated_at),
            "updated_by": self.updated_by,
            "settings": self.settings.as_json(),
            "datasets": [{**asdict(d), "added_at": iso(d.added_at)} for d in self.datasets],
            "plans": [{**asdict(p), "created_at": iso(p.created_at)} for p in self.plans],
        }

    def questionnaire(self) -> Any:
        """The shipped questionnaire with this dossier's organisation file (for score/plan/memo)."""
        return questionnaire_for(self.settings.organisation)


@dataclass(frozen=True)
class DossierSummary:
    id: str
    name: str
    version: int
    updated_at: dt.datetime
    updated_by: str
    respondents: int
    datasets: int
    choice: Choice | None


@dataclass(frozen=True)
class Erased:
    id: str
    on: dt.date
    datasets: int
    plans: int
    history: int
    workshops: tuple[str, ...] = field(default=())  # linked workshops: their own data, not erased


@lru_cache(maxsize=16)
def questionnaire_for(organisation: str) -> Any:
    from advisor.survey.questionnaire import default_questionnaire, load_questionnaire

    if not organisation.strip():
        return default_questionnaire()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "organisation.yaml"
        path.write_text(organisation, encoding="utf-8")
        return load_questionnaire(organisation=path)


def utc_now() -> dt.datetime:
    """Now in UTC, to the second, naive (as stored)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


def iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- errors
class DossierError(KeyedError):
    """A problem a user can cause or fix; ``key`` names the text in ``dossier.errors``."""


class UnknownDossier(DossierError):
    key = "unknown_dossier"


class AmbiguousDossier(DossierError):
    key = "ambiguous_dossier"


class DossierErased(DossierError):
    key = "erased"


class DossierConflict(DossierError):
    """The field was changed by someone else after ``base_version``: nothing was written.

    ``field``, ``who`` (None when unknown), ``at`` (UTC) and ``version`` name that change."""

    key = "conflict"

    def __init__(self, *, field: str, who: str | None, at: dt.datetime, version: int) -> None:
        super().__init__(field=field, who=who, at=at, version=version)
        self.field, self.who, self.at, self.version = field, who, at, version


class InvalidValue(DossierError):
    key = "invalid_value"


class ThresholdLocked(DossierError):
    key = "threshold_locked"


class AcknowledgeNeeded(DossierError):
    key = "acknowledge_needed"


class UnknownDataset(DossierError):
    key = "unknown_dataset"


class DossierExists(DossierError):
    key = "exists"


class ArchiveInvalid(DossierError):
    key = "archive_invalid"


# ---------------------------------------------------------------- in the user's words
def who_label(who: str | None, lang: str | None) -> str:
    from advisor.i18n import t

    if who is None:
        return t("dossier.erased_person", lang)
    return t("dossier.local_user", lang) if who == LOCAL_USER else who


def minute(moment: dt.datetime) -> str:
    """A stored (UTC) time as the user reads it: to the minute."""
    return moment.strftime("%Y-%m-%d %H:%M")


def message(error: DossierError, lang: str | None) -> str:
    """The error in the user's language, saying what to do next."""
    from advisor.i18n import keys, normalise_language, t

    values = dict(error.values)
    key = error.key
    if isinstance(error, DossierConflict):
        values.update(who=who_label(error.who, lang), at=minute(error.at))
    if isinstance(error, DossierExists) and values.get("status") == "erased":
        key = "exists_erased"
    if isinstance(values.get("on"), dt.date):
        values["on"] = values["on"].isoformat()
    values.setdefault("detail", "")
    if key == "not_computable":
        values["reason"] = t(f"dossier.not_computable.{values.get('what')}", lang, **values)
    name = f"dossier.errors.{key}"
    if name not in keys(normalise_language(lang)):
        name = "dossier.errors.unknown"
    return t(name, lang, **values)
