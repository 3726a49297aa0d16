"""Segment: body lines -> RAW blocks, one per run of non-blank lines."""

from __future__ import annotations

from ..document import RAW, Block, Document
from .measure import estimate_measure

PASS = "segment"


def segment(doc: Document) -> Document:
    body = doc.lines[doc.body_start:]
    doc.measure = doc.measure or estimate_measure([ln.text for ln in body])
    blocks: list[Block] = []
    run: list = []
    blanks = 0
    pending_blanks = 0
    for ln in body:
        if ln.text.strip():
            if not run:
                pending_blanks = blanks
                blanks = 0
            run.append(ln)
        else:
            if run:
                blocks.append(Block(RAW, run, blank_before=pending_blanks))
                run = []
            blanks += 1
    if run:
        blocks.append(Block(RAW, run, blank_before=pending_blanks))
    doc.blocks = blocks
    return doc
