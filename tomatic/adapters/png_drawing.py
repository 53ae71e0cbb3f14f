"""What the PNG painters share: the fonts and the encoding (Pillow)."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans when installed, else Pillow's own scalable font, else its bitmap font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has no scalable default font
        return ImageFont.load_default()


def png_bytes(image: Image.Image, **options: object) -> bytes:
    """The image as PNG bytes (`options`: Pillow's, e.g. `compress_level=3`)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **options)
    return buffer.getvalue()
