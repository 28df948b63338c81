"""Workshops and their responses in a SQL database (SQLAlchemy 2 Core).

Embedded default: a SQLite file in the data directory (WAL journal, ``synchronous=FULL``, busy
timeout, a short retry on ``database is locked``, and one writer at a time per process so writers
queue on a lock instead of sleeping in SQLite's busy handler). For a shared deployment with several
app instances, ``ADVISOR_DATABASE_URL`` points at PostgreSQL (psycopg 3, pooled connections).

Schema (version in ``advisor_schema``; :data:`MIGRATIONS` are applied in order on open, inside one
transaction that holds a lock, so two app instances starting together migrate once):

``workshops``          id, code (unique join code), title, language, segment_options (JSON:
                       question id -> [{value, nl, en}]), min_group, status ('open'/'closed'),
                       results_released, tokens_required (v2), created_on (a date)
``workshop_responses`` response_id (random, primary key), workshop_id, submission_id (random,
                       made by the participant's browser session; unique per workshop, so a
                       retried submit is stored once), submitted_on (a DATE: no time of day),
                       language, answers (JSON: question id -> canonical value)
``workshop_tokens``    (v2) workshop_id, token_hash (sha256 of a single-use token), used
``dossier*``           (v3) the decision dossiers: see :mod:`advisor.dossier.schema`

No IP address, user agent, token or other identity is stored with a response; a used token is only
marked used, never linked to the response it allowed. Each submission is one transaction.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from advisor.dossier.schema import v3_dossiers

T = TypeVar("T")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
MAX_ANSWERS_BYTES = 64 * 1024
LOCK_RETRIES = 5
SCHEMA_LOCK_KEY = 7_240_715  # pg_advisory_xact_lock key for migrations

metadata = sa.MetaData()
schema_table = sa.Table("advisor_schema", metadata, sa.Column("version", sa.Integer, nullable=False))
workshops = sa.Table(
    "workshops",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("segment_options", sa.Text, nullable=False),
    sa.Column("min_group", sa.Integer, nullable=False),
    sa.Column("status", sa.String(8), nullable=False),
    sa.Column("results_released", sa.Boolean, nullable=False),
    sa.Column("created_on", sa.Date, nullable=False),
    sa.Column("tokens_required", sa.Boolean, nullable=False, server_default=sa.false()),
)
responses = sa.Table(
    "workshop_responses",
    metadata,
    sa.Column("response_id", sa.String(32), primary_key=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("submission_id", sa.String(64), nullable=False),
    sa.Column("submitted_on", sa.Date, nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("answers", sa.Text, nullable=False),
    sa.UniqueConstraint("workshop_id", "submission_id", name="uq_response_submission"),
)
tokens = sa.Table(
    "workshop_tokens",
    metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("used", sa.Boolean, nullable=False),
    sa.PrimaryKeyConstraint("workshop_id", "token_hash", name="pk_workshop_tokens"),
)


# ---------------------------------------------------------------- migrations
def _v1_workshops_and_responses(conn: Connection) -> None:
    v1 = sa.MetaData()
    sa.Table(
        "workshops",
        v1,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("segment_options", sa.Text, nullable=False),
        sa.Column("min_group", sa.Integer, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("results_released", sa.Boolean, nullable=False),
        sa.Column("created_on", sa.Date, nullable=False),
    )
    sa.Table(
        "workshop_responses",
        v1,
        sa.Column("response_id", sa.String(32), primary_key=True),
        sa.Column(
            "workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("submission_id", sa.String(64), nullable=False),
        sa.Column("submitted_on", sa.Date, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.UniqueConstraint("workshop_id", "submission_id", name="uq_response_submission"),
        sa.Index("ix_workshop_responses_workshop", "workshop_id"),
    )
    v1.create_all(conn)


def _v2_single_use_tokens(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE workshops ADD COLUMN tokens_required BOOLEAN NOT NULL DEFAULT false")
    tokens.create(conn)


# Ordered: (version, what it does). Never edit a released step; add a new one.
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _v1_workshops_and_responses),
    (2, _v2_single_use_tokens),
    (3, v3_dossiers),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


# ---------------------------------------------------------------- errors and values
class WorkshopError(Exception):
    """A problem a user can cause or fix; ``key`` names the text in ``workshop.errors``."""

    key = "unknown"

    def __init__(self, **values: Any) -> None:
        self.values = values
        super().__init__(f"{self.key}: {values}")


class UnknownWorkshop(WorkshopError):
    key = "unknown_code"


class SettingsLocked(WorkshopError):
    key = "settings_locked"


class StoreUnavailable(WorkshopError):
    key = "db_unreachable"


class InvalidSetting(WorkshopError):
    key = "invalid_setting"


class Outcome(enum.Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"  # this submission id was stored before: acknowledged, not stored twice
    CLOSED = "closed"
    UNKNOWN_WORKSHOP = "unknown_workshop"
    TOKEN_REQUIRED = "token_required"
    TOKEN_INVALID = "token_invalid"
    TOKEN_USED = "token_used"

    @property
    def acknowledged(self) -> bool:
        return self in (Outcome.STORED, Outcome.DUPLICATE)


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    title: str
    language: str
    segment_options: dict[str, list[dict[str, str]]]
    min_group: int
    status: str
    results_released: bool
    tokens_required: bool
    created_on: dt.date
    responses: int = 0

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class StoredResponse:
    response_id: str
    submitted_on: dt.date
    language: str
    answers: dict[str, Any]


def normalise_code(code: str) -> str:
    """What a participant typed ('abc 234', 'ABC-234') -> 'ABC234'."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


# ---------------------------------------------------------------- engine
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
            pool_timeout=60,
            connect_args={"timeout": 30, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(
        parsed, pool_size=10, max_overflow=30, pool_timeout=60, pool_pre_ping=True, pool_recycle=1800
    )


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged response survives a power cut too
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock at BEGIN, so a read-then-write transaction never fails halfway
    # with SQLITE_BUSY on upgrading its lock.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


def _is_locked(error: exc.OperationalError) -> bool:
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


class _CommitQueue:
    """Group commit for SQLite: submissions that arrive while a commit is in flight share the next.

    Every submission still runs in its own SAVEPOINT (all of it or none of it is written) and is
    acknowledged only after the COMMIT that made it durable. Sharing the commit shares the fsync,
    which is what bounds latency when a whole room presses "submit" at once. Leadership passes from
    waiter to waiter (no background thread), so a leader never waits for later arrivals.
    """

    MAX_BATCH = 50

    def __init__(self, write: Callable[[Callable[[Connection], None]], None]) -> None:
        self._write = write
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
                except exc.OperationalError:
                    raise  # the database failed, not this submission: the whole batch retries
                except Exception as error:
                    item.error = error

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


class Store:
    """The workshop database. Thread-safe; share one per process (the dashboard caches it)."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        try:
            self.engine = make_engine(url)
        except (exc.ArgumentError, exc.NoSuchModuleError, ValueError, OSError) as error:
            raise StoreUnavailable(detail=str(error)) from None
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writer = threading.Lock() if self.is_sqlite else None
        self._commits = _CommitQueue(self._write) if self.is_sqlite else None
        if migrate:
            self.migrate()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ transactions
    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except (exc.OperationalError, exc.InterfaceError) as error:
            raise StoreUnavailable(detail=_short(error)) from None

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction (committed on return, rolled back on error)."""
        for attempt in range(LOCK_RETRIES):
            try:
                if self._writer is None:
                    return self._transaction(work)
                with self._writer:
                    return self._transaction(work)
            except exc.OperationalError as error:
                if self.is_sqlite and _is_locked(error) and attempt < LOCK_RETRIES - 1:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                raise StoreUnavailable(detail=_short(error)) from None
            except exc.InterfaceError as error:
                raise StoreUnavailable(detail=_short(error)) from None
        raise AssertionError("unreachable")

    def _transaction(self, work: Callable[[Connection], T]) -> T:
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            return work(conn)

    # the dossier store (advisor.dossier.store) shares the engine and this write discipline
    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction; committed (durable) when this returns."""
        return self._write(work)

    # ------------------------------------------------------------ schema
    def migrate(self, target: int = SCHEMA_VERSION) -> int:
        """Bring the schema to ``target`` (default: the newest); returns the version reached."""

        def work(conn: Connection) -> int:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(SCHEMA_LOCK_KEY)))
            schema_table.create(conn, checkfirst=True)
            version = conn.execute(sa.select(schema_table.c.version)).scalar()
            if version is None:
                conn.execute(schema_table.insert().values(version=0))
                version = 0
            if version > SCHEMA_VERSION:
                raise StoreUnavailable(
                    detail=f"database schema version {version} is newer than this program ({SCHEMA_VERSION})"
                )
            for step, migration in MIGRATIONS:
                if version < step <= target:
                    migration(conn)
                    conn.execute(schema_table.update().values(version=step))
                    version = step
            return version

        return self._write(work)

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(sa.select(schema_table.c.version)).scalar() or 0)

    # ------------------------------------------------------------ workshops
    def create_workshop(
        self,
        title: str,
        language: str = "nl",
        segment_options: Mapping[str, list[Mapping[str, str]]] | None = None,
        min_group: int = 5,
        tokens_required: bool = False,
    ) -> Workshop:
        title = " ".join(str(title).split())
        if not title or len(title) > 200:
            raise InvalidSetting(field="title")
        if language not in ("nl", "en"):
            raise InvalidSetting(field="language")
        if not 3 <= int(min_group) <= 100:
            raise InvalidSetting(field="min_group")
        options = json.dumps(dict(segment_options or {}), ensure_ascii=False, sort_keys=True)

        def work(conn: Connection) -> str:
            for _ in range(20):
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                taken = conn.execute(sa.select(workshops.c.id).where(workshops.c.code == code)).first()
                if taken is None:
                    conn.execute(
                        workshops.insert().values(
                            code=code,
                            title=title,
                            language=language,
                            segment_options=options,
                            min_group=int(min_group),
                            status="open",
                            results_released=False,
                            tokens_required=bool(tokens_required),
                            created_on=today(),
                        )
                    )
                    return code
            raise StoreUnavailable(detail="no free workshop code")

        return self.get(self._write(work))

    def find(self, code: str) -> Workshop | None:
        """The workshop with this code (as typed), or None."""
        code = normalise_code(code)
        if not code:
            return None
        with self._read() as conn:
            row = conn.execute(sa.select(workshops, _count_column()).where(workshops.c.code == code)).first()
        return _workshop(row) if row else None

    def get(self, code: str) -> Workshop:
        found = self.find(code)
        if found is None:
            raise UnknownWorkshop(code=str(code).strip())
        return found

    def list_workshops(self) -> list[Workshop]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(workshops, _count_column()).order_by(
                    workshops.c.created_on.desc(), workshops.c.id.desc()
                )
            ).all()
        return [_workshop(r) for r in rows]

    def _update(self, code: str, **values: Any) -> Workshop:
        workshop = self.get(code)

        def work(conn: Connection) -> None:
            conn.execute(workshops.update().where(workshops.c.id == workshop.id).values(**values))

        self._write(work)
        return self.get(code)

    def set_open(self, code: str, is_open: bool) -> Workshop:
        return self._update(code, status="open" if is_open else "closed")

    def set_released(self, code: str, released: bool) -> Workshop:
        return self._update(code, results_released=bool(released))

    def update_settings(
        self,
        code: str,
        *,
        min_group: int | None = None,
        segment_options: Mapping[str, list[Mapping[str, str]]] | None = None,
    ) -> Workshop:
        """Change the threshold or segment options: only until the first response is in."""
        workshop = self.get(code)
        values: dict[str, Any] = {}
        if min_group is not None:
            if not 3 <= int(min_group) <= 100:
                raise InvalidSetting(field="min_group")
            values["min_group"] = int(min_group)
        if segment_options is not None:
            values["segment_options"] = json.dumps(dict(segment_options), ensure_ascii=False, sort_keys=True)

        def work(conn: Connection) -> None:
            # checked inside the write transaction, so a response cannot slip in between
            if _count(conn, workshop.id):
                raise SettingsLocked(code=workshop.code)
            conn.execute(workshops.update().where(workshops.c.id == workshop.id).values(**values))

        if values:
            self._write(work)
        return self.get(code)

    def delete(self, code: str) -> int:
        """Erase the workshop, its responses and tokens (the GDPR erase); returns responses erased."""
        workshop = self.get(code)

        def work(conn: Connection) -> int:
            erased = conn.execute(responses.delete().where(responses.c.workshop_id == workshop.id)).rowcount
            conn.execute(tokens.delete().where(tokens.c.workshop_id == workshop.id))
            conn.execute(workshops.delete().where(workshops.c.id == workshop.id))
            return int(erased or 0)

        return self._write(work)

    # ------------------------------------------------------------ single-use tokens
    def add_tokens(self, code: str, count: int) -> list[str]:
        """``count`` new single-use tokens (shown once: only their hashes are stored).

        From now on the workshop takes responses only with an unused token."""
        if not 1 <= int(count) <= 5000:
            raise InvalidSetting(field="count")
        workshop = self.get(code)
        new = [secrets.token_urlsafe(9) for _ in range(int(count))]

        def work(conn: Connection) -> None:
            conn.execute(
                tokens.insert(),
                [{"workshop_id": workshop.id, "token_hash": token_hash(t), "used": False} for t in new],
            )
            conn.execute(workshops.update().where(workshops.c.id == workshop.id).values(tokens_required=True))

        self._write(work)
        return new

    def token_counts(self, code: str) -> tuple[int, int]:
        """(tokens issued, tokens used)."""
        workshop = self.get(code)
        with self._read() as conn:
            row = conn.execute(
                sa.select(sa.func.count(), sa.func.count().filter(tokens.c.used)).where(
                    tokens.c.workshop_id == workshop.id
                )
            ).one()
        return int(row[0]), int(row[1])

    def check_token(self, workshop: Workshop, token: str | None) -> Outcome | None:
        """None when this token (or no token) may answer; otherwise the refusal."""
        if not workshop.tokens_required:
            return None
        if not token:
            return Outcome.TOKEN_REQUIRED
        with self._read() as conn:
            used = conn.execute(
                sa.select(tokens.c.used).where(
                    tokens.c.workshop_id == workshop.id, tokens.c.token_hash == token_hash(token)
                )
            ).scalar()
        if used is None:
            return Outcome.TOKEN_INVALID
        return Outcome.TOKEN_USED if used else None

    # ------------------------------------------------------------ responses
    def submit(
        self,
        code: str,
        submission_id: str,
        answers: Mapping[str, Any],
        language: str = "nl",
        token: str | None = None,
        on: dt.date | None = None,
    ) -> Outcome:
        """Store one response in one transaction. ``answers`` holds canonical values (see
        :mod:`advisor.workshop.answers`); the same ``submission_id`` is stored at most once."""
        payload = json.dumps(dict(answers), ensure_ascii=False, sort_keys=True)
        if len(payload.encode("utf-8")) > MAX_ANSWERS_BYTES:
            raise InvalidSetting(field="answers")
        submission_id = str(submission_id)[:64]
        normalised = normalise_code(code)
        language = language if language in ("nl", "en") else "nl"

        def work(conn: Connection) -> Outcome:
            row = conn.execute(
                sa.select(workshops.c.id, workshops.c.status, workshops.c.tokens_required).where(
                    workshops.c.code == normalised
                )
            ).first()
            if row is None:
                return Outcome.UNKNOWN_WORKSHOP
            workshop_id, status, tokens_required = row
            if status != "open" or tokens_required:
                # a retry of a response that was stored is acknowledged, even now that the
                # workshop is closed or its token spent (the common path relies on the unique
                # constraint instead: one statement less per submission)
                already = conn.execute(
                    sa.select(responses.c.response_id).where(
                        responses.c.workshop_id == workshop_id, responses.c.submission_id == submission_id
                    )
                ).first()
                if already is not None:
                    return Outcome.DUPLICATE
            if status != "open":
                return Outcome.CLOSED
            if tokens_required:
                if not token:
                    return Outcome.TOKEN_REQUIRED
                spent = conn.execute(
                    tokens.update()
                    .where(
                        tokens.c.workshop_id == workshop_id,
                        tokens.c.token_hash == token_hash(token),
                        tokens.c.used.is_(False),
                    )
                    .values(used=True)
                ).rowcount
                if not spent:
                    known = conn.execute(
                        sa.select(tokens.c.used).where(
                            tokens.c.workshop_id == workshop_id, tokens.c.token_hash == token_hash(token)
                        )
                    ).first()
                    return Outcome.TOKEN_USED if known else Outcome.TOKEN_INVALID
            conn.execute(
                responses.insert().values(
                    response_id=uuid.uuid4().hex,
                    workshop_id=workshop_id,
                    submission_id=submission_id,
                    submitted_on=on or today(),
                    language=language,
                    answers=payload,
                )
            )
            return Outcome.STORED

        try:
            return self._commits.run(work) if self._commits is not None else self._write(work)
        except exc.IntegrityError:
            # a concurrent submit with the same id won the race (PostgreSQL, several instances)
            return Outcome.DUPLICATE

    def response_count(self, code: str) -> int:
        workshop = self.get(code)
        with self._read() as conn:
            return _count(conn, workshop.id)

    def responses(self, code: str) -> list[StoredResponse]:
        """Every response of the workshop, ordered by its random id (so the order says nothing
        about who answered when)."""
        workshop = self.get(code)
        with self._read() as conn:
            rows = conn.execute(
                sa.select(
                    responses.c.response_id,
                    responses.c.submitted_on,
                    responses.c.language,
                    responses.c.answers,
                )
                .where(responses.c.workshop_id == workshop.id)
                .order_by(responses.c.response_id)
            ).all()
        return [StoredResponse(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    def submission_ids(self, code: str) -> set[str]:
        """The submission ids stored (for tests of durability; not shown anywhere)."""
        workshop = self.get(code)
        with self._read() as conn:
            return set(
                conn.execute(
                    sa.select(responses.c.submission_id).where(responses.c.workshop_id == workshop.id)
                ).scalars()
            )


def _count_column() -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.count())
        .where(responses.c.workshop_id == workshops.c.id)
        .scalar_subquery()
        .label("response_count")
    )


def _count(conn: Connection, workshop_id: int) -> int:
    return int(
        conn.execute(sa.select(sa.func.count()).where(responses.c.workshop_id == workshop_id)).scalar() or 0
    )


def _workshop(row: sa.Row) -> Workshop:
    m = row._mapping
    created = m["created_on"]
    if isinstance(created, str):
        created = dt.date.fromisoformat(created)
    return Workshop(
        id=int(m["id"]),
        code=m["code"],
        title=m["title"],
        language=m["language"],
        segment_options=json.loads(m["segment_options"] or "{}"),
        min_group=int(m["min_group"]),
        status=m["status"],
        results_released=bool(m["results_released"]),
        tokens_required=bool(m["tokens_required"]),
        created_on=created,
        responses=int(m["response_count"] or 0),
    )


def _short(error: Exception) -> str:
    orig = getattr(error, "orig", None) or error
    return " ".join(str(orig).split())[:300]
