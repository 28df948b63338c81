"""``questionnaire export``: write the questionnaire as a template for a survey tool.

``python -m advisor questionnaire export --tool limesurvey --lang nl --organisation ORG.yaml
--out survey.lss`` writes a file to load into the tool; its export then imports with no mapping.
Without ``--out`` a text template (lss, qsf, gs, md) goes to standard output. The file is written
atomically (a temporary file in the same folder, then renamed) and never over an input file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from advisor import fileio
from advisor.errors import InputError
from advisor.i18n import LANGUAGES, t
from advisor.survey.templates import TEXT_TOOLS, TOOLS, instructions, render_template


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "questionnaire",
        help="export the questionnaire as a template for a survey tool",
        description="Templates of the staff questionnaire for LimeSurvey (.lss), Qualtrics (.qsf), "
        "Microsoft Forms (.docx for Quick import), Google Forms (Apps Script .gs) and SurveyMonkey "
        "(question list .md or .docx). The export that comes back imports without a mapping file.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write the questionnaire as a file to load into a survey tool",
        description="Write the questionnaire (Dutch and English; with the organisation's own "
        "departments, locations and roles from --organisation) as a template for --tool.",
    )
    export.add_argument("--tool", required=True, choices=TOOLS, help="the survey tool")
    export.add_argument(
        "--lang",
        dest="template_lang",
        choices=LANGUAGES,
        default=None,
        help="language of the survey (LimeSurvey and Qualtrics also get the other one; default: --lang)",
    )
    export.add_argument(
        "--organisation",
        type=Path,
        metavar="ORG.yaml",
        help="organisation file whose departments, locations and roles become answer options",
    )
    export.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="output file (default: standard output for text templates); SurveyMonkey: .docx for Word",
    )
    export.set_defaults(func=run_export)


def _questionnaire(organisation: Path | None, lang: str):
    from advisor.survey.questionnaire import QuestionnaireInvalid, load_questionnaire
    from advisor.yamlio import YamlError

    if organisation is not None:
        fileio.check_input(organisation, lang, "--organisation")
    try:
        if organisation is not None:
            from advisor.commands.common import check_organisation

            check_organisation(organisation, lang)
        return load_questionnaire(organisation=organisation)
    except (QuestionnaireInvalid, YamlError) as exc:
        raise InputError(t("templates.errors.organisation", lang, problems=exc)) from None


def _inputs(args: argparse.Namespace) -> list[Path]:
    from advisor.survey.questionnaire import DEFAULT_QUESTIONNAIRE

    return [p.resolve() for p in (args.organisation, DEFAULT_QUESTIONNAIRE) if p is not None]


def check_out(out: Path, inputs: list[Path], example: str, lang: str) -> None:
    """InputError when ``out`` is a folder, an input file, or in a folder that is not there."""
    if out.is_dir():
        raise InputError(t("templates.errors.out_is_directory", lang, path=out, example=example))
    if out.resolve() in inputs:
        raise InputError(t("templates.errors.out_is_input", lang, path=out))
    parent = out.resolve().parent
    if not parent.is_dir() and not parent.exists():
        raise InputError(t("templates.errors.out_parent_missing", lang, parent=parent))
    fileio.check_output(out, inputs, lang)  # also: a device, below a file, the same inode as an input


def write_atomic(out: Path, content: bytes, lang: str) -> None:
    """Write ``content`` to a temporary file beside ``out``, then rename it; nothing half-written."""
    fileio.write_atomic(out, content, lang)


def run_export(args: argparse.Namespace) -> int:
    lang = args.template_lang or args.lang
    questionnaire = _questionnaire(args.organisation, lang)
    docx = args.tool == "surveymonkey" and args.out is not None and args.out.suffix.lower() == ".docx"
    name, content, _ = render_template(args.tool, questionnaire, lang, docx=docx)
    tool = t(f"survey.formats.{args.tool}", lang)
    if args.out is None:
        if args.tool not in TEXT_TOOLS:
            raise InputError(t("templates.cli.needs_out", lang, tool=tool))
        sys.stdout.write(content.decode("utf-8"))
        return 0
    check_out(args.out, _inputs(args), name, lang)
    write_atomic(args.out, content, lang)
    print(t("templates.cli.written", lang, tool=tool, path=args.out))
    print(instructions(args.tool, lang))
    return 0
