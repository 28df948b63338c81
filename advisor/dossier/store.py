"""Dossiers in the workshop database: every change one history row, no change lost silently.

A :class:`DossierStore` wraps the workshop :class:`~advisor.workshop.store.Store` (same engine,
same migrations, same write discipline: one transaction per change, SQLite ``BEGIN IMMEDIATE``
with ``synchronous=FULL``, PostgreSQL with a row lock). Each change writes the new value and its
history row (when, who, field, old and new value as JSON) in one transaction, and increments the
dossier's ``version``; a change is acknowledged (the method returns) only after its COMMIT.

Optimistic concurrency, per field: a change carries the ``base_version`` its author last saw.
If someone else changed *the same field* after that version, nothing is written and
:class:`DossierConflict` names the field, who changed it and when; changes to other fields since
``base_version`` do not conflict (they are not overwritten). Datasets and generated plans are
added, never overwritten, so adding needs no base version.

Erase (:meth:`DossierStore.erase`, the GDPR erase): the survey data, every dataset, generated plan
and history row are deleted and the dossier row becomes a tombstone holding only its id, the
status ``erased`` and the date of the erase (no name, settings, people or times), so a colleague
who still has it open is told it was erased instead of "unknown". On SQLite the erase runs with
``secure_delete`` (freed pages are overwritten with zeros) and checkpoints the journal (WAL)
afterwards, so the bytes leave the database files too. On PostgreSQL the rows are deleted in one
transaction; the server overwrites their space as it reuses it (backups are the operator's).
A linked workshop is not erased with the dossier: it is data of its own (``workshop delete``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy import exc
from sqlalchemy.engine import Connection

from advisor.dossier import frames
from advisor.dossier.model import (
    EDITABLE,
    AmbiguousDossier,
    DatasetInfo,
    Dossier,
    DossierExists,
    DossierSummary,
    Erased,
    GeneratedPlan,
    HistoryEntry,
    InvalidValue,
    OverrideEntry,
    Settings,
    ThresholdLocked,
    UnknownDataset,
    UnknownDossier,
    utc_now,
)
from advisor.dossier.rows import (
    DATASET_COLUMNS,
    NewDataset,
    Prepared,
    Snapshot,
    active,
    check_fresh,
    check_threshold,
    dataset_info,
    dataset_value,
    dataset_values,
    dossier_row,
    dumps,
    error_detail,
    free_id,
    has_data,
    history_values,
    insert_dataset,
    loads,
    locked,
    override_ids,
    plain,
    prepared,
    record,
    validated_name,
    who_of,
)
from advisor.dossier.schema import datasets, dossiers, history, plans
from advisor.workshop.store import Store, StoreUnavailable, WorkshopError, normalise_code

__all__ = ["DossierStore", "NewDataset", "Snapshot"]


class DossierStore:
    """Dossiers beside the workshops. Thread-safe; share one per process like the workshop store."""

    def __init__(self, db: Store) -> None:
        self.db = db

    @classmethod
    def open(cls, url: str) -> DossierStore:
        return cls(Store(url))

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One read transaction that sees one state throughout (PostgreSQL: REPEATABLE READ, so a
        dossier, its datasets and its history never come from two different moments; SQLite's
        read transaction is such a snapshot already)."""
        options = {} if self.db.is_sqlite else {"isolation_level": "REPEATABLE READ"}
        try:
            with self.db.engine.connect().execution_options(**options) as conn, conn.begin():
                yield conn
        except (exc.OperationalError, exc.InterfaceError) as error:
            detail = " ".join(str(getattr(error, "orig", None) or error).split())[:300]
            raise StoreUnavailable(detail=detail) from None

    # ------------------------------------------------------------ reading
    def resolve(self, reference: str) -> str:
        """The id of the dossier named by ``reference``: its id (as typed) or its exact name."""
        code = normalise_code(reference)
        with self._read() as conn:
            if code and dossier_row(conn, code) is not None:
                return code
            named = conn.execute(
                sa.select(dossiers.c.id)
                .where(dossiers.c.name == " ".join(str(reference).split()), dossiers.c.status == "active")
                .order_by(dossiers.c.id)
            ).scalars()
            ids = list(named)
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise AmbiguousDossier(name=reference, ids=", ".join(ids))
        raise UnknownDossier(id=str(reference).strip())

    def get(self, dossier_id: str) -> Dossier:
        with self._read() as conn:
            return self._dossier(conn, dossier_id)

    def version(self, dossier_id: str) -> int:
        """The dossier's current version (one small query: has anything changed since?).
        UnknownDossier / DossierErased as for :meth:`get`."""
        with self.db.engine.connect() as conn:
            try:
                row = conn.execute(
                    sa.select(dossiers.c.version, dossiers.c.status, dossiers.c.erased_on).where(
                        dossiers.c.id == dossier_id
                    )
                ).first()
            except (exc.OperationalError, exc.InterfaceError) as error:
                detail = " ".join(str(getattr(error, "orig", None) or error).split())[:300]
                raise StoreUnavailable(detail=detail) from None
        return active(row, dossier_id).version

    def list_dossiers(self) -> list[DossierSummary]:
        """Active dossiers, most recently changed first (tombstones are not listed)."""
        counts = (
            sa.select(
                datasets.c.dossier_id,
                sa.func.count().label("n"),
                sa.func.sum(datasets.c.respondents).label("respondents"),
            )
            .group_by(datasets.c.dossier_id)
            .subquery()
        )
        query = (
            sa.select(dossiers, counts.c.n, counts.c.respondents)
            .outerjoin(counts, counts.c.dossier_id == dossiers.c.id)
            .where(dossiers.c.status == "active")
            .order_by(dossiers.c.updated_at.desc(), dossiers.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            DossierSummary(
                id=r.id,
                name=r.name,
                version=r.version,
                updated_at=r.updated_at,
                updated_by=r.updated_by,
                respondents=int(r.respondents or 0),
                datasets=int(r.n or 0),
                choice=Settings.model_validate_json(r.settings).choice,
            )
            for r in rows
        ]

    def history(self, dossier_id: str) -> list[HistoryEntry]:
        """Every change, oldest first."""
        with self._read() as conn:
            active(dossier_row(conn, dossier_id), dossier_id)
            return _history(conn, dossier_id)

    def snapshot(self, dossier_id: str) -> Snapshot:
        """The dossier, its history and its stored answer data, all from one moment (export)."""
        with self._read() as conn:
            dossier = self._dossier(conn, dossier_id)
            rows = conn.execute(
                sa.select(datasets.c.id, datasets.c.data).where(
                    datasets.c.dossier_id == dossier_id, datasets.c.data.is_not(None)
                )
            ).all()
            return Snapshot(dossier, tuple(_history(conn, dossier_id)), {r.id: bytes(r.data) for r in rows})

    def answer_frames(self, dossier_id: str) -> list[tuple[DatasetInfo, pd.DataFrame]]:
        """Each dataset with its answer frame (a linked workshop: its responses as of now)."""
        state = self.snapshot(dossier_id)
        return [
            (d, frames.from_parquet(state.blobs[d.id]) if d.id in state.blobs else self.workshop_frame(d))
            for d in state.dossier.datasets
        ]

    def answers(self, dossier_id: str) -> pd.DataFrame:
        """All datasets as one canonical answer frame (see :func:`advisor.dossier.frames.combine`)."""
        return frames.combine([(d.id, frame) for d, frame in self.answer_frames(dossier_id)])

    def workshop_frame(self, dataset: DatasetInfo) -> pd.DataFrame:
        """The answers of a linked workshop as they are now."""
        from advisor.workshop import answers as wa

        try:
            workshop = self.db.get(dataset.workshop_code or "")
            return wa.answer_frame(self.db.responses(workshop.code), wa.questionnaire_for(workshop))
        except WorkshopError:
            raise UnknownDataset(id=dataset.id, workshop=dataset.workshop_code) from None

    def _dossier(self, conn: Connection, dossier_id: str) -> Dossier:
        row = active(dossier_row(conn, dossier_id), dossier_id)
        data_rows = conn.execute(
            sa.select(datasets.c[*DATASET_COLUMNS])
            .where(datasets.c.dossier_id == dossier_id)
            .order_by(datasets.c.position)
        ).all()
        plan_rows = conn.execute(
            sa.select(plans).where(plans.c.dossier_id == dossier_id).order_by(plans.c.created_at, plans.c.id)
        ).all()
        return Dossier(
            id=row.id,
            name=row.name,
            version=row.version,
            created_at=row.created_at,
            created_by=row.created_by,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
            settings=Settings.model_validate_json(row.settings),
            datasets=tuple(dataset_info(conn, r) for r in data_rows),
            plans=tuple(
                GeneratedPlan(p.id, p.created_at, p.created_by, json.loads(p.settings), p.content_sha256)
                for p in plan_rows
            ),
        )

    # ------------------------------------------------------------ creating
    def create(
        self,
        name: str,
        *,
        who: str | None = None,
        settings: Settings | Mapping[str, Any] | None = None,
        uploads: Sequence[NewDataset] = (),
    ) -> Dossier:
        """A new dossier (history: ``created``, then one ``datasets.<id>`` row per dataset), in one
        transaction: all of it is stored or none."""
        who = who_of(who)
        clean_name = validated_name(name)
        try:
            chosen = settings if isinstance(settings, Settings) else Settings.model_validate(settings or {})
        except ValidationError as error:
            raise InvalidValue(field="settings", detail=error_detail(error)) from None
        check_threshold(chosen)
        new_sets = [prepared(d) for d in uploads]

        def work(conn: Connection) -> str:
            dossier_id = free_id(conn)
            now = utc_now()
            conn.execute(
                dossiers.insert().values(
                    id=dossier_id,
                    name=clean_name,
                    status="active",
                    version=0,
                    created_at=now,
                    created_by=who,
                    updated_at=now,
                    updated_by=who,
                    settings=dumps(chosen.as_json()),
                )
            )
            row = active(dossier_row(conn, dossier_id), dossier_id)
            record(conn, row, who, "created", None, {"name": clean_name, "settings": chosen.as_json()}, now)
            for upload in new_sets:
                insert_dataset(conn, dossier_id, who, now, upload)
            return dossier_id

        return self.get(self.db.write(work))

    # ------------------------------------------------------------ changing
    def change(
        self, dossier_id: str, field: str, value: Any, *, base_version: int, who: str | None
    ) -> Dossier:
        """Set one editable field (see :data:`advisor.dossier.model.EDITABLE`).

        Raises DossierConflict when someone else changed this field after ``base_version``;
        InvalidValue (naming the field) for a value the field does not take. Setting the value a
        field already has is no change: nothing is written.
        """
        if field not in EDITABLE:
            raise InvalidValue(field=field, detail="not a field of a dossier")

        def mutate(conn: Connection, row: sa.Row) -> tuple[Any, Any, dict[str, Any]]:
            if field == "name":
                new_name = validated_name(value)
                return row.name, new_name, {"name": new_name}
            current = Settings.model_validate_json(row.settings)
            try:
                changed = Settings.model_validate({**current.as_json(), field: plain(value)})
            except ValidationError as error:
                raise InvalidValue(field=field, detail=error_detail(error)) from None
            check_threshold(changed)
            if field == "min_group" and changed.min_group < current.min_group and has_data(conn, row.id):
                raise ThresholdLocked(value=changed.min_group, locked=current.min_group)
            return (
                current.as_json()[field],
                changed.as_json()[field],
                {"settings": dumps(changed.as_json())},
            )

        return self._apply(dossier_id, field, mutate, base_version, who)

    def set_override(
        self,
        dossier_id: str,
        platform: str,
        criterion: str,
        score: float,
        justification: str,
        *,
        base_version: int,
        who: str | None,
    ) -> Dossier:
        """Set a criterion score of a platform by hand (justification of 20 characters or more)."""
        platform, criterion = override_ids(platform, criterion)
        who = who_of(who)
        try:
            entry = OverrideEntry(score=score, justification=justification, by=who, at=utc_now())
        except ValidationError as error:
            raise InvalidValue(
                field=f"overrides.{platform}.{criterion}", detail=error_detail(error)
            ) from None
        return self._override(dossier_id, platform, criterion, entry, base_version, who)

    def remove_override(
        self, dossier_id: str, platform: str, criterion: str, *, base_version: int, who: str | None
    ) -> Dossier:
        platform, criterion = override_ids(platform, criterion)
        return self._override(dossier_id, platform, criterion, None, base_version, who_of(who))

    def _override(
        self,
        dossier_id: str,
        platform: str,
        criterion: str,
        entry: OverrideEntry | None,
        base_version: int,
        who: str,
    ) -> Dossier:
        def mutate(conn: Connection, row: sa.Row) -> tuple[Any, Any, dict[str, Any]]:
            current = Settings.model_validate_json(row.settings)
            overrides = {p: dict(c) for p, c in current.overrides.items()}
            old = overrides.get(platform, {}).get(criterion)
            if entry is None:
                overrides.get(platform, {}).pop(criterion, None)
            else:
                overrides.setdefault(platform, {})[criterion] = entry
            overrides = {p: c for p, c in overrides.items() if c}
            changed = current.model_copy(update={"overrides": overrides})
            return (
                None if old is None else old.model_dump(mode="json"),
                None if entry is None else entry.model_dump(mode="json"),
                {"settings": dumps(changed.as_json())},
            )

        return self._apply(dossier_id, f"overrides.{platform}.{criterion}", mutate, base_version, who)

    def add_dataset(self, dossier_id: str, dataset: NewDataset, *, who: str | None) -> Dossier:
        """Add an imported export (its canonical answer frame, without identity columns)."""
        upload = prepared(dataset)
        who = who_of(who)

        def work(conn: Connection) -> None:
            locked(conn, dossier_id)
            insert_dataset(conn, dossier_id, who, utc_now(), upload)

        self.db.write(work)
        return self.get(dossier_id)

    def link_workshop(self, dossier_id: str, code: str, *, who: str | None) -> Dossier:
        """Use a workshop's responses (read live, as they come in) as a dataset of the dossier."""
        try:
            workshop = self.db.get(code)
        except WorkshopError:
            raise UnknownDataset(id=str(code), workshop=str(code)) from None
        who = who_of(who)

        report = {"format": "workshop", "file": workshop.title, "respondents": workshop.responses}
        link = Prepared(None, report, validated_name(workshop.title), workshop.responses, workshop.code)

        def work(conn: Connection) -> None:
            locked(conn, dossier_id)
            insert_dataset(conn, dossier_id, who, utc_now(), link)

        self.db.write(work)
        return self.get(dossier_id)

    def remove_dataset(self, dossier_id: str, dataset_id: str, *, who: str | None) -> Dossier:
        """Remove a dataset and its answer data (the change stays in the history, the data not)."""
        who = who_of(who)

        def work(conn: Connection) -> None:
            row = locked(conn, dossier_id)
            found = conn.execute(
                sa.select(datasets.c[*DATASET_COLUMNS]).where(
                    datasets.c.dossier_id == dossier_id, datasets.c.id == dataset_id
                )
            ).first()
            if found is None:
                raise UnknownDataset(id=dataset_id, workshop="")
            conn.execute(
                datasets.delete().where(datasets.c.dossier_id == dossier_id, datasets.c.id == dataset_id)
            )
            record(conn, row, who, f"datasets.{dataset_id}", dataset_value(found), None, utc_now())

        self.db.write(work)
        return self.get(dossier_id)

    def record_plan(
        self, dossier_id: str, settings: Mapping[str, Any], content: bytes, *, who: str | None
    ) -> GeneratedPlan:
        """Note a generated plan: its settings (JSON-ready), the time and its content's SHA-256."""
        who = who_of(who)
        try:
            plan_settings = json.loads(dumps(dict(settings)))
        except (TypeError, ValueError) as error:
            raise InvalidValue(field="plan settings", detail=str(error)) from None
        digest = frames.sha256(bytes(content))

        def work(conn: Connection) -> GeneratedPlan:
            row = locked(conn, dossier_id)
            plan = GeneratedPlan(free_id(conn, dossier_id, plans), utc_now(), who, plan_settings, digest)
            conn.execute(
                plans.insert().values(
                    dossier_id=dossier_id,
                    id=plan.id,
                    created_at=plan.created_at,
                    created_by=who,
                    settings=dumps(plan_settings),
                    content_sha256=digest,
                )
            )
            value = {"settings": plan_settings, "content_sha256": digest}
            record(conn, row, who, f"plans.{plan.id}", None, value, plan.created_at)
            return plan

        return self.db.write(work)

    def _apply(
        self,
        dossier_id: str,
        field: str,
        mutate: Callable[[Connection, sa.Row], tuple[Any, Any, dict[str, Any]]],
        base_version: int,
        who: str | None,
    ) -> Dossier:
        who = who_of(who)

        def work(conn: Connection) -> None:
            row = locked(conn, dossier_id)
            old, new, values = mutate(conn, row)
            if dumps(old) == dumps(new):
                return  # no change, no history row, no conflict: the field holds what was wanted
            check_fresh(conn, row, field, base_version)
            conn.execute(dossiers.update().where(dossiers.c.id == dossier_id).values(**values))
            record(conn, row, who, field, old, new, utc_now())

        self.db.write(work)
        return self.get(dossier_id)

    # ------------------------------------------------------------ erase and restore
    def erase(self, dossier_id: str) -> Erased:
        """The GDPR erase (see the module docstring). Erasing a tombstone again is refused."""

        def work(conn: Connection) -> Erased:
            row = locked(conn, dossier_id)
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA secure_delete=ON")
            linked = conn.execute(
                sa.select(datasets.c.workshop_code).where(
                    datasets.c.dossier_id == dossier_id, datasets.c.data.is_(None)
                )
            ).scalars()
            workshops = tuple(sorted(c for c in linked if c))
            counts = [
                int(conn.execute(table.delete().where(table.c.dossier_id == dossier_id)).rowcount or 0)
                for table in (datasets, plans, history)
            ]
            today = utc_now().date()
            conn.execute(
                dossiers.update()
                .where(dossiers.c.id == dossier_id)
                .values(
                    name=None,
                    status="erased",
                    version=row.version + 1,
                    created_at=None,
                    created_by=None,
                    updated_at=None,
                    updated_by=None,
                    erased_on=today,
                    settings="{}",
                )
            )
            return Erased(dossier_id, today, *counts, workshops=workshops)

        erased = self.db.write(work)
        if self.db.is_sqlite:
            self._checkpoint()
        return erased

    def _checkpoint(self) -> None:
        """Copy the journal into the database file and empty it (best effort: a reader that
        holds an old snapshot delays it until the next checkpoint)."""
        raw = self.db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.close()
        finally:
            raw.close()

    def restore(self, restored: Snapshot, *, new_id: bool = False) -> Dossier:
        """Store a dossier exactly as read from an archive: the same id (unless ``new_id``),
        versions, times, people, history, datasets and plans. Refused when the id is taken."""
        source = restored.dossier

        def work(conn: Connection) -> str:
            dossier_id = free_id(conn) if new_id else source.id
            existing = dossier_row(conn, dossier_id)
            if existing is not None:
                raise DossierExists(id=dossier_id, name=existing.name or "", status=existing.status)
            conn.execute(
                dossiers.insert().values(
                    id=dossier_id,
                    name=source.name,
                    status="active",
                    version=source.version,
                    created_at=source.created_at,
                    created_by=source.created_by,
                    updated_at=source.updated_at,
                    updated_by=source.updated_by,
                    settings=dumps(source.settings.as_json()),
                )
            )
            for entry in restored.history:
                conn.execute(history.insert().values(dossier_id=dossier_id, **history_values(entry)))
            for d in source.datasets:
                conn.execute(
                    datasets.insert().values(
                        dossier_id=dossier_id, data=restored.blobs.get(d.id), **dataset_values(d)
                    )
                )
            for p in source.plans:
                conn.execute(
                    plans.insert().values(
                        dossier_id=dossier_id,
                        id=p.id,
                        created_at=p.created_at,
                        created_by=p.created_by,
                        settings=dumps(p.settings),
                        content_sha256=p.content_sha256,
                    )
                )
            return dossier_id

        return self.get(self.db.write(work))


def _history(conn: Connection, dossier_id: str) -> list[HistoryEntry]:
    rows = conn.execute(
        sa.select(history).where(history.c.dossier_id == dossier_id).order_by(history.c.version)
    ).all()
    return [
        HistoryEntry(r.version, r.changed_at, r.who, r.field, loads(r.old_value), loads(r.new_value))
        for r in rows
    ]
