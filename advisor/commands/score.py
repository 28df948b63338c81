"""``score``: rank platforms per segment and for the organisation from a staff survey."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from advisor.commands.catalog import load_or_fail
from advisor.commands.common import add_survey_options, load_survey
from advisor.commands.limits import MAX_SAMPLES, MAX_TOP, MIN_SAMPLES, check_range, check_seed
from advisor.errors import InputError
from advisor.i18n import t
from advisor.scoring import rank_survey, resolve_must_haves


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score",
        help="rank platforms per segment from a staff survey",
        description="Import a staff survey, derive criterion weights per segment and for the organisation, "
        "apply must-haves and rank the catalogue's platforms with the chance of ranking first (SMAA) and "
        "the most sensitive criterion with its stability interval. Segments below the anonymity "
        "threshold are never shown.",
    )
    add_survey_options(parser)
    parser.add_argument(
        "--method",
        choices=["wsm", "topsis"],
        default="wsm",
        help="weighted sum (default) or TOPSIS (vector normalisation)",
    )
    parser.add_argument(
        "--must",
        default="",
        metavar="ID,ID",
        help="must-haves, comma-separated (e.g. eu_residency,scim); retired platforms are always excluded",
    )
    parser.add_argument(
        "--samples", type=int, default=20_000, help="SMAA samples per ranking (default 20000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
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
    args.directory = args.directory or DEFAULT_DIR
    catalog = load_or_fail(args)
    must = [m for m in args.must.split(",") if m.strip()]
    resolve_must_haves(catalog, must, lang)  # unknown ids fail before the (slower) import
    loaded = load_survey(args, seed=args.seed, needs=("weights",))
    questionnaire, result, summary = loaded.questionnaire, loaded.result, loaded.summary
    labels = {key: _segment_label(questionnaire, args.segment_by, key, lang) for key in summary.segments}
    rankings = rank_survey(
        catalog,
        summary,
        method=args.method,
        must=must,
        samples=args.samples,
        seed=args.seed,
        lang=lang,
        labels=labels,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "survey": str(args.survey),
                    "format": result.report.format,
                    "respondents": result.report.respondents,
                    "segment_by": args.segment_by,
                    "min_group": summary.min_group,
                    "method": args.method,
                    "must_haves": [m.id for m in resolve_must_haves(catalog, must, lang)],
                    # hidden groups: no size at all (not even "fewer than k": a group hidden only to
                    # protect another is larger); shown groups whose weights are withheld: no ranking
                    "suppressed_segments": [{"segment": k} for k in summary.suppressed_segments],
                    "withheld_segments": [{"segment": k} for k in summary.withheld_weights],
                    "hidden_together": summary.hidden_together,
                    "rankings": {
                        key: {
                            "label": labels.get(key, t("scoring.organisation", lang)),
                            **ranking.to_dict(catalog, lang),
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
            file=args.survey,
            format=result.report.format,
            n=result.report.respondents,
            method=t(f"compare.method_{args.method}", lang),
            samples=args.samples,
        )
    )
    names = {c.id: c.name.get(lang) for c in catalog.criteria}
    first = next(iter(rankings.values()), None)
    if first is not None and first.excluded:
        print(t("score.excluded", lang))
        for item in first.excluded:
            print(f"  - {catalog.platform(item.platform_id).name}: {item.reason(catalog, lang)}")
    for key, ranking in rankings.items():
        title = t("scoring.organisation", lang) if key == "organisation" else labels[key]
        print()
        print(f"== {title} — {ranking.source.describe(lang)}")
        if not ranking.platform_ids:
            print("  " + t("scoring.none_eligible", lang))
            continue
        p_first = ranking.p_first()
        print(f"  {'#':>2}  {t('catalog.platform', lang):<28} {t('score.score', lang):>6}  P(1)")
        for rank, i in enumerate(ranking.order[: args.top], start=1):
            print(
                f"  {rank:>2}  {catalog.platform(ranking.platform_ids[i]).name:<28} "
                f"{ranking.scores[i]:>6.2f}  {p_first[i]:>4.0%}"
            )
        sensitive = ranking.most_sensitive()
        if sensitive is not None:
            j, low, high = sensitive
            print(
                "  "
                + t(
                    "score.sensitive",
                    lang,
                    criterion=names[ranking.criterion_ids[j]],
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


def _segment_label(questionnaire, segment_by: str, key: str, lang: str) -> str:
    question = questionnaire.by_id.get(segment_by)
    if key == "(not answered)":
        return t("score.not_answered", lang)
    return question.label(key, lang) if question else key
