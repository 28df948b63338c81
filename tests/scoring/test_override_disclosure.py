"""`score` says plainly which criterion scores were set by hand (an organisation's ``--extra`` file),
with the score the facts give, who set it, when and why; in the text and in ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.scoring.conftest import DEMO_SURVEY

REASON = "Our DPIA with the vendor's EU data boundary terms rates privacy higher than the facts."
RETIRED_REASON = "Kept for the comparison with last year's decision, scored by the works council."
OVERRIDES = f"""\
overrides:
  teams:
    privacy:
      score: 8.0
      justification: "{REASON}"
      by: "Anna de Vries (privacy officer)"
      date: 2026-11-20
  workplace:
    usability:
      score: 9.5
      justification: "{RETIRED_REASON}"
"""


def _score(*args: str, lang: str = "en") -> str:
    result = run_cli("--lang", lang, "score", "--survey", str(DEMO_SURVEY), "--samples", "300", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def extra(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("org") / "overrides.yaml"
    path.write_text(OVERRIDES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plain_json() -> dict:
    return json.loads(_score("--json"))


@pytest.fixture(scope="module")
def overridden_json(extra: Path) -> dict:
    return json.loads(_score("--json", "--extra", str(extra)))


def _row(ranking: dict, platform: str) -> dict:
    return next(r for r in ranking["ranking"] if r["id"] == platform)


def test_every_ranking_in_json_lists_the_override_with_the_derived_score_who_when_and_why(
    overridden_json, plain_json
):
    for key, ranking in overridden_json["rankings"].items():
        teams = next(o for o in ranking["overrides"] if o["platform"] == "teams")
        derived = _row(plain_json["rankings"][key], "teams")["criterion_scores"]["privacy"]
        assert teams["criterion"] == "privacy" and teams["criterion_name"] == "Privacy and confidentiality"
        assert teams["score"] == 8.0 and teams["derived"] == pytest.approx(derived, abs=1e-3)
        assert teams["derived"] != 8.0
        assert teams["by"] == "Anna de Vries (privacy officer)" and teams["at"] == "2026-11-20"
        assert teams["justification"] == REASON
        assert teams["plan"] == _row(ranking, "teams")["option"]["plan_id"]  # derived on the plan ranked
        # the override is the score that was ranked
        assert _row(ranking, "teams")["criterion_scores"]["privacy"] == 8.0


def test_an_excluded_platforms_override_is_listed_too_without_who_or_when(overridden_json):
    ranking = overridden_json["rankings"]["organisation"]
    assert "workplace" in {e["id"] for e in ranking["excluded"]}
    workplace = next(o for o in ranking["overrides"] if o["platform"] == "workplace")
    assert workplace["criterion"] == "usability" and workplace["score"] == 9.5
    assert workplace["by"] is None and workplace["at"] is None
    assert workplace["justification"] == RETIRED_REASON


def test_without_overrides_the_json_lists_none(plain_json):
    assert all(r["overrides"] == [] for r in plain_json["rankings"].values())


@pytest.mark.parametrize(
    "lang, title, line, footnote",
    [
        (
            "en",
            "Scores set by hand (overrides)",
            "Microsoft Teams, Privacy and confidentiality: 8.0 set by hand instead of {derived} from the "
            "facts; by Anna de Vries (privacy officer) on 2026-11-20. Justification: " + REASON,
            "* includes a score set by hand",
        ),
        (
            "nl",
            "Handmatig aangepaste scores (overrides)",
            "Microsoft Teams, Privacy en vertrouwelijkheid: 8,0 handmatig aangepast in plaats van {derived} "
            "volgens de feiten; door Anna de Vries (privacy officer) op 2026-11-20. Onderbouwing: " + REASON,
            "* bevat een handmatig aangepaste score",
        ),
    ],
)
def test_text_output_names_each_override_and_marks_the_ranked_row(
    extra, plain_json, lang, title, line, footnote
):
    out = _score("--extra", str(extra), lang=lang)
    derived = _row(plain_json["rankings"]["organisation"], "teams")["criterion_scores"]["privacy"]
    assert title in out
    shown = f"{derived:.1f}".replace(".", "," if lang == "nl" else ".")
    assert line.format(derived=shown) in out
    assert "Workplace from Meta" in out.split(title)[1].split("==")[0]  # excluded, still disclosed
    assert RETIRED_REASON in out
    # the overrides come before the first ranking, and every ranking marks the row and explains the mark
    before, rankings = out.split("\n== ", 1)
    assert title in before
    assert rankings.count("Microsoft Teams *") == len(plain_json["rankings"])
    assert rankings.count(footnote) == len(plain_json["rankings"])


def test_text_output_without_overrides_has_no_override_lines(plain_json):
    out = _score()
    assert "set by hand" not in out and " *" not in out
