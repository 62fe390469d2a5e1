"""Renderers: one Decision or Explanation, several readers."""

from __future__ import annotations

from collections.abc import Callable

from ._sections import Renderable, split
from .easy_read import render_easy_read
from .html import render_html
from .markdown import render_markdown
from .text import render_text


def _json(subject: Renderable, full: bool = True) -> str:
    return subject.to_json()


RENDERERS: dict[str, Callable[[Renderable, bool], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": _json,
    "easy-read": render_easy_read,
}
FORMATS = tuple(RENDERERS)


def render(subject: Renderable, fmt: str, *, full: bool = False) -> str:
    """Render a Decision or Explanation in a format of :data:`FORMATS`.

    ``full`` shows the why-not of every pathway, actions included (the HTML report and
    JSON always do).
    """
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return renderer(subject, full or fmt in ("html", "json"))


__all__ = ["FORMATS", "RENDERERS", "render", "split"]
