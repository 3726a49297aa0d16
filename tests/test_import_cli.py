"""`publish import` end to end: the manuscript, the report, bad input."""

import re

import pytest
from click.testing import CliRunner

from publish.cli import main
from publish.errors import PublishError
from publish.importer import run_import

from import_helpers import CORPUS, FIRST_TITLE


def _run(*args):
    return CliRunner().invoke(main, ["import", *map(str, args)])


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("ms") / "manuscript"
    book, report = run_import(FIRST_TITLE, out)
    return out, book, report


def test_writes_manuscript_and_report(imported):
    out, book, report = imported
    toml = (out / "book.toml").read_text(encoding="utf-8")
    assert 'title = "Trotsky"' in toml
    md = sorted(p.name for p in out.glob("*.md"))
    assert len(md) == len(book.chapters) == 17
    first = (out / "01-stalin-turns-to-forced-collectivisation.md").read_text(encoding="utf-8")
    assert first.startswith("# 1. Stalin Turns to Forced Collectivisation")
    assert "[Trotsky had]{.lead-in} hardly arrived" in first
    assert "## Russia Enters a Deep Economic and Social Crisis" in first


def test_report_lists_flagged_first_and_links_to_lines(imported):
    out, book, report = imported
    html = (out / "import-report.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="(flag)?">', html)
    flags = [bool(r) for r in rows]
    assert any(flags) and flags == sorted(flags, reverse=True)  # flagged items first
    links = re.findall(r'<a href="([^"]+\.md)">([^<]+):(\d+)</a>', html)
    assert len(links) > 100
    # a link points at the line where the decision's result was written
    href, name, line = next(x for x in links if x[1].startswith("01-"))
    text = (out / href).read_text(encoding="utf-8").splitlines()
    assert 1 <= int(line) <= len(text) and text[int(line) - 1].strip()


def test_refuses_to_overwrite_without_force(imported, tmp_path):
    out, _, _ = imported
    r = _run(FIRST_TITLE, "-o", out)
    assert r.exit_code == 1 and "already exists" in r.output and "--force" in r.output
    r = _run(CORPUS[0], "-o", out, "--force")
    assert r.exit_code == 0, r.output
    assert "Trotsky" not in (out / "book.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    ("Caf\xe9 au lait\n".encode("latin-1"), "UTF-8"),
])
def test_bad_input_is_a_clear_error(tmp_path, content, message):
    raw = tmp_path / "raw.txt"
    raw.write_bytes(content)
    r = _run(raw, "-o", tmp_path / "out")
    assert r.exit_code == 1
    assert message in r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "out" / "book.toml").exists()


def test_missing_file(tmp_path):
    with pytest.raises(PublishError, match="no such file"):
        run_import(tmp_path / "nope.txt", tmp_path / "out")


def test_no_structure_is_one_chapter_with_a_warning(tmp_path):
    raw = tmp_path / "plain.txt"
    raw.write_text("just some words on a line\nand some more words here.\n", encoding="utf-8")
    r = _run(raw, "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert "warning:" in r.output and "one chapter" in r.output
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_extremely_long_line(tmp_path):
    raw = tmp_path / "long.txt"
    raw.write_text("A Title\n\n" + "word " * 5000 + "\n", encoding="utf-8")
    r = _run(raw, "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert "warning:" in r.output


def test_errata_beside_the_manuscript_are_applied_on_reimport(tmp_path):
    out = tmp_path / "ms"
    run_import(FIRST_TITLE, out)
    line = next(i for i, t in enumerate(FIRST_TITLE.read_text(encoding="utf-8").split("\n"), 1)
                if "and tamps of exile" in t)
    (out / "errata.tsv").write_text(f"line\tbefore\tafter\tnote\n{line}\ttamps\tcamps\tc/t\n",
                                    encoding="utf-8")
    book, report = run_import(FIRST_TITLE, out, force=True)
    intro = (out / "introduction.md").read_text(encoding="utf-8")
    assert "and camps of exile" in intro and "tamps" not in intro
    assert report.counts["errata"] == 1


def test_bad_source_date_epoch_is_an_error_not_today(monkeypatch):
    # as in `publish xml`: a typo must not silently date the edition today
    from publish.importer import import_text

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2026-11-25")
    with pytest.raises(PublishError, match="SOURCE_DATE_EPOCH"):
        import_text("Some words of a book.\n", "raw.txt")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    book, _ = import_text("Some words of a book.\n", "raw.txt")
    assert book.metadata.date == "1970-01-01"


def test_refuses_to_overwrite_chapters_without_a_book_toml(tmp_path):
    out = tmp_path / "ms"
    out.mkdir()
    (out / "01-notes.md").write_text("# My own chapter\n", encoding="utf-8")
    r = _run(CORPUS[0], "-o", out)
    assert r.exit_code == 1 and "01-notes.md" in r.output and "--force" in r.output
    assert (out / "01-notes.md").read_text(encoding="utf-8") == "# My own chapter\n"
