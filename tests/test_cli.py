"""The command line: user errors are `file:line: problem`, exit 1, no traceback,
and nothing is left in dist/."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT


def run(args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "publish.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def _break_toml(d):
    p = d / "book.toml"
    p.write_text(p.read_text().replace('language = "en"', 'language = "en'))
    return "book.toml:5: TOML syntax error"


def _unknown_key(d):
    p = d / "book.toml"
    p.write_text(p.read_text().replace('[print]', '[print]\npaper = "A4"'))
    return "unknown key `paper` in [print]"


def _missing_chapter(d):
    (d / "appendix.md").unlink()
    return "appendix.md is listed in [contents] but does not exist"


def _orphan_note(d):
    p = d / "appendix.md"
    p.write_text(p.read_text() + "\n[^7]: Orphan.\n")
    return "appendix.md:10: note [^7] is never referred to"


def _duplicate_note(d):
    p = d / "introduction.md"
    p.write_text(p.read_text() + "[^1]: Twice.\n")
    return "two notes with the label [^1]"


def _ragged_table(d):
    p = d / "appendix.md"
    p.write_text(p.read_text().replace("| 1811-1817 | John Reid       |", "| 1811-1817 |"))
    return "appendix.md:7: table row has 1 cells, the header has 2"


def _not_utf8(d):
    p = d / "introduction.md"
    line = p.read_bytes().count(b"\n") + 2
    p.write_bytes(p.read_bytes() + b"\nCaf\xe9\n")
    return f"introduction.md:{line}: not UTF-8"


def _no_toml(d):
    (d / "book.toml").unlink()
    return "book.toml: file not found"


CASES = [_break_toml, _unknown_key, _missing_chapter, _orphan_note, _duplicate_note,
         _ragged_table, _not_utf8, _no_toml]


@pytest.mark.parametrize("command", ["xml", "epub", "pdf"])
@pytest.mark.parametrize("damage", CASES, ids=lambda f: f.__name__.strip("_"))
def test_bad_manuscript(sample_dir, damage, command):
    if command != "xml":
        pytest.importorskip(f"publish.{command}")
    expected = damage(sample_dir)
    result = run([command, str(sample_dir)], cwd=sample_dir.parent)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    dist = sample_dir.parent / "dist"
    assert not dist.exists() or not any(dist.iterdir())


def test_xml_command_writes_valid_xml(sample_dir):
    result = run(["xml", str(sample_dir)], cwd=sample_dir.parent)
    assert result.returncode == 0, result.stderr
    out = list((sample_dir.parent / "dist").glob("*.xml"))
    assert len(out) == 1 and out[0].name == "example-the-lighthouse-keepers.xml"
    assert b'data-type="book"' in out[0].read_bytes()
    assert "4 note references have no note text" in result.stderr


@pytest.mark.parametrize("command", ["xml", "import"])
def test_output_path_that_cannot_be_written(sample_dir, command):
    # a file where the output folder should be: a clear error, not a traceback
    (sample_dir.parent / "taken").write_text("not a folder\n")
    raw = sample_dir / "raw.txt"
    raw.write_text("Some words of a book, enough to import.\n")
    args = (["xml", str(sample_dir), "-o", "taken/book.xml"] if command == "xml"
            else ["import", str(raw), "-o", "taken/ms"])
    result = run(args, cwd=sample_dir.parent)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "taken/" in result.stderr and "cannot write the file" in result.stderr


def test_atomic_write_over_a_folder_leaves_no_part_file(tmp_path):
    from publish.atomic import atomic_write_bytes
    from publish.errors import PublishError

    (tmp_path / "out.xml").mkdir()
    with pytest.raises(PublishError, match="cannot write the file"):
        atomic_write_bytes(tmp_path / "out.xml", b"<x/>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xml"]


def test_atomic_write_never_replaces_a_device_or_pipe(tmp_path):
    # `-o /dev/null` used to rename a regular file over the device
    from publish.atomic import atomic_write_bytes
    from publish.errors import PublishError

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(PublishError, match="not a regular file"):
        atomic_write_bytes(pipe, b"<x/>")
    assert pipe.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
