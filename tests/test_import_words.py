"""No word lost or invented: the source body's words, in order, are the
manuscript's, allowing only for note markers, hyphen repairs and lead-in case
(compared case-folded, letters and digits only). Table cells may be reordered
(a flattened table's cells come in column order), so tables are compared as
bags of words, everything else in order."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish import model
from publish.importer import import_text

from publish.importer.document import NOTE, NOTES_HEADING, TABLE

from import_helpers import CORPUS, FIRST_TITLE, block_words, lenient, word_diff
from import_helpers import words as source_words_of


def _split_source(doc):
    """The source's words outside tables and notes (in order), its note words
    (in order), and the letters and digits of its table lines (a bag: a table
    may split "Hessen7,532" into two cells). Notes headings are left out: they
    become the notes sections themselves."""
    kind = {}
    for b in doc.blocks:
        for ln in b.lines:
            kind[ln.n] = b.kind
    words, notes, chars = [], [], Counter()
    for ln in doc.lines[doc.body_start:]:
        k = kind.get(ln.n)
        ws = source_words_of(ln.text)
        if k == NOTES_HEADING:
            continue
        if k == TABLE:
            chars.update("".join(ws))
        elif k == NOTE:
            notes.extend(ws)
        else:
            words.extend(ws)
    return words, notes, chars


def _split_book(book, synthetic=()):
    words, notes, chars = [], [], Counter()
    for ch in book.chapters:
        if ch.number:
            words.append(lenient(ch.number))
        if ch.id not in synthetic:  # a title we had to make up is not source text
            words += block_words([model.Heading(1, ch.title)])
        for b in ch.blocks:
            if isinstance(b, model.Table):
                chars.update("".join(block_words([b])))
            else:
                words += block_words([b])
        for n in ch.notes:
            notes.append(lenient(n.label))
            notes += block_words(n.blocks)
    return words, notes, chars


def _check(text, name):
    book, report = import_text(text, name)
    doc = report.document
    src = _split_source(doc)
    out = _split_book(book, report.synthetic)
    for a, b in zip(src[:2], out[:2]):
        # letters and digits in order (a reference broken as "pp." / "22-45" is
        # rejoined as one word)
        if "".join(a) != "".join(b):
            assert word_diff(a, b) == Counter(), f"words differ: {word_diff(a, b).most_common(10)}"
            assert a == b
    assert src[2] == out[2]
    return book, report


def test_first_title_keeps_every_word():
    _check(FIRST_TITLE.read_text(encoding="utf-8"), str(FIRST_TITLE))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_generated_books_keep_every_word(path):
    _check(path.read_text(encoding="utf-8"), str(path))


_word = st.sampled_from(["the", "party", "Trotsky", "crisis", "1929", "anti-Stalinist", "plan",
                         "of", "a", "Five-Year", "‘quoted’", "workers’", "in", "rose", "by",
                         "30", "percent.", "And", "So,", "[3]", "[2*]", "TROTSKY", "It"])
_line = st.lists(_word, min_size=1, max_size=14).map(" ".join)
_piece = st.one_of(_line, st.just(""), st.just("1. A Chapter Title"), st.just("Notes"),
                   st.just("Footnotes"), st.just("1. A note text."), st.just("Introduction"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_piece, min_size=1, max_size=60))
def test_any_text_imports_without_losing_words(pieces):
    text = "\n".join(pieces)
    if not any(lenient(w) for w in text.split()):
        return
    _check(text, "gen.txt")


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_arbitrary_text_never_crashes(text):
    from publish.errors import PublishError

    try:
        import_text(text, "any.txt")
    except PublishError:
        pass
