"""The database engine of the workshop store and the group commit of SQLite.

SQLite (the embedded default): WAL journal, ``synchronous=FULL``, a busy timeout, ``secure_delete``
(a deleted response or token is overwritten, not left in a free page: the GDPR erase, and no old
page shows which row was added last), and writers take the write lock at BEGIN; a lock held by
another process is waited for :data:`BUSY_SECONDS` at most, so a participant hears within seconds
that the answer is kept and sent again. PostgreSQL: pooled connections (psycopg 3), at most
:data:`POOL_SIZE` + :data:`MAX_OVERFLOW` (15) per app instance, so three instances and the
command line fit in a stock server's ``max_connections = 100`` (submissions share commits, so a
room needs few), checked before use so a restarted server is picked up again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

T = TypeVar("T")
BUSY_SECONDS = 2
POOL_SIZE, MAX_OVERFLOW = 5, 10
POOL_WAIT = 10  # seconds a request waits for a free connection before the page says "try again"


def make_engine(url: str) -> Engine:
    """An engine with the settings the workshop needs (see the module docstring)."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            parsed,
            pool_size=8,
            max_overflow=24,
            pool_timeout=POOL_WAIT,
            connect_args={"timeout": BUSY_SECONDS, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(
        parsed,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
        pool_timeout=POOL_WAIT,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"connect_timeout": 5},
    )


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged response survives a power cut too
    cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock at BEGIN, so a read-then-write transaction never fails halfway
    # with SQLITE_BUSY on upgrading its lock.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


def is_transient(error: exc.OperationalError) -> bool:
    """A failure that a new try of the same transaction resolves: SQLite's lock, PostgreSQL's
    deadlock (two instances' commits locking two workshops in opposite order) or serialization
    failure."""
    if getattr(error.orig, "sqlstate", None) in ("40P01", "40001"):
        return True
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


@dataclass(eq=False)
class _Pending:
    work: Callable[[Connection], Any]
    wake: threading.Event = field(default_factory=threading.Event)
    promoted: bool = False
    finished: bool = False
    result: Any = None
    error: BaseException | None = None


class CommitQueue:
    """Group commit for SQLite: submissions that arrive while a commit is in flight share the next.

    Every submission still runs in its own SAVEPOINT (all of it or none of it is written) and is
    acknowledged only after the COMMIT that made it durable. Sharing the commit shares the fsync,
    which is what bounds latency when a whole room presses "submit" at once. Leadership passes from
    waiter to waiter (no background thread), so a leader never waits for later arrivals.
    """

    MAX_BATCH = 50

    def __init__(
        self,
        write: Callable[[Callable[[Connection], None]], None],
        finish: Callable[[Connection, list[Any]], None] | None = None,
    ) -> None:
        self._write = write
        self._finish = finish  # runs once per batch, after its submissions, in the same transaction
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []
        self._leading = False

    def run(self, work: Callable[[Connection], T]) -> T:
        item = _Pending(work)
        with self._lock:
            self._pending.append(item)
            if not self._leading:
                self._leading = item.promoted = True
                item.wake.set()
        while True:
            item.wake.wait()
            with self._lock:
                item.wake.clear()
                lead, item.promoted = item.promoted and not item.finished, False
                finished = item.finished
            if finished:
                break
            if lead:
                self._lead_once()
        if item.error is not None:
            raise item.error
        return item.result

    def _lead_once(self) -> None:
        with self._lock:
            batch = self._pending[: self.MAX_BATCH]
            del self._pending[: self.MAX_BATCH]

        def work(conn: Connection) -> None:
            for item in batch:
                item.result, item.error = None, None
                try:
                    with conn.begin_nested():
                        item.result = item.work(conn)
                except exc.IntegrityError as error:  # this submission's own conflict (a duplicate)
                    item.error = error
                except exc.DBAPIError:
                    raise  # the database failed, not this submission: the whole batch retries
                except Exception as error:
                    item.error = error
            if self._finish is not None:
                self._finish(conn, [item.result for item in batch if item.error is None])

        try:
            self._write(work)
        except BaseException as error:
            for item in batch:
                item.result, item.error = None, error
        with self._lock:
            for item in batch:
                item.finished = True
                item.wake.set()
            if self._pending:
                self._pending[0].promoted = True
                self._pending[0].wake.set()
            else:
                self._leading = False
