"""Profile cards, the team list (paged) and the person modal."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.common import (
    Block,
    actions,
    button,
    confirm_dialog,
    context,
    fields,
    header,
    modal,
    section,
    text_input,
)
from handlers.blocks.limits import (
    CONFIRM_TEXT,
    FIELD_TEXT,
    HEADER_TEXT,
    escape,
    fold,
    paginate,
    shorten,
    split_text,
)
from handlers.blocks.paging import pager_blocks
from tomatic.domain.model import Person
from tomatic.i18n import t

TEAM_PAGE_SIZE = 50
"""People per page of the team list: about 7,000 characters, three sections."""


def profile_blocks(person: Person, lang: str, can_edit: bool) -> list[Block]:
    """A person's card with an Edit button when the viewer may edit it."""
    groups = ", ".join(person.groups) or "—"
    pairs = [
        (t(lang, "person.field.id"), f"`{person.id}`"),
        (t(lang, "person.field.email"), escape(person.email)),
        (t(lang, "person.field.extension"), escape(person.extension)),
        (t(lang, "person.field.table"), _table(person, lang)),
        (t(lang, "person.field.color"), f"#{escape(person.color)}"),
        (t(lang, "person.field.ideal_load"), _load(person)),
        (t(lang, "person.field.groups"), escape(groups)),
    ]
    blocks = [
        header(shorten(person.display_name, HEADER_TEXT)),
        fields([(label, shorten(value, FIELD_TEXT - len(label) - 4)) for label, value in pairs]),
    ]
    if can_edit:
        blocks.append(actions(button(t(lang, "common.edit"), ids.PROFILE_EDIT, person.id)))
    return blocks


def team_line(person: Person, lang: str) -> str:
    """One person of the team list: name, id, extension, groups (and any mark about them)."""
    line = f"• *{escape(person.display_name)}* `{person.id}` · ☎ {escape(person.extension) or '—'}"
    if person.groups:
        line += f" · {escape(', '.join(person.groups))}"
    if not person.slack_user_id:
        line += f" · :no_bell: _{t(lang, 'slack.not_linked')}_"
    return line


def persons_blocks(persons: list[Person], lang: str, page: int = 0) -> list[Block]:
    """One page of the team in alphabetical order (accents and case aside), one line each,
    with Previous/Next past a page. People not linked to Slack are marked, with a note saying
    what to do about it."""
    ordered = sorted(persons, key=lambda p: (fold(p.display_name), p.id))
    shown = paginate(ordered, page, TEAM_PAGE_SIZE)
    blocks: list[Block] = [header(t(lang, "person.team_title", count=len(persons)))]
    lines = [team_line(p, lang) for p in shown.items]
    blocks += [section(chunk) for chunk in split_text(lines)]
    if not persons:
        blocks.append(context(t(lang, "person.team_empty")))
    unlinked = sum(1 for p in persons if not p.slack_user_id)
    if unlinked:
        blocks.append(context(":no_bell: " + t(lang, "slack.not_linked_note", count=unlinked)))
    return blocks + pager_blocks(shown, lang, ids.PERSONS_PAGE, "")


def person_modal(person: Person | None, lang: str, admin: bool) -> dict[str, Any]:
    """Create (person None) or edit modal. Coordinators also edit the extension, ideal load
    and groups; others see them read-only (an extension decides whose calls one gets)."""
    p = person or Person(id="")
    blocks: list[Block] = []
    if person is None:
        blocks.append(text_input("id", t(lang, "person.field.id"), hint=t(lang, "person.id_hint")))
    blocks += [
        text_input("name", t(lang, "person.field.name"), p.name),
        text_input("email", t(lang, "person.field.email"), p.email, optional=True),
    ]
    if admin:
        blocks.append(text_input("extension", t(lang, "person.field.extension"), p.extension, True))
    blocks += [
        text_input("table", t(lang, "person.field.table"), _table_value(p), optional=True),
        text_input(
            "color",
            t(lang, "person.field.color"),
            f"#{p.color}" if p.color else "",
            optional=True,
            hint=t(lang, "person.color_hint"),
        ),
    ]
    blocks += _coordinator_inputs(p, lang) if admin else [_read_only(p, lang)]
    callback = ids.PERSON_CREATE_VIEW if person is None else ids.PROFILE_VIEW
    title = t(lang, "person.new_title" if person is None else "person.edit_title")
    return modal(callback, title, blocks, t(lang, "common.save"), t(lang, "common.cancel"), p.id)


def remove_confirmation_blocks(person: Person, lang: str) -> list[Block]:
    """Ask before deleting someone."""
    question = t(lang, "person.remove_question", name=escape(person.display_name))
    confirm = confirm_dialog(
        t(lang, "person.remove_title"),
        shorten(question, CONFIRM_TEXT),
        t(lang, "common.remove"),
        t(lang, "common.cancel"),
    )
    return [
        section(question),
        actions(
            button(
                t(lang, "common.remove"), ids.PERSON_REMOVE_CONFIRM, person.id, "danger", confirm
            )
        ),
    ]


def _coordinator_inputs(p: Person, lang: str) -> list[Block]:
    load = "" if p.ideal_load is None else str(p.ideal_load)
    return [
        text_input("ideal_load", t(lang, "person.field.ideal_load"), load, True),
        text_input(
            "groups",
            t(lang, "person.field.groups"),
            ", ".join(p.groups),
            optional=True,
            hint=t(lang, "person.groups_hint"),
        ),
    ]


def _read_only(p: Person, lang: str) -> Block:
    text = t(
        lang,
        "person.coordinators_only",
        extension=escape(p.extension) or "—",
        groups=escape(", ".join(p.groups)) or "—",
        load=_load(p),
    )
    return context(text)


def _table(person: Person, lang: str) -> str:
    return t(lang, "person.no_table") if person.table < 0 else str(person.table)


def _table_value(person: Person) -> str:
    return "" if person.table < 0 else str(person.table)


def _load(person: Person) -> str:
    return "—" if person.ideal_load is None else str(person.ideal_load)
