"""Assemble the EPUB 3 package with ebooklib and write it reproducibly.

ebooklib builds the package document, nav and NCX. Content documents are
serialised here straight from lxml trees: ebooklib would re-parse each one
with lxml's HTML parser, which is slow and treats `epub:type` as a plain
attribute name. Its zip is replaced by a deterministic one (see zipper.py)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path

from ebooklib import epub
from lxml import etree

from ..atomic import atomic_write_bytes
from ..safexml import parse_xml
from . import resources, templates
from .cover import render_cover
from .metadata import EditionMeta, build_time, read_meta
from .parts import (
    ENDNOTES_FILE,
    EPUB_NS,
    EPUB_TYPE,
    XHTML_NS,
    NavEntry,
    PartConverter,
    keep_ranges_whole,
    read_parts,
)
from .zipper import zip_epub

Progress = Callable[[str], None]

CSS_FILE = "css/epub.css"
COVER_IMAGE = "images/cover.jpg"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
A11Y_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder", "alternativeText",
                 "ARIA", "displayTransformability")
A11Y_SUMMARY = ("Reflowable text with a navigable table of contents, structural headings, "
                "data tables with headers and captions, and linked notes with links back to "
                "the text. The cover image has a text description. No known hazards.")
WRITER_OPTIONS = {
    # every element with both epub:type and an id would land in the page-list
    "epub3_pages": False,
    # the EPUB 2 guide is deprecated; landmarks replace it
    "epub2_guide": False,
    "epub3_landmark": True,
    "play_order": {"enabled": True, "start_from": 1},
}


class _Document(epub.EpubHtml):
    """A content document already serialised from an lxml tree."""

    def __init__(self, uid: str, file_name: str, title: str, lang: str, data: bytes):
        super().__init__(uid=uid, file_name=file_name, media_type="application/xhtml+xml",
                         title=title, lang=lang)
        self.data = data

    def get_content(self, default=None):
        return self.data


class _Entries:
    """Stands in for ebooklib's ZipFile: keeps the entries for our own zip."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def writestr(self, name, data, compress_type=None):
        self.files[name] = data.encode("utf-8") if isinstance(data, str) else data

    def close(self):
        pass


class _Writer(epub.EpubWriter):
    def __init__(self, book, options, labels):
        super().__init__("unused.epub", book, options)
        self.labels = labels

    def entries(self) -> dict[str, bytes]:
        self.out = _Entries()
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()
        return self.out.files

    def _write_opf_file(self, root):
        # Ace (epub-lang) wants the package's language on the root, not only dc:language
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)

    def _get_nav(self, item):
        """ebooklib's nav, with a stable toc id, a heading, and hidden landmarks."""
        nav = parse_xml(super()._get_nav(item), "nav.xhtml")
        ns = {"h": XHTML_NS, "epub": "http://www.idpf.org/2007/ops"}
        toc = nav.find(".//h:nav[@epub:type='toc']", ns)
        toc.set("id", "toc")
        landmarks = nav.find(".//h:nav[@epub:type='landmarks']", ns)
        if landmarks is not None:
            landmarks.set("hidden", "hidden")
            landmarks.set("id", "landmarks")
        # No h2 in the navs: the nav is in the reading order, and its headings
        # are not the book's; the visible "Contents" comes from epub.css.
        for sub, label in ((toc, "contents"), (landmarks, "landmarks")):
            if sub is None:
                continue
            for h in sub.findall("h:h2", ns):
                sub.remove(h)
            sub.set("aria-label", self.labels[label])
        body = nav.find("h:body", ns)
        body.set(EPUB_TYPE, "frontmatter")
        return _serialize(nav)

    def _get_ncx(self):
        """ebooklib's NCX with the real dtb:depth (it always writes 0)."""
        ncx = parse_xml(super()._get_ncx(), "toc.ncx")
        ns = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
        depth = 1 if ncx.find("n:navMap/n:navPoint/n:navPoint", ns) is not None else 0
        depth += 1 if ncx.find("n:navMap/n:navPoint", ns) is not None else 0
        ncx.find("n:head/n:meta[@name='dtb:depth']", ns).set("content", str(depth))
        return etree.tostring(ncx, encoding="utf-8", xml_declaration=True)


def _serialize(doc: etree._Element) -> bytes:
    return etree.tostring(doc, encoding="utf-8", xml_declaration=True,
                          doctype="<!DOCTYPE html>")


def _document(body_content: list[etree._Element], lang: str, title: str, matter: str) -> bytes:
    doc = templates.load("document.xhtml")
    templates.set_language(doc, lang)
    templates.set_title(doc, title)
    body = doc.find(f"{{{XHTML_NS}}}body")
    body.set(EPUB_TYPE, matter)
    for el in body_content:
        body.append(el)
    etree.cleanup_namespaces(doc)
    return _serialize(doc)


def _page(name: str, meta: EditionMeta, values: dict, title: str) -> bytes:
    doc = templates.fill(templates.load(name), values)
    for el in doc.iterfind(f".//{{{XHTML_NS}}}div[@epub:type]", {"epub": EPUB_NS}):
        if el.get(EPUB_TYPE) in ("title", "subtitle"):
            keep_ranges_whole(el)  # "1927-1940" is not split after its hyphen
    templates.set_language(doc, meta.language)
    templates.set_title(doc, title)
    return _serialize(doc)


def _long_date(iso: str, labels: dict) -> str:
    """'2026-11-25' -> '25 November 2026' in the book's language; as given if not a date."""
    try:
        day = _dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return labels["date_format"].format(day=day.day, month=labels["months"][day.month - 1],
                                        year=day.year)


def _page_values(meta: EditionMeta, labels: dict) -> dict:
    return {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "authors": meta.authors_line(labels["and"]),
        "publisher": meta.publisher,
        "original_edition": meta.original_edition,
        "edition_date": _long_date(meta.date, labels),
        # no publisher named yet: the imprint still dates this edition
        "edition_date_alone": "" if meta.publisher else _long_date(meta.date, labels),
        "isbn": meta.isbn13,
        "identifier": meta.package_identifier,
        "date": meta.date,
        "credits": meta.credits,
        "rights": meta.rights,
    }


def _metadata(book: epub.EpubBook, meta: EditionMeta) -> None:
    book.IDENTIFIER_ID = "pub-id"
    book.metadata = {}
    book.add_metadata("OPF", "generator", "", {"name": "generator", "content": "publish"})
    book.set_identifier(meta.package_identifier)
    book.title = meta.title
    book.language = meta.language
    book.add_metadata("DC", "title", meta.title, {"id": "title-main"})
    book.add_metadata(None, "meta", "main", {"refines": "#title-main", "property": "title-type"})
    if meta.subtitle:
        book.add_metadata("DC", "title", meta.subtitle, {"id": "title-sub"})
        book.add_metadata(None, "meta", "subtitle",
                          {"refines": "#title-sub", "property": "title-type"})
    book.add_metadata("DC", "language", meta.language)
    for i, author in enumerate(meta.authors, 1):
        book.add_author(author, role="aut", uid=f"creator-{i}")
    for name, value in (("publisher", meta.publisher), ("date", meta.date),
                        ("rights", meta.rights), ("description", meta.description)):
        if value:
            book.add_metadata("DC", name, value)
    isbn = meta.isbn13
    if isbn and not meta.package_identifier.endswith(isbn):
        book.add_metadata("DC", "identifier", f"urn:isbn:{isbn}")
    if meta.original_edition:
        book.add_metadata("DC", "source", meta.original_edition)
    # EPUB Accessibility 1.1
    for mode in ("textual", "visual"):
        book.add_metadata(None, "meta", mode, {"property": "schema:accessMode"})
    book.add_metadata(None, "meta", "textual", {"property": "schema:accessModeSufficient"})
    for feature in A11Y_FEATURES:
        book.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})
    book.add_metadata(None, "meta", "none", {"property": "schema:accessibilityHazard"})
    book.add_metadata(None, "meta", A11Y_SUMMARY, {"property": "schema:accessibilitySummary"})
    book.add_metadata(None, "meta", CONFORMS_TO, {"property": "dcterms:conformsTo"})


def _toc(entries: list[NavEntry], uid_prefix: str = "nav") -> list:
    toc = []
    for i, entry in enumerate(entries, 1):
        link = epub.Link(entry.href, entry.label, f"{uid_prefix}-{i}")
        if entry.children:
            toc.append((link, _toc(entry.children, f"{uid_prefix}-{i}")))
        else:
            toc.append(link)
    return toc


def build_entries(root: etree._Element, progress: Progress | None = None) -> tuple[dict, _dt.datetime]:
    """Every file of the EPUB (name -> bytes) and the build time."""
    meta = read_meta(root)
    when = build_time(meta)
    if meta.identifier_derived and progress:
        progress(f"epub: book.toml has no identifier; using {meta.identifier} "
                 "(derived from title and authors; set [book] identifier to keep it)")
    labels = templates.labels(meta.language)
    parts = read_parts(root)
    endnotes_in_book = meta.endnotes == "book"
    converter = PartConverter(parts, labels, endnotes_in_book)

    book = epub.EpubBook()
    _metadata(book, meta)
    css = epub.EpubItem(uid="css", file_name=CSS_FILE, media_type="text/css",
                        content=resources.stylesheet())
    book.add_item(css)
    if progress:
        progress("epub: drawing the cover")
    book.set_cover(COVER_IMAGE, render_cover(meta, labels["and"]), create_page=False)
    # ebooklib adds an EPUB 2 `<meta name="cover">`; keep it, old readers use it

    values = _page_values(meta, labels)
    values["cover_alt"] = labels["cover_alt"].format(title=meta.title)
    values["cover_src"] = COVER_IMAGE
    front = [
        _Document("cover", "cover.xhtml", labels["cover"], meta.language,
                  _page("cover.xhtml", meta, values, labels["cover"])),
        _Document("titlepage", "titlepage.xhtml", labels["title_page"], meta.language,
                  _page("titlepage.xhtml", meta, values, meta.title)),
        _Document("imprint", "imprint.xhtml", labels["imprint"], meta.language,
                  _page("imprint.xhtml", meta, values, labels["imprint"])),
    ]

    if progress:
        progress(f"epub: writing {len(parts)} parts")
    docs: list[_Document] = []
    for part in parts:
        section = converter.convert(part)
        data = _document([section], meta.language, part.nav_label, part.matter)
        docs.append(_Document(f"part-{part.id}", part.file, part.nav_label, meta.language, data))
    notes_section = converter.endnotes_section()
    if notes_section is not None:
        docs.append(_Document("endnotes", ENDNOTES_FILE, labels["notes"], meta.language,
                              _document([notes_section], meta.language, labels["notes"],
                                        "backmatter")))

    nav = epub.EpubNav(uid="nav", file_name="nav.xhtml", title=labels["contents"])
    nav.add_link(href=CSS_FILE, rel="stylesheet", type="text/css")
    for item in front:
        book.add_item(item)
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    for item in docs:
        book.add_item(item)
    book.spine = [*front, nav, *docs]

    nav_entries = [NavEntry("titlepage.xhtml", labels["title_page"]),
                   NavEntry("imprint.xhtml", labels["imprint"])]
    nav_entries += [NavEntry(p.file, p.nav_label, p.sections) for p in parts]
    if notes_section is not None:
        nav_entries.append(NavEntry(ENDNOTES_FILE, labels["notes"]))
    book.toc = _toc(nav_entries)

    first_body = next((p for p in parts if p.matter == "bodymatter"), parts[0])
    book.guide = [
        {"type": "cover", "href": "cover.xhtml", "title": labels["cover"]},
        {"type": "titlepage", "href": "titlepage.xhtml", "title": labels["title_page"]},
        {"type": "toc", "href": "nav.xhtml#toc", "title": labels["contents"]},
        {"type": "bodymatter", "href": first_body.file, "title": first_body.nav_label},
    ]
    if notes_section is not None:
        book.guide.append({"type": "endnotes", "href": ENDNOTES_FILE, "title": labels["notes"]})

    options = dict(WRITER_OPTIONS, mtime=when)
    return _Writer(book, options, labels).entries(), when


def write_epub(root: etree._Element, out_path: str | Path,
               progress: Progress | None = None) -> Path:
    """Write the EPUB 3 edition of the XML intermediate `root` to `out_path`
    (atomically; byte-identical for the same input and build time)."""
    entries, when = build_entries(root, progress)
    data = zip_epub(entries, when)
    out = Path(out_path)
    atomic_write_bytes(out, data)
    return out
