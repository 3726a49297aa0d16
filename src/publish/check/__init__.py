"""`publish check`: editorial lint, misreading finder and validators.

    run_check(manuscript, epub=None, pdf=None, fmt="text") -> exit status

Findings print as `file:line:col: severity code: message` (and a suggestion
line), or with `fmt="json"` as a list of {file, line, col, severity, code,
message, text, suggestion}; `text` is the flagged span exactly as it stands in
the file. The status is 1 if any error remains after the editor's decisions in
`MANUSCRIPT/check.toml` (see `config.py`), else 0.

The text checks read the Markdown source itself (`source.py` masks markup so
columns stay exact); book.toml is read leniently, so one bad key does not hide
the rest; the manuscript reader is run last and its refusals become findings.

Codes, by module:
  notes.py       note-unresolved (once per part, with a count), note-unreferenced,
                 note-duplicate, note-before-punctuation / note-after-punctuation
  structure.py   heading-skip, heading-no-title, heading-second-title, heading-empty,
                 chapter-empty, contents-unlisted, contents-missing-file,
                 contents-duplicate
  tables.py      table-ragged, table-non-numeric, table-caption-missing,
                 table-no-delimiter, table-caption-orphan
  text.py        text-unbalanced, text-quote-direction, text-doubled-word,
                 text-stray-char, text-space-before, text-lost-hyphen,
                 text-kept-hyphen, text-missing-stop, text-stray-capital
  misreadings.py misreading (OCR confusions, in and out of the dictionary)
  names.py       name-variant (two spellings of one name)
  metadata.py    meta-isbn-missing, meta-isbn-invalid, meta-description-missing,
                 meta-language-missing, meta-language-invalid, meta-rights-missing,
                 meta-title-missing, meta-identifier-missing
  book.py        toml-syntax, toml-contents, source-read; `manuscript` (reader)
  config.py      check-config, check-ignore-unused
  validators.py  epubcheck-<ID>, epubcheck-unavailable, ace-<rule>, epub-missing, ace-failed
  pdf.py         pdf-missing, and the PDF writer's preflight codes with a pdf- prefix:
                 pdf-unreadable, pdf-font-not-embedded, pdf-page-size, pdf-no-trimbox,
                 pdf-annotation, pdf-rgb-text, pdf-rich-black-text, ...
"""

from __future__ import annotations

from pathlib import Path

from .findings import ERROR, Finding, format_findings, summary

__all__ = ["Finding", "lint_manuscript", "run_check"]


def lint_manuscript(manuscript: Path, note_call: str = "after") -> list[Finding]:
    """Every lint finding for the manuscript folder, before ignores."""
    from .book import load_book
    from .lint import lint_parts
    from .metadata import check_metadata
    from .notes import check_notes
    from .structure import check_structure
    from .tables import check_tables

    cb = load_book(Path(manuscript))
    findings = list(cb.findings)
    findings += check_structure(cb)
    findings += check_metadata(cb)
    findings += check_notes(cb, note_call)
    findings += check_tables(cb)
    findings += lint_parts(cb.parts)
    if not any(f.severity == ERROR and f.file == "book.toml" for f in findings):
        # the reader stops at the first problem in book.toml, which the
        # checks above have reported already, with a line number
        findings += _reader_findings(Path(manuscript))
    return findings


def _reader_findings(manuscript: Path) -> list[Finding]:
    """What the manuscript reader itself refuses (unknown keys, bad syntax):
    the same errors `publish epub` would stop on, reported with the rest."""
    from ..errors import PublishError, PublishErrors

    try:
        from ..manuscript import read_manuscript
    except ImportError:
        return []
    try:
        read_manuscript(manuscript)
    except PublishErrors as many:
        return [_from_error(e, manuscript) for e in many.errors]
    except PublishError as exc:
        return [_from_error(exc, manuscript)]
    return []


def _from_error(exc, manuscript: Path) -> Finding:
    fname = exc.file or ""
    try:
        fname = Path(fname).resolve().relative_to(manuscript.resolve()).as_posix()
    except (ValueError, OSError):
        pass
    return Finding(fname, exc.line, None, ERROR, "manuscript", exc.message, "", exc.hint or "")


def run_check(manuscript: Path | None, epub: Path | None = None, pdf: Path | None = None,
              fmt: str = "text") -> int:
    import click

    from .config import apply_ignores, load_config

    cfg = load_config(Path(manuscript) if manuscript else None)
    findings: list[Finding] = list(cfg.problems)
    if manuscript is not None:
        findings += lint_manuscript(Path(manuscript), cfg.note_call)
    if epub is not None:
        from .validators import check_epub

        findings += check_epub(Path(epub))
    if pdf is not None:
        from .pdf import check_pdf

        findings += check_pdf(Path(pdf), manuscript=Path(manuscript) if manuscript else None)
    findings = apply_ignores(findings, cfg)
    findings.sort(key=Finding.sort_key)
    text = format_findings(findings, fmt)
    if text:
        click.echo(text)
    if fmt == "text":
        click.echo(summary(findings), err=True)
    return 1 if any(f.severity == ERROR for f in findings) else 0
