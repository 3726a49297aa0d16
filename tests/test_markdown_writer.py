"""Model -> Markdown -> model gives back the same book."""

from hypothesis import given, settings, strategies as st

from publish.manuscript import read_manuscript
from publish.manuscript.markdown import read_chapter
from publish.model import Chapter, Paragraph, Text, plain_text
from publish.writers.markdown import chapter_markdown, write_manuscript

from conftest import SAMPLE


def _strip_sources(book):
    for ch in book.chapters:
        ch.source = None
    return book


def _clear_lines(obj):
    """Line numbers differ between the hand-written sample and the writer's layout."""
    if isinstance(obj, list):
        for x in obj:
            _clear_lines(x)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            if name in ("line", "id"):
                setattr(obj, name, None)
            else:
                _clear_lines(getattr(obj, name))
    return obj


def test_round_trip_sample(tmp_path):
    book = read_manuscript(SAMPLE)
    locations = write_manuscript(book, tmp_path / "out")
    again = read_manuscript(tmp_path / "out")
    assert _clear_lines(_strip_sources(again)) == _clear_lines(_strip_sources(book))
    assert locations  # every block has a file:line


def test_refuses_to_overwrite(tmp_path):
    import pytest
    from publish.errors import PublishError

    book = read_manuscript(SAMPLE)
    write_manuscript(book, tmp_path / "out")
    with pytest.raises(PublishError, match="already exists"):
        write_manuscript(book, tmp_path / "out")
    write_manuscript(book, tmp_path / "out", force=True)


words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                                       blacklist_characters="\u2028\u2029\x85"),
                min_size=1, max_size=80)


@settings(max_examples=300, deadline=None)
@given(words)
def test_any_text_survives_escaping(text):
    text = " ".join(text.split())
    if not text:
        return
    ch = Chapter(id="c", title=[Text("T")], blocks=[Paragraph([Text(text)])])
    md, _ = chapter_markdown(ch)
    back = read_chapter(md, "x.md", "c")
    assert [plain_text(b.inlines) for b in back.blocks] == [text]


def test_reimport_never_deletes_outside_the_manuscript(tmp_path):
    out = tmp_path / "out"
    book = read_manuscript(SAMPLE)
    write_manuscript(book, out)
    victim = tmp_path / "notes.md"
    victim.write_text("an editor's own notes\n")
    toml = out / "book.toml"
    toml.write_text(toml.read_text().replace('back = [', 'back = [\n    "../notes.md",'))
    write_manuscript(book, out, force=True)
    assert victim.read_text() == "an editor's own notes\n"


def test_paragraph_that_opens_like_a_caption_stays_a_paragraph():
    from publish.model import Cell, Table

    table = Table(caption=[], head=[[Cell([Text("Year")])]],
                  body=[[Cell([Text("1929")])]])
    text = "Table: what follows was printed without a title."
    ch = Chapter(id="c", title=[Text("T")], blocks=[Paragraph([Text(text)]), table])
    md, _ = chapter_markdown(ch)
    back = read_chapter(md, "x.md", "c")
    assert plain_text(back.blocks[0].inlines) == text
    assert len(back.blocks) == 2 and back.blocks[1].caption == []
