"""The facilitator password: scrypt hashes, constant-time comparison and a login throttle.

Hash format: ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>`` (hashlib.scrypt, 32-byte key). Make one
with ``python -m advisor workshop hash-password``; there is no default password.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES = 2**14, 8, 1, 32
MAX_FAILURES = 5
LOCKOUT_SECONDS = 30.0


class BadHash(ValueError):
    """The configured hash is not in the ``scrypt$n$r$p$salt$hash`` format."""


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    key = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=KEY_BYTES)


def parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.strip().split("$")
    try:
        if len(parts) != 6 or parts[0] != "scrypt":
            raise ValueError
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
        if n < 2 or n & (n - 1) or not (1 <= r <= 64 and 1 <= p <= 16) or not salt or not key:
            raise ValueError
    except ValueError:
        raise BadHash("expected scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>") from None
    return n, r, p, salt, key


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (compared in constant time); BadHash if malformed."""
    n, r, p, salt, key = parse_hash(stored)
    return hmac.compare_digest(_derive(password, salt, n, r, p), key)


@dataclass
class LoginThrottle:
    """After ``max_failures`` wrong passwords in a row, refuse every attempt for ``lockout`` seconds.

    One throttle per server process (the dashboard keeps it in st.cache_resource), so opening a new
    browser session does not reset it. A correct password resets the count.
    """

    max_failures: int = MAX_FAILURES
    lockout: float = LOCKOUT_SECONDS
    clock: object = time.monotonic
    failures: int = 0
    locked_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def wait_seconds(self) -> int:
        """Seconds until a new attempt is allowed (0 = now)."""
        with self._lock:
            return max(0, int(self.locked_until - self.clock() + 0.999))

    def attempt(self, password: str, stored: str) -> bool | None:
        """True = correct, False = wrong, None = refused because of earlier failures."""
        if self.wait_seconds():
            return None
        ok = verify_password(password, stored)
        with self._lock:
            if ok:
                self.failures = 0
            else:
                self.failures += 1
                if self.failures >= self.max_failures:
                    self.failures = 0
                    self.locked_until = self.clock() + self.lockout
        return ok
