"""YAML loading: libyaml's parser for speed, with the pure-Python loader's results and messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import yamlio
from advisor.yamlio import YamlError, load_located

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(
    p
    for folder in ("advisor", "criteria", "surveys", "tests/fixtures")
    for p in (ROOT / folder).rglob("*.yaml")
)


def _both(path: Path, text: str) -> tuple[object, object]:
    outcomes = []
    for loader in (yamlio._FastLoader, yamlio._Loader):
        try:
            located = yamlio._parse(path, text, loader)
            outcomes.append((located.data, located.lines))
        except Exception as error:  # compared, not handled
            outcomes.append(type(error).__name__)
    return outcomes[0], outcomes[1]


@pytest.mark.skipif(yamlio._FastLoader is None, reason="PyYAML without libyaml")
def test_every_yaml_file_in_the_repository_loads_the_same_with_libyaml_as_with_pure_python():
    # the broken and hostile fixtures included: what one loader refuses, the other refuses too
    assert len(SHIPPED) > 40
    for path in SHIPPED:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (UnicodeDecodeError, ValueError):
            continue
        fast, pure = _both(path, text)
        if isinstance(pure, str):  # refused: load_located then answers with the pure loader's message
            assert isinstance(fast, str), path
        else:
            assert fast == pure, path


@pytest.mark.parametrize(
    "text",
    [
        "answer: no\nother: yes\nflag: true\nnull_value: ~\n",  # YAML 1.2 booleans
        "a: &x [1, 2]\nb: *x\n<<: {c: 3}\n",
        "- - nested\n  - items\n- {flow: [1, 2]}\n",
        "text: |\n  line one\n  line two\n",
        "key: 'é and 😀'\n",
    ],
)
def test_values_and_key_lines_match_the_pure_python_loader(text):
    fast, pure = _both(Path("x.yaml"), text)
    assert fast == pure


def test_a_refused_file_gets_the_pure_python_message_and_line(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("columns:\n  a: 1\n  b: [unclosed\n", encoding="utf-8")
    with pytest.raises(YamlError) as error:
        load_located(path, lang="en")
    assert error.value.line is not None and str(path) in str(error.value)


def test_a_control_character_in_a_yaml_file_is_refused_with_its_line_not_a_traceback(tmp_path):
    path = tmp_path / "organisation.yaml"
    path.write_text("segments:\n  department: \x1b[31mIT\n", encoding="utf-8")
    with pytest.raises(YamlError) as error:
        load_located(path, lang="en")
    assert error.value.line == 2
    assert "column 15" in error.value.message and "control character" in error.value.message


def test_deep_nesting_is_refused_without_crashing_the_process():
    with pytest.raises(YamlError) as error:
        load_located(Path("deep.yaml"), text="[" * 100_000 + "]" * 100_000, lang="en")
    assert "deep" in error.value.message or "nest" in error.value.message.lower()
