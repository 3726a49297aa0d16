"""The ruler: the passes in order, each `(doc) -> doc`, as markdown-it chains
its rules. Optional passes (tables) are skipped when their module is absent."""

from __future__ import annotations

import importlib
import time
from typing import Callable

from .document import Document
from .rules_block.headings import headings
from .rules_block.paragraphs import paragraphs
from .rules_block.segment import segment
from .rules_core.frontmatter import frontmatter
from .rules_inline.hyphens import hyphens
from .rules_inline.leadins import leadins
from .rules_inline.notes import notes

Pass = Callable[[Document], Document]


def _tables_pass() -> Pass | None:
    try:
        mod = importlib.import_module("publish.importer.rules_block.tables")
    except ImportError:
        return None
    for name in ("tables", "find_tables", "rebuild_tables", "run"):
        fn = getattr(mod, name, None)
        if callable(fn):
            return fn
    return None


def _errata_pass() -> Pass | None:
    try:
        mod = importlib.import_module("publish.importer.rules_core.errata")
    except ImportError:
        return None
    return getattr(mod, "errata", None)


def passes() -> list[tuple[str, Pass]]:
    out: list[tuple[str, Pass]] = []
    e = _errata_pass()
    if e is not None:
        out.append(("errata", e))  # the editor's corrections, on source lines, first
    # headings before tables: a table must not swallow a "Notes" line or a section title
    out += [("frontmatter", frontmatter), ("segment", segment), ("headings", headings)]
    t = _tables_pass()
    if t is not None:
        out.append(("tables", t))
    out += [("paragraphs", paragraphs), ("hyphens", hyphens),
            ("leadins", leadins), ("notes", notes)]
    return out


def run(doc: Document, progress=None) -> Document:
    for name, fn in passes():
        t0 = time.perf_counter()
        doc = fn(doc) or doc
        doc.evidence.setdefault("timings", {})[name] = time.perf_counter() - t0
    return doc
