"""The importer's working document: source lines, a block stream, and the report.

Contract for passes (read this if you write one)
-----------------------------------------------
A pass is a callable ``pass_(doc: Document) -> Document``. It may mutate ``doc``
in place and return it. It must record every decision it makes with
``doc.report.add(Decision(...))`` (or the ``doc.decide(...)`` shortcut), giving
the pass name, the 1-based source line range, what it decided, why, a confidence
in [0, 1], and ``flagged=True`` when an editor should look at it.

Order of the ruler (see ruler.py):

1. rules_core.normalise      text -> ``doc.lines`` (every source line, 1-based ``n``)
2. rules_core.frontmatter    title block / contents -> ``doc.metadata``, ``doc.contents``;
                             sets ``doc.body_start`` (index into ``doc.lines``)
3. rules_block.segment       body lines -> ``doc.blocks`` of kind RAW: one block per run
                             of non-blank lines; ``Block.blank_before`` counts the blank
                             lines before it (a blank line is usually a page break)
4. rules_block.headings      splits RAW blocks, emitting HEADING blocks (level 1 =
                             chapter title, 2 = section) and NOTES_HEADING blocks
5. rules_block.tables        (tables engineer) finds flattened tables inside RAW
                             blocks; splits the RAW block around them and inserts a
                             TABLE block whose ``table`` is a ``publish.model.Table``
                             (caption inlines may contain plain text " [41]" style
                             markers as Text; the notes pass links them later).
                             Lines it consumes must be exactly the block's ``lines``.
                             Runs AFTER headings (changed 21:10): HEADING and
                             NOTES_HEADING blocks are barriers a table never crosses;
                             leave lines you don't claim in RAW blocks, in order.
6. rules_block.paragraphs    page-break joins + unwrap: RAW -> PARA / QUOTE / NOTE /
                             LIST_ITEM blocks, each with its ``lines`` and ``text``
7. rules_inline.*            lead-ins, note markers, lost hyphens: on ``Block.inlines``
8. build                     blocks -> ``publish.model.Book``

Invariants: every non-blank body line belongs to exactly one block's ``lines``
(so no word is lost); blocks stay in source order.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Iterator

from publish import model

# Block kinds
RAW = "raw"                      # not yet classified
HEADING = "heading"              # level 1 chapter title, 2 section, 3 subsection
NOTES_HEADING = "notes-heading"  # "Notes" (endnotes) or "Footnotes"; attrs["kind"]
PARA = "para"
QUOTE = "quote"                  # one paragraph of a block quote; attrs["group"] joins them
LIST_ITEM = "list-item"          # attrs["number"], attrs["in_quote"]
NOTE = "note"                    # attrs["label"], attrs["kind"] ("endnote"/"footnote")
TABLE = "table"                  # Block.table holds the model.Table


@dataclass(slots=True)
class Line:
    n: int          # 1-based line number in the source file
    text: str       # after normalisation, trailing whitespace removed

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(slots=True)
class Block:
    kind: str
    lines: list[Line]
    #: blank lines in the source just before this block (page breaks)
    blank_before: int = 0
    #: joined text (set by the pass that classifies the block)
    text: str = ""
    level: int = 0
    inlines: list[Any] | None = None
    table: model.Table | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.lines[0].n if self.lines else 0

    @property
    def last(self) -> int:
        return self.lines[-1].n if self.lines else 0


@dataclass(slots=True)
class Decision:
    pass_name: str
    first_line: int
    last_line: int
    what: str
    why: str
    confidence: float = 1.0
    flagged: bool = False
    #: filled in after writing: manuscript file and line of the result
    target: tuple[str, int] | None = None
    #: optional: the block the decision produced, to locate it in the manuscript
    block: Any = None


@dataclass
class Report:
    source_name: str = ""
    decisions: list[Decision] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: ids of chapters whose title the importer made up (no heading in the source)
    synthetic: set[str] = field(default_factory=set)
    #: the working document, for the report's source excerpts
    document: Any = None

    def add(self, d: Decision) -> Decision:
        self.decisions.append(d)
        return d

    def count(self, key: str, k: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + k

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def flagged(self) -> list[Decision]:
        return [d for d in self.decisions if d.flagged]


@dataclass
class Document:
    source_name: str
    lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    metadata: model.Metadata = field(default_factory=lambda: model.Metadata(title=""))
    #: headings listed in the Contents, normalised text -> level (evidence only)
    contents: list[tuple[int, str]] = field(default_factory=list)
    #: index into `lines` of the first body line
    body_start: int = 0
    #: estimated measure (typical full line width, ems)
    measure: int = 0
    report: Report = field(default_factory=Report)
    #: free-form evidence shared by passes (e.g. word frequencies)
    evidence: dict[str, Any] = field(default_factory=dict)

    def decide(self, pass_name: str, first: int, last: int, what: str, why: str,
               confidence: float = 1.0, flagged: bool = False, block: Any = None) -> Decision:
        return self.report.add(Decision(pass_name, first, last, what, why, confidence,
                                        flagged, block=block))


def runs(blocks: list[Block], kind: str) -> Iterator[tuple[bool, list[Block]]]:
    """The blocks in order, as maximal runs: (True, run) for runs of `kind`,
    (False, run) for everything between them."""
    for is_kind, group in itertools.groupby(blocks, key=lambda b: b.kind == kind):
        yield is_kind, list(group)
