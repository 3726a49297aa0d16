"""The first title (issue 6): build manuscript/ and check both editions.

Expected figures come from the raw source where they can (kept note markers,
words) and from the edition's own reconstruction where they cannot (tables)."""

import re
import zipfile
from collections import Counter

import pytest

from publish.build import build_xml
from publish.importer import import_text
from publish.importer.rules_core.errata import load_errata
from publish.manuscript import read_manuscript
from publish.safexml import parse_xml

from conftest import ROOT
from test_import_words import _split_book, _split_source

MANUSCRIPT = ROOT / "manuscript"
SOURCE = MANUSCRIPT / "source" / "cliff-trotsky-1927-1940.txt"
NS = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}

# (rows including the header row, columns) of the 13 tables, in book order
TABLE_SHAPES = [(7, 2), (5, 4), (6, 4), (5, 4), (3, 5), (3, 5), (11, 2), (10, 2), (6, 4),
                (4, 3), (8, 4), (10, 2), (6, 2)]


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    from publish.epub import write_epub
    from publish.pdf import write_pdf

    out = tmp_path_factory.mktemp("dist")
    root = build_xml(MANUSCRIPT)
    write_epub(root, out / "book.epub")
    write_pdf(root, out / "book.pdf", profile="print")
    return out / "book.epub", out / "book.pdf"


def _documents(epub):
    with zipfile.ZipFile(epub) as z:
        opf = parse_xml(z.read("EPUB/content.opf"))
        opf_ns = {"o": "http://www.idpf.org/2007/opf"}
        hrefs = {i.get("id"): i.get("href") for i in opf.iterfind(".//o:manifest/o:item", opf_ns)}
        return [(hrefs[r.get("idref")], parse_xml(z.read("EPUB/" + hrefs[r.get("idref")])))
                for r in opf.iterfind(".//o:spine/o:itemref", opf_ns)]


def test_parts_and_sections(editions):
    docs = _documents(editions[0])
    types = [s.get("{%s}type" % NS["epub"]) for _, d in docs
             for s in d.xpath("/h:html/h:body/h:section", namespaces=NS)]
    assert types.count("chapter") == 15
    assert "introduction" in types and "acknowledgments" in types
    sections = [h for _, d in docs for h in d.xpath(
        "//h:h2[not(ancestor::h:section[contains(@epub:type, 'endnotes')])]", namespaces=NS)]
    # every section heading of the body, including "Living hell", which the Contents omits
    assert len(sections) == 87
    assert "Living hell" in [h.xpath("string()") for h in sections]


def test_thirteen_tables(editions):
    shapes = []
    for _, d in _documents(editions[0]):
        for t in d.xpath("//h:table", namespaces=NS):
            rows = t.xpath("h:thead/h:tr|h:tbody/h:tr", namespaces=NS)
            widths = {len(r.xpath("h:th|h:td", namespaces=NS)) for r in rows}
            assert len(widths) == 1, "ragged table"
            assert t.xpath("h:caption", namespaces=NS), "every table has a caption"
            shapes.append((len(rows), widths.pop()))
    assert shapes == TABLE_SHAPES


def test_linked_notes_and_kept_markers(editions):
    docs = dict(_documents(editions[0]))
    linked, unresolved = 0, 0
    for name, d in docs.items():
        for a in d.xpath("//h:a[@epub:type='noteref']", namespaces=NS):
            linked += 1
            file, _, frag = a.get("href").partition("#")
            target = docs[file or name].xpath("//*[@id=$i]", i=frag)
            assert target, a.get("href")
            back = target[0].xpath(".//h:a[@role='doc-backlink']/@href", namespaces=NS)
            assert back and back[0].endswith("#" + a.get("id"))
        unresolved += len(d.xpath("//h:sup[contains(@class, 'unresolved')]", namespaces=NS))
    assert linked == 27  # 7 Introduction notes and 20 author's footnotes

    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines)
              if line.strip() == "1. Stalin Turns to Forced Collectivisation"]
    body = lines[starts[1]:]  # the first is the Contents entry
    # a marker may be glued to its word ("000s[41]"); "[1937]" is an editorial insertion
    markers = sum(len(re.findall(r"\[\d{1,3}\]", line)) for line in body)
    assert unresolved == markers > 900


def test_no_word_lost(tmp_path):
    """The source's words, in order, are the manuscript's, but for the recorded
    errata (applied to the source first), note markers, hyphen repairs and
    case. Table cells are compared as letters and digits, and may only gain
    (captions and column heads supplied by the editor)."""
    errata = load_errata(MANUSCRIPT / "errata.tsv")
    _, report = import_text(SOURCE.read_text(encoding="utf-8"), str(SOURCE), errata=errata)
    src_words, src_notes, src_chars = _split_source(report.document)
    book = read_manuscript(MANUSCRIPT)
    book.chapters = [c for c in book.chapters if c.role != "editor-note"]
    ms_words, ms_notes, ms_chars = _split_book(book)
    assert "".join(src_words) == "".join(ms_words)
    assert "".join(src_notes) == "".join(ms_notes)
    assert src_chars - ms_chars == Counter()


def test_print_pdf_passes_preflight(editions):
    from publish.pdf.preflight import preflight

    problems = [f for f in preflight(editions[1], "demy", "print") if f["severity"] == "error"]
    assert problems == []


def test_epubcheck_clean(editions):
    from publish.epub.epubcheck import run_epubcheck

    assert run_epubcheck(editions[0]) == []


def test_manuscript_is_the_source_plus_recorded_edits(tmp_path):
    """Re-importing the source with the errata, then running the editor's
    script, gives the committed manuscript file for file: every change from
    the source is on record."""
    import filecmp
    import shutil
    import subprocess
    import sys

    from publish.importer import run_import

    out = tmp_path / "m"
    out.mkdir()
    shutil.copy(MANUSCRIPT / "errata.tsv", out / "errata.tsv")
    run_import(SOURCE, out)
    subprocess.run([sys.executable, str(MANUSCRIPT / "source" / "editorial.py")], cwd=out,
                   check=True, capture_output=True)
    names = sorted(p.name for p in MANUSCRIPT.iterdir() if p.suffix in (".md", ".toml"))
    assert names == sorted(p.name for p in out.iterdir() if p.suffix in (".md", ".toml"))
    _, mismatch, errors = filecmp.cmpfiles(MANUSCRIPT, out, names, shallow=False)
    assert mismatch == [] and errors == []
