"""Plotly figures for the dashboard: colour-blind-safe palette, labels in the user's language.

Each function returns the figure and the table it shows, so every chart has a table alternative;
the ``*_summary`` functions give the sentence that says what the chart shows (its text
alternative, also shown under it).

Readable from a 390 px phone to a projector, with one figure for every width (the server does not
know the screen): category labels are wrapped (only their display: the data keeps the full names),
every label is drawn (``dtick`` 1, rotated by plotly only when they would overlap), legends sit under
the chart where no toolbar can cover them, heatmaps put their longer dimension on the rows and write
every value in its cell at a fixed size. Text is dark on white (:data:`INK`, 17:1) and the heatmap
scale stops where that text still has at least 4.5:1 on the darkest cell (WCAG 2.2 AA).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from advisor.i18n import t
from advisor.ui.formats import number, percent

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
INK = "#1A1A1A"  # every chart text: 17.4:1 on white
PAPER = "#FFFFFF"
REST = "#D9D9D9"
# single hue, light to mid blue: INK on the darkest cell still has 5.5:1 (plotly interpolates
# linearly in RGB, and every channel falls monotonically, so no cell is darker than the last stop)
SEQUENTIAL = [[0.0, "#F7FBFF"], [0.35, "#C6DBEF"], [0.7, "#8FC1E1"], [1.0, "#4A98C9"]]
FONT = dict(family="Source Sans, sans-serif", size=13, color=INK)
CELL_FONT = dict(family="Source Sans, sans-serif", size=12, color=INK)
ROW = 34  # px per heatmap row or bar: two lines of 12 px text fit


def wrap(label: str, width: int = 16) -> str:
    """A label broken into lines of at most ``width`` characters (at spaces) for display."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines) or str(label)


def _longest_line(labels: list[str], width: int) -> int:
    return max((len(line) for label in labels for line in wrap(label, width).split("<br>")), default=0)


def _category_axis(labels: list[str], width: int) -> dict:
    """Every category shown, wrapped for display only (tickvals are the full names)."""
    return dict(
        type="category",
        tickmode="array",
        tickvals=list(labels),
        ticktext=[wrap(label, width) for label in labels],
        autotickangles=[0, 90],
    )


def _merge(base: dict, extra: dict | None) -> dict:
    merged = dict(base)
    for key, value in (extra or {}).items():
        merged[key] = (
            _merge(merged[key], value)
            if isinstance(value, dict) and isinstance(merged.get(key), dict)
            else value
        )
    return merged


AXIS = dict(automargin=True, tickfont=dict(color=INK), title=dict(font=dict(color=INK), standoff=6))


def _figure(
    data: list[dict],
    height: int,
    *,
    margin: dict | None = None,
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    **extra: object,
) -> go.Figure:
    """The figure from plain dicts, built without plotly's per-property validation (about 20 ms a
    chart otherwise, on every slider move); tests/ui/test_charts.py validates every figure."""
    layout = dict(
        height=height,
        margin=margin or dict(l=8, r=8, t=8, b=8),
        font=FONT,
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        legend=dict(
            orientation="h",
            yref="container",
            y=0,
            yanchor="bottom",
            x=0,
            traceorder="normal",
            font=dict(color=INK),
        ),
        hoverlabel=dict(font=dict(color=INK), bgcolor=PAPER),
        **extra,
    )
    if xaxis is not None or yaxis is not None:
        layout["xaxis"] = _merge(AXIS, xaxis)
        layout["yaxis"] = _merge(AXIS, yaxis)
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _legend_height(names: list[str]) -> int:
    """Room under the plot for a legend that may wrap to one entry per line on a phone."""
    return 22 * len(names) + 12 if any(len(n) > 14 for n in names) else 22 * ((len(names) + 1) // 2) + 12


def stacked_contributions(
    names: list[str], criteria: list[str], contributions: np.ndarray, score_label: str
) -> tuple[go.Figure, pd.DataFrame]:
    """Horizontal bars: each platform's score split into what each criterion contributes."""
    order = np.argsort(contributions.sum(axis=1))  # best at the top
    ys = [names[i] for i in order]
    data = [
        dict(
            type="bar",
            y=ys,
            x=contributions[order, j],
            name=criterion,
            orientation="h",
            marker=dict(color=PALETTE[j % len(PALETTE)]),
            hovertemplate="%{y}: %{x:.2f}<extra>" + criterion + "</extra>",
        )
        for j, criterion in enumerate(criteria)
    ]
    legend = _legend_height(criteria) if len(criteria) > 1 else 0
    fig = _figure(
        data,
        ROW * len(names) + 70 + legend,
        barmode="stack",
        showlegend=len(criteria) > 1,
        # margins set here, not measured by plotly (automargin): the ranking is redrawn on every
        # slider move, and plotly's measuring pass drew it a second time (about 0.1 s a move)
        xaxis=dict(title=dict(text=score_label), nticks=6, automargin=False),
        yaxis={**_category_axis(ys, 22), "automargin": False},
        margin=dict(l=12 + round(6.5 * _longest_line(ys, 22)), r=8, t=8, b=44 + legend),
    )
    table = pd.DataFrame(contributions, index=names, columns=criteria).round(2)
    table[score_label] = contributions.sum(axis=1).round(2)
    return fig, table.sort_values(score_label, ascending=False)


def ranking_summary(table: pd.DataFrame, score_label: str, lang: str) -> str:
    """'Microsoft Teams comes first (7.9), then ... ; WhatsApp last (2.9).'"""
    scores = table[score_label]
    top = [f"{name} ({number(v, lang, 2)})" for name, v in scores.head(3).items()]
    return t(
        "screens.summary.ranking",
        lang,
        first=top[0],
        next=", ".join(top[1:]) or "–",
        last=f"{scores.index[-1]} ({number(scores.iloc[-1], lang, 2)})",
        count=len(scores),
    )


def rank_acceptability(
    names: list[str], acceptability: np.ndarray, rank_labels: list[str], axis_label: str, shown_ranks: int = 3
) -> tuple[go.Figure, pd.DataFrame]:
    """Stacked bars of P(rank 1), P(rank 2), ... per platform (the rest as one segment)."""
    shown = min(shown_ranks, acceptability.shape[1])
    parts = [acceptability[:, r] for r in range(shown)]
    rest = 1 - np.sum(parts, axis=0)
    order = np.lexsort(tuple(-acceptability[:, r] for r in reversed(range(shown))))[::-1]
    ys = [names[i] for i in order]
    labels = [*rank_labels[:shown], rank_labels[-1]]
    data = [
        dict(
            type="bar",
            y=ys,
            x=(parts[r] if r < shown else rest)[order],
            name=label,
            orientation="h",
            marker=dict(color=PALETTE[r] if r < shown else REST),
            hovertemplate="%{y}: %{x:.0%}<extra>" + label + "</extra>",
        )
        for r, label in enumerate(labels)
    ]
    fig = _figure(
        data,
        ROW * len(names) + 70 + _legend_height(labels),
        barmode="stack",
        xaxis=dict(tickformat=".0%", range=[0, 1], title=dict(text=axis_label), nticks=6),
        yaxis=_category_axis(ys, 22),
    )
    table = pd.DataFrame(
        {label: (parts[r] if r < shown else rest) for r, label in enumerate(labels)}, index=names
    )
    return fig, (table * 100).round(1).iloc[order[::-1]]


def acceptability_summary(table: pd.DataFrame, lang: str) -> str:
    """'Microsoft Teams ranks first in 85% of the runs, Nextcloud Talk in 12%.' (table in %)."""
    first = table.iloc[:, 0].sort_values(ascending=False)
    return t(
        "screens.summary.acceptability",
        lang,
        first=first.index[0],
        p=percent(first.iloc[0] / 100, lang),
        second=first.index[1] if len(first) > 1 else "–",
        p2=percent(first.iloc[1] / 100, lang) if len(first) > 1 else "–",
    )


def tornado(
    criteria: list[str], current: np.ndarray, lower: np.ndarray, upper: np.ndarray, labels: dict[str, str]
) -> tuple[go.Figure, pd.DataFrame]:
    """Per criterion the weight range that keeps the winner, with the current weight marked."""
    room = np.minimum(current - lower, upper - current)
    order = np.argsort(-room)  # most sensitive at the top
    ys = [criteria[j] for j in order]
    data = [
        dict(
            type="bar",
            y=ys,
            x=(upper - lower)[order],
            base=lower[order],
            orientation="h",
            name=labels["range"],
            marker=dict(color=PALETTE[4]),
            hovertemplate="%{y}: %{base:.0%} – %{x:.0%}<extra></extra>",
        ),
        dict(
            type="scatter",
            y=ys,
            x=current[order],
            mode="markers",
            name=labels["current"],
            marker=dict(color=PALETTE[5], size=12, symbol="diamond"),
        ),
    ]
    fig = _figure(
        data,
        44 * len(criteria) + 70 + _legend_height([labels["range"], labels["current"]]),
        xaxis=dict(tickformat=".0%", range=[0, 1], title=dict(text=labels["axis"]), nticks=6),
        yaxis=_category_axis(ys, 18),
    )
    table = pd.DataFrame(
        {labels["current"]: current, labels["lower"]: lower, labels["upper"]: upper}, index=criteria
    )
    return fig, (table * 100).round(1).iloc[order]


def radar(names: list[str], criteria: list[str], matrix: np.ndarray) -> tuple[go.Figure, pd.DataFrame]:
    """Platform profiles side by side on the criteria (0-10)."""
    theta = [wrap(c, 12) for c in criteria]
    data = [
        dict(
            type="scatterpolar",
            r=[*matrix[i], matrix[i][0]],
            theta=[*theta, theta[0]],
            name=name,
            line=dict(color=PALETTE[i % len(PALETTE)]),
            fill="none",
            hovertemplate="%{theta}: %{r:.1f}<extra>" + name + "</extra>",
        )
        for i, name in enumerate(names)
    ]
    fig = _figure(
        data,
        380 + _legend_height(names),
        # room for the wrapped angular labels: polar labels take no automargin of their own
        margin=dict(l=80, r=80, t=56, b=56),
        polar=dict(
            radialaxis=dict(range=[0, 10], tickfont=dict(color=INK, size=11), nticks=3),
            angularaxis=dict(tickfont=dict(color=INK, size=12)),
        ),
    )
    return fig, pd.DataFrame(matrix, index=names, columns=criteria).round(1)


def radar_summary(table: pd.DataFrame, lang: str) -> str:
    """Per platform its strongest criterion."""
    parts = [f"{name}: {row.idxmax()} ({number(row.max(), lang, 1)})" for name, row in table.iterrows()]
    return t("screens.summary.radar", lang, strongest="; ".join(parts))


def tornado_summary(table: pd.DataFrame, lang: str) -> str:
    """The criterion with the least room either way (table in %: current, lower, upper)."""
    current, lower, upper = (table.iloc[:, i] for i in range(3))
    name = (current - lower).combine(upper - current, min).idxmin()
    return t(
        "screens.summary.tornado",
        lang,
        criterion=name,
        current=percent(current[name] / 100, lang),
        low=percent(lower[name] / 100, lang),
        high=percent(upper[name] / 100, lang),
    )


def percent_text(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Cell labels for a heatmap of shares: '42%', empty where there is no figure."""
    return frame.map(lambda v: "" if pd.isna(v) else percent(v, lang))


def heatmap(
    table: pd.DataFrame,
    value_format: str = ".2f",
    zmin: float | None = None,
    zmax: float | None = None,
    text: pd.DataFrame | None = None,
    *,
    transpose: bool | None = None,
) -> go.Figure:
    """A labelled heatmap of a table (rows x columns) in a single-hue scale, every value in its cell.

    ``transpose`` None: the longer dimension goes on the rows (few columns stay readable on a phone).
    """
    cells = text if text is not None else table.map(lambda v: "" if pd.isna(v) else format(v, value_format))
    if transpose is None:
        transpose = len(table.columns) > len(table.index)
    if transpose:
        table, cells = table.T, cells.T
    xs = [str(c) for c in table.columns]
    ys = [str(i) for i in table.index]
    data = [
        dict(
            type="heatmap",
            z=table.to_numpy(dtype=float),
            x=xs,
            y=ys,
            colorscale=SEQUENTIAL,
            zmin=zmin,
            zmax=zmax,
            showscale=False,  # every value is written in its cell
            text=cells.to_numpy(),
            texttemplate="%{text}",
            textfont=CELL_FONT,
            hoverongaps=False,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            xgap=1,
            ygap=1,
        )
    ]
    # rotated labels (when they would overlap) need their longest line of height above the cells;
    # a row holds its label's lines (two 12 px lines in 34 px)
    lines = max((wrap(y, 20).count("<br>") + 1 for y in ys), default=1)
    row = max(ROW, 15 * lines + 6)
    labels_room = int(6.8 * _longest_line(xs, 18)) + 16
    return _figure(
        data,
        row * len(ys) + labels_room + 16,
        xaxis={**_category_axis(xs, 18), "side": "top"},
        yaxis={**_category_axis(ys, 20), "autorange": "reversed"},
    )


def heatmap_summary(
    table: pd.DataFrame, lang: str, lead: str = "", *, kind: str = "percent", digits: int = 0
) -> str:
    """'<lead>: highest: Editorial · Usability (26%); lowest: IT · Control (12%).' over the shown
    cells (``lead`` names what the chart shows)."""
    stacked = table.stack().dropna()
    prefix = f"{lead.rstrip('?.:')}: " if lead else ""
    if stacked.empty:
        return prefix + t("screens.summary.empty", lang)

    def show(value: float) -> str:
        return percent(value, lang, digits) if kind == "percent" else number(value, lang, digits)

    (high_row, high_col), (low_row, low_col) = stacked.idxmax(), stacked.idxmin()
    sentence = t(
        "screens.summary.heatmap",
        lang,
        high=f"{high_row} · {high_col} ({show(stacked.max())})",
        low=f"{low_row} · {low_col} ({show(stacked.min())})",
    )
    return prefix + sentence if prefix else sentence[:1].upper() + sentence[1:]


def grouped_bars(table: pd.DataFrame, axis_label: str, percent: bool = True) -> go.Figure:
    """Bars per column, grouped per row (e.g. share choosing each option per segment)."""
    data = [
        dict(
            type="bar",
            x=list(table.index),
            y=table[column].to_numpy(),
            name=str(column),
            marker=dict(color=PALETTE[i % len(PALETTE)]),
        )
        for i, column in enumerate(table.columns)
    ]
    names = [str(c) for c in table.columns]
    return _figure(
        data,
        380 + _legend_height(names),
        barmode="group",
        xaxis=_category_axis([str(i) for i in table.index], 14),
        yaxis=dict(tickformat=".0%" if percent else None, title=dict(text=axis_label)),
    )
