"""Small surveys in the canonical answer frame, built in code, and a helper that plans them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import pytest

from advisor.analysis.summary import summarise
from advisor.catalog import Catalog, load_catalog
from advisor.plan import Plan, PlanSettings, plan_for_survey
from advisor.survey.questionnaire import Questionnaire, default_questionnaire

START = dt.date(2027, 1, 4)

# A respondent who triggers no guideline except the ones that always apply.
QUIET: dict[str, Any] = {
    "works_with_externals": "no",
    "use.email": "daily",
    "overload": "lt1",
    "after_hours": "never",
    "ex_colleagues_in_groups": "no",
    "wrong_recipient": "no",
    "willingness": 4,
    "importance.control": 4,
    "importance.privacy": 1,
    "importance.usability": 4,
    "importance.integrations": 4,
    "importance.separation": 4,
    "convincers.faster_answers": True,
    "concerns.extra_work": True,
    "comment": "GEHEIM-COMMENTAAR",
}


def make_answers(
    groups: Mapping[str, tuple[int, Mapping[str, Any]]], questionnaire: Questionnaire
) -> pd.DataFrame:
    """``{department: (respondents, overrides)}``; an override may be a list (one value per respondent)."""
    rows = []
    for department, (n, overrides) in groups.items():
        for i in range(n):
            row = {"department": department, **QUIET}
            for key, value in overrides.items():
                row[key] = value[i] if isinstance(value, list) else value
            rows.append(row)
    columns: dict[str, Any] = {}
    for question in questionnaire.questions:
        for column in question.columns:
            values = [row.get(column) for row in rows]
            if question.kind == "likert":
                columns[column] = pd.array(values, dtype="Int64")
            elif question.kind == "multi":
                answered = [any(row.get(c) is not None for c in question.columns) for row in rows]
                columns[column] = pd.array(
                    [bool(v) if a else None for v, a in zip(values, answered, strict=True)], dtype="boolean"
                )
            else:
                columns[column] = pd.array(values, dtype="string")
    index = pd.Index([str(i + 1) for i in range(len(rows))], name="response_id")
    return pd.DataFrame(columns, index=index)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return default_questionnaire()


@pytest.fixture
def plan_of(catalog: Catalog, questionnaire: Questionnaire):
    def build(
        groups: Mapping[str, tuple[int, Mapping[str, Any]]],
        platform: str = "teams",
        lang: str = "nl",
        organisation: str = "Testorganisatie",
        use_catalog: Catalog | None = None,
    ) -> Plan:
        answers = make_answers(groups, questionnaire)
        summary = summarise(answers, questionnaire, bootstrap=50)
        settings = PlanSettings(platform, START, lang, organisation)
        return plan_for_survey(use_catalog or catalog, questionnaire, answers, summary, settings, samples=200)

    return build


def guideline_ids(plan: Plan, key: str) -> set[str]:
    segment = next(s for s in plan.segments if s.key == key)
    return {g.id for g in segment.guidelines}
