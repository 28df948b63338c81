"""The demo organisation's questionnaire, its canonical answers and every template, made once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from advisor.survey.importer import import_survey
from advisor.survey.questionnaire import DEMO_ORGANISATION, Questionnaire, load_questionnaire
from advisor.survey.templates import TOOLS, render_template

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "templates"
NATIVE = ROOT / "surveys" / "demo" / "demo-native.csv"


@pytest.fixture(scope="session")
def demo_q() -> Questionnaire:
    return load_questionnaire(organisation=DEMO_ORGANISATION)


@pytest.fixture(scope="session")
def native(demo_q: Questionnaire) -> pd.DataFrame:
    """The demo's canonical answers, read from the native file (complete responses only)."""
    return import_survey(NATIVE, questionnaire=demo_q).answers


@pytest.fixture(scope="session")
def templates(demo_q: Questionnaire) -> dict[tuple[str, str], bytes]:
    return {(tool, lang): render_template(tool, demo_q, lang)[1] for tool in TOOLS for lang in ("nl", "en")}
