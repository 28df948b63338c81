"""Scores set by hand in the adoption plan: the table of overrides and the summary line about them.

The plan lists every override of its own platform (on the plan it budgets for) and of every
platform it is compared with (ranked in the organisation's or a group's ranking, on the plan
ranked), each with the hand-set score, the score the rubric derives from the facts, who set it,
when and the written justification. Without overrides the plan has no such section. Where the
plan states a criterion score of its platform that was set by hand, it says so (``why``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from advisor.catalog import Catalog
from advisor.catalog.models import Platform
from advisor.catalog.options import Option
from advisor.plan.model import Item, OverrideRow
from advisor.scoring import Ranking
from advisor.scoring.overrides import OverrideShown, all_overrides, option_overrides

Text = Callable[..., str]  # the plan's text(key, **values) in its language
Number = Callable[[float], str]  # a score as the plan writes numbers (3,9 in Dutch)


def override_rows(
    catalog: Catalog,
    platform: Platform,
    option: Option | None,
    rankings: Iterable[Ranking],
    lang: str,
    text: Text,
    number: Number,
) -> tuple[OverrideRow, ...]:
    """The plan's platform's overrides first, then those of the platforms it is compared with."""
    own = option_overrides(catalog, option or Option.of(platform))
    others = [o for o in all_overrides(catalog, rankings, excluded=False) if o.platform_id != platform.id]
    return tuple(
        _row(catalog, shown, shown.platform_id == platform.id, lang, text, number) for shown in own + others
    )


def _row(
    catalog: Catalog, shown: OverrideShown, chosen: bool, lang: str, text: Text, number: Number
) -> OverrideRow:
    return OverrideRow(
        platform=catalog.platform(shown.platform_id).name,
        criterion=catalog.criterion(shown.criterion_id).name.get(lang),
        score=number(shown.score),
        derived=number(shown.derived),
        by=shown.by or text("overrides.by_unknown"),
        date=shown.date,
        justification=shown.justification,
        chosen=chosen,
    )


def override_summary(rows: tuple[OverrideRow, ...], text: Text) -> tuple[Item, ...]:
    """One summary line naming every hand-set score, so nobody reads the ranking without it."""
    if not rows:
        return ()
    listed = "; ".join(
        text(
            "overrides.summary_item", name=r.platform, criterion=r.criterion, score=r.score, derived=r.derived
        )
        for r in rows
    )
    return (Item(text=text("overrides.summary", items=listed)),)
