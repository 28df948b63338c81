"""The dashboard's figures (advisor.ui.charts): valid plotly (they are built without plotly's
validation, for speed), text contrast of at least 4.5:1 everywhere, labels wrapped for display only,
every category labelled, the longer dimension of a heatmap on its rows, and the summaries."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from advisor.ui import charts
from advisor.ui.formats import number, percent, shares_to_100


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


NAMES = ["Microsoft Teams", "Nextcloud Talk", "LumApps (with Beekeeper) (reference)", "Slack"]
CRITERIA = [
    "Control",
    "Privacy and confidentiality",
    "Ease of use",
    "Integrations",
    "Work/private separation",
]
RNG = np.random.default_rng(0)


def _all_figures() -> list[go.Figure]:
    contributions = RNG.random((4, 5))
    table = pd.DataFrame(RNG.random((7, 5)), index=[f"Group {i}" for i in range(7)], columns=CRITERIA)
    return [
        charts.stacked_contributions(NAMES, CRITERIA, contributions, "Weighted score (0-10)")[0],
        charts.rank_acceptability(NAMES, RNG.dirichlet(np.ones(4), 4), ["1", "2", "3", "rest"], "Share")[0],
        charts.tornado(
            CRITERIA,
            np.full(5, 0.2),
            np.zeros(5),
            np.full(5, 0.5),
            dict.fromkeys(["range", "current", "axis", "lower", "upper"], "x"),
        )[0],
        charts.radar(NAMES, CRITERIA, RNG.random((4, 5)) * 10)[0],
        charts.heatmap(table, zmin=0, zmax=1, text=charts.percent_text(table, "nl")),
        charts.grouped_bars(table, "Share"),
    ]


@pytest.mark.parametrize("index", range(6))
def test_every_figure_is_valid_plotly(index):
    figure = _all_figures()[index]
    go.Figure(figure.to_dict())  # the validating constructor raises on any unknown property or value


def test_chart_text_and_heatmap_cells_have_at_least_4_5_to_1():
    assert contrast(charts.INK, charts.PAPER) >= 4.5
    darkest = charts.SEQUENTIAL[-1][1]
    # every channel falls from stop to stop, so the last stop is the darkest cell colour
    stops = [[int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)] for _, c in charts.SEQUENTIAL]
    assert all(a >= b for earlier, later in pairwise(stops) for a, b in zip(earlier, later, strict=True))
    assert contrast(charts.CELL_FONT["color"], darkest) >= 4.5
    for figure in _all_figures():
        layout = figure.to_dict()["layout"]
        assert layout["font"]["color"] == charts.INK
        for axis in ("xaxis", "yaxis"):
            if axis in layout:
                assert layout[axis]["tickfont"]["color"] == charts.INK


def test_long_labels_are_wrapped_for_display_but_the_data_keeps_the_names():
    figure = charts.stacked_contributions(NAMES, CRITERIA, RNG.random((4, 5)), "Score")[0].to_dict()
    axis = figure["layout"]["yaxis"]
    assert "LumApps (with Beekeeper) (reference)" in figure["data"][0]["y"]
    assert "LumApps (with<br>Beekeeper) (reference)" in axis["ticktext"]
    assert axis["tickvals"] == list(figure["data"][0]["y"])  # every category gets its label


def test_a_heatmap_puts_its_longer_dimension_on_the_rows_and_writes_every_value():
    wide = pd.DataFrame(
        RNG.random((3, 10)), index=["a", "b", "c"], columns=[f"channel {i}" for i in range(10)]
    )
    heat = charts.heatmap(wide, zmin=0, zmax=1, text=charts.percent_text(wide, "en")).to_dict()["data"][0]
    assert list(heat["y"]) == list(wide.columns) and list(heat["x"]) == ["a", "b", "c"]
    assert heat["showscale"] is False and heat["texttemplate"] == "%{text}"
    assert heat["textfont"]["size"] >= 12  # a fixed size: plotly would shrink it to fit a cell


def test_summaries_say_what_the_chart_shows_in_the_interface_language():
    table = pd.DataFrame({"Score": [8.06, 7.8, 7.64, 2.96]}, index=["Teams", "Talk", "Wire", "WhatsApp"])
    assert charts.ranking_summary(table, "Score", "nl") == (
        "Teams (8,06) staat bovenaan, daarna Talk (7,80), Wire (7,64);"
        " WhatsApp (2,96) staat onderaan (4 platforms)."
    )
    shares = pd.DataFrame({"A": [0.25, 0.5], "B": [0.1, 0.9]}, index=["x", "y"])
    assert (
        charts.heatmap_summary(shares, "en", "Weights?")
        == "Weights: highest y · B (90%); lowest x · B (10%)."
    )


def test_numbers_percentages_and_weights_in_whole_percentages():
    assert number(22536.5, "nl", 1) == "22.536,5" and number(22536.5, "en", 1) == "22,536.5"
    assert percent(0.266, "nl", 1) == "26,6%" and percent(None, "nl") == "–"
    whole = shares_to_100({"a": 0.171, "b": 0.214, "c": 0.229, "d": 0.176, "e": 0.21})
    assert sum(whole.values()) == 100 and whole == {"a": 17, "b": 21, "c": 23, "d": 18, "e": 21}
