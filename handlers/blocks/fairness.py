"""`/tomatic fairness`: each person's discomfort over recent weeks, most first, paged."""

from __future__ import annotations

from handlers import ids
from handlers.blocks.common import Block, context, header, section
from handlers.blocks.limits import escape, paginate, split_text
from handlers.blocks.paging import pager_blocks
from tomatic.domain.fairness import FairnessReport, LedgerRow
from tomatic.i18n import t
from tomatic.i18n.formats import date_text

ROWS_PER_PAGE = 40
"""40 rows, each at most one section, with the title, notes and pager: < 50 blocks."""


def fairness_blocks(report: FairnessReport, lang: str, page: int = 0) -> list[Block]:
    """The ledger's rows (a page of them), what the numbers mean and whether the planner
    uses them."""
    blocks = [header(fairness_title(report, lang))]
    if not report.rows:
        return blocks + [section(t(lang, "fairness.none")), _switch(report, lang)]
    summary = t(
        lang,
        "fairness.summary_one" if report.recorded == 1 else "fairness.summary",
        recorded=report.recorded,
        mean=f"{report.mean:.1f}",
        spread=f"{report.spread:.1f}",
    )
    shown = paginate(report.rows, page, ROWS_PER_PAGE)
    lines = [_row(row, lang) for row in shown.items]
    return [
        *blocks,
        context(summary),
        *(section(chunk) for chunk in split_text(lines)),
        *pager_blocks(shown, lang, ids.FAIRNESS_PAGE, str(len(report.weeks))),
        _switch(report, lang),
    ]


def fairness_title(report: FairnessReport, lang: str) -> str:
    """`Unpleasant turns, last 8 weeks (30/11/2026 to 18/1/2027)`: the span's Mondays."""
    first, last = (date_text(lang, week) for week in (report.weeks[0], report.weeks[-1]))
    key = "fairness.title_one" if len(report.weeks) == 1 else "fairness.title"
    return t(lang, key, weeks=len(report.weeks), first=first, last=last)


def _row(row: LedgerRow, lang: str) -> str:
    weekly = " · ".join("–" if points is None else str(points) for points in row.weekly)
    return t(lang, "fairness.row", name=escape(row.name), total=row.total, weekly=weekly)


def _switch(report: FairnessReport, lang: str) -> Block:
    if report.enabled:
        return context(t(lang, "fairness.on", weeks=len(report.weeks)))
    return context(t(lang, "fairness.off"))
