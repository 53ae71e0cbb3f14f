"""Call statistics of a day or a week: totals, by day, by hour and by person."""

from __future__ import annotations

from handlers.blocks.common import Block, context, fields, header, section
from handlers.blocks.limits import escape, split_text
from handlers.blocks.paging import more_line
from tomatic.domain.stats import CallStats, Count
from tomatic.domain.stats_period import PeriodKind
from tomatic.i18n import t
from tomatic.i18n.formats import date_text
from tomatic.services.stats import StatsReport

BAR = "▇"
BAR_WIDTH = 12
MAX_OPERATORS = 100
"""People listed by name; the rest are counted in an "N more" line."""


def stats_title(report: StatsReport, lang: str) -> str:
    """ "Calls of <day>" or "Calls of the week <first> – <last>"."""
    period = report.period
    if period.kind == PeriodKind.WEEK:
        first, last = date_text(lang, period.first), date_text(lang, period.last)
        return t(lang, "stats.title_week", first=first, last=last)
    return t(lang, "stats.title_day", date=date_text(lang, period.first))


def stats_blocks(report: StatsReport, lang: str, chart_shared: bool | None = None) -> list[Block]:
    """The whole report, or why there is none; `chart_shared` says where the chart is (True:
    shared in the conversation, False: Slack refused it, None: no chart)."""
    stats, period = report.stats, report.period
    blocks: list[Block] = [header(stats_title(report, lang))]
    if not stats.measured:
        first, last = date_text(lang, period.first), date_text(lang, period.last)
        if period.kind == PeriodKind.WEEK:
            return [*blocks, section(t(lang, "stats.none", first=first, last=last))]
        return [*blocks, section(t(lang, "stats.none_day", date=first))]
    blocks.append(fields(total_fields(stats, lang)))
    if period.kind == PeriodKind.WEEK:
        blocks.append(section(f"*{t(lang, 'stats.by_day')}*\n" + "\n".join(day_lines(stats, lang))))
    blocks += titled_sections(t(lang, "stats.by_hour"), hour_lines(stats, lang))
    blocks += operator_blocks(report, lang)
    blocks += [context(note) for note in notes(stats, lang, chart_shared)]
    return blocks


def total_fields(stats: CallStats, lang: str) -> list[tuple[str, str]]:
    """Received, answered, abandoned, answer rate, average wait and call."""
    rate = stats.answer_rate
    return [
        (t(lang, "stats.received"), str(stats.total.received)),
        (t(lang, "stats.answered_total"), str(stats.total.answered)),
        (t(lang, "stats.abandoned_total"), str(stats.total.abandoned)),
        (t(lang, "stats.rate"), t(lang, "stats.none_yet") if rate is None else f"{rate:.0%}"),
        (t(lang, "stats.holdtime"), _seconds(stats.holdtime, lang)),
        (t(lang, "stats.talktime"), _seconds(stats.talktime, lang)),
    ]


def day_lines(stats: CallStats, lang: str) -> list[str]:
    """One line per day that had calls, or per working day of the period."""
    names = t(lang, "stats.day_names").split()
    lines = []
    for day, count in sorted(stats.by_day.items()):
        lines.append(
            t(
                lang,
                "stats.day_line",
                day=names[day.weekday()],
                date=date_text(lang, day),
                answered=count.answered,
                abandoned=count.abandoned,
            )
        )
    return lines


def hour_lines(stats: CallStats, lang: str) -> list[str]:
    """One line per hour with calls, with a bar as long as its calls."""
    highest = max([1, *(count.received for count in stats.by_hour.values())])
    return [
        t(
            lang,
            "stats.hour_line",
            hour=f"{hour:02d}",
            bar=_bar(count, highest),
            answered=count.answered,
            abandoned=count.abandoned,
        )
        for hour, count in stats.by_hour.items()
    ]


def operator_blocks(report: StatsReport, lang: str) -> list[Block]:
    """Calls per person, most first: up to `MAX_OPERATORS` lines, then "N more"."""
    lines = [
        t(
            lang,
            "stats.operator_line",
            name=escape(item.name),
            extension=item.extension,
            calls=item.calls,
        )
        for item in report.operators[:MAX_OPERATORS]
    ]
    blocks = titled_sections(t(lang, "stats.by_operator"), lines)
    more = more_line(len(report.operators) - len(lines), lang)
    return blocks + [more] if more else blocks


def titled_sections(title: str, lines: list[str]) -> list[Block]:
    """A bold title and the lines, in as many sections as their length needs."""
    if not lines:
        return []
    return [section(chunk) for chunk in split_text([f"*{title}*", *lines])]


def notes(stats: CallStats, lang: str, chart_shared: bool | None) -> list[str]:
    """What the reader should know about how the numbers were obtained."""
    found = [t(lang, "stats.approximate")]
    if stats.resets:
        found.append(t(lang, "stats.restarted", count=stats.resets))
    if chart_shared is not None:
        found.append(t(lang, "stats.chart_shared" if chart_shared else "stats.chart_not_shared"))
    return found


def _bar(count: Count, highest: int) -> str:
    return BAR * max(1 if count.received else 0, round(BAR_WIDTH * count.received / highest))


def _seconds(value: int | None, lang: str) -> str:
    return t(lang, "stats.none_yet") if value is None else t(lang, "stats.seconds", seconds=value)
