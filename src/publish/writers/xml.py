"""`Book` -> the XML intermediate (an HTMLBook subset; docs/architecture.md).

The EPUB and PDF writers read only this document."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from functools import lru_cache
from importlib import resources

from lxml import etree

from ..errors import PublishError
from ..model import (
    Block, BlockQuote, Book, Chapter, Code, Emphasis, Heading, Inline, LeadIn, LineBreak, Link,
    ListBlock, NoteRef, Paragraph, Strong, Table, Text, ThematicBreak,
)

XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def E(tag: str, attrib: dict | None = None, parent=None):
    qn = f"{{{XHTML}}}{tag}"
    el = etree.SubElement(parent, qn) if parent is not None else etree.Element(qn, nsmap={None: XHTML})
    for k, v in (attrib or {}).items():
        if v is not None:
            el.set(k, str(v))
    return el


def build_time(date: str) -> _dt.datetime:
    """SOURCE_DATE_EPOCH if set, else the edition date: builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
        except ValueError:
            raise PublishError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds",
                               hint="unset it or set it to e.g. $(git log -1 --format=%ct)") from None
    try:
        parts = [int(p) for p in (date or "1980-01-01").split("-")] + [1, 1]
        return _dt.datetime(parts[0], parts[1], parts[2], tzinfo=_dt.timezone.utc)
    except ValueError:
        raise PublishError(f"date {date!r} is not YYYY-MM-DD", "book.toml",
                           hint='write e.g. date = "2026-11-25"') from None


def _append_text(el, text: str) -> None:
    if not text:
        return
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


class _XmlWriter:
    def __init__(self, chapter: Chapter):
        self.ch = chapter
        self.table_no = 0
        self.notes = {n.label: n for n in chapter.notes}
        self.first_ref: dict[str, str] = {}
        self.ref_count: dict[str, int] = {}

    def note_id(self, label: str, kind: str) -> str:
        safe = label.rstrip("*").replace(" ", "_")
        return f"{self.ch.id}-{'fn' if kind == 'footnote' else 'en'}-{safe}"

    def inlines(self, parent, nodes: list[Inline]) -> None:
        for n in nodes:
            if isinstance(n, Text):
                _append_text(parent, n.text)
            elif isinstance(n, Emphasis):
                self.inlines(E("em", parent=parent), n.children)
            elif isinstance(n, Strong):
                self.inlines(E("strong", parent=parent), n.children)
            elif isinstance(n, LeadIn):
                self.inlines(E("span", {"class": "lead-in"}, parent), n.children)
            elif isinstance(n, Link):
                self.inlines(E("a", {"href": n.href}, parent), n.children)
            elif isinstance(n, Code):
                E("code", parent=parent).text = n.text
            elif isinstance(n, LineBreak):
                E("br", parent=parent)
            elif isinstance(n, NoteRef):
                self.noteref(parent, n)

    def noteref(self, parent, n: NoteRef) -> None:
        if not n.resolved or n.label not in self.notes:
            el = E("span", {"data-type": "noteref", "class": f"{n.kind} unresolved"}, parent)
            el.text = n.label
            return
        base = self.note_id(n.label, n.kind)
        count = self.ref_count.get(n.label, 0) + 1
        self.ref_count[n.label] = count
        abbr = "fnref" if n.kind == "footnote" else "enref"
        ref_id = base.replace(f"-{abbr[:2]}-", f"-{abbr}-", 1) + ("" if count == 1 else f"-{count}")
        self.first_ref.setdefault(n.label, ref_id)
        el = E("a", {"data-type": "noteref", "class": n.kind, "id": ref_id, "href": "#" + base},
               parent)
        el.text = n.label

    def blocks(self, parent, blocks: list[Block]) -> None:
        for b in blocks:
            self.block(parent, b)

    def block(self, parent, b: Block) -> None:
        if isinstance(b, Paragraph):
            self.inlines(E("p", parent=parent), b.inlines)
        elif isinstance(b, Heading):
            level = min(max(b.level, 2), 3)
            self.inlines(E(f"h{level}", {"id": b.id}, parent), b.inlines)
        elif isinstance(b, BlockQuote):
            self.blocks(E("blockquote", parent=parent), b.blocks)
        elif isinstance(b, ListBlock):
            attrs = {"start": b.start} if b.ordered and b.start != 1 else {}
            lst = E("ol" if b.ordered else "ul", attrs, parent)
            for item in b.items:
                self.blocks(E("li", parent=lst), item)
        elif isinstance(b, Table):
            self.table(parent, b)
        elif isinstance(b, ThematicBreak):
            E("hr", parent=parent)

    def table(self, parent, t: Table) -> None:
        self.table_no += 1
        table = E("table", {"id": f"{self.ch.id}-t{self.table_no}"}, parent)
        if t.caption:
            self.inlines(E("caption", parent=table), t.caption)
        ncols = max([len(r) for r in t.head + t.body] + [len(t.align), 1])
        align = list(t.align) + [None] * (ncols - len(t.align))
        cls = {"right": "num", "center": "center"}
        if t.head:
            thead = E("thead", parent=table)
            for row in t.head:
                tr = E("tr", parent=thead)
                for i in range(ncols):
                    cell = E("th", {"scope": "col", "class": cls.get(align[i] or "")}, tr)
                    self.inlines(cell, row[i] if i < len(row) else [])
        tbody = E("tbody", parent=table)
        row_headers = align[0] != "right"
        for row in t.body:
            tr = E("tr", parent=tbody)
            for i in range(ncols):
                if i == 0 and row_headers:
                    cell = E("th", {"scope": "row", "class": cls.get(align[i] or "")}, tr)
                else:
                    cell = E("td", {"class": cls.get(align[i] or "")}, tr)
                self.inlines(cell, row[i] if i < len(row) else [])

    def notes_section(self, parent, kind: str) -> None:
        notes = self.ch.notes_of(kind)  # type: ignore[arg-type]
        if not notes:
            return
        sec = E("section", {"data-type": "footnotes" if kind == "footnote" else "endnotes"}, parent)
        for n in notes:
            aside = E("aside", {"data-type": kind, "id": self.note_id(n.label, kind),
                                "data-label": n.label, "data-ref": self.first_ref.get(n.label)}, sec)
            self.blocks(aside, n.blocks or [Paragraph([])])


def chapter_element(parent, ch: Chapter) -> None:
    sec = E("section", {"data-type": ch.role, "id": ch.id, "data-matter": ch.matter,
                        "data-number": ch.number,
                        "data-source": Path(ch.source).name if ch.source else None}, parent)
    w = _XmlWriter(ch)
    w.inlines(E("h1", parent=sec), ch.title)
    w.blocks(sec, ch.blocks)
    w.notes_section(sec, "footnote")
    w.notes_section(sec, "endnote")


def book_to_xml(book: Book) -> etree._Element:
    m = book.metadata
    html = E("html", {"lang": m.language, XML_LANG: m.language})
    head = E("head", parent=html)
    E("title", parent=head).text = m.title
    when = build_time(m.date)

    def meta(name: str, value: str) -> None:
        E("meta", {"name": name, "content": value}, head)

    meta("title", m.title)
    meta("subtitle", m.subtitle)
    for a in m.authors:
        meta("author", a)
    meta("language", m.language)
    meta("publisher", m.publisher)
    meta("identifier", m.identifier)
    meta("isbn", m.isbn)
    meta("date", m.date)
    meta("modified", when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    meta("rights", m.rights)
    meta("description", m.description)
    meta("original-publisher", m.original.publisher)
    meta("original-place", m.original.place)
    meta("original-year", m.original.year)
    for c in m.credits:
        meta("credit", c)
    meta("trim-size", m.print.trim_size)
    meta("endnotes", m.print.endnotes)
    body = E("body", {"data-type": "book"}, html)
    for ch in book.chapters:
        chapter_element(body, ch)
    return html


@lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    data = resources.files("publish").joinpath("data/book.rng").read_bytes()
    from ..safexml import parse_xml

    return etree.RelaxNG(parse_xml(data, "publish/data/book.rng"))


def validate(root: etree._Element, source: str = "XML intermediate") -> None:
    """A violation is a bug in a writer, not the user's fault: say where."""
    rng = schema()
    if rng.validate(root):
        return
    problems = [f"{_readable_path(root, err.path)}: {err.message}"
                for err in list(rng.error_log)[:10]]
    raise PublishError("schema violation (a bug in publish; please report it):\n  "
                       + "\n  ".join(problems), source)


def _readable_path(root, path: str | None) -> str:
    """`/*/*[2]/*[4]` -> `/html/body/section[@id='ch-01']/table` for a human."""
    try:
        found = root.getroottree().xpath(path) if path else []
    except etree.XPathError:
        found = []
    if not found or not isinstance(found[0], etree._Element):
        return path or "?"
    steps = []
    el = found[0]
    while el is not None:
        step = etree.QName(el).localname
        if el.get("id"):
            step += f"[@id='{el.get('id')}']"
        elif el.getparent() is not None:
            same = [s for s in el.getparent() if s.tag == el.tag]
            if len(same) > 1:
                step += f"[{same.index(el) + 1}]"
        steps.append(step)
        el = el.getparent()
    return "/" + "/".join(reversed(steps))


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=False)
