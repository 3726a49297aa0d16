"""Print preflight behind `publish check --pdf`: the PDF parses, fonts are
embedded, the page is the trim size, and (print profile) no text is set in
RGB and no page carries annotations. A printer rejects a file for any of these."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .findings import ERROR, WARNING, Finding

MM_TO_PT = 72 / 25.4
#: how far a page may be off the trim (pt): rounding in PDF writers
TOLERANCE_PT = 0.5
TRIMS_MM = {"demy": (138.0, 216.0), "6x9in": (152.4, 228.6), "b-format": (129.0, 198.0)}
_TEXT_SHOW = {"Tj", "TJ", "'", '"'}


def _trim_of(manuscript: Path | None) -> tuple[str, tuple[float, float]] | None:
    try:
        from ..pdf.geometry import TRIM_SIZES
        trims = {k: (v.width_mm, v.height_mm) for k, v in TRIM_SIZES.items()}
    except ImportError:
        trims = TRIMS_MM
    if manuscript is None:
        return None
    try:
        data = tomllib.loads((manuscript / "book.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    name = str(data.get("print", {}).get("trim_size", "demy"))
    return (name, trims[name]) if name in trims else None


def profile_of(pdf: Path) -> str:
    """`publish pdf` names the screen edition `...-screen.pdf`."""
    return "screen" if pdf.stem.endswith("-screen") else "print"


def check_pdf(pdf: Path, manuscript: Path | None = None, profile: str | None = None) -> list[Finding]:
    profile = profile or profile_of(pdf)
    name = str(pdf)
    if not pdf.is_file():
        return [Finding(name, None, None, ERROR, "pdf-missing", "no such PDF file", "",
                        "build it with `publish pdf`, or give the right path")]
    trim = _trim_of(manuscript)
    # the PDF writer's own preflight, when present, is the reference; ours
    # (preflight_pdf) stands in for it otherwise
    external = _external_preflight(pdf, trim, profile)
    if external is not None:
        return external
    return preflight_pdf(pdf, trim, profile)


def _external_preflight(pdf: Path, trim, profile: str) -> list[Finding] | None:
    """The PDF engineer's preflight, when it exists; its findings, converted."""
    try:
        from ..pdf.preflight import preflight
    except ImportError:
        return None
    items = preflight(pdf, trim[0] if trim else None, profile)
    out = []
    for it in items:
        if isinstance(it, Finding):
            out.append(it)
            continue
        get = it.get if isinstance(it, dict) else (lambda k, d=None, _i=it: getattr(_i, k, d))
        code = str(get("code", "preflight"))
        page = get("page", None)
        out.append(Finding(str(get("file", None) or pdf), page, None, str(get("severity", ERROR)),
                           code if code.startswith("pdf-") else f"pdf-{code}",
                           (f"page {page}: " if page else "") + str(get("message", it)), "",
                           str(get("hint", "") or get("suggestion", "") or "")))
    return out


def preflight_pdf(pdf: Path, trim, profile: str) -> list[Finding]:
    import pikepdf

    name = str(pdf)
    out: list[Finding] = []
    try:
        doc = pikepdf.open(pdf)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError) as exc:
        return [Finding(name, None, None, ERROR, "pdf-parse", f"the PDF does not parse: {exc}",
                        "", "rebuild it; a printer will reject it")]
    with doc:
        for problem in doc.check_pdf_syntax()[:20]:
            out.append(Finding(name, None, None, WARNING, "pdf-structure", str(problem), "",
                               "rebuild the PDF; qpdf --check gives details"))
        unembedded: dict[str, int] = {}
        sizes = set()
        for pno, page in enumerate(doc.pages, 1):
            for font_name in _unembedded_fonts(page.obj.get("/Resources")):
                unembedded.setdefault(font_name, pno)
            box = page.obj.get("/TrimBox") or page.mediabox
            w, h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
            sizes.add((round(w, 1), round(h, 1)))
            if trim and (abs(w - trim[1][0] * MM_TO_PT) > TOLERANCE_PT
                         or abs(h - trim[1][1] * MM_TO_PT) > TOLERANCE_PT):
                out.append(Finding(name, pno, None, ERROR, "pdf-page-size",
                                   f"page {pno} is {w / MM_TO_PT:.1f}×{h / MM_TO_PT:.1f} mm; "
                                   f"the trim ({trim[0]}) is {trim[1][0]}×{trim[1][1]} mm", "",
                                   "rebuild with the trim_size in book.toml"))
            if profile == "print":
                annots = page.obj.get("/Annots")
                if annots is not None and len(annots):
                    out.append(Finding(name, pno, None, ERROR, "pdf-annotation",
                                       f"page {pno} has {len(annots)} annotation(s) (links?); "
                                       "the print profile has none", "",
                                       "build with --profile print"))
                rgb = _rgb_text_count(page)
                if rgb:
                    out.append(Finding(name, pno, None, ERROR, "pdf-rgb-text",
                                       f"page {pno}: {rgb} text run(s) set in RGB; print text "
                                       "must be gray or CMYK (K-only black)", "",
                                       "build with --profile print"))
        for font_name, pno in unembedded.items():
            out.append(Finding(name, pno, None, ERROR, "pdf-font-not-embedded",
                               f"font {font_name} is not embedded (first used on page {pno})",
                               font_name, "embed every font; printers substitute missing ones"))
        if trim is None and len(sizes) > 1:
            out.append(Finding(name, None, None, ERROR, "pdf-page-size",
                               f"pages have {len(sizes)} different sizes", "",
                               "every page of a book block is the trim size"))
    # a page number is no line number: findings on pages keep `line` as the page
    return out


def _fonts_in(resources, seen=None):
    seen = seen if seen is not None else set()
    if resources is None:
        return
    fonts = resources.get("/Font")
    if fonts is not None:
        for key in fonts.keys():  # noqa: SIM118 - pikepdf Dictionary
            yield fonts[key]
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for key in xobjects.keys():  # noqa: SIM118 - pikepdf Dictionary
            xo = xobjects[key]
            oid = xo.objgen
            if oid in seen:
                continue
            seen.add(oid)
            if xo.get("/Subtype") == "/Form":
                yield from _fonts_in(xo.get("/Resources"), seen)


def _unembedded_fonts(resources):
    for font in _fonts_in(resources):
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            continue
        desc_font = font
        if subtype == "/Type0":
            descendants = font.get("/DescendantFonts")
            if descendants is None or not len(descendants):
                continue
            desc_font = descendants[0]
        fd = desc_font.get("/FontDescriptor")
        embedded = fd is not None and any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if not embedded:
            yield str(font.get("/BaseFont", "unnamed"))


def _rgb_text_count(page) -> int:
    """Text-showing operators while the fill colour is RGB."""
    import pikepdf

    try:
        ops = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError:
        return 0
    spaces = page.obj.get("/Resources", {}).get("/ColorSpace", {}) if page.obj.get("/Resources") else {}
    fill_rgb = False
    count = 0
    stack = []
    for operands, op in ops:
        op = str(op)
        if op == "q":
            stack.append(fill_rgb)
        elif op == "Q":
            fill_rgb = stack.pop() if stack else False
        elif op == "rg":
            fill_rgb = True
        elif op in ("g", "k"):
            fill_rgb = False
        elif op == "cs" and operands:
            fill_rgb = _is_rgb_space(str(operands[0]), spaces)
        elif op in _TEXT_SHOW and fill_rgb:
            count += 1
    return count


def _is_rgb_space(name: str, spaces) -> bool:
    if name == "/DeviceRGB" or name == "/CalRGB":
        return True
    if name in ("/DeviceGray", "/DeviceCMYK", "/CalGray"):
        return False
    try:
        cs = spaces.get(name)
    except AttributeError:
        return False
    if cs is None:
        return False
    try:
        if str(cs[0]) == "/ICCBased":
            return int(cs[1].get("/N", 3)) == 3
        return str(cs[0]) in ("/DeviceRGB", "/CalRGB")
    except (TypeError, IndexError, KeyError, ValueError):
        return False
