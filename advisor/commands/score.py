"""``score``: rank platforms per segment and for the organisation from a staff survey."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from advisor.commands import from_dossier
from advisor.commands.catalog import load_or_fail
from advisor.commands.choice import (
    add_choice_options,
    add_criteria_dir,
    check_choice_options,
    costing_for,
    must_list,
)
from advisor.commands.common import add_survey_options, load_survey
from advisor.commands.from_dossier import check_source
from advisor.commands.limits import MAX_SAMPLES, MAX_TOP, MIN_SAMPLES, check_range, check_seed
from advisor.errors import InputError
from advisor.i18n import t
from advisor.scoring import RANKING_SEED, Costing, Ranking, criterion_name, rank_survey, resolve_must_haves
from advisor.scoring.overrides import all_overrides, overridden_platforms
from advisor.scoring.prices import annual_text, price_text
from advisor.scoring.verdict import verdict


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score",
        help="rank platforms per segment from a staff survey",
        description="Import a staff survey, derive criterion weights per segment and for the organisation, "
        "apply must-haves and rank the catalogue's platforms with the chance of ranking first (SMAA) and "
        "the most sensitive criterion with its stability interval. Segments below the anonymity "
        "threshold are never shown.",
    )
    add_survey_options(parser, dossier=True)
    parser.add_argument(
        "--method",
        choices=["wsm", "topsis"],
        default="wsm",
        help="weighted sum (default) or TOPSIS (vector normalisation)",
    )
    add_choice_options(parser)
    add_criteria_dir(parser)
    parser.add_argument(
        "--samples", type=int, default=20_000, help="SMAA samples per ranking (default 20000)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=RANKING_SEED,
        help=f"random seed (default {RANKING_SEED}, as the dashboard)",
    )
    parser.add_argument(
        "--top", type=int, default=5, help="platforms shown per ranking in the table (default 5)"
    )
    parser.add_argument(
        "--extra",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="an organisation's own criteria and facts (YAML); repeatable",
    )
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.set_defaults(func=run_score, directory=None)


def run_score(args: argparse.Namespace) -> int:
    from advisor.catalog import DEFAULT_DIR

    lang = args.lang
    if args.samples < 100:
        raise InputError(t("score.samples", lang, value=args.samples))
    check_range(args.samples, MIN_SAMPLES, MAX_SAMPLES, "--samples", lang)
    check_seed(args.seed, lang)
    check_range(args.top, 1, MAX_TOP, "--top", lang)
    check_choice_options(args)
    check_source(args)
    args.directory = args.directory or DEFAULT_DIR
    catalog = load_or_fail(args)
    found = None
    if args.dossier is not None:
        found = from_dossier.load(args, catalog, seed=args.seed, needs=("weights",))
        catalog = found.inputs.catalog  # with the dossier's overrides
        questionnaire, summary = found.inputs.questionnaire, found.inputs.summary
        source = t("dossier.cli.source", lang, name=found.dossier.name, id=found.dossier.id)
        data_format, respondents = "dossier", len(found.inputs.answers)
    else:
        resolve_must_haves(catalog, must_list(args), lang)  # unknown ids fail before the import
        loaded = load_survey(args, seed=args.seed, needs=("weights",))
        questionnaire, summary = loaded.questionnaire, loaded.summary
        source, data_format = str(args.survey), loaded.result.report.format
        respondents = loaded.result.report.respondents
    must = must_list(args)
    labels = {key: _segment_label(questionnaire, args.segment_by, key, lang) for key in summary.segments}
    costing = costing_for(args, questionnaire, summary.total)
    rankings = rank_survey(
        catalog,
        summary,
        method=args.method,
        must=must,
        samples=args.samples,
        seed=args.seed,
        lang=lang,
        labels=labels,
        costing=costing,
        cost_weight=args.cost_weight,
    )
    decided = None
    if found is not None:  # the dossier's own weights first, as on Compare
        from advisor.dossier import context

        decided = context.ranking(
            found.inputs, lang=lang, samples=args.samples, seed=args.seed, labels=labels
        )
        rankings = {"dossier": decided, **rankings}
        labels["dossier"] = t("dossier.cli.weights_of_dossier", lang)
    if args.json:
        print(
            json.dumps(
                {
                    "survey": source,
                    "format": data_format,
                    "respondents": respondents,
                    **(_dossier_dict(found) if found is not None else {}),
                    "segment_by": args.segment_by,
                    "min_group": summary.min_group,
                    "method": args.method,
                    "must_haves": [m.id for m in resolve_must_haves(catalog, must, lang)],
                    "max_price_per_user_month": args.max_price,
                    "currency": args.currency,
                    "cost_weight": args.cost_weight,
                    # hidden groups: no size at all (not even "fewer than k": a group hidden only to
                    # protect another is larger); shown groups whose weights are withheld: no ranking
                    "suppressed_segments": [{"segment": k} for k in summary.suppressed_segments],
                    "withheld_segments": [{"segment": k} for k in summary.withheld_weights],
                    "hidden_together": summary.hidden_together,
                    "rankings": {
                        key: {
                            "label": labels.get(key, t("scoring.organisation", lang)),
                            **ranking.to_dict(catalog, lang),
                            "verdict": _verdict_dict(ranking),
                        }
                        for key, ranking in rankings.items()
                    },
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(
        t(
            "score.header",
            lang,
            file=source,
            format=data_format,
            n=respondents,
            method=t(f"compare.method_{args.method}", lang),
            samples=args.samples,
        )
    )
    _print_costing(costing, args, lang)
    first = next(iter(rankings.values()), None)
    if first is not None and first.excluded:
        print(t("score.excluded", lang))
        for item in first.excluded:
            print(f"  - {catalog.platform(item.platform_id).name}: {item.reason(catalog, lang)}")
    if first is not None and first.choices:
        # the plan chosen per platform depends on the must-haves and the budget, not on the weights
        print(t("prices.score.plans_title", lang))
        for choice in first.choices:
            reason = choice.reason(catalog, costing, lang)
            if reason:
                print(f"  - {choice.option.platform.name}: {reason}")
    _print_overrides(catalog, rankings.values(), lang)
    for key, ranking in rankings.items():
        title = t("scoring.organisation", lang) if key == "organisation" else labels[key]
        print()
        print(f"== {title} — {ranking.source.describe(lang)}")
        if not ranking.platform_ids:
            print("  " + t("scoring.none_eligible", lang))
            continue
        _print_ranking(catalog, ranking, args.top, lang)
        sensitive = ranking.most_sensitive()
        if sensitive is not None:
            j, low, high = sensitive
            print(
                "  "
                + t(
                    "score.sensitive",
                    lang,
                    criterion=criterion_name(catalog, ranking.criterion_ids[j], lang),
                    current=f"{ranking.stability.current[j]:.0%}",
                    low=f"{low:.0%}",
                    high=f"{high:.0%}",
                    winner=catalog.platform(ranking.winner).name,
                )
            )
    for key in [*summary.suppressed_segments, *summary.withheld_weights]:
        print()
        print(t("anonymity.score_withheld", lang, segment=labels[key], k=summary.min_group))
    return 0


def _print_costing(costing: Costing, args: argparse.Namespace, lang: str) -> None:
    if costing.seats is not None:
        print(t("prices.score.seats", lang, seats=costing.seats.describe(lang)))
    if costing.max_price is not None:
        print(t("prices.score.budget", lang, budget=costing.budget_text(lang)))
    if args.cost_weight > 0:
        print(t("prices.score.cost_weight", lang, share=f"{args.cost_weight:.0%}"))


def _print_overrides(catalog, rankings: Iterable[Ranking], lang: str) -> None:
    """Every score set by hand behind the rankings, with the score the facts give and the reason."""
    shown = all_overrides(catalog, rankings)
    if not shown:
        return
    print(t("score.overrides_title", lang))
    for item in shown:
        print(f"  - {item.describe(catalog, lang)}")


def _print_ranking(catalog, ranking: Ranking, top: int, lang: str) -> None:
    """The best choice (never a reference entry), then the top rows, each with its plan and cost."""
    best = ranking.best
    if best is None:
        print("  " + t("prices.best_none", lang))
    else:
        plan = ranking.choice(best).option.plan
        judged = verdict(ranking)
        if judged.clear:
            key = "prices.score.best" if plan else "prices.score.best_no_plan"
            print("  " + t(key, lang, platform=catalog.platform(best).name, plan=plan.name if plan else ""))
        else:
            print("  " + judged.headline(catalog, lang))
        for line in judged.details(catalog, lang):
            print("    " + line)
        above = [ranking.platform_ids[i] for i in ranking.order if ranking.platform_ids[i] != best]
        above = above[: ranking.order.index(ranking.platform_ids.index(best))]
        for reference in above:
            print("  " + t("prices.score.best_not_first", lang, reference=catalog.platform(reference).name))
    p_first = ranking.p_first()
    mark = f" ({t('prices.reference_mark', lang)})"
    by_hand = overridden_platforms(catalog, ranking)
    print(f"  {'#':>2}  {t('catalog.platform', lang):<28} {t('score.score', lang):>6}  P(1)")
    for rank, i in enumerate(ranking.order[:top], start=1):
        pid = ranking.platform_ids[i]
        name = catalog.platform(pid).name + ("" if ranking.recommendable(i) else mark)
        name += " *" if pid in by_hand else ""
        print(f"  {rank:>2}  {name:<28} {ranking.scores[i]:>6.2f}  {p_first[i]:>4.0%}")
        cost = ranking.costs[i]
        option = cost.option
        parts = [option.plan.name] if option.plan else []
        parts += [price_text(option, lang), annual_text(cost, ranking.costing, lang)]
        print("        " + " · ".join(parts))
    if by_hand & {ranking.platform_ids[i] for i in ranking.order[:top]}:
        print("  " + t("score.override_footnote", lang))


def _dossier_dict(found: Any) -> dict[str, Any]:
    """Which dossier state the figures come from (id, version, weight set, choice)."""
    d = found.dossier
    return {
        "dossier": {
            "id": d.id,
            "name": d.name,
            "version": d.version,
            "weights": d.settings.weights.model_dump(mode="json"),
            "choice": d.settings.choice.model_dump(mode="json") if d.settings.choice else None,
        }
    }


def _verdict_dict(ranking: Ranking) -> dict | None:
    judged = verdict(ranking)
    return None if judged is None else judged.to_dict()


def _segment_label(questionnaire, segment_by: str, key: str, lang: str) -> str:
    question = questionnaire.by_id.get(segment_by)
    if key == "(not answered)":
        return t("score.not_answered", lang)
    return question.label(key, lang) if question else key
