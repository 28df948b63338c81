"""The record checks of a CSV (short rows, a quote that swallows lines) give the same answer by
the shortcut (only lines with a quote read by csv) as by reading every record with csv."""

from __future__ import annotations

import random

import pytest

from advisor.survey import formats
from advisor.survey.report import ImportProblem
from advisor.textsafe import UNSAFE_BYTES, has_unsafe_bytes


def _outcome(check, raw: bytes, delimiter: str, encoding: str, width: int):
    try:
        return "ok", check(raw, delimiter, encoding, width)
    except ImportProblem as problem:
        return "refused", problem.key, vars(problem)


def _field(rng: random.Random, d: str) -> str:
    r = rng.random()
    if r < 0.03:
        quoted = ["a\nb", f"x{d}y", 'he said ""hi""', "multi\nline\n" + d.join("abcd"), ""]
        return '"' + rng.choice([*quoted, f"unclosed{d}q\n" + d.join("abcdef")]) + '"'
    if r < 0.05:
        return rng.choice(['mid"quote', '"open'])
    if r < 0.06:
        return "é€"
    return "" if r < 0.25 else rng.choice(["a", "bb", " c ", "12"])


def _export(rng: random.Random) -> tuple[bytes, str, str, int]:
    d = rng.choice([",", ";", "\t"])
    width = rng.randint(1, 7)
    rows = [d.join(f"h{i}" for i in range(width))]
    for _ in range(rng.randint(0, 12)):
        r = rng.random()
        cells = rng.randint(1, width) if r < 0.25 else width
        rows.append("" if r < 0.1 else d.join(_field(rng, d) for _ in range(cells)))
    text = rng.choice(["\n", "\r\n"]).join(rows) + ("\n" if rng.random() < 0.7 else "")
    if rng.random() < 0.05:
        text = text.replace("\n", "\r", 1)  # a lone CR
    encoding = rng.choice(["utf-8-sig", "cp1252"])
    raw = text.encode("utf-8" if encoding == "utf-8-sig" else "cp1252", errors="replace")
    if encoding == "utf-8-sig" and rng.random() < 0.3:
        raw = b"\xef\xbb\xbf" + raw
    return raw, d, encoding, width if rng.random() < 0.8 else rng.randint(1, 8)


@pytest.mark.parametrize(("seed", "block"), [(0, 1 << 21), (1, 1 << 21), (2, 7), (3, 64)])
def test_short_rows_and_swallowed_lines_are_found_as_by_reading_every_record(seed, block, monkeypatch):
    monkeypatch.setattr(formats, "_BLOCK", block)  # small blocks: lines that cross a block boundary
    rng = random.Random(seed)
    outcomes = {"ok": 0, "short": 0, "refused": 0}
    for _ in range(2500):
        raw, delimiter, encoding, width = _export(rng)
        expected = _outcome(formats._check_every_record, raw, delimiter, encoding, width)
        assert _outcome(formats._check_records, raw, delimiter, encoding, width) == expected, raw
        outcomes["short" if expected[0] == "ok" and expected[1] else expected[0]] += 1
    assert min(outcomes.values()) > 100  # each kind of answer was tried


def test_a_short_row_after_a_multiline_comment_is_named_by_its_row_not_its_line():
    raw = b'id,comment,score\n1,"two\nlines",3\n2,ok\n3,fine,4\n'
    assert formats._check_records(raw, ",", "utf-8-sig", 3) == {3: 2}


def test_the_unsafe_bytes_check_agrees_with_its_regular_expression():
    rng = random.Random(3)
    pieces = [b"a", b"\r\n", b"\r", b"\n", b"\xc2", b"\x80", b"\x9f", b"\xa0", b"\xe2", b"\x81", b"\xaa"]
    pieces += [
        b"\xae",
        b"\xa6",
        b"\xa9",
        b"\xaf",
        b"\x1b",
        b"\x7f",
        b"\t",
        b"\x0b",
        b"\xc3\xa9",
        b"\xe2\x82\xac",
    ]
    weights = [20, 3, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.2, 0.2, 1, 0.2, 2, 2]
    for _ in range(50_000):
        raw = b"".join(rng.choices(pieces, weights=weights, k=rng.randint(0, 12)))
        assert has_unsafe_bytes(raw) == (UNSAFE_BYTES.search(raw) is not None), raw
