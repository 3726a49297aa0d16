"""HTML documents for WeasyPrint, built from the XML intermediate.

Each part (chapter, front or back matter) becomes its own document so parts
can be rendered in parallel. Links that leave a part use the private scheme
`x-publish-dest:`; the merge turns them into links to named destinations.
In the print profile there are no links at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml.builder import E

from .book import BookMeta, Part, local

CROSS_PART = "x-publish-dest:"


@dataclass(frozen=True)
class ContentsEntry:
    target: str
    title: str
    number: str | None
    folio: str
    matter: str


class _Converter:
    """XHTML of the intermediate -> plain HTML elements for one document."""

    def __init__(self, profile: str, local_ids: set[str], footnotes: dict[str, etree._Element]):
        self.links = profile == "screen"
        self.local_ids = local_ids
        self.footnotes = footnotes
        self.placed_footnotes: set[str] = set()

    def href(self, target: str) -> str:
        if target.startswith("#"):
            name = target[1:]
            return target if name in self.local_ids else CROSS_PART + name
        return target

    def children(self, src: etree._Element, dst: etree._Element) -> etree._Element:
        dst.text = src.text
        for child in src:
            if not isinstance(child.tag, str):  # comments, processing instructions
                continue
            new = self.element(child)
            if new is not None:
                dst.append(new)
                new.tail = child.tail
            elif child.tail:
                _append_text(dst, child.tail)
        return dst

    def element(self, src: etree._Element):
        tag = local(src.tag)
        kind = src.get("data-type")
        classes = set((src.get("class") or "").split())
        if kind == "noteref":
            return self.noteref(src, classes)
        if tag == "section" and kind in ("footnotes", "endnotes"):
            return None  # placed by the writer, not where they stand
        if tag == "a":
            href = src.get("href")
            if self.links and href:
                new = E.a(href=self.href(href))
            else:
                new = E.span()
            return self.children(src, new)
        new = etree.Element(tag)
        for name in ("id", "class", "colspan", "rowspan", "start"):
            if src.get(name) is not None:
                new.set(name, src.get(name))
        return self.children(src, new)

    def noteref(self, src: etree._Element, classes: set[str]):
        label = "".join(src.itertext()).strip()
        target = (src.get("href") or "").lstrip("#")
        if "footnote" in classes and target in self.footnotes \
                and target not in self.placed_footnotes:
            # float: footnote needs the note's text where the call stands
            self.placed_footnotes.add(target)
            return self.footnote_body(self.footnotes[target], label)
        if "unresolved" in classes or not target or not self.links:
            new = E.span(label, {"class": "noteref"})
        else:
            new = E.a(label, {"class": "noteref"}, href=self.href("#" + target))
        if src.get("id"):
            new.set("id", src.get("id"))
        return new

    def footnote_body(self, aside: etree._Element, label: str) -> etree._Element:
        note = E.span({"class": "footnote", "data-label": aside.get("data-label") or label})
        if aside.get("id"):
            note.set("id", aside.get("id"))
        blocks = [c for c in aside if isinstance(c.tag, str)]
        if not blocks:
            note.text = aside.text
        for block in blocks:
            para = self.children(block, E.span({"class": "footnote-para"}))
            note.append(para)
        return note

    def endnote(self, aside: etree._Element) -> etree._Element:
        note = E.div({"class": "endnote"})
        if aside.get("id"):
            note.set("id", aside.get("id"))
        label_text = aside.get("data-label", "")
        ref = aside.get("data-ref")
        if self.links and ref:
            label = E.a(label_text, {"class": "endnote-label"}, href=self.href("#" + ref))
        else:
            label = E.span(label_text, {"class": "endnote-label"})
        blocks = [c for c in aside if isinstance(c.tag, str)]
        for i, block in enumerate(blocks):
            new = self.element(block)
            if i == 0 and new is not None:
                label.tail = new.text
                new.text = None
                new.insert(0, label)
            if new is not None:
                note.append(new)
        if not blocks:
            note.append(E.p(label))
        return note


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _document(meta: BookMeta, profile: str, body_class: str, *content) -> str:
    html = E.html(
        {"lang": meta.language, "class": profile},
        E.head(E.meta(charset="utf-8"), E.title(meta.title),
               *[E.meta(name="author", content=a) for a in meta.authors]),
        E.body({"class": body_class}, *content),
    )
    return "<!DOCTYPE html>\n" + etree.tostring(html, method="html", encoding="unicode")


def _ids(el: etree._Element) -> set[str]:
    return {e.get("id") for e in el.iter() if isinstance(e.tag, str) and e.get("id")}


def _footnotes(part: Part) -> dict[str, etree._Element]:
    return {a.get("id"): a for a in part.element.iterfind(
        "{*}section[@data-type='footnotes']/{*}aside") if a.get("id")}


def part_document(part: Part, meta: BookMeta, profile: str, notes_at_back: bool) -> str:
    """A chapter or other part, with its footnotes and (unless collected at the
    back) its endnotes."""
    local_ids = _ids(part.element)
    if notes_at_back:
        local_ids -= {a.get("id") for a in part.endnotes()}
    conv = _Converter(profile, local_ids, _footnotes(part))
    section = E.section({"class": f"part {part.role} {part.matter}", "id": part.id})
    if part.number:
        section.append(E.p(part.number, {"class": "chapter-number"}))
    conv.children(part.element, section)
    # a footnote whose call is missing still gets printed, at the part's end
    for note_id, aside in conv.footnotes.items():
        if note_id not in conv.placed_footnotes:
            last = section.find(".//p[last()]")
            (last if last is not None else section).append(
                conv.footnote_body(aside, aside.get("data-label", "")))
    endnotes = part.endnotes()
    if endnotes and not notes_at_back:
        section.append(E.section(
            {"class": "endnotes"}, E.h2("Notes", {"class": "endnotes-heading"}),
            *[conv.endnote(a) for a in endnotes]))
    return _document(meta, profile, "part", section)


NOTES_ID = "publish:notes"  # never an XML ID, so never a part's


def notes_document(parts: list[Part], meta: BookMeta, profile: str) -> str:
    """All endnotes at the back under "Notes", a subheading per chapter."""
    section = E.section({"class": "part notes backmatter", "id": NOTES_ID}, E.h1("Notes"))
    local_ids = set()
    for part in parts:
        local_ids |= {a.get("id") for a in part.endnotes()}
    conv = _Converter(profile, local_ids, {})
    for part in parts:
        notes = part.endnotes()
        if not notes:
            continue
        heading = f"{part.number}. {part.title}" if part.number else part.title
        section.append(E.h2(heading, {"class": "endnotes-chapter", "id": f"notes-{part.id}"}))
        section.extend(conv.endnote(a) for a in notes)
    return _document(meta, profile, "part", section)


def prelims_document(meta: BookMeta, profile: str) -> str:
    """Half-title (i), blank (ii), title page (iii), imprint (iv)."""
    title_page = E.section({"class": "title-page"}, E.p(meta.title, {"class": "book-title"}))
    if meta.subtitle:
        title_page.append(E.p(meta.subtitle, {"class": "book-subtitle"}))
    if meta.authors:
        title_page.append(E.p(" and ".join(meta.authors), {"class": "book-author"}))
    if meta.publisher:
        title_page.append(E.p(meta.publisher, {"class": "book-publisher"}))
    return _document(meta, profile, "prelims",
                     E.section({"class": "half-title-page"},
                               E.p(meta.title, {"class": "half-title"})),
                     title_page, imprint(meta))


def imprint(meta: BookMeta) -> etree._Element:
    lines = []
    original = ", ".join(x for x in (meta.original_publisher, meta.original_place,
                                     meta.original_year) if x)
    if original:
        lines.append(f"First published by {original}.")
    year = meta.date[:4]
    if meta.publisher:
        lines.append(f"This edition published {('in ' + year + ' ') if year else ''}"
                     f"by {meta.publisher}.")
    if meta.rights:
        lines.append(meta.rights)
    if meta.isbn:
        lines.append(f"ISBN {meta.isbn}")
    elif meta.identifier:
        lines.append(f"Identifier {meta.identifier}")
    credits = [E.p(c) for c in meta.credits]
    return E.section({"class": "imprint"}, *[E.p(x) for x in lines], *credits,
                     E.p("Set in EB Garamond."))


CONTENTS_ID = "publish:contents"


def contents_document(entries: list[ContentsEntry], meta: BookMeta, profile: str) -> str:
    section = E.section({"class": "part contents", "id": CONTENTS_ID}, E.h1("Contents"))
    for entry in entries:
        title = E.span(entry.title, {"class": "toc-title"})
        if profile == "screen":
            title = E.a(title, href=CROSS_PART + entry.target)
        p = E.p({"class": f"toc-entry {entry.matter}", "data-page": entry.folio})
        if entry.number:
            p.append(E.span(entry.number, {"class": "toc-number"}))
        p.append(title)
        section.append(p)
    return _document(meta, profile, "contents", section)


def stamps_document(heads: list[tuple[str, bool]], folios: list[tuple[str, bool]],
                    meta: BookMeta, profile: str, proof: bool) -> str:
    """Running heads (one page each: text, recto?) and folio cells (many to a
    page), each with an id the merge finds them by; with --proof first a page
    of crop marks."""
    sections = []
    if proof:
        sections.append(E.section({"class": "marks", "id": "stamp-marks"}))
    for i, (text, recto) in enumerate(heads):
        side = "stamp-recto" if recto else "stamp-verso"
        sections.append(E.section(E.div(text, {"class": f"running-head {side}",
                                               "id": f"head-{i}"})))
    cells = E.section()
    for i, (text, recto) in enumerate(folios):
        cells.append(E.div(text, {"class": "folio " + ("recto" if recto else "verso"),
                                  "id": f"folio-{i}"}))
    sections.append(cells)
    return _document(meta, profile, "stamps", *sections)
