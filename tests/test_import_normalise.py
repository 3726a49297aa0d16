import pytest

from publish.errors import PublishError
from publish.importer.document import Document
from publish.importer.rules_core.normalise import MAX_LINE, decode, normalise


def _doc(text):
    return normalise(Document("x.txt"), text)


def test_empty_file_is_a_clear_error():
    with pytest.raises(PublishError, match="empty"):
        decode(b"  \n\n", "x.txt")


def test_binary_file_is_a_clear_error():
    with pytest.raises(PublishError, match="binary") as e:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "x.png")
    assert e.value.hint


def test_non_utf8_names_the_line():
    data = "line one\nline two\nCaf\xe9\n".encode("latin-1")
    with pytest.raises(PublishError) as e:
        decode(data, "x.txt")
    assert e.value.line == 3
    assert "iconv" in e.value.hint


def test_utf16_is_refused_with_a_hint():
    with pytest.raises(PublishError, match="UTF-16"):
        decode("hello".encode("utf-16"), "x.txt")


def test_bom_crlf_nbsp_and_controls():
    text = decode("\ufeffTitle\r\nA\u00a0b\x07c\r\n\r\n".encode(), "x.txt")
    doc = _doc(text)
    assert [ln.text for ln in doc.lines] == ["Title", "A bc"]
    whats = " ".join(d.what for d in doc.report.decisions)
    assert "control" in whats and "spaces" in whats


def test_form_feed_is_a_page_break():
    doc = _doc("one\ftwo")
    assert [ln.text for ln in doc.lines] == ["one", "", "two"]


def test_extremely_long_line_is_kept_and_flagged():
    doc = _doc("x " * (MAX_LINE // 2 + 10))
    assert doc.report.warnings
    assert any(d.flagged for d in doc.report.decisions)


def test_line_numbers_are_source_lines():
    doc = _doc("a\n\nb\nc")
    assert [(ln.n, ln.text) for ln in doc.lines] == [(1, "a"), (2, ""), (3, "b"), (4, "c")]


def test_ligatures_kept_as_one_character_are_spelled_out():
    doc = _doc("The \ufb01rst of\ufb01ce was e\ufb00ective, \ufb02ying and \ufb04uent.\n")
    assert doc.lines[0].text == "The first office was effective, flying and ffluent."
    assert any("spelled out 5 ligatures" in d.what for d in doc.report.decisions)
