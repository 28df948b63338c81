"""``survey``, ``score`` and ``plan`` on an export without the importance questions: exit 2, named."""

from __future__ import annotations

import json

from advisor.cli import main
from tests.conftest import FIXTURES

MISSING = FIXTURES / "missing"
PRIVACY_EN = "How important is privacy and confidentiality to you in a work platform?"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_survey_prints_what_it_can_and_exits_2_naming_what_is_missing(capsys):
    code, out, err = run(
        capsys, "--lang", "en", "survey", str(MISSING / "no-privacy.csv"), "--bootstrap", "0"
    )
    assert code == 2
    assert "Traceback" not in err
    assert "importance.privacy" in err and PRIVACY_EN in err and "criterion weights" in err
    assert "importance.control:" not in err  # answered questions are not named
    # the parts that do not need the weights are still printed
    assert "Channels in regular use" in out and "Willingness" in out
    weights_section = out.split("Criterion weights", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    assert weights_section == ["Cannot be computed (no answers to: importance.privacy)."]  # no made-up weight


def test_survey_json_has_no_weights_and_names_the_missing_questions(capsys):
    code, out, _ = run(capsys, "survey", str(MISSING / "no-importance.csv"), "--json", "--bootstrap", "0")
    assert code == 2
    data = json.loads(out)
    assert not data["organisation"]["weights"]  # no weights at all (None or empty), never invented
    assert "importance.privacy" in data["missing_questions"]["weights"]
    assert data["bootstrap_samples"] == {}


def test_score_exits_2_before_ranking(capsys):
    code, out, err = run(capsys, "--lang", "en", "score", "--survey", str(MISSING / "no-privacy.csv"))
    assert code == 2 and out == ""
    assert "importance.privacy" in err and PRIVACY_EN in err


def test_plan_exits_2_and_writes_no_file(capsys, tmp_path):
    target = tmp_path / "plan.md"
    code, _, err = run(
        capsys,
        "plan",
        "--survey",
        str(MISSING / "no-importance.csv"),
        "--platform",
        "teams",
        "--out",
        str(target),
    )
    assert code == 2 and not target.exists()
    assert "importance.control" in err and "Hoe belangrijk is controle voor jou in een werkplatform?" in err


def test_accept_problems_still_names_the_missing_questions_but_exits_0(capsys):
    code, _, err = run(
        capsys, "survey", str(MISSING / "no-privacy.csv"), "--bootstrap", "0", "--accept-problems"
    )
    assert code == 0 and "importance.privacy" in err
