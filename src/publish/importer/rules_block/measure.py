"""Line widths and the text's measure.

Character counts are a poor ruler for text set in a proportional font: a full
line of capitals and 'm's holds far fewer characters than one of 'i's and 'l's.
We estimate each line's printed width with Times-compatible advance widths (in
ems), which tracks the real measure far more closely than counting characters.
The measure is then read off the width distribution, as Calibre's
`line_length()` reads it off the length distribution.
"""

from __future__ import annotations

_CHARS = (" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
          "abcdefghijklmnopqrstuvwxyz{|}~àáäçèéñöü–—‘’“”…")
_WIDTHS = (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
           500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
           921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
           556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
           333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
           500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, 444,
           444, 444, 444, 444, 444, 500, 500, 500, 500, 1000, 333, 333, 444, 444, 1000)
_TABLE = dict(zip(_CHARS, _WIDTHS))

SPACE = 0.25


def _char_width(c: str) -> int:
    w = _TABLE.get(c)
    if w is None:
        if c.isupper():
            w = 700
        elif c.isalpha():
            w = 480
        elif c.isspace():
            w = 250
        else:
            w = 500
        _TABLE[c] = w
    return w


_cache: dict[str, float] = {}


def width(s: str) -> float:
    """Estimated printed width of `s`, in ems."""
    w = _cache.get(s)
    if w is None:
        w = sum(_TABLE.get(c) or _char_width(c) for c in s) / 1000
        if len(s) < 40:
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


def estimate_measure(texts: list[str]) -> float:
    """The body measure in ems: a high percentile of the widths of the lines that
    are followed by a continuation (a line starting in lower case), ignoring
    outliers made of two lines run together."""
    widths = [width(t.strip()) for t in texts if t.strip()]
    if not widths:
        return 0.0
    cont = []
    for a, b in zip(texts, texts[1:]):
        a, b = a.strip(), b.strip()
        if a and b and b[0].islower():
            cont.append(width(a))
    base = cont if len(cont) >= 20 else widths
    med = percentile(base, 0.5)
    base = [w for w in base if w <= med * 1.35]
    return percentile(base, 0.97)
