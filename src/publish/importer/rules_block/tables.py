"""Tables: find statistical tables that extraction flattened to one cell a line,
and rebuild them as rows and columns with a caption and a header row.

Pure core: `find_tables(lines)` (what the pass keeps), `find_table_regions(lines)`
(the regions sure to be tables) and `rebuild_table(lines, first_line_no)`;
`tables(doc)` is the ruler pass (see document.py).  The grid search is in
tables_layout.py: first the block model (rectangles of cells that pdftotext
reads one after another, each row by row), and when it cannot read the table
cleanly, the older search over whole-table reading orders.  Every source token
of a table region ends up in the caption or a cell (only a header that a page
break repeated is dropped, and reported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import groupby, pairwise

from publish import model

from ..document import RAW, TABLE, Block, Document, Line, runs
from ..rules_core.text import BREAK_HYPHENS
from ..rules_inline.hyphens import PASS as HYPHENS, hyphenated_form, keeps_hyphen
from .tables_layout import (
    CHANGE_WORDS,
    FUNCTION_WORDS,
    MONTH,
    NOTE,
    Token,
    best_grid,
    block_solve,
    sign_ends_head_before,
    split_header_text,
    split_line,
)

PASS = "tables"

_SENTENCE_END_RAW = re.compile(r"[.!?:;’”'\"]\s*(\[\d+\*?\])?\s*$")
# "No." / "Feb." / "Dec." end no sentence; "Lyon." does
_ABBREV_END = re.compile(
    r"(^|\s)(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Vol|Vols|St|Dr|Mr|Mrs"
    r"|Ms|Co|Jr|Sr|Ed|Eds|Cf|Pt)\.\s*$", re.IGNORECASE)


def _ends_sentence(s: str) -> bool:
    """The line ends a sentence (not an abbreviation such as "No." or "Feb.",
    nor inside an open bracket such as "(m.")."""
    s = s.strip()
    if re.fullmatch(rf"{MONTH}\.?", s):
        return False    # "May." alone: a date label wrapped before its year
    return bool(_SENTENCE_END_RAW.search(s)) and not _ABBREV_END.search(s) \
        and s.count("(") <= s.count(")")


_MARKER_END = re.compile(rf"{NOTE}\s*$")
_NOTES_TITLE = re.compile(r"(Notes|Footnotes|Endnotes|Notes and references)",
                          re.IGNORECASE)
_FLAG_BELOW = 0.75
#: block-model readings dearer than this fall back to the order search
_BLOCK_MAX_COST = 4.0
#: ... or dearer than this, when the order search is unsure as well
_BLOCK_DOUBT_COST = 6.0
#: the same when every value stands alone between blank lines
_BLOCK_LONE_COST = 2.25
#: a short run of values is a table only when the block model reads it this cheaply
_SMALL_MAX_COST = 2.5
_DIGIT = re.compile(r"\d")
_DAY_MONTH = re.compile(rf"\d{{1,2}}\s+{MONTH}")
#: "% of Production" finishes a head; a lone "%" begins "% Decline" or ends "Turnout %"
_PCT_GOES_ON = re.compile(r"%\s+[a-z]")
#: a word the renderer hyphenated and the line break after it ("Pro‐ duction")
_RENDERER_BREAK = re.compile(rf"([^\W\d_])[{''.join(BREAK_HYPHENS)}] ([^\W\d_])")


@dataclass
class TableGuess:
    caption: str
    head: list[list[str]]
    body: list[list[str]]
    #: per column: "right" (numeric) or "left"
    align: list[str]
    confidence: float
    flagged: bool
    reason: str
    first_line: int = 0
    last_line: int = 0
    #: source tokens dropped as a header repeated after a page break
    dropped: list[str] = field(default_factory=list)
    #: the reading order found, and the block model's cost when it read it
    order: str = ""
    cost: float = 0.0

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.head) + len(self.body), len(self.align)


# --- detection -------------------------------------------------------------


def _line_tokens(text: str) -> list[Token]:
    return split_line(text.strip(), 0)


def is_value_line(text: str) -> bool:
    """A short line made of values, perhaps after a short label."""
    s = text.strip()
    if not s or len(s) > 90 or not _DIGIT.search(s):
        return False
    toks = _line_tokens(s)
    nums = [t for t in toks if t.kind in ("num", "key")]
    words = sum(len(t.text.split()) for t in toks if t.kind == "text")
    if not nums:
        return False
    if len(s) > 48 and (len(nums) < 3 or words > 4):
        return False
    if words == 0:
        return True
    if _ends_sentence(s) and re.search(r"(^|\s)[a-z]{2,}\b(?!\.)", s):
        return False    # the end of a sentence: "– in 22 August 1933."
    if s.endswith((",", ";")) and toks[-1].kind == "text" and words >= 3:
        return False    # a clause runs on: "demonstration of some 500,000 Communists,"
    return words <= 4 and not _ends_sentence(s) or (words <= 3 and len(nums) >= 2)


def _is_cell_line(text: str, measure: int) -> bool:
    """A line that could be one or a few table cells (short, not a sentence end)."""
    s = text.strip()
    if not s:
        return False
    if is_value_line(s):
        return True
    if len(s) > min(40, 0.6 * measure):
        return False
    if len(s.split()) > 5:
        return False
    return not re.search(r"[.!?]['’”]?\s*(\[\d+\*?\])?$", s) or not _ends_sentence(s)


def _measure(lines: list[str]) -> int:
    lens = sorted(len(s.rstrip()) for s in lines if len(s.strip()) > 20)
    if not lens:
        return 70
    return lens[int(0.8 * (len(lens) - 1))]


class _LazyCells:
    """cell[i]: whether line i could be a table cell, worked out only for the
    few lines near values (most of a book is never asked)."""

    def __init__(self, lines, value, m):
        self.lines, self.value, self.m, self.memo = lines, value, m, {}

    def __getitem__(self, i):
        if i not in self.memo:
            self.memo[i] = self.value[i] or _is_cell_line(self.lines[i], self.m)
        return self.memo[i]


def find_table_regions(lines: list[str], measure: int | None = None) -> list[tuple[int, int]]:
    """Half-open index ranges [start, end) of `lines` that hold a flattened table,
    caption included.  Blank lines inside a table (page breaks) belong to it."""
    return [(a, b) for a, b, sure, _ in _find_regions(lines, measure) if sure]


def _find_regions(lines: list[str], measure: int | None = None,
                  small: bool = False) -> list[tuple[int, int, bool, int]]:
    """Table regions as (start, end, sure, longest end); the longest end keeps
    the words after the last value that look like a heading (they may be cells
    read last).  With `small`, also the runs too short to be sure of (two rows
    of one value: "1916 99,150" / "1917 48,428"), for the caller to keep only
    when they rebuild cleanly."""
    m = measure or _measure(lines)
    n = len(lines)
    value = [is_value_line(s) for s in lines]
    cell = _LazyCells(lines, value, m)
    regions: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if not value[i] or _para_tail(lines, i, m):
            i += 1
            continue
        # grow a run of cell lines, blank lines, and at most one long line between cells
        j = i
        last = i
        nvals = 0
        wide_cells: list[str] = []
        while j < n:
            s = lines[j].strip()
            if not s:
                j += 1
                continue
            if _NOTES_TITLE.fullmatch(s):
                break       # the notes that follow the table are not a cell
            if cell[j] and not value[j] and _opens_paragraph(lines, j, m, cell):
                break       # the first words of a paragraph ("An" / "unexplained hitch ...")
            if cell[j]:
                last = j
                nvals += value[j]
                j += 1
                continue
            # a long line squeezed between cell lines (a wide text cell)
            k = j + 1
            while k < n and not lines[k].strip():
                k += 1
            # a header line of several heads ("Production Procurement Procurement Exports")
            if k < n and cell[k] and _is_header_line(s) and len(s) < 1.1 * m:
                last = j
                j += 1
                continue
            if k < n and value[k] and len(s) < 1.1 * m and not _ends_sentence(s) \
                    and j > i and not _para_tail(lines, k, m):
                wide_cells.append(s)
                j += 1
                continue
            # the last row's wide cell, shaped like the ones before ("(including ...)")
            if wide_cells and s[:1] == "(" and s.endswith(")") and len(s) < 1.1 * m \
                    and any(w[:1] == "(" for w in wide_cells):
                last = j
                j += 1
                continue
            break
        ntoks = sum(len([t for t in _line_tokens(lines[k]) if t.kind != "text"])
                    for k in range(i, last + 1))
        sure = nvals >= 3 and ntoks >= 4
        if sure or (small and nvals >= 2 and ntoks >= 2):
            start = _extend_up(lines, i, m, regions[-1][1] if regions else 0)
            end = _trim_tail(lines, i, last + 1)
            pieces = _split_at_captions(lines, start, end, i)
            for a, b in pieces:
                # the last piece may go on over the words trimmed off its tail
                regions.append((a, b, sure, last + 1 if (a, b) == pieces[-1] else b))
            i = end
        else:
            i = last + 1 if last > i else i + 1
    return regions


def _opens_paragraph(lines: list[str], j: int, m: int, cell) -> bool:
    """Line j starts a paragraph: the next line goes on from it in lower case
    at full width ("An" / "unexplained hitch ..."), or pdftotext read a line
    a word at a time, a word a block, and the rest goes on so ("Central" /
    "Committee" / ... / "party" / "organisations to intensify ...")."""
    k = j + 1
    if _WORD_ALONE.fullmatch(lines[j].strip()):
        end, words = k, 1
        while end < len(lines) and (not lines[end].strip()
                                    or _WORD_ALONE.fullmatch(lines[end].strip())):
            words += bool(lines[end].strip())
            end += 1
        if words >= 3:  # (a word or two between blank lines may be cells)
            k = end
    if k >= len(lines):
        return False
    s = lines[k].strip()
    return s[:1].islower() and len(s) >= 0.6 * m and not cell[k]


#: a word alone on its line, as pdftotext gives a loose line read word by word
_WORD_ALONE = re.compile(r"[A-Za-z’'\-]+[,;]?")


def _para_tail(lines: list[str], i: int, m: int) -> bool:
    """Line i ends a paragraph ("1931-2." under a full line of prose that runs on)."""
    s = lines[i].strip()
    above = lines[i - 1].strip() if i > 0 else ""
    return s.endswith(".") and not s.endswith("n.a.") and len(above) >= 0.7 * m \
        and not _ends_sentence(above)


def _is_header_line(s: str) -> bool:
    """Column heads run together: capitalised words (and "of", "%", "&"), no
    sentence end."""
    words = s.split()
    return len(words) >= 2 and not _ends_sentence(s) and all(
        w[:1].isupper() or w.lower() in FUNCTION_WORDS or w in ("%", "&") for w in words)


def _split_at_captions(lines: list[str], start: int, end: int, first_value: int):
    """Two tables set one after the other: a caption-like line (several words,
    no values) after the first table's values, followed by a header of keys,
    starts the second."""
    cuts = []
    k = first_value + 1
    while k < end:
        s = lines[k].strip()
        toks = _line_tokens(s) if s else []
        if len(s.split()) >= 3 and s[:1].isupper() and toks \
                and all(t.kind == "text" for t in toks) and ("," in s or _MARKER_END.search(s)):
            nxt = [lines[x].strip() for x in range(k + 1, min(end, k + 4)) if lines[x].strip()]
            if any(len(_line_tokens(x)) >= 2 and all(t.kind == "key" for t in _line_tokens(x))
                   for x in nxt):
                cuts.append(k)
        k += 1
    out, a = [], start
    for c in cuts:
        out.append((a, _trim_tail(lines, a, c)))
        a = c
    out.append((a, end))
    return out


def _extend_up(lines: list[str], i: int, m: int, floor: int) -> int:
    """Take in the header and caption lines above the first value line, stopping
    at the end of the paragraph before.  Blank lines between header cells (one
    text block each) or a page break are crossed."""
    start = i
    k = i - 1
    taken = 0
    while k >= floor and taken < 20:
        s = lines[k].strip()
        if not s:
            k -= 1
            continue
        above = lines[k - 1].strip() if k - 1 >= 0 else ""
        if re.fullmatch(NOTE, s):
            # a lone marker ends the paragraph above or the caption above
            if _ends_sentence(above):
                break
            start = k
            taken += 1
            k -= 1
            continue
        if _ends_sentence(s) and not _MARKER_END.search(s):
            break
        if _MARKER_END.search(s) and re.search(r"[.!?:;’”]\s*\[\d+\*?\]\s*$", s):
            break
        if len(s) > 1.2 * m:
            break
        # the tail of a paragraph: the line above is full-width prose that runs
        # on from prose before it (a two-line caption follows a sentence's end)
        above2 = lines[k - 2].strip() if k - 2 >= 0 else ""
        if above and len(above) >= 0.8 * m and not _ends_sentence(above) \
                and not _is_cell_line(above, m) and not _is_header_line(above) \
                and len(s.split()) >= 3 \
                and above2 and not _ends_sentence(above2):
            break
        start = k
        taken += 1
        k -= 1
    return start


def _looks_like_heading(s: str) -> bool:
    """A line of words alone, no values, no list: "The Split of Pantakov"."""
    s = s.strip()
    return len(s.split()) >= 2 and not re.search(r"[\d,;()]", s) and not _ends_sentence(s)


def _trim_tail(lines: list[str], i: int, end: int) -> int:
    """Drop trailing lines that start the next paragraph rather than end the table:
    blank lines, and a last block of words alone (a heading: "The Split of Pantakov")."""
    while True:
        while end > i and not lines[end - 1].strip():
            end -= 1
        k = end
        while k > i and lines[k - 1].strip():
            k -= 1
        block = [lines[x] for x in range(k, end)]
        if k > i and len(block) == 1 and _looks_like_heading(block[0]):
            end = k
            continue
        # a heading wrapped once: its first line is wider than a wrapped cell
        if k > i and len(block) == 2 and len(block[0].strip()) >= 30 \
                and _looks_like_heading(" ".join(block)):
            end = k
            continue
        return end


# --- rebuilding ------------------------------------------------------------


def _split_caption(lines: list[str]) -> tuple[list[int], int]:
    """Indices of caption lines and the index where the table proper starts."""
    texts = [s.strip() for s in lines]
    nonblank = [k for k, s in enumerate(texts) if s]
    if not nonblank:
        return [], 0
    first = nonblank[0]

    def texty(k):
        # numbers in brackets ("(per 100 employees)") do not make a line of values
        toks = _line_tokens(re.sub(r"\([^()]*\)?|^[^()]*\)", "(x)", texts[k]))
        words = sum(len(t.text.split()) for t in toks if t.kind == "text")
        nums = sum(1 for t in toks if t.kind == "num")
        if re.fullmatch(r"\(.*\)", texts[k]):
            return True
        return words > 0 and (nums == 0 or (words >= 4 and nums * 3 <= words))

    if not texty(first):
        return [], first
    # a caption that ends with a note marker, within the first lines
    for k in nonblank[:7]:
        if not texty(k) and not _MARKER_END.search(texts[k]):
            break
        if _MARKER_END.search(texts[k]):
            return [x for x in nonblank if x <= k], k + 1
    # otherwise the first line and its visible continuations
    cap = [first]
    for k in nonblank[1:5]:
        prev = texts[cap[-1]]
        s = texts[k]
        last_word = prev.split()[-1].lower() if prev.split() else ""
        if not texty(k) and not (prev.endswith(",") and len(s.split()) == 1) \
                and not re.fullmatch(r"\d{4}(\s*\[\d+\*?\])?", s) \
                and not (last_word in FUNCTION_WORDS and len(s.split()) <= 3):
            break
        goes_on = s[:1].islower() or s[:1] == "(" or prev.endswith((",", ":", "-", "–")) \
            or last_word in FUNCTION_WORDS or re.search(r"\w[,:] \S", s) \
            or prev.count("(") > prev.count(")")
        # "..., 1913-37" and "in June" / "1932": a date that ends the caption
        date_end = (prev.endswith(",") and re.fullmatch(r"[\d–-]+", s)) or (
            re.fullmatch(r"\d{4}(\s*\[\d+\*?\])?", s)
            and re.search(rf"\b({MONTH}|in|of|since|from)$", prev))
        if not (goes_on or date_end):
            break
        cap.append(k)
    # a short first line ("Year", "No. of") is a header cell, unless its
    # continuations make a caption's phrase ("Targets" / "of" / "Production")
    if len(texts[first].split()) <= 2:
        words = " ".join(texts[k] for k in cap).split()
        content = [w.lower() for w in words if w.lower() not in FUNCTION_WORDS]
        if len(words) < 3 or len(set(content)) < len(content):
            return [], first
    return cap, cap[-1] + 1


#: a cell of its own never holds just a unit: it finishes the head above it
UNIT_SIGNS = {"%", "(%)"}


def _merge_continuations(tokens: list[Token]) -> list[Token]:
    """Join text that wrapped inside one body cell ("Entered" / "employment",
    "Breslau, Köln," / "Hamburg"), even when values came in between."""
    out: list[Token] = []
    for t in tokens:
        if t.kind == "text" and out:
            if t.text.count(")") > t.text.count("("):
                for o in reversed(out):
                    if o.kind == "text" and o.text.count("(") > o.text.count(")"):
                        o.text += " " + t.text
                        break
                else:
                    out.append(t)
                continue
            prev = out[-1]
            if prev.kind == "text" and prev.line != t.line and t.text[:1] == "(" \
                    and t.text.count("(") == t.text.count(")"):
                prev.text += " " + t.text       # "Index" / "(1928 = 100)"
                continue
            if prev.kind == "text" and t.line == prev.line + 1 and (
                    t.text in UNIT_SIGNS or prev.text in UNIT_SIGNS):
                prev.text += " " + t.text       # "Fulfilment" / "%", "%" / "Decline"
                continue
            if prev.kind == "text" and prev.line != t.line:
                pw = prev.text.split()[-1]
                if t.text[:1].islower() or pw.endswith((",", "&", "-")) \
                        or pw.lower() in FUNCTION_WORDS:
                    prev.text += " " + t.text
                    continue
            if t.text[:1].islower():
                target = next((o for o in reversed(out[-8:]) if o.kind == "text"
                               and o.line < t.line), None)
                if target is not None:
                    sep = "-" if target.glued else " "
                    target.text += sep + t.text
                    target.glued = False
                    continue
        out.append(t)
    return out


def _incomplete(text: str) -> bool:
    w = text.split()[-1]
    return w.lower() in FUNCTION_WORDS or w.endswith((",", "&", "-")) \
        or text.count("(") > text.count(")")


def _completes(text: str) -> bool:
    return text[:1].islower() or text[:1] in "=)&-–" or text.count(")") > text.count("(")


def _merge_header(tokens: list[Token]) -> list[Token]:
    """Header cells wrap over lines and pdftotext interleaves their pieces
    ("No. of" / "No. of Places" / "members" / "branches"): give each piece that
    goes on to the earliest open piece on an earlier line."""
    stacked = _stacked_header(tokens) or _tops_over_bottom_line(tokens)
    if stacked is not None:
        return stacked
    out: list[Token] = []
    for idx, t in enumerate(tokens):
        if t.kind == "text" and out and out[-1].kind == "text" \
                and not any(ch.isalnum() for ch in out[-1].text):
            out[-1].text += " " + t.text        # "%" / "Decline"
            continue
        if t.text in UNIT_SIGNS and out and out[-1].kind == "text" and out[-1].line == t.line - 1:
            # "Fulfilment" / "%"; a change is headed by its sign ("% Change"),
            # so under "Fulfilment Change" the sign finishes "Fulfilment"
            target = out[-1]
            if target.text.lower() in CHANGE_WORDS:
                target = next((o for o in reversed(out[:-1]) if o.line == target.line
                               and o.kind == "text" and "%" not in o.text
                               and o.text.lower() not in CHANGE_WORDS), target)
            target.text += " " + t.text
            continue
        if t.kind == "text" and t.text.count(")") > t.text.count("("):
            paren = next((o for o in out if o.kind == "text"
                          and o.text.count("(") > o.text.count(")")), None)
            if paren is not None:
                paren.text += " " + t.text      # "Index (1928" / "= 100)"
                continue
        if t.kind == "text" and t.text[:1] == "(" and t.text.count("(") == t.text.count(")") \
                and out and out[-1].kind == "text" and out[-1].line < t.line:
            out[-1].text += " " + t.text        # "Output" / "(m. tons)"
            continue
        openers = [o for o in out if o.kind == "text" and o.line < t.line and _incomplete(o.text)
                   and o.text.count("(") <= o.text.count(")")]
        opener = openers[0] if openers else None
        if t.kind == "text" and opener is not None and t.text[:1].islower() \
                and len(t.text.split()) == len(openers) > 1:
            # "No. of" / "No. of" / "members branches": one word to each
            for o, w in zip(openers, t.text.split()):
                o.text += " " + w
            continue
        must = opener is not None and opener.text.split()[-1].lower() in FUNCTION_WORDS
        if must and not (_completes(t.text) or t.text[:1] == "%"):
            # a capitalised piece completes it only if no lower-case piece is
            # coming for it (one after a later open cell, "Share of" / "total %",
            # goes to that one)
            for u in tokens[idx + 1:]:
                if u.kind == "text" and _incomplete(u.text) and not _completes(u.text):
                    break
                if u.kind == "text" and u.line > opener.line \
                        and (u.text[:1].islower() or _PCT_GOES_ON.match(u.text)):
                    must = False
                    break
        if t.text in UNIT_SIGNS and must and any(
                u.kind == "text" and u.text[:1].islower() for u in tokens[idx + 1:]):
            # "Share of" waits for its words ("total %"): the sign before them
            # is the unit of a head before it ("Fulfilment" / "%")
            before = [o for o in out[:out.index(opener)] if o.kind == "text"
                      and not _incomplete(o.text) and "%" not in o.text
                      and o.text.lower() not in _KEY_HEADS]
            if before:
                before[-1].text += " " + t.text
                continue
        if t.kind == "text" and (_completes(t.text) or must or (opener and t.text[:1] == "%")):
            target = opener
            if target is None and out and out[-1].kind == "text" and out[-1].line < t.line \
                    and t.text[:1].islower():
                target = out[-1]
                head, own = _cut_head_after_opener(target.text, t.text)
                if own:
                    target.text = head
                    out.append(Token(own, "text", target.line))
                    continue
            if target is not None:
                target.text += " " + t.text
                if target is not out[-1]:
                    target.col = -1      # marks a cell whose pieces straddle others
                continue
        out.append(t)
    # "Fulfilment" / "% Production": the sign goes up, as on one line
    for a, b in pairwise(out):
        if a.kind == b.kind == "text" and b.line == a.line + 1 and "%" not in a.text \
                and sign_ends_head_before(b.text):
            a.text += " %"
            b.text = b.text[2:]
    # one tall cell read first and finished last ("Procurement as" / Year /
    # Production Procurement / "% of Production"): it is the last column
    tall = [o for o in out if o.col == -1]
    if len(tall) == 1 and out[0] is tall[0] and len(out) > 2 \
            and not any(o.line == out[0].line for o in out[1:]):
        out = out[1:] + out[:1]
    return out


def _merge_pieces(texts: list[Token]) -> list[Token]:
    """Header lines cut into their cells, then the pieces merged into heads."""
    return _merge_header([Token(p, "text", t.line) for t in texts
                          for p in split_header_text(t.text)])


def _tops_over_bottom_line(tokens: list[Token]) -> list[Token] | None:
    """Header cells set to the bottom, read line by line across: first the top
    lines of the two-line cells, then the bottom line, where the one-line cells
    stand among the tall cells' second lines ("Share of" "Procurement as %" /
    "Year" "total %" "Output" "of Production" "Production"): the i-th piece
    that goes on finishes the i-th top line."""
    if any(t.kind != "text" for t in tokens):
        return None
    goes_on = [t.text[:1].islower() for t in tokens]
    c = sum(goes_on)
    if c < 2 or any(goes_on[:c]) or len(tokens) < 2 * c + 1:
        return None
    bottom = goes_on[c:]
    first = bottom.index(True)
    # pieces interleaved with whole cells: not all the pieces at the end
    if all(bottom[first:]):
        return None
    tops = iter(tokens[:c])
    out = []
    for t, piece in zip(tokens[c:], bottom):
        if piece:
            top = next(tops)
            out.append(Token(f"{top.text} {t.text}", "text", top.line))
        else:
            out.append(Token(t.text, t.kind, t.line))
    return out


def _stacked_header(tokens: list[Token]) -> list[Token] | None:
    """Two-line header cells read as all first lines, then the one-line cells,
    then all second lines ("Output" "Real" "No. of" "Year" "Share" "(m. tons)"
    "wages" "branches"): the i-th second line finishes the i-th first line."""
    if len({t.line for t in tokens}) < 2:
        return None
    opener = any(t.kind == "text" and _incomplete(t.text) for t in tokens)

    def piece(t):
        s = t.text
        return t.kind == "text" and (s[:1].islower() or (s[:1] == "(" and s.count("(") == s.count(")"))
                                     or (opener and s[:1] == "%"))

    idx = [k for k, t in enumerate(tokens) if piece(t)]
    if not idx or idx[0] == 0:
        return None
    # a unit first among as many second lines as there are first lines
    # ("Fulfilment" "Wages" "Procurement as %" / "%" "(roubles)" "of Production")
    j = idx[0] - 1
    sign_line = j > 1 and tokens[j].text in UNIT_SIGNS and len(tokens) == 2 * j \
        and idx == list(range(j + 1, len(tokens)))
    if sign_line:
        idx = [j] + idx
    firsts = tokens[:idx[0]]
    rest = tokens[idx[0]:]
    if (_incomplete(firsts[-1].text) or rest[0].text.split()[0] in FUNCTION_WORDS) \
            and rest[0].line == firsts[-1].line + 1 and len(firsts) > len(rest):
        # "Share of" / "total %", "Procurement as %" / "of Production": the
        # piece goes on the cell just above it
        return None
    if not all(piece(t) for t in rest[sign_line:]) or len(rest) > len(firsts):
        return None
    if any(t.kind != "text" for t in firsts[:len(rest)]):
        return None
    open_firsts = sum(1 for t in firsts if _incomplete(t.text))
    words = [w for t in rest for w in t.text.split()]
    if len(rest) < open_firsts and len(words) == open_firsts and all(w.islower() for w in words):
        # "No. of" / "No. of" / "members branches": one word to each
        rest = [Token(w, "text", rest[0].line) for w in words]
    out = [Token(t.text, t.kind, t.line) for t in firsts]
    for o, p in zip(out, rest):
        if p.text[:1] == "%" and not _incomplete(o.text) and not sign_line:
            return None  # a sign counts as a second line only under an open cell
        o.text += " " + p.text
    # one tall cell read first and finished last: it is the last column.  Not
    # when blank lines part the cells (one cell a block): the heads were read
    # line by line across, so the piece finishes the cell it came under
    lines_used = {t.line for t in tokens}
    packed = max(lines_used) - min(lines_used) + 1 == len(lines_used)
    if packed and len(rest) == 1 and len(out) > 2 \
            and not any(o.line == out[0].line for o in out[1:]):
        out = out[1:] + out[:1]
    return out


def _attach_second_line(head: list[Token]) -> list[Token] | None:
    """A header whose first line is keys ("1927-28 1932-33 1932") and whose
    second line is words under the last of them ("16th Conf. Target (amended)"):
    the words go with the last key.  None when the header is not like that."""
    if not head or head[0].kind != "key":
        return None
    first = head[0].line
    keys = [t for t in head if t.line == first]
    rest = [t for t in head if t.line != first]
    if not rest or len(keys) < 2 or any(t.kind != "key" for t in keys) \
            or any(t.kind != "text" for t in rest):
        return None
    # the second line's pieces sit under the last keys (numeric columns are
    # right-aligned): "16th Conf. Target" under 1932-33, "(amended)" under 1932
    words = " ".join(t.text for t in rest)
    pieces = [p for part in re.split(r"(?=\()", words) for p in [part.strip()] if p]
    if len(pieces) > len(keys):
        pieces = [" ".join(pieces[: len(pieces) - len(keys) + 1])] + \
            pieces[len(pieces) - len(keys) + 1:]
    out = [Token(k.text, "key", first) for k in keys]
    for o, p in zip(out[len(out) - len(pieces):], pieces):
        o.text += " " + p
    return out


def _is_header_words(text: str, cells: set[str]) -> bool:
    """Whether text is one or more header cells run together."""
    words = text.split()
    if not words:
        return False
    ok = [True] + [False] * len(words)
    for i in range(len(words)):
        if ok[i]:
            for j in range(i + 1, len(words) + 1):
                if " ".join(words[i:j]) in cells:
                    ok[j] = True
    return ok[-1]


def _drop_repeated_header(tokens: list[Token], head_end: int, lines: list[str],
                          body_has_labels: bool, pieces: set[str] = frozenset()
                          ) -> tuple[list[Token], list[str]]:
    head = tokens[:head_end]
    texts = {t.text for t in head if t.kind == "text" or (t.kind == "key" and body_has_labels)}
    texts |= set(pieces)
    if not texts:
        return tokens, []
    out, dropped = list(head), []
    seen_break = False
    prev = head[-1] if head else None
    for t in tokens[head_end:]:
        prev_line = prev.line if prev else 0
        blank = any(not lines[k].strip() for k in range(prev_line, t.line))
        seen_break = seen_break or blank
        # words on the line right below a kept cell of words finish that cell
        # ("Fulfilment" / "%"): a repeated header starts after a blank or a value
        glued = (prev is not None and prev.kind == "text" and not blank
                 and prev.text not in dropped and t.line == prev.line + 1)
        if seen_break and not glued and (
                t.text in texts or (t.kind == "text" and _is_header_words(t.text, texts))):
            dropped.append(t.text)
            prev = t
            continue
        out.append(t)
        prev = t
    return out, dropped


def _label_after_keys(tokens: list[Token]) -> list[Token]:
    """A header of years with the first row's label read in among them
    ("1929" "Sugar" "1931" 5,073,742 ...): put the label after the years."""
    k = next((i for i, t in enumerate(tokens) if t.kind == "num"), 0)
    zone = tokens[:k]
    texts = [t for t in zone if t.kind == "text"]
    keys = [t for t in zone if t.kind == "key"]
    if len(texts) == 1 and len(keys) >= 2 and zone[0].kind == "key" and zone[-1].kind == "key":
        return keys + texts + tokens[k:]
    return tokens


def _stray_header_cell_last(tokens: list[Token]) -> list[Token]:
    """A one-line header cell, centred beside taller ones, can come out after
    the whole table ("... 52.4" "Year"): with no other words among the values,
    a word after the last value is the header's first cell, or its last when
    the header already begins with the dates' head ("Date" ... "229,622"
    "Members")."""
    k = next((i for i, t in enumerate(tokens) if t.kind == "num"), None)
    last = tokens[-1] if tokens else None
    if k is None or last is None or last.kind != "text" or len(last.text.split()) > 2 \
            or not last.text[:1].isupper():
        return tokens
    if any(t.kind == "text" for t in tokens[k:-1]) or tokens[k - 1].kind != "key":
        return tokens
    if tokens[0].text.lower() in _KEY_HEADS and last.text.lower() not in _KEY_HEADS:
        return tokens[:k - 1] + [last] + tokens[k - 1:-1]
    return [last] + tokens[:-1]


def _repeated_header_lines(tokens: list[Token], lines: list[str]) -> set[int]:
    """Lines below the first value that repeat the header's lines of words, in
    order: a page break repeated the header row.  The block model is given the
    table without them (the order search drops them itself)."""
    first = next((t.line for t in tokens if t.kind == "num"), None)
    if first is None:
        return set()
    head_lines = sorted({t.line for t in tokens if t.line < first})
    head = [lines[k].strip() for k in head_lines
            if all(t.kind == "text" for t in tokens if t.line == k)]
    after = [k for k in range(first + 1, len(lines)) if lines[k].strip()]

    def values_line(k):
        return any(t.kind == "num" for t in split_line(lines[k].strip(), k))

    # the lines of words above the values may end with the first row's label,
    # or open with the label column read before the heads
    # (or with the corner head before it: "Region" "Oil" ... "Production")
    runs = [(head[:n], False) for n in range(len(head), 0, -1)] \
        + [(head[-n:], True) for n in range(len(head) - 1, 0, -1)] \
        + [(head[:1] + head[-n:], True) for n in range(len(head) - 2, 0, -1)]
    for run, heads_last in sorted(runs, key=lambda r: -len(r[0])):
        n = len(run)
        one_word = len(" ".join(run).split()) < 2
        out: set[int] = set()
        for x in range(len(after) - n + 1):
            ks = after[x:x + n]
            if [lines[k].strip() for k in ks] != run or out & set(ks):
                continue
            # a head wrapped onto the next line is another, longer head
            if ks[-1] + 1 < len(lines) and lines[ks[-1] + 1].strip()[:1].islower():
                continue
            # after the label column, the repeat comes after the next labels,
            # with no words between the values before them (a column's head)
            if heads_last and _words_among_values(after[:x], values_line):
                continue
            # between a row's values and the next row's label ("97.3" "Prices"
            # "North Caucasus"), or after a blank line when the heads say more
            # than one word
            between_rows = values_line(after[x - 1] if x else first) and x + n < len(after) \
                and not values_line(after[x + n])
            # or between the next rows' labels and their values
            over_values = x and not values_line(after[x - 1]) and x + n < len(after) \
                and values_line(after[x + n]) and not lines[ks[0] - 1].strip()
            if between_rows or over_values or (not one_word and not lines[ks[0] - 1].strip()):
                out |= set(ks)
        if out:
            return out
    return set()


def _words_among_values(ks: list[int], values_line) -> bool:
    """Some line of words in `ks` comes before a line of values."""
    kinds = [values_line(k) for k in ks]
    return any(not a and b for a, b in zip(kinds, kinds[1:])) if kinds else False


def _scattered_header_lines(tokens: list[Token], lines: list[str]) -> set[int]:
    """Lines below the first value that each repeat a line of words from above
    it, in any order: a page break repeated the header, and pdftotext read its
    cells in among the rows ("Region" "Lower Volga" "Plan" "121,853").  Two such
    lines at least, each repeated once."""
    first = next((t.line for t in tokens if t.kind == "num"), None)
    if first is None:
        return set()
    # a column read down puts its head after the first value: any line of
    # words met twice, the second time below the first value
    word_lines = [k for k in sorted({t.line for t in tokens})
                  if all(t.kind == "text" for t in tokens if t.line == k)]
    texts = [lines[k].strip() for k in word_lines]
    hits = {k for x, k in enumerate(word_lines)
            if k > first and texts.count(texts[x]) == 2 and texts.index(texts[x]) < x}
    if len(hits) < 2 or not any(word_lines[texts.index(lines[k].strip())] < first for k in hits):
        return set()
    return hits


def _line_blocks(lines: list[str]) -> dict[int, int]:
    """Each line's block: blocks are parted by blank lines."""
    line_block, b = {}, 0
    for k, s in enumerate(lines):
        if not s.strip():
            b += 1
        line_block[k] = b
    return line_block


def _alone(tokens: list[Token], line_block: dict[int, int]) -> list[bool]:
    """Per token, whether it is the only token of its block."""
    size: dict[int, int] = {}
    for t in tokens:
        b = line_block.get(t.line, -1)
        size[b] = size.get(b, 0) + 1
    return [size[line_block.get(t.line, -1)] == 1 for t in tokens]


def _join_wrapped_cells(tokens: list[Token], line_block: dict[int, int]) -> list[Token]:
    """When every value stands alone between blank lines (a table set one cell
    a block), a block of several lines of words is one wrapped cell
    ("Lower" / "Volga", "Share" / "of total" / "%")."""
    by_block: dict[int, list[Token]] = {}
    for t in tokens:
        by_block.setdefault(line_block.get(t.line, -1), []).append(t)
    values = [t for t in tokens if t.kind != "text"]
    # the first label may share its block with the corner head read before it
    # ("Date" / "1 Jun." / "1928"): that block is left as it is
    shared = [t for t in values if len(by_block[line_block.get(t.line, -1)]) > 1]
    if len(values) < 4 or len(shared) > 1:
        return tokens
    if shared:
        group = by_block[line_block.get(shared[0].line, -1)]
        if shared[0] is not values[0] or group[-1] is not shared[0] \
                or any(u.kind != "text" for u in group[:-1]):
            return tokens
    first = next(i for i, t in enumerate(tokens) if t.kind != "text")
    # a block alone before the first value is the header and the first label
    # ("Members" / "Sheep & goats"), not one cell
    alone = line_block.get(tokens[0].line, -1) if first and \
        len(by_block[line_block.get(tokens[0].line, -1)]) == first else None
    # after the last value, a block is rather cells read after the table
    # ("Industrial workers" / "Cotton fabrics (m. metres)")
    last = max(i for i, t in enumerate(tokens) if t.kind != "text")
    tail = {line_block.get(t.line, -1) for t in tokens[last + 1:]}
    # a page break may repeat a head line above the next row's label, in one
    # block ("Members" / "Steel"): the head stays a cell of its own
    heads = {t.text for t in tokens if t.kind == "text" and t.line < values[0].line}
    # when later rows bring their labels, the block just before the first value
    # is the first label, however many capitalised lines ("Central" / "Black" /
    # "Earth" / "Region"); not while a head above is still open ("Procurement
    # as % of" / ... / "Production" "Large-scale": "Production" finishes it)
    v0 = tokens.index(values[0])
    first_label = line_block.get(tokens[v0 - 1].line, -1) if v0 and tokens[v0 - 1].kind == "text" \
        and any(t.kind == "text" for t in tokens[v0:]) \
        and not any(t.kind == "text" and _incomplete(t.text)
                    and by_block[line_block.get(t.line, -1)][-1] is t for t in tokens[:v0]) \
        else None
    # a label below the values that a one-line label as wide shows would have
    # fitted is no wrapped cell: two labels ("Steel" / "Cotton fabrics (m. metres)")
    widest = max((len(t.text) for t in tokens if t.kind == "text" and t.line > values[0].line
                  and t.text not in heads and len(by_block[line_block.get(t.line, -1)]) == 1),
                 default=0)
    out: list[Token] = []
    done: set[int] = set()
    for t in tokens:
        b = line_block.get(t.line, -1)
        group = by_block[b]
        if len(group) >= 2 and t.line > values[0].line and group[0].text in heads:
            if t is group[0]:
                out.append(t)
                continue
            group = group[1:]
        # above the values, words with a capital may be the stub read down
        # ("Region" / "Cattle"); a head goes on in lower case, "(", "%"
        weak = t.line > values[0].line or b == first_label or all(
            not any(ch.isalnum() for ch in u.text) or _incomplete(u.text)
            or _completes(v.text) or v.text[:1] in "(%" for u, v in pairwise(group))
        fits = t.line > values[0].line and len(group) >= 2 and group[1].text[:1].isupper() \
            and len(group[0].text) + 1 + len(group[1].text.split()[0]) <= widest
        if len(group) == 1 or b == alone or b in tail or not weak or fits \
                or any(u.kind != "text" for u in group) \
                or len({u.line for u in group}) != len(group):
            out.append(t)
        elif b not in done:
            done.add(b)
            text, own = _cut_head_after_opener(group[0].text, " ".join(u.text for u in group[1:]))
            out.append(Token(text, "text", group[0].line, parts=tuple(group)))
            if own:
                out.append(Token(own, "text", group[0].line))
    return out


#: a sign and one word on a header line ("% Procurement")
_SIGN_AND_WORD = re.compile(r"(%) ([A-Z][a-z]+)")


def _sign_over_its_word(tokens: list[Token], line_block: dict[int, int]) -> list[Token]:
    """Two heads side by side, "% Decline" over two lines and "Procurement"
    on one, come out as "% Procurement" / "Decline": a change is headed by
    its sign, so the change word under the sign in the same block is its
    word. ("% Decline" / "Total" are two cells.)"""
    k = next((i for i, t in enumerate(tokens) if t.kind != "text"), len(tokens))
    out = list(tokens)
    for i in range(min(k, len(out)) - 1):
        a, b = out[i], out[i + 1]
        m = _SIGN_AND_WORD.fullmatch(a.text)
        if m and b.line == a.line + 1 and line_block.get(a.line) == line_block.get(b.line) \
                and m.group(2).lower() not in CHANGE_WORDS and b.text.lower() in CHANGE_WORDS:
            out[i] = Token(f"{m.group(1)} {b.text}", "text", a.line)
            out[i + 1] = Token(m.group(2), "text", b.line)
    return out


def _cut_head_after_opener(first: str, rest: str) -> tuple[str, str | None]:
    """A wrapped head whose first line ends on a capitalised word after "of"
    ("Share of Actual" / "total %"): the lower-case rest goes on from "of" and
    the capitalised word is a head of its own (unless the renderer broke it:
    "Pro‐" / "duction"). Returns (the joined head, that head) or (the pieces
    joined, None)."""
    words = first.split()
    if rest[:1].islower() and len(words) >= 3 and words[-2].lower() in FUNCTION_WORDS \
            and words[-1][:1].isupper() and not words[-1].endswith((*BREAK_HYPHENS, "-")):
        return " ".join(words[:-1] + [rest]), words[-1]
    return f"{first} {rest}", None


def _place_strays(tokens: list[Token], hz: int, lines: list[str]
                  ) -> tuple[list[Token], int, list[str], int] | None:
    """pdftotext can read a few cells after the rest of the table, or after the
    rest of its page ("... 57.3" "Lower Volga" at the foot; "Total" "Share of
    total %" after the last value): the body then reads row by row with some
    rows' labels missing and the header short of its last cells.  Give the
    stray cells, in order, to the rows without a label and then to the end of
    the header.  Unless the first row has its label before its values, only
    cells set apart by blank lines (a table read one cell a block) are moved:
    in lines that run on, labels after their values are rather a label column
    on the right.  Returns the tokens in reading order, the header's length,
    the cells moved and how many went to the header; None when the body does
    not read so."""
    head, body = list(tokens[:hz]), tokens[hz:]
    runs, k0 = [], None
    for i, t in enumerate(body):
        if t.kind == "num":
            if k0 is None:
                k0 = i
        elif k0 is not None:
            runs.append((k0, i))
            k0 = None
    if k0 is not None:
        runs.append((k0, len(body)))
    if len(runs) < 2:
        return None
    k = min(b - a for a, b in runs)
    if any((b - a) % k for a, b in runs) or k + 2 < len(head):
        return None
    rows: list[list] = []
    strays: list[Token] = []
    pos = 0
    for a, b in runs:
        between = body[pos:a]
        strays.extend(between[:-1])
        label = between[-1] if between else None
        for i in range(a, b, k):
            rows.append([label if i == a else None] + body[i:i + k])
        pos = b
    strays.extend(body[pos:])
    # the first row's label read before the header ("1935" "Members" "Production")
    first_labelled = rows[0][0] is not None
    label_first = rows[0][0] is None and _first_label_in_head(head, k, rows[0], not strays)
    if len(head) > k + 1:
        return None
    # a label in lower case is a label's second line ("farmers"): its first
    # line is among the strays ("Collective"), in the same order as the gaps
    missing = [r for r in rows if r[0] is None or r[0].text[:1].islower()]
    short = max(0, k - len(head))
    # one stray more than the gaps, over a full header: the corner head read
    # late ("... 45.2" "Year" "1926-27")
    corner = strays[0] if len(head) == k and len(strays) == len(missing) + 1 \
        and strays[0].kind == "text" and all(t.kind == "text" for t in head) \
        and sum(1 for t in tokens if t.text == strays[0].text) == 1 else None
    cells = strays[1:] if corner else strays
    if not (strays or label_first) or len(cells) != len(missing) + short \
            or len(missing) == len(rows) \
            or any(t.text[:1].islower() for t in strays) \
            or (not first_labelled and not _set_apart(strays, lines)) \
            or any(t.kind != "text" for t in cells[len(missing):]):
        return None
    for r, t in zip(missing, cells):
        r[0] = t if r[0] is None else Token(f"{t.text} {r[0].text}", "text", t.line)
    head = ([corner] if corner else []) + head + cells[len(missing):]
    moved = [t.text for t in cells] + ([rows[0][0].text] if label_first else []) \
        + ([f"{corner.text} as the corner head"] if corner else [])
    return head + [t for r in rows for t in r], len(head), moved, short + (corner is not None)


def _value_runs(tokens: list[Token]) -> list[list[Token]]:
    """The tokens cut into alternating runs of values and of other cells."""
    return [list(g) for _, g in groupby(tokens, key=lambda t: t.kind == "num")]


def _one_cell(pieces: list[Token]) -> Token:
    """Pieces of words read as one cell ("Moscow" "Region"): one token."""
    if len(pieces) == 1:
        return pieces[0]
    return Token(" ".join(t.text for t in pieces), "text", pieces[0].line)


def _last_row_turned(tokens: list[Token], hz: int) -> list[Token] | None:
    """pdftotext can read the last row's first cells after the rest of it
    ("... 22.7" "43.3" "161,961" "52.4" "Steel" "145,406"): every row is a
    label and as many values, but for the last label, which comes after some
    values too many and before too few.  Returns the tokens with the last
    row whole again, or None."""
    body = tokens[hz:]
    runs = _value_runs(body)
    if len(runs) < 4 or runs[0][0].kind == "num" or any(
            len(r) != 1 for r in runs if r[0].kind != "num"):
        return None
    if runs[-1][0].kind != "num":
        runs.append([])  # the label read last of all
    vals = runs[1::2]
    k = len(vals[0])
    a = len(vals[-2]) - k
    if len(runs) % 2 or any(len(v) != k for v in vals[:-2]) or not 0 < a <= k \
            or len(vals[-1]) != k - a:
        return None
    head = vals[-2][k:]
    return tokens[:hz] + [t for r in runs[:-3] for t in r] + vals[-2][:k] + runs[-2] \
        + vals[-1] + head


def _rows_finished_last(tokens: list[Token], hz: int) -> list[Token] | None:
    """pdftotext can read some rows' last values after the whole table
    ("Steel" "39.3" "61.9" "966" ... "494" "57,762" "0.5"): every row is a label
    and as many values, but a few short of some, and the last with as many
    too many.  Returns the tokens with those values back in their rows, in
    row order, or None."""
    body = tokens[hz:]
    runs = _value_runs(body)
    if len(runs) < 6 or len(runs) % 2 or runs[0][0].kind == "num" or any(
            len(r) != 1 for r in runs[::2]):
        return None
    vals = runs[1::2]
    if not _fill_short_rows(vals):
        return None
    return tokens[:hz] + [t for lab, v in zip(runs[::2], vals) for t in lab + v]


def _fill_short_rows(rows: list[list[Token]]) -> bool:
    """Give the rows short of values the last row's values beyond the common
    length, in row order (in place).  Whether the rows read so."""
    k = max(set(map(len, rows)), key=[len(r) for r in rows].count)
    short = [r for r in rows[:-1] if len(r) < k]
    if not short or any(len(r) > k for r in rows[:-1]):
        return False
    own = k
    p = len(short[0])
    if short[-1] is rows[-2] and all(len(r) == p for r in short) \
            and len(rows[-1]) - p == (len(short) + 1) * (k - p):
        # the short rows run to the table's end: the last is short as well
        # and its values follow theirs
        own = p
        short.append(rows[-1])
    elif sum(k - len(r) for r in short) != len(rows[-1]) - k:
        return False
    tail = rows[-1][own:]
    del rows[-1][own:]
    for r in short:
        n = k - len(r)
        r.extend(tail[:n])
        del tail[:n]
    return True


def _rows_in_label_order(tokens: list[Token], hz: int) -> list[Token] | None:
    """The rows in the order their labels were read, their values row by row,
    when pdftotext read a page's labels together before their values ("Pig
    iron" 2.4 ... 39.6 | "Grain" "Collective farmers" "Coal" 8 95.8 ...;
    "1927" "1928-29" 50,111 ...), or a row's last values before its label
    (... -37.7 49.3 73.9 "1932-33" 57,496 530).  Returns the tokens row by row,
    or None."""
    runs = _value_runs(tokens[hz:])
    if len(runs) < 4 or len(runs) % 2 or runs[0][0].kind == "num" \
            or any(t.kind == "text" for r in runs[1::2] for t in r) \
            or any(t.kind not in ("text", "key") for r in runs[::2] for t in r):
        return None
    pairs = list(zip(runs[::2], runs[1::2]))
    k, rest = divmod(len(pairs[0][1]), len(pairs[0][0]))
    if k < 1 or rest:
        return None
    # a block of labels may have been joined as one wrapped label: the
    # values it is followed by say how many it is
    pairs = [([t for lab in labs for t in lab.parts or [lab]]
              if len(vals) != k * len(labs) else labs, vals) for labs, vals in pairs]
    labels = [t for labs, _ in pairs for t in labs]
    values = [t for _, vals in pairs for t in vals]
    if len(values) != k * len(labels):
        return None
    seen, out, moved = 0, list(tokens[:hz]), False
    r = 0
    for labs, vals in pairs:
        for lab in labs:
            d = seen - r * k
            if d >= k or d < 0 and len(labs) == 1:
                # a label after its row's values, or alone before values not
                # its own: not this reading
                return None
            row = values[r * k:(r + 1) * k]
            if d > 0:
                # the row's last values were read before its label
                row = values[seen:(r + 1) * k] + values[r * k:seen]
            moved = moved or d != 0
            out += [lab] + row
            r += 1
        seen += len(vals)
    return out if moved else None


def _keys_in_label_order(tokens: list[Token]
                         ) -> tuple[list[Token], int, list[str], list[str]] | None:
    """`_rows_in_label_order` for rows that each open with a year or date,
    under a header of words.  Returns what `_keyed_rows` does, or None."""
    first = next((i for i, t in enumerate(tokens) if t.kind != "text"), 0)
    if not first or tokens[first].kind != "key" \
            or any(t.kind == "text" for t in tokens[first:]):
        return None
    ordered = _rows_in_label_order(tokens, first)
    if ordered is None:
        return None
    heads = _merge_pieces(tokens[:first])
    return heads + ordered[first:], len(heads), ["rows' keys read apart from their values"], []


def _columns_then_rows_across(tokens: list[Token], hz: int, lines: list[str]
                              ) -> tuple[list[Token], int] | None:
    """A table read column by column down one page, and its last rows, on the
    next page, across: the heads of the first columns and the labels, a line
    each, then each column's values under its head ("Region Production"
    "Total" ... "Steel" | 162,507 97,596 61,265 | "Procurement as % of
    Production" 6.3 ...), the last column's run going on with the last rows'
    values (... 97.9 | 52,096 616 50,865).  Returns the tokens row by row and
    the header's length, or None."""
    first = next((i for i, t in enumerate(tokens) if t.kind == "num"), 0)
    runs = _value_runs(tokens[first:])
    if first == 0 or len(runs) < 3 or len(runs) % 2 == 0 \
            or any(t.kind != "text" for r in runs[1::2] for t in r) \
            or any(t.kind != "text" for t in tokens[:first]):
        return None
    cols, heads = runs[::2], runs[1::2]
    c, down = len(cols), len(cols[0])
    j, extra = divmod(len(cols[-1]) - down, c)
    groups = [list(g) for _, g in groupby(tokens[:first], key=lambda t: t.line)]
    n = down + j
    if extra or j < 1 or len(groups) <= n or any(len(v) != down for v in cols[:-1]):
        return None
    labels = [_one_cell(g) for g in groups[-n:]]
    # each label is a line, or lines in a row, none of which went elsewhere
    end = labels[0].line
    for t in labels:
        if any(lines[x].strip() for x in range(end, t.line)):
            return None
        end, text = t.line, ""
        while end < len(lines) and len(text) < len(t.text):
            text = f"{text} {lines[end].strip()}".strip()
            end += 1
        if text != t.text:
            return None
    head = [t for g in groups[:-n] for t in g] \
        + [_one_cell(h) for h in heads]
    if len(head) not in (c, c + 1) or any(t.text[:1].islower() for t in labels):
        return None
    across = cols[-1][down:]
    cols[-1] = cols[-1][:down]
    rows = [[labels[r]] + [v[r] for v in cols] for r in range(down)] \
        + [[labels[down + i]] + across[i * c:(i + 1) * c] for i in range(j)]
    return head + [t for r in rows for t in r], len(head)


def _set_apart(strays: list[Token], lines: list[str]) -> bool:
    """Strays set apart from the table's lines: the first after a blank line,
    each other one after a blank line or in one block with the stray before
    it (a block of labels read last: "Electricity (m." "kWh)" "Individual")."""
    for i, t in enumerate(strays):
        if t.line < 1:
            return False
        if not lines[t.line - 1].strip():
            continue
        if i == 0 or not all(lines[x].strip() and not _DIGIT.search(lines[x])
                             for x in range(strays[i - 1].line, t.line)):
            return False
    return True


def _first_label_in_head(head: list[Token], k: int, row: list, only_gap: bool) -> bool:
    """The first row's label read among the heads above the values: a lone
    date or year among words ("1935" "Members" "Production"; "Index" "Plan"
    "1 Jan. 1928" "Date"), or the stub read down before the heads ("Region"
    "Cattle" "Production" "Members").  Moves it to `row` and puts a corner
    head read beside it first.  `only_gap`: the first row is the only one
    without its label (else a stray cell may be that label)."""
    if len(head) not in (k + 1, k + 2):
        return False
    keys = [i for i, t in enumerate(head) if t.kind == "key"]
    if len(keys) == 1 and all(t.kind == "text" for t in head if t.kind != "key"):
        i = keys[0]
        row[0] = head.pop(i)
        if len(head) == k + 1:
            # the corner head was read just before or just after the label
            c = i - 1 if i == 1 or i == len(head) else i
            head.insert(0, head.pop(c))
        return True
    if len(head) == k + 2 and all(t.kind == "text" for t in head) \
            and len({t.line for t in head}) == len(head):
        row[0] = head.pop(1)
        return True
    if only_gap and len(head) == k + 1 and all(t.kind == "text" for t in head) \
            and len({t.line for t in head}) == len(head) \
            and not _unit_head(head[0].text) and _unit_head(head[-1].text):
        # "Cattle" "% Decline" "Fulfilment %": a unit marks the last one a head,
        # so the first is the label, read before the heads
        row[0] = head.pop(0)
        return True
    return False


def _unit_head(text: str) -> bool:
    """A cell that names a unit ("Fulfilment %", "Wages (roubles)") heads a column."""
    return "%" in text or "(" in text


def _label_column_first(tokens: list[Token], hz: int) -> tuple[list[Token], int] | None:
    """The stub column read before the heads, then the values row by row
    ("Ukraine" "Cotton fabrics" ... "Wages (roubles)" "Members" ... 92.7 ...);
    after a page break, the next rows' labels and then their values again:
    the tokens in row order and the header's length, or None."""
    head, body = tokens[:hz], tokens[hz:]
    if not body or body[0].kind != "num" or any(t.kind == "num" for t in head) \
            or any(t.kind == "key" for t in body):
        return None
    later = _value_runs(body)
    first, later = later[0], later[1:]
    if len(later) % 2:
        return None
    return _stub_then_heads(head, first, later)


def _stub_then_heads(head: list[Token], first: list[Token], later: list[list[Token]]
                     ) -> tuple[list[Token], int] | None:
    # a line among the labels is one label, though it reads like heads run
    # together ("Moscow Region"); the heads' lines may hold several heads
    lines = [list(g) for _, g in groupby(head, key=lambda t: t.line)]

    v = len(first)
    for k in range(1, v + 1):
        if v % k:
            continue
        r = v // k
        # the first line the corner head, or a head read before the stub
        # ("Share of total %" "Total" "Collective farmers" "Index")
        for c, first_head in ((0, False), (1, False), (1, True)):
            heads = [t for g in lines[:c] for t in g] if first_head else []
            heads += [t for g in lines[c + r:] for t in g]
            if r < 2 or len(heads) != k or first_head and not _unit_head(lines[0][-1].text):
                continue
            corner = [] if first_head else [_one_cell(g) for g in lines[:c]]
            labels = [_one_cell(g) for g in lines[c:c + r]]
            if any("%" in t.text for t in labels):
                continue  # a percent sign marks a head, not a row's label
            halves = [(labels, first)] + list(zip(later[::2], later[1::2]))
            if any(t.text[:1].islower() for t in labels + heads):
                return None  # a cell's second line among them: no such reading
            if any(len(vals) != k * len(labs) for labs, vals in halves):
                continue
            rows = [t for labs, vals in halves for i, lab in enumerate(labs)
                    for t in [lab] + vals[i * k:(i + 1) * k]]
            return corner + heads + rows, len(corner) + k
    return None


#: heads of a column of years or dates: the corner head
_KEY_HEADS = {"year", "years", "date", "month"}


def _keyed_rows(tokens: list[Token]
                ) -> tuple[list[Token], int, list[str], list[str]] | None:
    """Rows that each open with a year or date, every one as long, read out of
    order: heads among the first row's cells ("Date" "Output" "1 Feb. 1928"
    "143,842" "Prices" ...), the first row's year late, rows read in two
    halves, the heads repeated after a page break.  Returns the heads in their
    order then the rows, the header's length, what was moved, and the repeated
    heads dropped; None when the tokens read so already or do not read so."""
    keys = [i for i, t in enumerate(tokens) if t.kind == "key"]
    if len(keys) < 2:
        return None
    # the heads again after a page break: the same words in the same order
    first = [t for t in tokens[:keys[1]] if t.kind == "text"]
    later = [t for t in tokens[keys[1]:] if t.kind == "text"]
    doubled = not later and _heads_doubled(first, tokens)
    if doubled:
        # the heads again before the second row ("Plan" "1 Oct. 1928" "72.8"
        # "Plan"): the same words twice over, the second time after a value
        later = doubled
        first = first[:len(first) - len(later)]
    repeated = bool(later) and _words(later) == _words(first)
    if later and not repeated:
        return None
    if repeated:
        dropped = {id(t) for t in later}
        tokens = [t for t in tokens if id(t) not in dropped]
    keys = [i for i, t in enumerate(tokens) if t.kind == "key"]
    cells = [t for t in tokens if t.kind != "text"]
    moves: list[str] = []
    if cells[0].kind != "key":
        # the first row's year read late, among a later row's values: the one
        # year earlier than all the others
        years = [t.year for t in cells if t.kind == "key"]
        if None in years or sorted(years)[0] == sorted(years)[1]:
            return None
        first = next(t for t in cells if t.year == min(years))
        if first is next(t for t in cells if t.kind == "key"):
            return None
        cells.remove(first)
        cells.insert(0, first)
        moves.append(f"{first.text}, the first row's year")
    rows: list[list[Token]] = []
    for t in cells:
        if t.kind == "key":
            rows.append([])
        rows[-1].append(t)
    lengths = [len(r) for r in rows]
    ncols = max(sorted(set(lengths)), key=lengths.count)  # the commonest length
    rows, halves = _rejoin_halves(rows, ncols)
    if halves:
        moves.append("rows read in two halves")
    values = [r[1:] for r in rows]
    if len(rows) >= 3 and _fill_short_rows(values):
        rows = [r[:1] + v for r, v in zip(rows, values)]
        moves.append("rows' last values, read last")
    if ncols < 2 or any(len(r) != ncols for r in rows):
        return None
    heads = _merge_pieces([t for t in tokens[:keys[1]] if t.kind == "text"])
    if len(heads) == ncols:
        # the corner head ("Year") read late goes first
        corner = [h for h in heads if h.text.lower() in _KEY_HEADS]
        if len(corner) == 1 and corner[0] is not heads[0]:
            heads.remove(corner[0])
            heads.insert(0, corner[0])
    elif len(heads) != ncols - 1:
        return None
    if any(t.kind == "text" for t in tokens[keys[0]:]):
        moves.append("heads read among the first row")
    if not moves and not doubled:
        return None  # in order already: the usual readings see it
    return heads + [t for r in rows for t in r], len(heads), moves, \
        [t.text for t in later] if repeated else []


def _words(tokens: list[Token]) -> list[str]:
    return [w for t in tokens for w in t.text.split()]


def _heads_doubled(heads: list[Token], tokens: list[Token]) -> list[Token]:
    """The second of two runs of the same head words ("Change" "Output"
    "Votes" ... "Change Output" "Votes") with a value read between them: a
    header repeated after a page break inside the first row.  [] if none."""
    pos = {id(t): i for i, t in enumerate(tokens)}
    for j in range(1, len(heads)):
        between = tokens[pos[id(heads[j - 1])] + 1:pos[id(heads[j])]]
        if any(t.kind != "text" for t in between) and _words(heads[:j]) == _words(heads[j:]):
            return heads[j:]
    return []


def _keys_set_apart(tokens: list[Token]
                    ) -> tuple[list[Token], int, list[str], list[str]] | None:
    """Rows that each open with a year or date, whose keys were read apart
    from their values: the key column in one block after the values, or
    before them; some rows' keys after the rest of the table; each page's
    keys after its rows.  The values read row by row, as many to a row; a key
    read just before a row's values keeps that row, and the others go to the
    rows without one in the order read.  Taken only when the keys then
    ascend down the table, which time series do, and when no line holds
    values of two rows.  Returns what `_keyed_rows` does, or None."""
    keys = [t for t in tokens if t.kind == "key"]
    values = [t for t in tokens if t.kind == "num"]
    if len(keys) < 2 or not values or len(values) % len(keys) \
            or len({t.line for t in keys}) < len(keys) or None in [t.year for t in keys] \
            or any(a.kind == "text" and b.kind != "text" and a.line == b.line
                   for a, b in pairwise(tokens)):
        return None  # keys side by side head columns; a word before a value labels a row
    k, nrows = len(values) // len(keys), len(keys)
    # a key just before a row's first value keeps that row
    placed: dict[int, Token] = {}
    seen = 0
    for t, nxt in pairwise(tokens):
        if t.kind == "num":
            seen += 1
        elif t.kind == "key" and nxt.kind == "num":
            if seen % k:
                return None  # a key read before a value inside a row: not so
            placed[seen // k] = t
    if len(placed) == nrows:
        return None  # in order already
    rest = [t for t in keys if all(t is not p for p in placed.values())]
    by_position = [placed[r] if r in placed else rest.pop(0) for r in range(nrows)]

    def ascend(ks: list[Token]) -> bool:
        return all(a.year <= b.year for a, b in pairwise(ks))

    order = by_position if ascend(by_position) else keys if ascend(keys) else None
    if order is None:
        return None
    # keys placed inside the table say the values run row by row only when
    # the rows they open are the ones the keys ascend in
    inside = order is by_position and any(placed.keys() - {0})
    how = "some rows' keys read apart from their rows" if inside \
        else "the key column read apart from the values"
    rows_on_line: dict[int, set[int]] = {}
    for n, t in enumerate(values):
        rows_on_line.setdefault(t.line, set()).add(n // k)
    if any(len(r) > 1 for r in rows_on_line.values()):
        return None  # a line holds values of two rows: not read row by row
    pos = {id(t): i for i, t in enumerate(tokens)}
    first_num = pos[id(values[0])]
    if len(rows_on_line) == len(values) and not inside and not _keys_after_rows(tokens, k):
        # values one a line, no key read before a later row's values, and keys
        # read before the rows they would open end: read column by column as
        # well ("Seats" 60.4 ... | the keys | "Plan" 12.2 ...)
        return None
    # heads read among the first values stay in reading order ("-2.2" "Index
    # Members" "Output" "51.7"); heads read after the last value came with
    # the key column, on the left ("... 24.7" "Date Procurement" "1 Jun. 1928")
    texts = [t for t in tokens if t.kind == "text"]
    heads = [t for t in texts if pos[id(t)] < first_num]
    later = [t for t in texts if pos[id(t)] > first_num]
    repeated = bool(later) and [t.text for t in later] == [t.text for t in heads]
    if repeated:
        groups = [heads]
    else:
        last_value = pos[id(values[-1])]
        groups = [[t for t in texts if pos[id(t)] > last_value],
                  [t for t in texts if pos[id(t)] < last_value]]
    merged = [h for g in groups for h in _merge_pieces(g)]
    if len(merged) not in (k, k + 1):
        return None
    rows = [t for r in range(nrows) for t in [order[r]] + values[r * k:(r + 1) * k]]
    return merged + rows, len(merged), [how], [t.text for t in later] if repeated else []


def _keys_after_rows(tokens: list[Token], k: int) -> bool:
    """Whether each key comes after whole rows of k values and no more keys
    have come than rows (the keys of a page's rows read after them), but for
    a key just before a row's values, which opens that row."""
    seen = keys = 0
    for t, nxt in pairwise(tokens + [Token("", "text", -1)]):
        if t.kind == "num":
            seen += 1
        elif t.kind == "key":
            keys += 1
            if seen % k or keys > seen // k + (nxt.kind == "num"):
                return False
    return True


def _rejoin_halves(rows: list[list[Token]], ncols: int) -> tuple[list[list[Token]], bool]:
    """Rows split at their keys where a few rows were read as two halves side
    by side ("1934" "76.5" "1935" "50,529" | "201,930" "41,056" "750" "53.4"
    ...): j rows of w cells, the last one followed by the j right halves.
    Returns the rows made whole, and whether any were."""
    out: list[list[Token]] = []
    i, changed = 0, False
    while i < len(rows):
        w = len(rows[i])
        j = 1
        while i + j < len(rows) and len(rows[i + j]) == w:
            j += 1
        last = rows[i + j] if i + j < len(rows) else None
        n = j + 1  # the short rows and the last one, whose cells carry all right halves
        if w < ncols and last is not None and len(last) == w + n * (ncols - w):
            lefts = rows[i:i + j] + [last[:w]]
            rights = last[w:]
            k = ncols - w
            out.extend(left + rights[t * k:(t + 1) * k] for t, left in enumerate(lefts))
            i += n
            changed = True
        else:
            out.append(rows[i])
            i += 1
    return out, changed


def _header_zones(tokens: list[Token]) -> list[int]:
    """Guesses of how many leading tokens form the header row."""
    for k, t in enumerate(tokens):
        if t.kind == "num":
            prev = tokens[k - 1] if k >= 1 else None
            # the first row's key: a year or date, or a label (not a lower-case
            # piece of a wrapped header cell)
            if prev is not None and (prev.kind == "key" or (
                    prev.kind == "text" and not prev.text[:1].islower())):
                return [k - 1, k]
            return [k]
    return [0]


def rebuild_table(lines: list[str], first_line_no: int = 1) -> TableGuess | None:
    """Rebuild one flattened table from its region's lines (caption included)."""
    cap_idx, start = _split_caption(lines)
    caption = " ".join(lines[k].strip() for k in cap_idx)
    caption = _RENDERER_BREAK.sub(r"\1\2", re.sub(rf"\s*({NOTE})", r" \1", caption).strip())
    tokens: list[Token] = []
    k = start
    while k < len(lines):
        s = lines[k].strip()
        nxt = lines[k + 1].strip() if k + 1 < len(lines) else ""
        if _DAY_MONTH.fullmatch(s) and re.fullmatch(r"\d{4}", nxt):
            # a date label wrapped before its year ("1 Mar." / "1928")
            tokens.append(Token(f"{s} {nxt}", "key", k))
            k += 2
            continue
        nxt2 = lines[k + 2].strip() if k + 2 < len(lines) else ""
        if re.fullmatch(r"\d{1,2}", s) and re.fullmatch(MONTH, nxt) \
                and re.fullmatch(r"\d{4}", nxt2):
            # a date label wrapped word by word in a narrow column ("1" / "Feb." / "1928")
            tokens.append(Token(f"{s} {nxt} {nxt2}", "key", k))
            k += 3
            continue
        tokens.extend(split_line(s, k))
        k += 1
    nvals = len([t for t in tokens if t.kind != "text"])
    if nvals < 2:
        return None
    line_block = _line_blocks(lines)
    tokens = _sign_over_its_word(_join_wrapped_cells(tokens, line_block), line_block)
    # rows that each open with a year or date, read out of order: their keys
    # say where each row begins, before any other model is asked
    keyed = _keyed_rows(tokens) or _keys_set_apart(tokens) or _keys_in_label_order(tokens)
    if keyed is not None:
        ordered, hz0, moves, repeat = keyed
        g = _search_grid(ordered, hz0)
        if g is not None and g.order in ("row", "corner empty row"):
            if moves:
                g.notes.append(f"placed cells read out of place ({', '.join(moves)})")
            return _guess(g, repeat, caption, tokens, hz0, first_line_no, len(lines))
    # then the block model: rectangles of cells read row by row; when it
    # reads the whole table without breaking its shape, it is right
    repeated = _repeated_header_lines(tokens, lines)
    scattered = _scattered_header_lines(tokens, lines)
    if repeated and scattered > repeated:
        # a repeat found, its other heads read in among the next labels
        # ("Region" "Electricity (m. kWh)" "Output"): all of them go
        repeated = scattered
    block = block_solve([Token(t.text, t.kind, t.line) for t in tokens if t.line not in repeated],
                        line_block)
    block_dropped = [t.text for t in tokens if t.line in repeated]
    if block is None or block.score >= _BLOCK_MAX_COST:
        if scattered and scattered != repeated:
            alt = block_solve([Token(t.text, t.kind, t.line) for t in tokens
                               if t.line not in scattered], line_block)
            if alt is not None and (block is None or alt.score < block.score):
                block = alt
                block_dropped = [t.text for t in tokens if t.line in scattered]
    grid, dropped, hz = None, [], 0
    # values each alone in a block say nothing of the rectangles they form:
    # only a cheap block reading is taken without asking the order search
    alone = _alone(tokens, line_block)
    lone_values = any(t.kind == "num" for t in tokens) and all(
        a for t, a in zip(tokens, alone) if t.kind == "num")
    if block is not None and block.score < (_BLOCK_LONE_COST if lone_values else _BLOCK_MAX_COST):
        grid, dropped = block, block_dropped
    if grid is None and nvals >= 3:
        tokens = _stray_header_cell_last(_label_after_keys(tokens))
        searched: set = set()
        for hz0 in _header_zones(tokens):
            for g, drop in _attempts(tokens, hz0, lines, searched):
                if g is not None and (grid is None or g.score > grid.score):
                    grid, dropped, hz = g, drop, hz0
        # a doubtful block reading still beats an order search that is unsure too
        if block is not None and block.score < _BLOCK_DOUBT_COST and (
                grid is None or _confidence(grid, tokens, hz, len(grid.rows[0]))[0]
                < _FLAG_BELOW):
            grid, dropped, hz = block, block_dropped, 0
    if grid is None:
        return None
    return _guess(grid, dropped, caption, tokens, hz, first_line_no, len(lines))


def _guess(grid, dropped: list[str], caption: str, tokens: list[Token], hz: int,
           first_line_no: int, nlines: int) -> TableGuess:
    """The table a grid reads as: cell texts, alignment, confidence and the
    report's reason."""
    if "headerless" not in grid.notes:
        # a row that is the header again is the header a page break repeated
        texts = [t.text for t in grid.rows[0]]
        repeats = [r for r in grid.rows[1:] if [t.text for t in r] == texts]
        if repeats and any(texts):
            grid = replace(grid, rows=[r for r in grid.rows
                                       if r is grid.rows[0] or r not in repeats])
            dropped = dropped + [" ".join(texts)] * len(repeats)
    rows = grid.rows
    ncols = len(rows[0])
    align = []
    for j in range(ncols):
        col = [r[j] for r in rows[1:] if r[j].kind != "empty"]
        nums = sum(1 for t in col if t.kind == "num" or (t.kind == "key" and j > 0))
        align.append("right" if col and nums >= 0.6 * len(col) and j > 0 else "left")
    # a word the renderer hyphenated at a line's end inside a cell ("Pro‐" / "duction")
    cells = [[_RENDERER_BREAK.subn(r"\1\2", t.text) for t in r] for r in rows]
    rejoined = sum(n for r in cells for _, n in r)
    head = [] if "headerless" in grid.notes else [[s for s, _ in cells[0]]]
    body = [[s for s, _ in r] for r in cells[1:]]
    conf, reasons = _confidence(grid, tokens, hz, ncols)
    reason = f"order {grid.order}, {len(body)} rows x {ncols} columns" + (
        "; " + "; ".join(reasons) if reasons else "")
    if dropped:
        reason += f"; dropped a header repeated after a page break ({', '.join(dropped)})"
    if rejoined:
        reason += f"; joined {rejoined} word(s) the renderer hyphenated in a cell"
    if not caption:
        reason += "; no caption found"
    return TableGuess(caption, head, body, align, conf, conf < _FLAG_BELOW, reason,
                      first_line_no, first_line_no + nlines - 1, dropped, grid.order,
                      grid.score if grid.order == "blocks" else 0.0)


def _attempts(tokens: list[Token], hz: int, lines: list[str], searched: set):
    """Grids for one guess of the header zone, with and without dropping a
    header that a page break seems to have repeated."""
    # header words run together on a line: cut them into cells; but when the
    # table is set one cell a block and the words come just before the first
    # value, alone in their block, they are the first row's label ("Moscow
    # Region"), unless words after the last value may be that label: then
    # both readings are tried, the label first
    cellwise = sum(_alone(tokens, _line_blocks(lines))) >= 0.9 * len(tokens)
    label_first = cellwise and 0 < hz < len(tokens) and tokens[hz - 1].kind == "text" \
        and tokens[hz].kind == "num"
    label_last = label_first and tokens[-1].kind == "text"
    for keep_last in ((True, False) if label_last else (label_first,)):
        split: list[Token] = []
        for k, t in enumerate(tokens):
            if k < hz and t.kind == "text" and not (keep_last and k == hz - 1):
                split.extend(Token(p, "text", t.line) for p in split_header_text(t.text))
            else:
                split.append(replace(t, col=0))
        zone = hz + len(split) - len(tokens)
        pieces = {t.text for t in split[:zone] if t.kind == "text"}
        head = _merge_header(split[:zone])
        body = _merge_continuations(split[zone:])
        heads = [head]
        alt = _attach_second_line(head)
        if alt is not None:
            heads.append(alt)
        for head in heads:
            for g, drop in _attempts_with(head + body, len(head), lines, searched, pieces):
                if g is not None and label_last and not keep_last:
                    g.score -= 0.5  # cut only when the label reading is clearly worse
                if g is not None and drop and not _heads_end_with(g, drop):
                    g.score -= 1.0  # the header the page break repeated is not this one
                yield g, drop


def _heads_end_with(g, dropped: list[str]) -> bool:
    """Whether a grid's header row ends with the words of a dropped repeat."""
    if "headerless" in g.notes:
        return True
    want = " ".join(dropped).split()
    return _words(g.rows[0])[-len(want):] == want


def _attempts_with(toks: list[Token], hz: int, lines: list[str], searched: set,
                   pieces=frozenset()):
    body_labels = any(t.kind == "text" for t in toks[hz:])
    kept, dropped = _drop_repeated_header(toks, hz, lines, body_labels, pieces)
    line_block = _line_blocks(lines)
    yield _search(toks, hz, line_block, searched), []
    if dropped:
        yield _search(kept, hz, line_block, searched), dropped
        # the repeat shows the header without the first line above the
        # values: that is the first row's label, read before the heads
        j = next((j for j, t in enumerate(kept[:hz]) if t.line != kept[0].line), hz)
        if 0 < j < hz and dropped == [t.text for t in kept[j:hz]] \
                and all(t.kind == "text" for t in kept[:j]) \
                and hz < len(kept) and kept[hz].kind == "num":
            label = _one_cell(kept[:j])
            first = kept[j:hz] + [label] + kept[hz:]
            g = _search(first, hz - j, line_block, searched)
            if g is not None:
                g.score += 0.2  # the repeat is evidence the plain reading lacks
                g.notes.append(f"placed cells read out of place ({label.text}, the first "
                               "row's label, read before the heads)")
            yield g, dropped
    for reading, what in ((_label_column_first, "the label column, read first"),
                          (partial(_columns_then_rows_across, lines=lines),
                           "columns read down, the last rows across")):
        stub = reading(kept, hz)
        if stub is None:
            continue
        g = _search(stub[0], stub[1], line_block, searched)
        if g is not None:
            g.notes.append(f"placed cells read out of place ({what})")
        yield g, dropped
    placed = _place_strays(kept, hz, lines)
    if placed is not None:
        toks2, hz2, moved, short = placed
        g = _search(toks2, hz2, line_block, searched)
        if g is not None:
            # a stray read as a row's label rather than as a head, other things equal
            g.score -= 0.2 * short
            g.notes.append("placed cells read out of place (" + ", ".join(moved) + ")")
        yield g, dropped
    for reorder, what in ((_last_row_turned, "the last row's first cells, read after the rest"),
                          (_rows_finished_last, "rows' last values, read last"),
                          (_rows_in_label_order, "rows' labels read apart from their values")):
        turned = reorder(kept, hz)
        if turned is not None:
            g = _search(turned, hz, line_block, searched)
            if g is not None:
                g.notes.append(f"placed cells read out of place ({what})")
            yield g, dropped


def _search(tokens: list[Token], hz: int, line_block, searched: set):
    # guesses of the header zone often come to the same tokens: search once
    key = (hz, tuple((t.text, t.kind, t.line) for t in tokens))
    if key in searched:
        return None
    searched.add(key)
    return _search_grid(tokens, hz, line_block)


def _search_grid(tokens: list[Token], hz: int, line_block=None):
    for k, t in enumerate(tokens):
        t.col = k  # order within a line is the token order
    # column counts worth trying: from the header and from the widest row-line
    per_line: dict[int, int] = {}
    for t in tokens[hz:]:
        per_line[t.line] = per_line.get(t.line, 0) + 1
    widest = max(per_line.values(), default=1)
    options = sorted({hz, hz + 1, widest, widest + 1} | set(range(2, 7)))
    headerless = hz == 0 or not any(t.kind == "text" for t in tokens)
    return best_grid(tokens, [c for c in options if 2 <= c <= 10], hz, headerless, line_block)


def _confidence(grid, tokens, hz, ncols) -> tuple[float, list[str]]:
    reasons = []
    conf = 0.95
    rows = grid.rows
    nohead = "headerless" in grid.notes
    empties = sum(1 for i, r in enumerate(rows) for t in r if t.kind == "empty" and i > 0)
    if empties:
        conf -= 0.25
        reasons.append(f"{empties} empty cell(s): tokens do not fill the grid")
    mixed = []
    for j in range(ncols):
        kinds = [r[j].kind for r in rows[1:] if r[j].kind != "empty"]
        if kinds and max(kinds.count(k) for k in set(kinds)) < len(kinds):
            mixed.append(str(j + 1))
    if mixed:
        conf -= 0.15 * min(3, len(mixed))
        reasons.append(f"column(s) {', '.join(mixed)} mix labels, dates and values")
    if grid.order == "blocks":
        # the block model's cost: lines cut, blank lines inside a block
        if grid.score >= _BLOCK_MAX_COST:
            conf -= 0.3
            reasons.append(f"doubtful block reading (cost {grid.score:.1f}), the order "
                           "search was unsure too")
        elif grid.score > 2.5:
            conf -= 0.1
            reasons.append(f"block reading cost {grid.score:.1f}")
    elif not grid.order.endswith(" row") and grid.order != "row":
        conf -= 0.1
        reasons.append("cells read out of row order")
    if nohead:
        conf -= 0.1
        reasons.append("no header row found")
    for note in grid.notes:
        if note.startswith("placed"):
            conf -= 0.1
            reasons.append(note)
    return max(0.05, round(conf, 2)), reasons


# --- model and pass -----------------------------------------------------------


def to_model(guess: TableGuess) -> model.Table:
    """Caption keeps its note marker as plain text " [41]"; the notes pass links it."""
    def cell(s: str) -> model.Cell:
        return [model.Text(s)] if s else []
    return model.Table(
        caption=[model.Text(guess.caption)] if guess.caption else [],
        head=[[cell(s) for s in row] for row in guess.head],
        body=[[cell(s) for s in row] for row in guess.body],
        align=list(guess.align),
        line=guess.first_line,
    )


def tables(doc: Document) -> Document:
    """Ruler pass: find tables among the RAW blocks, which a table's page breaks
    may have split into several, and replace their lines by TABLE blocks."""
    out: list[Block] = []
    # a maximal run of RAW blocks is read as one list of lines with blanks between
    for is_raw, run in runs(doc.blocks, RAW):
        out.extend(_tables_in_run(doc, run) if is_raw else run)
    doc.blocks = out
    return doc


def _tables_in_run(doc: Document, run: list[Block]) -> list[Block]:
    flat: list[Line | None] = [None] * run[0].blank_before
    for k, b in enumerate(run):
        if k:
            flat.extend([None] * max(1, b.blank_before))
        flat.extend(b.lines)
    texts = [ln.text if ln is not None else "" for ln in flat]
    # doc.measure is a width in ems; the region finder wants characters
    if "tables_char_measure" not in doc.evidence:
        doc.evidence["tables_char_measure"] = _measure(
            [ln.text for ln in doc.lines[doc.body_start:]])
    found = find_tables(texts, doc.evidence["tables_char_measure"])
    if not found:
        return run
    out: list[Block] = []
    pos = 0
    for a, b, guess in found:
        out.extend(_raw_blocks(flat[pos:a]))
        lines = [ln for ln in flat[a:b] if ln is not None]
        guess.first_line, guess.last_line = lines[0].n, lines[-1].n
        restored = _line_end_hyphens(doc, guess)
        blk = Block(TABLE, lines, blank_before=_blanks_before(flat, a), table=to_model(guess),
                    text=guess.caption, attrs={"guess": guess})
        out.append(blk)
        for change in restored:
            doc.decide(HYPHENS, guess.first_line, guess.last_line,
                       f"restored a lost hyphen in a table: {change}",
                       "the book hyphenates the pair elsewhere and never writes the word "
                       "closed: pdftotext joined a cell's lines at the hyphen", 0.85, block=blk)
            doc.report.count("hyphen repairs")
        doc.report.count("tables")
        what = f"table {guess.shape[0]}x{guess.shape[1]}" + (
            f" “{guess.caption}”" if guess.caption else "")
        doc.decide(PASS, guess.first_line, guess.last_line, what, guess.reason,
                   guess.confidence, guess.flagged, block=blk)
        pos = b
    out.extend(_raw_blocks(flat[pos:]))
    return out


#: a cell's words joined across a hyphen at a line's end ("Fulfil- ment", "Large- scale")
_CELL_HYPHEN = re.compile(r"([^\W\d_]+)- (?=([^\W\d_]+))")


def _line_end_hyphens(doc: Document, guess: TableGuess) -> list[str]:
    """A hyphen at a line's end inside a cell or the caption: the author's is
    kept ("Large-scale"), a renderer's dropped ("Fulfilment"), as the book
    decides (`keeps_hyphen`).  Where pdftotext joined the word and dropped the
    hyphen ("Largescale"), it comes back if the book hyphenates the pair.
    Returns the hyphens restored so."""
    restored: list[str] = []

    def restore(m: re.Match) -> str:
        new = hyphenated_form(doc, m.group(0))
        if new is not None:
            restored.append(f"{m.group(0)!r} -> {new!r}")
        return new or m.group(0)

    def fix(text: str) -> str:
        text = _CELL_HYPHEN.sub(lambda m: m.group(1) + (
            "-" if keeps_hyphen(doc, m.group(1), m.group(2)) else ""), text)
        return _CELL_WORD.sub(restore, text)

    guess.caption = fix(guess.caption)
    guess.head = [[fix(c) for c in row] for row in guess.head]
    guess.body = [[fix(c) for c in row] for row in guess.body]
    return restored


#: a word in a cell long enough to be two run together
_CELL_WORD = re.compile(r"(?<![\w-])[^\W\d_]{5,}(?![\w-])")


def find_tables(lines: list[str], measure: int | None = None, first_line_no: int = 1
                ) -> list[tuple[int, int, TableGuess]]:
    """The tables among `lines` as the pass finds them: (start, end, guess) with
    [start, end) an index range.  A run too short to be sure of (two rows of one
    value) is a table only when it has a caption and the block model reads it
    cheaply."""
    out = []
    regions = _find_regions(lines, measure, small=True)
    m = measure or _measure(lines)
    for x, (a, b, sure, b2) in enumerate(regions):
        guess = rebuild_table(lines[a:b], first_line_no + a)
        if guess is None:
            continue
        if x + 1 < len(regions):
            b2 = min(b2, regions[x + 1][0])
        if b2 > b and all(_is_cell_line(s, m) for s in lines[b:b2] if s.strip()):
            # the words after the table may be its cells read last ("Total"),
            # never a line of prose
            longer = rebuild_table(lines[a:b2], first_line_no + a)
            # a heading taken for the corner head is no gain
            if longer is not None and "placed cells" in longer.reason \
                    and "as the corner head" not in longer.reason \
                    and longer.confidence >= guess.confidence:
                guess, b = longer, b2
        if sure or _short_run_reads_as_table(guess):
            out.append((a, b, guess))
    return _join_continued(lines, out, first_line_no)


def _short_run_reads_as_table(guess: TableGuess) -> bool:
    """A run of numbers too short to be sure of is prose unless it reads
    cleanly: the block model reads it cheaply under a caption, or its caption
    calls a note and every row reads without doubt."""
    if guess.caption and guess.order == "blocks" and guess.cost < _SMALL_MAX_COST:
        return True
    return bool(_MARKER_END.search(guess.caption)) and guess.confidence >= 0.9 \
        and not guess.flagged and len(guess.body) >= 2


def _join_continued(lines: list[str], found: list, first_line_no: int) -> list:
    """A table that a page break cut in two, its header repeated above the
    rest, reads as two tables, the second captioned by the repeated header:
    read the second under the first one's caption and, when its header is the
    first one's, make one table of them."""
    out = []
    for a, b, guess in found:
        if out and guess.head:
            pa, pb, prev = out[-1]
            between = lines[pb:a]
            # its "caption" is the first one's header cells, not a caption of its own
            if prev.head and all(not s.strip() for s in between) \
                    and _is_header_words(guess.caption, set(prev.head[0])):
                cont = rebuild_table([prev.caption] + lines[a:b], first_line_no + a - 1)
                if cont is not None and cont.head == prev.head and cont.body \
                        and len(cont.align) == len(prev.align):
                    words = " ".join(" ".join(r) for r in cont.head)
                    joined = replace(
                        prev, body=prev.body + cont.body, last_line=cont.last_line,
                        confidence=min(prev.confidence, cont.confidence),
                        flagged=prev.flagged or cont.flagged,
                        dropped=prev.dropped + [words] + cont.dropped,
                        reason=re.sub(r"\d+ rows x", f"{len(prev.body) + len(cont.body)} rows x",
                                      prev.reason, count=1)
                        + "; continued after a page break under its "
                        f"header repeated ({words})")
                    out[-1] = (pa, b, joined)
                    continue
        out.append((a, b, guess))
    return out


def _blanks_before(flat, a):
    k = a
    while k > 0 and flat[k - 1] is None:
        k -= 1
    return a - k


def _raw_blocks(seg: list) -> list[Block]:
    """Cut a stretch of lines (None = blank) back into RAW blocks."""
    blocks: list[Block] = []
    cur: list[Line] = []
    blanks = 0
    pending = 0
    for ln in seg:
        if ln is None:
            if cur:
                blocks.append(Block(RAW, cur, blank_before=pending))
                cur = []
            blanks += 1
        else:
            if not cur:
                pending, blanks = blanks, 0
            cur.append(ln)
    if cur:
        blocks.append(Block(RAW, cur, blank_before=pending))
    return blocks
