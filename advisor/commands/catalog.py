"""``catalog``: the platforms with their derived scores; ``catalog check``: validate the data."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from advisor.catalog import DEFAULT_DIR, Catalog, CatalogInvalid, load_catalog, score_platform
from advisor.catalog.coverage import TARGET_SHARE, Coverage, platform_coverage, total_coverage
from advisor.catalog.loader import CheckResult, Problem, check
from advisor.catalog.models import Platform
from advisor.errors import InputError
from advisor.i18n import normalise_language, t

SEVERITIES = ("error", "warning", "incomplete", "stale")


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
        help="validate criteria and platform YAML; report sources, staleness and coverage",
        description="Validate criteria.yaml, every platform file and any --extra file, and report "
        "how well the facts are sourced. Each problem comes with file, line and field: errors (also "
        "a verified fact whose source is a site root, an unresolved plan-dependent value), warnings "
        "(an unverified fact with a site-root source, a European vendor on a US host), incomplete "
        "entries (no source_date) and stale ones (source dated, or last checked, longer ago than the "
        "rubric allows: 12 months). Then the coverage per platform: facts verified against a "
        "primary or secondary page, unverified, unknown. Exit 0 when valid, 2 when not.",
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
    check.add_argument(
        "--strict", action="store_true", help="treat incomplete and stale entries as errors (exit 2)"
    )
    check.add_argument(
        "--json", action="store_true", help="print the problems and the coverage as JSON instead of text"
    )
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
        lines = [t("catalog.invalid", args.lang, count=len(exc.problems))]
        lines += [p.describe(args.lang) for p in exc.problems]
        raise InputError("\n".join(lines)) from None


def catalog_records(catalog: Catalog) -> list[dict[str, Any]]:
    """The catalogue as plain data: platforms, lifecycle, plans, hosts, derived scores, intervals,
    facts with their sources, and the coverage of those facts."""
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
                "hosted_by": [host.model_dump(mode="json") for host in platform.hosted_by],
                "recommend": platform.recommend,
                "reference_note": platform.reference_note.model_dump() if platform.reference_note else None,
                "pricing_note": platform.pricing_note.model_dump() if platform.pricing_note else None,
                "plans": [plan.model_dump(mode="json") for plan in platform.plans],
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
                "coverage": platform_coverage(platform).as_dict(),
            }
        )
    return records


def run_list(args: argparse.Namespace) -> int:
    catalog = load_or_fail(args)
    records = catalog_records(catalog)
    if args.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))  # one write, see survey
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
        coverage = platform_coverage(platform)
        rows.append([platform.name, status, *scores, f"{coverage.verified}/{coverage.facts}"])
    print(_table(header, rows))
    print()
    print(t("catalog.legend", lang, marker=t("catalog.override_marker", lang)))
    print(t("catalog.retired_note", lang))
    return 0


def _table(header: list[str], rows: list[list[str]], left: int = 2, footer: list[str] | None = None) -> str:
    """Columns aligned: the first ``left`` to the left, the figures to the right."""
    every = [header, *rows, *([footer] if footer else [])]
    widths = [max(len(str(r[i])) for r in every) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i < left else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = line(["-" * w for w in widths])
    return "\n".join([line(header), rule, *map(line, rows), *([rule, line(footer)] if footer else [])])


def _percent(share: float, lang: str | None) -> str:
    text = f"{100 * share:.1f}%"
    return text.replace(".", ",") if normalise_language(lang) == "nl" else text


def coverage_table(platforms: tuple[Platform, ...] | list[Platform], lang: str | None) -> str:
    """Per platform and in total: facts by evidence, share verified, dated, site roots left."""
    columns = ("facts", "primary", "secondary", "unverified", "unknown", "share", "dated", "site_roots")
    header = [t("catalog.coverage.platform", lang), *(t(f"catalog.coverage.{c}", lang) for c in columns)]

    def cells(name: str, coverage: Coverage) -> list[str]:
        figures = {**coverage.as_dict(), "share": _percent(coverage.share, lang)}
        return [name, *(str(figures[c]) for c in columns)]

    rows = [cells(p.name, platform_coverage(p)) for p in platforms]
    total = total_coverage(platforms)
    table = _table(header, rows, left=1, footer=cells(t("catalog.coverage.total", lang), total))
    target = t(
        "catalog.coverage.target",
        lang,
        target=_percent(TARGET_SHARE, lang).replace(",0%", "%").replace(".0%", "%"),
        share=_percent(total.share, lang),
        verified=total.verified,
        facts=total.facts,
    )
    return "\n".join([t("catalog.coverage.title", lang), "", table, "", target])


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (str(p.file), p.line or 0))


def check_record(result: CheckResult, strict: bool) -> dict[str, Any]:
    """``catalog check --json``: every problem, the counts, and the coverage per platform and in total."""
    counts = Counter(p.severity for p in result.problems)
    return {
        "valid": result.catalog is not None,
        "passed": not any(p.fails(strict) for p in result.problems),
        "strict": strict,
        "counts": {severity: counts.get(severity, 0) for severity in SEVERITIES},
        "problems": [
            {
                "file": str(p.file),
                "line": p.line,
                "field": p.field,
                "severity": p.severity,
                "message": p.message,
            }
            for p in _in_order(result.problems)
        ],
        "coverage": {
            "target_share": TARGET_SHARE,
            "platforms": [
                {"id": p.id, "name": p.name, **platform_coverage(p).as_dict()} for p in result.platforms
            ],
            "total": total_coverage(result.platforms).as_dict(),
        },
    }


def run_check(args: argparse.Namespace) -> int:
    _check_paths(args)
    lang = args.lang
    result = check(args.directory, args.extra, args.today, lang)
    failing = any(p.fails(args.strict) for p in result.problems)
    if args.json:
        sys.stdout.write(json.dumps(check_record(result, args.strict), ensure_ascii=False, indent=2))
        print()
        return 2 if failing else 0
    out = sys.stderr if failing else sys.stdout
    errors = _in_order([p for p in result.problems if p.severity == "error"])
    notices = _in_order([p for p in result.problems if p.severity != "error"])
    if errors:
        print(t("catalog.invalid", lang, count=len(errors)), file=out)
    for problem in [*errors, *notices]:
        print(f"  {problem.describe(lang)}", file=out)
    counts = Counter(p.severity for p in result.problems)
    print(t("catalog.check_summary", lang, **{s: counts.get(s, 0) for s in SEVERITIES}), file=out)
    if failing and not errors:
        print(t("catalog.strict_fails", lang), file=out)
    if result.platforms:
        print()
        print(coverage_table(result.platforms, lang))
    if result.catalog is not None:
        catalog = result.catalog
        print()
        print(
            t(
                "catalog.valid",
                lang,
                criteria=len(catalog.criteria),
                indicators=len(catalog.indicators),
                platforms=len(catalog.platforms),
            )
        )
    return 2 if failing else 0
