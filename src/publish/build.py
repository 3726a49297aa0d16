"""manuscript/ -> model -> validated XML intermediate, and output naming."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from lxml import etree

from .atomic import atomic_write_bytes
from .manuscript import read_manuscript
from .model import NoteRef, block_inlines, iter_blocks, iter_inlines
from .writers.xml import book_to_xml, serialize, validate

Progress = Callable[[str], None]


def build_xml(manuscript: str | Path, progress: Progress | None = None) -> etree._Element:
    """Read the manuscript and return the schema-valid XML intermediate."""
    book = read_manuscript(manuscript)
    unresolved = sum(1 for ch in book.chapters for _ in _unresolved(ch))
    if progress:
        progress(f"read {len(book.chapters)} parts from {manuscript}"
                 + (f"; {unresolved} note references have no note text" if unresolved else ""))
    root = book_to_xml(book)
    validate(root)
    return root


def _unresolved(ch):
    for b in iter_blocks(ch.blocks + [blk for n in ch.notes for blk in n.blocks]):
        for inl in block_inlines(b):
            for node in iter_inlines(inl):
                if isinstance(node, NoteRef) and not node.resolved:
                    yield node


def book_slug(root: etree._Element) -> str:
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    title = root.findtext("h:head/h:title", namespaces=ns) or "book"
    authors = root.xpath("h:head/h:meta[@name='author']/@content", namespaces=ns)
    base = (authors[0].split()[-1] + "-" if authors else "") + title
    return re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:60] or "book"


def output_path(root: etree._Element, dist: str | Path, suffix: str) -> Path:
    return Path(dist) / f"{book_slug(root)}{suffix}"


def write_xml(root: etree._Element, out: str | Path) -> None:
    atomic_write_bytes(out, serialize(root))
