"""Notes: link ` [N]` markers to the chapter's Notes list and ` [N*]` markers
to its Footnotes. Numbering restarts in each chapter; note texts may hold
markers themselves. A marker with no note text stays an unresolved reference
(it keeps its number, never a dead link) and is reported."""

from __future__ import annotations

import re

from publish import model

from ..document import HEADING, LIST_ITEM, NOTE, PARA, QUOTE, TABLE, Document

PASS = "notes"

MARKER = re.compile(r"\s?\[(\d{1,3})(\*?)\]")


def to_inlines(text: str, endnotes: set[str], footnotes: set[str], line: int | None,
               unresolved: list) -> list:
    out: list = []
    pos = 0
    for m in MARKER.finditer(text):
        if m.start() > pos:
            out.append(model.Text(text[pos:m.start()]))
        label = m.group(1) + m.group(2)
        kind = "footnote" if m.group(2) else "endnote"
        ok = label in (footnotes if kind == "footnote" else endnotes)
        if not ok:
            unresolved.append((label, kind, line))
        out.append(model.NoteRef(label=label, kind=kind, resolved=ok, line=line))
        pos = m.end()
    if pos < len(text):
        out.append(model.Text(text[pos:]))
    return out


def _chapters(doc: Document):
    """Yield lists of block indices, one per chapter (split at level-1 headings)."""
    cur: list[int] = []
    for i, b in enumerate(doc.blocks):
        if b.kind == HEADING and b.level == 1 and cur:
            yield cur
            cur = []
        cur.append(i)
    if cur:
        yield cur


def notes(doc: Document) -> Document:
    for idx in _chapters(doc):
        blocks = [doc.blocks[i] for i in idx]
        endnotes = {b.attrs["label"] for b in blocks if b.kind == NOTE and b.attrs["kind"] == "endnote"}
        footnotes = {b.attrs["label"] for b in blocks if b.kind == NOTE and b.attrs["kind"] == "footnote"}
        title = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), "")
        linked = 0
        unresolved: list = []
        for b in blocks:
            if b.kind in (PARA, QUOTE, LIST_ITEM, NOTE, HEADING):
                text = b.text
                lead = b.attrs.get("leadin")
                if lead:
                    n, new = lead
                    inl = [model.LeadIn([model.Text(new)])]
                    inl += to_inlines(text[n:], endnotes, footnotes, b.first, unresolved)
                else:
                    inl = to_inlines(text, endnotes, footnotes, b.first, unresolved)
                linked += sum(1 for x in inl if isinstance(x, model.NoteRef) and x.resolved)
                b.inlines = inl
            elif b.kind == TABLE and b.table is not None:
                t = b.table
                t.caption = _relink(t.caption, endnotes, footnotes, b.first, unresolved)
                t.head = [[_relink(c, endnotes, footnotes, b.first, unresolved) for c in row]
                          for row in t.head]
                t.body = [[_relink(c, endnotes, footnotes, b.first, unresolved) for c in row]
                          for row in t.body]
        doc.report.count("notes linked", linked)
        doc.report.count("notes unresolved", len(unresolved))
        if unresolved:
            labels = ", ".join(f"[{lab}]" for lab, _, _ in unresolved[:30])
            more = "" if len(unresolved) <= 30 else f" and {len(unresolved) - 30} more"
            first_line = unresolved[0][2] or 0
            last_line = unresolved[-1][2] or first_line
            doc.decide(PASS, first_line, last_line,
                       f"{len(unresolved)} note markers left unresolved in {title!r}: {labels}{more}",
                       "the chapter has no note text with these numbers; they stay references, "
                       "to be linked when the note texts are added", 0.9, flagged=True,
                       block=blocks[0])
        _flag_uncalled(doc, blocks, title)
        if linked:
            doc.decide(PASS, blocks[0].first, blocks[-1].last,
                       f"linked {linked} note markers in {title!r}",
                       "each marker's number matches a note of the chapter", 0.95,
                       block=blocks[0])
    return doc


def _relink(inlines, endnotes, footnotes, line, unresolved):
    out = []
    for x in inlines or []:
        if isinstance(x, model.Text):
            out.extend(to_inlines(x.text, endnotes, footnotes, line, unresolved))
        elif isinstance(x, model.NoteRef):
            ok = x.label in (footnotes if x.kind == "footnote" else endnotes)
            if not ok:
                unresolved.append((x.label, x.kind, line))
            out.append(model.NoteRef(x.label, x.kind, ok, x.line))
        else:
            out.append(x)
    return out


def _flag_uncalled(doc: Document, blocks, title: str) -> None:
    """A note whose call was lost (a misread marker) makes a manuscript that
    `publish xml` refuses until an editor restores the call: say so now."""
    called = set()
    for b in blocks:
        cells = [b.inlines or []]
        if b.kind == TABLE and b.table is not None:
            cells = [b.table.caption] + [c for row in b.table.head + b.table.body for c in row]
        called |= {(x.label, x.kind) for inl in cells for x in model.iter_inlines(inl)
                   if isinstance(x, model.NoteRef)}
    uncalled = [b for b in blocks
                if b.kind == NOTE and (b.attrs["label"], b.attrs["kind"]) not in called]
    for b in uncalled:
        # a note nothing calls would stop `publish xml`: keep its text as a
        # paragraph of the notes list until an editor restores the call
        b.attrs["uncalled"] = True
        doc.decide(PASS, b.first, b.last, f"note {b.attrs['label']} is never called: kept "
                   "as a paragraph", "no marker in the chapter has its number; restore the "
                   "call and make the paragraph a note again, or delete it", 0.5,
                   flagged=True, block=b)
    if uncalled:
        labels = ", ".join(b.attrs["label"] for b in uncalled)
        doc.report.warn(f"notes never called in {title!r}: {labels}; kept as paragraphs")
