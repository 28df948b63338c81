"""A malformed catalogue file gives exit 2 naming the file and line, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.catalog.loader import collect
from advisor.yamlio import MAX_ALIASES, MAX_BYTES
from tests.catalog.conftest import TODAY


def _replace_first(old: str, new: str) -> Callable[[str], tuple[str, str]]:
    def edit(text: str) -> tuple[str, str]:
        assert old in text
        return text.replace(old, new, 1), new

    return edit


def _billion_laughs(_: str) -> tuple[str, str]:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n", "a: &a"


def _many_aliases(_: str) -> tuple[str, str]:
    lines = ["x: &x 1", *(f"k{i}: *x" for i in range(MAX_ALIASES + 1))]
    return "\n".join(lines) + "\n", f"k{MAX_ALIASES}: *x"


def _list(_: str) -> tuple[str, str]:
    return "- id: alpha\n- name: Alpha\n", "- id: alpha"


def _tab(text: str) -> tuple[str, str]:
    assert "\n    value: full" in text
    return text.replace("\n    value: full", "\n\tvalue: full", 1), "\tvalue: full"


def _quote_with_amount(text: str) -> tuple[str, str]:
    plan = (
        "plans:\n"
        "- id: enterprise\n"
        "  name: Enterprise\n"
        "  price:\n"
        "    amount: 12.5\n"
        "    currency: EUR\n"
        "    billing: annual\n"
        "    quote_only: true\n"
        "    source: https://alpha.example.org/pricing\n"
        "    source_date: 2026-06-01\n"
        "    checked: 2026-11-30\n"
        "    verified: true\n"
    )
    return text.replace("facts:\n", plan + "facts:\n", 1), "  price:"


TEXT_CASES = {
    "impossible_date": _replace_first("checked: 2026-11-30", "checked: 2026-13-45"),
    "impossible_source_date": _replace_first("source_date: 2026-06-01", "source_date: 2026-02-30"),
    "tab_in_indentation": _tab,
    "alias_bomb": _billion_laughs,
    "too_many_aliases": _many_aliases,
    "list_not_mapping": _list,
    "quote_only_with_amount": _quote_with_amount,
}


def _line(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if marker in line) + 1


def _assert_refused(cli, catalogue, path: Path, line: int | None) -> None:
    catalog, problems = collect(catalogue.root, today=TODAY, lang="en")
    assert catalog is None
    [error] = [p for p in problems if p.severity == "error"]
    assert (error.file, error.line) == (path, line), str(error)
    result = cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat())
    assert result.returncode == 2
    assert (f"{path}:{line}:" if line else f"{path}:") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_a_malformed_platform_file_is_refused_with_file_and_line(catalogue, cli, case):
    path = catalogue.platform()
    text, marker = TEXT_CASES[case](path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    _assert_refused(cli, catalogue, path, _line(text, marker))


def test_a_file_that_is_not_utf8_is_refused_with_the_line_of_the_bad_byte(catalogue, cli):
    path = catalogue.platform()
    path.write_bytes(path.read_bytes().replace(b"name: Alpha", b"name: Caf\xe9 Alpha", 1))
    _assert_refused(cli, catalogue, path, 2)


def test_a_huge_file_is_refused_before_parsing_naming_the_file(catalogue, cli):
    path = catalogue.platform()
    path.write_text(path.read_text() + "#" + "x" * MAX_BYTES + "\n", encoding="utf-8")
    _assert_refused(cli, catalogue, path, None)
    result = cli("--lang", "en", "catalog", "check", str(catalogue.root))
    assert "the maximum is 4096 KB" in result.stderr


def test_a_malformed_rubric_is_refused_with_file_and_line(catalogue, cli):
    catalogue.platform()
    rubric = catalogue.root / "criteria.yaml"
    text = rubric.read_text(encoding="utf-8")
    assert '\n    name: {nl: "Controle"' in text
    text = text.replace('\n    name: {nl: "Controle"', '\n\tname: {nl: "Controle"', 1)
    rubric.write_text(text, encoding="utf-8")
    _assert_refused(cli, catalogue, rubric, _line(text, '\tname: {nl: "Controle"'))


def test_an_impossible_date_in_an_organisation_file_names_that_file(catalogue, cli, tmp_path):
    catalogue.platform()
    extension = tmp_path / "org.yaml"
    extension.write_text("facts:\n  alpha:\n    audit_log:\n      checked: 2026-13-45\n", encoding="utf-8")
    result = cli("catalog", "check", str(catalogue.root), "--extra", str(extension))
    assert result.returncode == 2
    assert f"{extension}:4:" in result.stderr and "2026-13-45" in result.stderr
    assert "Traceback" not in result.stderr
