"""Options and loading shared by the commands that start from a survey export."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.analysis.anonymity import DEFAULT_MIN_GROUP
from advisor.analysis.missing import availability, missing_message
from advisor.analysis.summary import DEFAULT_BOOTSTRAP, SurveySummary, summarise
from advisor.commands.limits import MAX_BOOTSTRAP, check_range, check_seed
from advisor.errors import InputError
from advisor.fileio import check_input
from advisor.i18n import t
from advisor.survey.importer import FORMATS, ImportResult, import_survey
from advisor.survey.orgcheck import organisation_problems
from advisor.survey.questionnaire import (
    Questionnaire,
    QuestionnaireInvalid,
    default_questionnaire,
    organisation_for,
)
from advisor.yamlio import YamlError


def add_survey_options(
    parser: argparse.ArgumentParser, format_option: str = "--format", *, dossier: bool = False
) -> None:
    """--survey, --mapping, the export format, --organisation, --segment-by and --min-group
    (``dossier``: also --dossier, the alternative to --survey; see advisor.commands.from_dossier)."""
    parser.add_argument("--survey", type=Path, required=not dossier, metavar="FILE", help="the survey export")
    if dossier:
        from advisor.commands.from_dossier import add_dossier_option

        add_dossier_option(parser)
    parser.add_argument("--mapping", type=Path, help="mapping file (YAML) for the export's columns and codes")
    parser.add_argument(
        "--structure",
        type=Path,
        metavar="SURVEY.lss",
        help="LimeSurvey survey structure (.lss) of a question-codes export: its texts and answer labels",
    )
    parser.add_argument(
        format_option, dest="survey_format", choices=sorted(FORMATS), help="export format (default: detected)"
    )
    parser.add_argument(
        "--organisation",
        type=Path,
        metavar="ORG.yaml",
        help="organisation settings (name, segment options, headcounts); default: "
        "organisation.yaml beside the survey file, if there is one",
    )
    parser.add_argument("--segment-by", default="department", help="segment question (default: department)")
    parser.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        help=f"anonymity threshold, at least 3 (default {DEFAULT_MIN_GROUP})",
    )
    parser.add_argument(
        "--acknowledge-small-groups",
        action="store_true",
        help="allow --min-group 3 or 4 (below 5 a group of 3 people is shown; confirm that deliberately)",
    )


def questionnaire_for(
    survey: Path | None, organisation: Path | None, lang: str | None = None
) -> Questionnaire:
    """The questionnaire with the organisation file that belongs to the export (InputError if invalid)."""
    path = organisation_for(survey, organisation)
    try:
        if path is not None:
            check_input(path, lang, "--organisation")
            check_organisation(path, lang)
        return default_questionnaire(path)
    except (QuestionnaireInvalid, YamlError) as exc:
        raise InputError(str(exc)) from None


def check_organisation(path: Path, lang: str | None) -> None:
    """InputError listing the contradictions in an organisation file (file:line each)."""
    problems = organisation_problems(path, lang)
    if problems:
        raise InputError(t("inputs.org.invalid", lang, problems="\n".join(problems)))


def check_survey_inputs(args: argparse.Namespace, survey: Path) -> None:
    """The export and the files beside it exist and are regular files; seed and bootstrap in range."""
    check_input(survey, args.lang)
    for option in ("mapping", "structure"):
        path = getattr(args, option, None)
        if path is not None:
            check_input(path, args.lang, f"--{option}")
    if hasattr(args, "seed"):
        check_seed(args.seed, args.lang)
    if hasattr(args, "bootstrap"):
        check_range(args.bootstrap, 0, MAX_BOOTSTRAP, "--bootstrap", args.lang)


def input_paths(args: argparse.Namespace, survey: Path | None) -> list[Path]:
    """Every file a command reads, so that no output is written over one of them."""
    paths = [survey, getattr(args, "mapping", None), getattr(args, "structure", None)]
    paths.append(organisation_for(survey, getattr(args, "organisation", None)))
    paths += list(getattr(args, "extra", None) or [])
    return [Path(p) for p in paths if p is not None]


@dataclass(frozen=True)
class LoadedSurvey:
    questionnaire: Questionnaire
    result: ImportResult
    summary: SurveySummary


def load_survey(
    args: argparse.Namespace,
    seed: int = 0,
    bootstrap: int = DEFAULT_BOOTSTRAP,
    needs: Sequence[str] = (),
    **import_options: Any,
) -> LoadedSurvey:
    """Import the export named by the survey options and summarise it per segment.

    ``needs``: outputs (see ``advisor.analysis.missing``) the command cannot do without; when the
    export answers none of a needed question, an InputError names it (id and text) before anything
    is computed, and the command exits 2.
    """
    lang = args.lang
    check_survey_inputs(args, args.survey)
    questionnaire = questionnaire_for(args.survey, args.organisation, lang)
    result = import_survey(
        args.survey,
        mapping=args.mapping,
        structure=args.structure,
        format=args.survey_format,
        lang=lang,
        questionnaire=questionnaire,
        **import_options,
    )
    if args.segment_by not in questionnaire.segment_ids:
        raise InputError(
            t("score.segment_by", lang, value=args.segment_by, expected=", ".join(questionnaire.segment_ids))
        )
    for output in needs:
        needed = availability(result.answers, questionnaire, output)
        if not needed.computable:
            raise InputError(missing_message(questionnaire, needed.missing, output, lang))
    summary = summarise(
        result.answers,
        questionnaire,
        segment_by=args.segment_by,
        min_group=args.min_group,
        acknowledge_small_groups=getattr(args, "acknowledge_small_groups", False),
        bootstrap=bootstrap,
        seed=seed,
        lang=lang,
    )
    return LoadedSurvey(questionnaire, result, summary)
