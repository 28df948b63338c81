"""Facilitator access: the password (scrypt hashes, constant-time comparison), the login throttle
(:mod:`.throttle`) and, for OIDC, the allow-list of who may be a facilitator.

Hash format: ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>`` (hashlib.scrypt, 32-byte key). Make one
with ``python -m advisor workshop hash-password``; there is no default password.

Parameters, as recommended in 2026:

* scrypt N=2^17, r=8, p=1: the OWASP Password Storage Cheat Sheet's minimum for scrypt ("a
  minimum CPU/memory cost parameter of (2^17), a minimum block size of 8 (1024 bytes), and a
  parallelization parameter of 1"). One check takes 128 MiB and about a third of a second, so at
  most :data:`PARALLEL_CHECKS` run at once per process (and the throttle decides which may run).
  A hash made with weaker parameters still verifies; :func:`needs_rehash` says to make a new one.
* at least :data:`MIN_PASSWORD_LENGTH` (15) characters: OWASP ASVS 5.0 V6.2.1 requires 8 and
  "strongly recommends" 15, and this one password opens every raw answer. No composition rules and
  no maximum below 64 (V6.2.5, V6.2.9); not a common password made longer (V6.2.4, see
  :mod:`.passwords`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES = 2**17, 8, 1, 32
MIN_PASSWORD_LENGTH = 15
PARALLEL_CHECKS = 2
MAX_SCRYPT_MEMORY = 2**30  # a configured hash that asks for more is refused as malformed
_CHECKS = threading.BoundedSemaphore(PARALLEL_CHECKS)


class BadHash(ValueError):
    """The configured hash is not in the ``scrypt$n$r$p$salt$hash`` format."""


def hash_password(password: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """The hash to configure. ``n`` below :data:`SCRYPT_N` is for tests that need speed only."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    key = _derive(password, salt, n, SCRYPT_R, SCRYPT_P)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def _memory(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2) + 2**20


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    with _CHECKS:
        return hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_memory(n, r, p), dklen=KEY_BYTES
        )


def parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.strip().split("$")
    try:
        if len(parts) != 6 or parts[0] != "scrypt":
            raise ValueError
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
        if n < 2 or n & (n - 1) or not (1 <= r <= 64 and 1 <= p <= 16) or not salt or not key:
            raise ValueError
        if _memory(n, r, p) > MAX_SCRYPT_MEMORY:
            raise ValueError
    except ValueError:
        raise BadHash("expected scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>") from None
    return n, r, p, salt, key


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (compared in constant time); BadHash if malformed."""
    n, r, p, salt, key = parse_hash(stored)
    return hmac.compare_digest(_derive(password, salt, n, r, p), key)


def needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than today's (make a new one)."""
    n, r, _, _, _ = parse_hash(stored)
    return n < SCRYPT_N or r < SCRYPT_R


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used (a key under ``workshop.cli``), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "password_short"
    if len(set(password)) < 4:  # 'aaaaaaaaaaaaaaa' or 'abababababababab'
        return "password_repetitive"
    from advisor.workshop.passwords import is_common

    if is_common(password):  # ASVS V6.2.4: not one of the passwords attackers try first
        return "password_common"
    return None


# ---------------------------------------------------------------- OIDC allow-list
def _folded(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip().casefold() for v in values if v and v.strip())


@dataclass(frozen=True)
class AllowList:
    """Who may be a facilitator when logging in with OIDC: e-mail addresses and/or groups.

    ``group_claim`` names the ID token claim that lists the user's groups (``groups`` for Microsoft
    Entra ID, Keycloak and most others). An empty list admits nobody: an organisation's identity
    provider knows every participant too."""

    emails: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    group_claim: str = "groups"

    @classmethod
    def of(cls, emails: Iterable[str], groups: Iterable[str], group_claim: str = "") -> AllowList:
        return cls(_folded(emails), _folded(groups), group_claim.strip() or "groups")

    @property
    def empty(self) -> bool:
        return not self.emails and not self.groups

    def admits(self, claims: Mapping[str, Any]) -> bool:
        """True when the user's verified e-mail or one of their groups is on the list.

        An e-mail the provider marks as unverified (``email_verified: false``) does not count."""
        email = claims.get("email")
        verified = claims.get("email_verified") is not False
        if isinstance(email, str) and verified and email.strip().casefold() in self.emails:
            return True
        member_of = claims.get(self.group_claim)
        if isinstance(member_of, str):
            member_of = [member_of]
        if isinstance(member_of, list | tuple):
            return bool(_folded(str(g) for g in member_of) & self.groups)
        return False


# ---------------------------------------------------------------- one login attempt
@dataclass(frozen=True)
class LoginResult:
    ok: bool | None  # True right, False wrong, None refused before the comparison
    wait: int = 0  # when refused: seconds until a check can be had
    trusted_key: str | None = None  # when right from a browser not trusted yet: keep this in it


def attempt_login(
    throttle: Any, password: str, stored: str, client: str | None, device: str | None
) -> LoginResult:
    """One password attempt through the throttle (:mod:`.throttle`): a check is reserved first and
    the password compared only if the rules allow it; BadHash when ``stored`` is malformed."""
    parse_hash(stored)
    verdict = throttle.reserve(client, device)
    if verdict.ticket is None:
        return LoginResult(None, verdict.wait)
    ok = verify_password(password, stored)
    return LoginResult(ok, 0, throttle.settle(verdict.ticket, ok))
