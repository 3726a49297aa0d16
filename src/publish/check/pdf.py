"""Print preflight behind `publish check --pdf`: the PDF writer's own
preflight (`publish.pdf.preflight`), its findings printed like the lint's."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .findings import ERROR, Finding


def _trim_of(manuscript: Path | None) -> str | None:
    """The manuscript's [print] trim_size, if it names a known one."""
    from ..pdf.geometry import TRIM_SIZES

    if manuscript is None:
        return None
    try:
        data = tomllib.loads((manuscript / "book.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None  # the lint reports book.toml's own problems
    print_table = data.get("print", {})
    if not isinstance(print_table, dict):
        return None
    name = print_table.get("trim_size", "demy")
    return name if isinstance(name, str) and name in TRIM_SIZES else None


def profile_of(pdf: Path) -> str:
    """`publish pdf` names the screen edition `...-screen.pdf`."""
    return "screen" if pdf.stem.endswith("-screen") else "print"


def check_pdf(pdf: Path, manuscript: Path | None = None, profile: str | None = None) -> list[Finding]:
    if not pdf.is_file():
        return [Finding(str(pdf), None, None, ERROR, "pdf-missing", "no such PDF file", "",
                        "build it with `publish pdf`, or give the right path")]
    return preflight_findings(pdf, _trim_of(manuscript), profile or profile_of(pdf))


def preflight_findings(pdf: Path, trim: str | None, profile: str) -> list[Finding]:
    """The preflight's findings; a page number stands in the line's place."""
    from ..pdf.preflight import preflight

    out = []
    for item in preflight(pdf, trim, profile):
        code, page = item["code"], item["page"]
        out.append(Finding(str(pdf), page, None, item["severity"],
                           code if code.startswith("pdf-") else f"pdf-{code}",
                           (f"page {page}: " if page else "") + item["message"], "",
                           item["hint"]))
    return out
