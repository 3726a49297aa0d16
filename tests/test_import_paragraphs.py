import pytest

from publish.importer import import_document, import_text
from publish.importer.document import PARA, QUOTE, RAW
from publish.importer.rules_block.measure import (fit_ratio, join_candidates, use_font,
                                                  width)
from publish.importer.rules_block.segment import segment

from import_helpers import CORPUS, FIRST_TITLE


@pytest.fixture(scope="module")
def first():
    return import_document(FIRST_TITLE.read_text(encoding="utf-8"), str(FIRST_TITLE))


def _block_at(doc, n):
    return next(b for b in doc.blocks if b.lines and b.first <= n <= b.last
                and any(ln.n == n for ln in b.lines))


def test_page_break_inside_a_sentence_is_joined(first):
    b = _block_at(first, 177)  # "... suicide on 5 January" / blank / "1933. She was ..."
    assert b.kind == PARA and any(ln.n == 179 for ln in b.lines)
    assert "5 January 1933. She was 30 years old" in b.text


def test_short_line_ends_a_paragraph(first):
    b = _block_at(first, 160)  # "unbroken by a single shaft of light."
    assert b.last == 160 and b.first == 155


def test_block_quotes_found_by_their_measure(first):
    assert _block_at(first, 420).kind == QUOTE  # "My faith in the Communist future ..."
    assert _block_at(first, 2323).kind == QUOTE  # Reiman's quote
    assert _block_at(first, 408).kind == PARA  # the sentence introducing one


def test_first_title_counts(first):
    c = first.report.counts
    assert 230 <= c["page-break joins"] <= 320  # the source has about 270
    assert c["block quotes"] > 100


def test_segment_counts_blank_lines():
    from publish.importer.document import Document, Line

    doc = Document("x")
    doc.lines = [Line(1, "a"), Line(2, ""), Line(3, ""), Line(4, "b"), Line(5, "c")]
    segment(doc)
    assert [(b.kind, [ln.n for ln in b.lines], b.blank_before) for b in doc.blocks] == [
        (RAW, [1], 0), (RAW, [4, 5], 2)]


def test_fit_and_joined_lines():
    use_font("times")
    M = width("the quick brown fox jumps over the lazy dog and runs")
    assert fit_ratio("the quick brown fox", "jumps", M) < 0.8
    assert fit_ratio("the quick brown fox jumps over the lazy dog and", "runs", M) > 0.97
    joined = "the quick brown fox jumps over the lazy dog and right" + "wing runs far away now"
    assert join_candidates(joined, M)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_generated_books_score(path):
    """A floor under the structure scores on the test books (bench/ has the
    larger run and the real numbers)."""
    import sys

    sys.path.insert(0, str(path.parent.parent))
    from corpus_score import load_truth, score_book, summary

    truth = load_truth(path.with_suffix(".json"))
    book, _ = import_text(path.read_text(encoding="utf-8"), str(path))
    s = summary(score_book(truth, book))
    assert s["headings"] >= 0.9
    assert s["paragraphs"] >= 0.7
    assert abs(s["words_error"]) <= 0.01


def test_text_that_is_not_hard_wrapped():
    sentence = "The party rose by ten percent and the workers of the town were glad of it. "
    paras = [sentence * 6 + "It ended." for _ in range(8)]
    book, report = import_text("A Book\n\n1. First Chapter\n\n" + "\n".join(paras), "u.txt")
    assert len(book.chapters[0].blocks) == 8
    assert any("not hard-wrapped" in w for w in report.warnings)
    assert not report.counts.get("hyphen repairs")
