"""The workshop store on SQLite and PostgreSQL: schema and migrations, submissions, privacy,
concurrency and durability after a killed process."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
import sqlalchemy as sa

from advisor.workshop import answers as wa
from advisor.workshop.store import (
    SCHEMA_VERSION,
    InvalidSetting,
    Outcome,
    SettingsLocked,
    Store,
    StoreUnavailable,
    UnknownWorkshop,
)
from tests.conftest import ROOT

ANSWERS = {"department": "verkoop", "importance.privacy": 5, "convincers": ["alignment"], "comment": "Prima"}


def test_a_new_database_gets_the_current_schema(store: Store):
    assert store.schema_version() == SCHEMA_VERSION
    names = set(sa.inspect(store.engine).get_table_names())
    assert {"advisor_schema", "workshops", "workshop_responses", "workshop_tokens"} <= names
    if store.is_sqlite:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_opening_twice_does_not_migrate_again(database_url: str):
    Store(database_url).close()
    again = Store(database_url)
    assert again.schema_version() == SCHEMA_VERSION
    again.close()


def test_upgrade_from_version_1_keeps_existing_workshops_and_responses(database_url: str):
    old = Store(database_url, migrate=False)
    assert old.migrate(target=1) == 1
    with old.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO workshops (code, title, language, segment_options, min_group, status,"
                " results_released, created_on) VALUES ('OLD234', 'Oud', 'en', '{}', 4, 'open', false,"
                " :day)"
            ),
            {"day": dt.date(2026, 1, 5)},
        )
        workshop_id = conn.execute(sa.text("SELECT id FROM workshops WHERE code = 'OLD234'")).scalar()
        conn.execute(
            sa.text(
                "INSERT INTO workshop_responses (response_id, workshop_id, submission_id, submitted_on,"
                " language, answers) VALUES ('r1', :w, 's1', :day, 'en', :answers)"
            ),
            {"w": workshop_id, "day": dt.date(2026, 1, 5), "answers": json.dumps(ANSWERS)},
        )
    old.close()

    upgraded = Store(database_url)
    assert upgraded.schema_version() == SCHEMA_VERSION
    workshop = upgraded.get("OLD234")
    assert (workshop.title, workshop.min_group, workshop.tokens_required, workshop.responses) == (
        "Oud",
        4,
        False,
        1,
    )
    assert upgraded.responses("OLD234")[0].answers == ANSWERS
    assert upgraded.add_tokens("OLD234", 1)  # the table version 2 added works
    upgraded.close()


def test_code_is_found_however_it_is_typed(store: Store, workshop):
    typed = f" {workshop.code[:3].lower()}-{workshop.code[3:]} "
    assert store.find(typed).code == workshop.code
    assert store.find("") is None
    assert store.find("ZZZZZZ") is None
    with pytest.raises(UnknownWorkshop):
        store.get("ZZZZZZ")


def test_a_response_stores_only_answers_language_and_the_day(store: Store, workshop):
    assert store.submit(workshop.code, "s-1", ANSWERS, "en") is Outcome.STORED
    columns = {c["name"] for c in sa.inspect(store.engine).get_columns("workshop_responses")}
    assert columns == {"response_id", "workshop_id", "submission_id", "submitted_on", "language", "answers"}
    with store.engine.connect() as conn:
        day = conn.execute(sa.text("SELECT submitted_on FROM workshop_responses")).scalar()
    assert str(day) == dt.datetime.now(dt.UTC).date().isoformat()  # a date, no time of day
    (stored,) = store.responses(workshop.code)
    assert stored.answers == ANSWERS and stored.language == "en"


def test_the_same_submission_is_stored_once(store: Store, workshop):
    assert store.submit(workshop.code, "same", ANSWERS) is Outcome.STORED
    assert store.submit(workshop.code, "same", {"comment": "again"}) is Outcome.DUPLICATE
    store.set_open(workshop.code, False)  # a retry whose first try got through is still acknowledged
    assert store.submit(workshop.code, "same", {"comment": "again"}) is Outcome.DUPLICATE
    assert store.response_count(workshop.code) == 1
    assert store.responses(workshop.code)[0].answers == ANSWERS


def test_closed_and_unknown_workshops_refuse(store: Store, workshop):
    store.set_open(workshop.code, False)
    assert store.submit(workshop.code, "s", ANSWERS) is Outcome.CLOSED
    assert store.submit("NOSUCH", "s", ANSWERS) is Outcome.UNKNOWN_WORKSHOP
    store.set_open(workshop.code, True)
    assert store.submit(workshop.code, "s", ANSWERS) is Outcome.STORED


def test_threshold_and_groups_lock_once_the_first_response_is_in(store: Store, workshop):
    assert store.update_settings(workshop.code, min_group=7).min_group == 7
    with pytest.raises(InvalidSetting):
        store.update_settings(workshop.code, min_group=2)
    store.submit(workshop.code, "s", ANSWERS)
    with pytest.raises(SettingsLocked):
        store.update_settings(workshop.code, min_group=5)
    assert store.get(workshop.code).min_group == 7


def test_single_use_tokens_work_once_and_are_stored_hashed(store: Store, workshop):
    first, second = store.add_tokens(workshop.code, 2)
    assert store.submit(workshop.code, "a", ANSWERS) is Outcome.TOKEN_REQUIRED
    assert store.submit(workshop.code, "b", ANSWERS, token="made-up") is Outcome.TOKEN_INVALID
    assert store.submit(workshop.code, "c", ANSWERS, token=first) is Outcome.STORED
    assert store.submit(workshop.code, "d", ANSWERS, token=first) is Outcome.TOKEN_USED
    assert store.check_token(store.get(workshop.code), second) is None
    assert store.check_token(store.get(workshop.code), first) is Outcome.TOKEN_USED
    assert store.token_counts(workshop.code) == (2, 1)
    with store.engine.connect() as conn:
        dump = " ".join(str(row) for row in conn.execute(sa.text("SELECT * FROM workshop_tokens")))
    assert first not in dump and second not in dump


def test_delete_erases_the_workshop_its_responses_and_tokens(store: Store, workshop):
    store.add_tokens(workshop.code, 3)
    tokens = store.add_tokens(workshop.code, 1)
    store.submit(workshop.code, "s", ANSWERS, token=tokens[0])
    other = store.create_workshop("Andere", "en")
    store.submit(other.code, "s", ANSWERS)
    assert store.delete(workshop.code) == 1
    assert store.find(workshop.code) is None
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM workshop_tokens")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM workshop_responses")).scalar() == 1
    with pytest.raises(UnknownWorkshop):
        store.delete(workshop.code)


def test_an_unreachable_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreUnavailable) as refused:
        Store("postgresql+psycopg://nobody:secret@127.0.0.1:9/none?connect_timeout=2")
    assert "127.0.0.1" in refused.value.values["detail"]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable):
        Store(f"sqlite:///{blocker / 'sub' / 'db.sqlite'}")
    with pytest.raises(StoreUnavailable):
        Store("nonsense://")


def test_300_parallel_submissions_are_all_stored_once_within_30_seconds(store: Store, workshop):
    q = wa.questionnaire_for(workshop)
    ids = [uuid.uuid4().hex for _ in range(300)]
    outcomes: list[Outcome] = []
    barrier = threading.Barrier(300)

    def participant(submission_id: str) -> None:
        barrier.wait()
        outcomes.append(store.submit(workshop.code, submission_id, wa.clean(ANSWERS, q)))

    started = time.monotonic()
    threads = [threading.Thread(target=participant, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started < 30
    assert outcomes.count(Outcome.STORED) == 300
    assert store.submission_ids(workshop.code) == set(ids)
    assert store.response_count(workshop.code) == 300


def test_a_retried_submit_racing_itself_is_stored_once(store: Store, workshop):
    barrier = threading.Barrier(20)
    outcomes: list[Outcome] = []

    def press() -> None:
        barrier.wait()
        outcomes.append(store.submit(workshop.code, "pressed-twenty-times", ANSWERS))

    threads = [threading.Thread(target=press) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(Outcome.STORED) == 1 and outcomes.count(Outcome.DUPLICATE) == 19
    assert store.response_count(workshop.code) == 1


SUBMITTER = """
import sys, threading
from advisor.workshop.store import Store
store = Store(sys.argv[1])
code = sys.argv[2]
lock = threading.Lock()
def worker(w):
    for i in range(100000):
        sid = f"crash-{w}-{i}"
        outcome = store.submit(code, sid, {"comment": "x" * 200, "importance.privacy": 4})
        if outcome.acknowledged:
            with lock:
                print(sid, flush=True)
threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
for t in threads: t.start()
for t in threads: t.join()
"""


def test_a_killed_process_loses_no_acknowledged_submission(store: Store, workshop, database_url: str):
    process = subprocess.Popen(
        [sys.executable, "-c", SUBMITTER, database_url, workshop.code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged = []
    deadline = time.monotonic() + 60
    while len(acknowledged) < 400 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        acknowledged.append(line.strip())
    os.kill(process.pid, signal.SIGKILL)  # mid-batch: eight writers are in flight
    process.wait()
    acknowledged += [line.strip() for line in process.stdout.read().splitlines() if line.strip()]
    assert len(acknowledged) >= 400

    reopened = Store(database_url)
    stored = reopened.submission_ids(workshop.code)
    assert set(acknowledged) <= stored
    assert all(r.answers["importance.privacy"] == 4 for r in reopened.responses(workshop.code))
    if reopened.is_sqlite:
        with reopened.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    reopened.close()
