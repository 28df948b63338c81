"""``python -m advisor``: the command line. Same services as the dashboard, for scripts.

Exit codes: 0 success, 2 unusable input (with a clear message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from advisor.errors import InputError
from advisor.fileio import os_reason
from advisor.i18n import LANGUAGES, default_language, t
from advisor.textsafe import SafeStream
from advisor.yamlio import MESSAGE_LANGUAGE

# Each module adds its sub-command(s) with ``register(subparsers)``; by command name, so that one
# command imports only its own module (``survey`` need not load the plan renderer or the store).
COMMANDS = {
    "catalog": "advisor.commands.catalog",
    "survey": "advisor.commands.survey",
    "demo-survey": "advisor.commands.survey",
    "score": "advisor.commands.score",
    "ahp": "advisor.commands.decide",
    "plan": "advisor.commands.plan",
    "workshop": "advisor.commands.workshop",
    "dossier": "advisor.commands.dossier",
    "questionnaire": "advisor.commands.questionnaire",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every sub-command, or only the module of ``command`` when it is known."""
    parser = argparse.ArgumentParser(
        prog="python -m advisor",
        description="Platform Advisor: choose an internal communication platform with your staff.",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default_language(),
        help="language of messages and output (default: $ADVISOR_LANG or nl)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (the first word that is not a global option), if any."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_of(argv))
    args = parser.parse_args(argv)
    # Everything printed passes through SafeStream: no escape sequence or direction override from
    # a department name or comment reaches the terminal, whichever command printed it.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    token = MESSAGE_LANGUAGE.set(args.lang)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"{t('cli.error', args.lang)}: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `python -m advisor catalog | head`
        return 0
    except OSError as exc:  # e.g. standard output redirected to a full disk
        print(f"{t('cli.error', args.lang)}: {os_reason(exc, args.lang)}", file=sys.stderr)
        return 2
    finally:
        MESSAGE_LANGUAGE.reset(token)
        sys.stdout.flush()
        sys.stdout, sys.stderr = streams
