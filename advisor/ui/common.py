"""Shared dashboard helpers: language, cached services, the page frame, charts with their text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from advisor.catalog import Catalog, load_catalog
from advisor.i18n import LANGUAGES, keys, normalise_language, t
from advisor.ui import projector
from advisor.ui.formats import PLOTLY_SEPARATORS, number

PAGES = Path(__file__).resolve().parent / "pages"
ROOT = Path(__file__).resolve().parents[2]
FAVICON = ROOT / ".streamlit" / "static" / "favicon.png"  # bundled: no request to a font host
STREAMLIT_STRINGS = "screens.streamlit"  # Streamlit's own English labels, by their English text


def language() -> str:
    """The user's language: chosen in the sidebar, else the browser's, else Dutch."""
    if st.session_state.get("lang") not in LANGUAGES:  # first visit, or the switch was cleared
        st.session_state["lang"] = normalise_language(getattr(st.context, "locale", None))
    return st.session_state["lang"]


def language_switch() -> None:
    lang = language()
    st.sidebar.segmented_control(
        t("app.language", lang),
        options=list(LANGUAGES),
        key="lang",
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
    )


def tr(key: str, **values: object) -> str:
    """Translate in the current user's language."""
    return t(key, language(), **values)


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """The shipped catalogue: validated once per server process (it is read-only)."""
    return load_catalog()


# ---------------------------------------------------------------- the page frame
_STYLE = """
<style>
  /* phone and wide variants of one part (st.container(key="narrow_..."/"wide_...")) */
  @media (max-width: 640px) { [class*="st-key-wide_"] { display: none !important; } }
  @media (min-width: 641px) { [class*="st-key-narrow_"] { display: none !important; } }
  .st-key-page_frame { display: none !important; }
  /* long Dutch titles break between syllables (the page has its lang), smaller on a phone */
  [data-testid="stHeading"] h1 { hyphens: auto; overflow-wrap: break-word; }
  @media (max-width: 640px) { [data-testid="stHeading"] h1 { font-size: 2.1rem; } }
  /* a wide Markdown table (the plan preview) scrolls inside itself, not the page, on a phone */
  [data-testid="stMarkdownContainer"] table { display: block; overflow-x: auto; max-width: 100%; }
</style>
"""

# Sets <html lang>, takes chart toolbars out of the tab order, writes Streamlit's own labels in
# the interface language and closes the sidebar after a page is chosen on a phone. Idempotent:
# Streamlit runs it again when its text changes (another language).
_SCRIPT = """
<script>
(() => {
  const state = window.__advisorFrame || (window.__advisorFrame = {original: new WeakMap()});
  state.lang = %(lang)s;
  state.words = %(words)s;
  document.documentElement.lang = state.lang;
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title"];
  // "Help for {}", "{} per file": the labels with a blank, split once per language
  state.patterns = Object.entries(state.words).filter(([english]) => english.includes("{}"))
    .map(([english, own]) => [...english.split("{}"), own]);
  const translate = (text) => {
    if (!text) return text;
    const trimmed = text.trim();
    if (state.words[trimmed] !== undefined) return text.replace(trimmed, state.words[trimmed]);
    for (const [before, after, own] of state.patterns) {
      if (trimmed.length <= before.length + after.length) continue;
      if (trimmed.startsWith(before) && trimmed.endsWith(after)) {
        const middle = trimmed.slice(before.length, trimmed.length - after.length);
        return text.replace(trimmed, own.replace("{}", middle));
      }
    }
    return text;
  };
  // a chart's drawing (thousands of SVG nodes, redrawn on every move) holds none of Streamlit's
  // labels: its text is the app's own, already in the language; the walk and the observer skip it
  const inDrawing = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)
    ?.closest?.("svg") != null;
  const skipDrawing = {acceptNode: (node) => node.nodeName.toLowerCase() === "svg"
    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT};
  const fixNode = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const before = state.original.get(node) ?? node.nodeValue;
      const after = translate(before);
      if (after !== node.nodeValue) { state.original.set(node, before); node.nodeValue = after; }
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(".modebar-btn, .modebar-btn *, .modebar a")) node.tabIndex = -1;
    for (const name of ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value) { const after = translate(value); if (after !== value) node.setAttribute(name, after); }
    }
  };
  const walk = (root) => {
    if (inDrawing(root)) return;
    fixNode(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const walker = document.createTreeWalker(
      root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, skipDrawing);
    while (walker.nextNode()) fixNode(walker.currentNode);
  };
  walk(document.body);
  if (!state.observer) {
    state.observer = new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === "childList") change.addedNodes.forEach(walk);
        else if (!inDrawing(change.target)) fixNode(change.target);
      }
    });
    state.observer.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES,
    });
    document.addEventListener("click", (event) => {
      const link = event.target.closest(
        '[data-testid="stSidebarNav"] a, [data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]');
      if (!link || !window.matchMedia("(max-width: 767px)").matches) return;
      setTimeout(() => {
        const sidebar = document.querySelector('[data-testid="stSidebar"]');
        sidebar?.querySelector('[data-testid="stBaseButton-headerNoPadding"]')?.click();
      }, 60);
    }, true);
  }
})();
</script>
"""


def streamlit_words(lang: str) -> dict[str, str]:
    """Streamlit's own English labels and their text in ``lang`` (nothing to do in English)."""
    if lang == "en":
        return {}
    prefix = STREAMLIT_STRINGS + "."
    english = {k[len(prefix) :]: t(k, "en") for k in keys("en") if k.startswith(prefix)}
    return {text: t(prefix + key, lang) for key, text in english.items()}


def page_frame(lang: str) -> None:
    """What every page needs from the browser side: <html lang>, Streamlit's labels in the user's
    language, chart toolbars out of the tab order, the phone/wide switch (see ``_STYLE``)."""
    st.html(_STYLE)
    with st.container(key="page_frame"):
        st.html(
            _SCRIPT % {"lang": json.dumps(lang), "words": json.dumps(streamlit_words(lang))},
            unsafe_allow_javascript=True,
        )


# ---------------------------------------------------------------- charts
def chart_config() -> dict[str, object]:
    """Plotly's toolbar: only 'download as PNG' (none on the projector); out of the tab order
    (page_frame), under the legend's corner never (legends sit below the plot)."""
    if projector.active():
        return {"displayModeBar": False, "displaylogo": False, "responsive": True}
    return {
        "displaylogo": False,
        "responsive": True,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "scale": 2},
    }


def _digits(column: pd.Series) -> int:
    """The decimals a column was rounded to (0-2)."""
    values = column.dropna().to_numpy(dtype=float)
    return next((d for d in range(3) if np.allclose(values, np.round(values, d))), 2)


def show_table(
    table: pd.DataFrame, *, column_config: dict | None = None, static: bool = False, **options: object
) -> None:
    """st.dataframe with figures written as the interface language writes them: in Dutch a decimal
    comma (the grid itself would follow the browser's locale, not the language chosen here).

    ``static``: a plain table (st.table) that wraps its headers to the width, for a few rows that
    must be readable on a phone without scrolling sideways."""
    lang = language()
    config = dict(column_config or {})
    if lang == "nl":
        table = table.copy()
        for name in table.columns:
            if name in config or not pd.api.types.is_float_dtype(table[name]):
                continue
            digits = _digits(table[name])
            table[name] = table[name].map(lambda v, d=digits: "" if pd.isna(v) else number(v, lang, d))
            config[name] = st.column_config.TextColumn(str(name), alignment="right")
    if static:
        st.table(table)
        return
    st.dataframe(table, width="stretch", column_config=config or None, **options)


def show_chart(fig: object, table: pd.DataFrame, key: str, summary: str = "") -> None:
    """A plotly chart with its text alternative: the summary sentence (under the chart, and its
    accessible name) and the table one click away ('show as table')."""
    lang = language()
    if st.toggle(tr("ui.show_table"), key=f"table_{key}"):
        show_table(table)
    else:
        fig.update_layout(separators=PLOTLY_SEPARATORS[lang])
        st.plotly_chart(fig, width="stretch", key=f"chart_{key}", config=chart_config(), alt=summary or None)
    if summary:
        st.caption(summary)
