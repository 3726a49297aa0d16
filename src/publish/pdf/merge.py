"""Assemble the book from separately rendered parts with pikepdf.

Each text page is moved sideways from its centred position to the mirrored
one (the gutter depends on the final page count), the running heads and folio
of its page are laid over it as a form XObject, blank versos are inserted, and
bookmarks, named destinations and links are rebuilt for the whole book.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation, String

from .geometry import PageGeometry
from .html import CROSS_PART
from .tagging import StructureMerger

PX = 0.75  # PDF points per CSS px


@dataclass
class Slot:
    """A run of pages of the book: a rendered part, or one blank page."""

    key: str | None  # None: a blank page
    pages: int


@dataclass
class PageStamps:
    """Which running head and folio each page carries, and where the stamps
    document set them (from WeasyPrint's anchors)."""

    per_page: list  # per physical page: (head index, folio index) or None
    anchors: dict  # id -> (page index, x1, y1, x2, y2) in CSS px
    proof: bool = False


@dataclass(frozen=True)
class DocInfo:
    title: str
    authors: list[str]
    language: str
    subject: str
    date: str  # PDF date string, D:YYYYMMDDHHmmSSZ


def _open(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


class _Stamper:
    """Lays running heads, folios and (--proof) crop marks over pages."""

    def __init__(self, out: pikepdf.Pdf, stamps_pdf: pikepdf.Pdf, stamps: PageStamps,
                 geometry: PageGeometry):
        self.out, self.src, self.stamps, self.geometry = out, stamps_pdf, stamps, geometry
        self.page_forms: dict[int, pikepdf.Object] = {}
        self.cell_streams: dict[int, dict[int, bytes]] = {}
        self.height_pt = float(stamps_pdf.pages[0].trimbox[3])
        self.width_pt = float(stamps_pdf.pages[0].trimbox[2])
        self.marks = None
        if stamps.proof:
            index = stamps.anchors["stamp-marks"][0]
            self.marks = self._page_form(index)
            self.boxes = {b: Array([float(v) for v in stamps_pdf.pages[index].obj[b]])
                          for b in ("/MediaBox", "/TrimBox", "/BleedBox")}

    def _page_form(self, index: int) -> pikepdf.Object:
        if index not in self.page_forms:
            page = self.src.pages[index]
            form = page.as_form_xobject()
            # qpdf clips the form to the TrimBox; crop marks live in the bleed
            form.BBox = Array([float(v) for v in page.obj.MediaBox])
            self.page_forms[index] = self.out.copy_foreign(form)
        return self.page_forms[index]

    def forms_for(self, physical: int) -> list[pikepdf.Object]:
        """The form XObjects to draw on physical page `physical` (0-based)."""
        forms = [self.marks] if self.marks is not None else []
        which = self.stamps.per_page[physical]
        if which is None:
            return forms
        head, folio = which
        page, _, head_top, _, _ = self.stamps.anchors[f"head-{head}"]
        forms.append(self._page_form(page))
        forms.append(self._folio_form(folio, head_top, recto=physical % 2 == 0))
        return forms

    def _folio_form(self, folio: int, head_top: float, recto: bool) -> pikepdf.Object:
        """A form showing one folio of the stamps document, moved to the outer
        corner of the page on the running head's line."""
        page, x1, y1, x2, y2 = self.stamps.anchors[f"folio-{folio}"]
        content = self._cells(page).get(folio)
        if content is None:
            raise RuntimeError(f"folio {folio} not found in the stamps document")
        outer = self.geometry.outer_mm * 72 / 25.4
        dx = (self.width_pt - outer - x2 * PX) if recto else (outer - x1 * PX)
        dy = (y1 - head_top) * PX  # CSS y grows downwards, PDF y upwards
        form = pikepdf.Stream(self.out, content)
        form.Type = Name.XObject
        form.Subtype = Name.Form
        form.BBox = Array([x1 * PX, self.height_pt - y2 * PX, x2 * PX, self.height_pt - y1 * PX])
        form.Matrix = Array([1, 0, 0, 1, dx, dy])
        form.Resources = self.out.copy_foreign(self.src.pages[page].obj.Resources)
        return form

    def _cells(self, page: int) -> dict[int, bytes]:
        """Split a page of folio cells into one content stream per folio, so a
        page's text holds its own folio only (not the others, clipped away)."""
        if page not in self.cell_streams:
            spans = {}
            for name, (index, _, y1, _, y2) in self.stamps.anchors.items():
                if name.startswith("folio-") and index == page:
                    spans[int(name[6:])] = (y1, y2)
            self.cell_streams[page] = _split_text_groups(self.src.pages[page], spans)
        return self.cell_streams[page]

    def boxes_for_proof(self, page: pikepdf.Page) -> None:
        if self.marks is not None:
            for box, value in self.boxes.items():
                page.obj[box] = value


def _split_text_groups(page: pikepdf.Page, spans: dict[int, tuple[float, float]]):
    """For each text object (BT..ET) of the page, the innermost q..Q group
    around it, with the transformations in force: one stream per cell whose
    vertical span (CSS px) holds the text's baseline."""
    ops = pikepdf.parse_content_stream(page.obj)
    groups: dict[int, bytes] = {}
    stack: list[tuple[int, list]] = []  # (index of q, cm ops in force before it)
    active: list[list] = [[]]
    open_group = None
    for i, (operands, operator) in enumerate(ops):
        op = str(operator)
        if op == "q":
            stack.append((i, [cm for level in active for cm in level]))
            active.append([])
        elif op == "Q":
            if open_group is not None and stack and stack[-1][0] == open_group[0]:
                start, prefix, baseline = open_group
                for key, (y1, y2) in spans.items():
                    if y1 <= baseline <= y2:
                        body = prefix + list(ops[start:i + 1])
                        groups[key] = pikepdf.unparse_content_stream(body)
                        break
                open_group = None
            if stack:
                stack.pop()
                active.pop()
        elif op == "cm":
            active[-1].append(pikepdf.ContentStreamInstruction(operands, operator))
        elif op == "Tm" and stack and open_group is None:
            start, prefix = stack[-1]
            open_group = (start, prefix, float(operands[5]))
    return groups


def assemble(slots: list[Slot], parts: dict[str, bytes], stamps_pdf: bytes,
             stamps: PageStamps, geometry: PageGeometry, profile: str, info: DocInfo,
             target) -> int:
    """Write the merged book to `target` (a path); returns its page count."""
    out = pikepdf.new()
    stamp_src = _open(stamps_pdf)
    stamper = _Stamper(out, stamp_src, stamps, geometry)
    keep = []  # source Pdfs must stay open until the output is saved
    outline_items: list[OutlineItem] = []
    dests: dict[str, Array] = {}
    structure = StructureMerger(out) if profile == "screen" else None
    physical = 0
    for slot in slots:
        if slot.key is None:
            page = out.add_blank_page(page_size=(stamper.width_pt, stamper.height_pt))
            page.obj.TrimBox = Array([0, 0, stamper.width_pt, stamper.height_pt])
            _place(out, page, stamper.forms_for(physical), 0)
            stamper.boxes_for_proof(page)
            physical += 1
            continue
        src = _open(parts[slot.key])
        keep.append(src)
        index_of = {p.obj.objgen: i for i, p in enumerate(src.pages)}
        first = physical
        for page in src.pages:
            out.pages.append(page)
            new = out.pages[-1]
            dx = geometry.shift_pt(recto=physical % 2 == 0)
            _place(out, new, stamper.forms_for(physical), dx)
            stamper.boxes_for_proof(new)
            _fix_annotations(new, dx, profile)
            physical += 1
        if structure is not None:
            structure.add_part(src, [out.pages[first + i] for i in range(len(src.pages))])
        shifts = {i: geometry.shift_pt((first + i) % 2 == 0) for i in range(slot.pages)}
        outline_items.extend(_outline(src, index_of, first, shifts))
        if profile == "screen":
            dests.update(_dests(src, index_of, out, first, shifts))
    with out.open_outline() as outline:
        outline.root.extend(outline_items)
    if structure is not None:
        structure.install()
    if profile == "screen" and dests:
        names = Array()
        for name in sorted(dests):
            names.append(String(name))
            names.append(dests[name])
        out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=names)))
        out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    _info(out, info)
    out.save(target, deterministic_id=True, compress_streams=True, min_version="1.7",
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in keep:
        src.close()
    stamp_src.close()
    return len(out.pages)


def _place(out: pikepdf.Pdf, page: pikepdf.Page, forms: list, dx: float) -> None:
    """Slide the text block by dx points; lay the stamps over it."""
    if "/CropBox" in page.obj:
        del page.obj["/CropBox"]
    if dx:
        page.contents_add(pikepdf.Stream(out, f"q 1 0 0 1 {dx:.4f} 0 cm\n".encode()),
                          prepend=True)
    tail = b"\nQ\n" if dx else b"\n"
    if forms:
        # the pages of one part share one Resources dictionary: give each page
        # its own, naming only its own stamps
        resources = Dictionary(page.obj.get("/Resources", Dictionary()))
        xobjects = Dictionary(resources.get("/XObject", Dictionary()))
        for i, form in enumerate(forms):
            xobjects[Name(f"/PubStamp{i}")] = form
            # running heads, folios and crop marks are not part of the text
            tail += f"/Artifact BMC q /PubStamp{i} Do Q EMC\n".encode()
        resources.XObject = xobjects
        page.obj.Resources = resources
    page.contents_add(pikepdf.Stream(out, tail))


def _fix_annotations(page: pikepdf.Page, dx: float, profile: str) -> None:
    if "/Annots" not in page.obj:
        return
    if profile != "screen":
        del page.obj["/Annots"]  # print: no annotations at all
        return
    for annot in page.obj.Annots:
        rect = annot.Rect
        annot.Rect = Array([float(rect[0]) + dx, float(rect[1]),
                            float(rect[2]) + dx, float(rect[3])])
        action = annot.get("/A")
        if action is not None and action.get("/S") == "/URI":
            uri = str(action.URI)
            if uri.startswith(CROSS_PART):
                del annot["/A"]
                annot.Dest = String(uri[len(CROSS_PART):])


def _outline(src: pikepdf.Pdf, index_of: dict, first: int, shifts: dict) -> list[OutlineItem]:
    with src.open_outline() as outline:
        return [_copy_item(item, index_of, first, shifts) for item in outline.root]


def _copy_item(item: OutlineItem, index_of: dict, first: int, shifts: dict) -> OutlineItem:
    dest = item.destination
    index = index_of.get(dest[0].objgen, 0) if isinstance(dest, Array) else 0
    left = float(dest[2]) + shifts.get(index, 0) if isinstance(dest, Array) else 0
    top = float(dest[3]) if isinstance(dest, Array) else 0
    new = OutlineItem(str(item.title), first + index, PageLocation.XYZ, left=left, top=top)
    new.children.extend(_copy_item(c, index_of, first, shifts) for c in item.children)
    return new


def _dests(src: pikepdf.Pdf, index_of: dict, out: pikepdf.Pdf, first: int, shifts: dict):
    names = src.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    found = {}
    flat = names.Dests.get("/Names", Array())
    for i in range(0, len(flat), 2):
        name, dest = str(flat[i]), flat[i + 1]
        index = index_of.get(dest[0].objgen)
        if index is None:
            continue
        found[name] = Array([out.pages[first + index].obj, Name.XYZ,
                             float(dest[2]) + shifts[index], float(dest[3]), 0])
    return found


def _weasyprint_version() -> str:
    from weasyprint import __version__

    return __version__


def _info(out: pikepdf.Pdf, info: DocInfo) -> None:
    out.docinfo = out.make_indirect(Dictionary(
        Title=String(info.title),
        Author=String(", ".join(info.authors)),
        Subject=String(info.subject),
        Creator=String("publish"),
        # as in the XMP metadata WeasyPrint writes (screen profile)
        Producer=String(f"WeasyPrint {_weasyprint_version()}"),
        CreationDate=String(info.date),
        ModDate=String(info.date),
    ))
    out.Root.Lang = String(info.language)
