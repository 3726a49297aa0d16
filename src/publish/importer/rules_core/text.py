"""Small text helpers shared by the passes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SMALL_WORDS = frozenset(
    "a an the and or nor but of in on at to for from by with into onto upon as is was are "
    "be its it vs via de la le les du des von van der den di del y et und than that".split())

_PUNCT = re.compile(r"[^\w\s]")
#: what a renderer's hyphenation leaves at a line's end (U+2010, which
#: pdftotext keeps; a soft hyphen): not the author's hyphen
BREAK_HYPHENS = ("\u2010", "\u00ad")
#: a chapter heading (or its Contents entry): `N. Title`, `IV: Title`, `Chapter 3. Title`
CHAPTER_HEADING = re.compile(r"^\s*(?:chapter\s+)?(\d{1,3}|[IVXLC]{1,7})[.:]\s+(\S.*)$", re.I)


#: the combining marks NFKD splits off accented letters (é -> e + U+0301)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NUMBER = re.compile(r"^\s*(chapter\s+)?[\divxlc]+[.:]?\s+", re.I)


@lru_cache(maxsize=1 << 16)
def heading_key(text: str) -> str:
    """Normalised heading text for comparing body headings with the Contents
    (cached: the headings and front matter passes ask of the same lines)."""
    t = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    t = _NUMBER.sub("", t)
    t = _PUNCT.sub(" ", t.casefold())
    return " ".join(t.split())


def title_ratio(text: str) -> float:
    """Share of the words that are not small words which start with a capital
    (or a digit): 1.0 for Title Case."""
    words = [w.strip("‘’“”\"'()[]…–—-:,;.?!") for w in text.split()]
    words = [w for w in words if w and w.lower() not in SMALL_WORDS]
    if not words:
        return 0.0
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return caps / len(words)


def leadin_words(line: str) -> int:
    """How many upper-case words open `line` (a section's small-caps lead-in
    extracts as capitals: `TROTSKY HAD hardly`). 0 when it does not open so."""
    words = line.split()
    n = 0
    for w in words:
        core = w.strip("‘’“”\"'(),.:;–—-")
        if not core:
            break
        letters = [c for c in core if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and (len(letters) >= 2 or core in ("A", "I")):
            n += 1
        elif (len(letters) == 1 and letters[0].isupper() and w.endswith(".")
              and n + 1 < len(words) and words[n + 1].strip("‘’“”\"'(),.:;").isupper()):
            n += 1  # an initial: "U. KOSVAEV’S delegation", "THEREFORE, Z. LEVBRALER"
        elif core.isdigit() or re.fullmatch(r"[\d\-–,./]+", core):
            if n == 0:
                n += 1  # "IN 1927-9 AGRICULTURE" starts with a word; "12 FEBRUARY" with a number
                continue
            n += 1
        else:
            break
    if n == len(words):
        return 0  # the whole line is capitals: a heading or a table, not a lead-in
    # a lead-in needs at least one real capitalised word of two letters or more
    has_word = any(sum(c.isalpha() for c in w) >= 2 and w.strip("‘’“”\"'(),.:;").isupper()
                   for w in words[:n])
    return n if has_word else 0
