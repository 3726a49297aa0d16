"""Front matter: the title block -> book metadata; the Contents list -> evidence.

The Contents is evidence for headings, not ground truth: the body has headings
missing from it and spellings that differ from it.
"""

from __future__ import annotations

import re

from ..document import Document, Line
from ..rules_block.measure import choose_font, estimate_measure, width
from .text import CHAPTER_HEADING, heading_key, title_ratio

PASS = "frontmatter"

_CONTENTS = re.compile(r"^\s*(table of )?contents\s*$", re.I)
#: the page an entry of a printed Contents gives, after a space or dot leaders
_PAGE_REF = re.compile(r"(?:\s*(?:\.\s?){2,}\s*|\s+)(\d{1,3}|[ivxlc]{1,6})$")
_PUBLISHER = re.compile(r"^(?P<pub>[^,]{2,60}),\s*(?P<place>[^,\d]{2,40}),\s*(?P<year>1[5-9]\d\d|20\d\d)\.?$")
_HEADING_LIKE = re.compile(
    r"^\s*((chapter\s+)?\d{1,3}[.:]\s+\S|chapter\s+\w+\s*$|(introduction|preface|foreword|"
    r"prologue|acknowledge?ments|notes|footnotes?)\s*$)", re.I)
_YEAR_ONLY = re.compile(r"^[\d\s\-–/]+$")
_CREDIT = re.compile(r"^(transcribed|marked up|converted|cover|edited|translated|proofread|"
                     r"scanned|copyright|©|first published|published|typeset|html|ebook)", re.I)
_JOIN_SMALL = re.compile(r"\b(the|of|and|a|an|to|in|on|for|with|by|from)$", re.I)


def _groups(lines: list[Line], start: int, stop: int) -> list[list[int]]:
    out: list[list[int]] = []
    cur: list[int] = []
    for i in range(start, stop):
        if lines[i].text.strip():
            cur.append(i)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _is_prose(lines: list[Line], i: int, measure: float) -> bool:
    """Line i opens running text: it and the next line are both long."""
    n = len(lines)
    if i + 1 >= n:
        return False
    a, b = lines[i].text.strip(), lines[i + 1].text.strip()
    return (bool(a and b) and width(a) >= 0.75 * measure and width(b) >= 0.6 * measure
            and title_ratio(a) < 0.6 and title_ratio(b) < 0.6)


def _is_name(t: str) -> bool:
    words = t.removeprefix("by ").removeprefix("By ").split()
    return (1 < len(words) <= 5 and not any(c.isdigit() for c in t)
            and all(w[0].isupper() for w in words if w.lower() not in ("de", "van", "von"))
            and not _CREDIT.match(t))


def _join_title(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if not out:
            out = p
        elif _YEAR_ONLY.match(p):
            out += ", " + p
        else:
            out += " " + p
    return out


def frontmatter(doc: Document) -> Document:
    lines = doc.lines
    texts = [ln.text for ln in lines]
    doc.evidence["font"] = choose_font(texts)
    measure = estimate_measure(texts)
    doc.measure = measure
    from ..rules_block import measure as _m
    doc.evidence["separation"] = _m.last_separation
    doc.evidence["tol"] = _m.tolerance(_m.last_separation)
    doc.decide(PASS, 1, len(lines), f"measure {measure:.1f} em in {doc.evidence['font']} widths",
               "the widths of lines that run on, and of those lines plus the next word", 0.9)
    n = len(lines)
    first = next((i for i, ln in enumerate(lines) if ln.text.strip()), 0)
    # The Contents heading, if any, within the first stretch of the book.
    limit = min(n, first + 400)
    contents_at = next((i for i in range(first, limit) if _CONTENTS.match(lines[i].text)), None)

    if contents_at is not None:
        front_stop = contents_at
    else:
        # no Contents: the front block is the groups of short lines before the
        # first running text, at most the first three groups
        front_stop = first
        for g in _groups(lines, first, min(n, first + 60))[:3]:
            if any(_is_prose(lines, i, measure) for i in g) or len(g) > 8:
                break
            if any(_HEADING_LIKE.match(lines[i].text) for i in g):
                break  # the first chapter: the body has begun
            # a group that is one heading-like line followed by prose is the body
            front_stop = g[-1] + 1
        if front_stop > first and front_stop < n:
            # keep it only if a blank line separates it from the body
            if lines[front_stop].text.strip():
                front_stop = first
    groups = _groups(lines, first, front_stop)
    md = doc.metadata
    used = 0
    rest_first: list[int] = []
    if groups:
        g = groups[0]
        # the title runs until a line that names the author or the publisher
        for k, i in enumerate(g):
            t = lines[i].text.strip()
            prev = lines[g[k - 1]].text.strip() if k else ""
            if k and not _JOIN_SMALL.search(prev) and (_PUBLISHER.match(t) or _is_name(t)):
                g, rest_first = g[:k], g[k:]
                break
        parts = [lines[i].text.strip() for i in g]
        years = []
        while len(parts) > 1 and _YEAR_ONLY.match(parts[-1]):
            years.insert(0, parts.pop())
        md.title = _join_title(parts)
        if ": " in md.title:
            md.title, md.subtitle = (s.strip() for s in md.title.split(": ", 1))
        if years:
            md.subtitle = ", ".join(([md.subtitle] if md.subtitle else []) + years)
        doc.decide(PASS, lines[g[0]].n, lines[g[-1]].n, f"title: {md.title!r}"
                   + (f", subtitle: {md.subtitle!r}" if md.subtitle else ""),
                   "the first block of the file", 0.8)
        used = 1
    rest = rest_first + [i for g in groups[used:] for i in g]
    credits: list[str] = []
    for i in rest:
        t = lines[i].text.strip()
        m = _PUBLISHER.match(t)
        if m and not md.original.publisher:
            md.original.publisher, md.original.place, md.original.year = (
                m["pub"].strip(), m["place"].strip(), m["year"])
            doc.decide(PASS, lines[i].n, lines[i].n,
                       f"original edition: {m['pub']}, {m['place']}, {m['year']}",
                       "a 'Publisher, Place, Year' line in the title block", 0.85)
            continue
        if not md.authors and _is_name(t):
            md.authors = [" ".join(t.removeprefix("by ").removeprefix("By ").split())]
            doc.decide(PASS, lines[i].n, lines[i].n, f"author: {md.authors[0]!r}",
                       "a short line of capitalised words in the title block", 0.8)
            continue
        # credits: join a line that continues the previous one
        prev = lines[i - 1].text.strip() if i > 0 else ""
        if credits and prev and (t[:1].islower() or _JOIN_SMALL.search(prev) or len(t.split()) <= 2
                                 or width(prev) + 0.25 + width(t.split()[0]) > 0.97 * measure):
            credits[-1] += " " + t
        else:
            credits.append(t)
    if credits:
        md.credits = credits
        doc.decide(PASS, lines[rest[0]].n, lines[rest[-1]].n, f"{len(credits)} credit lines",
                   "the rest of the title block", 0.7)

    body_start = front_stop
    if contents_at is not None:
        body_start = _read_contents(doc, contents_at, measure)
    if not any(ln.text.strip() for ln in lines[body_start:]):
        # nothing left for the body: the "title block" was the text itself
        body_start = first
        md.title, md.subtitle, md.authors, md.credits = "", "", [], []
        md.original.publisher = md.original.place = md.original.year = ""
        doc.report.decisions = [d for d in doc.report.decisions if d.pass_name != PASS]
    doc.body_start = body_start
    if not md.title:
        md.title = doc.source_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").title()
        doc.report.warn("no title block found; the title was taken from the file name")
        doc.decide(PASS, 1, 1, f"title from the file name: {md.title!r}",
                   "no title block at the top of the file", 0.3, flagged=True)
    return doc


def _heading_lines(lines, i: int, key: str, or_more: bool = False) -> int:
    """How many lines from line i read `key` (a title set large may wrap onto
    up to four); 0 if they don't.  With `or_more`, lines that read `key` and
    go on count too (a Contents entry that wraps sooner than its heading)."""
    text = lines[i].text
    k = heading_key(text)
    for n in (1, 2, 3, 4):
        if k == key or (or_more and k.startswith(key + " ")):
            return n
        if not k or len(k) < 8 or not key.startswith(k) or i + n >= len(lines) \
                or not lines[i + n].text.strip():
            return 0  # (a blank line ends a title)
        text += " " + lines[i + n].text
        k = heading_key(text)
    return 0


def _read_contents(doc: Document, at: int, measure: float) -> int:
    """Read the Contents entries after line `at`; return where the body starts."""
    lines = doc.lines
    n = len(lines)
    # running text begins at the first prose line
    prose = next((i for i in range(at + 1, n) if _is_prose(lines, i, measure)), n)
    # a printed book's Contents gives each entry's page ("Introduction .... 3"):
    # when most entry lines end so, the page numbers are no part of the titles
    # (pages count up down the list; years that end titles, "... of 1917", are no pages)
    listed = [lines[i].text.strip() for i in range(at + 1, prose) if lines[i].text.strip()]
    pages = [int(m.group(1)) for t in listed if (m := _PAGE_REF.search(t)) and m.group(1).isdigit()]
    paged = len(pages) >= max(3, 0.5 * len(listed)) \
        and sum(a <= b for a, b in zip(pages, pages[1:])) >= 0.8 * (len(pages) - 1)

    def title(i: int) -> str:
        t = lines[i].text.strip()
        return _PAGE_REF.sub("", t) if paged else t

    # ... or, sooner, where the first entry comes round again as the body's heading
    first_entry = next((i for i in range(at + 1, prose) if lines[i].text.strip()), None)
    if first_entry is not None:
        key0 = heading_key(title(first_entry))
        again = next((i for i in range(first_entry + 1, prose)
                      if _heading_lines(lines, i, key0, or_more=True)), None)
        if again is not None:
            prose = again + 1  # treat the repeated heading as the line above the prose
    entries_idx = [i for i in range(at + 1, prose) if lines[i].text.strip()]
    start = prose
    if prose - 1 > at and lines[prose - 1].text.strip():
        start = prose - 1  # the heading just above the first running text
    # walk back over headings that repeat an earlier entry ("Introduction"),
    # set apart from the list: an entry that repeats one of its own list
    # ("POUM and Influence It" under two chapters) runs on from the entry above
    # (letters only: a heading may have lost an entry's hyphen)
    def letters(text: str) -> str:
        return re.sub(r"[\W_]", "", heading_key(text))

    entry_keys = {x: letters(title(x)) for x in entries_idx}

    def repeats(i: int) -> bool:
        key = letters(lines[i].text)
        return bool(key) and any(entry_keys[x] == key for x in entries_idx if x < i)

    i = start - 1
    while i > at:
        if not lines[i].text.strip():
            i -= 1
            continue
        if repeats(i) and (not lines[i - 1].text.strip() or repeats(i - 1)):
            start = i
            i -= 1
            continue
        break
    entry_lines = [i for i in entries_idx if i < start]
    # join wrapped entries: an entry line that is long, or whose follower starts in lower case
    entries: list[tuple[int, str]] = []
    prev_raw, prev_line = "", at
    body_low = None  # the body's lines in lower case, made on first need
    for i in entry_lines:
        t = title(i)
        numbered = bool(CHAPTER_HEADING.match(t))
        wrapped = False
        if entries and prev_raw and not numbered:
            if paged:
                # an entry's page stands at its end: a line without one wraps
                wrapped = not _PAGE_REF.search(lines[prev_line].text.strip())
            elif t[:1].islower() or _JOIN_SMALL.search(prev_raw):
                wrapped = True
            elif width(prev_raw) >= 0.6 * measure:
                # a long entry, then another: the body shows which; short of
                # that, only a short one after a nearly full one goes on it
                if body_low is None:
                    body_low = [ln.text.lower() for ln in lines[start:]]
                says = _body_says(lines[start:], body_low, prev_raw, t)
                wrapped = says == "together" or (says is None and width(prev_raw) >= 0.85 * measure
                                                 and width(t) < 0.45 * measure)
        if wrapped:
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + t)
        else:
            entries.append((lines[i].n, t))
        prev_raw, prev_line = t, i
    doc.contents = entries
    if entries:
        doc.decide(PASS, lines[at].n, lines[start - 1].n if start > at else lines[at].n,
                   f"read {len(entries)} Contents entries as evidence for headings",
                   "a Contents list after the title block" + (
                       "; the page numbers that end its entries left out" if paged else ""), 0.9)
    return start


def _body_says(body, body_low: list[str], first: str, second: str) -> str | None:
    """Are two Contents lines one wrapped entry or two headings? "together"
    when the body has `first` as a line of its own and `second` right after
    it (a title that wraps there too), "apart" when it has both as headings
    but never one after the other, None when it does not tell."""
    k1, k2 = heading_key(first), heading_key(second)
    if not k1 or not k2:
        return None
    # only lines that hold a word of an entry's start can begin that entry
    # (the rarer of its first two words: a wrapped title keeps those)
    w1, w2 = max(k1.split()[:2], key=len), max(k2.split(), key=len)
    seen_first = seen_second = follows = adjacent = False
    for i, low in enumerate(body_low):
        if w1 not in low and w2 not in low:
            continue
        ln = body[i]
        key = heading_key(ln.text)
        if key == k2:
            seen_second = True
        elif key == k1 + " " + k2 or _heading_lines(body, i, k1 + " " + k2):
            return "together"  # the body sets the title whole, wrapped elsewhere or not
        elif (n := _heading_lines(body, i, k1)):
            seen_first = True
            end = i + n - 1
            nxt = next((x.text for x in body[end + 1:end + 3] if x.text.strip()), "")
            follows = follows or heading_key(nxt) == k2
            # a title wraps onto the very next line; a heading after a
            # heading has a blank line between
            adjacent = adjacent or (end + 1 < len(body) and heading_key(body[end + 1].text) == k2)
    if seen_first and adjacent:
        return "together"
    if seen_first and seen_second and not follows:
        return "apart"
    return None
