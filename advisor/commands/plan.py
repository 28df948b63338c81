"""``plan``: write the adoption plan for a chosen platform as Markdown, HTML or Word."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from advisor.commands import from_dossier
from advisor.commands.catalog import load_or_fail
from advisor.commands.choice import add_choice_options, add_criteria_dir, check_choice_options, must_list
from advisor.commands.common import (
    add_survey_options,
    check_survey_inputs,
    input_paths,
    load_survey,
    questionnaire_for,
)
from advisor.commands.from_dossier import check_source
from advisor.commands.limits import check_seed, check_start
from advisor.errors import InputError
from advisor.fileio import check_output, write_atomic
from advisor.i18n import t
from advisor.plan import (
    PlanData,
    PlanDataInvalid,
    PlanSettings,
    load_plan_data,
    metric_names,
    next_monday,
    plan_for_survey,
)
from advisor.plan.render import FORMATS, render
from advisor.scoring import RANKING_SEED
from advisor.survey.questionnaire import Questionnaire


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="write the adoption plan for a platform (Markdown, HTML or Word)",
        description="Import a staff survey and write the adoption plan for the chosen platform: per "
        "segment why this platform, convincers and worries with measures, current channels and the "
        "move, channel structure, guidelines with the figure that triggered each, integrations and "
        "adopters; for the organisation governance, dated phases, roles, KPIs, risks and phasing out. "
        "Guidelines and texts are data in surveys/plan/.",
    )
    add_survey_options(parser, format_option="--survey-format", dossier=True)
    parser.add_argument(
        "--platform",
        metavar="ID",
        help="the chosen platform (catalogue id); with --dossier default: the dossier's choice",
    )
    parser.add_argument("--format", choices=sorted(FORMATS), default="md", help="output format (default md)")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH", help="file to write")
    parser.add_argument("--start", metavar="YYYY-MM-DD", help="start date (default: the Monday after today)")
    parser.add_argument(
        "--org-name", default="", help="organisation name (default: from the organisation file)"
    )
    parser.add_argument(
        "--author", default="", help="who drew the plan up, for its cover (default: Platform Advisor)"
    )
    parser.add_argument(
        "--plan-version", default="", metavar="TEXT", help="the plan's version on its cover (default: draft)"
    )
    parser.add_argument(
        "--plan-dir",
        type=Path,
        metavar="DIR",
        help="folder with guidelines.yaml and texts.yaml (default: surveys/plan)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=RANKING_SEED,
        help=f"random seed of the ranking simulation (default {RANKING_SEED}, as the dashboard)",
    )
    add_choice_options(parser)
    add_criteria_dir(parser)
    parser.add_argument(
        "--extra",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="an organisation's own criteria, facts and overrides (YAML), as for score; repeatable",
    )
    parser.set_defaults(func=run_plan, directory=None)


def _start(value: str | None, lang: str) -> dt.date:
    if not value:
        return next_monday(dt.date.today())
    try:
        return check_start(dt.date.fromisoformat(value), lang)
    except ValueError:
        raise InputError(t("plan.bad_date", lang, value=value)) from None


def run_plan(args: argparse.Namespace) -> int:
    from advisor.catalog import DEFAULT_DIR
    from advisor.plan import check_platform
    from advisor.scoring import resolve_must_haves

    lang = args.lang
    started = time.perf_counter()
    start = _start(args.start, lang)
    check_seed(args.seed, lang)
    check_choice_options(args)
    check_source(args)
    if args.dossier is not None:
        return _plan_from_dossier(args, start, started)
    if not args.platform:
        raise InputError(t("plan.platform_needed", lang))
    check_survey_inputs(args, args.survey)
    plan_inputs = [args.plan_dir / "guidelines.yaml", args.plan_dir / "texts.yaml"] if args.plan_dir else []
    inputs = [*input_paths(args, args.survey), *plan_inputs]
    check_output(args.out, inputs, lang, make_parents=True)  # before the work
    args.directory = args.directory or DEFAULT_DIR
    catalog = load_or_fail(args)
    check_platform(catalog, args.platform, lang)  # unknown or retired fails before the import
    resolve_must_haves(catalog, must_list(args), lang)  # and so does an unknown must-have
    data = _plan_data(args, questionnaire_for(args.survey, args.organisation, lang), lang)
    loaded = load_survey(args, seed=args.seed, needs=("plan",))
    questionnaire, result, summary = loaded.questionnaire, loaded.result, loaded.summary
    plan = plan_for_survey(
        catalog, questionnaire, result.answers, summary, _settings(args, start), seed=args.seed, data=data
    )
    content = render(plan, args.format)
    write_atomic(args.out, content, lang, inputs, make_parents=True)
    seconds = f"{time.perf_counter() - started:.1f}"
    print(t("plan.written", lang, path=args.out, size=len(content), seconds=seconds))
    return 0


def _settings(args: argparse.Namespace, start: dt.date) -> PlanSettings:
    return PlanSettings(
        args.platform,
        start,
        args.lang,
        args.org_name,
        must=tuple(must_list(args)),
        max_price=args.max_price,
        currency=args.currency,
        cost_weight=args.cost_weight,
        author=args.author,
        version=args.plan_version,
    )


def _plan_from_dossier(args: argparse.Namespace, start: dt.date, started: float) -> int:
    """The plan from the dossier's data and settings; noted in the dossier (settings, hash)."""
    from advisor.catalog import DEFAULT_DIR
    from advisor.commands.dossier import _call
    from advisor.commands.workshop import _database_files
    from advisor.plan import check_platform

    lang = args.lang
    plan_inputs = [args.plan_dir / "guidelines.yaml", args.plan_dir / "texts.yaml"] if args.plan_dir else []
    inputs = [*plan_inputs, *_database_files(), *(args.extra or [])]
    check_output(args.out, inputs, lang, make_parents=True)
    args.directory = args.directory or DEFAULT_DIR
    catalog = load_or_fail(args)
    found = from_dossier.load(args, catalog, seed=args.seed, needs=("plan",))
    dossier = found.dossier
    if not args.platform:
        if dossier.settings.choice is None:
            raise InputError(t("dossier.cli.no_choice", lang, name=dossier.name))
        args.platform = dossier.settings.choice.platform
    check_platform(found.inputs.catalog, args.platform, lang)
    data = _plan_data(args, found.inputs.questionnaire, lang)
    plan = plan_for_survey(
        found.inputs.catalog,
        found.inputs.questionnaire,
        found.inputs.answers,
        found.inputs.summary,
        _settings(args, start),
        seed=args.seed,
        data=data,
    )
    content = render(plan, args.format)
    write_atomic(args.out, content, lang, inputs, make_parents=True)
    seconds = f"{time.perf_counter() - started:.1f}"
    print(t("plan.written", lang, path=args.out, size=len(content), seconds=seconds))
    noted = {
        "platform": args.platform,
        "language": lang,
        "start": start.isoformat(),
        "format": args.format,
        "seed": args.seed,
        "by": "command line",
    }
    recorded = _call(lang, found.store.record_plan, dossier.id, noted, content, who=None)
    print(t("dossier.cli.plan_recorded", lang, id=dossier.id, plan=recorded.id))
    return 0


def _plan_data(args: argparse.Namespace, questionnaire: Questionnaire, lang: str) -> PlanData:
    folder = args.plan_dir
    try:
        if folder is None:
            return load_plan_data(known_metrics=metric_names(questionnaire), lang=lang)
        return load_plan_data(
            folder / "guidelines.yaml", folder / "texts.yaml", metric_names(questionnaire), lang
        )
    except PlanDataInvalid as exc:
        raise InputError(t("plan.bad_data", lang, problems="\n".join(exc.problems))) from None
