"""Numbers and dates out of range: one message with the allowed range, exit 2, before any work."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.hostile.conftest import DEMO, EXPORT, assert_clean, run

SURVEY = ["survey", str(EXPORT), "--accept-problems"]
SCORE = ["score", "--survey", str(DEMO)]
PLAN = ["plan", "--survey", str(DEMO), "--platform", "zulip"]

CASES = {
    "survey-seed-negative": ([*SURVEY, "--seed", "-1"], "--seed -1", "0 tot en met 4294967295"),
    "survey-seed-huge": ([*SURVEY, "--seed", str(2**70)], "--seed", "4294967295"),
    "survey-bootstrap-negative": ([*SURVEY, "--bootstrap", "-5"], "--bootstrap -5", "20000"),
    "survey-bootstrap-huge": ([*SURVEY, "--bootstrap", "100000000"], "--bootstrap 100000000", "20000"),
    "score-samples-zero": ([*SCORE, "--samples", "0"], "0", "100"),
    "score-samples-negative": ([*SCORE, "--samples", "-20"], "-20", "100"),
    "score-samples-huge": ([*SCORE, "--samples", "1000000000"], "--samples 1000000000", "1000000"),
    "score-seed-negative": ([*SCORE, "--seed", "-3"], "--seed -3", "4294967295"),
    "score-top-zero": ([*SCORE, "--top", "0"], "--top 0", "1 tot en met 1000"),
    "plan-seed-negative": ([*PLAN, "--seed", "-1", "--out", "x.md"], "--seed -1", "4294967295"),
    "plan-start-far-future": (
        [*PLAN, "--start", "9999-12-31", "--out", "x.md"],
        "--start 9999-12-31",
        "JJJJ",
    ),
    "plan-start-far-past": ([*PLAN, "--start", "1900-01-01", "--out", "x.md"], "--start 1900-01-01", "JJJJ"),
    "plan-start-not-a-date": ([*PLAN, "--start", "31-12-2026", "--out", "x.md"], "31-12-2026", ""),
    "demo-respondents-huge": (
        ["demo-survey", "--respondents", "100000000", "--out", "d.csv"],
        "100000000",
        "100000",
    ),
    "demo-seed-negative": (["demo-survey", "--seed", "-9", "--out", "d.csv"], "--seed -9", "4294967295"),
    "workshop-tokens-huge": (
        ["workshop", "create", "--title", "x", "--tokens", "10000000"],
        "--tokens",
        "10000",
    ),
    "workshop-count-zero": (["workshop", "tokens", "ABC123", "--count", "0"], "--count 0", "10000"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_out_of_range_is_one_message_with_the_range(case, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    argv, *words = CASES[case]
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    for word in words:
        assert word in err
    assert_clean(out, err)
    assert list(tmp_path.iterdir()) in ([], [tmp_path / "data"])  # nothing written


def test_english_range_message(capsys):
    code, _, err = run(capsys, "--lang", "en", *SURVEY, "--bootstrap", "-1")
    assert code == 2 and "choose a whole number from 0 to 20000" in err


def test_a_start_date_within_five_years_is_accepted():
    from advisor.commands.limits import check_start

    today = dt.date(2026, 3, 1)
    assert check_start(dt.date(2030, 12, 31), "nl", today) == dt.date(2030, 12, 31)
    with pytest.raises(Exception, match="2031-03-01"):
        check_start(dt.date(2031, 6, 1), "nl", today)


def test_the_largest_allowed_bootstrap_and_seed_run(capsys):
    code, _, err = run(capsys, *SURVEY, "--bootstrap", "20000", "--seed", "4294967295", "--json")
    assert code == 0, err
