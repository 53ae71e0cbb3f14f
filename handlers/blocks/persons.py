"""Profile cards, the team list and the person modal."""

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
from handlers.blocks.limits import escape, split_text
from tomatic.domain.model import Person
from tomatic.i18n import t


def profile_blocks(person: Person, lang: str, can_edit: bool) -> list[Block]:
    """A person's card with an Edit button when the viewer may edit it."""
    groups = ", ".join(person.groups) or "—"
    blocks = [
        header(person.display_name),
        fields(
            [
                (t(lang, "person.field.id"), f"`{person.id}`"),
                (t(lang, "person.field.email"), person.email),
                (t(lang, "person.field.extension"), person.extension),
                (t(lang, "person.field.table"), _table(person, lang)),
                (t(lang, "person.field.color"), f"#{person.color}"),
                (t(lang, "person.field.ideal_load"), _load(person)),
                (t(lang, "person.field.groups"), groups),
            ]
        ),
    ]
    if can_edit:
        blocks.append(actions(button(t(lang, "common.edit"), ids.PROFILE_EDIT, person.id)))
    return blocks


def persons_blocks(persons: list[Person], lang: str) -> list[Block]:
    """The team: name, id, extension, groups; one line each. People not linked to Slack
    are marked, with a note saying what to do about it."""
    lines = [_team_line(p, lang) for p in persons]
    blocks: list[Block] = [header(t(lang, "person.team_title", count=len(persons)))]
    blocks += [section(text) for text in split_text(lines)]
    if not persons:
        blocks.append(context(t(lang, "person.team_empty")))
    unlinked = sum(1 for p in persons if not p.slack_user_id)
    if unlinked:
        blocks.append(context(":no_bell: " + t(lang, "slack.not_linked_note", count=unlinked)))
    return blocks


def _team_line(person: Person, lang: str) -> str:
    line = f"• *{escape(person.display_name)}* `{person.id}` · ☎ {person.extension or '—'}"
    if person.groups:
        line += f" · {', '.join(person.groups)}"
    if not person.slack_user_id:
        line += f" · :no_bell: _{t(lang, 'slack.not_linked')}_"
    return line


def person_modal(person: Person | None, lang: str, admin: bool) -> dict[str, Any]:
    """Create (person None) or edit modal; admins also see ideal load and groups."""
    p = person or Person(id="")
    blocks: list[Block] = []
    if person is None:
        blocks.append(text_input("id", t(lang, "person.field.id"), hint=t(lang, "person.id_hint")))
    blocks += [
        text_input("name", t(lang, "person.field.name"), p.name),
        text_input("email", t(lang, "person.field.email"), p.email, optional=True),
        text_input("extension", t(lang, "person.field.extension"), p.extension, optional=True),
        text_input("table", t(lang, "person.field.table"), _table_value(p), optional=True),
        text_input("color", t(lang, "person.field.color"), p.color, optional=True, hint="ff8800"),
    ]
    if admin:
        load = "" if p.ideal_load is None else str(p.ideal_load)
        blocks.append(text_input("ideal_load", t(lang, "person.field.ideal_load"), load, True))
        blocks.append(
            text_input(
                "groups",
                t(lang, "person.field.groups"),
                ", ".join(p.groups),
                optional=True,
                hint=t(lang, "person.groups_hint"),
            )
        )
    callback = ids.PERSON_CREATE_VIEW if person is None else ids.PROFILE_VIEW
    title = t(lang, "person.new_title" if person is None else "person.edit_title")
    return modal(callback, title, blocks, t(lang, "common.save"), t(lang, "common.cancel"), p.id)


def remove_confirmation_blocks(person: Person, lang: str) -> list[Block]:
    """Ask before deleting someone."""
    confirm = confirm_dialog(
        t(lang, "person.remove_title"),
        t(lang, "person.remove_question", name=person.display_name),
        t(lang, "common.remove"),
        t(lang, "common.cancel"),
    )
    return [
        section(t(lang, "person.remove_question", name=person.display_name)),
        actions(
            button(
                t(lang, "common.remove"), ids.PERSON_REMOVE_CONFIRM, person.id, "danger", confirm
            )
        ),
    ]


def _table(person: Person, lang: str) -> str:
    return t(lang, "person.no_table") if person.table < 0 else str(person.table)


def _table_value(person: Person) -> str:
    return "" if person.table < 0 else str(person.table)


def _load(person: Person) -> str:
    return "—" if person.ideal_load is None else str(person.ideal_load)
