"""Every shipped demo export imports to the same respondents, segments and weights as the native file."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from advisor.analysis import summarise
from advisor.survey.demo import demo_questionnaire
from advisor.survey.writers import FORMATS

importer = pytest.importorskip("advisor.survey.importer")
SURVEYS = Path(__file__).resolve().parents[2] / "surveys"


def _import(fmt: str) -> pd.DataFrame:
    mapping = SURVEYS / "mappings" / f"demo-{fmt}.yaml"
    result = importer.import_survey(
        SURVEYS / "demo" / f"demo-{fmt}.{FORMATS[fmt]}",
        mapping=mapping if mapping.exists() else None,
        questionnaire=demo_questionnaire(),
    )
    assert result.report.format == fmt
    return result.answers


@pytest.fixture(scope="module")
def native() -> pd.DataFrame:
    return _import("native")


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "native"])
def test_shipped_export_imports_like_the_native_file(native, fmt):
    answers = _import(fmt)
    assert len(answers) == len(native) == 400
    assert list(answers.columns[: len(native.columns)]) == list(native.columns)
    got = answers[native.columns].reset_index(drop=True).astype(object)
    want = native.reset_index(drop=True).astype(object)
    pd.testing.assert_frame_equal(got.fillna("<NA>"), want.fillna("<NA>"))
    q = demo_questionnaire()
    a, b = summarise(answers, q, bootstrap=0), summarise(native, q, bootstrap=0)
    assert {k: s.n for k, s in a.segments.items()} == {k: s.n for k, s in b.segments.items()}
    for key in b.visible_segments:
        np.testing.assert_allclose(
            list(a.segments[key].weights.values()), list(b.segments[key].weights.values())
        )
