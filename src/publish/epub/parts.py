"""XML intermediate parts -> EPUB content documents (one XHTML per part).

The XML is HTMLBook-flavoured XHTML already, so a part is copied and the
copy's `data-type` semantics are rewritten into EPUB 3 semantics
(`epub:type` + DPUB-ARIA roles), the way Standard Ebooks marks them up:

- noterefs: `<a epub:type="noteref" role="doc-noteref">` to the note text;
- the author's footnotes: `<aside epub:type="footnote" role="doc-footnote">`
  (Apple Books and Kobo show them as pop-ups and hide them in the flow);
- endnotes: `<li epub:type="endnote">` (the ARIA role doc-endnote is
  deprecated) in an
  `<ol>` of a `<section epub:type="endnotes" role="doc-endnotes">`, at the
  end of the chapter, or collected in endnotes.xhtml when `endnotes=book`;
- every note ends with a `role="doc-backlink"` link to its first call;
- an unresolved call (no note text) stays a visible superscript, never a link.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import PublishError
from ..headmeta import visible_text

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{EPUB_NS}}}type"


def _q(tag: str) -> str:
    return f"{{{XHTML_NS}}}{tag}"


SECTION, H1, H2, A, SPAN, TABLE, ASIDE, P = (
    _q("section"), _q("h1"), _q("h2"), _q("a"), _q("span"), _q("table"), _q("aside"), _q("p"))

#: part role -> (epub:type, ARIA role). An editor's note is a foreword by
#: someone other than the author; SSV has no closer term.
ROLES = {
    "chapter": ("chapter", "doc-chapter"),
    "introduction": ("introduction", "doc-introduction"),
    "preface": ("preface", "doc-preface"),
    "foreword": ("foreword", "doc-foreword"),
    "acknowledgments": ("acknowledgments", "doc-acknowledgments"),
    "dedication": ("dedication", "doc-dedication"),
    "epigraph": ("epigraph", "doc-epigraph"),
    "prologue": ("prologue", "doc-prologue"),
    "epilogue": ("epilogue", "doc-epilogue"),
    "afterword": ("afterword", "doc-afterword"),
    "appendix": ("appendix", "doc-appendix"),
    "bibliography": ("bibliography", "doc-bibliography"),
    "glossary": ("glossary", "doc-glossary"),
    "editor-note": ("foreword", "doc-foreword"),
}
MATTERS = ("frontmatter", "bodymatter", "backmatter")
ENDNOTES_FILE = "endnotes.xhtml"
#: the writer's own documents: a part called cover.md or nav.md must not replace them
RESERVED_FILES = frozenset({"cover.xhtml", "titlepage.xhtml", "imprint.xhtml", "nav.xhtml",
                            ENDNOTES_FILE})


@dataclass
class NavEntry:
    href: str
    label: str
    children: list[NavEntry] = field(default_factory=list)


@dataclass
class Part:
    """One part of the book: its file, title and the source section."""

    id: str
    file: str
    role: str
    matter: str
    number: str | None
    title: str
    source: etree._Element
    sections: list[NavEntry] = field(default_factory=list)

    @property
    def nav_label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


def _file_name(part_id: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "-", part_id) + ".xhtml"
    return f"part-{name}" if name in RESERVED_FILES else name


def read_parts(root: etree._Element) -> list[Part]:
    body = root.find(_q("body"))
    if body is None:
        raise PublishError("the XML intermediate has no body", "XML intermediate")
    parts: list[Part] = []
    seen: set[str] = set()
    for sec in body.iterchildren(SECTION):
        role = sec.get("data-type", "chapter")
        part_id = sec.get("id")
        if not part_id:
            raise PublishError(f"a {role} section has no id (a bug in the XML writer)",
                               "XML intermediate", sec.sourceline)
        if role not in ROLES:
            raise PublishError(f"unknown part role {role!r} on section {part_id}",
                               "XML intermediate", sec.sourceline)
        h1 = sec.find(H1)
        title = visible_text(h1) if h1 is not None else part_id
        file = _file_name(part_id)
        if file in seen:
            raise PublishError(f"two parts would both be written to {file}",
                               "XML intermediate", sec.sourceline)
        seen.add(file)
        matter = sec.get("data-matter") or "bodymatter"
        sections = [NavEntry(f"{file}#{h2.get('id')}", visible_text(h2))
                    for h2 in sec.iterchildren(H2) if h2.get("id")]
        parts.append(Part(part_id, file, role, matter if matter in MATTERS else "bodymatter",
                          sec.get("data-number") or None, title or part_id, sec, sections))
    if not parts:
        raise PublishError("the book has no parts", "book.toml",
                           hint="list chapter files under [contents]")
    return parts


def _strip_data(root: etree._Element) -> etree._Element:
    """Drop the XML's data-* bookkeeping (HTMLBook semantics now in epub:type)."""
    for el in root.iter(etree.Element):
        for name in [k for k in el.attrib if k.startswith("data-")]:
            del el.attrib[name]
    return root


#: row heads up to this many characters are kept on one line
SHORT_STUB = 20
#: a number range (1927-28, 95-105, 1913/14): a browser may break a line
#: after any hyphen, which splits "1927-28" in a narrow column
_RANGE = re.compile(r"\d[\d,.]*[-\u2010\u2013\u2014/]\d[\d,.]*")


def _nowrap(text: str, before: etree._Element | None, parent: etree._Element) -> str | None:
    """Wrap each range in `text` in a `span.nowrap`; return what is left
    in front of the first span (the spans go after `before`, or first in
    `parent` if it is None)."""
    matches = list(_RANGE.finditer(text))
    if not matches:
        return text
    index = 0 if before is None else parent.index(before) + 1
    head = text[:matches[0].start()]
    for i, m in enumerate(matches):
        span = etree.Element(_q("span"), {"class": "nowrap"})
        span.text = m.group()
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        span.tail = text[m.end():end] or None
        parent.insert(index + i, span)
    return head or None


def keep_ranges_whole(cell: etree._Element) -> None:
    """Keep number ranges in `cell` (a table cell, a title) on one line
    (numeric cells are nowrap already; heads and stubs may wrap between
    words)."""
    if "num" in (cell.get("class") or "").split() and cell.tag == _q("td"):
        return
    text = cell.text or ""
    if (cell.get("scope") == "row" and not len(cell) and text.strip()
            and len(text) <= SHORT_STUB):
        # a short row head ("Iron ore") reads badly broken; a long one may wrap
        span = etree.SubElement(cell, _q("span"), {"class": "nowrap"})
        span.text, cell.text = text, None
        return
    for child in list(cell):
        if child.tag == _q("span") and child.get("class") == "nowrap":
            continue
        if child.tail:
            child.tail = _nowrap(child.tail, child, cell)
    if cell.text:
        cell.text = _nowrap(cell.text, None, cell)


class PartConverter:
    """Converts parts; knows which file every id ends up in, for links."""

    def __init__(self, parts: list[Part], labels: dict[str, str], endnotes_in_book: bool):
        self.parts = parts
        self.labels = labels
        self.endnotes_in_book = endnotes_in_book
        self.file_of: dict[str, str] = {}
        for part in parts:
            for el in part.source.iter(etree.Element):
                ident = el.get("id")
                if ident is None:
                    continue
                if endnotes_in_book and el.tag == ASIDE and el.get("data-type") == "endnote":
                    self.file_of[ident] = ENDNOTES_FILE
                else:
                    self.file_of[ident] = part.file
        #: per part, the endnote lists collected for endnotes.xhtml
        self.collected: list[tuple[Part, etree._Element]] = []

    def href(self, target: str, here: str) -> str:
        """`#id` as seen from file `here`."""
        file = self.file_of.get(target)
        if file is None or file == here:
            return "#" + target
        return f"{file}#{target}"

    # --- the part itself ------------------------------------------------

    def convert(self, part: Part) -> etree._Element:
        """The part's `<section>`, ready to go into a content document."""
        sec = copy.deepcopy(part.source)
        epub_type, role = ROLES[part.role]
        sec.set(EPUB_TYPE, epub_type)
        sec.set("role", role)
        h1 = sec.find(H1)
        if h1 is not None:
            h1.set("id", h1.get("id") or f"{part.id}-title")
            sec.set("aria-labelledby", h1.get("id"))
            if part.number:
                num = etree.Element(_q("span"), {"class": "chapter-number"})
                num.text = part.number + "."
                num.tail = " " + (h1.text or "")
                h1.text = None
                h1.insert(0, num)

        footnotes, endnotes, tables, refs, unresolved, links = [], [], [], [], [], []
        for el in sec.iter(etree.Element):
            tag, dtype = el.tag, el.get("data-type")
            if tag == A:
                if dtype == "noteref":
                    refs.append(el)
                elif (el.get("href") or "").startswith("#"):
                    links.append(el)
            elif tag == SPAN and dtype == "noteref":
                unresolved.append(el)
            elif tag == TABLE:
                tables.append(el)
            elif tag == SECTION and dtype == "footnotes":
                footnotes.append(el)
            elif tag == SECTION and dtype == "endnotes":
                endnotes.append(el)

        for a in refs:
            self._noteref(a, part.file)
        for a in links:
            a.set("href", self.href(a.get("href")[1:], part.file))
        for span in unresolved:
            # keeps its number visible, never a dead link
            span.tag = _q("sup")
            span.set("class", " ".join(["noteref", *(span.get("class") or "").split()]))
        for table in tables:
            self._table(table)
        for notes in footnotes:
            self._footnotes(notes, part)
        for notes in endnotes:
            self._endnotes(notes, part)

        _strip_data(sec)
        return sec

    def _noteref(self, a: etree._Element, here: str) -> None:
        a.set(EPUB_TYPE, "noteref")
        a.set("role", "doc-noteref")
        a.set("class", " ".join(["noteref", *(a.get("class") or "").split()]))
        href = a.get("href") or ""
        if href.startswith("#"):
            a.set("href", self.href(href[1:], here))

    def _table(self, table: etree._Element) -> None:
        """Wrap in a scrollable region so a wide table never overflows a phone."""
        wrap = etree.Element(_q("div"), {"class": "table-wrap"})
        table.addprevious(wrap)
        wrap.tail, table.tail = table.tail, None
        wrap.append(table)
        thead = table.find(_q("thead"))
        if thead is not None:
            # a pipe table must have a header row; a source table without
            # headers leaves one with no text, an empty band above the rule
            for tr in list(thead.iterchildren(_q("tr"))):
                if not "".join(tr.itertext()).strip() and not tr.findall(".//*[@id]"):
                    thead.remove(tr)
            if not len(thead):
                table.remove(thead)
        for cell in table.iter(_q("th"), _q("td")):
            keep_ranges_whole(cell)
        for th in table.iter(_q("th")):
            # an empty corner cell heads nothing: a header with no text is
            # an empty announcement to a screen reader (Ace: empty-table-header)
            if not "".join(th.itertext()).strip() and not len(th):
                th.tag = _q("td")
                th.attrib.pop("scope", None)
        caption = table.find(_q("caption"))
        if caption is not None and table.get("id"):
            caption.set("id", caption.get("id") or f"{table.get('id')}-caption")
            wrap.set("role", "region")
            wrap.set("aria-labelledby", caption.get("id"))
            wrap.set("tabindex", "0")

    # --- notes ----------------------------------------------------------

    def _backlink(self, note: etree._Element, source: etree._Element, here: str) -> None:
        """Standard Ebooks: `↩` at the end of the note's last paragraph,
        after one (no-break) space; in a paragraph of its own if the note ends otherwise.
        `source` is the XML aside, whose data-ref names the note's first call."""
        ref = source.get("data-ref")
        if not ref:
            return
        link = etree.Element(_q("a"), {
            "href": self.href(ref, here), "class": "backlink", EPUB_TYPE: "backlink",
            "role": "doc-backlink",
            "aria-label": self.labels["backlink"].format(label=source.get("data-label", ""))})
        link.text = "\u21a9\ufe0e"  # text presentation, not the emoji
        last = note[-1] if len(note) else None
        if last is None or last.tag != P:
            last = etree.SubElement(note, P)
        # a no-break space: the arrow never starts a line on its own
        if len(last):
            last[-1].tail = (last[-1].tail or "").rstrip() + "\u00a0"
        else:
            last.text = (last.text or "").rstrip() + "\u00a0"
        last.append(link)

    def _footnotes(self, notes: etree._Element, part: Part) -> None:
        notes.tag = _q("div")
        notes.set("class", "footnotes")
        for aside in notes.iterchildren(ASIDE):
            aside.set(EPUB_TYPE, "footnote")
            aside.set("role", "doc-footnote")
            aside.set("class", "footnote")
            label = aside.get("data-label")
            if label:
                first = aside[0] if len(aside) else None
                if first is None or first.tag != P:
                    first = etree.Element(P)
                    aside.insert(0, first)
                mark = etree.Element(_q("span"), {"class": "note-label"})
                mark.text = label
                mark.tail = " " + (first.text or "")
                first.text = None
                first.insert(0, mark)
            self._backlink(aside, aside, part.file)

    def _note_list(self, notes: etree._Element, here: str) -> etree._Element:
        ol = etree.Element(_q("ol"), {"class": "endnotes"})
        for aside in notes.iterchildren(ASIDE):
            li = etree.SubElement(ol, _q("li"), {"id": aside.get("id")})
            label = aside.get("data-label", "")
            if label.isdigit():
                li.set("value", label)  # numbers can skip: unresolved calls
            # epub:type="endnote" is what Apple Books pops up; the ARIA role
            # doc-endnote is deprecated (EPUBCheck warns), doc-endnotes on
            # the section carries the semantics
            li.set(EPUB_TYPE, "endnote")
            for child in list(aside):
                li.append(child)
            self._backlink(li, aside, here)
        return ol

    def _endnotes(self, notes: etree._Element, part: Part) -> None:
        if self.endnotes_in_book:
            self.collected.append((part, _strip_data(self._note_list(notes, ENDNOTES_FILE))))
            notes.getparent().remove(notes)
            return
        notes.set("class", "endnotes")
        notes.set(EPUB_TYPE, "endnotes")
        notes.set("role", "doc-endnotes")
        notes.set("id", f"{part.id}-endnotes")
        notes.set("aria-labelledby", f"{part.id}-endnotes-title")
        ol = self._note_list(notes, part.file)
        for child in list(notes):
            notes.remove(child)
        notes.text = None
        heading = etree.SubElement(notes, H2, {"id": f"{part.id}-endnotes-title"})
        heading.text = self.labels["notes"]
        notes.append(ol)

    def endnotes_section(self) -> etree._Element | None:
        """endnotes.xhtml's section when `endnotes=book`: one list per part."""
        if not self.collected:
            return None
        sec = etree.Element(SECTION, {"id": "endnotes", "class": "endnotes", EPUB_TYPE: "endnotes",
                                      "role": "doc-endnotes", "aria-labelledby": "endnotes-title"})
        h1 = etree.SubElement(sec, H1, {"id": "endnotes-title"})
        h1.text = self.labels["notes"]
        for part, ol in self.collected:
            sub = etree.SubElement(sec, SECTION, {"id": f"endnotes-{part.id}",
                                                  "aria-labelledby": f"endnotes-{part.id}-title"})
            h2 = etree.SubElement(sub, H2, {"id": f"endnotes-{part.id}-title"})
            h2.text = part.nav_label
            sub.append(ol)
        return sec
