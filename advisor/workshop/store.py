"""Workshops and their responses in a SQL database (SQLAlchemy 2 Core).

Embedded default: a SQLite file in the data directory (see :mod:`.engine`: WAL, ``synchronous=FULL``,
secure delete, a short retry on ``database is locked``, one writer at a time per process and group
commit). For a shared deployment with several app instances, ``ADVISOR_DATABASE_URL`` points at
PostgreSQL (psycopg 3, pooled connections).

The tables are described in :mod:`.schema`; :data:`MIGRATIONS` are applied in order on open, inside
one transaction that holds a lock, so two app instances starting together migrate once.

No IP address, user agent, token or other identity is stored with a response, nor a time finer than
the day. A used token is marked used in a transaction of its own and nothing orders the responses,
so no used token can be linked to the response it allowed (see :mod:`.submissions`).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection

from advisor.dossier.schema import v3_dossiers
from advisor.errors import KeyedError
from advisor.workshop import submissions as sub
from advisor.workshop.engine import CommitQueue, is_transient, make_engine
from advisor.workshop.schema import (
    COUNTED,
    PASSWORD_HASH,
    SALT,
    installation,
    login_throttle,
    metadata,
    responses,
    schema_table,
    snapshots,
    tokens,
    v1_workshops_and_responses,
    v2_single_use_tokens,
    v4_unlinkable_and_throttled,
    v5_published_and_salted,
    workshops,
)
from advisor.workshop.submissions import MAX_ANSWERS_BYTES, Outcome, token_hash

__all__ = [
    "COUNTED",
    "MAX_ANSWERS_BYTES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Outcome",
    "Store",
    "login_throttle",
    "metadata",
    "responses",
    "token_hash",
    "tokens",
    "workshops",
]

T = TypeVar("T")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
LOCK_RETRIES = 3  # with the busy timeout: a lock held elsewhere costs at most about 6 s
SCHEMA_LOCK_KEY = 7_240_715  # pg_advisory_xact_lock key for migrations

# Ordered: (version, what it does). Never edit a released step; add a new one.
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, v1_workshops_and_responses),
    (2, v2_single_use_tokens),
    (3, v3_dossiers),
    (4, v4_unlinkable_and_throttled),
    (5, v5_published_and_salted),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


# ---------------------------------------------------------------- errors and values
class WorkshopError(KeyedError):
    """A problem a user can cause or fix; ``key`` names the text in ``workshop.errors``."""


class UnknownWorkshop(WorkshopError):
    key = "unknown_code"


class SettingsLocked(WorkshopError):
    key = "settings_locked"


class StoreUnavailable(WorkshopError):
    key = "db_unreachable"


class StoreDamaged(StoreUnavailable):
    """The SQLite file is not a database (damaged, or another file in its place)."""

    key = "db_damaged"


class InvalidSetting(WorkshopError):
    key = "invalid_setting"


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
    one_per_device: bool = True
    responses: int = 0
    results_revealed: bool = False  # shown on the projector (the Live page)

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Snapshot:
    """One published step: the answers the result pages showed (in random order, no ids)."""

    seq: int
    answers: tuple[str, ...]  # each a response's answers as stored (JSON)

    @property
    def responses(self) -> int:
        return len(self.answers)


@dataclass(frozen=True)
class StoredResponse:
    response_id: str
    submitted_on: dt.date
    language: str
    answers: dict[str, Any]


def normalise_code(code: str) -> str:
    """What a participant typed ('abc 234', 'ABC-234') -> 'ABC234'."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class Store:
    """The workshop database. Thread-safe; share one per process (the dashboard caches it)."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        try:
            self.engine = make_engine(url)
        except (exc.ArgumentError, exc.NoSuchModuleError, ValueError, OSError) as error:
            raise StoreUnavailable(detail=str(error)) from None
        self.where = self.engine.url.database if self.engine.dialect.name == "sqlite" else ""
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writer = threading.Lock() if self.is_sqlite else None
        # submissions share commits (and a workshop's reshuffle) on both databases
        self._commits = CommitQueue(self._write, sub.finish)
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
        except (exc.IntegrityError, exc.ProgrammingError):
            raise
        except (exc.DBAPIError, exc.TimeoutError) as error:
            raise self._unavailable(error) from None

    def _unavailable(self, error: Exception) -> StoreUnavailable:
        """The failure as a user reads it: damaged, or not reachable (never a raw DatabaseError)."""
        detail = _short(error)
        if self.is_sqlite and ("not a database" in detail or "malformed" in detail):
            return StoreDamaged(path=self.where or "?", detail=detail)
        return StoreUnavailable(detail=detail)

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction (committed on return, rolled back on error)."""
        for attempt in range(LOCK_RETRIES):
            try:
                if self._writer is None:
                    return self._transaction(work)
                with self._writer:
                    return self._transaction(work)
            except exc.OperationalError as error:
                if is_transient(error) and attempt < LOCK_RETRIES - 1:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                raise self._unavailable(error) from None
            except (exc.IntegrityError, exc.ProgrammingError):
                raise  # a concurrent duplicate (the caller answers DUPLICATE), or a bug
            except (exc.DBAPIError, exc.TimeoutError) as error:
                raise self._unavailable(error) from None
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
        one_per_device: bool = True,
    ) -> Workshop:
        """A new open workshop. ``one_per_device``: each browser answers once and may change its
        answer (off for a tablet passed round the room)."""
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
                            one_per_device=bool(one_per_device),
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

    def set_revealed(self, code: str, revealed: bool) -> Workshop:
        """Show (or hide) the result on the projector."""
        return self._update(code, results_revealed=bool(revealed))

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
            # checked inside the write transaction, with the workshop locked as a submission locks
            # it, so a response cannot slip in between
            sub.lock_workshop(conn, workshop.code)
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
            conn.execute(snapshots.delete().where(snapshots.c.workshop_id == workshop.id))
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

    def check_token(self, workshop: Workshop, token: str | None, claim: str | None = None) -> Outcome | None:
        """None when this token (or no token) may answer; otherwise the refusal. A token spent with
        this ``claim`` may answer again (its browser's response did not arrive)."""
        if not workshop.tokens_required:
            return None
        if not token:
            return Outcome.TOKEN_REQUIRED
        with self._read() as conn:
            found = conn.execute(
                sa.select(tokens.c.used, tokens.c.claim_hash).where(
                    tokens.c.workshop_id == workshop.id, tokens.c.token_hash == token_hash(token)
                )
            ).first()
        if found is None:
            return Outcome.TOKEN_INVALID
        if found.used and not (claim and found.claim_hash == token_hash(claim)):
            return Outcome.TOKEN_USED
        return None

    # ------------------------------------------------------------ responses
    def submit(
        self,
        code: str,
        submission_id: str,
        answers: Mapping[str, Any],
        language: str = "nl",
        token: str | None = None,
        on: dt.date | None = None,
        *,
        replace: bool = False,
        claim: str | None = None,
    ) -> Outcome:
        """Store one response. ``answers`` holds canonical values (see :mod:`advisor.workshop.answers`);
        the same ``submission_id`` is stored at most once: with ``replace`` a later submit replaces
        its answers while the workshop is open (a device changing its answer), without it the first
        one stays. Nothing answered is refused (``EMPTY``). ``claim`` lets the browser that spent a
        token send its response again if the first try did not arrive (see :mod:`.submissions`)."""
        cleaned = sub.clean_answers(answers)
        if not cleaned:
            return Outcome.EMPTY
        payload = sub.payload_of(cleaned)
        if len(payload.encode("utf-8")) > MAX_ANSWERS_BYTES:
            raise InvalidSetting(field="answers")
        submission_id = str(submission_id)[:64]
        normalised = normalise_code(code)
        language = language if language in ("nl", "en") else "nl"
        day = on or today()

        def response(token_spent: bool) -> Outcome | None:
            work = sub.store_response(
                normalised, submission_id, payload, language, day, replace=replace, token_spent=token_spent
            )
            return self._submission_step(work)

        try:
            outcome = response(False)
            if outcome is not Outcome.NEEDS_TOKEN:
                return outcome
            # on PostgreSQL in a transaction of its own, never sharing an xmin with any response
            refused = self._submission_step(sub.spend_token(normalised, token, claim), queued=self.is_sqlite)
            if refused is not None:
                return refused
            return response(True)
        except exc.IntegrityError:
            # a concurrent submit with the same id won the race
            return Outcome.DUPLICATE

    def _submission_step(
        self, work: Callable[[Connection], sub.Written], queued: bool = True
    ) -> Outcome | None:
        """One step of a submission: committed before the next step starts; the responses it
        wrote reshuffled in the same transaction."""
        if queued:
            return self._commits.run(work).outcome

        def step(conn: Connection) -> Outcome | None:
            written = work(conn)
            sub.finish(conn, [written])
            return written.outcome

        return self._write(step)

    def response_of(self, code: str, submission_id: str) -> StoredResponse | None:
        """The response stored under this submission id (a device's own answer), or None."""
        workshop = self.get(code)
        with self._read() as conn:
            row = conn.execute(
                sa.select(
                    responses.c.response_id,
                    responses.c.submitted_on,
                    responses.c.language,
                    responses.c.answers,
                )
                .where(
                    responses.c.workshop_id == workshop.id,
                    responses.c.submission_id == str(submission_id)[:64],
                )
                .where(COUNTED)
            ).first()
        return _stored(row) if row else None

    def response_count(self, code: str) -> int:
        """The number of responses every page shows (see :data:`.schema.COUNTED`)."""
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
                .where(responses.c.workshop_id == workshop.id, COUNTED)
                .order_by(responses.c.response_id)
            ).all()
        return [_stored(r) for r in rows]

    def answer_payloads(self, code: str) -> list[str]:
        """The stored answers (JSON) of every counted response, in random order: what a published
        snapshot holds (see :mod:`advisor.workshop.publishing`)."""
        workshop = self.get(code)
        with self._read() as conn:
            found = list(
                conn.execute(
                    sa.select(responses.c.answers).where(responses.c.workshop_id == workshop.id, COUNTED)
                ).scalars()
            )
        sub.shuffled(found)
        return found

    # ------------------------------------------------------------ published snapshots
    def latest_snapshot_seq(self, code: str) -> tuple[int, int]:
        """(seq, responses) of the newest published snapshot; (0, 0) when none."""
        workshop = self.get(code)
        with self._read() as conn:
            row = conn.execute(
                sa.select(snapshots.c.seq, snapshots.c.responses)
                .where(snapshots.c.workshop_id == workshop.id)
                .order_by(snapshots.c.seq.desc())
                .limit(1)
            ).first()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def snapshot(self, code: str, seq: int) -> Snapshot | None:
        workshop = self.get(code)
        with self._read() as conn:
            found = conn.execute(
                sa.select(snapshots.c.answers).where(
                    snapshots.c.workshop_id == workshop.id, snapshots.c.seq == int(seq)
                )
            ).scalar()
        return None if found is None else Snapshot(int(seq), tuple(json.loads(found)))

    def add_snapshot(self, code: str, seq: int, answers: list[str]) -> bool:
        """Publish ``answers`` as step ``seq``; False when another instance published that step
        first (then the caller audits again against it)."""
        workshop = self.get(code)
        payload = json.dumps(list(answers), ensure_ascii=False)

        def work(conn: Connection) -> bool:
            sub.lock_workshop(conn, workshop.code)
            newest = conn.execute(
                sa.select(sa.func.max(snapshots.c.seq)).where(snapshots.c.workshop_id == workshop.id)
            ).scalar()
            if int(newest or 0) != int(seq) - 1:
                return False
            conn.execute(
                snapshots.insert().values(
                    workshop_id=workshop.id, seq=int(seq), responses=len(answers), answers=payload
                )
            )
            return True

        try:
            return self._write(work)
        except exc.IntegrityError:
            return False

    # ------------------------------------------------------------ installation settings
    def setting(self, name: str) -> str | None:
        with self._read() as conn:
            return conn.execute(sa.select(installation.c.value).where(installation.c.name == name)).scalar()

    def installation_salt(self) -> bytes:
        """The random salt of this installation (made by the v5 migration; shared by instances)."""
        return bytes.fromhex(self.setting(SALT) or "")

    def stored_password_hash(self) -> str:
        """The facilitator password hash set in the browser on first run ('' when none)."""
        return self.setting(PASSWORD_HASH) or ""

    def set_password_hash_once(self, hashed: str) -> bool:
        """Keep the first-run facilitator password hash; False when one is stored already (two
        browsers racing to set it: the first wins, the second is told)."""

        def work(conn: Connection) -> bool:
            if conn.execute(
                sa.select(installation.c.name).where(installation.c.name == PASSWORD_HASH)
            ).first():
                return False
            conn.execute(installation.insert().values(name=PASSWORD_HASH, value=hashed))
            return True

        try:
            return self._write(work)
        except exc.IntegrityError:
            return False

    def replace_password_hash(self, hashed: str) -> None:
        """The command line's ``workshop set-password``: store (or replace) the hash."""

        def work(conn: Connection) -> None:
            conn.execute(installation.delete().where(installation.c.name == PASSWORD_HASH))
            conn.execute(installation.insert().values(name=PASSWORD_HASH, value=hashed))

        self._write(work)

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
        .where(responses.c.workshop_id == workshops.c.id, COUNTED)
        .scalar_subquery()
        .label("response_count")
    )


def _count(conn: Connection, workshop_id: int) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).where(responses.c.workshop_id == workshop_id, COUNTED)
        ).scalar()
        or 0
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
        one_per_device=bool(m["one_per_device"]),
        responses=int(m["response_count"] or 0),
        results_revealed=bool(m["results_revealed"]),
    )


def _stored(row: sa.Row) -> StoredResponse:
    day = row[1] if isinstance(row[1], dt.date) else dt.date.fromisoformat(str(row[1]))
    return StoredResponse(row[0], day, row[2], json.loads(row[3]))


def _short(error: Exception) -> str:
    orig = getattr(error, "orig", None) or error
    return " ".join(str(orig).split())[:300]
