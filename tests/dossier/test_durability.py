"""A process killed while it saves dossier changes loses no acknowledged change and leaves the
database consistent (every version has its history row, the value is the last row's new value)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from advisor.dossier.store import DossierStore
from tests.conftest import ROOT
from tests.dossier.conftest import demo_import

WRITER = """
import sys, threading
import pandas as pd
from advisor.dossier.store import DossierStore, NewDataset
store = DossierStore.open(sys.argv[1])
dossier_id = sys.argv[2]
frame = pd.read_parquet(sys.argv[3])
lock = threading.Lock()
REASON = "Handmatig bijgesteld na het gesprek met de leverancier, ronde "

def say(line):
    with lock:
        print(line, flush=True)

def notes():
    for i in range(1, 100000):
        base = store.get(dossier_id).version
        store.change(dossier_id, "decision_note", f"note {i}", base_version=base, who="notes")
        say(f"note {i}")

def overrides():
    for i in range(1, 100000):
        base = store.get(dossier_id).version
        reason = REASON + str(i)
        store.set_override(dossier_id, "teams", "privacy", i % 10, reason, base_version=base, who="ov")
        say(f"override {i}")

def uploads():
    for i in range(1, 100000):
        before = {d.id for d in store.get(dossier_id).datasets}
        upload = NewDataset(frame, {"format": "native"}, f"upload {i}.csv")
        after = store.add_dataset(dossier_id, upload, who="up")
        (new,) = [d.id for d in after.datasets if d.id not in before]
        say(f"dataset {new}")

threads = [threading.Thread(target=f) for f in (notes, overrides, uploads)]
for t in threads: t.start()
for t in threads: t.join()
"""


def _last(acknowledged: list[str], kind: str) -> int:
    return max((int(line.split()[1]) for line in acknowledged if line.startswith(kind + " ")), default=0)


def test_a_killed_process_loses_no_acknowledged_change(
    store: DossierStore, dossier, database_url: str, tmp_path
):
    frame_file = tmp_path / "answers.parquet"
    demo_import().answers.iloc[:120].to_parquet(frame_file)
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, database_url, dossier.id, str(frame_file)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged: list[str] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        acknowledged.append(line.strip())
        if len(acknowledged) >= 150 and sum(a.startswith("dataset") for a in acknowledged) >= 10:
            break
    os.kill(process.pid, signal.SIGKILL)  # three writers are in flight
    process.wait()
    acknowledged += [line.strip() for line in process.stdout.read().splitlines() if line.strip()]
    assert len(acknowledged) >= 150, acknowledged[-5:]

    reopened = DossierStore.open(database_url)
    state = reopened.get(dossier.id)
    note = int(state.settings.decision_note.split()[1])
    assert note >= _last(acknowledged, "note")  # the last acknowledged note, or one saved after it
    override = state.settings.overrides["teams"]["privacy"]
    assert int(override.justification.rsplit(" ", 1)[1]) >= _last(acknowledged, "override")
    stored = {d.id for d in state.datasets}
    assert {line.split()[1] for line in acknowledged if line.startswith("dataset")} <= stored
    assert all(len(frame) == 120 for _, frame in reopened.answer_frames(dossier.id)[1:])

    history = reopened.history(dossier.id)
    assert [h.version for h in history] == list(range(1, state.version + 1))
    assert [h.new for h in history if h.field == "decision_note"][-1] == state.settings.decision_note
    assert {f"datasets.{d}" for d in stored} <= {h.field for h in history}
    if reopened.db.is_sqlite:
        with reopened.db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            orphans = conn.execute(
                sa.text(
                    "SELECT count(*) FROM dossier_datasets WHERE dossier_id NOT IN (SELECT id FROM dossiers)"
                )
            ).scalar()
            assert orphans == 0
    reopened.close()
