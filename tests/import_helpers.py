"""Shared helpers for the importer tests (not a test module)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from publish import model

ROOT = Path(__file__).resolve().parent.parent
FIRST_TITLE = ROOT / "manuscript" / "source" / "cliff-trotsky-1927-1940.txt"
CORPUS = sorted((ROOT / "tests" / "corpus").glob("book-*.txt"))

_MARKER = re.compile(r"\s?\[\d{1,3}\*?\]")


def lenient(word: str) -> str:
    """Case-folded letters and digits: what survives hyphen repairs and lead-in
    case recovery."""
    return re.sub(r"[\W_]", "", word).casefold()


def words(text: str) -> list[str]:
    return [w for w in map(lenient, _MARKER.sub(" ", text).split()) if w]


def source_words(doc) -> list[str]:
    out: list[str] = []
    for ln in doc.lines[doc.body_start:]:
        out.extend(words(ln.text))
    return out


def _inl_words(inlines) -> list[str]:
    return words(model.plain_text(inlines))


def block_words(blocks) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, (model.Paragraph, model.Heading)):
            out += _inl_words(b.inlines)
        elif isinstance(b, model.BlockQuote):
            out += block_words(b.blocks)
        elif isinstance(b, model.ListBlock):
            for i, item in enumerate(b.items):
                out.append(str(b.start + i))
                out += block_words(item)
        elif isinstance(b, model.Table):
            out += _inl_words(b.caption)
            for row in b.head + b.body:
                for cell in row:
                    out += _inl_words(cell)
    return out


def book_words(book: model.Book) -> list[str]:
    """The manuscript's words: for each part its number and title, its blocks,
    then its notes with their labels."""
    out: list[str] = []
    for ch in book.chapters:
        if ch.number:
            out.append(lenient(ch.number))
        out += _inl_words(ch.title)
        out += block_words(ch.blocks)
        for n in ch.notes:
            out.append(lenient(n.label))
            out += block_words(n.blocks)
    return out


def word_diff(a: list[str], b: list[str]) -> Counter:
    return (Counter(a) - Counter(b)) + (Counter(b) - Counter(a))
