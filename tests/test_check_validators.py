"""`publish check --epub/--pdf`: EPUBCheck, DAISY Ace and the print preflight,
with findings in the lint's format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from publish.check import run_check
from publish.check.pdf import check_pdf, preflight_findings
from publish.check.validators import ace_command, ace_report_findings, check_epub

DEMY = "demy"


def weasy_pdf(path: Path, body: str, page: str = "138mm 216mm") -> Path:
    from weasyprint import HTML

    HTML(string=f"<style>@page {{ size: {page}; }}</style>{body}").write_pdf(path)
    return path


def hand_pdf(path: Path, content: bytes, font: bool = True, size_mm=(138.0, 216.0),
             colour_spaces: dict | None = None) -> Path:
    pdf = pikepdf.new()
    w, h = (x * 72 / 25.4 for x in size_mm)
    resources = pikepdf.Dictionary()
    if font:
        resources.Font = pikepdf.Dictionary(F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    if colour_spaces:
        resources.ColorSpace = pikepdf.Dictionary(
            {name: make(pdf) for name, make in colour_spaces.items()})
    page = pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, w, h],
                                           TrimBox=[0, 0, w, h], Resources=resources,
                                           Contents=pdf.make_stream(content)))
    pdf.pages.append(page)
    pdf.save(path)
    return path


def codes(findings):
    return [f.code for f in findings]


# --- PDF -----------------------------------------------------------------------

def test_rgb_text_and_links_fail_the_print_profile(tmp_path):
    pdf = weasy_pdf(tmp_path / "book.pdf", '<p style="color: red">Red <a href="https://x.org">link</a></p>')
    found = codes(preflight_findings(pdf, DEMY, "print"))
    assert "pdf-rgb-text" in found and "pdf-annotation" in found
    assert "pdf-page-size" not in found and "pdf-font-not-embedded" not in found


def test_screen_profile_allows_rgb_and_links(tmp_path):
    pdf = weasy_pdf(tmp_path / "book-screen.pdf", '<p style="color: red"><a href="https://x.org">l</a></p>')
    assert check_pdf(pdf) == [] or "pdf-rgb-text" not in codes(check_pdf(pdf))


def test_gray_text_passes(tmp_path):
    pdf = hand_pdf(tmp_path / "gray.pdf", b"BT /F1 12 Tf 0 g 72 72 Td (Hi) Tj ET")
    found = codes(preflight_findings(pdf, DEMY, "print"))
    assert "pdf-rgb-text" not in found


def test_rgb_via_colour_space_is_caught(tmp_path):
    pdf = hand_pdf(tmp_path / "rgb.pdf", b"BT /F1 12 Tf /DeviceRGB cs 0 0 0 sc 72 72 Td (Hi) Tj ET")
    assert "pdf-rgb-text" in codes(preflight_findings(pdf, DEMY, "print"))


def test_rgb_via_an_icc_profile_is_caught(tmp_path):
    def icc(components):
        return lambda pdf: pikepdf.Array([pikepdf.Name.ICCBased,
                                          pdf.make_stream(b"icc", N=components)])

    spaces = {"/CS0": icc(3), "/CS1": icc(4)}
    rgb = hand_pdf(tmp_path / "icc-rgb.pdf", b"BT /F1 12 Tf /CS0 cs 0 0 0 sc 72 72 Td (Hi) Tj ET",
                   colour_spaces=spaces)
    assert "pdf-rgb-text" in codes(preflight_findings(rgb, DEMY, "print"))
    cmyk = hand_pdf(tmp_path / "icc-cmyk.pdf",
                    b"BT /F1 12 Tf /CS1 cs 0 0 0 1 sc 72 72 Td (Hi) Tj ET", colour_spaces=spaces)
    assert "pdf-rgb-text" not in codes(preflight_findings(cmyk, DEMY, "print"))


def test_unembedded_font(tmp_path):
    pdf = hand_pdf(tmp_path / "font.pdf", b"BT /F1 12 Tf 0 g 72 72 Td (Hi) Tj ET")
    (hit,) = [f for f in preflight_findings(pdf, DEMY, "print")
              if f.code == "pdf-font-not-embedded"]
    assert "Helvetica" in hit.message and hit.severity == "error" and hit.line == 1


def test_page_size_against_the_trim(tmp_path):
    pdf = hand_pdf(tmp_path / "a4.pdf", b"0 g 10 10 50 50 re f", font=False, size_mm=(210, 297))
    (hit,) = [f for f in preflight_findings(pdf, DEMY, "print") if f.code == "pdf-page-size"]
    assert "210.0 x 297.0 mm" in hit.message and hit.line == 1
    ok = hand_pdf(tmp_path / "demy.pdf", b"0 g 10 10 50 50 re f", font=False)
    assert preflight_findings(ok, DEMY, "print") == []


def test_trim_comes_from_the_manuscript(tmp_path):
    ms = tmp_path / "manuscript"
    shutil.copytree(Path(__file__).parent / "fixtures" / "check" / "clean", ms)
    pdf = hand_pdf(tmp_path / "b.pdf", b"0 g 10 10 50 50 re f", font=False, size_mm=(152.4, 228.6))
    assert "pdf-page-size" in codes(check_pdf(pdf, manuscript=ms))
    (ms / "book.toml").write_text((ms / "book.toml").read_text().replace('"demy"', '"6x9in"'))
    assert "pdf-page-size" not in codes(check_pdf(pdf, manuscript=ms))
    # a [print] that is not a table is the lint's to report; no size check, no traceback
    toml = (ms / "book.toml").read_text()
    (ms / "book.toml").write_text('print = "6x9in"\n' + toml.replace("[print]", "[print-old]"))
    assert "pdf-page-size" not in codes(check_pdf(pdf, manuscript=ms))


def test_unparseable_pdf(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\nthis is not a pdf")
    found = check_pdf(bad)
    assert found and codes(found) == ["pdf-unreadable"]
    assert run_check(None, pdf=bad) == (1 if any(f.severity == "error" for f in found) else 0)


def test_pdf_findings_print_like_lint(tmp_path, capsys):
    pdf = hand_pdf(tmp_path / "font.pdf", b"BT /F1 12 Tf 0 g 72 72 Td (Hi) Tj ET")
    assert run_check(None, pdf=pdf, fmt="json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["file"] == str(pdf) and data[0]["code"] == "pdf-font-not-embedded"


# --- EPUB ------------------------------------------------------------------------

def make_epub(path: Path, body: str) -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("urn:uuid:12345678-1234-1234-1234-123456789abc")
    book.set_title("T")
    book.set_language("en")
    ch = epub.EpubHtml(title="C", file_name="c.xhtml", lang="en")
    ch.content = f"<html><body><h1>C</h1>{body}</body></html>"
    book.add_item(ch)
    book.toc = [ch]
    book.spine = ["nav", ch]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    epub.write_epub(str(path), book)
    return path


@pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs java")
def test_epubcheck_findings(tmp_path, monkeypatch):
    monkeypatch.setattr("publish.check.validators.ace_command", lambda: None)
    epub_path = make_epub(tmp_path / "b.epub", '<p>Hi <img src="missing.png" alt="x"/></p>')
    found = check_epub(epub_path)
    hits = [f for f in found if f.code == "epubcheck-RSC-007"]
    assert hits and hits[0].severity == "error"
    assert hits[0].file == f"{epub_path}!/EPUB/c.xhtml" and hits[0].line


def test_missing_epub(tmp_path):
    assert codes(check_epub(tmp_path / "none.epub")) == ["epub-missing"]


def test_a_file_that_is_not_an_epub(tmp_path, monkeypatch):
    monkeypatch.setattr("publish.check.validators.ace_command", lambda: pytest.fail("ran Ace"))
    other = tmp_path / "book.pdf"
    other.write_bytes(b"%PDF-1.7 not an EPUB")
    found = check_epub(other)
    assert codes(found) == ["epubcheck-unavailable"]
    assert found[0].message.startswith("not an EPUB") and ".epub" in found[0].suggestion


@pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs java")
def test_a_zip_that_is_not_an_epub(tmp_path, monkeypatch):
    import zipfile

    monkeypatch.setattr("publish.check.validators.ace_command", lambda: None)
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile("plain.epub", "w") as zf:
        zf.writestr("notes.txt", "not a book")
    found = check_epub(Path("plain.epub"))
    assert {"epubcheck-PKG-006", "epubcheck-RSC-002"} <= set(codes(found))
    # the package itself, not "plain.epub!/./plain.epub"
    assert {f.file for f in found} == {"plain.epub"}


ACE_REPORT = {"assertions": [
    {"earl:testSubject": {"url": "c.xhtml"}, "assertions": [
        {"earl:result": {"earl:outcome": "fail", "dct:description": "Element does not have an alt attribute\nmore",
                         "html": "<img src=\"x.png\"/>"},
         "earl:test": {"earl:impact": "critical", "dct:title": "image-alt",
                       "help": {"url": "http://kb.daisy.org/images", "dct:description": "Images must have alternative text"}}},
        {"earl:result": {"earl:outcome": "pass"},
         "earl:test": {"earl:impact": "minor", "dct:title": "ok-rule"}}]},
    {"earl:testSubject": {"url": "EPUB/content.opf"}, "assertions": [
        {"earl:result": {"earl:outcome": "fail", "dct:description": "Publications should declare a summary"},
         "earl:test": {"earl:impact": "moderate", "dct:title": "metadata-accessibilitysummary"}}]}]}


def test_ace_report_to_findings():
    found = ace_report_findings(Path("b.epub"), ACE_REPORT)
    assert [(f.code, f.severity) for f in found] == [("ace-image-alt", "error"),
                                                    ("ace-metadata-accessibilitysummary", "warning")]
    assert found[0].file == "b.epub!/c.xhtml" and found[0].text == '<img src="x.png"/>'
    assert found[0].message.startswith("Element does not have an alt attribute (critical)")
    assert "alternative text" in found[0].suggestion


@pytest.mark.skipif(ace_command() is None, reason="DAISY Ace is not installed")
def test_ace_runs_when_installed(tmp_path):
    from publish.check.validators import run_ace_findings

    epub_path = make_epub(tmp_path / "b.epub", '<p>Hi <img src="x.png"/></p>')
    found = run_ace_findings(epub_path)
    assert "ace-image-alt" in codes(found), [f.format_text() for f in found]
