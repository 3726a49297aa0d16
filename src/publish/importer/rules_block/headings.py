"""Headings: chapter titles (level 1), section headings (level 2), and the
Notes / Footnotes headings that open a chapter's note lists.

Evidence, weighed together:
- a chapter heading reads `N. Title` (maybe with a leading space, maybe wrapped
  onto a second line) and N follows the previous chapter's number; or it is a
  part name such as `Introduction`;
- a heading stands on its own: the line before it ends a paragraph, it has no
  closing full stop, and a blank line follows it;
- the paragraph after a section heading opens with an upper-case lead-in;
- the Contents lists it (fuzzily: the body's spelling may differ);
- its words are in Title Case.
A break that splits `5 January` from `1933. She was` is not a heading: that
line is not Title Case, does not follow a paragraph's end, and 1933 is not the
next chapter number.
"""

from __future__ import annotations

import difflib
import re

from publish.model import role_of_title

from ..document import HEADING, NOTES_HEADING, RAW, Block, Document
from ..rules_core.text import CHAPTER_HEADING, heading_key, leadin_words, title_ratio
from .measure import paragraph_break, width
from .tables import is_value_line

PASS = "headings"

_NOTES = re.compile(r"^\s*(notes|endnotes|footnotes?|references)\s*$", re.I)
_BAD_END = (".", ",", ";", ":")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _number(tok: str) -> int | None:
    if tok.isdigit():
        return int(tok)
    t = tok.lower()
    if all(c in _ROMAN for c in t):
        total = 0
        for i, c in enumerate(t):
            v = _ROMAN[c]
            total += -v if i + 1 < len(t) and _ROMAN[t[i + 1]] > v else v
        return total
    return None


def part_role(text: str) -> str | None:
    return role_of_title(heading_key(text))


class _Contents:
    def __init__(self, entries):
        self.keys: dict[str, int] = {}
        #: the numbers of the chapters listed, to tell a chapter from a note
        self.numbered: set[int] = set()
        for _, text in entries:
            m = CHAPTER_HEADING.match(text)
            if m and _number(m.group(1)) is not None:
                self.numbered.add(_number(m.group(1)))
            # a numbered entry's level needs the number in the body too: a
            # section may share its words with a chapter ("Why the Purge Failed")
            level = 1 if part_role(text) else (3 if CHAPTER_HEADING.match(text) else 2)
            key = heading_key(text)
            self.keys[key] = min(self.keys.get(key, level), level) if level != 3 else \
                self.keys.get(key, 3)
        self._list = list(self.keys)
        self._fuzzy: dict[str, tuple[int | None, float]] = {}
        self._starts: set[str] | None = None

    def match(self, text: str, fuzzy: bool = True) -> tuple[int | None, float]:
        k = heading_key(text)
        if not k:
            return None, 0.0
        if k in self.keys:
            return self.keys[k], 1.0
        if fuzzy and len(k) >= 8 and self._list:
            got = self._fuzzy.get(k)
            if got is None:
                got = self._fuzzy[k] = self._closest(k)
            return got
        return None, 0.0

    def begins(self, text: str) -> bool:
        """Does an entry begin with `text` (a title wrapped so far)?"""
        if self._starts is None:
            # every entry's beginnings, made once: asked of each wrapped line
            self._starts = {e[:n] for e in self._list for n in range(8, len(e) + 1)}
        return heading_key(text) in self._starts

    def _closest(self, k: str) -> tuple[int | None, float]:
        # only entries of about the same length can be 88% alike
        near = [e for e in self._list if abs(len(e) - len(k)) <= max(3, len(k) // 8)]
        close = difflib.get_close_matches(k, near, n=1, cutoff=0.88)
        if close:
            return self.keys[close[0]], difflib.SequenceMatcher(None, k, close[0]).ratio()
        return None, 0.0


def _flatten(doc: Document):
    """(block index, line index) for every RAW line; (block index, -1) stands
    for a whole non-RAW block, a barrier no heading spans."""
    out = []
    for bi, b in enumerate(doc.blocks):
        if b.kind != RAW:
            out.append((bi, -1))
            continue
        for li in range(len(b.lines)):
            out.append((bi, li))
    return out


def headings(doc: Document) -> Document:
    M = doc.measure
    contents = _Contents(doc.contents)
    flat = _flatten(doc)
    blocks = doc.blocks

    def text_at(k):
        bi, li = flat[k]
        return blocks[bi].lines[li].text if li >= 0 else None

    def blank_before(k):
        bi, li = flat[k]
        return li == 0 and (blocks[bi].blank_before > 0 or bi == 0)

    def blank_after(k):
        bi, li = flat[k]
        if li < 0:
            return False
        if li == len(blocks[bi].lines) - 1:
            return bi + 1 >= len(blocks) or blocks[bi + 1].blank_before > 0 or blocks[bi + 1].kind != RAW
        return False

    def lone_word(k):
        bi, li = flat[k] if 0 <= k < n else (0, -1)
        if li < 0 or len(blocks[bi].lines) != 1:
            return False
        words = blocks[bi].lines[0].text.split()
        return len(words) == 1 and words[0][:1].isalpha()  # (not a table's value)

    def split_word(k):
        """A word alone between blank lines beside another such: a justified
        line pdftotext read word by word ("demonstrations," / "industrial" /
        "slow-downs." / "Rosa"), no title.  A Notes heading or a title the
        Contents give is one still."""
        t = text_at(k) if 0 <= k < n else None
        if t is None or len(t.split()) != 1 or _NOTES.match(t) or part_role(t) \
                or contents.match(t, fuzzy=False)[0]:
            return False
        return blank_after(k) and lone_word(k + 1) or blank_before(k) and lone_word(k - 1)

    def closed_title(k, after_sentence):
        """Lines set apart above, then a blank line and a lead-in within four:
        a title that may wrap where the Contents don't say."""
        end = next((x for x in range(k, min(k + 4, n)) if text_at(x) is None or blank_after(x)),
                   None)
        return end is not None and (blank_before(k) or after_sentence) and end + 1 < n \
            and bool(text_at(end + 1)) and lead_in(text_at(end + 1).strip(), acronyms) > 0

    def ends_before(k):
        """Does a paragraph end before flat line k?"""
        if k == 0:
            return True
        prev = text_at(k - 1)
        if prev is None:
            return True
        # a line after a sentence's end (even a full line: the heading's own
        # evidence must then carry it), or after a short line
        if prev.rstrip().endswith((".", "!", "?", "’", "”", "]", ":", ")", "…")):
            return True
        return paragraph_break(prev, text_at(k), M)[0]

    acronyms = book_acronyms(doc)
    found: list[tuple[int, int, int, str, dict]] = []  # (k_first, k_last, level, text, attrs)
    last_chapter = 0
    in_notes = False
    k = 0
    n = len(flat)
    while k < n:
        t = text_at(k)
        if t is None:
            k += 1
            continue
        s = t.strip()
        if not ends_before(k):
            k += 1
            continue
        prev = text_at(k - 1) if k else None
        if prev is not None and _LONE_CALL.fullmatch(prev.strip()) and k >= 2:
            prev = text_at(k - 2)  # a call wrapped onto a line of its own
        after_sentence = prev is not None and _ends_sentence(prev)
        # candidate spans: one line, or up to four when the title wraps (a
        # chapter title set large wraps early: its first line may be short)
        best = None
        numbered = bool(CHAPTER_HEADING.match(s))
        text = s
        if split_word(k):
            k += 1
            continue
        closed = None
        for span in (1, 2, 3, 4):
            j = k + span - 1
            if j >= n or text_at(j) is None:
                break
            if span > 1:
                if blank_after(j - 1):
                    break
                if closed is None:
                    closed = closed_title(k, after_sentence)
                if not _wraps_on(text, text_at(j).strip(), span, numbered, contents, M,
                                 acronyms, closed):
                    break
                text = text + " " + text_at(j).strip()
            cand = _judge(text, k, j, span, blank_before(k), blank_after(j),
                          text_at(j + 1) if j + 1 < n else None, contents, last_chapter,
                          in_notes, M, after_sentence, acronyms)
            if cand and (best is None or cand[0] > best[0]):
                best = cand + (j,)
        if best is None:
            k += 1
            continue
        score, level, clean, attrs, why, j = best
        if level == 2 and "Contents" not in why and "lead-in" not in why \
                and _values_follow(text_at, j + 1, n):
            k += 1  # a table's caption or head over its cells, not a section title
            continue
        found.append((k, j, level, clean, attrs | {"why": why, "score": score}))
        if level == 1 and attrs.get("number"):
            last_chapter = attrs["number_int"]
        if level == 1:
            in_notes = False
        if attrs.get("notes"):
            in_notes = True
        k = j + 1

    _apply(doc, flat, found)
    return doc


def _values_follow(text_at, k: int, n: int) -> bool:
    """Do table values follow line k: three of the next six lines?"""
    seen = values = 0
    while k < n and seen < 6:
        t = text_at(k)
        if t is not None and t.strip():
            seen += 1
            values += is_value_line(t)
        k += 1
    return values >= 3


_RUN_ON = {"the", "a", "an", "of", "and", "to", "in", "on", "by", "for", "with", "that"}
_CAPS_WORD = re.compile(r"(?<=[ \t])[‘“(\"']?([A-Z]{2,8})(?=[’”),.:;\"'\s]|$)")


def book_acronyms(doc: Document) -> frozenset[str]:
    """Upper-case words the book uses inside its lines, after a word with a
    lower-case letter (CNT, POUM, USSR): not a lead-in's capitals."""
    if "acronyms" not in doc.evidence:
        doc.evidence["acronyms"] = _acronyms(doc)
    return doc.evidence["acronyms"]


def _acronyms(doc: Document) -> frozenset[str]:
    text = "\n".join(ln.text for b in doc.blocks for ln in b.lines)
    found = set()
    for m in _CAPS_WORD.finditer(text):
        end = m.start() - 1
        start = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
        if any(c.islower() for c in text[start:end]):
            found.add(m.group(1))
    return frozenset(found)


_SENTENCE_END = re.compile(r"[.!?…][’”)]*(?:\s*\[\d+\*?\])*$")
_LONE_CALL = re.compile(r"(?:\[\d+\*?\]\s*)+")


def _ends_sentence(line: str) -> bool:
    """Does `line` end a sentence (perhaps with a note call after it)? Not
    `Cotton fabrics (m.`: an abbreviation in an open parenthesis."""
    line = line.rstrip()
    return bool(_SENTENCE_END.search(line)) and line.count("(") <= line.count(")")


def lead_in(line: str, acronyms) -> int:
    """leadin_words, less a lone acronym the book uses mid-line (CNT, RSAP)."""
    lead = leadin_words(line) if line else 0
    if lead == 1 and line.split()[0].strip("‘’“”\"'(),.:;") in acronyms:
        return 0
    return lead


def _wraps_on(text: str, nxt: str, span: int, numbered: bool, contents, M,
              acronyms=frozenset(), closed: bool = False) -> bool:
    """Can line `nxt` carry on heading `text` (its lines so far)?  `closed`:
    a blank line and a lead-in follow `nxt`."""
    words = nxt.split()
    if not words:
        return False
    if contents.begins(text + " " + nxt):
        return True  # the Contents give a title that goes on so
    if width(nxt) > 0.9 * M:
        return False
    if lead_in(nxt, acronyms) or nxt.isupper() and not text.isupper():
        return False  # (capitals under a title in lower case: a lead-in, "SIMILAR")
    if text.endswith((",", ";", "]", ")")) or _ends_sentence(text):
        return False  # (a colon may end a line: "From the Plan: Decisive Turn")
    if title_ratio(text) < 0.5:
        return False
    title_like = ((nxt[:1].isupper() or nxt[:1].isdigit() or words[0] in _RUN_ON)
                  and title_ratio(nxt) >= 0.5)
    # a short first line ends a heading, unless it ends on a small word or
    # begins a numbered chapter's title, which, set large, wraps early
    if title_like and span == 2 and (
            numbered or width(text) >= 0.6 * M or text.endswith(_WRAP_ENDS)
            or width(text) >= 0.4 * M and width(nxt) < 0.5 * M):
        return True
    if title_like and closed and not _ends_sentence(nxt):
        return True  # "Spain Combined Western European" / "Advancement and Agrarian" / "Backwardness"
    # else only on the Contents' word (a third line; "... Damaging" / "after Trotsky")
    return bool(contents.match(text + " " + nxt, fuzzy=True)[0])


_WRAP_ENDS = (" of", " the", " and", " a", "–", " to", " in", " with", " for", " on", " by",
              " from", " at")


def _title_between_sentences(s: str, nt: str, span: int, blank_after: bool, lead: int,
                             M: float) -> bool:
    """A paragraph ends in punctuation; a short Title Case line without it,
    after a sentence's end and before a blank line or a lead-in (not both:
    then the line is a heading already), is a section title whose lead-in is
    one letter ("A political army"), or whose blank line was lost at the top
    of a page."""
    # a lead-in of one dotted word is initials ("B.N. At the"), no evidence
    strong_lead = lead >= 2 or lead == 1 and "." not in nt.split()[0].rstrip(".")
    if blank_after == strong_lead or title_ratio(s) < 0.75:
        return False
    # a page's last line in mid-sentence is nearly full; a heading on a line
    # of its own before a lead-in may be long
    longest = (0.8 if blank_after else 0.9) * span * M
    if not (s[:1].isupper() and nt[:1].isupper()) or width(s) >= longest:
        return False
    if width(nt) < 0.5 * M:
        return False  # a table's cells follow, not a paragraph
    if s.endswith(("]", ")", "’", "”")) or s.endswith(("?", "!")) and not strong_lead:
        return False
    return s.split()[-1].lower() not in _RUN_ON


def _judge(text, k, j, span, blank_before, blank_after, next_text, contents, last_chapter,
           in_notes, M, after_sentence=False, acronyms=frozenset()):
    """Score a candidate heading; None when it is not one.
    Returns (score, level, clean text, attrs, why)."""
    s = " ".join(text.split())
    if not s or len(s) > 200:
        return None
    nt = (next_text or "").strip()
    lead = lead_in(nt, acronyms)  # "CNT dissidents": an acronym, not a lead-in
    reasons = []
    # Notes / Footnotes
    m = _NOTES.match(s)
    if m and span == 1:
        kind = "footnote" if m.group(1).lower().startswith("foot") else "endnote"
        nxt_note = bool(re.match(r"^\s*\d+\*?[.)]\s", nt)) or nt.startswith("[")
        if nxt_note or blank_after:
            return (10, 0, s, {"notes": kind},
                    f"a '{s}' line followed by {'a numbered note' if nxt_note else 'a blank line'}")
        return None
    if s.endswith(_BAD_END) and not s.endswith("..."):
        return None
    if not any(c.isalpha() for c in s):
        return None  # a value ("107,367"), a folio or a date: a heading has words
    if span == 1 and s.split()[-1] in _RUN_ON and not CHAPTER_HEADING.match(s):
        return None  # "... the Supreme Court of the": a line of a paragraph that runs on
    if width(s) > (1.3, 2.1, 3.0, 3.8)[span - 1] * M:
        return None
    score = 0.0
    # a fuzzy match (a spelling that differs from the Contents) only for a
    # line that already stands like a heading
    c_level, c_sim = contents.match(s, fuzzy=blank_after or bool(lead))
    if c_level == 3:
        # listed as a numbered chapter: level 1 if the body line has the number
        c_level = 1 if CHAPTER_HEADING.match(s) else 2
    if c_level:
        score += 3 * c_sim
        reasons.append("listed in the Contents" + ("" if c_sim == 1 else f" (similarity {c_sim:.2f})"))
    if blank_after:
        score += 2
        reasons.append("a blank line follows")
    if lead:
        score += 2
        reasons.append("the next paragraph opens with a capitals lead-in")
        if blank_before and title_ratio(s) >= 0.75 and not CHAPTER_HEADING.match(s) \
                and "." not in nt.split()[0]:
            score += 1  # set apart above (after a table, at a page's top) as well
            reasons.append("a blank line before")
    tr = title_ratio(s)
    if tr >= 0.75:
        score += 1
        reasons.append("Title Case")
    elif tr < 0.4:
        score -= 2
    if span <= 2 and after_sentence and _title_between_sentences(s, nt, span, blank_after, lead, M):
        score += 1
        reasons.append("a Title Case line without closing punctuation after a sentence's end")
    if nt and nt[:1].islower():
        score -= 3
    # a number-led line in a notes list is a note, unless it is clearly a chapter
    m = CHAPTER_HEADING.match(s)
    role = part_role(s)
    if m:
        num = _number(m.group(1))
        rest = m.group(2)
        if num is None:
            return None
        expected = num == last_chapter + 1 or (last_chapter == 0 and num == 1)
        if title_ratio(rest) < 0.6 and not c_level:
            return None
        if in_notes and not (blank_after or c_level):
            return None
        if not c_level and num in contents.numbered and not contents.match(rest)[0] and (
                in_notes or not (blank_before and blank_after)):
            # the Contents give chapter `num` another title: a note or a
            # numbered list item, unless it stands apart as a heading does
            return None
        if not c_level and span == 1 and rest.split()[-1].lower() in _RUN_ON:
            return None  # "2. The situation changed on 4 October 1934 with": it runs on
        if (not c_level and len(contents.numbered) >= 2 and num not in contents.numbered
                and not (blank_before and (blank_after or lead))):
            # the Contents number their chapters but not this one: a numbered
            # list item (in a quote, after a page break) unless it stands apart
            return None
        # in a notes list, a page break after a note looks like a heading's
        # blank line: a sentence inside, or a last word that runs on, is a note
        if in_notes and not c_level and (re.search(r"[a-z]\. [A-Z]", rest)
                                         or rest.split()[-1].lower() in _RUN_ON):
            return None
        if expected:
            score += 2
            reasons.append(f"number {num} follows chapter {last_chapter}")
        elif num > last_chapter + 3 or num <= last_chapter:
            score -= 3
        if blank_before:
            score += 0.5
        if score >= 4:
            return (score, 1, s.strip(), {"number": str(num), "number_int": num,
                                          "title": rest.strip()}, "; ".join(reasons))
        return None
    if role and span == 1:
        if score >= 2 or (blank_before and title_ratio(s) >= 0.5):
            return (score + 2, 1, s, {"role": role}, "; ".join(reasons + [f"the part name '{s}'"]))
    if in_notes and not (blank_after and (lead or c_level)):
        return None
    if c_level == 1 and score >= 4:
        return (score, 1, s, {}, "; ".join(reasons))
    if score >= 4:
        return (score, 2, s, {}, "; ".join(reasons))
    return None


def _apply(doc: Document, flat, found) -> None:
    """Split RAW blocks at the headings found."""
    if not found:
        return
    by_block: dict[int, list] = {}
    for k0, k1, level, text, attrs in found:
        bi0, li0 = flat[k0]
        bi1, li1 = flat[k1]
        by_block.setdefault(bi0, []).append((li0, bi1, li1, level, text, attrs))
    new: list[Block] = []
    skip_until: dict[int, int] = {}  # block index -> first line index still to take
    for bi, b in enumerate(doc.blocks):
        if b.kind != RAW:
            new.append(b)
            continue
        start = skip_until.get(bi, 0)
        blank = b.blank_before if start == 0 else 0
        for li0, bi1, li1, level, text, attrs in sorted(by_block.get(bi, [])):
            if li0 > start:
                new.append(Block(RAW, b.lines[start:li0], blank_before=blank))
                blank = 0
            if bi1 == bi:
                lines = b.lines[li0:li1 + 1]
                start = li1 + 1
            else:
                lines = b.lines[li0:] + doc.blocks[bi1].lines[:li1 + 1]
                start = len(b.lines)
                skip_until[bi1] = li1 + 1
            kind = NOTES_HEADING if "notes" in attrs else HEADING
            hb = Block(kind, lines, blank_before=blank, text=text, level=level,
                       attrs={k: v for k, v in attrs.items() if k not in ("why", "score")})
            if kind == NOTES_HEADING:
                hb.attrs["kind"] = attrs["notes"]
            new.append(hb)
            blank = 0
            label = {0: "notes heading", 1: "chapter heading", 2: "section heading"}[level]
            conf = min(1.0, 0.5 + attrs["score"] / 12)
            doc.decide(PASS, lines[0].n, lines[-1].n, f"{label}: {text!r}", attrs["why"],
                       conf, flagged=conf < 0.75, block=hb)
            doc.report.count({0: "notes headings", 1: "chapters", 2: "sections"}[level])
        if start < len(b.lines):
            new.append(Block(RAW, b.lines[start:], blank_before=blank))
    doc.blocks = new
