"""Renderers: one Decision, several readers."""

from __future__ import annotations

from collections.abc import Callable

from ..decision import Decision
from .markdown import render_markdown
from .text import render_text

RENDERERS: dict[str, Callable[[Decision], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": Decision.to_json,
}
FORMATS = tuple(RENDERERS)


def render(decision: Decision, fmt: str) -> str:
    """Render ``decision`` in a format of :data:`FORMATS`."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return renderer(decision)
