"""The manuscript as its author sees it: Markdown lines with their numbers.

Text checks need the exact line and column of what they flag, so they work on
the source, not on the model. `scan_part` splits a part's lines into headings,
note definitions, tables and paragraphs, and gives each prose line a *masked*
copy: markup (note calls, span attributes, emphasis markers, escapes, quote
prefixes) is blanked to spaces, so columns in the masked copy are columns in the
file and a word found there is the word as it stands in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PublishError

NOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]?")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
ATTR_LINE = re.compile(r"^\s*\{[^{}]*\}\s*$")
TABLE_ROW = re.compile(r"^ {0,3}\|")
CAPTION = re.compile(r"^ {0,3}Table:\s?(.*)$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
QUOTE_PREFIX = re.compile(r"^( {0,3}> ?)+")
LIST_MARK = re.compile(r"^( {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]+)")
BREAK = re.compile(r"^ {0,3}((\*\s*){3,}|(-\s*){3,}|(_\s*){3,})$")
# markup inside a prose line, blanked to spaces
_SPAN_ATTR = re.compile(r"\]\{[^{}]*\}")
_LINK_TAIL = re.compile(r"\]\([^()\s]*\)")
_CODE = re.compile(r"`[^`]*`")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_EMPH = re.compile(r"(?<![\w*])[*_]+|[*_]+(?![\w*])|\*+")


@dataclass
class NoteRefAt:
    label: str
    line: int
    col: int          # 1-based column of "[^"
    after: str        # the character right after "]" ("" at line end)


@dataclass
class TextLine:
    """A prose line: `masked` has the same length as `raw`; markup is blanked."""

    line: int
    raw: str
    masked: str


@dataclass
class Paragraph:
    lines: list[TextLine]
    kind: str = "p"   # "p", "quote", "note", "caption", "heading", "item"

    @property
    def line(self) -> int:
        return self.lines[0].line


@dataclass
class TableRowAt:
    line: int
    raw: str
    cells: list[tuple[int, str]]     # (1-based col, stripped cell text)


@dataclass
class TableAt:
    line: int
    caption: TextLine | None
    header: TableRowAt | None
    align_row: TableRowAt | None
    aligns: list[str | None]
    rows: list[TableRowAt]


@dataclass
class HeadingAt:
    line: int
    level: int
    text: str


@dataclass
class NoteDefAt:
    label: str
    line: int
    col: int
    body: list[TextLine]


@dataclass
class Part:
    """One manuscript file, scanned."""

    path: Path
    name: str                      # as shown in findings: relative to the manuscript
    lines: list[str]
    headings: list[HeadingAt] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    refs: list[NoteRefAt] = field(default_factory=list)
    notes: list[NoteDefAt] = field(default_factory=list)
    tables: list[TableAt] = field(default_factory=list)

    def text_lines(self, kinds=("p", "quote", "note", "caption", "item", "heading")):
        for para in self.paragraphs:
            if para.kind in kinds:
                yield from para.lines


def mask_inline(s: str) -> str:
    """Blank inline markup to spaces, keeping every other character in place."""
    chars = list(s)

    def blank(a, b):
        for i in range(a, b):
            chars[i] = " "

    for m in NOTE_REF.finditer(s):
        blank(m.start(), m.end())
    for m in _CODE.finditer(s):
        blank(m.start(), m.end())
    for m in _TAG.finditer(s):
        blank(m.start(), m.end())
    for rx in (_SPAN_ATTR, _LINK_TAIL):
        for m in rx.finditer(s):
            blank(m.start(), m.end())
            # the matching "[" that opened the span or link text
            depth = 0
            for i in range(m.start() - 1, -1, -1):
                if s[i] == "]":
                    depth += 1
                elif s[i] == "[":
                    if depth == 0:
                        chars[i] = " "
                        break
                    depth -= 1
    for m in _ESCAPE.finditer(s):
        chars[m.start()] = " "
    masked = "".join(chars)
    out = list(masked)
    for m in _EMPH.finditer(masked):
        for i in range(m.start(), m.end()):
            out[i] = " "
    return "".join(out)


def split_cells(raw: str) -> list[tuple[int, str]]:
    """Cells of a pipe-table row, with the 1-based column where each starts."""
    s = raw.rstrip()
    cells: list[tuple[int, str]] = []
    i = s.index("|") + 1
    start = i
    while i <= len(s):
        if i == len(s) or (s[i] == "|" and s[i - 1] != "\\"):
            cell = s[start:i]
            if i < len(s) or cell.strip():
                lead = len(cell) - len(cell.lstrip())
                cells.append((start + lead + 1, cell.strip()))
            start = i + 1
        i += 1
    return cells


_ALIGN_CELL = re.compile(r"^:?-+:?$")


def _align_of(cell: str) -> str | None:
    c = cell.replace(" ", "")
    if c.startswith(":") and c.endswith(":"):
        return "center"
    if c.endswith(":"):
        return "right"
    if c.startswith(":"):
        return "left"
    return None


def read_lines(path: Path, name: str) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PublishError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", name, None,
                           "save the file as UTF-8") from None
    text = text.removeprefix("\ufeff")
    return text.split("\n") if text else []


def scan_part(path: Path, name: str, lines: list[str] | None = None) -> Part:
    if lines is None:
        lines = read_lines(path, name)
    part = Part(path=path, name=name, lines=lines)
    n = len(lines)
    i = 0
    para: Paragraph | None = None
    note: NoteDefAt | None = None
    pending_caption: TextLine | None = None

    def close():
        nonlocal para
        if para is not None and para.lines:
            part.paragraphs.append(para)
        para = None

    def prose(lineno, raw, prefix_len=0):
        masked = " " * prefix_len + mask_inline(raw[prefix_len:])
        for m in NOTE_REF.finditer(raw, prefix_len):
            after = raw[m.end()] if m.end() < len(raw) else ""
            part.refs.append(NoteRefAt(m.group(1), lineno, m.start() + 1, after))
        return TextLine(lineno, raw, masked)

    while i < n:
        raw = lines[i].rstrip("\r")
        lineno = i + 1
        if FENCE.match(raw):
            close()
            note = None
            i += 1
            while i < n and not FENCE.match(lines[i]):
                i += 1
            i += 1
            continue
        if not raw.strip():
            close()
            # a blank line ends a note unless the next line is indented (continuation)
            if note is not None and not (i + 1 < n and lines[i + 1].startswith("    ")):
                note = None
            i += 1
            continue
        if note is not None and raw.startswith("    ") and (para is None or para.kind == "note"):
            tl = prose(lineno, raw, 4)
            note.body.append(tl)
            if para is None:
                para = Paragraph([], "note")
            para.lines.append(tl)
            i += 1
            continue
        note = None
        m = NOTE_DEF.match(raw)
        if m:
            close()
            note = NoteDefAt(m.group(1), lineno, raw.index("[") + 1, [])
            part.notes.append(note)
            tl = prose(lineno, raw, m.end())
            note.body.append(tl)
            para = Paragraph([tl], "note")
            i += 1
            continue
        m = HEADING.match(raw)
        if m:
            close()
            part.headings.append(HeadingAt(lineno, len(m.group(1)), m.group(2).strip()))
            start = m.start(2)
            part.paragraphs.append(Paragraph([prose(lineno, raw, start)], "heading"))
            i += 1
            continue
        if ATTR_LINE.match(raw) or BREAK.match(raw):
            close()
            i += 1
            continue
        m = CAPTION.match(raw)
        if m and para is None:
            pending_caption = prose(lineno, raw, m.start(1))
            part.paragraphs.append(Paragraph([pending_caption], "caption"))
            i += 1
            # the caption is directly followed by its table (blank lines allowed)
            j = i
            while j < n and not lines[j].strip():
                j += 1
            if j >= n or not TABLE_ROW.match(lines[j]):
                part.tables.append(TableAt(lineno, pending_caption, None, None, [], []))
                pending_caption = None
            continue
        if TABLE_ROW.match(raw) and para is None:
            rows = []
            while i < n and TABLE_ROW.match(lines[i]):
                rows.append(TableRowAt(i + 1, lines[i], split_cells(lines[i])))
                i += 1
            header = rows[0] if rows else None
            align_row = None
            aligns: list[str | None] = []
            body = rows[1:]
            if len(rows) > 1 and rows[1].cells and all(_ALIGN_CELL.match(c.replace(" ", ""))
                                                      for _, c in rows[1].cells):
                align_row = rows[1]
                aligns = [_align_of(c) for _, c in align_row.cells]
                body = rows[2:]
            part.tables.append(TableAt(rows[0].line, pending_caption, header, align_row,
                                       aligns, body))
            pending_caption = None
            continue
        pending_caption = None
        q = QUOTE_PREFIX.match(raw)
        if q:
            kind, prefix = "quote", q.end()
            if not raw[prefix:].strip():
                close()
                i += 1
                continue
        else:
            lm = LIST_MARK.match(raw)
            kind, prefix = ("item", lm.end()) if lm else ("p", 0)
            if lm:
                close()
        if para is None or para.kind != kind and kind != "p":
            close()
            para = Paragraph([], kind)
        para.lines.append(prose(lineno, raw, prefix))
        i += 1
    close()
    return part
