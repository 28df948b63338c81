"""Row-level steps of the dossier store, each inside the caller's transaction.

:func:`record` is the one place a change becomes a history row and a new version; every writer in
:mod:`advisor.dossier.store` goes through it, so value and history are always written together.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.engine import Connection

from advisor.dossier import frames
from advisor.dossier.model import (
    ACKNOWLEDGE_BELOW,
    LOCAL_USER,
    AcknowledgeNeeded,
    DatasetInfo,
    Dossier,
    DossierConflict,
    DossierErased,
    DossierError,
    HistoryEntry,
    Identifier,
    InvalidValue,
    Name,
    Settings,
    UnknownDossier,
)
from advisor.dossier.schema import ID_LENGTH, datasets, dossiers, history
from advisor.workshop.store import CODE_ALPHABET

_identifier = TypeAdapter(Identifier)
_name = TypeAdapter(Name)


@dataclass(frozen=True)
class NewDataset:
    """An imported export to add: the canonical answer frame and the import report (a dict)."""

    frame: pd.DataFrame
    report: Mapping[str, Any]
    name: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Everything of one dossier at one moment: what an export writes and an import restores."""

    dossier: Dossier
    history: tuple[HistoryEntry, ...]
    blobs: Mapping[str, bytes] = field(default_factory=dict)  # dataset id -> Parquet


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def who_of(who: str | None) -> str:
    return " ".join(str(who or "").split())[:200] or LOCAL_USER


def new_id() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(ID_LENGTH))


def error_detail(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def check_threshold(settings: Settings) -> None:
    if settings.min_group < ACKNOWLEDGE_BELOW and not settings.acknowledge_small_groups:
        raise AcknowledgeNeeded(value=settings.min_group, limit=ACKNOWLEDGE_BELOW)


DATASET_COLUMNS = [c.name for c in datasets.columns if c.name != "data"]


def dossier_row(conn: Connection, dossier_id: str, lock: bool = False) -> sa.Row | None:
    query = sa.select(dossiers).where(dossiers.c.id == dossier_id)
    return conn.execute(query.with_for_update() if lock else query).first()


def active(row: sa.Row | None, dossier_id: str) -> sa.Row:
    if row is None:
        raise UnknownDossier(id=dossier_id)
    if row.status != "active":
        raise DossierErased(id=dossier_id, on=row.erased_on)
    return row


def locked(conn: Connection, dossier_id: str) -> sa.Row:
    """The dossier row, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite's
    BEGIN IMMEDIATE already holds the database's write lock)."""
    return active(dossier_row(conn, dossier_id, lock=True), dossier_id)


def check_fresh(conn: Connection, row: sa.Row, field: str, base_version: int) -> None:
    if not isinstance(base_version, int) or not 0 <= base_version <= row.version:
        raise InvalidValue(field="base_version", detail=f"0 to {row.version}, not {base_version!r}")
    later = conn.execute(
        sa.select(history.c.version, history.c.who, history.c.changed_at)
        .where(history.c.dossier_id == row.id, history.c.field == field, history.c.version > base_version)
        .order_by(history.c.version.desc())
        .limit(1)
    ).first()
    if later is not None:
        raise DossierConflict(field=field, who=later.who, at=later.changed_at, version=later.version)


def record(conn: Connection, row: sa.Row, who: str, field: str, old: Any, new: Any, now: dt.datetime) -> int:
    """The history row of one change and the dossier's new version (same transaction)."""
    version = row.version + 1
    conn.execute(
        dossiers.update()
        .where(dossiers.c.id == row.id)
        .values(version=version, updated_at=now, updated_by=who)
    )
    conn.execute(
        history.insert().values(
            dossier_id=row.id,
            version=version,
            changed_at=now,
            who=who,
            field=field,
            old_value=None if old is None else dumps(old),
            new_value=None if new is None else dumps(new),
        )
    )
    return version


def free_id(conn: Connection, dossier_id: str | None = None, table: sa.Table = dossiers) -> str:
    for _ in range(20):
        candidate = new_id()
        query = sa.select(table.c.id).where(table.c.id == candidate)
        if dossier_id is not None:
            query = query.where(table.c.dossier_id == dossier_id)
        if conn.execute(query).first() is None:
            return candidate
    raise DossierError(detail="no free id")


def has_data(conn: Connection, dossier_id: str) -> bool:
    return (
        conn.execute(sa.select(datasets.c.id).where(datasets.c.dossier_id == dossier_id)).first() is not None
    )


@dataclass(frozen=True)
class Prepared:
    blob: bytes | None  # None: a live workshop link
    report: dict[str, Any]
    name: str
    respondents: int
    workshop_code: str | None = None


def prepared(dataset: NewDataset) -> Prepared:
    """Checked and encoded before the transaction starts (no Parquet work under the write lock)."""
    report = json.loads(dumps(dict(dataset.report)))
    if report.get("kept_identity"):
        raise InvalidValue(field="answers", detail="identity columns were kept; import without them")
    blob = frames.to_parquet(dataset.frame)
    name = validated_name(dataset.name or str(report.get("file") or "upload"))
    return Prepared(blob, report, name, len(dataset.frame))


def insert_dataset(conn: Connection, dossier_id: str, who: str, now: dt.datetime, new: Prepared) -> int:
    position = conn.execute(
        sa.select(sa.func.coalesce(sa.func.max(datasets.c.position), 0)).where(
            datasets.c.dossier_id == dossier_id
        )
    ).scalar()
    info = DatasetInfo(
        id=free_id(conn, dossier_id, datasets),
        position=int(position or 0) + 1,
        kind="upload" if new.workshop_code is None else "workshop",
        name=new.name,
        workshop_code=new.workshop_code,
        format=new.report.get("format"),
        respondents=new.respondents,
        added_at=now,
        added_by=who,
        data_sha256=None if new.blob is None else frames.sha256(new.blob),
        report=new.report,
    )
    conn.execute(datasets.insert().values(dossier_id=dossier_id, data=new.blob, **dataset_values(info)))
    row = active(dossier_row(conn, dossier_id), dossier_id)
    return record(conn, row, who, f"datasets.{info.id}", None, dataset_value(info), now)


def dataset_values(d: DatasetInfo) -> dict[str, Any]:
    return {
        "id": d.id,
        "position": d.position,
        "kind": d.kind,
        "name": d.name,
        "workshop_code": d.workshop_code,
        "format": d.format,
        "respondents": d.respondents,
        "added_at": d.added_at,
        "added_by": d.added_by,
        "data_sha256": d.data_sha256,
        "report": dumps(d.report),
    }


def dataset_value(d: DatasetInfo | sa.Row) -> dict[str, Any]:
    """What the history keeps of a dataset: what it was, never its answers."""
    return {
        "name": d.name,
        "kind": d.kind,
        "respondents": d.respondents,
        "workshop_code": d.workshop_code,
        "sha256": d.data_sha256,
    }


def dataset_info(conn: Connection, r: sa.Row) -> DatasetInfo:
    respondents = r.respondents
    if r.data_sha256 is None and r.workshop_code:  # a live link: as many as have answered now
        from advisor.workshop.store import COUNTED, responses, workshops

        respondents = conn.execute(
            sa.select(sa.func.count())
            .select_from(responses.join(workshops, workshops.c.id == responses.c.workshop_id))
            .where(workshops.c.code == r.workshop_code, COUNTED)
        ).scalar()
    return DatasetInfo(
        id=r.id,
        position=r.position,
        kind=r.kind,
        name=r.name,
        workshop_code=r.workshop_code,
        format=r.format,
        respondents=int(respondents or 0),
        added_at=r.added_at,
        added_by=r.added_by,
        data_sha256=r.data_sha256,
        report=json.loads(r.report),
    )


def history_values(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "version": entry.version,
        "changed_at": entry.at,
        "who": entry.who,
        "field": entry.field,
        "old_value": None if entry.old is None else dumps(entry.old),
        "new_value": None if entry.new is None else dumps(entry.new),
    }


def validated_name(name: Any) -> str:
    try:
        return _name.validate_python(" ".join(str(name).split()))
    except ValidationError as error:
        raise InvalidValue(field="name", detail=error_detail(error)) from None


def override_ids(platform: str, criterion: str) -> tuple[str, str]:
    try:
        return _identifier.validate_python(platform), _identifier.validate_python(criterion)
    except ValidationError as error:
        raise InvalidValue(field="overrides", detail=error_detail(error)) from None


def plain(value: Any) -> Any:
    """A pydantic model, tuple or set given for a field, as the JSON value it stands for."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return value
