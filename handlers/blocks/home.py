"""The App Home tab."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.busy import busy_list_blocks
from handlers.blocks.common import Block, actions, button, context, divider, header, section
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import BusyEntry, Person
from tomatic.i18n import t


def home_view(
    person: Person | None,
    entries: list[BusyEntry],
    config: PlanningConfig,
    lang: str,
    sections: list[list[Block]] | None = None,
) -> dict[str, Any]:
    """Each person's dashboard; strangers get the registration notice."""
    if person is None:
        return {"type": "home", "blocks": [section(t(lang, "error.not_registered"))]}
    blocks: list[Block] = [
        header(t(lang, "home.title", name=person.display_name)),
        actions(button(t(lang, "home.refresh"), ids.HOME_REFRESH, person.id)),
    ]
    for extra in sections or []:
        blocks += [divider(), *extra]
    blocks += [divider(), *busy_list_blocks(person, entries, config, lang)]
    blocks.append(context(t(lang, "help.footer")))
    return {"type": "home", "blocks": blocks[:100]}
