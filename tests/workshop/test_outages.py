"""Outages: PostgreSQL stopped and restarted in the middle of a room submitting (answers kept in the
participant's session and sent again, not typed again; each stored once), a damaged SQLite file and
a write lock held by another process (calm messages, never a raw DatabaseError), and connection
pools that let three app instances share a stock PostgreSQL."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from advisor.config import embedded_url
from advisor.workshop import answers as wa
from advisor.workshop.engine import MAX_OVERFLOW, POOL_SIZE
from advisor.workshop.store import Store, StoreDamaged, StoreUnavailable
from tests.conftest import ROOT
from tests.workshop import own_postgres
from tests.workshop.conftest import POSTGRES_URL

DEPARTMENTS = wa.parse_options("department", "IT\nHR\nVerkoop")


def _response(q, rng: random.Random) -> dict:
    return wa.clean(
        {"department": rng.choice(["it", "hr", "verkoop"]), "use.email": rng.choice(["daily", "never"])}, q
    )


@pytest.fixture
def postgres():
    why = own_postgres.available()
    if why:
        pytest.skip(why)
    with own_postgres.own_postgres() as server:
        yield server


def _participant_page(code: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = "nl-NL"
    at.query_params["w"] = code
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    from tests.ui.conftest import texts

    return texts(at)


def _submit(at: AppTest) -> AppTest:
    (button,) = [b for b in at.button if b.key.startswith("FormSubmitter:answers_")]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def app_env(monkeypatch, tmp_path):
    from advisor.ui import browser
    from advisor.workshop import web

    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ADVISOR_FACILITATOR_PASSWORD_HASH", raising=False)
    cookies: dict[str, str] = {}
    monkeypatch.setattr(browser, "sent_cookies", lambda: dict(cookies))
    web.shared_store.cache_clear()
    yield monkeypatch
    web.shared_store.cache_clear()


# ---------------------------------------------------------------- PostgreSQL stops mid-burst
def test_postgres_stopped_and_restarted_mid_burst_loses_nothing_and_stores_each_once(postgres):
    store = Store(postgres.url)
    workshop = store.create_workshop("Heidag", "nl", {"department": DEPARTMENTS}, 3)
    q = wa.questionnaire_for(workshop)
    rng = random.Random(16)
    people = 40
    answers = [_response(q, rng) for _ in range(people)]
    acknowledged = [False] * people
    refused_while_down = [0]
    went_down = threading.Event()

    def participant(i: int) -> None:
        time.sleep(i * 0.05)  # a room pressing "send" over two seconds
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # what the page does: keep the answer, send it again
            try:
                acknowledged[i] = store.submit(workshop.code, f"device-{i}", answers[i]).acknowledged
                return
            except StoreUnavailable:
                if went_down.is_set():
                    refused_while_down[0] += 1
                time.sleep(0.2)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    time.sleep(0.8)
    postgres.stop()
    went_down.set()
    time.sleep(2.0)
    postgres.start()
    for thread in threads:
        thread.join()
    assert all(acknowledged), f"{acknowledged.count(False)} never acknowledged"
    assert refused_while_down[0] > 0, "the server was not down while people were submitting"
    assert store.response_count(workshop.code) == people
    assert store.submission_ids(workshop.code) == {f"device-{i}" for i in range(people)}
    store.close()


def test_a_phone_keeps_its_answers_through_a_postgres_restart_and_sends_them_by_itself(app_env, postgres):
    app_env.setenv("ADVISOR_DATABASE_URL", postgres.url)
    store = Store(postgres.url)
    workshop = store.create_workshop("Heidag", "nl", {"department": DEPARTMENTS}, 3)
    at = _participant_page(workshop.code)
    at.radio(key=f"a_{workshop.code}_department").set_value("hr")
    at.radio(key=f"a_{workshop.code}_use.email").set_value("weekly")
    postgres.stop()
    _submit(at)
    assert "bewaard" in _texts(at) and "opnieuw verstuurd" in _texts(at)
    assert "OperationalError" not in _texts(at) and "5432" not in _texts(at)
    assert at.radio(key=f"a_{workshop.code}_department").value == "hr"  # nothing to type again
    at.run()  # the page's own retry, while the server is still down
    assert "bewaard" in _texts(at) and not at.exception
    postgres.start()
    at.run()  # the retry every few seconds
    at.run()
    assert "Dank je wel" in _texts(at), _texts(at)
    (stored,) = store.responses(workshop.code)
    assert stored.answers == {"department": "hr", "use.email": "weekly"}
    store.close()


# ---------------------------------------------------------------- SQLite damaged or locked
def test_a_damaged_sqlite_file_gives_calm_messages_and_no_traceback(app_env, tmp_path):
    path = Path(tmp_path) / "workshops.sqlite"
    path.write_bytes(b"this is no database, just text " * 400)
    with pytest.raises(StoreDamaged):
        Store(embedded_url(tmp_path))
    at = _participant_page("ABC234")
    shown = _texts(at)
    assert "niet bereikbaar" in shown and "DatabaseError" not in shown and "not a database" not in shown
    cli = subprocess.run(
        [sys.executable, "-m", "advisor", "workshop", "list"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "ADVISOR_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        timeout=60,
    )
    assert cli.returncode == 2 and "Traceback" not in cli.stderr
    assert "beschadigd" in cli.stderr or "damaged" in cli.stderr, cli.stderr


def test_a_write_lock_held_elsewhere_answers_within_seconds_and_the_answer_follows(app_env, tmp_path):
    store = Store(embedded_url(tmp_path))
    workshop = store.create_workshop("Heidag", "nl", {"department": DEPARTMENTS}, 3)
    at = _participant_page(workshop.code)
    at.radio(key=f"a_{workshop.code}_department").set_value("it")
    at.radio(key=f"a_{workshop.code}_use.email").set_value("daily")
    other = sqlite3.connect(str(Path(tmp_path) / "workshops.sqlite"), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process writing (a backup tool, the CLI)
    started = time.monotonic()
    _submit(at)
    waited = time.monotonic() - started
    assert waited < 15, f"the participant waited {waited:.0f} s"
    assert "bewaard" in _texts(at) and not at.exception
    other.execute("ROLLBACK")
    other.close()
    at.run()
    assert "Dank je wel" in _texts(at)
    assert store.response_count(workshop.code) == 1
    store.close()


# ---------------------------------------------------------------- pools
def test_three_instances_fit_a_stock_postgres_in_a_burst():
    if not POSTGRES_URL:
        pytest.skip("ADVISOR_TEST_POSTGRES_URL is not set (CI sets it after starting a local PostgreSQL)")
    from tests.workshop.conftest import empty_postgres

    empty_postgres(POSTGRES_URL)
    instances = [Store(POSTGRES_URL) for _ in range(3)]
    workshop = instances[0].create_workshop("Drie", "nl", {"department": DEPARTMENTS}, 3)
    q = wa.questionnaire_for(workshop)
    rng = random.Random(3)
    peak = [0]
    stop = threading.Event()
    probe = sa.create_engine(POSTGRES_URL, poolclass=sa.pool.NullPool)

    def watch() -> None:
        with probe.connect() as conn:
            while not stop.is_set():
                count = conn.execute(
                    sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
                ).scalar()
                peak[0] = max(peak[0], int(count) - 1)
                time.sleep(0.01)

    def burst(store: Store, i: int) -> None:
        for j in range(5):
            store.submit(workshop.code, f"{i}-{j}", _response(q, rng))
            store.response_count(workshop.code)

    watcher = threading.Thread(target=watch)
    watcher.start()
    threads = [threading.Thread(target=burst, args=(instances[i % 3], i)) for i in range(120)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    watcher.join()
    assert instances[1].response_count(workshop.code) == 600
    assert peak[0] <= 3 * (POOL_SIZE + MAX_OVERFLOW) <= 100 - 3 - 10  # room for the CLI and psql
    for store in instances:
        store.close()
    probe.dispose()
    empty_postgres(POSTGRES_URL)
