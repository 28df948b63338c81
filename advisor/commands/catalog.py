"""``catalog``: the platforms with their derived scores; ``catalog check``: validate the data."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from advisor.catalog import DEFAULT_DIR, Catalog, CatalogInvalid, collect, load_catalog, score_platform
from advisor.errors import InputError
from advisor.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "catalog",
        help="list platforms with lifecycle and derived scores",
        description="List every platform with its lifecycle and its criterion scores (0-10), "
        "derived from sourced facts through the rubric in criteria/criteria.yaml.",
    )
    _common(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="validate criteria and platform YAML; report stale facts",
        description="Validate criteria.yaml, every platform file and any --extra file. Reports each "
        "error with file, line and field, and each fact checked longer ago than the rubric allows "
        "(12 months). Exit 0 when valid, 2 when not.",
    )
    check.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=DEFAULT_DIR,
        help="catalogue directory with criteria.yaml and platforms/ (default: criteria/)",
    )
    _common(check, directory=False)
    check.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="date to measure staleness against (YYYY-MM-DD; default: today)",
    )
    check.add_argument("--strict", action="store_true", help="treat stale facts as errors")
    check.set_defaults(func=run_check)


def _common(parser: argparse.ArgumentParser, directory: bool = True) -> None:
    if directory:
        parser.add_argument(
            "--criteria-dir",
            dest="directory",
            type=Path,
            default=DEFAULT_DIR,
            help="catalogue directory (default: criteria/)",
        )
    parser.add_argument(
        "--extra",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="an organisation's own criteria, indicators and facts (YAML); repeatable",
    )


def _check_paths(args: argparse.Namespace) -> None:
    if not args.directory.is_dir():
        raise InputError(t("cli.directory_not_found", args.lang, path=args.directory))
    for extra in args.extra:
        if not extra.is_file():
            raise InputError(t("cli.file_not_found", args.lang, path=extra))


def load_or_fail(args: argparse.Namespace) -> Catalog:
    """The catalogue for a command; invalid data becomes an InputError listing every problem."""
    _check_paths(args)
    try:
        return load_catalog(args.directory, args.extra)
    except CatalogInvalid as exc:
        lines = [t("catalog.invalid", args.lang, count=len(exc.problems)), *map(str, exc.problems)]
        raise InputError("\n".join(lines)) from None


def catalog_records(catalog: Catalog) -> list[dict[str, Any]]:
    """The catalogue as plain data: platforms, lifecycle, derived scores, intervals and facts."""
    records = []
    for platform in catalog.platforms:
        scores = score_platform(catalog, platform)
        lifecycle = platform.lifecycle.model_dump(mode="json", exclude_none=True)
        records.append(
            {
                "id": platform.id,
                "name": platform.name,
                "vendor": platform.vendor,
                "vendor_country": platform.vendor_country,
                "jurisdiction": platform.jurisdiction,
                "lifecycle": platform.lifecycle.status,
                "lifecycle_detail": lifecycle,
                "hosting": platform.hosting,
                "pricing_note": platform.pricing_note.model_dump(),
                "scores": {cid: round(item.score, 2) for cid, item in scores.items()},
                "score_intervals": {
                    cid: [round(item.low, 2), round(item.high, 2)] for cid, item in scores.items()
                },
                "overrides": {cid: o.model_dump(mode="json") for cid, o in platform.overrides.items()},
                "facts": {
                    part.indicator_id: {
                        "value": part.value,
                        "score": part.score,
                        "evidence": part.evidence,
                        **part.fact.model_dump(mode="json", exclude={"value"}),
                    }
                    for item in scores.values()
                    for part in item.indicators
                },
            }
        )
    return records


def run_list(args: argparse.Namespace) -> int:
    catalog = load_or_fail(args)
    records = catalog_records(catalog)
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    lang = args.lang
    crit_names = [c.name.get(lang) for c in catalog.criteria]
    header = [
        t("catalog.platform", lang),
        t("catalog.lifecycle", lang),
        *crit_names,
        t("catalog.verified_share", lang),
    ]
    rows = []
    for record, platform in zip(records, catalog.platforms, strict=True):
        status = t(f"lifecycle.{platform.lifecycle.status}", lang)
        scores = [
            f"{record['scores'][cid]:.1f}{'*' if cid in platform.overrides else ''}"
            for cid in catalog.criterion_ids
        ]
        checked = sum(f["evidence"] in ("verified", "secondary") for f in record["facts"].values())
        rows.append([platform.name, status, *scores, f"{checked}/{len(record['facts'])}"])
    print(_table(header, rows))
    print()
    print(t("catalog.legend", lang, marker=t("catalog.override_marker", lang)))
    print(t("catalog.retired_note", lang))
    return 0


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i < 2 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def run_check(args: argparse.Namespace) -> int:
    _check_paths(args)
    catalog, problems = collect(args.directory, args.extra, args.today, args.lang)
    errors = [p for p in problems if p.severity == "error"]
    stale = [p for p in problems if p.severity == "stale"]
    lang = args.lang
    out = sys.stderr if errors else sys.stdout
    if errors:
        print(t("catalog.invalid", lang, count=len(errors)), file=out)
        for problem in errors:
            print(f"  {problem}", file=out)
    for problem in stale:
        print(f"  {problem}", file=out)
    days = catalog.rubric.stale_after_days if catalog else 365
    print(
        t("catalog.stale_count", lang, count=len(stale), days=days) if stale else t("catalog.no_stale", lang),
        file=out,
    )
    if catalog is not None:
        print(
            t(
                "catalog.valid",
                lang,
                criteria=len(catalog.criteria),
                indicators=len(catalog.indicators),
                platforms=len(catalog.platforms),
            )
        )
    return 2 if errors or (args.strict and stale) else 0
