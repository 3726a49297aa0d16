from publish import model
from publish.importer import import_text
from publish.importer.rules_inline.notes import to_inlines

BODY = " ".join(["word"] * 11)


def test_markers_link_by_kind():
    unresolved = []
    inl = to_inlines("He said so. [1] And more [2*] and [3].", {"1"}, {"2*"}, 7, unresolved)
    refs = [x for x in inl if isinstance(x, model.NoteRef)]
    assert [(r.label, r.kind, r.resolved) for r in refs] == [
        ("1", "endnote", True), ("2*", "footnote", True), ("3", "endnote", False)]
    assert unresolved == [("3", "endnote", 7)]
    assert model.plain_text(inl) == "He said so. And more and."


def _book(chapters):
    parts = ["Book Title", ""]
    for i, (body, notes, foot) in enumerate(chapters, 1):
        parts += [f"{i}. Chapter Number {i}", ""] + body
        if foot:
            parts += ["Footnotes"] + foot
        if notes:
            parts += ["Notes"] + notes
        parts.append("")
    return "\n".join(parts)


def _first_chapter_notes(text: str) -> tuple[dict[str, str], object]:
    """The first chapter's notes, label to text, and the import report."""
    book, report = import_text(text, "t.txt")
    return {n.label: model.plain_text(n.blocks[0].inlines) for n in book.chapters[0].notes}, report


def test_numbering_restarts_per_chapter_and_unresolved_is_reported():
    text = _book([
        (["First text of the book [1] runs on and has a footnote [1*] as well.",
          "A second line [2]."], ["1. The first note.", "2. The second note [3]."],
         ["1*. An author's footnote."]),
        (["Second chapter text [1] with a call [4] that has no note."], ["1. Chapter two's note."], []),
    ])
    book, report = import_text(text, "t.txt")
    ch1, ch2 = book.chapters
    assert {(n.label, n.kind) for n in ch1.notes} == {("1", "endnote"), ("2", "endnote"),
                                                      ("1*", "footnote")}
    assert [n.label for n in ch2.notes] == ["1"]
    refs2 = [x for b in ch2.blocks for x in model.iter_inlines(getattr(b, "inlines", []))
             if isinstance(x, model.NoteRef)]
    assert [(r.label, r.resolved) for r in refs2] == [("1", True), ("4", False)]
    # a marker inside a note text is a reference too
    note2 = next(n for n in ch1.notes if n.label == "2")
    assert any(isinstance(x, model.NoteRef) for x in note2.blocks[0].inlines)
    flagged = [d for d in report.decisions if d.flagged and d.pass_name == "notes"]
    assert any("[4]" in d.what for d in flagged)


def test_a_note_whose_call_was_lost_is_kept_as_a_paragraph(tmp_path):
    # the manuscript reader refuses a note nobody calls: the import keeps its
    # text as a paragraph, flags it, and the manuscript still builds
    from publish.build import build_xml
    from publish.writers.markdown import write_manuscript

    text = _book([(["Text of the book [1] with one call only, and a lost one here."],
                   ["1. The called note.", "2. The note whose call was misread."], [])])
    book, report = import_text(text, "t.txt")
    ch = book.chapters[0]
    assert {n.label for n in ch.notes} == {"1"}
    assert any(isinstance(b, model.Paragraph) and model.plain_text(b.inlines)
               == "2. The note whose call was misread." for b in ch.blocks)
    flagged = [d for d in report.flagged if d.pass_name == "notes" and "never called" in d.what]
    assert [d.what for d in flagged] == ["note 2 is never called: kept as a paragraph"]
    assert text.splitlines()[flagged[0].first_line - 1].startswith("2. The note whose")
    assert any("never called" in w and ": 2;" in w for w in report.warnings)
    write_manuscript(book, tmp_path / "ms")
    assert build_xml(tmp_path / "ms") is not None


def test_a_numbered_list_inside_a_note_does_not_start_notes():
    text = _book([(["He named two points [1] and a source [2] for them."],
                   ["1. He was concerned in the main with two points: 1. the possibility of",
                    "making propaganda within the new party; and",
                    "2. the continuation of relations after the fusion.",
                    "2. Inprecorr, No.20, 14 September 1939, p.288."], [])])
    notes, _ = _first_chapter_notes(text)
    assert notes == {
        "1": "He was concerned in the main with two points: 1. the possibility of making "
             "propaganda within the new party; and 2. the continuation of relations after "
             "the fusion.",
        "2": "Inprecorr, No.20, 14 September 1939, p.288."}


def test_a_number_wrapped_to_the_start_of_a_note_line_does_not_start_a_note():
    text = _book([(["He named a journal [1] and a source [2] for it."],
                   ["1. The circulation of its monthly was between 600 and",
                    "700. The experience of the whole period bears testimony to it.",
                    "2. Inprecorr, No.20, 14 September 1939, p.288."], [])])
    notes, report = _first_chapter_notes(text)
    assert notes == {
        "1": "The circulation of its monthly was between 600 and 700. The experience of the "
             "whole period bears testimony to it.",
        "2": "Inprecorr, No.20, 14 September 1939, p.288."}
    assert not any("never called" in w for w in report.warnings)


def test_a_note_label_alone_on_its_line_starts_the_note():
    # pdftotext read the note's first line a word at a time: its label stands alone
    text = _book([(["He named a source [1] and a strike [2] in it."],
                   ["1. This was manifestly not the case.", "2.", "", "The", "", "workers",
                    "", "were confronted by a huge police mobilisation."], [])])
    notes, _ = _first_chapter_notes(text)
    assert notes == {"1": "This was manifestly not the case.",
                     "2": "The workers were confronted by a huge police mobilisation."}


def test_a_page_number_wrapped_after_p_does_not_start_a_note():
    text = _book([(["He cited a source [1] and another [2] on it."],
                   ["1. Kh. Rakovsky, On Capitulation and Capitulators, No.7, 1929, p.", "2.",
                    "2. Trotsky, Sochineniia, No.32, 3 December 1937, pp.34-39."], [])])
    notes, _ = _first_chapter_notes(text)
    assert notes == {"1": "Kh. Rakovsky, On Capitulation and Capitulators, No.7, 1929, p.2.",
                     "2": "Trotsky, Sochineniia, No.32, 3 December 1937, pp.34-39."}
