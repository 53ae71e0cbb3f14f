"""The busy list (paged, role-aware) and the busy modal."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.common import (
    Block,
    actions,
    button,
    confirm_dialog,
    context,
    header,
    input_block,
    modal,
    option,
    plain,
    section,
    text_input,
)
from handlers.blocks.limits import (
    CHECKBOX_OPTIONS,
    CONFIRM_TEXT,
    ELLIPSIS,
    HEADER_TEXT,
    escape,
    paginate,
    shorten,
)
from handlers.blocks.paging import pager_blocks
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import WEEKDAYS, BusyEntry, Person
from tomatic.i18n import t
from tomatic.i18n.formats import day_text
from tomatic.services.availability import ONE_DATE, BusyListing

PAGE_SIZE = 20
"""Entries per page: with the headings, pager and buttons a page stays near 30 blocks, well
inside a message (50) and leaving room for the rest of the App Home (100)."""
CONFIRM_REASONS = (120, 40, 12)
"""How short the reason gets, step by step, for the confirm dialog's text to fit."""


def when_text(entry: BusyEntry, lang: str) -> str:
    """`Tuesday`, `Every day` or `Tuesday 1/12/2026`."""
    if entry.date is not None:
        return day_text(lang, entry.date)
    if entry.weekday is None:
        return t(lang, "day.all")
    return t(lang, f"day.{entry.weekday}")


def turns_text(entry: BusyEntry, config: PlanningConfig) -> str:
    """The busy turns as time ranges, e.g. `11:30–12:45, 12:45–14:00`."""
    return ", ".join(config.turn_label(i) for i in entry.busy_turns() if i < config.turns)


def reason_text(entry: BusyEntry, lang: str) -> str:
    """The reason, escaped for mrkdwn; "busy" when the viewer may not read it (blank)."""
    return escape(entry.reason) if entry.reason else t(lang, "busy.reason_hidden")


def entry_line(entry: BusyEntry, config: PlanningConfig, lang: str) -> str:
    """One entry in words, with its short id."""
    kind = t(lang, "busy.optional" if entry.optional else "busy.required")
    return (
        f"`{entry.id}` *{when_text(entry, lang)}* · {turns_text(entry, config)} · {kind}\n"
        f"_{reason_text(entry, lang)}_"
    )


def busy_list_blocks(
    listing: BusyListing,
    config: PlanningConfig,
    lang: str,
    page: int = 0,
    paged: bool = True,
    size: int = PAGE_SIZE,
) -> list[Block]:
    """One page (of `size`) of weekly then one-off entries, each with Remove (confirmed) for
    those who may edit them, and Add. Unpaged (the App Home), the rest is counted in a "… N
    more" line, and a kind of entry is said to have none only when it has none at all."""
    person = listing.subject
    entries = [e for e in listing.entries if e.is_weekly]
    entries += [e for e in listing.entries if not e.is_weekly]
    shown = paginate(entries, page, size)
    title = shorten(t(lang, "busy.title", name=person.display_name), HEADER_TEXT)
    blocks: list[Block] = [header(title)]
    if not listing.reasons_visible:
        blocks.append(context(t(lang, "busy.reasons_hidden", name=escape(person.display_name))))
    for title_key, weekly in (("busy.weekly", True), ("busy.oneoff", False)):
        group = [e for e in shown.items if e.is_weekly == weekly]
        if group or not any(e.is_weekly == weekly for e in entries):
            blocks.append(section(f"*{t(lang, title_key)}*"))
        if not any(e.is_weekly == weekly for e in entries):
            blocks.append(context(t(lang, "busy.none")))
        for entry in group:
            remove = remove_button(entry, config, lang, shown.number) if listing.can_edit else None
            blocks.append(section(entry_line(entry, config, lang), remove))
    if paged:
        blocks += pager_blocks(shown, lang, ids.BUSY_PAGE, person.id)
    elif shown.after:
        blocks.append(context(t(lang, "busy.more_in_command", count=shown.after)))
    if listing.can_edit:
        add = button(t(lang, "busy.add_button"), ids.BUSY_ADD, person.id, "primary")
        blocks += [actions(add), context(t(lang, "busy.add_hint"))]
    return blocks


def remove_button(
    entry: BusyEntry, config: PlanningConfig, lang: str, page: int = 0
) -> dict[str, Any]:
    """Remove, after a confirm dialog naming the entry; the value keeps the list's page."""
    confirm = confirm_dialog(
        t(lang, "busy.remove_title"),
        remove_question(entry, config, lang),
        t(lang, "common.remove"),
        t(lang, "common.cancel"),
    )
    value = remove_value(entry.id, page)
    return button(t(lang, "common.remove"), ids.BUSY_REMOVE, value, "danger", confirm)


def remove_question(entry: BusyEntry, config: PlanningConfig, lang: str) -> str:
    """The question "Remove the busy entry of Tuesday, 09:00–10:15 (Dentist)?" sized for a
    confirm dialog: the reason is shortened (before escaping, so no entity is cut) to fit."""
    question = ""
    for turns in (turns_text(entry, config), ELLIPSIS):
        for limit in CONFIRM_REASONS:
            reason = escape(shorten(entry.reason, limit)) or t(lang, "busy.reason_hidden")
            question = t(
                lang,
                "busy.remove_question",
                when=when_text(entry, lang),
                turns=turns,
                reason=reason,
            )
            if len(question) <= CONFIRM_TEXT:
                return question
    return question


def remove_value(entry_id: str, page: int) -> str:
    """A Remove button's value: the entry and the page of the list it is on."""
    return f"{entry_id}|{page}"


def parse_remove_value(value: str) -> tuple[str, int]:
    """(entry id, page) from a Remove button's value (page 0 when absent or malformed)."""
    entry_id, _, page = value.partition("|")
    return entry_id, int(page) if page.isascii() and page.isdigit() else 0


def busy_modal(subject: Person, config: PlanningConfig, lang: str) -> dict[str, Any]:
    """Weekday / every day / date, the turns, optional yes/no, reason."""
    day_options = [option(t(lang, "day.all"), "all")] + [
        option(t(lang, f"day.{d}"), d) for d in WEEKDAYS
    ]
    day_options.append(option(t(lang, "busy.one_date"), ONE_DATE))
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
        input_block(ids.BUSY_TURNS, t(lang, "busy.field.turns"), turns_element(config, lang)),
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


def turns_element(config: PlanningConfig, lang: str) -> dict[str, Any]:
    """Checkboxes for a few turns; past what checkboxes hold, a multi-select of them."""
    options = [option(config.turn_label(i), str(i)) for i in range(config.turns)]
    if len(options) <= CHECKBOX_OPTIONS:
        return {"type": "checkboxes", "action_id": ids.BUSY_TURNS, "options": options}
    return {
        "type": "multi_static_select",
        "action_id": ids.BUSY_TURNS,
        "placeholder": plain(t(lang, "busy.turns_placeholder")),
        "options": options,
    }


def _select(options: list[dict[str, Any]], initial: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": ids.BUSY_DAY,
        "options": options,
        "initial_option": initial,
    }
