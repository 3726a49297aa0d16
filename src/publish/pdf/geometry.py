"""Page geometry: trim sizes, the text block, mirrored margins and the gutter.

The text block (measure and depth) is fixed per trim size, so the layout of a
chapter never depends on the book's final page count. Only the gutter does:
it is chosen once all parts are rendered, and the merge slides each page's
text block sideways to the mirrored position (see `merge.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import PublishError

MM_PER_IN = 25.4
PT_PER_MM = 72 / MM_PER_IN


@dataclass(frozen=True)
class TrimSize:
    name: str
    width_mm: float
    height_mm: float
    #: the text block
    measure_mm: float
    top_mm: float
    bottom_mm: float
    #: never set the gutter narrower than this, whatever the page count
    min_inner_mm: float

    @property
    def side_mm(self) -> float:
        """The margin each side when the text block is centred."""
        return (self.width_mm - self.measure_mm) / 2


TRIM_SIZES = {
    t.name: t
    for t in (
        TrimSize("demy", 138.0, 216.0, 100.0, 20.0, 24.0, 13.0),
        TrimSize("6x9in", 152.4, 228.6, 110.0, 21.0, 25.0, 14.0),
        TrimSize("b-format", 129.0, 198.0, 94.0, 18.0, 22.0, 12.5),
    )
}
DEFAULT_TRIM = "demy"

#: KDP Print's minimum inside margin by page count (upper bound, inches).
KDP_GUTTER_IN = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875))
#: 3 mm bleed, the usual request of print-on-demand printers
PROOF_BLEED_MM = 3.0


def trim_size(name: str | None) -> TrimSize:
    key = (name or DEFAULT_TRIM).strip()
    try:
        return TRIM_SIZES[key]
    except KeyError:
        raise PublishError(
            f"unknown trim size {key!r}", "book.toml",
            hint="[print] trim_size must be one of: " + ", ".join(TRIM_SIZES)) from None


def kdp_gutter_mm(pages: int) -> float:
    """The minimum gutter for a book of `pages` pages (KDP's table)."""
    for upper, inches in KDP_GUTTER_IN:
        if pages <= upper:
            return inches * MM_PER_IN
    return KDP_GUTTER_IN[-1][1] * MM_PER_IN


@dataclass(frozen=True)
class PageGeometry:
    trim: TrimSize
    pages: int
    proof: bool = False

    @property
    def inner_mm(self) -> float:
        return max(self.trim.min_inner_mm, kdp_gutter_mm(self.pages))

    @property
    def outer_mm(self) -> float:
        return self.trim.width_mm - self.trim.measure_mm - self.inner_mm

    def shift_pt(self, recto: bool) -> float:
        """How far the centred text block moves to its mirrored place."""
        delta = (self.inner_mm - self.trim.side_mm) * PT_PER_MM
        return delta if recto else -delta

    def check(self) -> None:
        if self.outer_mm < 6.35:  # KDP: at least 0.25 in outside
            raise PublishError(
                f"{self.pages} pages need a gutter of {self.inner_mm:.1f} mm, which leaves "
                f"only {self.outer_mm:.1f} mm outside on {self.trim.name}", "book.toml",
                hint="choose a larger trim_size in [print]")
