"""Landscape metrics on a hand-built frame; every expected number is worked out in the comments."""

import math

import numpy as np
import pandas as pd
import pytest

from advisor.analysis import landscape as ls

CHANNELS = ["email", "whatsapp", "teams"]


@pytest.fixture
def frame() -> pd.DataFrame:
    def s(values):
        return pd.array(values, dtype="string")

    return pd.DataFrame(
        {
            "use.email": s(["daily", "weekly", "daily", "hourly"]),
            "use.whatsapp": s(["hourly", "never", None, "weekly"]),
            "use.teams": s(["never", "monthly", "weekly", "never"]),
            "ex_colleagues_in_groups": s(["yes", "no", "unknown", None]),
            "wrong_recipient": s(["yes", "yes", "no", "no"]),
            "after_hours": s(["daily", "weekly", "monthly", "never"]),
            "overload": s(["gt4", "lt1", None, None]),
            "willingness": pd.array([5, 4, 2, None], dtype="Int64"),
            "convincers.faster_answers": pd.array([True, False, None, True], dtype="boolean"),
            "convincers.alignment": pd.array([False, False, None, True], dtype="boolean"),
        },
        index=pd.Index(["1", "2", "3", "4"], name="response_id"),
    )


def test_channel_use_distribution_is_of_those_who_answered(frame):
    use = ls.channel_use(frame, CHANNELS)
    # whatsapp: 3 answered (hourly, never, weekly) -> 1/3 each; respondent 3 did not answer
    assert use.at["whatsapp", "n"] == 3
    assert use.loc["whatsapp", ["never", "weekly", "hourly"]].tolist() == pytest.approx([1 / 3] * 3)
    assert use.at["whatsapp", "daily"] == 0
    np.testing.assert_allclose(use[list(ls.FREQUENCIES)].sum(axis=1), 1.0)


def test_regular_use_and_fragmentation(frame):
    regular = ls.regular_use(frame, CHANNELS)
    # email 4/4 weekly+; whatsapp 2/3 (hourly, weekly); teams 1/4 (weekly) < 30%
    assert regular.to_dict() == pytest.approx({"email": 1.0, "whatsapp": 2 / 3, "teams": 0.25})
    result = ls.landscape(frame, CHANNELS, ["whatsapp"])
    assert result.regular_channels == ("email", "whatsapp")
    assert result.fragmentation == 2


def test_effective_number_of_channels_is_exp_entropy_of_intensity_shares(frame):
    # intensities: never 0, monthly 0.05, weekly 0.2, daily 1, hourly 8
    email = 1 + 0.2 + 1 + 8  # 10.2
    whatsapp = 8 + 0 + 0.2  # 8.2 (one unanswered)
    teams = 0 + 0.05 + 0.2 + 0  # 0.25
    total = email + whatsapp + teams  # 18.65
    p = [email / total, whatsapp / total, teams / total]
    expected = math.exp(-sum(x * math.log(x) for x in p))  # about 2.13
    assert ls.effective_channels(frame, CHANNELS) == pytest.approx(expected)
    assert 2.0 < expected < 2.2


def test_effective_channels_is_one_for_one_channel_and_k_for_k_even_channels():
    one = pd.DataFrame({"use.email": ["daily"] * 3, "use.whatsapp": ["never"] * 3})
    even = pd.DataFrame({"use.email": ["daily"] * 3, "use.whatsapp": ["daily"] * 3})
    assert ls.effective_channels(one, ["email", "whatsapp"]) == pytest.approx(1.0)
    assert ls.effective_channels(even, ["email", "whatsapp"]) == pytest.approx(2.0)


def test_shadow_it_share_counts_weekly_or_more_among_those_who_answered(frame):
    # whatsapp answered by 1, 2, 4; weekly or more: 1 (hourly) and 4 (weekly) -> 2/3
    share = ls.shadow_it_share(frame, ["whatsapp"])
    assert (share.share, share.n) == (pytest.approx(2 / 3), 3)


def test_risks_are_shares_of_those_who_answered(frame):
    risks = ls.risk_shares(frame)
    assert (risks["ex_colleagues_in_groups"].share, risks["ex_colleagues_in_groups"].n) == (
        pytest.approx(1 / 3),
        3,
    )
    assert risks["wrong_recipient"].share == pytest.approx(0.5)
    assert risks["after_hours"].share == pytest.approx(0.5)  # daily, weekly of 4
    assert (risks["overload"].share, risks["overload"].n) == (pytest.approx(0.5), 2)  # gt4 of 2


def test_silos_and_jaccard_overlap():
    sets = {"a": {"email", "whatsapp"}, "b": {"teams"}, "c": {"email"}}
    assert ls.silos(sets) == [("a", "b"), ("b", "c")]
    overlap = ls.jaccard_matrix(sets)
    assert overlap.at["a", "c"] == pytest.approx(1 / 2)  # {email} / {email, whatsapp}
    assert overlap.at["a", "b"] == 0
    assert overlap.at["b", "b"] == 1


def test_option_shares_and_willingness(frame):
    shares = ls.option_shares(frame, "convincers", ["faster_answers", "alignment"])
    # respondent 3 skipped the question: n = 3; faster answers chosen by 1 and 4
    assert (shares["faster_answers"].share, shares["faster_answers"].n) == (pytest.approx(2 / 3), 3)
    assert shares["alignment"].share == pytest.approx(1 / 3)
    w = ls.willingness(frame)
    assert (w.mean, w.share_high, w.n) == (pytest.approx(11 / 3), pytest.approx(2 / 3), 3)
    assert w.distribution[2] == pytest.approx(1 / 3)


def _by_string_comparison(frame: pd.DataFrame, channels: list[str]) -> tuple[pd.DataFrame, pd.Series, float]:
    """The definitions as first written: one comparison of the strings per frequency (reference)."""
    freq = frame[[f"use.{c}" for c in channels]].set_axis(channels, axis=1)
    n = freq.notna().sum()
    counts = pd.DataFrame({f: (freq == f).sum() for f in ls.FREQUENCIES}).astype(float)
    use = counts.div(n.replace(0, np.nan), axis=0)
    use["n"] = n
    regular = freq.isin(ls.REGULAR).where(freq.notna()).astype(float).mean()
    intensity = freq.apply(lambda col: col.map(ls.INTENSITY)).astype(float).sum()
    p = intensity[intensity > 0] / intensity.sum()
    effective = float(np.exp(-(p * np.log(p)).sum())) if intensity.sum() > 0 else float("nan")
    return use, regular, effective


@pytest.mark.parametrize("rows", [0, 1, 7, 500, 20_000])
def test_counted_figures_equal_the_string_definitions_to_the_last_bit(rows):
    rng = np.random.default_rng(rows)
    values = np.array([*ls.FREQUENCIES, "sometimes", None], dtype=object)
    frame = pd.DataFrame(
        {
            f"use.{c}": pd.array(rng.choice(values, rows, p=[0.3, 0.1, 0.2, 0.2, 0.1, 0.02, 0.08]), "string")
            for c in CHANNELS
        }
    )
    frame["use.teams"] = pd.array([None] * rows, dtype="string")  # a channel nobody answered
    use, regular, effective = _by_string_comparison(frame, CHANNELS)
    pd.testing.assert_frame_equal(ls.channel_use(frame, CHANNELS), use, check_exact=True)
    pd.testing.assert_series_equal(ls.regular_use(frame, CHANNELS), regular, check_exact=True)
    np.testing.assert_equal(ls.effective_channels(frame, CHANNELS), effective)  # NaN for nobody
