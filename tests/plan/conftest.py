"""Small surveys in the canonical answer frame, built in code, and a helper that plans them."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from html import unescape
from pathlib import Path
from typing import Any

import docx
import pandas as pd
import pytest

from advisor.analysis.summary import summarise
from advisor.catalog import Catalog, load_catalog
from advisor.plan import Plan, PlanSettings, plan_for_survey
from advisor.survey.questionnaire import Questionnaire, default_questionnaire, load_questionnaire

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
        organisation_file: Path | None = None,
        start: dt.date = START,
    ) -> Plan:
        used = load_questionnaire(organisation=organisation_file) if organisation_file else questionnaire
        answers = make_answers(groups, used)
        summary = summarise(answers, used, bootstrap=50)
        settings = PlanSettings(platform, start, lang, organisation)
        return plan_for_survey(use_catalog or catalog, used, answers, summary, settings, samples=200)

    return build


def organisation_file(folder: Path, **fields: Any) -> Path:
    """An organisation.yaml with these top-level fields (sector, size, holiday_regions, ...)."""
    import yaml

    path = folder / "organisation.yaml"
    path.write_text(
        yaml.safe_dump({"name": "Testorganisatie", **fields}, allow_unicode=True), encoding="utf-8"
    )
    return path


def guideline_ids(plan: Plan, key: str) -> set[str]:
    segment = next(s for s in plan.segments if s.key == key)
    return {g.id for g in segment.guidelines}


DEMO = Path(__file__).resolve().parents[2] / "surveys" / "demo" / "demo-native.csv"
WORD = re.compile(r"\w")


def words(text: str) -> int:
    """Words a reader reads: Markdown markup removed, tokens with a letter or digit (the measure of
    tests/plan/fixtures/demo_substance_before.json)."""
    text = re.sub(r"[#*|`\\]", " ", text)
    text = re.sub(r"^\s*-{3,}.*$", " ", text, flags=re.M)
    return len([w for w in text.split() if WORD.search(w)])


def visible_text(content: bytes, fmt: str) -> str:
    """What a reader sees in a rendered plan, as plain text (tables row by row, cells by ' | ')."""
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
        return "\n".join(lines)
    text = content.decode("utf-8")
    if fmt == "html":
        text = text.split("<body>", 1)[1]
        text = re.sub(r"</t[dh]>\s*<t[dh][^>]*>", " | ", text)
        text = re.sub(r"<(br|/p|/li|/tr|/h\d)[^>]*>", "\n", text)
        text = unescape(re.sub(r"<[^>]+>", "", text))
    return text


def write_plans(
    folder: Path, lang: str, *extra: str, survey: Path = DEMO, platform: str = "teams"
) -> dict[str, Path]:
    """The demo plan in every format through the command line, as a user writes it."""
    from advisor.cli import main

    files = {}
    for fmt in ("md", "html", "docx"):
        out = folder / f"plan-{lang}.{fmt}"
        args = ["--lang", lang, "plan", "--survey", str(survey), "--platform", platform, "--format", fmt]
        assert main([*args, "--out", str(out), "--start", "2027-01-04", *extra]) == 0
        files[fmt] = out
    return files
