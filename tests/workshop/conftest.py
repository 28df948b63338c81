"""Store fixtures: every store test runs against SQLite, and against PostgreSQL when
ADVISOR_TEST_POSTGRES_URL is set (CI starts a local PostgreSQL and sets it)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from advisor.workshop import answers as wa
from advisor.workshop.store import Store

POSTGRES_URL = os.environ.get("ADVISOR_TEST_POSTGRES_URL", "")
NO_POSTGRES = "ADVISOR_TEST_POSTGRES_URL is not set (CI sets it after starting a local PostgreSQL)"
TABLES = (
    "dossier_plans",
    "dossier_history",
    "dossier_datasets",
    "dossiers",
    "workshop_tokens",
    "workshop_snapshots",
    "advisor_settings",
    "login_throttle",
    "workshop_responses",
    "workshops",
    "advisor_schema",
)


def empty_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshops.sqlite'}"
        return
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    empty_postgres(POSTGRES_URL)
    yield POSTGRES_URL
    empty_postgres(POSTGRES_URL)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()


DEPARTMENTS = "Redactie | Newsroom\nVerkoop | Sales\nIT"


@pytest.fixture
def workshop(store: Store):
    return store.create_workshop(
        "Dag van de communicatie", "nl", {"department": wa.parse_options("department", DEPARTMENTS)}, 3
    )
