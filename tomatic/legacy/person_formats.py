"""Person-keyed YAML files: `idealshifts.yaml`, `shiftcredit.yaml` and `persons.yaml`."""

from __future__ import annotations

from typing import Any

from tomatic.domain.errors import ValidationError
from tomatic.domain.model import COLOR_RE, LEGACY_PERSON_ID_RE, NOBODY, Person
from tomatic.domain.names import clean_name
from tomatic.i18n import t
from tomatic.legacy.lines import LineError, YamlDocument, YamlEntry, dump_yaml

DEFAULT_COLOR = Person.model_fields["color"].default

# persons.yaml map name → Person field, for the plain-text maps.
_TEXT_MAPS = {"names": "name", "emails": "email", "erpusers": "erp_user"}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _person_entries(doc: YamlDocument, node: Any, what: str) -> list[YamlEntry]:
    """Entries whose key is a valid person id; others become errors."""
    valid = []
    for entry in doc.entries(node, what):
        if isinstance(entry.key, str) and LEGACY_PERSON_ID_RE.match(entry.key):
            valid.append(entry)
        else:
            doc.error(entry.line, f"bad person id {entry.key!r} in {what}")
    return valid


def parse_ideal_loads(text: str, file: str) -> tuple[dict[str, int], list[LineError]]:
    """Parse `idealshifts.yaml`: person → whole number of turns in a full week (≥ 0)."""
    doc = YamlDocument(text, file)
    loads: dict[str, int] = {}
    for entry in _person_entries(doc, doc.root, "the ideal loads"):
        if _is_int(entry.value) and entry.value >= 0:
            loads[entry.key] = entry.value
        else:
            doc.error(
                entry.line,
                f"ideal load of {entry.key} should be a whole number ≥ 0, got {entry.value!r}",
            )
    return loads, doc.sorted_errors()


def format_ideal_loads(loads: dict[str, int]) -> str:
    """`idealshifts.yaml` text."""
    return dump_yaml(dict(loads)) if loads else "{}\n"


def parse_credit(text: str, file: str) -> tuple[dict[str, float], list[LineError]]:
    """Parse `shiftcredit.yaml`: person → accumulated turns owed (+) or due (-)."""
    doc = YamlDocument(text, file)
    credit: dict[str, float] = {}
    for entry in _person_entries(doc, doc.root, "the shift credit"):
        if isinstance(entry.value, int | float) and not isinstance(entry.value, bool):
            credit[entry.key] = float(entry.value)
        else:
            doc.error(entry.line, f"credit of {entry.key} should be a number, got {entry.value!r}")
    return credit, doc.sorted_errors()


def format_credit(credit: dict[str, float]) -> str:
    """`shiftcredit.yaml` text."""
    return dump_yaml({p: float(value) for p, value in credit.items()}) if credit else "{}\n"


def _text_value(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if _is_int(value):
        return str(value)
    return None


def _name_value(doc: YamlDocument, entry: YamlEntry) -> tuple[str, Any] | None:
    """A name from `names`, as the name rule stores it; None (and why) when it breaks it."""
    text = _text_value(entry.value)
    if text is None:
        doc.error(entry.line, f"bad value {entry.value!r} for {entry.key} in names")
        return None
    try:
        return "name", clean_name(text)
    except ValidationError as error:
        doc.error(entry.line, f"bad name for {entry.key}: {t('en', error.key, **error.params)}")
        return None


def _field_value(doc: YamlDocument, map_name: str, entry: YamlEntry) -> tuple[str, Any] | None:
    """The Person field and value one persons.yaml entry sets, or None (error recorded)."""
    if map_name == "names":
        return _name_value(doc, entry)
    if map_name in _TEXT_MAPS:
        text = _text_value(entry.value)
        return (_TEXT_MAPS[map_name], text) if text is not None else None
    if map_name == "extensions":
        text = _text_value(entry.value)
        return ("extension", text) if text is not None and text.isdigit() else None
    if map_name == "colors":
        text = _text_value(entry.value)
        return ("color", text) if text is not None and COLOR_RE.match(text) else None
    if map_name == "tables":
        return ("table", entry.value) if _is_int(entry.value) else None
    if map_name == "idealloads":
        ok = _is_int(entry.value) and entry.value >= 0
        return ("ideal_load", entry.value) if ok else None
    return None


_PERSON_MAPS = (*_TEXT_MAPS, "extensions", "colors", "tables", "idealloads")


def _person_fields(doc: YamlDocument, maps: dict[str, YamlEntry]) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for map_name in _PERSON_MAPS:
        if map_name not in maps:
            continue
        for entry in _person_entries(doc, maps[map_name].node, map_name):
            if entry.key == NOBODY:  # the original's word for an empty cell, not a person
                continue
            found = _field_value(doc, map_name, entry)
            if found is None:
                if map_name != "names":  # names say why themselves
                    doc.error(
                        entry.line, f"bad value {entry.value!r} for {entry.key} in {map_name}"
                    )
                continue
            fields.setdefault(entry.key, {})[found[0]] = found[1]
    return fields


def _groups(doc: YamlDocument, maps: dict[str, YamlEntry], known: set[str]) -> dict[str, list[str]]:
    """Person → sorted group names; unknown members become errors."""
    memberships: dict[str, set[str]] = {}
    if "groups" not in maps:
        return {}
    for entry in doc.entries(maps["groups"].node, "groups"):
        for line, node in doc.items(entry.node):
            member = doc.value(node)
            if isinstance(member, str) and member in known:
                memberships.setdefault(member, set()).add(str(entry.key))
            else:
                doc.error(line, f"group {entry.key} lists unknown person {member!r}")
    return {person: sorted(names) for person, names in memberships.items()}


def parse_persons(text: str, file: str) -> tuple[list[Person], list[LineError]]:
    """Parse `persons.yaml` (maps names, extensions, tables, colors, emails, erpusers,
    groups, idealloads; other maps ignored) into persons sorted by id.

    A person exists when any map but `groups` mentions them. Only the fields the file gives
    a valid line for are set on each person (`model_fields_set`): a refused line, or a map
    the file lacks, says nothing about that field.
    """
    doc = YamlDocument(text, file)
    maps = {entry.key: entry for entry in doc.entries(doc.root, "persons.yaml")}
    fields = _person_fields(doc, maps)
    groups = _groups(doc, maps, set(fields))
    if "groups" in maps:
        for person in fields:
            fields[person]["groups"] = groups.get(person, [])
    persons = [Person(id=person, **fields[person]) for person in sorted(fields)]
    return persons, doc.sorted_errors()


def _map(persons: list[Person], field: str, skip: Any) -> dict[str, Any]:
    return {p.id: getattr(p, field) for p in persons if getattr(p, field) != skip}


def format_persons(persons: list[Person]) -> str:
    """`persons.yaml` text; every person gets a `tables` entry so that none is lost."""
    groups: dict[str, list[str]] = {}
    for person in persons:
        for group in sorted(set(person.groups)):
            groups.setdefault(group, []).append(person.id)
    groups = dict(sorted(groups.items()))
    data = {
        "names": _map(persons, "name", ""),
        "extensions": _map(persons, "extension", ""),
        "tables": {p.id: p.table for p in persons},
        "colors": _map(persons, "color", DEFAULT_COLOR),
        "emails": _map(persons, "email", ""),
        "erpusers": _map(persons, "erp_user", ""),
        "groups": groups,
        "idealloads": _map(persons, "ideal_load", None),
    }
    return dump_yaml(data)
