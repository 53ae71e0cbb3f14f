"""Building the weekly-load inputs from an imported legacy directory."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.load_model import LoadInputs
from tomatic.domain.model import monday_of
from tomatic.legacy.config_format import LegacyConfig
from tomatic.legacy.directory import LegacyBundle


def load_inputs_for_week(
    bundle: LegacyBundle,
    week: dt.date,
    *,
    line_count: int | None = None,
    forgive: bool = False,
    use_leaves: bool = False,
) -> LoadInputs:
    """`LoadInputs` for the week holding `week`, as the original's shift load saw them.

    Lines come from `line_count` (the CLI's `--lines`) or the config. Leaves are
    ignored unless `use_leaves`, as in the original since v5.4.
    """
    config = bundle.config or LegacyConfig()
    return LoadInputs(
        week=monday_of(week),
        line_count=config.line_count if line_count is None else line_count,
        ideal_loads=bundle.ideal_loads(),
        holidays=[holiday.date for holiday in bundle.holidays],
        busy=[*bundle.oneshot_busy, *bundle.weekly_busy, *bundle.vacations],
        leaves=bundle.leaves if use_leaves else [],
        credit=bundle.shift_credit,
        hours_per_day=max(len(config.hours) - 1, 1),
        daily_max_general=config.daily_max_general,
        daily_max=config.daily_max,
        max_overload=config.max_overload,
        adjust_lines=config.adjust_lines,
        forgive=forgive,
    )
