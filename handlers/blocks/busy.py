"""The busy list and the busy modal."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.common import (
    Block,
    actions,
    button,
    context,
    header,
    input_block,
    modal,
    option,
    section,
    text_input,
)
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import WEEKDAYS, BusyEntry, Person
from tomatic.i18n import t


def when_text(entry: BusyEntry, lang: str) -> str:
    """`Tuesday`, `Every day` or `2026-12-01 (Tuesday)`."""
    if entry.date is not None:
        return f"{entry.date.isoformat()} ({t(lang, f'day.{WEEKDAYS[entry.date.weekday()]}')})"
    if entry.weekday is None:
        return t(lang, "day.all")
    return t(lang, f"day.{entry.weekday}")


def turns_text(entry: BusyEntry, config: PlanningConfig) -> str:
    """The busy turns as time ranges, e.g. `11:30–12:45, 12:45–14:00`."""
    return ", ".join(config.turn_label(i) for i in entry.busy_turns() if i < config.turns)


def entry_line(entry: BusyEntry, config: PlanningConfig, lang: str) -> str:
    """One entry in words, with its short id."""
    kind = t(lang, "busy.optional" if entry.optional else "busy.required")
    return (
        f"`{entry.id}` *{when_text(entry, lang)}* · {turns_text(entry, config)} · {kind}\n"
        f"_{entry.reason}_"
    )


def busy_list_blocks(
    person: Person, entries: list[BusyEntry], config: PlanningConfig, lang: str
) -> list[Block]:
    """Weekly then one-off entries, each with Remove; an Add button at the end."""
    blocks: list[Block] = [header(t(lang, "busy.title", name=person.display_name))]
    for title_key, group in (
        ("busy.weekly", [e for e in entries if e.is_weekly]),
        ("busy.oneoff", [e for e in entries if not e.is_weekly]),
    ):
        blocks.append(section(f"*{t(lang, title_key)}*"))
        if not group:
            blocks.append(context(t(lang, "busy.none")))
        for entry in group:
            remove = button(t(lang, "common.remove"), ids.BUSY_REMOVE, entry.id, "danger")
            blocks.append(section(entry_line(entry, config, lang), remove))
    blocks.append(actions(button(t(lang, "busy.add_button"), ids.BUSY_ADD, person.id, "primary")))
    blocks.append(context(t(lang, "busy.add_hint")))
    return blocks


def busy_modal(subject: Person, config: PlanningConfig, lang: str) -> dict[str, Any]:
    """Weekday / every day / date, turn checkboxes, optional yes/no, reason."""
    day_options = [option(t(lang, "day.all"), "all")] + [
        option(t(lang, f"day.{d}"), d) for d in WEEKDAYS
    ]
    day_options.append(option(t(lang, "busy.one_date"), "date"))
    turn_options = [option(config.turn_label(i), str(i)) for i in range(config.turns)]
    yes_no = [
        option(t(lang, "busy.optional_yes"), "yes"),
        option(t(lang, "busy.optional_no"), "no"),
    ]
    blocks: list[Block] = [
        input_block(ids.BUSY_DAY, t(lang, "busy.field.day"), _select(day_options, day_options[1])),
        input_block(
            ids.BUSY_DATE,
            t(lang, "busy.field.date"),
            {"type": "datepicker", "action_id": ids.BUSY_DATE},
            optional=True,
            hint=t(lang, "busy.date_hint"),
        ),
        input_block(
            ids.BUSY_TURNS,
            t(lang, "busy.field.turns"),
            {"type": "checkboxes", "action_id": ids.BUSY_TURNS, "options": turn_options},
        ),
        input_block(
            ids.BUSY_OPTIONAL,
            t(lang, "busy.field.optional"),
            {
                "type": "radio_buttons",
                "action_id": ids.BUSY_OPTIONAL,
                "options": yes_no,
                "initial_option": yes_no[0],
            },
            hint=t(lang, "busy.optional_hint"),
        ),
        text_input(ids.BUSY_REASON, t(lang, "busy.field.reason")),
    ]
    title = t(lang, "busy.modal_title")
    return modal(
        ids.BUSY_VIEW, title, blocks, t(lang, "common.save"), t(lang, "common.cancel"), subject.id
    )


def _select(options: list[dict[str, Any]], initial: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": ids.BUSY_DAY,
        "options": options,
        "initial_option": initial,
    }
