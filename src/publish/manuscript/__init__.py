"""Manuscript reader: `book.toml` + Markdown files -> `publish.model.Book`."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import PublishError
from ..model import Book
from .config import BookConfig, load_config, read_text
from .markdown import read_chapter

__all__ = ["read_manuscript", "load_config", "BookConfig", "chapter_id_for"]


def chapter_id_for(name: str) -> str:
    stem = Path(name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "part"
    return slug if slug[0].isalpha() else f"ch-{slug}"


def read_manuscript(manuscript: str | Path) -> Book:
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
    return book
