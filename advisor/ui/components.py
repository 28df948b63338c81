"""Dashboard pieces used on more than one page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from advisor.analysis.missing import question_texts
from advisor.catalog import Catalog, score_platform
from advisor.catalog.coverage import evidence
from advisor.catalog.describe import billing_text, plan_differences, price_amount, seats_text, source_label
from advisor.catalog.models import Platform, Sourced
from advisor.i18n import t
from advisor.markup import escape_markdown
from advisor.survey.questionnaire import Questionnaire
from advisor.ui.formats import DATE_INPUT_FORMAT

DATA_PAGE = Path(__file__).resolve().parent / "pages" / "data.py"  # where the mapping wizard lives
_HOST = r"^https?://(?:www\.)?([^/?#]+)"  # a link column shows the site's name, not the whole URL
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"  # quote() keeps these; parentheses and spaces would end a Markdown link


def decimal_format(lang: str) -> str:
    """A grid column's number format: one decimal, with a comma in Dutch (the grid writes
    "localized" numbers in the browser's locale, which is the interface language's by default)."""
    return "localized" if lang == "nl" else "%.1f"


def data_page_link(lang: str, label_key: str = "notices.data_link") -> None:
    st.page_link(DATA_PAGE, label=t(label_key, lang), icon=":material/upload_file:")


def missing_notice(
    questionnaire: Questionnaire,
    question_ids: Iterable[str],
    lead_key: str,
    lang: str,
    *,
    blocking: bool = True,
) -> None:
    """Say which questions the data does not answer (by their text, never ids) and where to fix it.

    ``blocking``: the part cannot be shown at all (a warning); otherwise it is shown in part (info).
    """
    items = "\n".join(
        f"- {escape_markdown(text)}" for text in question_texts(questionnaire, question_ids, lang)
    )
    body = f"{t(lead_key, lang)}\n\n{items}\n\n{t('notices.fix_on_data_page', lang)}"
    if blocking:
        st.warning(body, icon=":material/help:")
    else:
        st.info(body, icon=":material/info:")
    data_page_link(lang)


def demo_banner(organisation: str, lang: str) -> None:
    """On every dashboard page while the demo is in use: these are not the user's figures."""
    st.info(t("notices.demo_banner", lang, name=escape_markdown(organisation)), icon=":material/science:")
    data_page_link(lang, "notices.demo_link")


def _stale(entry: Sourced, today: dt.date, stale_after: int) -> bool:
    """Checked too long ago, or the page itself is older than the rubric allows."""
    dates = [entry.checked, entry.source_date]
    return any(date is not None and (today - date).days > stale_after for date in dates)


def _sourced(platform: Platform) -> list[Sourced]:
    """The platform's facts, then each plan's price and facts: the order of the numbered sources."""
    entries: list[Sourced] = list(platform.facts.values())
    for plan in platform.plans:
        entries.extend([plan.price, *plan.facts.values()])
    return entries


def source_numbers(platform: Platform) -> dict[str, int]:
    """Each source URL of a platform and its number in the sources list (cited once, from 1)."""
    numbers: dict[str, int] = {}
    for entry in _sourced(platform):
        numbers.setdefault(entry.source, len(numbers) + 1)
    return numbers


@lru_cache(maxsize=256)
def _facts_frame(catalog: Catalog, platform_id: str, lang: str, today: dt.date) -> pd.DataFrame:
    platform = catalog.platform(platform_id)
    stale_after = catalog.rubric.stale_after_days
    numbers = source_numbers(platform)
    scores = score_platform(catalog, platform)
    rows = []
    for criterion in catalog.criteria:
        for part in scores[criterion.id].indicators:
            _, indicator = catalog.indicators[part.indicator_id]
            level = indicator.scale.get(part.value)
            fact = part.fact
            rows.append(
                {
                    t("catalog.reference", lang): f"[{numbers.get(fact.source, '')}]",
                    t("catalog.criterion", lang): criterion.name.get(lang),
                    t("catalog.indicator", lang): indicator.name.get(lang),
                    t("catalog.value", lang): level.label(lang) if level else t("evidence.unknown", lang),
                    t("catalog.score", lang): part.score,
                    t("catalog.evidence", lang): t(f"evidence.{part.evidence}", lang),
                    t("catalog.source", lang): source_label(fact),
                    t("catalog.link", lang): fact.source,
                    t("catalog.source_date", lang): fact.source_date,
                    t("catalog.source_kind", lang): t(f"catalog.kind.{fact.source_kind}", lang),
                    t("catalog.checked", lang): fact.checked,
                    t("catalog.stale", lang): _stale(fact, today, stale_after),
                    t("catalog.note", lang): fact.note,
                }
            )
    return pd.DataFrame(rows)


@lru_cache(maxsize=256)
def _plans_frame(catalog: Catalog, platform_id: str, lang: str) -> pd.DataFrame:
    platform = catalog.platform(platform_id)
    numbers = source_numbers(platform)
    rows = []
    for plan in platform.plans:
        differs = [
            f"{line} [{numbers[fact.source]}]"
            for line, fact in zip(plan_differences(catalog, plan, lang), plan.facts.values(), strict=True)
        ]
        rows.append(
            {
                t("catalog.plan", lang): plan.name,
                t("catalog.price_column", lang): price_amount(plan.price, lang),
                t("catalog.billing", lang): billing_text(plan.price, lang),
                t("catalog.seats", lang): seats_text(plan, lang),
                t("catalog.limits", lang): plan.limits.get(lang) if plan.limits else "",
                t("catalog.differs", lang): "; ".join(differs),
                t("catalog.evidence", lang): t(f"evidence.{evidence(plan.price)}", lang),
                t("catalog.price_date", lang): plan.price.source_date,
                t("catalog.price_source", lang): plan.price.source,
                t("catalog.reference", lang): f"[{numbers[plan.price.source]}]",
            }
        )
    return pd.DataFrame(rows)


def plans_table(catalog: Catalog, platform_id: str, lang: str) -> None:
    """The platform's plans: price per user per month (or quote only), term, seats, limits, and
    the facts that differ from the platform's."""
    platform = catalog.platform(platform_id)
    st.markdown(f"**{t('catalog.plans_title', lang)}**")
    if not platform.plans:
        st.caption(t("catalog.no_plans", lang))
        return
    st.dataframe(
        _plans_frame(catalog, platform_id, lang),
        hide_index=True,
        width="stretch",
        column_config={
            t("catalog.price_source", lang): st.column_config.LinkColumn(
                t("catalog.price_source", lang), display_text=_HOST
            ),
            t("catalog.price_date", lang): st.column_config.DateColumn(
                t("catalog.price_date", lang), format=DATE_INPUT_FORMAT[lang]
            ),
        },
    )


def _link(entry: Sourced) -> str:
    """A Markdown link to the page, its text the page's title and publisher."""
    return f"[{escape_markdown(source_label(entry))}]({quote(entry.source, safe=_URL_SAFE)})"


def sources_list(platform: Platform, lang: str) -> None:
    """The numbered sources of a platform: each page once, as a link with its title and publisher."""
    first: dict[str, Sourced] = {}
    for entry in _sourced(platform):
        first.setdefault(entry.source, entry)
    with st.expander(t("catalog.sources_title", lang, count=len(first))):
        lines = [
            f"{number}. "
            + t(
                "catalog.source_line",
                lang,
                link=_link(entry),
                date=t("catalog.dated", lang, date=entry.source_date.isoformat())
                if entry.source_date
                else t("catalog.undated", lang),
                kind=t(f"catalog.kind.{entry.source_kind}", lang),
            )
            for number, entry in enumerate(first.values(), start=1)
        ]
        st.markdown("\n".join(lines))


def _platform_notes(platform: Platform, lang: str) -> None:
    if platform.retired and platform.lifecycle.migration:
        st.warning(f"**{t('lifecycle.retired', lang)}** · {platform.lifecycle.migration.get(lang)}")
    if not platform.recommend and platform.reference_note:
        st.info(t("catalog.reference_entry", lang, note=escape_markdown(platform.reference_note.get(lang))))
    if platform.pricing_note:
        st.markdown(f"**{t('catalog.pricing', lang)}:** {platform.pricing_note.get(lang)}")
    if platform.hosted_by:
        hosts = " · ".join(f"{h.provider} ({h.provider_country}, {h.region})" for h in platform.hosted_by)
        st.caption(t("catalog.hosted_by", lang, hosts=escape_markdown(hosts)))


def facts_table(catalog: Catalog, platform_id: str, lang: str, highlight: bool = True) -> None:
    """Every indicator fact of one platform: value, score, verification, the source (title,
    publisher, link, date, primary or secondary), check date; stale marked. Then its plans and the
    numbered list of its sources.

    ``highlight`` colours stale rows (a pandas Styler: worth it on the catalogue page, too slow
    for the Compare page, which re-renders on every slider move and shows a stale column instead).
    """
    platform = catalog.platform(platform_id)
    _platform_notes(platform, lang)
    stale_after = catalog.rubric.stale_after_days
    facts = _facts_frame(catalog, platform_id, lang, dt.date.today())
    stale_column = t("catalog.stale", lang)
    shown = (
        facts.style.apply(
            lambda r: ["background-color: #fde6c8" if r[stale_column] else "" for _ in r], axis=1
        )
        if highlight
        else facts
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("catalog.link", lang): st.column_config.LinkColumn(t("catalog.link", lang), display_text=_HOST),
            t("catalog.score", lang): st.column_config.NumberColumn(
                t("catalog.score", lang), format=decimal_format(lang)
            ),
            t("catalog.source_date", lang): st.column_config.DateColumn(
                t("catalog.source_date", lang), format=DATE_INPUT_FORMAT[lang]
            ),
            t("catalog.checked", lang): st.column_config.DateColumn(
                t("catalog.checked", lang), format=DATE_INPUT_FORMAT[lang]
            ),
        },
    )
    stale_count = int(facts[stale_column].sum())
    if stale_count:
        st.warning(t("catalog.stale_count", lang, count=stale_count, days=stale_after))
    plans_table(catalog, platform_id, lang)
    sources_list(platform, lang)
    for criterion_id, override in platform.overrides.items():
        st.info(
            t(
                "catalog.override_shown",
                lang,
                criterion=catalog.criterion(criterion_id).name.get(lang),
                score=override.score,
                reason=override.justification,
            ),
            icon=":material/edit_note:",
        )


def overrides_notice(catalog: Catalog, shown: list, lang: str) -> None:
    """Every score set by hand behind what the page shows: the score, the facts' score, who, when
    and the justification (``shown``: ``advisor.scoring.overrides.OverrideShown`` items)."""
    if not shown:
        return
    lines = "\n".join(f"- {escape_markdown(item.describe(catalog, lang))}" for item in shown)
    st.warning(f"**{t('compare.overrides_in_use', lang)}**\n\n{lines}", icon=":material/edit_note:")


def counts_explained(
    summary: Any, report: Any, lang: str, label: Callable[[str], str], samples: int | None = None
) -> None:
    """One explanation of how every page counts, with this survey's own figures (an expander).

    Why pages differ: the respondents in the data (Data, Staff voice) against those with a weight
    vector (weights, Compare), a group's answers against its members with weights, answers per
    question, hidden groups, and sampled chances."""
    from advisor.analysis.weights import MIN_RATINGS
    from advisor.ui.formats import number

    def n(value: int | None) -> str:
        return number(value, lang, 0) if value is not None else "–"

    org = summary.organisation
    lines = [t("screens.counts.file", lang, total=n(summary.total), rows=n(report.rows))]
    if org.weighted_n is not None:
        lines.append(
            t(
                "screens.counts.weights",
                lang,
                weighted=n(org.weighted_n),
                excluded=n(summary.excluded_from_weights),
                min=MIN_RATINGS,
                criteria=len(summary.criteria),
            )
        )
        example = next(
            (
                (k, g)
                for k, g in summary.segments.items()
                if not g.suppressed and g.weighted_n is not None and g.weighted_n < g.n
            ),
            None,
        )
        lines.append(t("screens.counts.groups", lang))
        if example is not None:
            key, group = example
            lines[-1] += " " + t(
                "screens.counts.example", lang, group=label(key), n=n(group.n), weighted=n(group.weighted_n)
            )
    lines.append(t("screens.counts.questions", lang))
    lines.append(t("screens.counts.hidden", lang, k=summary.min_group))
    if samples:
        lines.append(t("screens.counts.samples", lang, samples=n(samples)))
    with st.expander(t("screens.counts.title", lang), icon=":material/calculate:"):
        st.markdown("\n".join(f"- {line}" for line in lines))
