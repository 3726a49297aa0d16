"""The prose checks over scanned parts: text, capitals, misreadings, names.
Shared by `publish check` and the accuracy bench (which feeds it raw text)."""

from __future__ import annotations

from .findings import Finding
from .lexicon import Lexicon
from .misreadings import MisreadingFinder, find_misreadings
from .names import check_names
from .text import check_text

PROSE = ("p", "quote", "note", "caption", "item", "heading")


def book_lexicon(parts) -> Lexicon:
    lines: list[str] = []
    for part in parts:
        for para in part.paragraphs:
            lines.extend(tl.masked for tl in para.lines)
            lines.append("")
    return Lexicon(lines)


def lint_parts(parts, lex: Lexicon | None = None) -> list[Finding]:
    lex = lex or book_lexicon(parts)
    flagged: set = set()
    out = check_text_parts(parts, lex, flagged)
    finder = MisreadingFinder(lex)
    for part in parts:
        lines = []
        for para in part.paragraphs:
            if para.kind not in PROSE:
                continue
            lines.extend((tl.line, tl.masked, tl.raw) for tl in para.lines)
            lines.append((para.lines[-1].line, "", ""))
        skip = {(l, c) for f, l, c in flagged if f == part.name}
        out += find_misreadings(part.name, lines, lex, finder, skip)
    out += check_names(parts, lex)
    return out


def check_text_parts(parts, lex, flagged):
    class _Book:
        pass

    cb = _Book()
    cb.parts = parts
    return check_text(cb, lex, flagged)
