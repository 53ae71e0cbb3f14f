"""The notice to coordinators about people of a turn who could not be put in the queue."""

from __future__ import annotations

from typing import Any

from handlers.blocks.common import context, header, section
from handlers.blocks.limits import escape, split_text
from handlers.blocks.messages import Rendered, message
from tomatic.i18n import t
from tomatic.i18n.formats import localised_params
from tomatic.services.queue_load import MISSING_KIND


def missing_line(item: dict[str, Any], lang: str) -> str:
    """One person left out, and why, in the reader's language."""
    params = {key: escape(str(value)) for key, value in item.get("params", {}).items()}
    reason = t(lang, item["key"], **params)
    name = escape(str(item.get("name", "")))
    if item.get("extension"):
        return t(lang, "queue.missing.line", name=name, extension=item["extension"], reason=reason)
    return t(lang, "queue.missing.line_no_extension", name=name, reason=reason)


def person_line(item: dict[str, Any]) -> str:
    """One person who should be in the queue, with their extension if they have one."""
    name = escape(str(item.get("name", "")))
    return f"• *{name}* ({item['extension']})" if item.get("extension") else f"• *{name}*"


@message(MISSING_KIND)
def missing_members(payload: dict[str, Any], lang: str) -> Rendered:
    """DM (or team channel): who is missing from the turn's queue and why (`failed`: the PBX
    failed the whole load, so everyone is)."""
    failed = bool(payload.get("failed"))
    title = t(
        lang,
        "queue.missing.failed_title" if failed else "queue.missing.title",
        **localised_params(
            lang, {"label": payload.get("label", ""), "date": payload.get("date", "")}
        ),
    )
    if failed:  # one reason for everyone: said once, then who should be in the queue
        params = {key: escape(str(value)) for key, value in payload["error_params"].items()}
        lines = [person_line(item) for item in payload["missing"]]
        blocks = [header(title), section(t(lang, payload["error"], **params))]
    else:
        lines = [missing_line(item, lang) for item in payload["missing"]]
        blocks = [header(title)]
    blocks += [section(chunk) for chunk in split_text(lines)]
    blocks.append(
        context(t(lang, "queue.missing.failed_footer" if failed else "queue.missing.footer"))
    )
    return title, blocks
