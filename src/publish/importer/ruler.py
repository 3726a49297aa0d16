"""The ruler: the passes in order, each `(doc) -> doc`, as markdown-it chains
its rules."""

from __future__ import annotations

import time
from typing import Callable

from .document import Document
from .rules_block.headings import headings
from .rules_block.paragraphs import paragraphs
from .rules_block.segment import segment
from .rules_block.tables import tables
from .rules_core.errata import errata
from .rules_core.frontmatter import frontmatter
from .rules_core.furniture import furniture
from .rules_inline.hyphens import hyphens
from .rules_inline.leadins import leadins
from .rules_inline.notes import notes

Pass = Callable[[Document], Document]


def passes() -> list[tuple[str, Pass]]:
    # the editor's corrections first, on source lines; headings before tables,
    # so that a table cannot swallow a "Notes" line or a section title
    return [("errata", errata), ("furniture", furniture), ("frontmatter", frontmatter),
            ("segment", segment),
            ("headings", headings), ("tables", tables), ("paragraphs", paragraphs),
            ("hyphens", hyphens), ("leadins", leadins), ("notes", notes)]


def run(doc: Document, progress=None) -> Document:
    for name, fn in passes():
        if progress:
            progress(f"import: {name}")
        t0 = time.perf_counter()
        doc = fn(doc) or doc
        doc.evidence.setdefault("timings", {})[name] = time.perf_counter() - t0
    return doc
