"""Renderers of outbound messages by kind: `kind` + payload + language → (text, blocks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Rendered = tuple[str, list[dict[str, Any]] | None]
Renderer = Callable[[dict[str, Any], str], Rendered]

RENDERERS: dict[str, Renderer] = {}


def message(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of one message kind."""

    def register(function: Renderer) -> Renderer:
        RENDERERS[kind] = function
        return function

    return register


def render(kind: str, payload: dict[str, Any], lang: str) -> Rendered:
    """Render a message; unknown kinds are a programming error."""
    if kind not in RENDERERS:
        raise KeyError(f"no renderer for message kind {kind!r}")
    return RENDERERS[kind](payload, lang)


@message("text")
def plain_text(payload: dict[str, Any], lang: str) -> Rendered:
    """A message that is just text (e.g. `/tomatic says`)."""
    return payload["text"], None
