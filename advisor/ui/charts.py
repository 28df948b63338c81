"""Plotly figures for the dashboard: colour-blind-safe palette, labels in the user's language.

Each function returns the figure and the table it shows, so every chart has a table alternative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = "Blues"  # single-hue: readable for every kind of colour vision
FONT = dict(family="Source Sans Pro, sans-serif", size=13)


def _layout(fig: go.Figure, height: int, **extra: object) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        font=FONT,
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"),
        **extra,
    )
    return fig


def stacked_contributions(
    names: list[str], criteria: list[str], contributions: np.ndarray, score_label: str
) -> tuple[go.Figure, pd.DataFrame]:
    """Horizontal bars: each platform's score split into what each criterion contributes."""
    order = np.argsort(contributions.sum(axis=1))  # best at the top
    fig = go.Figure()
    for j, criterion in enumerate(criteria):
        fig.add_bar(
            y=[names[i] for i in order],
            x=contributions[order, j],
            name=criterion,
            orientation="h",
            marker_color=PALETTE[j % len(PALETTE)],
            hovertemplate="%{y}: %{x:.2f}<extra>" + criterion + "</extra>",
        )
    _layout(fig, 60 + 28 * len(names), barmode="stack", xaxis_title=score_label)
    table = pd.DataFrame(contributions, index=names, columns=criteria).round(2)
    table[score_label] = contributions.sum(axis=1).round(2)
    return fig, table.sort_values(score_label, ascending=False)


def rank_acceptability(
    names: list[str], acceptability: np.ndarray, rank_labels: list[str], axis_label: str, shown_ranks: int = 3
) -> tuple[go.Figure, pd.DataFrame]:
    """Stacked bars of P(rank 1), P(rank 2), ... per platform (the rest as one segment)."""
    shown = min(shown_ranks, acceptability.shape[1])
    parts = [acceptability[:, r] for r in range(shown)]
    rest = 1 - np.sum(parts, axis=0)
    order = np.lexsort(tuple(-acceptability[:, r] for r in reversed(range(shown))))[::-1]
    fig = go.Figure()
    for r, label in enumerate([*rank_labels[:shown], rank_labels[-1]]):
        values = parts[r] if r < shown else rest
        fig.add_bar(
            y=[names[i] for i in order],
            x=values[order],
            name=label,
            orientation="h",
            marker_color=PALETTE[r] if r < shown else "#D9D9D9",
            hovertemplate="%{y}: %{x:.0%}<extra>" + label + "</extra>",
        )
    _layout(
        fig,
        60 + 28 * len(names),
        barmode="stack",
        xaxis=dict(tickformat=".0%", range=[0, 1], title=axis_label),
    )
    table = pd.DataFrame(
        {
            label: (parts[r] if r < shown else rest)
            for r, label in enumerate([*rank_labels[:shown], rank_labels[-1]])
        },
        index=names,
    )
    return fig, (table * 100).round(1).iloc[order[::-1]]


def tornado(
    criteria: list[str], current: np.ndarray, lower: np.ndarray, upper: np.ndarray, labels: dict[str, str]
) -> tuple[go.Figure, pd.DataFrame]:
    """Per criterion the weight range that keeps the winner, with the current weight marked."""
    room = np.minimum(current - lower, upper - current)
    order = np.argsort(-room)  # most sensitive at the top
    ys = [criteria[j] for j in order]
    fig = go.Figure()
    fig.add_bar(
        y=ys,
        x=(upper - lower)[order],
        base=lower[order],
        orientation="h",
        name=labels["range"],
        marker_color=PALETTE[4],
        hovertemplate="%{y}: %{base:.0%} – %{x:.0%}<extra></extra>",
    )
    fig.add_scatter(
        y=ys,
        x=current[order],
        mode="markers",
        name=labels["current"],
        marker=dict(color=PALETTE[5], size=12, symbol="diamond"),
    )
    _layout(fig, 80 + 40 * len(criteria), xaxis=dict(tickformat=".0%", range=[0, 1], title=labels["axis"]))
    table = pd.DataFrame(
        {labels["current"]: current, labels["lower"]: lower, labels["upper"]: upper}, index=criteria
    )
    return fig, (table * 100).round(1).iloc[order]


def radar(names: list[str], criteria: list[str], matrix: np.ndarray) -> tuple[go.Figure, pd.DataFrame]:
    """Platform profiles side by side on the criteria (0-10)."""
    fig = go.Figure()
    for i, name in enumerate(names):
        fig.add_scatterpolar(
            r=[*matrix[i], matrix[i][0]],
            theta=[*criteria, criteria[0]],
            name=name,
            line=dict(color=PALETTE[i % len(PALETTE)]),
            fill="none",
        )
    _layout(fig, 420, polar=dict(radialaxis=dict(range=[0, 10])))
    return fig, pd.DataFrame(matrix, index=names, columns=criteria).round(1)


def percent_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cell labels for a heatmap of shares: '42%', empty where there is no figure."""
    return frame.map(lambda v: "" if pd.isna(v) else f"{v:.0%}")


def heatmap(
    table: pd.DataFrame,
    value_format: str = ".2f",
    zmin: float | None = None,
    zmax: float | None = None,
    text: pd.DataFrame | None = None,
) -> go.Figure:
    """A labelled heatmap of a table (rows x columns) in a single-hue scale."""
    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy(dtype=float),
            x=list(table.columns),
            y=list(table.index),
            colorscale=SEQUENTIAL,
            zmin=zmin,
            zmax=zmax,
            texttemplate="%{text}",
            hoverongaps=False,
            text=(
                text
                if text is not None
                else table.map(lambda v: "" if pd.isna(v) else format(v, value_format))
            ).to_numpy(),
        )
    )
    return _layout(fig, 80 + 36 * len(table), yaxis=dict(autorange="reversed"))


def grouped_bars(table: pd.DataFrame, axis_label: str, percent: bool = True) -> go.Figure:
    """Bars per column, grouped per row (e.g. share choosing each option per segment)."""
    fig = go.Figure()
    for i, column in enumerate(table.columns):
        fig.add_bar(
            x=list(table.index), y=table[column], name=str(column), marker_color=PALETTE[i % len(PALETTE)]
        )
    return _layout(
        fig, 380, barmode="group", yaxis=dict(tickformat=".0%" if percent else None, title=axis_label)
    )
