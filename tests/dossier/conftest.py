"""Dossier fixtures: every store test runs on SQLite, and on PostgreSQL when
ADVISOR_TEST_POSTGRES_URL is set (the same fixture as the workshop store's tests)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from advisor.dossier.store import DossierStore, NewDataset
from advisor.survey.importer import ImportResult, import_survey
from advisor.survey.questionnaire import default_questionnaire
from tests.conftest import ROOT
from tests.workshop.conftest import database_url  # noqa: F401 - the parametrised fixture

DEMO = ROOT / "surveys" / "demo"
ORGANISATION = DEMO / "organisation.yaml"


@cache
def demo_import(name: str = "demo-native.csv") -> ImportResult:
    """A real export of the demo organisation, imported as the dashboard and CLI import it."""
    return import_survey(DEMO / name, questionnaire=default_questionnaire(ORGANISATION))


def demo_upload(name: str = "demo-native.csv") -> NewDataset:
    result = demo_import(name)
    return NewDataset(result.answers, result.report.to_dict(), name)


@pytest.fixture
def store(database_url: str) -> Iterator[DossierStore]:  # noqa: F811
    opened = DossierStore.open(database_url)
    yield opened
    opened.close()


@pytest.fixture
def dossier(store: DossierStore):
    return store.create(
        "Platformkeuze 2027",
        who="anna@example.nl",
        settings={"organisation": Path(ORGANISATION).read_text(encoding="utf-8")},
        uploads=[demo_upload()],
    )
