"""Settings from the environment (or, in the dashboard, from Streamlit secrets).

=================================  ==============================================================
key                                meaning
=================================  ==============================================================
``ADVISOR_DATABASE_URL``           SQLAlchemy URL of the workshop database, e.g.
                                   ``postgresql+psycopg://user:pw@host:5432/advisor`` for a shared
                                   deployment; default: the embedded SQLite file below
``ADVISOR_DATA_DIR``               folder of the embedded database (default ``<repo>/data``)
``ADVISOR_FACILITATOR_PASSWORD_HASH``  facilitator password hash, made with
                                   ``python -m advisor workshop hash-password``; no default password
``ADVISOR_PUBLIC_URL``             address participants open, for join links and the QR code
                                   (default ``http://localhost:8501``)
``ADVISOR_FACILITATOR_EMAILS``     with OIDC login (``[auth]`` in secrets): the e-mail addresses
                                   that may be facilitators (a TOML list, or separated by commas)
``ADVISOR_FACILITATOR_GROUPS``     with OIDC login: the groups whose members may be facilitators
``ADVISOR_FACILITATOR_GROUP_CLAIM``  the ID token claim listing a user's groups (default ``groups``)
=================================  ==============================================================

With OIDC, nobody is a facilitator until one of the two lists names them. With Microsoft Entra ID
prefer a group (its object id): its ``email`` claim is not verified for every account type.

The environment wins over secrets, so one deployment can override a shared ``secrets.toml``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PUBLIC_URL = "http://localhost:8501"
DATABASE_FILE = "workshops.sqlite"
KEYS = (
    "ADVISOR_DATABASE_URL",
    "ADVISOR_DATA_DIR",
    "ADVISOR_FACILITATOR_PASSWORD_HASH",
    "ADVISOR_PUBLIC_URL",
    "ADVISOR_FACILITATOR_EMAILS",
    "ADVISOR_FACILITATOR_GROUPS",
    "ADVISOR_FACILITATOR_GROUP_CLAIM",
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    facilitator_password_hash: str
    public_url: str
    facilitator_emails: tuple[str, ...] = ()
    facilitator_groups: tuple[str, ...] = ()
    facilitator_group_claim: str = "groups"

    @property
    def embedded(self) -> bool:
        """True when the database is the embedded SQLite default (not a configured URL)."""
        return self.database_url == embedded_url(self.data_dir)


def embedded_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / DATABASE_FILE}"


def settings(secrets: Mapping[str, Any] | None = None) -> Settings:
    """Current settings: environment first, then ``secrets`` (the dashboard passes st.secrets)."""

    def raw(key: str) -> Any:
        found: Any = os.environ.get(key)
        if not found and secrets is not None:
            try:
                found = secrets.get(key)
            except Exception:  # a missing or broken secrets file means "not set"
                found = None
        return found

    def value(key: str) -> str:
        found = raw(key)
        return str(found).strip() if found else ""

    def listed(key: str) -> tuple[str, ...]:
        found = raw(key)
        items = found if isinstance(found, list | tuple) else str(found or "").split(",")
        return tuple(str(item).strip() for item in items if str(item).strip())

    data_dir = Path(value("ADVISOR_DATA_DIR") or ROOT / "data")
    return Settings(
        database_url=value("ADVISOR_DATABASE_URL") or embedded_url(data_dir),
        data_dir=data_dir,
        facilitator_password_hash=value("ADVISOR_FACILITATOR_PASSWORD_HASH"),
        public_url=(value("ADVISOR_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/"),
        facilitator_emails=listed("ADVISOR_FACILITATOR_EMAILS"),
        facilitator_groups=listed("ADVISOR_FACILITATOR_GROUPS"),
        facilitator_group_claim=value("ADVISOR_FACILITATOR_GROUP_CLAIM") or "groups",
    )
