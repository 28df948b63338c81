"""YAML loading that remembers where every value came from.

Data files are edited by hand, so an error must name the file, the line and the field. PyYAML's
plain ``safe_load`` forgets positions and silently keeps the last of two duplicate keys; this loader
composes the node tree itself, records the line of every mapping key and sequence item, and refuses
duplicate keys. It also follows YAML 1.2 for booleans: only ``true``/``false`` are booleans, so the
scale value ``no`` (as in "no self-hosting") stays the string ``"no"`` instead of becoming False.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (yes/no/on/off are strings)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class YamlError(ValueError):
    """A file that is not valid YAML, with the position of the problem."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Located:
    """A parsed YAML document plus the line (1-based) of every key path in it."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, loc: Path_) -> int | None:
        """Line of the deepest known prefix of ``loc`` (pydantic error locations go deeper)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


def _build(node: yaml.Node, loader: _Loader, where: Path_, lines: dict[Path_, int], path: Path) -> Any:
    lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise YamlError(path, key_node.start_mark.line + 1, "a key must be a plain value")
            if key in result:
                raise YamlError(path, key_node.start_mark.line + 1, f"duplicate key '{key}'")
            child = (*where, key)
            lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, loader, child, lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loader, (*where, index), lines, path) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_located(path: Path, text: str | None = None) -> Located:
    """Parse one YAML file; raise :class:`YamlError` (with line) on any syntax problem."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8") if text is None else text
    except UnicodeDecodeError as exc:
        raise YamlError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise YamlError(path, None, f"cannot be read ({exc.strerror})") from None
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = None if node is None else _build(node, loader, (), lines, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(path, line, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, None, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return Located(path, data, lines)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file (positions discarded)."""
    return load_located(path).data
