"""Paints a timetable drawing model (`tomatic.domain.render_grid.Grid`) as a PNG with Pillow."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from tomatic.adapters.png_drawing import Font, font, png_bytes
from tomatic.domain.render_grid import Grid, GridCell

BACKGROUND, RULE, INK = "#ffffff", "#9a9a9a", "#222222"


@dataclass(frozen=True)
class Layout:
    """Pixel sizes of one drawing."""

    width: int = 1200
    margin: int = 16
    title: int = 52
    header: int = 34
    row: int = 26
    gap: int = 8
    turn_gutter: int = 112
    line_gutter: int = 34
    legend_row: int = 30

    def column_width(self, columns: int) -> int:
        """Width of each day column so that the image is `width` wide."""
        free = self.width - 2 * self.margin - self.turn_gutter - self.line_gutter
        return max(120, free // max(columns, 1))

    def band(self, lines: int) -> int:
        """Height of one turn band."""
        return lines * self.row


def render_png(grid: Grid, layout: Layout | None = None) -> bytes:
    """The PNG bytes of a timetable grid (about 1200 px wide)."""
    layout = layout or Layout()
    col = layout.column_width(len(grid.columns))
    width = 2 * layout.margin + layout.turn_gutter + layout.line_gutter + col * len(grid.columns)
    legend_rows = _legend_rows(grid, width - 2 * layout.margin)
    body = len(grid.turn_labels) * (layout.band(grid.lines) + layout.gap)
    height = layout.margin * 2 + layout.title + layout.header + body
    height += len(legend_rows) * layout.legend_row
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((layout.margin, layout.margin), grid.title, fill=INK, font=font(24, bold=True))
    _draw_headers(draw, grid, layout, col)
    _draw_bands(draw, grid, layout, col)
    _draw_legend(draw, legend_rows, layout, height - len(legend_rows) * layout.legend_row)
    return png_bytes(image, compress_level=3)


def _left(layout: Layout) -> int:
    return layout.margin + layout.turn_gutter + layout.line_gutter


def _draw_headers(draw: ImageDraw.ImageDraw, grid: Grid, layout: Layout, col: int) -> None:
    top = layout.margin + layout.title
    for index, column in enumerate(grid.columns):
        x = _left(layout) + index * col
        box = (x, top, x + col, top + layout.header - 4)
        draw.rectangle(box, fill="#f2f2f2", outline=RULE)
        _centred(draw, box, column.heading, font(16, bold=True), INK)


def _draw_bands(draw: ImageDraw.ImageDraw, grid: Grid, layout: Layout, col: int) -> None:
    top = layout.margin + layout.title + layout.header
    band = layout.band(grid.lines)
    for hour, label in enumerate(grid.turn_labels):
        y = top + hour * (band + layout.gap)
        gutter = (layout.margin, y, layout.margin + layout.turn_gutter - 4, y + band)
        draw.rectangle(gutter, fill="#f2f2f2", outline=RULE)
        _draw_turn_label(draw, gutter, label)
        for line, line_label in enumerate(grid.line_labels):
            x = layout.margin + layout.turn_gutter
            box = (
                x,
                y + line * layout.row,
                x + layout.line_gutter - 2,
                y + (line + 1) * layout.row,
            )
            _centred(draw, box, line_label, font(12), "#666666")
        for index, column in enumerate(grid.columns):
            x = _left(layout) + index * col
            if column.holiday is not None:
                _draw_holiday(draw, (x, y, x + col, y + band), grid.holiday_label, column.holiday)
                continue
            for line, cell in enumerate(grid.cells[hour][index]):
                row_y = y + line * layout.row
                _draw_cell(draw, (x, row_y, x + col, row_y + layout.row), cell)


def _draw_turn_label(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], label: str) -> None:
    start, _, end = label.partition("–")
    middle = (box[1] + box[3]) // 2
    _centred(draw, (box[0], middle - 22, box[2], middle), start, font(16, bold=True), INK)
    if end:
        _centred(draw, (box[0], middle, box[2], middle + 22), "– " + end, font(14), "#555555")


def _draw_cell(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], cell: GridCell) -> None:
    draw.rectangle(box, fill="#" + cell.fill, outline=RULE)
    if cell.hole:
        _hatch(draw, box, "#f3b4b4")
        _centred(draw, box, cell.text, font(16, bold=True), "#" + cell.ink)
        return
    _centred(draw, box, cell.text, font(15), "#" + cell.ink)


def _draw_holiday(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], label: str, name: str
) -> None:
    draw.rectangle(box, fill="#e6e6e6", outline=RULE)
    _hatch(draw, box, "#d4d4d4")
    middle = (box[1] + box[3]) // 2
    _centred(draw, (box[0], box[1], box[2], middle + 10), label, font(16, bold=True), "#555555")
    if name:
        _centred(draw, (box[0], middle, box[2], middle + 36), name, font(13), "#555555")


def _hatch(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], color: str) -> None:
    left, top, right, bottom = box
    height = bottom - top
    for start in range(left - height, right, 10):
        x0, x1 = max(start, left), min(start + height, right)
        if x1 > x0:
            draw.line((x0, bottom - (x0 - start), x1, bottom - (x1 - start)), fill=color)
    draw.rectangle(box, outline=RULE)


def _centred(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str, face: Font, ink: str
) -> None:
    text = _fit(draw, text, face, box[2] - box[0] - 8)
    x = (box[0] + box[2]) / 2
    y = (box[1] + box[3]) / 2
    draw.text((x, y), text, fill=ink, font=face, anchor="mm")


def _fit(draw: ImageDraw.ImageDraw, text: str, face: Font, room: int) -> str:
    """`text`, or its longest start that fits in `room` pixels with "…" after it: found by
    bisection, so a name of thousands of characters costs a dozen measurements, not thousands."""
    if draw.textlength(text, font=face) <= room:
        return text
    fits, too_long = 0, len(text)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if draw.textlength(text[:middle] + "…", font=face) <= room:
            fits = middle
        else:
            too_long = middle
    return text[:fits] + "…"


def _legend_rows(grid: Grid, room: int) -> list[list[tuple[GridCell, int]]]:
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    rows: list[list[tuple[GridCell, int]]] = [[]]
    used = 0
    for cell in grid.legend:
        chip = min(int(probe.textlength(cell.text, font=font(14))) + 20, room)
        if used + chip > room and rows[-1]:
            rows.append([])
            used = 0
        rows[-1].append((cell, chip))
        used += chip + 6
    return rows if rows[0] else []


def _draw_legend(
    draw: ImageDraw.ImageDraw, rows: list[list[tuple[GridCell, int]]], layout: Layout, top: int
) -> None:
    for number, row in enumerate(rows):
        x = layout.margin
        y = top + number * layout.legend_row
        for cell, chip in row:
            box = (x, y + 3, x + chip, y + layout.legend_row - 3)
            draw.rounded_rectangle(box, radius=6, fill="#" + cell.fill, outline=RULE)
            _centred(draw, box, cell.text, font(14), "#" + cell.ink)
            x += chip + 6
