"""`publish import`: raw extracted text -> manuscript (book.toml + Markdown).

    book, report = import_text(text, "book.txt")
    run_import("raw.txt", "manuscript/", force=False)

The work is a chain of small passes (see `ruler.py` and `document.py`); each
records its decisions, which make the HTML import report.
"""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError

from .document import Document, Report

__all__ = ["import_text", "import_bytes", "run_import", "Report"]


def import_document(text: str, source_name: str, progress=None, errata=None,
                    errata_file: str | None = None) -> Document:
    from . import ruler
    from .rules_core.normalise import normalise

    doc = Document(source_name)
    doc.report.source_name = source_name
    if errata:
        doc.evidence["errata"] = errata
        doc.evidence["errata_file"] = errata_file or "errata.tsv"
    normalise(doc, text)
    return ruler.run(doc, progress)


def import_text(text: str, source_name: str = "raw.txt", errata=None,
                errata_file: str | None = None, progress=None):
    """Rebuild a `publish.model.Book` from raw text. Returns (book, report).
    `errata`: the editor's corrections (`rules_core.errata.Erratum`), applied
    to the source lines before anything else."""
    from .build import build

    if not text.strip():
        raise PublishError("the file is empty", source_name,
                           hint="give the raw text extraction of the book")
    doc = import_document(text, source_name, progress, errata, errata_file)
    book = build(doc)
    doc.report.document = doc
    return book, doc.report


def import_bytes(data: bytes, source_name: str, errata=None, errata_file: str | None = None,
                 progress=None):
    from .rules_core.normalise import decode

    return import_text(decode(data, source_name), source_name, errata, errata_file, progress)


def run_import(raw_path, out_dir, force: bool = False, report_path=None, progress=None):
    """`publish import RAW -o DIR`: write the manuscript and the HTML report.
    Refuses to overwrite an existing manuscript unless `force`."""
    from publish.writers.markdown import write_manuscript

    from .report import write_report

    raw_path, out_dir = Path(raw_path), Path(out_dir)
    if not raw_path.is_file():
        raise PublishError("no such file", str(raw_path), hint="give the raw text file to import")
    if not force:
        # a folder of chapters without book.toml is someone's work too
        existing = [out_dir / "book.toml"] + (sorted(out_dir.glob("*.md")) if out_dir.is_dir() else [])
        found = next((p for p in existing if p.exists()), None)
        if found is not None:
            raise PublishError("a manuscript already exists here", str(found),
                               hint="use --force to overwrite it, or choose another -o folder")
    try:
        data = raw_path.read_bytes()
    except OSError as exc:
        raise PublishError(f"cannot read the file: {exc.strerror}", str(raw_path)) from None
    errata, errata_file = None, out_dir / "errata.tsv"
    if errata_file.is_file():
        # the editor's corrections of misreadings, kept beside the manuscript:
        # a re-import (--force) reproduces the corrected text
        from .rules_core.errata import load_errata

        errata = load_errata(errata_file)
    book, report = import_bytes(data, str(raw_path), errata, str(errata_file), progress)
    locations = write_manuscript(book, out_dir, force=force)
    report_path = Path(report_path) if report_path else out_dir / "import-report.html"
    write_report(report, book, locations, report_path, out_dir)
    if progress:
        c = report.counts
        progress(f"imported {raw_path.name}: {len(book.chapters)} parts, "
                 f"{c.get('sections', 0)} sections, {c.get('page-break joins', 0)} page-break joins, "
                 f"{c.get('hyphen repairs', 0)} hyphen repairs, {c.get('notes linked', 0)} notes "
                 f"linked, {c.get('notes unresolved', 0)} unresolved; "
                 f"{len(report.flagged)} items flagged")
        for w in report.warnings:
            progress(f"warning: {w}")
        progress(f"wrote {out_dir}/ and {report_path}")
    return book, report
