"""Blocks -> `publish.model.Book`."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import datetime, timezone

from publish import model
from publish.writers.xml import build_time

from .document import (
    HEADING,
    LIST_ITEM,
    NOTE,
    NOTES_HEADING,
    PARA,
    QUOTE,
    RAW,
    TABLE,
    Block,
    Document,
)
from .rules_block.headings import CHAPTER_HEADING, part_role

PASS = "build"


def _inl(b: Block) -> list:
    if b.inlines is not None:
        return b.inlines
    return [model.Text(b.text)]


def _strip_number(text: str) -> tuple[str | None, str]:
    m = CHAPTER_HEADING.match(text)
    if m:
        return m.group(1), m.group(2).strip()
    return None, text.strip()


def _title_inlines(b: Block, number: str | None) -> list:
    inl = list(_inl(b))
    if number and inl and isinstance(inl[0], model.Text):
        _, rest = _strip_number(inl[0].text)
        inl[0] = model.Text(rest)
    return inl


def _edition_metadata(doc: Document) -> None:
    """A stable identifier (the same source text gives the same one) and this
    edition's date (SOURCE_DATE_EPOCH when set, for reproducible imports)."""
    md = doc.metadata
    if not md.identifier:
        digest = hashlib.sha256("\n".join(ln.text for ln in doc.lines).encode("utf-8")).hexdigest()
        md.identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'publish-import:' + digest)}"
    if not md.date:
        # a bad SOURCE_DATE_EPOCH is an error here as in `publish xml`, not "now"
        when = build_time("") if os.environ.get("SOURCE_DATE_EPOCH") else datetime.now(timezone.utc)
        md.date = when.strftime("%Y-%m-%d")


def build(doc: Document) -> model.Book:
    _edition_metadata(doc)
    book = model.Book(metadata=doc.metadata)
    chapters: list[model.Chapter] = []
    cur: model.Chapter | None = None
    quote: model.BlockQuote | None = None
    qgroup = None
    qlist: model.ListBlock | None = None
    used_ids: set[str] = set()

    def new_chapter(title_inl, number, role):
        nonlocal cur, quote, qgroup
        base = f"ch-{int(number):02d}" if number and number.isdigit() else (role if role != "chapter" else "part")
        cid, k = base, 2
        while cid in used_ids:
            cid, k = f"{base}-{k}", k + 1
        used_ids.add(cid)
        cur = model.Chapter(id=cid, title=title_inl, role=role, number=number)
        chapters.append(cur)
        quote, qgroup = None, None
        return cur

    for b in doc.blocks:
        if b.kind == HEADING and b.level == 1:
            number = b.attrs.get("number")
            if number is None:
                number, _ = _strip_number(b.text)
            role = b.attrs.get("role") or part_role(b.text) or "chapter"
            ch = new_chapter(_title_inlines(b, number), number, role)
            b.attrs["node"] = ch
            continue
        if cur is None:
            doc.report.warn("text before the first chapter heading was put in a chapter of its own"
                            if any(x.kind == HEADING and x.level == 1 for x in doc.blocks)
                            else "no chapter headings found: the book was imported as one chapter "
                                 "of paragraphs")
            ch = new_chapter([model.Text(doc.metadata.title or "Text")], None, "chapter")
            doc.report.synthetic.add(ch.id)
            doc.decide(PASS, b.first, b.first, "started an untitled chapter",
                       "text with no chapter heading before it", 0.4, flagged=True)
        if b.kind in (QUOTE, LIST_ITEM):
            g = b.attrs.get("group")
            if quote is None or g != qgroup:
                quote = model.BlockQuote(blocks=[], line=b.first)
                qgroup = g
                qlist = None
                cur.blocks.append(quote)
                b.attrs["node"] = quote
            if b.kind == LIST_ITEM:
                num = b.attrs.get("number", 1)
                if qlist is not None and num != qlist.start + len(qlist.items):
                    qlist = None  # numbers jump: keep them as written
                if qlist is None:
                    qlist = model.ListBlock(ordered=True, items=[], start=b.attrs.get("number", 1),
                                            line=b.first)
                    quote.blocks.append(qlist)
                qlist.items.append([model.Paragraph(_inl(b), line=b.first)])
            else:
                qlist = None
                p = model.Paragraph(_inl(b), line=b.first)
                quote.blocks.append(p)
                b.attrs.setdefault("node", p)
            continue
        quote, qgroup, qlist = None, None, None
        if b.kind == HEADING:
            h = model.Heading(level=b.level, inlines=_inl(b), line=b.first)
            cur.blocks.append(h)
            b.attrs["node"] = h
        elif b.kind in (PARA, RAW):
            p = model.Paragraph(_inl(b), line=b.first)
            cur.blocks.append(p)
            b.attrs["node"] = p
        elif b.kind == NOTE:
            n = model.Note(label=b.attrs["label"], kind=b.attrs["kind"],
                           blocks=[model.Paragraph(_inl(b), line=b.first)], line=b.first)
            if b.attrs.get("uncalled") or any(x.label == n.label and x.kind == n.kind
                                              for x in cur.notes):
                if not b.attrs.get("uncalled"):
                    doc.decide(PASS, b.first, b.last, f"a second note {n.label} in one chapter",
                               "kept as a paragraph so no text is lost", 0.4, flagged=True)
                cur.blocks.append(model.Paragraph([model.Text(f"{n.label}. ")] + _inl(b),
                                                  line=b.first))
                b.kind = PARA
                continue
            cur.notes.append(n)
            b.attrs["node"] = n
        elif b.kind == TABLE and b.table is not None:
            b.table.line = b.table.line or b.first
            cur.blocks.append(b.table)
            b.attrs["node"] = b.table
        elif b.kind == NOTES_HEADING:
            continue
    # section ids
    for ch in chapters:
        k = 0
        for blk in ch.blocks:
            if isinstance(blk, model.Heading) and not blk.id:
                k += 1
                blk.id = f"{ch.id}-s{k}"
    book.chapters = chapters
    return book
