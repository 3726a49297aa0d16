"""The errata pass: corrections applied to source lines, each reported."""

import pytest

from publish.errors import PublishError
from publish.importer.document import Document, Line
from publish.importer.rules_core.errata import Erratum, errata, load_errata


def _doc(*texts):
    doc = Document("raw.txt")
    doc.lines = [Line(i, t) for i, t in enumerate(texts, 1)]
    return doc


def test_applies_and_reports():
    doc = _doc("and tamps of exile.", "died live years earlier")
    doc.evidence["errata"] = [Erratum(1, "tamps", "camps"), Erratum(2, "live", "five", "f/l")]
    errata(doc)
    assert [ln.text for ln in doc.lines] == ["and camps of exile.", "died five years earlier"]
    assert [d.what for d in doc.report.decisions] == ["‘tamps’ → ‘camps’", "‘live’ → ‘five’"]
    assert doc.report.counts["errata"] == 2


def test_ambiguous_or_missing_span_is_an_error():
    doc = _doc("he he said")
    doc.evidence["errata"] = [Erratum(1, "he", "be", row=3)]
    with pytest.raises(PublishError, match="occurs 2 times") as info:
        errata(doc)
    assert info.value.line == 3
    doc = _doc("nothing here")
    doc.evidence["errata"] = [Erratum(1, "tamps", "camps", row=2)]
    with pytest.raises(PublishError, match="is not on source line 1"):
        errata(doc)


def test_load_errata(tmp_path):
    p = tmp_path / "errata.tsv"
    p.write_text("line\tbefore\tafter\tnote\n12\ttamps\tcamps\tc/t\n\n# comment\n")
    assert load_errata(p) == [Erratum(12, "tamps", "camps", "c/t", 2)]
    p.write_text("line\tbefore\tafter\tnote\nx\ttamps\tcamps\n")
    with pytest.raises(PublishError) as info:
        load_errata(p)
    assert info.value.line == 2


def test_errata_saved_with_a_bom(tmp_path):
    # spreadsheets save "UTF-8" TSV with a byte order mark before the header
    path = tmp_path / "errata.tsv"
    path.write_bytes("\ufeffline\tbefore\tafter\tnote\n4\ttamps\tcamps\t\n".encode())
    assert load_errata(path) == [Erratum(4, "tamps", "camps", "", 2)]
