"""A standalone, read-only HTML page of a timetable grid (inline CSS, no scripts)."""

from __future__ import annotations

from html import escape

from tomatic.domain.render_grid import Grid, GridCell

STYLE = """
body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem;margin:0 0 .5rem}
nav{margin:0 0 1rem}nav a{margin-right:1rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #9a9a9a;padding:.25rem .4rem;text-align:center;font-size:.95rem;
 overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
th{background:#f2f2f2}
th.turn{width:7rem}th.line{width:2.5rem;color:#666;font-weight:normal}
tr.start>*{border-top:3px solid #555}
td.hole{background:repeating-linear-gradient(45deg,#fde8e8,#fde8e8 6px,#f3b4b4 6px,#f3b4b4 8px);
 color:#c0392b;font-weight:bold}
td.holiday{background:#e6e6e6;color:#555;font-weight:bold}
td.mine{outline:3px solid #222;outline-offset:-3px;font-weight:bold}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}
ul.legend li{padding:.15rem .6rem;border:1px solid #9a9a9a;border-radius:.4rem}
p.note{color:#555}
"""


def html_page(
    grid: Grid, lang: str, note: str = "", mine: str | None = None, links: str = ""
) -> str:
    """The whole page. `mine` (a person id) gets their cells outlined; `links` is
    ready-made HTML for navigation (already escaped)."""
    head = (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">'
        f"<title>{escape(grid.title)}</title><style>{STYLE}</style></head><body>"
    )
    nav = f"<nav>{links}</nav>" if links else ""
    body = f"<h1>{escape(grid.title)}</h1>{nav}{_table(grid, mine)}{_legend(grid)}"
    footer = f'<p class="note">{escape(note)}</p>' if note else ""
    return head + body + footer + "</body></html>"


def _table(grid: Grid, mine: str | None) -> str:
    heads = "".join(f"<th>{escape(c.heading)}</th>" for c in grid.columns)
    parts = [f'<table><thead><tr><th class="turn"></th><th class="line"></th>{heads}</tr></thead>']
    parts.append("<tbody>")
    for hour, label in enumerate(grid.turn_labels):
        for line, line_label in enumerate(grid.line_labels):
            first = f'<th class="turn" rowspan="{grid.lines}">{escape(label)}</th>'
            row = [first] if line == 0 else []
            row.append(f'<th class="line">{escape(line_label)}</th>')
            for index, column in enumerate(grid.columns):
                if column.holiday is not None:
                    if hour == 0 and line == 0:
                        row.append(_holiday(grid, column.holiday))
                    continue
                row.append(_cell(grid.cells[hour][index][line], mine))
            start = ' class="start"' if line == 0 else ""
            parts.append(f"<tr{start}>" + "".join(row) + "</tr>")
    return "".join(parts) + "</tbody></table>"


def _holiday(grid: Grid, name: str) -> str:
    rows = len(grid.turn_labels) * grid.lines
    text = escape(grid.holiday_label) + (f"<br>{escape(name)}" if name else "")
    return f'<td class="holiday" rowspan="{rows}">{text}</td>'


def _cell(cell: GridCell, mine: str | None) -> str:
    if cell.hole:
        return f'<td class="hole">{escape(cell.text)}</td>'
    if cell.person is None:
        return f'<td class="holiday">{escape(cell.text)}</td>'
    own = ' class="mine"' if mine and cell.person == mine else ""
    style = f"background:#{cell.fill};color:#{cell.ink}"
    name = escape(cell.text)  # the title shows a name the column is too narrow for
    return f'<td{own} style="{style}" title="{name}">{name}</td>'


def _legend(grid: Grid) -> str:
    items = "".join(
        f'<li style="background:#{c.fill};color:#{c.ink}">{escape(c.text)}</li>'
        for c in grid.legend
    )
    return f'<ul class="legend">{items}</ul>' if items else ""
