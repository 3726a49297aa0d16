"""The `publish` command. Each subcommand imports its module lazily so that
`publish check` does not pay for WeasyPrint, and so on."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import PublishError

DEFAULT_MANUSCRIPT = "manuscript"
DEFAULT_DIST = "dist"


def _fail(exc: PublishError) -> None:
    click.echo(f"error: {exc}" if not exc.location() else str(exc), err=True)
    sys.exit(1)


def _progress(message: str) -> None:
    click.echo(message, err=True)


class _Group(click.Group):
    """Turns PublishError into `file:line: problem` and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PublishError as exc:
            _fail(exc)


@click.group(cls=_Group)
@click.version_option(package_name="publish")
def main() -> None:
    """Turn a book into a reprint edition: EPUB 3 and print-ready PDF."""


manuscript_arg = click.argument(
    "manuscript", default=DEFAULT_MANUSCRIPT,
    type=click.Path(file_okay=False, path_type=Path))


def _load_xml(manuscript: Path):
    from .build import build_xml

    return build_xml(manuscript, progress=_progress)


@main.command("import")
@click.argument("raw", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path(DEFAULT_MANUSCRIPT), show_default=True,
              help="Manuscript folder to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing manuscript.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the HTML import report [default: OUTPUT/import-report.html].")
def import_cmd(raw: Path, out_dir: Path, force: bool, report: Path | None) -> None:
    """Rebuild a manuscript from a raw text extraction RAW."""
    from .importer import run_import

    run_import(raw, out_dir, force=force, report_path=report, progress=_progress)


@main.command("xml")
@manuscript_arg
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def xml_cmd(manuscript: Path, output: Path | None) -> None:
    """Write the validated XML intermediate of MANUSCRIPT."""
    from .build import output_path, write_xml

    root = _load_xml(manuscript)
    out = output or output_path(root, DEFAULT_DIST, ".xml")
    write_xml(root, out)
    _progress(f"wrote {out}")


@main.command("epub")
@manuscript_arg
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def epub_cmd(manuscript: Path, output: Path | None) -> None:
    """Build the EPUB 3 edition of MANUSCRIPT into dist/."""
    from .build import output_path
    from .epub import write_epub

    root = _load_xml(manuscript)
    out = output or output_path(root, DEFAULT_DIST, ".epub")
    write_epub(root, out, progress=_progress)
    _progress(f"wrote {out}")


@main.command("pdf")
@manuscript_arg
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--profile", type=click.Choice(["print", "screen"]), default="print",
              show_default=True, help="print: no links, K-only black; screen: links, PDF/UA-1.")
@click.option("--proof", is_flag=True, help="Add bleed and crop marks.")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes [default: cores].")
def pdf_cmd(manuscript: Path, output: Path | None, profile: str, proof: bool,
            jobs: int | None) -> None:
    """Build the print-ready PDF edition of MANUSCRIPT into dist/."""
    from .build import output_path
    from .pdf import write_pdf

    root = _load_xml(manuscript)
    suffix = ".pdf" if profile == "print" else "-screen.pdf"
    out = output or output_path(root, DEFAULT_DIST, suffix)
    write_pdf(root, out, profile=profile, proof=proof, jobs=jobs, progress=_progress)
    _progress(f"wrote {out}")


@main.command("build")
@manuscript_arg
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes for the PDF.")
def build_cmd(manuscript: Path, jobs: int | None) -> None:
    """Build both editions (EPUB and print PDF) of MANUSCRIPT into dist/."""
    from .build import output_path
    from .epub import write_epub
    from .pdf import write_pdf

    root = _load_xml(manuscript)
    epub = output_path(root, DEFAULT_DIST, ".epub")
    write_epub(root, epub, progress=_progress)
    _progress(f"wrote {epub}")
    pdf = output_path(root, DEFAULT_DIST, ".pdf")
    write_pdf(root, pdf, profile="print", proof=False, jobs=jobs, progress=_progress)
    _progress(f"wrote {pdf}")


@main.command("check")
@click.argument("manuscript", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--epub", "epub_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also run EPUBCheck (and DAISY Ace if installed) on this EPUB.")
@click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also run the print preflight on this PDF.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def check_cmd(manuscript: Path | None, epub_file: Path | None, pdf_file: Path | None,
              fmt: str) -> None:
    """Lint MANUSCRIPT: notes, structure, tables, text, misreadings, metadata."""
    from .check import run_check

    if manuscript is None and not (epub_file or pdf_file):
        manuscript = Path(DEFAULT_MANUSCRIPT)
    status = run_check(manuscript, epub=epub_file, pdf=pdf_file, fmt=fmt)
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    main()
