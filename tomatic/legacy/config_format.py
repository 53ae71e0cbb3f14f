"""The planning keys of the original's `config.yaml` (other keys are ignored)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tomatic.domain.model import WEEKDAYS
from tomatic.legacy.lines import LineError, YamlDocument, YamlEntry, dump_yaml
from tomatic.legacy.timetable_formats import ForcedTurn, hour_text

DEFAULT_HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]

# Legacy key → our field. Defaults are the production values of the original.
LEGACY_KEYS: dict[str, str] = {
    "nTelefons": "line_count",
    "hours": "hours",
    "diesVisualitzacio": "display_days",
    "diesCerca": "search_days",
    "maximHoresDiariesGeneral": "daily_max_general",
    "maximHoresDiaries": "daily_max",
    "maxOverload": "max_overload",
    "adjustLines": "adjust_lines",
    "maxPhoningInGroup": "max_phoning_in_group",
    "minIdleInGroup": "min_idle_in_group",
    "maximPerTaula": "max_per_table",
    "maxNingusPerTurn": "max_nobody_per_turn",
    "maxNingusPerTurnInEdition": "max_nobody_per_turn_in_edition",
    "deixaEsmorzar": "keep_break_free",
    "noVolenEsmorzar": "no_break_persons",
    "costHoresDiscontinues": "cost_discontinuous_hours",
    "costHoresConcentrades": "cost_concentrated_hours",
    "costTaulaSorollosa": "cost_noisy_table",
    "costHoraNoDesitjada": "cost_undesired_hour",
    "costTornBuit": "cost_empty_turn",
    "forced": "forced",
}


class LegacyConfig(BaseModel):
    """Planning settings read from `config.yaml`.

    `forced` holds the config's forced cells with 0-based hour and line (the file
    writes them 1-based).
    """

    model_config = ConfigDict(strict=True)

    line_count: int = Field(default=8, ge=0)
    hours: list[str] = Field(default_factory=lambda: list(DEFAULT_HOURS))
    display_days: list[str] = Field(default_factory=lambda: list(WEEKDAYS))
    search_days: list[str] = Field(default_factory=lambda: list(WEEKDAYS))
    daily_max_general: int = 2
    daily_max: dict[str, int] = Field(default_factory=lambda: {"ningu": 10})
    max_overload: float = 0
    adjust_lines: bool = True
    max_phoning_in_group: dict[str, int] = Field(default_factory=dict)
    min_idle_in_group: dict[str, int] = Field(default_factory=dict)
    max_per_table: int = 7
    max_nobody_per_turn: int = 10
    max_nobody_per_turn_in_edition: int = 2
    keep_break_free: bool = True
    no_break_persons: list[str] = Field(default_factory=list)
    cost_discontinuous_hours: int = 40
    cost_concentrated_hours: int = 1
    cost_noisy_table: int = 5
    cost_undesired_hour: int = 10
    cost_empty_turn: int = 10
    forced: list[ForcedTurn] = Field(default_factory=list)


def _forced(doc: YamlDocument, entry: YamlEntry) -> list[ForcedTurn]:
    turns = []
    for item in doc.entries(entry.node, "forced"):
        key, person = item.key, item.value
        ok = isinstance(key, tuple) and len(key) == 3 and key[0] in WEEKDAYS
        ok = ok and all(isinstance(i, int) and i >= 1 for i in key[1:])
        if ok and isinstance(person, str):
            turns.append(ForcedTurn(day=key[0], hour=key[1] - 1, line=key[2] - 1, person=person))
        else:
            doc.error(
                item.line,
                f"bad forced cell {key!r}: {person!r}; "
                "expected [day, hour from 1, line from 1]: person",
            )
    return turns


def _value(doc: YamlDocument, entry: YamlEntry) -> Any:
    if LEGACY_KEYS[entry.key] == "forced":
        return _forced(doc, entry)
    if entry.key == "hours" and isinstance(entry.value, list):
        return [hour_text(value) for value in entry.value]
    return entry.value


def parse_config(text: str, file: str) -> tuple[LegacyConfig, list[LineError]]:
    """Parse the planning keys of `config.yaml`; a key with a bad value is
    reported and left at its default."""
    doc = YamlDocument(text, file)
    values: dict[str, Any] = {}
    for entry in doc.entries(doc.root, "config.yaml"):
        if entry.key not in LEGACY_KEYS:
            continue
        field = LEGACY_KEYS[entry.key]
        value = _value(doc, entry)
        try:
            LegacyConfig.model_validate({field: value})
        except ValidationError as error:
            problem = error.errors()[0]["msg"]
            doc.error(entry.line, f"bad value for {entry.key}: {problem}")
            continue
        values[field] = value
    return LegacyConfig.model_validate(values), doc.sorted_errors()


def format_config(config: LegacyConfig) -> str:
    """`config.yaml` text with the planning keys under their legacy names."""
    data: dict[Any, Any] = {}
    for key, field in LEGACY_KEYS.items():
        value = getattr(config, field)
        if field == "forced":
            value = {(t.day, t.hour + 1, t.line + 1): t.person for t in value}
        data[key] = value
    return dump_yaml(data)
