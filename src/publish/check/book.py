"""The manuscript as the checks see it: book.toml (read leniently, so that one
bad key does not hide every other finding) and every Markdown part, scanned."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PublishError
from .findings import ERROR, Finding
from .source import Part, read_lines, scan_part

BOOK_TOML = "book.toml"
CONTENT_LISTS = ("front", "chapters", "back")


@dataclass
class CheckedBook:
    root: Path
    toml: dict
    #: (list name, entry, index) for every entry of [contents], in order
    listed: list[tuple[str, str]] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def book(self) -> dict:
        b = self.toml.get("book", {})
        return b if isinstance(b, dict) else {}

    def toml_line(self, key: str) -> int | None:
        """Line of `key = ...` in book.toml, for findings about metadata."""
        try:
            lines = (self.root / BOOK_TOML).read_text(encoding="utf-8").split("\n")
        except OSError:
            return None
        for i, line in enumerate(lines, 1):
            if line.strip().startswith(key) and line.split("=", 1)[0].strip() == key:
                return i
        return None


def load_book(root: Path) -> CheckedBook:
    if not root.is_dir():
        raise PublishError("manuscript folder not found", str(root), None,
                           "give the folder that holds book.toml, or run `publish import` first")
    toml_path = root / BOOK_TOML
    cb = CheckedBook(root=root, toml={})
    if not toml_path.is_file():
        raise PublishError("no book.toml in the manuscript folder", str(toml_path), None,
                           "create book.toml (see docs/architecture.md)")
    try:
        cb.toml = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        cb.findings.append(Finding(BOOK_TOML, getattr(exc, "lineno", None), None, ERROR,
                                   "toml-syntax", f"book.toml does not parse: {exc}", "",
                                   "fix the TOML syntax"))
    except UnicodeDecodeError:
        cb.findings.append(Finding(BOOK_TOML, None, None, ERROR, "toml-syntax",
                                   "book.toml is not UTF-8", "", "save it as UTF-8"))
    contents = cb.toml.get("contents", {})
    if not isinstance(contents, dict):
        contents = {}
    for key in CONTENT_LISTS:
        entries = contents.get(key, [])
        if not isinstance(entries, list):
            cb.findings.append(Finding(BOOK_TOML, cb.toml_line(key), None, ERROR,
                                       "toml-contents", f"contents.{key} must be a list of file names"))
            continue
        for entry in entries:
            if isinstance(entry, str):
                cb.listed.append((key, entry))
    seen = set()
    for key, entry in cb.listed:
        path = root / entry
        if entry in seen or not path.is_file():
            continue
        seen.add(entry)
        try:
            cb.parts.append(scan_part(path, entry, read_lines(path, entry)))
        except PublishError as exc:
            cb.findings.append(Finding(exc.file or entry, exc.line, None, ERROR, "source-read",
                                       exc.message, "", exc.hint or ""))
    return cb
