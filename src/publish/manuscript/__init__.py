"""Manuscript reader: `book.toml` + Markdown files -> `publish.model.Book`."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import PublishError
from ..model import Book, Heading
from .config import BookConfig, load_config, read_text

__all__ = ["read_manuscript", "load_config", "BookConfig", "chapter_id_for"]


def chapter_id_for(name: str) -> str:
    stem = Path(name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "part"
    return slug if slug[0].isalpha() else f"ch-{slug}"


def read_manuscript(manuscript: str | Path) -> Book:
    from .markdown import read_chapter  # markdown-it: only when a manuscript is read

    manuscript = Path(manuscript)
    config = load_config(manuscript)
    book = Book(metadata=config.metadata)
    ids: set[str] = set()
    for name, matter in config.files:
        path = manuscript / name
        if not path.is_file():
            raise PublishError(f"{name} is listed in [contents] but does not exist",
                               str(config.path), config.line_of(name),
                               hint=f"create {path} or remove it from book.toml")
        text = read_text(path)
        cid = chapter_id_for(name)
        while cid in ids:
            cid += "-x"
        ids.add(cid)
        book.chapters.append(read_chapter(text, str(path), cid, matter))
    if not book.chapters:
        raise PublishError("[contents] lists no files", str(config.path),
                           config.line_of("chapters"))
    _check_heading_ids(book)
    return book


def _check_heading_ids(book: Book) -> None:
    """`{#id}` on a heading must not repeat another id: the XML needs unique ids."""
    taken = {ch.id: (ch.source, None) for ch in book.chapters}
    for ch in book.chapters:
        for b in ch.blocks:
            if not isinstance(b, Heading) or not b.id:
                continue
            if b.id in taken:
                file, line = taken[b.id]
                where = f" (also {file}:{line})" if line else f" (the id of {file})"
                raise PublishError(f"the id {b.id!r} is used twice{where}", ch.source, b.line,
                                   "give each heading a different {#id}, or none")
            taken[b.id] = (ch.source, b.line)
