"""``ahp``: weights and consistency from a pairwise comparison matrix (csv)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import numpy as np

from advisor.decision import RANDOM_INDEX, DecisionInputError, ahp
from advisor.errors import InputError
from advisor.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ahp",
        help="weights and consistency ratio from a pairwise comparison matrix",
        description="Compute AHP priority weights, lambda max, CI and CR from a square pairwise "
        "comparison matrix in a csv file (Saaty's 1-9 scale, a[i,j] = how much more important i is "
        "than j; an optional header row names the criteria; fractions like 1/3 are allowed). "
        "Warns when CR > 0.10.",
    )
    parser.add_argument("matrix", type=Path, help="csv file with the square pairwise matrix")
    parser.add_argument(
        "--method",
        choices=["eigenvector", "geometric"],
        default="eigenvector",
        help="priority method (default: eigenvector, Saaty)",
    )
    parser.add_argument(
        "--random-index",
        choices=sorted(RANDOM_INDEX),
        default="saaty1980",
        help="random index table for the consistency ratio (default: saaty1980)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_ahp)


def _number(cell: str, row: int, col: int, path: Path, lang: str) -> float:
    text = cell.strip().replace(",", ".")
    try:
        if "/" in text:
            top, bottom = text.split("/", 1)
            return float(top) / float(bottom)
        return float(text)
    except (ValueError, ZeroDivisionError):
        raise InputError(t("decide.bad_cell", lang, file=path, row=row, column=col, value=cell)) from None


def read_pairwise(path: Path, lang: str) -> tuple[list[str], np.ndarray]:
    """Criterion names (from the header row, or C1..Cn) and the matrix."""
    if not path.is_file():
        raise InputError(t("cli.file_not_found", lang, path=path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(t("decide.not_text", lang, file=path)) from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    if not rows:
        raise InputError(t("decide.empty", lang, file=path))
    names: list[str] = []
    first = rows[0]
    if all(_is_label(c) for c in first if c.strip()):
        names = [c.strip() for c in first]
        rows = rows[1:]
    # an optional first column of row labels
    if rows and all(_is_label(r[0]) for r in rows) and all(len(r) == len(rows) + 1 for r in rows):
        rows = [r[1:] for r in rows]
        names = names[1:] if len(names) == len(rows) + 1 else names
    n = len(rows)
    for index, row in enumerate(rows, start=2 if names else 1):
        if len(row) != n:
            raise InputError(t("decide.not_square", lang, file=path, row=index, found=len(row), expected=n))
    offset = 2 if names else 1
    matrix = np.array(
        [[_number(c, i + offset, j + 1, path, lang) for j, c in enumerate(r)] for i, r in enumerate(rows)]
    )
    return names if len(names) == n else [f"C{i + 1}" for i in range(n)], matrix


def _is_label(cell: str) -> bool:
    text = cell.strip().replace(",", ".")
    if not text:
        return False
    try:
        float(text.split("/")[0])
        return False
    except ValueError:
        return True


def run_ahp(args: argparse.Namespace) -> int:
    names, matrix = read_pairwise(args.matrix, args.lang)
    try:
        result = ahp(matrix, method=args.method, random_index=args.random_index)
    except DecisionInputError as exc:
        raise InputError(t("decide.ahp_invalid", args.lang, file=args.matrix, detail=str(exc))) from None
    if args.json:
        print(
            json.dumps(
                {
                    "criteria": names,
                    "weights": dict(zip(names, np.round(result.weights, 6).tolist(), strict=True)),
                    "lambda_max": round(result.lambda_max, 6),
                    "ci": round(result.ci, 6),
                    "cr": round(result.cr, 6),
                    "consistent": result.consistent,
                    "n": result.n,
                    "method": result.method,
                    "random_index_table": result.random_index_table,
                    "random_index": result.random_index,
                },
                indent=2,
            )
        )
    else:
        width = max(len(n) for n in names)
        print(t("decide.weights_header", args.lang))
        for name, weight in zip(names, result.weights, strict=True):
            print(f"  {name.ljust(width)}  {weight:.4f}")
        print(
            t(
                "decide.consistency",
                args.lang,
                lmax=result.lambda_max,
                ci=result.ci,
                cr=result.cr,
                method=result.method,
                table=result.random_index_table,
                ri=result.random_index,
            )
        )
    if not result.consistent:
        print(t("decide.inconsistent", args.lang, cr=result.cr), file=__import__("sys").stderr)
    return 0
