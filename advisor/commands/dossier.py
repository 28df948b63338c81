"""``dossier``: create, list, show, history, export, import, memo and erase decision dossiers.

The database is the workshops' one: ADVISOR_DATABASE_URL, else the embedded SQLite file in
ADVISOR_DATA_DIR. Changes made here are recorded as made by "local user" (the command line has no
facilitator login).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from advisor.commands.choice import add_criteria_dir
from advisor.commands.common import add_survey_options
from advisor.config import settings
from advisor.errors import InputError
from advisor.i18n import t

T = TypeVar("T")
MAX_SHOWN = 70  # characters of a value in the history table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dossier",
        help="decision dossiers: create, list, show, history, export, import, memo, delete",
        description="A dossier keeps one platform decision: the survey data, mapping, weights, "
        "method, must-haves, overrides with their justification, the choice, the decision note and "
        "the plans made, with a history of every change (who, when, old and new value). The "
        "database is ADVISOR_DATABASE_URL, else the embedded SQLite file in ADVISOR_DATA_DIR.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    create = actions.add_parser(
        "create",
        help="create a dossier from a survey export; prints its id",
        description="Import a survey export (identity columns are dropped) and keep it in a new "
        "dossier with the organisation file, the mapping, the segment question and threshold.",
    )
    create.add_argument("--name", required=True, help="name of the dossier (e.g. 'Platform choice 2027')")
    add_survey_options(create)
    create.set_defaults(func=run_create)

    listing = actions.add_parser("list", help="list dossiers, most recently changed first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)

    for name, helptext, func in (
        ("show", "show a dossier's settings, data, overrides, choice and plans", "run_show"),
        ("history", "list every change: when, who, what, old and new value", "run_history"),
    ):
        action = actions.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] + ".")
        action.add_argument("dossier", metavar="ID", help="dossier id (or its exact name)")
        action.add_argument("--json", action="store_true", help="print JSON")
        action.set_defaults(func=globals()[func])

    export = actions.add_parser(
        "export",
        help="write a dossier as one zip file (settings, history, plans, answer data)",
        description="Write the dossier as one .zip file: YAML for the settings, datasets, plans and "
        "history, the answer data as Parquet. `dossier import` on another installation gives the "
        "identical dossier. The file holds survey answers: share it as carefully as the export.",
    )
    export.add_argument("dossier", metavar="ID", help="dossier id (or its exact name)")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.zip", help="output file")
    export.set_defaults(func=run_export)

    importing = actions.add_parser(
        "import",
        help="import a dossier export (.zip)",
        description="Import a file made by `dossier export`, exactly as it was (same id, history "
        "and data). Refused when a dossier with that id exists here, unless --new-id.",
    )
    importing.add_argument("archive", type=Path, metavar="FILE.zip", help="the dossier export")
    importing.add_argument("--new-id", action="store_true", help="give the imported dossier a new id")
    importing.set_defaults(func=run_import)

    memo = actions.add_parser(
        "memo",
        help="write the decision memo for the steering group (Markdown, HTML or Word)",
        description="Write the decision memo of a dossier: the question, who was asked (group sizes "
        "as far as anonymity allows), what staff weigh, the shortlist and the must-haves that removed "
        "platforms (with facts and sources), the ranking and how robust it is, the decision and the "
        "decision note (saying when the choice goes against the ranking), scores set by hand with "
        "their justification, and the open risks. Dated by the dossier's last change: the same "
        "dossier state gives the same file. In the language of --lang.",
    )
    memo.add_argument("dossier", metavar="ID", help="dossier id (or its exact name)")
    memo.add_argument(
        "--format", choices=["md", "html", "docx"], default="md", help="output format (default md)"
    )
    memo.add_argument("--out", type=Path, required=True, metavar="FILE", help="file to write")
    add_criteria_dir(memo)
    memo.set_defaults(func=run_memo, extra=[])

    delete = actions.add_parser(
        "delete",
        help="erase a dossier and its survey data (asks for confirmation)",
        description="The GDPR erase: the survey data, overrides, plans, history and everything that "
        "names a person are deleted; only a note that the dossier was erased (id and date) remains. "
        "A linked workshop keeps its own responses. This cannot be undone.",
    )
    delete.add_argument("dossier", metavar="ID", help="dossier id (or its exact name)")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(func=run_delete)


# ---------------------------------------------------------------- store and errors
def _store(lang: str) -> Any:
    from advisor.dossier.store import DossierStore
    from advisor.workshop.store import StoreUnavailable

    try:
        return DossierStore.open(settings().database_url)
    except StoreUnavailable as error:
        raise InputError(t("dossier.errors.db_unreachable", lang, **error.values)) from None


def _call(lang: str, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a store action; its errors become InputError (exit 2) in the user's language."""
    from advisor.dossier.model import DossierError, message
    from advisor.workshop.store import StoreUnavailable

    try:
        return action(*args, **kwargs)
    except DossierError as error:
        raise InputError(message(error, lang)) from None
    except StoreUnavailable as error:
        raise InputError(t("dossier.errors.db_unreachable", lang, **error.values)) from None


def _open(lang: str, reference: str) -> tuple[Any, Any]:
    store = _store(lang)
    return store, _call(lang, store.get, _call(lang, store.resolve, reference))


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


# ---------------------------------------------------------------- create
def run_create(args: argparse.Namespace) -> int:
    from advisor.analysis.anonymity import check_threshold
    from advisor.commands.common import check_survey_inputs, questionnaire_for
    from advisor.dossier.store import NewDataset
    from advisor.survey.importer import import_survey
    from advisor.survey.questionnaire import organisation_for

    lang = args.lang
    check_survey_inputs(args, args.survey)
    check_threshold(args.min_group, args.acknowledge_small_groups, lang=lang)
    questionnaire = questionnaire_for(args.survey, args.organisation, lang)
    if args.segment_by not in questionnaire.segment_ids:
        expected = ", ".join(questionnaire.segment_ids)
        raise InputError(t("score.segment_by", lang, value=args.segment_by, expected=expected))
    organisation = organisation_for(args.survey, args.organisation)
    store = _store(lang)  # before the import: an unreachable database fails fast
    result = import_survey(
        args.survey,
        mapping=args.mapping,
        structure=args.structure,
        format=args.survey_format,
        lang=lang,
        questionnaire=questionnaire,
    )
    chosen = {
        "organisation": _text_of(organisation, lang),
        "mapping": _text_of(args.mapping, lang),
        "segment_by": args.segment_by,
        "min_group": args.min_group,
        "acknowledge_small_groups": bool(args.acknowledge_small_groups),
    }
    upload = NewDataset(result.answers, result.report.to_dict(), args.survey.name)
    dossier = _call(lang, store.create, args.name, who=None, settings=chosen, uploads=[upload])
    print(
        t(
            "dossier.cli.created",
            lang,
            name=dossier.name,
            id=dossier.id,
            n=dossier.respondents,
            file=upload.name,
        )
    )
    return 0


def _text_of(path: Path | None, lang: str) -> str:
    if path is None:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(t("cli.file_not_found", lang, path=f"{path} ({error})")) from None


# ---------------------------------------------------------------- list, show, history
def run_list(args: argparse.Namespace) -> int:
    from advisor.dossier.model import iso, minute, who_label

    lang = args.lang
    store = _store(lang)
    found = _call(lang, store.list_dossiers)
    if args.json:
        _print_json(
            [
                {
                    "id": d.id,
                    "name": d.name,
                    "version": d.version,
                    "updated_at": iso(d.updated_at),
                    "updated_by": d.updated_by,
                    "respondents": d.respondents,
                    "datasets": d.datasets,
                    "choice": None if d.choice is None else d.choice.model_dump(),
                }
                for d in found
            ]
        )
        return 0
    if not found:
        print(t("dossier.cli.none", lang))
        return 0
    header = [
        t(f"dossier.cli.col_{c}", lang) for c in ("id", "name", "respondents", "version", "changed", "choice")
    ]
    rows = [
        [
            d.id,
            d.name,
            str(d.respondents),
            str(d.version),
            f"{minute(d.updated_at)} {who_label(d.updated_by, lang)}",
            d.choice.platform if d.choice else t("dossier.none", lang),
        ]
        for d in found
    ]
    _table(header, rows)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from advisor.dossier.describe import show_lines

    lang = args.lang
    _, dossier = _open(lang, args.dossier)
    if args.json:
        _print_json(dossier.content())
        return 0
    for line in show_lines(dossier, lang):
        print(line)
    return 0


def run_history(args: argparse.Namespace) -> int:
    from advisor.dossier.describe import history_rows
    from advisor.dossier.model import iso

    lang = args.lang
    store, dossier = _open(lang, args.dossier)
    entries = _call(lang, store.history, dossier.id)
    if args.json:
        _print_json([{**asdict(h), "at": iso(h.at)} for h in entries])
        return 0
    header = [t(f"dossier.cli.col_{c}", lang) for c in ("version", "when", "who", "what", "change")]
    _table(header, history_rows(entries, lang, MAX_SHOWN))
    return 0


# ---------------------------------------------------------------- export, import, delete
def run_export(args: argparse.Namespace) -> int:
    from advisor.commands.workshop import _database_files
    from advisor.dossier.export import export_dossier
    from advisor.fileio import check_output, write_atomic

    lang = args.lang
    if args.out.suffix.lower() != ".zip":
        raise InputError(t("dossier.cli.bad_suffix", lang, path=args.out))
    check_output(args.out, _database_files(), lang, make_parents=True)  # before the database is asked
    store, dossier = _open(lang, args.dossier)
    data = _call(lang, export_dossier, store, dossier.id)
    write_atomic(args.out, data, lang, _database_files(), make_parents=True)
    print(t("dossier.cli.exported", lang, id=dossier.id, path=args.out, size=len(data)))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from advisor.dossier.export import MAX_ARCHIVE_BYTES, import_dossier
    from advisor.fileio import check_input, os_reason

    lang = args.lang
    check_input(args.archive, lang)
    if args.archive.stat().st_size > MAX_ARCHIVE_BYTES:
        problem = t("dossier.archive.too_large", lang, limit=MAX_ARCHIVE_BYTES // (1024 * 1024))
        raise InputError(t("dossier.errors.archive_invalid", lang, file=args.archive, problem=problem))
    try:
        data = args.archive.read_bytes()
    except OSError as error:
        raise InputError(f"{args.archive}: {os_reason(error, lang)}") from None
    store = _store(lang)
    dossier = _call(lang, import_dossier, store, data, args.archive.name, lang, new_id=args.new_id)
    print(
        t(
            "dossier.cli.imported",
            lang,
            name=dossier.name,
            id=dossier.id,
            version=dossier.version,
            n=dossier.respondents,
        )
    )
    return 0


def run_memo(args: argparse.Namespace) -> int:
    from advisor.catalog import DEFAULT_DIR
    from advisor.commands.catalog import load_or_fail
    from advisor.commands.workshop import _database_files
    from advisor.fileio import check_output, write_atomic
    from advisor.memo import memo_for_dossier, render

    lang = args.lang
    check_output(args.out, _database_files(), lang, make_parents=True)  # before the work
    args.directory = args.directory or DEFAULT_DIR
    catalog = load_or_fail(args)
    store, dossier = _open(lang, args.dossier)
    memo = _call(lang, lambda: memo_for_dossier(store, dossier, catalog, lang=lang))
    content = render(memo, args.format)
    write_atomic(args.out, content, lang, _database_files(), make_parents=True)
    print(
        t(
            "memo.cli.written",
            lang,
            id=dossier.id,
            version=dossier.version,
            words=memo.word_count(),
            path=args.out,
            size=len(content),
        )
    )
    return 0


def run_delete(args: argparse.Namespace) -> int:
    lang = args.lang
    store, dossier = _open(lang, args.dossier)
    if not args.yes:
        prompt = t(
            "dossier.cli.confirm_delete", lang, id=dossier.id, name=dossier.name, n=dossier.respondents
        )
        try:
            answer = input(prompt + " ")
        except EOFError:
            answer = ""
        if answer.strip().upper() != dossier.id:
            print(t("dossier.cli.not_deleted", lang))
            return 1
    erased = _call(lang, store.erase, dossier.id)
    print(
        t(
            "dossier.cli.deleted",
            lang,
            id=erased.id,
            datasets=erased.datasets,
            plans=erased.plans,
            history=erased.history,
            on=erased.on.isoformat(),
        )
    )
    for code in erased.workshops:
        print(t("dossier.cli.workshop_kept", lang, code=code))
    return 0
