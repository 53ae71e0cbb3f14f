"""Every legacy file format in one place: `parse_*(text, file) -> (values, errors)`
and `format_*(values) -> text`, where `parse_*(format_*(v))` gives `v` back.

Parsers never raise on bad input: each line that cannot be imported becomes a
`LineError(file, line, message)` and the rest is still imported.
"""

from __future__ import annotations

from tomatic.legacy.config_format import LegacyConfig, format_config, parse_config
from tomatic.legacy.graella_format import format_timetable, parse_timetable, timetable_file_name
from tomatic.legacy.lines import LineError
from tomatic.legacy.person_formats import (
    format_credit,
    format_ideal_loads,
    format_persons,
    parse_credit,
    parse_ideal_loads,
    parse_persons,
)
from tomatic.legacy.text_formats import (
    format_busy,
    format_busy_line,
    format_holidays,
    format_leaves,
    parse_busy,
    parse_busy_line,
    parse_holidays,
    parse_leaves,
)
from tomatic.legacy.timetable_formats import (
    ForcedTurn,
    ForcedTurns,
    LegacyTimetable,
    format_forced_turns,
    parse_forced_turns,
)

__all__ = [
    "ForcedTurn",
    "ForcedTurns",
    "LegacyConfig",
    "LegacyTimetable",
    "LineError",
    "format_busy",
    "format_busy_line",
    "format_config",
    "format_credit",
    "format_forced_turns",
    "format_holidays",
    "format_ideal_loads",
    "format_leaves",
    "format_persons",
    "format_timetable",
    "parse_busy",
    "parse_busy_line",
    "parse_config",
    "parse_credit",
    "parse_forced_turns",
    "parse_holidays",
    "parse_ideal_loads",
    "parse_leaves",
    "parse_persons",
    "parse_timetable",
    "timetable_file_name",
]
