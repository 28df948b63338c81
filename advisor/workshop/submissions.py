"""Storing a response so that nothing stored links it to a token or to the moment it came in.

A submission is up to three short transactions, each a function of a connection that the store
runs through its group commit (:class:`advisor.workshop.engine.CommitQueue`), except that on
PostgreSQL a token is always spent in a transaction of its own:

1. :func:`store_response` without a token: stores it at once when the workshop takes no tokens, or
   answers ``NEEDS_TOKEN`` (and writes nothing) when it does;
2. :func:`spend_token`: marks the token used, in a transaction of its own. All of the workshop's
   token rows are rewritten at once, so on PostgreSQL they share one ``xmin`` (the last spend's)
   and their order says nothing about the order they were used in;
3. :func:`store_response` again, now with the token spent.

Every write of a response ends with :func:`reshuffle`: the workshop's responses are deleted and
inserted again in a random order in the same transaction. SQLite's rowid and PostgreSQL's ``ctid``
then follow no submission order, and every response of a workshop carries the same ``xmin``. The
cost is one rewrite of the workshop's rows per commit, shared by every submission in that commit
(300 rows: about 5 ms on either database).

A token's ``claim_hash`` is the hash of a key the participant's browser holds, unrelated to the
submission id (see :func:`advisor.workshop.answers.device_ids`): the same browser may finish a
submission whose token was spent but whose response did not arrive, and nobody can tell from the
database which response that was.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from advisor.textsafe import clean_free_text
from advisor.workshop.schema import responses, tokens, workshops

MAX_ANSWERS_BYTES = 64 * 1024
_RANDOM = secrets.SystemRandom()


class Outcome(enum.Enum):
    STORED = "stored"
    REPLACED = "replaced"  # this browser's earlier response now holds its new answers
    DUPLICATE = "duplicate"  # this submission id was stored before: acknowledged, not stored twice
    EMPTY = "empty"  # nothing answered: not stored
    CLOSED = "closed"
    UNKNOWN_WORKSHOP = "unknown_workshop"
    TOKEN_REQUIRED = "token_required"
    TOKEN_INVALID = "token_invalid"
    TOKEN_USED = "token_used"
    NEEDS_TOKEN = "needs_token"  # internal: step 1 found a workshop that takes tokens

    @property
    def acknowledged(self) -> bool:
        return self in (Outcome.STORED, Outcome.REPLACED, Outcome.DUPLICATE)


@dataclass(frozen=True)
class Written:
    """What a step did: its outcome, and the workshop whose responses it wrote (to reshuffle)."""

    outcome: Outcome | None
    shuffle: int | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def clean_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as stored: free text through :func:`clean_free_text` and trimmed, empty ones dropped."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, str):
            value = clean_free_text(value).strip()
        elif isinstance(value, list | tuple):
            value = [clean_free_text(v) if isinstance(v, str) else v for v in value]
        if value is None or value == "" or value == []:
            continue
        out[clean_free_text(key)] = value
    return out


def payload_of(answers: Mapping[str, Any]) -> str:
    return json.dumps(dict(answers), ensure_ascii=False, sort_keys=True)


def lock_workshop(conn: Connection, code: str) -> sa.Row | None:
    """(id, status, tokens_required) of the workshop, locked until the transaction ends.

    On PostgreSQL the lock (FOR NO KEY UPDATE) queues the writers of one workshop, so a spend and
    a reshuffle never interleave; SQLite's BEGIN IMMEDIATE already lets one writer in at a time."""
    return conn.execute(
        sa.select(workshops.c.id, workshops.c.status, workshops.c.tokens_required)
        .where(workshops.c.code == code)
        .with_for_update(key_share=True)
    ).first()


def _existing(conn: Connection, workshop_id: int, submission_id: str) -> sa.Row | None:
    return conn.execute(
        sa.select(responses.c.response_id, responses.c.answers).where(
            responses.c.workshop_id == workshop_id, responses.c.submission_id == submission_id
        )
    ).first()


def store_response(
    code: str,
    submission_id: str,
    payload: str,
    language: str,
    day: dt.date,
    *,
    replace: bool,
    token_spent: bool,
) -> Callable[[Connection], Written]:
    """Step 1 or 3: insert the response, or replace this submission's earlier one."""

    def work(conn: Connection) -> Written:
        row = lock_workshop(conn, code)
        if row is None:
            return Written(Outcome.UNKNOWN_WORKSHOP)
        workshop_id, status, tokens_required = row
        earlier = _existing(conn, workshop_id, submission_id)
        if earlier is not None:
            # a retry of what was stored is acknowledged, even after the workshop closed
            if earlier.answers == payload or not replace:
                return Written(Outcome.DUPLICATE)
            if status != "open":
                return Written(Outcome.CLOSED)
            conn.execute(
                responses.update()
                .where(responses.c.response_id == earlier.response_id)
                .values(answers=payload, language=language, submitted_on=day)
            )
            return Written(Outcome.REPLACED, workshop_id)
        if status != "open":
            return Written(Outcome.CLOSED)
        if tokens_required and not token_spent:
            return Written(Outcome.NEEDS_TOKEN)
        conn.execute(
            responses.insert().values(
                response_id=uuid.uuid4().hex,
                workshop_id=workshop_id,
                submission_id=submission_id,
                submitted_on=day,
                language=language,
                answers=payload,
            )
        )
        return Written(Outcome.STORED, workshop_id)

    return work


def spend_token(code: str, token: str | None, claim: str | None) -> Callable[[Connection], Written]:
    """Step 2: mark the token used (outcome None) or say why it cannot be used."""

    def work(conn: Connection) -> Written:
        row = lock_workshop(conn, code)
        if row is None:
            return Written(Outcome.UNKNOWN_WORKSHOP)
        workshop_id, status, _ = row
        if status != "open":
            return Written(Outcome.CLOSED)
        if not token:
            return Written(Outcome.TOKEN_REQUIRED)
        hashed = token_hash(token)
        found = conn.execute(
            sa.select(tokens.c.used, tokens.c.claim_hash).where(
                tokens.c.workshop_id == workshop_id, tokens.c.token_hash == hashed
            )
        ).first()
        if found is None:
            return Written(Outcome.TOKEN_INVALID)
        claimed = token_hash(claim) if claim else None
        if found.used:
            # spent by this same browser, whose response did not arrive: it may send it again
            return Written(None if claimed and found.claim_hash == claimed else Outcome.TOKEN_USED)
        mine = tokens.c.token_hash == hashed
        conn.execute(
            tokens.update()
            .where(tokens.c.workshop_id == workshop_id)
            .values(
                used=sa.case((mine, sa.true()), else_=tokens.c.used),
                claim_hash=sa.case((mine, claimed), else_=tokens.c.claim_hash),
            )
        )
        return Written(None)

    return work


_RESHUFFLE_POSTGRES = sa.text(
    "WITH gone AS (DELETE FROM workshop_responses WHERE workshop_id = :w RETURNING *)"
    " INSERT INTO workshop_responses SELECT * FROM gone ORDER BY gen_random_uuid()"
)


def shuffled(items: list[Any]) -> list[Any]:
    """``items`` in a random order (in place, with the system's strong random source)."""
    _RANDOM.shuffle(items)
    return items


_COLUMNS = ", ".join(c.name for c in responses.columns)
_SQLITE_ROWS = f"SELECT {_COLUMNS} FROM {responses.name} WHERE workshop_id = ?"
_SQLITE_DELETE = f"DELETE FROM {responses.name} WHERE workshop_id = ?"
_SQLITE_INSERT = (
    f"INSERT INTO {responses.name} ({_COLUMNS}) VALUES ({', '.join('?' * len(responses.columns))})"
)


def reshuffle(conn: Connection, workshop_id: int) -> None:
    """Rewrite the workshop's responses in a random order (see the module docstring).

    PostgreSQL does it in one statement (ordered by a strong random uuid); SQLite gets the rows
    back in a random order from Python's ``SystemRandom``."""
    if conn.dialect.name == "postgresql":
        conn.execute(_RESHUFFLE_POSTGRES, {"w": workshop_id})
        return
    # the stored values as they are (no date or type conversion per row and column: this runs in
    # every commit of a room: 300 rows 4 ms, through SQLAlchemy's processors 10 ms)
    rows = [tuple(r) for r in conn.exec_driver_sql(_SQLITE_ROWS, (workshop_id,))]
    conn.exec_driver_sql(_SQLITE_DELETE, (workshop_id,))
    _RANDOM.shuffle(rows)
    if rows:
        conn.exec_driver_sql(_SQLITE_INSERT, rows)


def finish(conn: Connection, results: list[Any]) -> None:
    """After a commit's submissions: reshuffle each workshop they wrote, once."""
    for workshop_id in sorted({r.shuffle for r in results if isinstance(r, Written) and r.shuffle}):
        reshuffle(conn, workshop_id)
