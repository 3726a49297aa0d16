"""Tables: ragged rows, words in numeric columns, missing captions."""

from __future__ import annotations

import re

from .book import CheckedBook
from .findings import ERROR, WARNING, Finding

# a number as old statistical tables print them: 1,234 / 32.1 / -4 / 12% / 1928/29 / (3.5)
NUMERIC = re.compile(r"^[(\[]?[-–−+]?(\d{1,3}(,\d{3})+|\d+)([.·]\d+)?%?([/–-]\d+)?[)\]]?[*†]?$")
# cells that stand for "no figure" in a numeric column
EMPTY_MARKS = {"", "-", "–", "—", "…", "...", "..", "n.a.", "n/a", "na", "nil", "x", "?"}


def check_tables(cb: CheckedBook) -> list[Finding]:
    out: list[Finding] = []
    for part in cb.parts:
        for t in part.tables:
            if t.header is None:
                out.append(Finding(part.name, t.line, 1, ERROR, "table-caption-orphan",
                                   "a table caption with no table after it", "Table:",
                                   "put the pipe table directly after the caption, or delete it"))
                continue
            if t.caption is None or not t.caption.masked.strip():
                out.append(Finding(part.name, t.line, 1, WARNING, "table-caption-missing",
                                   "table has no caption", "",
                                   "add a line `Table: what it shows` directly before the table"))
            width = len(t.header.cells)
            if t.align_row is None:
                out.append(Finding(part.name, t.line, 1, ERROR, "table-no-delimiter",
                                   "the table has no delimiter row (| --- | ---: |) after its header",
                                   "", "add one; `---:` makes a column numeric"))
            rows = ([t.align_row] if t.align_row else []) + t.rows
            for row in rows:
                if len(row.cells) != width:
                    out.append(Finding(part.name, row.line, 1, ERROR, "table-ragged",
                                       f"row has {len(row.cells)} cells, the header has {width}",
                                       row.raw.strip(), "add or merge cells so every row has "
                                       f"{width}"))
            for ci, align in enumerate(t.aligns):
                if align != "right":
                    continue
                for row in t.rows:
                    if ci >= len(row.cells):
                        continue
                    col, cell = row.cells[ci]
                    plain = cell.replace("*", "").replace("\\", "").strip()
                    plain = re.sub(r"\[\^[^\]]+\]", "", plain).strip()
                    if plain.lower() in EMPTY_MARKS or NUMERIC.match(plain.replace(" ", "")):
                        continue
                    out.append(Finding(part.name, row.line, col, WARNING, "table-non-numeric",
                                       f"{cell!r} in numeric column {ci + 1}", cell,
                                       _numeric_fix(plain)))
    return out


_DIGIT_LOOKALIKE = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0", "S": "5"})


def _numeric_fix(cell: str) -> str:
    fixed = cell.translate(_DIGIT_LOOKALIKE)
    if fixed != cell and NUMERIC.match(fixed):
        return fixed
    return "make it a number, or left-align the column (---) if it holds words"
