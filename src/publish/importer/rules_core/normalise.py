"""Normalise: bytes -> source lines.

Strict UTF-8 (a BOM is dropped); CRLF and lone CR become LF; no-break and other
odd spaces become plain spaces; control characters are dropped and reported; a
ligature that an extraction kept as one character (U+FB01 "ﬁ") becomes its
letters, since typesetting makes its own.
"""

from __future__ import annotations

import re
import unicodedata

from publish.errors import PublishError

from ..document import Document, Line

PASS = "normalise"

#: a line longer than this is not prose that was hard-wrapped
MAX_LINE = 10_000

_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: the Latin ligatures of the presentation forms, as letters
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_LIGATURE = re.compile(f"[{''.join(_LIGATURES)}]")


def decode(data: bytes, source_name: str) -> str:
    """Strict UTF-8, or a clear error with the line of the first bad byte."""
    if not data.strip():
        raise PublishError("the file is empty", source_name,
                           hint="give the raw text extraction of the book")
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PublishError("this looks like a binary file, not text", source_name,
                           hint="extract the text first, e.g. `pdftotext book.pdf book.txt`")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PublishError("the file is UTF-16; publish reads UTF-8", source_name,
                           hint="convert it: `iconv -f UTF-16 -t UTF-8 in.txt > out.txt`")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PublishError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded", source_name, line,
            hint="convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt`",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def normalise(doc: Document, text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n")  # a form feed is a page break
    lines: list[Line] = []
    controls = spaces = ligatures = 0
    for n, raw in enumerate(text.split("\n"), start=1):
        s = raw
        if len(s) > MAX_LINE:
            doc.report.warn(f"line {n} is {len(s)} characters long; it was kept as one paragraph")
            doc.decide(PASS, n, n, "kept an extremely long line as it is",
                       f"{len(s)} characters, more than {MAX_LINE}: not hard-wrapped prose",
                       0.5, flagged=True)
        if _CONTROL.search(s):
            controls += len(_CONTROL.findall(s))
            s = _CONTROL.sub("", s)
        if _SPACES.search(s):
            spaces += 1
            s = _SPACES.sub(" ", s)
        if _ZERO_WIDTH.search(s):
            s = _ZERO_WIDTH.sub("", s)
        if not s.isascii():
            if _LIGATURE.search(s):
                ligatures += len(_LIGATURE.findall(s))
                s = _LIGATURE.sub(lambda m: _LIGATURES[m.group(0)], s)
            s = unicodedata.normalize("NFC", s)
        lines.append(Line(n, s.rstrip()))
    while lines and not lines[-1].text.strip():
        lines.pop()
    doc.lines = lines
    if controls:
        doc.decide(PASS, 1, len(lines), f"dropped {controls} control characters",
                   "control characters are not text", 1.0)
    if ligatures:
        doc.decide(PASS, 1, len(lines), f"spelled out {ligatures} ligatures",
                   "a ligature kept as one character (ﬁ) is its letters; typesetting makes "
                   "its own", 1.0)
    if spaces:
        doc.decide(PASS, 1, len(lines), f"replaced odd spaces on {spaces} lines",
                   "no-break and fixed-width spaces become plain spaces; typesetting adds them back",
                   1.0)
    if not any(ln.text.strip() for ln in lines):
        raise PublishError("the file holds no text", doc.source_name,
                           hint="give the raw text extraction of the book")
    return doc
