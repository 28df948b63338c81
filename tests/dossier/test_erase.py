"""Deleting a dossier is the GDPR erase: survey data and everything identifying gone, a bare
tombstone left (id, status, date), and on SQLite the bytes gone from the database files too."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from advisor.dossier.model import DossierErased
from advisor.dossier.store import DossierStore
from tests.dossier.conftest import demo_upload

NOTE = "Besluit-zin-die-nergens-anders-voorkomt-7Q4"
REASON = "Onderbouwing-die-nergens-anders-voorkomt-9X2, getekend door de FG."
WHO = "pietje.puk@voorbeeld-gemeente.nl"


def _fill(store: DossierStore, dossier_id: str) -> None:
    version = store.get(dossier_id).version
    version = store.change(dossier_id, "decision_note", NOTE, base_version=version, who=WHO).version
    store.set_override(dossier_id, "teams", "privacy", 8.0, REASON, base_version=version, who=WHO)
    store.record_plan(dossier_id, {"platform": "teams", "org_name": "Gemeente Voorbeeld"}, b"plan", who=WHO)


def _rows(store: DossierStore, table: str, dossier_id: str) -> int:
    with store.db.engine.connect() as conn:
        return conn.execute(
            sa.text(f"SELECT count(*) FROM {table} WHERE dossier_id = :d"), {"d": dossier_id}
        ).scalar()


def test_erase_deletes_data_people_and_history_and_leaves_a_bare_tombstone(store: DossierStore, dossier):
    _fill(store, dossier.id)
    other = store.create("Ander dossier", who="bob", uploads=[demo_upload()])
    erased = store.erase(dossier.id)
    assert (erased.datasets, erased.plans, erased.history) == (1, 1, 5)
    for table in ("dossier_datasets", "dossier_plans", "dossier_history"):
        assert _rows(store, table, dossier.id) == 0, table
    with store.db.engine.connect() as conn:
        tombstone = (
            conn.execute(sa.text("SELECT * FROM dossiers WHERE id = :d"), {"d": dossier.id}).one()._mapping
        )
    kept = {k: v for k, v in tombstone.items() if v is not None}
    assert set(kept) == {"id", "status", "version", "erased_on", "settings"}
    assert kept["status"] == "erased" and kept["settings"] == "{}"
    with pytest.raises(DossierErased):
        store.get(dossier.id)
    assert [d.id for d in store.list_dossiers()] == [other.id]
    assert store.get(other.id).respondents == 400 and _rows(store, "dossier_history", other.id) == 2


def test_a_colleague_still_working_in_an_erased_dossier_is_told_it_was_erased(store: DossierStore, dossier):
    store.erase(dossier.id)
    with pytest.raises(DossierErased) as told:
        store.change(dossier.id, "method", "topsis", base_version=dossier.version, who="bob")
    assert told.value.values["id"] == dossier.id and told.value.values["on"] is not None
    with pytest.raises(DossierErased):
        store.add_dataset(dossier.id, demo_upload(), who="bob")
    with pytest.raises(DossierErased):
        store.erase(dossier.id)


def test_a_linked_workshop_keeps_its_own_responses_and_is_named(store: DossierStore, dossier):
    workshop = store.db.create_workshop("Kick-off", "nl")
    store.db.submit(workshop.code, "s1", {"importance.privacy": 5})
    store.link_workshop(dossier.id, workshop.code, who="bob")
    assert store.erase(dossier.id).workshops == (workshop.code,)
    assert store.db.response_count(workshop.code) == 1


def _database_bytes(url: str) -> bytes:
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_on_sqlite_the_erased_bytes_leave_the_database_files(store: DossierStore, dossier, database_url: str):
    if not store.db.is_sqlite:
        pytest.skip("PostgreSQL reclaims deleted rows itself (see advisor.dossier.store)")
    # as SQLite is built on most systems (Debian builds it with secure_delete on by default)
    sa.event.listen(store.db.engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA secure_delete=OFF"))
    store.db.engine.dispose()
    _fill(store, dossier.id)
    with store.db.engine.connect() as conn:  # as after a while: the pages are in the main file
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    (blob,) = store.snapshot(dossier.id).blobs.values()
    chunks = [blob[i : i + 32] for i in range(1000, len(blob) - 32, len(blob) // 9)]
    secrets = [NOTE.encode(), REASON.encode()[:40], WHO.encode(), b"Platformkeuze 2027"]
    before = _database_bytes(database_url)
    assert all(s in before for s in secrets) and any(c in before for c in chunks)

    store.erase(dossier.id)
    after = _database_bytes(database_url)
    assert [s for s in secrets if s in after] == []
    assert [c for c in chunks if c in after] == []
