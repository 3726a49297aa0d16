"""A printer's preflight of a finished PDF.

    preflight(pdf_path, trim_size=None, profile="print") -> list of findings

Each finding is a dict {severity: "error"|"warning", code, message, page,
hint} (page is 1-based, or None for the whole file). Checks: the file parses;
every font is embedded (and subset); each page is the trim size with a
TrimBox; in the print profile no annotations, no text in RGB and black text
as K only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from .geometry import PT_PER_MM
from .geometry import trim_size as lookup_trim

TOLERANCE_PT = 0.5
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_TEXT_OPS = {"Tj", "TJ", "'", '"'}


HINTS = {
    "pdf-unreadable": "rebuild it with `publish pdf`; a printer will reject it",
    "font-not-embedded": "rebuild with `publish pdf`: it embeds the fonts in styles/fonts",
    "font-not-subset": "harmless, but the file is larger than it needs to be",
    "page-size": "check [print] trim_size in book.toml against the printer's order",
    "no-trimbox": "rebuild with `publish pdf`: it sets the TrimBox",
    "annotation": "use the print profile (`publish pdf --profile print`) for the printer",
    "rgb-text": "use the print profile: it sets black text in 100% K",
    "rich-black-text": "set text in device-cmyk(0 0 0 1) in styles/print.css",
}


def _finding(severity, code, message, page=None) -> dict:
    """{severity, code, message, page, hint}: hint says what to do next."""
    return {"severity": severity, "code": code, "message": message, "page": page,
            "hint": HINTS.get(code, "")}


def preflight(pdf_path, trim_size=None, profile: str = "print") -> list[dict]:
    """Check a PDF; `trim_size` is a name ("demy", "6x9in", "b-format"), a
    (width_mm, height_mm) pair, or None to skip the size check."""
    findings: list[dict] = []
    try:
        pdf = pikepdf.open(Path(pdf_path))
    except (pikepdf.PdfError, OSError) as exc:
        return [_finding("error", "pdf-unreadable", f"the PDF does not parse: {exc}")]
    expected = _expected_size(trim_size)
    with pdf:
        if len(pdf.pages) == 0:
            findings.append(_finding("error", "no-pages", "the PDF has no pages"))
        fonts_seen: dict = {}
        forms_seen: dict = {}
        for number, page in enumerate(pdf.pages, start=1):
            findings.extend(_check_boxes(page, number, expected, profile))
            if profile == "print" and page.obj.get("/Annots"):
                findings.append(_finding(
                    "error", "annotation",
                    f"{len(page.obj.Annots)} annotation(s); the print profile has none", number))
            _walk_resources(page.obj.get("/Resources"), number, fonts_seen, forms_seen, findings)
            if profile == "print":
                findings.extend(_check_colour(page.obj, page.obj.get("/Resources"), number,
                                              forms_seen))
    return findings


def _expected_size(trim):
    if trim is None:
        return None
    if isinstance(trim, str):
        t = lookup_trim(trim)
        return t.width_mm * PT_PER_MM, t.height_mm * PT_PER_MM
    width, height = trim
    return width * PT_PER_MM, height * PT_PER_MM


def _box(page_obj, name):
    box = page_obj.get(name)
    if box is None:
        return None
    x1, y1, x2, y2 = (float(v) for v in box)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _check_boxes(page, number, expected, profile):
    out = []
    media = _box(page.obj, "/MediaBox")
    trim = _box(page.obj, "/TrimBox")
    if trim is None:
        out.append(_finding("error" if profile == "print" else "warning", "no-trimbox",
                            "the page has no TrimBox", number))
        trim = media
    if expected and trim:
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        if abs(width - expected[0]) > TOLERANCE_PT or abs(height - expected[1]) > TOLERANCE_PT:
            out.append(_finding(
                "error", "page-size",
                f"trim {width / PT_PER_MM:.1f} x {height / PT_PER_MM:.1f} mm, expected "
                f"{expected[0] / PT_PER_MM:.1f} x {expected[1] / PT_PER_MM:.1f} mm", number))
    if media and trim and any(t < m - TOLERANCE_PT for t, m in zip(trim[:2], media[:2])) or \
            media and trim and any(t > m + TOLERANCE_PT for t, m in zip(trim[2:], media[2:])):
        out.append(_finding("error", "trim-outside-media", "the TrimBox exceeds the MediaBox",
                            number))
    return out


def _walk_resources(resources, number, fonts_seen, forms_seen, findings, depth=0):
    if resources is None or depth > 8:
        return
    for font in (resources.get("/Font") or {}).values():
        key = font.objgen if font.is_indirect else id(font)
        if key in fonts_seen:
            continue
        fonts_seen[key] = True
        findings.extend(_check_font(font, number))
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") != "/Form":
            continue
        key = xobject.objgen
        if key in forms_seen:
            continue
        forms_seen[key] = True
        _walk_resources(xobject.get("/Resources"), number, fonts_seen, forms_seen, findings,
                        depth + 1)


def _check_font(font, number):
    subtype = str(font.get("/Subtype", ""))
    name = str(font.get("/BaseFont", "")).lstrip("/")
    if subtype == "/Type3":
        return []  # glyphs are content streams in the file
    descriptor_owner = font
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not descendants:
            return [_finding("error", "font-broken", f"font {name} has no descendant font",
                             number)]
        descriptor_owner = descendants[0]
    descriptor = descriptor_owner.get("/FontDescriptor")
    if descriptor is None or not any(k in descriptor for k in
                                     ("/FontFile", "/FontFile2", "/FontFile3")):
        return [_finding("error", "font-not-embedded", f"font {name} is not embedded", number)]
    if not _SUBSET.match(name):
        return [_finding("warning", "font-not-subset", f"font {name} is embedded whole",
                         number)]
    return []


_SPACE_KINDS = {"/DeviceRGB": "rgb", "/CalRGB": "rgb", "/DeviceCMYK": "cmyk",
                "/DeviceGray": "gray", "/CalGray": "gray"}
_ICC_KINDS = {1: "gray", 3: "rgb", 4: "cmyk"}  # by the profile's number of components


def _space_kind(name: str, named_spaces) -> str:
    """"rgb", "cmyk", "gray" or "other": the colour space a `cs` selects."""
    if name in _SPACE_KINDS:
        return _SPACE_KINDS[name]
    space = named_spaces.get(name)
    if not isinstance(space, pikepdf.Array) or not len(space):
        return _SPACE_KINDS.get(str(space), "other")
    family = str(space[0])
    if family == "/ICCBased" and len(space) > 1:
        return _ICC_KINDS.get(int(space[1].get("/N", 0)), "other")
    return _SPACE_KINDS.get(family, "other")


def _check_colour(obj, resources, number, forms_done, seen=None):
    """Text painted in RGB, or black text that is not K only."""
    seen = set() if seen is None else seen
    out = []
    try:
        ops = pikepdf.parse_content_stream(obj)
    except pikepdf.PdfError as exc:
        return [_finding("error", "content-unreadable", f"content stream: {exc}", number)]
    space, colour = "gray", (0.0,)
    stack = []
    rgb_text = rich_black = False
    named_spaces = (resources or {}).get("/ColorSpace") or {}
    for operands, operator in ops:
        op = str(operator)
        if op == "q":
            stack.append((space, colour))
        elif op == "Q" and stack:
            space, colour = stack.pop()
        elif op == "g":
            space, colour = "gray", tuple(float(v) for v in operands)
        elif op == "rg":
            space, colour = "rgb", tuple(float(v) for v in operands)
        elif op == "k":
            space, colour = "cmyk", tuple(float(v) for v in operands)
        elif op == "cs" and operands:
            space = _space_kind(str(operands[0]), named_spaces)
        elif op in ("sc", "scn") and space == "cmyk":
            colour = tuple(float(v) for v in operands if isinstance(v, (int, float, pikepdf.Object))
                           and not isinstance(v, pikepdf.Name))
        elif op in _TEXT_OPS:
            if space == "rgb":
                rgb_text = True
            elif space == "cmyk" and len(colour) == 4 and colour[3] > 0.99 and any(colour[:3]):
                rich_black = True
        elif op == "Do" and resources is not None:
            xobject = (resources.get("/XObject") or {}).get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form" \
                    and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                out.extend(_check_colour(xobject, xobject.get("/Resources") or resources,
                                         number, forms_done, seen))
    if rgb_text:
        out.append(_finding("error", "rgb-text", "text is painted in RGB", number))
    if rich_black:
        out.append(_finding("warning", "rich-black-text",
                            "black text is not K only (rich black)", number))
    return out
