"""The facilitator login throttle: per client, per account and per trusted browser, shared by every
app instance through the workshop database (table ``login_throttle``).

OWASP ASVS 5.0 asks for brute-force controls that do not allow malicious lockout (V6.1.1, V6.3.1);
the trusted browser follows OWASP's "device cookie" scheme. The rules:

* a **client** (its IP address; ``local`` on the machine itself) may get :data:`FREE_FAILURES`
  passwords wrong without delay; after that it waits 1, 2, 4 ... seconds before its next check, at
  most :data:`MAX_DELAY` (60 s);
* the **account** accepts at most :data:`ACCOUNT_CAP` checks per :data:`WINDOW` (60 s) from browsers
  it does not trust, however many addresses they come from;
* a **trusted browser** (one that logged in before: it holds a random key in a cookie, known here
  for :data:`TRUSTED_DAYS`) is checked against its own counter only (the same delays), never
  against its client's or the account's: nobody else's wrong passwords can keep it out.

Every check is reserved in one transaction *before* the password is compared, counted as a failure
until it turns out right, so 50 parallel attempts get exactly the checks the rules allow. The right
password from a trusted browser waits only for that browser's own mistakes; from any other browser
it waits at most 60 s for a free check (a flood from many fresh addresses can take each minute's
:data:`ACCOUNT_CAP` checks first; the page says how long to wait).

Rows hold only keyed hashes (HMAC-SHA256) of their keys, with the installation's random salt
(:meth:`advisor.workshop.store.Store.installation_salt`, shared by every instance): without the salt
an address cannot be found by trying all 2^32 IPv4 addresses. Rows expire after
:data:`FORGET_AFTER` unless trusted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from advisor.workshop.schema import login_throttle

FREE_FAILURES = 3
BASE_DELAY = 1.0
MAX_DELAY = 60.0
ACCOUNT_CAP = 10
WINDOW = 60.0
TRUSTED_DAYS = 30
FORGET_AFTER = 2 * 86400.0
ACCOUNT = "facilitator"


@dataclass(frozen=True)
class Counter:
    failures: int = 0
    next_at: float = 0.0
    window_start: float = 0.0
    window_checks: int = 0
    trusted_until: float = 0.0


@dataclass(frozen=True)
class Ticket:
    """A reserved check: which counter it was counted on."""

    key: str
    trusted: bool


@dataclass(frozen=True)
class Verdict:
    ticket: Ticket | None  # None: refused
    wait: int = 0  # seconds until a check can be had (when refused)


def wall_clock() -> float:
    """Seconds since the epoch: one clock for every instance (tests replace it)."""
    return time.time()


def delay(failures: int) -> float:
    """Seconds before the next check after ``failures`` wrong passwords in a row."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(BASE_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY)


def key(kind: str, value: str, salt: bytes) -> str:
    """The row key of ``kind`` ('client', 'account', 'device') and its value, keyed with the
    installation's salt."""
    if not salt:
        raise ValueError("the throttle needs the installation's salt")
    return hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


class Rows(Protocol):
    def get(self, key: str) -> Counter: ...
    def put(self, key: str, counter: Counter, now: float) -> None: ...


def reserve(rows: Rows, now: float, client: str, device: str | None, salt: bytes) -> Verdict:
    """Reserve one password check (see the module docstring); the caller holds the account lock."""
    if device:
        device_key = key("device", device, salt)
        found = rows.get(device_key)
        if found.trusted_until > now:
            if found.next_at > now:
                return Verdict(None, _seconds(found.next_at - now))
            failures = found.failures + 1
            rows.put(device_key, replace(found, failures=failures, next_at=now + delay(failures)), now)
            return Verdict(Ticket(device_key, trusted=True))
    client_key, account_key = key("client", client, salt), key("account", ACCOUNT, salt)
    seen, account = rows.get(client_key), rows.get(account_key)
    if seen.next_at > now:
        return Verdict(None, _seconds(seen.next_at - now))
    if now - account.window_start >= WINDOW:
        account = replace(account, window_start=now, window_checks=0)
    if account.window_checks >= ACCOUNT_CAP:
        return Verdict(None, _seconds(account.window_start + WINDOW - now))
    failures = seen.failures + 1
    rows.put(account_key, replace(account, window_checks=account.window_checks + 1), now)
    rows.put(client_key, replace(seen, failures=failures, next_at=now + delay(failures)), now)
    return Verdict(Ticket(client_key, trusted=False))


def settle(rows: Rows, now: float, ticket: Ticket, ok: bool, salt: bytes) -> str | None:
    """After the comparison. Right: the counter starts afresh and the browser is trusted; returns
    the new key for its cookie when it was not trusted yet. Wrong: it was counted already."""
    if not ok:
        return None
    rows.put(ticket.key, replace(rows.get(ticket.key), failures=0, next_at=0.0), now)
    trusted_until = now + TRUSTED_DAYS * 86400
    if ticket.trusted:
        rows.put(ticket.key, replace(rows.get(ticket.key), trusted_until=trusted_until), now)
        return None
    new_device = secrets.token_hex(16)
    rows.put(key("device", new_device, salt), Counter(trusted_until=trusted_until), now)
    return new_device


def _seconds(value: float) -> int:
    return max(1, int(value + 0.999))


# ---------------------------------------------------------------- where the counters live
class _DatabaseRows:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, row_key: str) -> Counter:
        found = self.conn.execute(
            sa.select(login_throttle).where(login_throttle.c.key == row_key).with_for_update()
        ).first()
        if found is None:
            return Counter()
        m = found._mapping
        return Counter(m["failures"], m["next_at"], m["window_start"], m["window_checks"], m["trusted_until"])

    def put(self, row_key: str, counter: Counter, now: float) -> None:
        values = {**counter.__dict__, "updated_at": now}
        updated = self.conn.execute(
            login_throttle.update().where(login_throttle.c.key == row_key).values(**values)
        ).rowcount
        if not updated:
            self.conn.execute(login_throttle.insert().values(key=row_key, **values))


def _lock_account(conn: Connection, now: float, salt: bytes) -> None:
    from sqlalchemy.dialects import postgresql, sqlite

    account_key = key("account", ACCOUNT, salt)
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(
        dialect_insert(login_throttle)
        .values(key=account_key, **Counter().__dict__, updated_at=now)
        .on_conflict_do_nothing()
    )
    conn.execute(sa.select(login_throttle.c.key).where(login_throttle.c.key == account_key).with_for_update())


class _MemoryRows:
    def __init__(self, table: dict[str, Counter]) -> None:
        self.table = table

    def get(self, row_key: str) -> Counter:
        return self.table.get(row_key, Counter())

    def put(self, row_key: str, counter: Counter, now: float) -> None:
        self.table[row_key] = counter


class Throttle:
    """The throttle over a store's database (every instance shares it), or over this process's
    memory when ``store`` is None (the fallback while the database cannot be reached)."""

    def __init__(self, store: Any = None, clock: Callable[[], float] | None = None) -> None:
        self.store = store
        self.clock = clock or (lambda: wall_clock())
        self._memory: dict[str, Counter] = {}
        self._lock = threading.Lock()
        self._salt = b"" if store is not None else secrets.token_bytes(32)  # memory: this process's

    @property
    def salt(self) -> bytes:
        if not self._salt:
            self._salt = self.store.installation_salt()
        return self._salt

    def _run(self, work: Callable[[Rows, float], Any]) -> Any:
        if self.store is None:
            with self._lock:
                return work(_MemoryRows(self._memory), self.clock())

        salt = self.salt

        def transaction(conn: Connection) -> Any:
            now = self.clock()
            _lock_account(conn, now, salt)  # every login queues on the account's row
            now = self.clock()  # the time it got its turn
            conn.execute(
                login_throttle.delete().where(
                    login_throttle.c.updated_at < now - FORGET_AFTER,
                    login_throttle.c.trusted_until < now,
                    login_throttle.c.key != key("account", ACCOUNT, salt),
                )
            )
            return work(_DatabaseRows(conn), now)

        return self.store.write(transaction)

    def reserve(self, client: str | None, device: str | None) -> Verdict:
        return self._run(lambda rows, now: reserve(rows, now, client or "local", device, self.salt))

    def settle(self, ticket: Ticket, ok: bool) -> str | None:
        return self._run(lambda rows, now: settle(rows, now, ticket, ok, self.salt))
