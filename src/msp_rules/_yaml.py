"""Safe YAML loading that keeps line numbers and refuses duplicate keys.

Booleans are only ``true``/``false`` (as in YAML 1.2): ``yes``, ``no``, ``on`` and
``off`` stay text, so ``answer: no`` can never silently become ``false``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleError


class _Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


class LocatedDict(dict[str, Any]):
    """A mapping read from YAML, remembering its own line and each key's line."""

    line: int
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A sequence read from YAML, remembering its own line and each item's line."""

    line: int
    item_lines: list[int]


def line_of(node: Any, path: tuple[Any, ...] = ()) -> int | None:
    """The line of the deepest part of ``path`` below ``node`` that exists."""
    line = getattr(node, "line", None)
    for step in path:
        if isinstance(node, LocatedDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
        line = getattr(node, "line", line)
    return line


def load_yaml(path: Path, display: str) -> Any:
    """Parse one YAML file into located Python data; errors name ``display`` and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read file: {exc}", file=display) from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=display,
                        line=mark.line + 1 if mark else None) from exc
    if node is None:
        return None
    return _convert(node, _Loader(""), display)


def _convert(node: yaml.Node, loader: _Loader, display: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LocatedDict()
        result.line, result.key_lines = line, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                raise RuleError(f"keys must be text, found {key!r}", file=display, line=key_node.start_mark.line + 1)
            if key in result:
                raise RuleError(f"duplicate key {key!r}", file=display, line=key_node.start_mark.line + 1)
            result[key] = _convert(value_node, loader, display)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_convert(child, loader, display) for child in node.value)
        items.line, items.item_lines = line, [child.start_mark.line + 1 for child in node.value]
        return items
    return loader.construct_object(node)
