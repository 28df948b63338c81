"""``plan``: write the adoption plan for a chosen platform as Markdown, HTML or Word."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from advisor.analysis.anonymity import DEFAULT_MIN_GROUP
from advisor.analysis.summary import summarise
from advisor.commands.catalog import load_or_fail
from advisor.errors import InputError
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
from advisor.survey.importer import FORMATS as SURVEY_FORMATS
from advisor.survey.importer import import_survey
from advisor.survey.questionnaire import (
    Questionnaire,
    QuestionnaireInvalid,
    default_questionnaire,
    organisation_for,
)
from advisor.yamlio import YamlError


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
    parser.add_argument("--survey", type=Path, required=True, metavar="FILE", help="the survey export")
    parser.add_argument("--mapping", type=Path, help="mapping file (YAML) for the export's columns and codes")
    parser.add_argument(
        "--survey-format", choices=sorted(SURVEY_FORMATS), help="export format (default: detected)"
    )
    parser.add_argument(
        "--organisation",
        type=Path,
        metavar="ORG.yaml",
        help="organisation settings "
        "(name, segment options, headcounts); default: organisation.yaml beside the survey",
    )
    parser.add_argument("--platform", required=True, metavar="ID", help="the chosen platform (catalogue id)")
    parser.add_argument("--segment-by", default="department", help="segment question (default: department)")
    parser.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        help=f"anonymity threshold, at least 3 (default {DEFAULT_MIN_GROUP})",
    )
    parser.add_argument("--format", choices=sorted(FORMATS), default="md", help="output format (default md)")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH", help="file to write")
    parser.add_argument("--start", metavar="YYYY-MM-DD", help="start date (default: the Monday after today)")
    parser.add_argument(
        "--org-name", default="", help="organisation name (default: from the organisation file)"
    )
    parser.add_argument(
        "--plan-dir",
        type=Path,
        metavar="DIR",
        help="folder with guidelines.yaml and texts.yaml (default: surveys/plan)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="random seed of the ranking simulation (default 0)"
    )
    parser.set_defaults(func=run_plan, directory=None, extra=[])


def _start(value: str | None, lang: str) -> dt.date:
    if not value:
        return next_monday(dt.date.today())
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(t("plan.bad_date", lang, value=value)) from None


def run_plan(args: argparse.Namespace) -> int:
    from advisor.catalog import DEFAULT_DIR
    from advisor.plan import check_platform

    lang = args.lang
    started = time.perf_counter()
    start = _start(args.start, lang)
    args.directory = args.directory or DEFAULT_DIR
    catalog = load_or_fail(args)
    check_platform(catalog, args.platform, lang)  # unknown or retired fails before the import
    try:
        questionnaire = default_questionnaire(organisation_for(args.survey, args.organisation))
    except (QuestionnaireInvalid, YamlError) as exc:
        raise InputError(str(exc)) from None
    data = _plan_data(args, questionnaire, lang)
    if not args.survey.is_file():
        raise InputError(t("cli.file_not_found", lang, path=args.survey))
    result = import_survey(
        args.survey, mapping=args.mapping, format=args.survey_format, lang=lang, questionnaire=questionnaire
    )
    if args.segment_by not in questionnaire.segment_ids:
        raise InputError(
            t("score.segment_by", lang, value=args.segment_by, expected=", ".join(questionnaire.segment_ids))
        )
    summary = summarise(
        result.answers,
        questionnaire,
        segment_by=args.segment_by,
        min_group=args.min_group,
        seed=args.seed,
        lang=lang,
    )
    settings = PlanSettings(args.platform, start, lang, args.org_name)
    plan = plan_for_survey(
        catalog, questionnaire, result.answers, summary, settings, seed=args.seed, data=data
    )
    content = render(plan, args.format)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(content)
    seconds = f"{time.perf_counter() - started:.1f}"
    print(t("plan.written", lang, path=args.out, size=len(content), seconds=seconds))
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
