"""Message catalogues: every user-facing sentence, in Catalan, Spanish and English.

Catalogues live in `tomatic/i18n/<lang>/<feature>.yaml`; each file maps keys to
`str.format` templates. Keys are namespaced by feature (`busy.added`, `pbx.unreachable`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("ca", "es", "en")
FALLBACK = "en"
_ROOT = Path(__file__).parent


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its feature files."""
    messages: dict[str, str] = {}
    folder = _ROOT / lang
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        messages.update(_flatten(data))
    return messages


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


def normalise_language(locale: str | None, default: str = FALLBACK) -> str:
    """Map a Slack locale such as `es-ES` or `ca-ES` to one of ours."""
    if locale:
        code = locale.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return default if default in LANGUAGES else FALLBACK


def t(lang: str, key: str, **params: Any) -> str:
    """Translate `key` into `lang`, falling back to English, then to the key itself."""
    template = catalogue(lang).get(key) or catalogue(FALLBACK).get(key)
    if template is None:
        return key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
