"""YAML loading that remembers where every value came from.

Data files are edited by hand, so an error must name the file, the line and the field. PyYAML's
plain ``safe_load`` forgets positions and silently keeps the last of two duplicate keys; this loader
composes the node tree itself, records the line of every mapping key and sequence item, and refuses
duplicate keys. It also follows YAML 1.2 for booleans: only ``true``/``false`` are booleans, so the
scale value ``no`` (as in "no self-hosting") stays the string ``"no"`` instead of becoming False.

A hand-edited file may also be hostile: a few hundred bytes of nested aliases ("billion laughs")
expand to billions of nodes. So a file is at most :data:`MAX_BYTES`, has at most
:data:`MAX_ALIASES` aliases, and expands to at most :data:`MAX_NODES` values; beyond that it is
refused with a message, in bounded time and memory. Messages are in the user's language
(:data:`MESSAGE_LANGUAGE`, set by the CLI; else ``$ADVISOR_LANG``).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

Path_ = tuple[str | int, ...]

MAX_BYTES = 4 * 1024 * 1024  # the largest data file in the repository is under 100 KB
MAX_ALIASES = 100  # no shipped file uses one; a few are fine, a bomb needs many
MAX_NODES = 200_000  # values after expanding aliases
MESSAGE_LANGUAGE: ContextVar[str | None] = ContextVar("yaml_message_language", default=None)


class _TooComplex(Exception):
    def __init__(self, key: str, line: int | None, limit: int) -> None:
        self.key, self.line, self.limit = key, line, limit


class _AliasBudget(Composer):
    """PyYAML's composer with an alias budget; ``nodes`` is the budget :func:`_build` counts down."""

    aliases = 0
    nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _TooComplex("too_many_aliases", self.peek_event().start_mark.line + 1, MAX_ALIASES)
        return super().compose_node(parent, index)


class _Loader(_AliasBudget, yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (yes/no/on/off are strings) and an alias budget.

    Pure Python: its messages and positions are the ones a user sees for a broken file.
    """


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: every file takes the pure-Python loader
    _FastLoader: type[_AliasBudget] | None = None
else:

    class _FastLoader(_AliasBudget, SafeConstructor, Resolver, CParser):  # type: ignore[no-redef]
        """:class:`_Loader`'s composer, constructor and booleans on libyaml's scanner and parser
        (the shipped catalogue and texts: 0.39 s with PyYAML's, 0.07 s with libyaml's).

        The composer stays the Python one, with the alias budget, because libyaml's own composer
        recurses in C without a depth limit: deeply nested brackets crash the process instead of
        raising. Anything this loader refuses is loaded again by :class:`_Loader`, so a broken
        file gets the same message and line as before.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


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


def _message(message_key: str, /, **values: Any) -> str:
    """A message in the user's language; English if the texts themselves cannot be loaded."""
    from advisor.i18n import default_language, t

    lang = MESSAGE_LANGUAGE.get() or default_language()
    try:
        return t(f"inputs.yaml.{message_key}", lang, **values)
    except Exception:  # the i18n files are YAML too: a broken one must not hide the first problem
        return f"{message_key} {values}"


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _build(node: yaml.Node, loader: _AliasBudget, where: Path_, lines: dict[Path_, int], path: Path) -> Any:
    loader.nodes += 1
    if loader.nodes > MAX_NODES:
        raise _TooComplex("too_many_nodes", node.start_mark.line + 1, MAX_NODES)
    if len(lines) < MAX_NODES:
        lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:  # e.g. !!python/object
        raise YamlError(path, node.start_mark.line + 1, _message("tag", column=node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(path, key_node.start_mark.line + 1, _message("key_not_plain"))
            key = _scalar(key_node, loader, path)
            if isinstance(key, list | dict):
                raise YamlError(path, key_node.start_mark.line + 1, _message("key_not_plain"))
            if key in result:
                raise YamlError(path, key_node.start_mark.line + 1, _message("duplicate_key", key=key))
            child = (*where, key)
            lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, loader, child, lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loader, (*where, index), lines, path) for index, item in enumerate(node.value)]
    return _scalar(node, loader, path)


def _scalar(node: yaml.Node, loader: _AliasBudget, path: Path) -> Any:
    """One value; a date that matches YAML's pattern but does not exist (2026-13-45) is refused
    with its line, instead of the ValueError that ``datetime.date`` raises."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, YamlError):
            raise
        key = "bad_date" if node.tag == "tag:yaml.org,2002:timestamp" else "bad_value"
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        raise YamlError(path, line, _message(key, value=str(node.value)[:40], column=column)) from None


def load_located(path: Path, text: str | None = None, lang: str | None = None) -> Located:
    """Parse one YAML file; raise :class:`YamlError` (with line) on any syntax problem.

    ``lang``: the language of the messages (default :data:`MESSAGE_LANGUAGE`, else $ADVISOR_LANG).
    """
    token = MESSAGE_LANGUAGE.set(lang) if lang is not None else None
    try:
        return _load_located(Path(path), text)
    finally:
        if token is not None:
            MESSAGE_LANGUAGE.reset(token)


def _load_located(path: Path, text: str | None) -> Located:
    source = _read(path) if text is None else text
    if len(source) > MAX_BYTES:
        raise YamlError(path, None, _message("too_large", size=len(source) // 1024, limit=MAX_BYTES // 1024))
    if _FastLoader is not None:
        try:
            return _parse(path, source, _FastLoader)
        except Exception:  # refused: the Python loader below says why, as it always has
            pass
    try:
        return _parse(path, source, _Loader)
    except _TooComplex as exc:
        raise YamlError(path, exc.line, _message(exc.key, limit=exc.limit)) from None
    except yaml.reader.ReaderError as exc:  # a control character such as ESC, found before parsing
        line = source.count("\n", 0, exc.position) + 1
        column = exc.position - source.rfind("\n", 0, exc.position)
        raise YamlError(path, line, _syntax_message(exc.reason, column)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise YamlError(path, line, _syntax_message(exc.problem or exc.context or "", column)) from None
    except yaml.YAMLError:
        raise YamlError(path, None, _message("invalid")) from None
    except RecursionError:  # thousands of nested [[[[ ... ]]]]
        raise YamlError(path, None, _message("too_deep")) from None


def _parse(path: Path, source: str, loader_class: type[_AliasBudget]) -> Located:
    loader = loader_class(source)  # type: ignore[call-arg]
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = None if node is None else _build(node, loader, (), lines, path)
    finally:
        loader.dispose()
    return Located(path, data, lines)


def _read(path: Path) -> str:
    import os
    import stat

    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise YamlError(path, None, _message("is_directory"))
        if not stat.S_ISREG(info.st_mode):  # a pipe or device could block or never end
            raise YamlError(path, None, _message("not_regular"))
        if info.st_size > MAX_BYTES:
            raise YamlError(
                path, None, _message("too_large", size=info.st_size // 1024, limit=MAX_BYTES // 1024)
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise YamlError(path, None, _message("not_found")) from None
    except OSError as exc:
        from advisor.fileio import os_reason

        raise YamlError(
            path, None, _message("unreadable", reason=os_reason(exc, MESSAGE_LANGUAGE.get()))
        ) from None
    if b"\x00" in raw:
        raise YamlError(path, None, _message("binary", offset=raw.index(b"\x00")))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(path, line, _message("not_utf8", byte=exc.start)) from None


# PyYAML's problems in English, as message keys (the rest: a general message with the column).
_PROBLEMS = (
    ("found duplicate anchor", "duplicate_anchor"),
    ("found undefined alias", "undefined_alias"),
    ("found character '\\t' that cannot start any token", "tab"),
    ("found character", "bad_character"),
    ("mapping values are not allowed here", "colon"),
    ("expected <block end>", "indentation"),
    ("could not find expected ':'", "missing_colon"),
    ("found unexpected end of stream", "unclosed"),
    ("found unknown escape character", "escape"),
    ("special characters are not allowed", "control_character"),
    ("expected a single document", "several_documents"),
    ("found unhashable key", "key_not_plain"),
    ("could not determine a constructor", "tag"),
)


def _syntax_message(problem: str, column: int | None) -> str:
    key = next((key for text, key in _PROBLEMS if text in problem), "syntax")
    return _message(key, column=column or "?")


def load_yaml(path: Path) -> Any:
    """Parse one YAML file (positions discarded)."""
    return load_located(path).data
