"""W3C EPUBCheck on the sample book: 0 errors, 0 warnings (both note layouts)."""

from __future__ import annotations

import copy
import shutil
import zipfile
from pathlib import Path

import pytest

from publish.epub.epubcheck import run_epubcheck

from test_epub import _set_meta, _source_root

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs Java"),
]


@pytest.fixture(scope="module")
def source_root():
    return _source_root("sample")


@pytest.mark.parametrize("which,endnotes", [("sample", "chapter"), ("sample", "book"),
                                            ("minimal", "chapter")])
def test_epubcheck_reports_nothing(tmp_path, which, endnotes):
    from publish.epub import write_epub

    root = _set_meta(_source_root(which), "endnotes", endnotes)
    out = write_epub(root, tmp_path / "sample.epub")
    messages = run_epubcheck(out)
    assert [str(m) for m in messages] == []


def test_epubcheck_helper_reports_real_problems(tmp_path, source_root):
    """The helper must not be a rubber stamp: break a book and see it fail."""
    from publish.epub import write_epub

    good = write_epub(copy.deepcopy(source_root), tmp_path / "good.epub")
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("nav.xhtml"):
                data = data.replace(b'href="titlepage.xhtml"', b'href="missing.xhtml"', 1)
            dst.writestr(info, data)
    messages = run_epubcheck(bad)
    assert any(m.severity == "ERROR" and "missing.xhtml" in m.message for m in messages), \
        [str(m) for m in messages]


DEFAULT_BOOK = Path(__file__).resolve().parent.parent / "manuscript"


@pytest.mark.skipif(not (DEFAULT_BOOK / "book.toml").is_file(), reason="no default book yet")
def test_epubcheck_on_the_default_book(tmp_path):
    from publish.build import build_xml
    from publish.epub import write_epub

    out = write_epub(build_xml(DEFAULT_BOOK), tmp_path / "default.epub")
    assert [str(m) for m in run_epubcheck(out)] == []
