"""Reading a corpus of own-wording exports (``cases.yaml``, truth, confirmed mapping, organisation).

Shared by ``test_own_wording.py`` and ``test_own_wording_holdout.py``: each test module states its
own thresholds and assertions; this module only reads the files and compares frames. The truth
is read independently of the importer (native CSV cells to canonical dtypes).
"""

from __future__ import annotations

import filecmp
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from advisor.survey.importer import import_survey
from advisor.survey.questionnaire import Questionnaire, load_questionnaire

SHOWN = 5  # differing responses named per column


class Corpus:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cases: list[dict[str, Any]] = yaml.safe_load(
            (folder / "cases.yaml").read_text(encoding="utf-8")
        )["cases"]
        self._questionnaires: dict[str, Questionnaire] = {}

    def questionnaire(self, organisation: str) -> Questionnaire:
        if organisation not in self._questionnaires:
            self._questionnaires[organisation] = load_questionnaire(organisation=self.folder / organisation)
        return self._questionnaires[organisation]

    def truth(self, case: dict[str, Any]) -> pd.DataFrame:
        questionnaire = self.questionnaire(case["organisation"])
        raw = pd.read_csv(self.folder / case["truth"], dtype=str, keep_default_na=False, na_filter=False)
        columns: dict[str, Any] = {}
        for column in raw.columns[1:]:
            question = questionnaire[column if column in questionnaire.by_id else column.rsplit(".", 1)[0]]
            cells = raw[column].tolist()
            if question.kind == "multi":
                columns[column] = pd.array([None if c == "" else c == "true" for c in cells], dtype="boolean")
            elif question.kind == "likert":
                columns[column] = pd.array([None if c == "" else int(c) for c in cells], dtype="Int64")
            else:
                columns[column] = pd.array([None if c == "" else c for c in cells], dtype="string")
        index = pd.Index(raw["response_id"].tolist(), name="response_id", dtype="str")
        return pd.DataFrame(columns, index=index)

    def mapping_columns(self, case: dict[str, Any]) -> dict[str, Any]:
        return yaml.safe_load((self.folder / case["mapping"]).read_text(encoding="utf-8"))["columns"]

    def import_case(self, case: dict[str, Any], *, mapping: bool) -> Any:
        return import_survey(
            self.folder / case["file"],
            questionnaire=self.questionnaire(case["organisation"]),
            mapping=self.folder / case["mapping"] if mapping else None,
        )

    def rebuilt_differences(self, module_name: str, out: Path) -> tuple[list[str], list[str], list[str]]:
        """Run the corpus's build.py into ``out``: (written names, committed names, differing files)."""
        spec = importlib.util.spec_from_file_location(module_name, self.folder / "build.py")
        build = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = build  # dataclasses look their module up while the script loads
        try:
            spec.loader.exec_module(build)
            build.main(out)
        finally:
            del sys.modules[spec.name]
        written = sorted(p.name for p in out.iterdir())
        committed = sorted(p.name for p in self.folder.iterdir() if p.suffix != ".py" and p.is_file())
        _, mismatch, errors = filecmp.cmpfiles(out, self.folder, written, shallow=False)
        return written, committed, mismatch + errors


def params(cases: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(case, id=case["name"]) for case in cases]


def cells(series: pd.Series) -> list[Any]:
    return series.astype("object").where(series.notna(), None).tolist()


def differences(got: pd.DataFrame, truth: pd.DataFrame, columns: list[str]) -> list[str]:
    """Per column that differs: how many responses, and the first few (id: got != want)."""
    lines = []
    for column in columns:
        pairs = zip(truth.index, cells(got[column]), cells(truth[column]), strict=True)
        differs = [(rid, a, b) for rid, a, b in pairs if a != b]
        if differs:
            examples = ", ".join(f"{rid}: {a!r} != {b!r}" for rid, a, b in differs[:SHOWN])
            lines.append(f"{column}: {len(differs)} of {len(truth)} responses differ ({examples})")
    return lines
