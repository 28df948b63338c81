"""``workshop``: create, list, export, open, close and delete workshops; make tokens and a password hash.

The database comes from ADVISOR_DATABASE_URL, else the embedded SQLite file in ADVISOR_DATA_DIR.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from advisor.config import settings
from advisor.errors import InputError
from advisor.fileio import check_output, write_atomic
from advisor.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "workshop",
        help="run live workshops: create, list, export, close, delete",
        description="Workshops: participants answer the questionnaire on their phones with a join "
        "code; the facilitator shows the anonymised result. The database is ADVISOR_DATABASE_URL, "
        "else the embedded SQLite file in ADVISOR_DATA_DIR (default: data/).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    create = actions.add_parser(
        "create",
        help="create a workshop; prints its join code and link",
        description="Create an open workshop and print its join code and link (ADVISOR_PUBLIC_URL).",
    )
    create.add_argument("--title", required=True, help="title shown to participants")
    create.add_argument(
        "--lang",
        dest="workshop_lang",
        choices=("nl", "en"),
        default="nl",
        help="questionnaire language (participants can switch; default nl)",
    )
    create.add_argument(
        "--organisation",
        type=Path,
        metavar="ORG.yaml",
        help="organisation file whose segment_options (department, location, role) are asked",
    )
    create.add_argument("--min-group", type=int, default=5, help="anonymity threshold (default 5, min 3)")
    create.add_argument(
        "--tokens", type=int, default=0, metavar="N", help="also make N single-use links (one response each)"
    )
    create.add_argument(
        "--shared-device",
        action="store_true",
        help="several people answer on one device (a tablet passed round); default: one response "
        "per device, which a reload shows and may change until the workshop closes",
    )
    create.set_defaults(func=run_create)

    listing = actions.add_parser("list", help="list workshops with status and response count")
    listing.set_defaults(func=run_list)

    export = actions.add_parser(
        "export",
        help="export responses as native csv or xlsx",
        description="Write the responses (canonical values, one row per response, in random order) "
        "as native csv (.csv) or Excel (.xlsx), with text that a spreadsheet would run as a formula "
        "prefixed with an apostrophe.",
    )
    export.add_argument("code", help="join code")
    export.add_argument("--out", type=Path, required=True, help="output file: .csv or .xlsx")
    export.set_defaults(func=run_export)

    for name, helptext in (("close", "stop taking responses"), ("open", "take responses again")):
        action = actions.add_parser(name, help=helptext)
        action.add_argument("code", help="join code")
        action.set_defaults(func=run_open_close, opening=name == "open")

    delete = actions.add_parser(
        "delete",
        help="delete a workshop and all its responses (asks for confirmation)",
        description="Erase a workshop, all its responses and tokens. This cannot be undone.",
    )
    delete.add_argument("code", help="join code")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(func=run_delete)

    tokens = actions.add_parser(
        "tokens",
        help="make single-use links (one response per invited person)",
        description="Make N single-use tokens and print their links. They are shown only now (only "
        "their hashes are stored). From then on the workshop takes responses only with a token.",
    )
    tokens.add_argument("code", help="join code")
    tokens.add_argument("--count", type=int, required=True, help="number of tokens")
    tokens.set_defaults(func=run_tokens)

    password = actions.add_parser(
        "hash-password",
        help="make the facilitator password hash (reads the password without echoing it)",
        description="Read a password (twice, without echo; or one line from stdin when piped; at least "
        "15 characters) and print its scrypt hash (N=2^17, r=8, p=1) to set as "
        "ADVISOR_FACILITATOR_PASSWORD_HASH (environment or .streamlit/secrets.toml).",
    )
    password.set_defaults(func=run_hash_password)

    stored = actions.add_parser(
        "set-password",
        help="set (or replace) the facilitator password kept in the workshop database",
        description="Read a password as hash-password does and keep its scrypt hash in the workshop "
        "database, as the first-run page in the browser does. ADVISOR_FACILITATOR_PASSWORD_HASH, when "
        "set, still takes precedence. Use it when the password set in the browser is forgotten.",
    )
    stored.set_defaults(func=run_set_password)


def _store(lang: str):
    from advisor.workshop.store import Store, StoreUnavailable

    try:
        return Store(settings().database_url)
    except StoreUnavailable as error:
        raise InputError(t(f"workshop.errors.{error.key}", lang, **error.values)) from None


def _call(lang: str, action, *args, **kwargs):
    """Run a store action; workshop errors become InputError (exit 2) in the user's language."""
    from advisor.workshop.store import WorkshopError

    try:
        return action(*args, **kwargs)
    except WorkshopError as error:
        raise InputError(t(f"workshop.errors.{error.key}", lang, **error.values)) from None


def join_link(code: str, token: str | None = None) -> str:
    from advisor.workshop.links import join_link as link

    return link(settings().public_url, code, token)


def run_create(args: argparse.Namespace) -> int:
    from advisor.commands.limits import MAX_MIN_GROUP, MAX_TOKENS, check_range

    lang = args.lang
    check_range(args.tokens, 0, MAX_TOKENS, "--tokens", lang)
    check_range(args.min_group, 0, MAX_MIN_GROUP, "--min-group", lang)  # the store says why below 3
    options = {}
    if args.organisation is not None:
        options = _organisation_options(args.organisation, lang)
    store = _store(lang)
    workshop = _call(
        lang,
        store.create_workshop,
        args.title,
        args.workshop_lang,
        options,
        args.min_group,
        one_per_device=not args.shared_device,
    )
    print(t("workshop.cli.created", lang, title=workshop.title, code=workshop.code))
    print(t("workshop.cli.link", lang, link=join_link(workshop.code)))
    if args.tokens:
        for token in _call(lang, store.add_tokens, workshop.code, args.tokens):
            print(join_link(workshop.code, token))
    return 0


def _organisation_options(path: Path, lang: str) -> dict:
    from advisor.commands.common import check_organisation
    from advisor.fileio import check_input
    from advisor.survey.questionnaire import OrganisationFile, QuestionnaireInvalid, _validated
    from advisor.yamlio import YamlError

    check_input(path, lang, "--organisation")
    try:
        check_organisation(path, lang)
        org = _validated(OrganisationFile, path)
    except (QuestionnaireInvalid, YamlError) as error:
        raise InputError(str(error)) from None
    return {
        qid: [{"value": str(o.value), "nl": o.nl, "en": o.en} for o in options]
        for qid, options in org.segment_options.items()
    }


def run_list(args: argparse.Namespace) -> int:
    lang = args.lang
    workshops = _call(lang, _store(lang).list_workshops)
    if not workshops:
        print(t("workshop.cli.none", lang))
        return 0
    header = [t(f"workshop.cli.col_{c}", lang) for c in ("code", "status", "responses", "created", "title")]
    rows = [
        [
            w.code,
            t(f"workshop.status.{w.status}", lang),
            str(w.responses),
            w.created_on.isoformat(),
            w.title,
        ]
        for w in workshops
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def run_export(args: argparse.Namespace) -> int:
    from advisor.workshop import answers as wa

    lang = args.lang
    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(t("workshop.cli.bad_suffix", lang, path=args.out))
    check_output(args.out, _database_files(), lang, make_parents=True)  # before the database is asked
    store = _store(lang)
    workshop = _call(lang, store.get, args.code)
    q = wa.questionnaire_for(workshop)
    frame = wa.answer_frame(_call(lang, store.responses, workshop.code), q)
    data = wa.native_csv(frame, q) if suffix == ".csv" else wa.xlsx(frame, q)
    write_atomic(args.out, data, lang, _database_files(), make_parents=True)
    print(t("workshop.cli.exported", lang, n=len(frame), path=args.out))
    return 0


def _database_files() -> list[Path]:
    """The embedded SQLite database file (never to be overwritten by an export)."""
    url = settings().database_url
    if not url.startswith("sqlite:///"):
        return []
    return [Path(url.removeprefix("sqlite:///").split("?")[0])]


def run_open_close(args: argparse.Namespace) -> int:
    lang = args.lang
    workshop = _call(lang, _store(lang).set_open, args.code, args.opening)
    print(t("workshop.cli.opened" if args.opening else "workshop.cli.closed", lang, code=workshop.code))
    return 0


def run_delete(args: argparse.Namespace) -> int:
    lang = args.lang
    store = _store(lang)
    workshop = _call(lang, store.get, args.code)
    if not args.yes:
        prompt = t("workshop.cli.confirm_delete", lang, code=workshop.code, n=workshop.responses)
        try:
            answer = input(prompt + " ")
        except EOFError:
            answer = ""
        if answer.strip().upper() != workshop.code:
            print(t("workshop.cli.not_deleted", lang))
            return 1
    erased = _call(lang, store.delete, workshop.code)
    print(t("workshop.cli.deleted", lang, code=workshop.code, n=erased))
    return 0


def run_tokens(args: argparse.Namespace) -> int:
    from advisor.commands.limits import MAX_TOKENS, check_range

    lang = args.lang
    check_range(args.count, 1, MAX_TOKENS, "--count", lang)
    store = _store(lang)
    workshop = _call(lang, store.get, args.code)
    for token in _call(lang, store.add_tokens, workshop.code, args.count):
        print(join_link(workshop.code, token))
    return 0


def _read_new_password(lang: str) -> str:
    from advisor.workshop.auth import password_problem

    if sys.stdin.isatty():
        first = getpass.getpass(t("workshop.cli.password", lang) + " ")
        if getpass.getpass(t("workshop.cli.password_again", lang) + " ") != first:
            raise InputError(t("workshop.cli.password_mismatch", lang))
    else:
        first = sys.stdin.readline().rstrip("\r\n")
    problem = password_problem(first)
    if problem:
        raise InputError(t(f"workshop.cli.{problem}", lang))
    return first


def run_hash_password(args: argparse.Namespace) -> int:
    from advisor.workshop.auth import hash_password

    print(hash_password(_read_new_password(args.lang)))
    print(t("workshop.cli.password_hint", args.lang), file=sys.stderr)
    return 0


def run_set_password(args: argparse.Namespace) -> int:
    from advisor.workshop.auth import hash_password

    lang = args.lang
    store = _store(lang)  # before the password is typed: a database that cannot be reached says so
    _call(lang, store.replace_password_hash, hash_password(_read_new_password(lang)))
    print(t("workshop.cli.password_stored", lang), file=sys.stderr)
    return 0
