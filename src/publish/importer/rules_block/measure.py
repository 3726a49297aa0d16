"""Line widths and the text's measure.

Character counts are a poor ruler for text set in a proportional font: a full
line of capitals and 'm's holds far fewer characters than one of 'i's and 'l's.
We estimate each line's printed width with the advance widths (in ems) of the
face that best explains the book's line breaks, which tracks the real measure
far more closely than counting characters.
The measure is then read off the width distribution, as Calibre's
`line_length()` reads it off the length distribution.
"""

from __future__ import annotations

import json
import re
from importlib import resources


def _load_fonts() -> tuple[str, dict[str, tuple[int, ...]], dict[str, int]]:
    """The width tables of scripts/font_widths.py (package data: the importer
    never reads system fonts)."""
    data = json.loads(resources.files("publish").joinpath("data/font_widths.json")
                      .read_text(encoding="utf-8"))
    fonts = {name: tuple(f["widths"]) for name, f in data["fonts"].items()}
    # a monospace face gives every character, in or out of the table, one width
    other = {name: f["other"] for name, f in data["fonts"].items() if "other" in f}
    return data["chars"], fonts, other


#: advance widths (1/1000 em) of the text faces a book is likely set in: every
#: regular face installed where books are made (see scripts/font_widths.py).
#: The one that best explains the text's line breaks is chosen per book (see
#: `choose_font`); "times" (Liberation Serif, Times metrics) is the default.
_CHARS, FONTS, _OTHER = _load_fonts()
DEFAULT_FONT = "times"


class _Widths(dict):
    """Character -> width; characters outside the table get a width by class."""

    def __init__(self, items, other: int | None = None):
        super().__init__(items)
        self.other = other

    def __missing__(self, c: str) -> int:
        if self.other is not None:
            w = self.other
        elif c.isupper():
            w = 700
        elif c.isalpha():
            w = 480
        elif c.isspace():
            w = 250
        else:
            w = 500
        self[c] = w
        return w


_TABLES = {name: _Widths(zip(_CHARS, ws), _OTHER.get(name)) for name, ws in FONTS.items()}
_TABLE: dict[str, int] = _TABLES[DEFAULT_FONT]
_font = DEFAULT_FONT
_cache: dict[str, float] = {}


def use_font(name: str) -> None:
    """Measure with the named face's widths from now on."""
    global _TABLE, _font
    if name != _font:
        _TABLE = _TABLES[name]
        _font = name
        _cache.clear()


SPACE = 0.25


def width(s: str) -> float:
    """Estimated printed width of `s`, in ems."""
    w = _cache.get(s)
    if w is None:
        w = sum(map(_TABLE.__getitem__, s)) / 1000
        if len(_cache) > 200_000:
            _cache.clear()
        _cache[s] = w
    return w


def first_word(s: str) -> str:
    s = s.lstrip()
    i = s.find(" ")
    return s if i < 0 else s[:i]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(q * (len(v) - 1)))))
    return v[k]


def _pairs(texts: list[str], limit: int = 4000) -> list[tuple[str, str]]:
    """Consecutive lines where the second starts in lower case: the first
    certainly did not end a paragraph. At most `limit`, spread over the text."""
    out = []
    for a, b in zip(texts, texts[1:]):
        a, b = a.strip(), b.strip()
        if a and b and b[0].islower() and len(a) < 400:
            out.append((a, b))
    if len(out) > limit:
        step = len(out) / limit
        out = [out[int(i * step)] for i in range(limit)]
    return out


def _separation(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """The measure T that best explains the breaks: the most continuation
    lines with width <= T < width + space + next word. Returns (share of lines
    explained, T)."""
    ws = [width(a) for a, _ in pairs]
    return best_cut(ws, [w + SPACE + width(first_word(b)) for w, (_, b) in zip(ws, pairs)])


def best_cut(line_widths: list[float], fits: list[float]) -> tuple[float, float]:
    """`_separation` on the widths of the lines and of the lines plus the next
    word."""
    ws, fs = sorted(line_widths), sorted(fits)
    n = len(ws)
    best, best_t = -1, ws[-1] if ws else 0.0
    j = 0
    for i, t in enumerate(ws):
        while j < n and fs[j] <= t:
            j += 1
        count = (i + 1) - j
        if count > best:
            nxt = fs[j] if j < n else t
            best, best_t = count, (t + min(nxt, ws[i + 1] if i + 1 < n else nxt)) / 2
    return (best / n if n else 0.0), best_t


def _explained(texts: list[str]) -> dict[str, list[bool]]:
    """For each face, which lines that run on its best measure explains (see
    `_separation`); empty when the text has too few such lines to tell."""
    pairs = _pairs(texts, 1500)
    if len(pairs) < 20:
        return {}
    lines = [a for a, _ in pairs]
    words = [first_word(b) for _, b in pairs]
    out = {}
    for name, table in _TABLES.items():
        # the sums width() makes, without its cache (one pass per face)
        get = table.__getitem__
        ws = [sum(map(get, a)) / 1000 for a in lines]
        fs = [w + SPACE + sum(map(get, b)) / 1000 for w, b in zip(ws, words)]
        _, t = best_cut(ws, fs)
        out[name] = [w <= t < f for w, f in zip(ws, fs)]
    return out


def font_scores(texts: list[str]) -> dict[str, float]:
    """Each face's share of line breaks explained (see `_separation`)."""
    return {name: sum(e) / len(e) for name, e in _explained(texts).items()}


#: the first tables, on which the tolerances below were tuned
GENERAL_FONTS = ("times", "dejavu", "garamond")
#: another face must explain at least this share of the breaks ...
KNOWN_FACE = 0.72
#: ... this much more than the general tables ...
FACE_MARGIN = 0.01
#: ... and beyond chance: by this many standard deviations of the lines one
#: face explains and the other does not (McNemar's test)
FACE_Z = 2.0


def choose_font(texts: list[str]) -> str:
    """Pick the width table that best explains the line breaks: under the face
    that set the text, one measure separates every line's width from its width
    plus the next word."""
    explained = _explained(texts)
    if not explained:
        # too little evidence: the default face, not the last book's
        use_font(DEFAULT_FONT)
        return DEFAULT_FONT
    score = {name: sum(e) / len(e) for name, e in explained.items()}
    best = max(GENERAL_FONTS, key=score.__getitem__)
    other = max((f for f in score if f not in GENERAL_FONTS), key=score.__getitem__)
    # Below KNOWN_FACE no table explains the breaks (a face we lack) and the
    # ranking is noise; so is a lead of a few lines in a short text. A scaled
    # copy of a general face (DejaVu Serif Condensed) scores within
    # FACE_MARGIN of it and measures the same.
    gain = sum(o and not g for o, g in zip(explained[other], explained[best]))
    loss = sum(g and not o for o, g in zip(explained[other], explained[best]))
    if (score[other] >= max(KNOWN_FACE, score[best] + FACE_MARGIN)
            and gain - loss >= FACE_Z * (gain + loss) ** 0.5):
        best = other
    use_font(best)
    return best


def estimate_measure(texts: list[str]) -> float:
    """The body measure in ems (see `_separation`); for short texts a high
    percentile of the line widths, ignoring lines run together."""
    global last_separation
    pairs = _pairs(texts)
    if len(pairs) < 20:
        last_separation = 1.0  # nothing measured: not the last book's figure
        widths = [width(t.strip()) for t in texts if t.strip()]
        if not widths:
            return 0.0
        med = percentile(widths, 0.5)
        return percentile([w for w in widths if w <= med * 1.35], 0.97)
    med = percentile([width(a) for a, _ in pairs], 0.5)
    pairs = [(a, b) for a, b in pairs if width(a) <= med * 1.35]
    share, t = _separation(pairs)
    last_separation = share
    if share < 0.7:
        # our widths explain the breaks poorly (an unknown face): take the
        # widest lines as the measure rather than the best cut
        t = max(t, percentile([width(a) for a, _ in pairs], 0.97))
    return t


#: share of line breaks the last estimated measure explains (1.0 = all)
last_separation = 1.0


def tolerance(separation: float) -> float:
    """Relative error to allow in width comparisons, from how well the widths
    explain the breaks."""
    # quotes, indents and short lines keep a clean text near 0.75-0.95;
    # a face we do not know scores about 0.65
    if separation >= 0.72:
        return 0.0115
    if separation >= 0.68:
        return 0.02
    return 0.03


# --- where a paragraph ends ------------------------------------------------

#: characters a paragraph's last line can end with
TERMINAL = ".!?:’”\")]…;"
#: characters a new paragraph can start with, besides capitals and digits
OPENERS = "‘“\"([…–—*•"


def ends_sentence(a: str) -> bool:
    return bool(a) and a[-1] in TERMINAL


_TRAILING_CALL = re.compile(r"\s*\[\d{1,3}\*?\]$")


def sentence_end(a: str) -> bool:
    """Stricter than `ends_sentence`: a closing quote ends a sentence only
    after sentence punctuation (not "the Workers’" or "a ‘heavy strike’"),
    and a trailing note call only when the text before it ends one."""
    a = a.rstrip()
    for _ in range(3):
        m = _TRAILING_CALL.search(a)
        if not m or m.start() == 0:
            break
        a = a[:m.start()].rstrip()
    if not a or a[-1] not in TERMINAL:
        return False
    # "plan.’" ends one; "the Workers’" and "a ‘heavy strike’" do not
    return not (a[-1] in "’”\")]" and len(a) > 1 and a[-2] not in ".!?…:;’”\")]")


def starts_sentence(b: str) -> bool:
    b = b.lstrip()
    if not b:
        return False
    c = b[0]
    return c.isupper() or c.isdigit() or c in OPENERS


def fit_ratio(a: str, b: str, measure: float) -> float:
    """How much of the measure line `a` plus the next line's first word would
    fill: below 1 means that word would have fitted, so the break was forced."""
    if measure <= 0:
        return 1.0
    a = a.strip()
    wa = width(a)
    if wa > JOINED * measure:
        wa = second_part_width(a, measure)
    return (wa + SPACE + width(first_word(b))) / measure


#: below this fit a line is short: the break was forced
SHORT = 0.80
#: at or above this fit a line is full: the break is the typesetter's
FULL = 0.97


def paragraph_break(a: str, b: str, measure: float) -> tuple[bool, float, str]:
    """Does a paragraph end between line `a` and the next line `b`?
    Returns (decision, confidence, reason)."""
    a = a.rstrip()
    r = fit_ratio(a, b, measure)
    e, s = ends_sentence(a), starts_sentence(b)
    if r < SHORT:
        if e or s:
            return True, 0.95 if (e and s) else 0.75, f"short line ({r:.2f} of measure)"
        return False, 0.6, f"short line ({r:.2f}) but no sentence end and a lower-case start"
    if r < FULL:
        if e and s:
            return True, 0.7, f"line not full ({r:.2f}), ends a sentence, next starts one"
        return False, 0.8, f"line nearly full ({r:.2f}) and the sentence runs on"
    return False, 0.95, f"full line ({r:.2f})"


# --- lines run together ----------------------------------------------------

#: a measure wider than this (ems) means the text was not hard-wrapped: one
#: paragraph per line
UNWRAPPED = 60.0

#: a line wider than this share of the measure is two lines run together:
#: pdftotext joins a line that ends with a hyphen to the next, dropping the hyphen
JOINED = 1.12


def join_candidates(line: str, measure: float, joined: float = JOINED
                    ) -> list[tuple[int, int, int]]:
    """Where a line run together from two may have been split: a list of
    (token start, token end, split offset in the line) such that the first
    part plus a hyphen fits the measure and the rest fits too."""
    s = line
    if measure <= 0 or width(s) <= joined * measure:
        return []
    out = []
    limit = measure * 1.03
    pos = 0
    acc = 0.0
    n = len(s)
    while pos < n:
        if s[pos] == " ":
            acc += SPACE
            pos += 1
            continue
        end = s.find(" ", pos)
        end = n if end < 0 else end
        tok_w = width(s[pos:end])
        if acc > limit:
            break
        if acc + tok_w > 0.5 * measure:
            # try every split inside the token between two word characters
            w = acc
            for k in range(pos + 1, end):
                w += width(s[k - 1])
                if w + width("-") > limit:
                    break
                if s[k - 1].isalnum() and s[k].isalnum():
                    out.append((pos, end, k))
        acc += tok_w
        pos = end
    return out


def second_part_width(line: str, measure: float) -> float:
    """For a line run together from two, the estimated width of the second
    (the line the reader would see last); else the line's width."""
    rest = line
    for _ in range(8):
        c = join_candidates(rest, measure)
        if not c:
            break
        rest = rest[c[-1][2]:]  # the first line was most likely nearly full
    return width(rest)
