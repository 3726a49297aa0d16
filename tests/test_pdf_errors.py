"""Bad input for the PDF writer: a clear PublishError, and nothing in dist/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publish.errors import PublishError
from publish.pdf import write_pdf
from publish.pdf.preflight import preflight
from publish.safexml import parse_xml_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "pdf" / "book.xml"
NS = {"h": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def styles(tmp_path):
    """A writable copy of styles/."""
    dest = tmp_path / "styles"
    shutil.copytree(ROOT / "styles", dest)
    return dest


def _fails(tmp_path, root=None, styles=None) -> PublishError:
    dist = tmp_path / "dist"
    with pytest.raises(PublishError) as info:
        write_pdf(root if root is not None else parse_xml_file(FIXTURE), dist / "book.pdf",
                  jobs=1, styles_dir=styles)
    assert not dist.exists() or list(dist.iterdir()) == []  # no partial PDF
    return info.value


def test_unknown_trim_size_names_book_toml(tmp_path):
    root = parse_xml_file(FIXTURE)
    root.find("h:head/h:meta[@name='trim-size']", NS).set("content", "A4-ish")
    error = _fails(tmp_path, root)
    assert error.file == "book.toml"
    assert "A4-ish" in error.message and "demy" in error.hint


def test_missing_font_file(tmp_path, styles):
    (styles / "fonts" / "EBGaramond12-Italic.otf").unlink()
    error = _fails(tmp_path, styles=styles)
    assert error.file.endswith("print.css")
    assert "EBGaramond12-Italic.otf" in error.message
    text = (styles / "print.css").read_text().splitlines()
    assert "EBGaramond12-Italic.otf" in text[error.line - 1]


def test_css_that_does_not_parse(tmp_path, styles):
    css = styles / "print.css"
    css.write_text(css.read_text() + "\np { color: black; }\n} stray {\n")
    error = _fails(tmp_path, styles=styles)
    assert error.file.endswith("print.css") and error.line is not None
    assert "parse" in error.message.lower() or "CSS" in error.message


def test_css_with_an_invalid_declaration(tmp_path, styles):
    css = styles / "print.css"
    lines = css.read_text().splitlines()
    lines.append("p { hyphens: sometimes; }")
    css.write_text("\n".join(lines) + "\n")
    error = _fails(tmp_path, styles=styles)
    assert error.line == len(lines)
    assert "hyphens" in error.message


def test_missing_stylesheet(tmp_path):
    error = _fails(tmp_path, styles=tmp_path / "nowhere")
    assert error.file.endswith("print.css")


def test_a_failure_after_rendering_leaves_no_partial_file(tmp_path, monkeypatch):
    from publish.pdf import merge

    def broken(*args, **kwargs):
        target = args[-1]
        Path(target).write_bytes(b"%PDF-1.7 half")
        raise PublishError("disk full")

    monkeypatch.setattr("publish.pdf.writer.assemble", broken)
    assert merge.assemble is not broken
    error = _fails(tmp_path)
    assert error.message == "disk full"


def test_progress_reports_each_part(tmp_path):
    messages = []
    write_pdf(parse_xml_file(FIXTURE), tmp_path / "b.pdf", jobs=1, progress=messages.append)
    parts = [m for m in messages if "/7 " in m]
    assert len(parts) == 7  # 6 parts and the prelims
    assert any("chapter 1: Stalin Turns" in m for m in parts)


def test_preflight_flags_a_foreign_pdf(tmp_path):
    import weasyprint

    path = tmp_path / "rgb.pdf"
    weasyprint.HTML(string="<p style='color: red'>red text</p><a href='https://x.org'>x</a>"
                    ).write_pdf(path)
    codes = {f["code"] for f in preflight(path, "demy")}
    assert {"page-size", "rgb-text", "annotation"} <= codes
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    assert preflight(tmp_path / "bad.pdf")[0]["code"] == "pdf-unreadable"


def test_a_weasyprint_failure_names_the_part(tmp_path, monkeypatch):
    from publish.pdf import render

    real = render._render

    def flaky(job):
        if job.key == "ch-02":
            raise RuntimeError("layout exploded")
        return real(job)

    monkeypatch.setattr(render, "_render", flaky)
    error = _fails(tmp_path)
    assert error.file == "02.md"
    assert "chapter 2" in error.message and "layout exploded" in error.message


def test_a_table_too_wide_for_the_page_is_reported():
    """WeasyPrint lets the last columns of a table too wide for the measure
    fall off the page without a word; the writer says so."""
    from publish.pdf.render import RenderJob, render

    def table(columns):
        cells = "".join(f"<td>value {i} of a longer cell</td>" for i in range(columns))
        return (f'<section class="part chapter bodymatter"><h1>Wide</h1><table><tr>{cells}'
                "</tr></table><p>After the table.</p></section>")

    def warnings(columns):
        job = RenderJob("wide", "chapter 9: Wide", table(columns), str(ROOT / "styles"),
                        "demy", "print")
        return render(job).warnings

    (warning,) = warnings(12)
    assert warning.startswith("its page 1: text runs") and "split the table" in warning
    assert warnings(3) == []
