"""``python -m advisor``: the command line. Same services as the dashboard, for scripts.

Exit codes: 0 success, 2 unusable input (with a clear message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from advisor.errors import InputError
from advisor.i18n import LANGUAGES, default_language, t

# Each module adds its sub-command(s) with ``register(subparsers)``.
COMMAND_MODULES = (
    "advisor.commands.catalog",
    "advisor.commands.survey",
    "advisor.commands.score",
    "advisor.commands.decide",
    "advisor.commands.plan",
    "advisor.commands.workshop",
    "advisor.commands.questionnaire",
)


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"{t('cli.error', args.lang)}: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `python -m advisor catalog | head`
        return 0
