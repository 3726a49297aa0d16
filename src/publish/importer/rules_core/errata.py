"""Errata: the editor's corrections of misreadings, applied to source lines.

`errata.tsv` (in the manuscript) has a header `line<TAB>before<TAB>after<TAB>note`
and one row per correction: on source line `line`, the span `before` becomes
`after`. Applying them in the import keeps every change from the source
traceable, and a re-import reproduces the corrected text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError

from ..document import Document

HEADER = ["line", "before", "after", "note"]


@dataclass(frozen=True)
class Erratum:
    line: int
    before: str
    after: str
    note: str = ""
    row: int = 0  # line of errata.tsv, for error messages


def load_errata(path: str | Path) -> list[Erratum]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # spreadsheets save a BOM
    except UnicodeDecodeError as exc:
        raise PublishError(f"not UTF-8: {exc.reason}", str(path)) from None
    rows = text.splitlines()
    if not rows or rows[0].split("\t")[:3] != HEADER[:3]:
        raise PublishError("the first line must be the header line<TAB>before<TAB>after<TAB>note",
                           str(path), 1)
    out: list[Erratum] = []
    for no, raw in enumerate(rows[1:], 2):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) < 3 or not cells[0].strip().isdigit() or not cells[1]:
            raise PublishError("expected: source line number, before, after (tab-separated)",
                               str(path), no)
        out.append(Erratum(int(cells[0]), cells[1], cells[2],
                           cells[3] if len(cells) > 3 else "", no))
    return out


def errata(doc: Document) -> Document:
    """Apply `doc.evidence["errata"]` (a list of Erratum) to `doc.lines`."""
    items: list[Erratum] = doc.evidence.get("errata") or []
    source = doc.evidence.get("errata_file", "errata.tsv")
    by_number = {ln.n: ln for ln in doc.lines}
    for e in sorted(items, key=lambda e: (e.line, e.row)):
        ln = by_number.get(e.line)
        if ln is None:
            raise PublishError(f"source line {e.line} does not exist", source, e.row)
        hits = ln.text.count(e.before)
        if hits != 1:
            problem = "is not on" if hits == 0 else f"occurs {hits} times on"
            raise PublishError(f"‘{e.before}’ {problem} source line {e.line}", source, e.row,
                               "give a longer, unique span of the line")
        ln.text = ln.text.replace(e.before, e.after, 1)
        doc.decide("errata", e.line, e.line, f"‘{e.before}’ → ‘{e.after}’",
                   e.note or f"errata file row {e.row}")
        doc.report.count("errata")
    return doc
