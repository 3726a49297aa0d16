"""The manuscript reader: book.toml + Markdown -> model."""

import pytest

from publish.errors import PublishError
from publish.manuscript import read_manuscript
from publish.model import (BlockQuote, Heading, LeadIn, ListBlock, NoteRef, Paragraph, Table,
                           Text, iter_inlines, plain_text)

from conftest import SAMPLE


def test_sample_structure():
    book = read_manuscript(SAMPLE)
    assert book.metadata.title == "The Lighthouse Keepers"
    assert book.metadata.authors == ["Mary Example", "John Sample"]
    assert book.metadata.original.year == "1961"
    roles = [c.role for c in book.chapters]
    assert roles == ["editor-note", "acknowledgments", "introduction", "chapter", "chapter",
                     "appendix"]
    rock = book.chapters[3]
    assert rock.number == "1" and plain_text(rock.title) == "The Rock"
    headings = [plain_text(b.inlines) for b in rock.blocks if isinstance(b, Heading)]
    assert headings == ["Building on the Reef", "The First Light"]


def test_lead_in_and_notes():
    rock = read_manuscript(SAMPLE).chapters[3]
    first = next(b for b in rock.blocks if isinstance(b, Paragraph))
    assert isinstance(first.inlines[0], LeadIn)
    assert plain_text(first.inlines[0].children) == "Robert Stevenson began"
    refs = [n for b in rock.blocks if isinstance(b, Paragraph) for n in iter_inlines(b.inlines)
            if isinstance(n, NoteRef)]
    assert [(r.label, r.kind, r.resolved) for r in refs] == [
        ("1", "endnote", True), ("1*", "footnote", True), ("3", "endnote", False),
        ("4", "endnote", False)]
    assert {n.label: n.kind for n in rock.notes} == {"1": "endnote", "2": "endnote",
                                                      "1*": "footnote"}


def test_table_caption_alignment_and_cells():
    rock = read_manuscript(SAMPLE).chapters[3]
    table = next(b for b in rock.blocks if isinstance(b, Table))
    assert plain_text(table.caption) == "Men employed on the Rock, by season"
    assert isinstance(table.caption[-1], NoteRef) and table.caption[-1].label == "2"
    assert table.align == ["left", "right", "right", "right"]
    assert [plain_text(c) for c in table.head[0]] == ["Season", "Masons", "Labourers", "Seamen"]
    assert [plain_text(c) for c in table.body[3]] == ["Total", "50", "86", "84"]


def test_lists_inside_quotes():
    light = read_manuscript(SAMPLE).chapters[4]
    quote = next(b for b in light.blocks if isinstance(b, BlockQuote))
    assert isinstance(quote.blocks[0], ListBlock) and quote.blocks[0].ordered
    assert len(quote.blocks[0].items) == 2
    assert any(isinstance(b, Heading) and b.level == 3 for b in light.blocks)


def _expect_error(dir_, match, line=None):
    with pytest.raises(PublishError) as info:
        read_manuscript(dir_)
    err = info.value
    assert match in err.message, err.message
    if line is not None:
        assert err.line == line, (err.line, str(err))
    return err


def test_missing_book_toml(sample_dir):
    (sample_dir / "book.toml").unlink()
    err = _expect_error(sample_dir, "not found")
    assert err.file.endswith("book.toml")


def test_missing_chapter_file_names_toml_line(sample_dir):
    (sample_dir / "02-the-light.md").unlink()
    err = _expect_error(sample_dir, "does not exist")
    lines = (sample_dir / "book.toml").read_text().splitlines()
    assert "02-the-light.md" in lines[err.line - 1]


def test_toml_syntax_error(sample_dir):
    p = sample_dir / "book.toml"
    p.write_text(p.read_text().replace('language = "en"', 'language = "en'))
    _expect_error(sample_dir, "TOML syntax error", line=5)


def test_unknown_key(sample_dir):
    p = sample_dir / "book.toml"
    p.write_text(p.read_text().replace('language = "en"', 'language = "en"\nlanguge = "fr"'))
    _expect_error(sample_dir, "unknown key `languge`", line=6)


def test_unreferenced_note(sample_dir):
    p = sample_dir / "introduction.md"
    p.write_text(p.read_text() + "[^9]: Nobody calls this.\n")
    err = _expect_error(sample_dir, "never referred to")
    assert err.file.endswith("introduction.md")
    assert p.read_text().splitlines()[err.line - 1].startswith("[^9]:")


def test_duplicate_note_label(sample_dir):
    p = sample_dir / "introduction.md"
    p.write_text(p.read_text() + "[^2]: Again.\n")
    err = _expect_error(sample_dir, "two notes with the label [^2]")
    assert p.read_text().splitlines()[err.line - 1] == "[^2]: Again."


def test_ragged_table_row(sample_dir):
    p = sample_dir / "01-the-rock.md"
    p.write_text(p.read_text().replace("| 1808   | 18     | 32        | 28     |",
                                       "| 1808   | 18     | 32        |"))
    err = _expect_error(sample_dir, "table row has 3 cells, the header has 4")
    assert p.read_text().splitlines()[err.line - 1].startswith("| 1808")


def test_not_utf8(sample_dir):
    p = sample_dir / "02-the-light.md"
    p.write_bytes(p.read_bytes().replace("Colza".encode(), "Colz\xe9".encode("latin-1")))
    err = _expect_error(sample_dir, "not UTF-8")
    assert err.line == p.read_bytes().split(b"\n").index(
        next(l for l in p.read_bytes().split(b"\n") if b"Colz" in l)) + 1


def test_unknown_trim_size(sample_dir):
    p = sample_dir / "book.toml"
    p.write_text(p.read_text().replace('trim_size = "demy"', 'trim_size = "folio"'))
    _expect_error(sample_dir, "unknown trim_size")


def test_first_line_must_be_title(sample_dir):
    p = sample_dir / "appendix.md"
    p.write_text("Some text first.\n\n" + p.read_text())
    _expect_error(sample_dir, "level-1 heading", line=1)


def test_raw_html_refused(sample_dir):
    p = sample_dir / "appendix.md"
    p.write_text(p.read_text() + "\nA <b>bold</b> claim.\n")
    _expect_error(sample_dir, "raw HTML")


def test_missing_note_text_added_later_becomes_link(sample_dir):
    p = sample_dir / "01-the-rock.md"
    p.write_text(p.read_text() + "[^3]: The date is in the Board’s minutes.\n")
    rock = read_manuscript(sample_dir).chapters[3]
    refs = [n for b in rock.blocks if isinstance(b, Paragraph) for n in iter_inlines(b.inlines)
            if isinstance(n, NoteRef) and n.label == "3"]
    assert refs and refs[0].resolved
    assert isinstance(refs[0], NoteRef) and not isinstance(refs[0], Text)


def _with_section(sample_dir, markdown):
    """Append `markdown` to the appendix; return (file, first line of it)."""
    p = sample_dir / "appendix.md"
    old = p.read_text().rstrip("\n") + "\n\n"
    p.write_text(old + markdown)
    return p, old.count("\n") + 1


@pytest.mark.parametrize("markdown, match, offset", [
    ("> ## Quoted heading\n", "a heading inside a quote", 0),
    ("- ## Listed heading\n", "a heading inside a quote", 0),
    ("Text[^9].\n\n[^9]: Note.\n\n    ## In the note\n", "a heading inside a quote", 4),
    (">\n\nAfter.\n", "an empty block quote", 0),
    ("Text[^1:2].\n\n[^1:2]: Note.\n", "note label [^1:2]", 0),
    ("Text[^a b].\n\n[^a b]: Note.\n", "contains a space", 2),
    ("{role=appendix}\n## Section\n", "on a section heading", 1),
    ("{#9lives}\n## Section\n", "not a valid id", 1),
    ("{#twice}\n## One\n\n{#twice}\n## Two\n", "used twice", 4),
    ("{#introduction}\n## Clash with a part\n", "used twice", 1),
])
def test_markdown_the_xml_cannot_hold_is_a_user_error(sample_dir, markdown, match, offset):
    # each of these used to pass the reader and fail schema validation as
    # "a bug in publish", or (a spaced label) silently turn the note into a link
    p, line = _with_section(sample_dir, markdown)
    err = _expect_error(sample_dir, match, line=line + offset)
    assert err.file == str(p) and err.hint


def test_table_inside_block_quote(sample_dir):
    _with_section(sample_dir, "> | Year | Men |\n> |------|----:|\n> | 1808 | 50 |\n")
    quote = read_manuscript(sample_dir).chapters[-1].blocks[-1]
    assert isinstance(quote, BlockQuote) and isinstance(quote.blocks[0], Table)
    assert [plain_text(c) for c in quote.blocks[0].body[0]] == ["1808", "50"]


def test_top_level_key_that_should_be_a_table_has_its_line(sample_dir):
    p = sample_dir / "book.toml"
    p.write_text('book = "The Lighthouse Keepers"\n' + p.read_text().replace("[book]", "[extra]"))
    with pytest.raises(PublishError) as info:
        read_manuscript(sample_dir)
    errors = getattr(info.value, "errors", [info.value])
    wrong = [e for e in errors if "`book` must be a table" in e.message]
    assert wrong and wrong[0].line == 1
