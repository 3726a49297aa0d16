"""A typographic cover image made from the metadata (Pillow, EB Garamond).

Deterministic: same metadata and fonts give the same JPEG bytes."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont, features

from . import resources
from .metadata import EditionMeta

WIDTH, HEIGHT = 1600, 2400
MARGIN = 170
#: (ground, ink, accent): dark grounds with light type; picked from the identifier
PALETTES = (
    ((122, 28, 28), (246, 239, 226), (222, 184, 118)),    # oxblood
    ((24, 44, 66), (242, 238, 228), (200, 170, 110)),     # navy
    ((33, 58, 43), (244, 240, 228), (214, 186, 122)),     # bottle green
    ((38, 36, 34), (240, 234, 222), (196, 60, 48)),       # charcoal with red
)
_HAS_RAQM = features.check("raqm")


def _font(path, size: int) -> ImageFont.FreeTypeFont:
    layout = ImageFont.Layout.RAQM if _HAS_RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), size, layout_engine=layout)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _fit(draw, text: str, path, start: int, smallest: int, width: int, max_lines: int):
    """The largest size (down to `smallest`) at which `text` fits in `max_lines`."""
    size = start
    while True:
        font = _font(path, size)
        lines = _wrap(draw, text, font, width)
        fits = len(lines) <= max_lines and all(
            draw.textlength(line, font=font) <= width for line in lines)
        if fits or size <= smallest:
            return font, lines, size
        size = max(smallest, int(size * 0.9))


def _centered(draw, lines: list[str], font, top: float, leading: float, fill) -> float:
    for line in lines:
        w = draw.textlength(line, font=font)
        draw.text(((WIDTH - w) / 2, top), line, font=font, fill=fill)
        top += leading
    return top


def render_cover(meta: EditionMeta, word_and: str = "and") -> bytes:
    regular, italic = resources.cover_fonts()
    digest = hashlib.sha256(meta.identifier.encode("utf-8")).digest()
    ground, ink, accent = PALETTES[digest[0] % len(PALETTES)]
    img = Image.new("RGB", (WIDTH, HEIGHT), ground)
    draw = ImageDraw.Draw(img)
    inner = WIDTH - 2 * MARGIN

    # a double frame, as on a plain cloth binding
    draw.rectangle((60, 60, WIDTH - 61, HEIGHT - 61), outline=accent, width=6)
    draw.rectangle((84, 84, WIDTH - 85, HEIGHT - 85), outline=accent, width=2)

    authors = meta.authors_line(word_and).upper()
    y = 300
    if authors:
        font, lines, size = _fit(draw, authors, regular, 78, 40, inner, 2)
        y = _centered(draw, lines, font, y, size * 1.3, ink)
    rule_y = max(y + 60, 580)
    draw.line((WIDTH / 2 - 160, rule_y, WIDTH / 2 + 160, rule_y), fill=accent, width=4)

    # title and subtitle as one block, set a little above the middle of the
    # space between the rule and the publisher's line
    t_font, t_lines, t_size = _fit(draw, meta.title, regular, 200, 72, inner, 5)
    block = len(t_lines) * t_size * 1.12
    if meta.subtitle:
        s_font, s_lines, s_size = _fit(draw, meta.subtitle, italic, 84, 44, inner, 4)
        block += 60 + len(s_lines) * s_size * 1.25
    top, bottom = rule_y + 80, HEIGHT - 420
    y = top + max(0.0, (bottom - top - block) * 0.35)
    y = _centered(draw, t_lines, t_font, y, t_size * 1.12, ink)
    if meta.subtitle:
        _centered(draw, s_lines, s_font, y + 60, s_size * 1.25, accent)

    if meta.publisher:
        font = _font(regular, 54)
        draw.line((WIDTH / 2 - 80, HEIGHT - 330, WIDTH / 2 + 80, HEIGHT - 330),
                  fill=accent, width=3)
        _centered(draw, [meta.publisher.upper()], font, HEIGHT - 280, 60, ink)

    out = io.BytesIO()
    # 4:4:4 keeps thin serifs crisp; no EXIF, no timestamps
    img.save(out, format="JPEG", quality=88, subsampling=0, optimize=False)
    return out.getvalue()
