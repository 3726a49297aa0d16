"""Structure: the contents list of book.toml against the files, heading levels,
empty parts."""

from __future__ import annotations

from .book import BOOK_TOML, CheckedBook
from .findings import ERROR, WARNING, Finding

IGNORED_MD = {"README.md"}


def check_structure(cb: CheckedBook) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[str, str] = {}
    for key, entry in cb.listed:
        line = cb.toml_line(key)
        if entry in seen:
            out.append(Finding(BOOK_TOML, line, None, ERROR, "contents-duplicate",
                               f"{entry} is listed twice (in {seen[entry]} and {key})", entry,
                               "list each part once"))
            continue
        seen[entry] = key
        if not (cb.root / entry).is_file():
            out.append(Finding(BOOK_TOML, line, None, ERROR, "contents-missing-file",
                               f"contents.{key} lists {entry}, which does not exist", entry,
                               "create the file, or remove it from the list"))
    listed = set(seen)
    for path in sorted(cb.root.rglob("*.md")):
        rel = path.relative_to(cb.root).as_posix()
        if rel in listed or path.name in IGNORED_MD or rel.startswith(("source/", ".")):
            continue
        out.append(Finding(rel, None, None, WARNING, "contents-unlisted",
                           f"{rel} is not listed in book.toml [contents], so it is not in the book",
                           "", f"add \"{rel}\" to contents.front, chapters or back, or delete it"))
    for part in cb.parts:
        out.extend(_check_headings(part))
    return out


def _check_headings(part) -> list[Finding]:
    out = []
    first_content = next((i for i, l in enumerate(part.lines)
                          if l.strip() and not l.strip().startswith("{")), None)
    if not part.headings or first_content is None or part.headings[0].line != first_content + 1 \
            or part.headings[0].level != 1:
        out.append(Finding(part.name, (first_content or 0) + 1 if first_content is not None else None,
                           1 if first_content is not None else None, ERROR, "heading-no-title",
                           "the part does not start with its title, a level-1 heading",
                           "", "make the first line `# Title` (or `# N. Title`)"))
    prev = None
    for h in part.headings:
        if prev is not None and h.level > prev + 1:
            out.append(Finding(part.name, h.line, 1, ERROR, "heading-skip",
                               f"heading level {h.level} follows level {prev}: a level is skipped",
                               "#" * h.level, "#" * (prev + 1) + " " + h.text))
        if h.level == 1 and h is not part.headings[0]:
            out.append(Finding(part.name, h.line, 1, ERROR, "heading-second-title",
                               "a second level-1 heading: each part has one title",
                               "#", "## " + h.text))
        if not h.text:
            out.append(Finding(part.name, h.line, 1, ERROR, "heading-empty", "empty heading"))
        prev = h.level
    has_content = any(p.kind in ("p", "quote", "item") for p in part.paragraphs) or part.tables
    if not has_content:
        line = part.headings[0].line if part.headings else None
        out.append(Finding(part.name, line, 1 if line else None, ERROR, "chapter-empty",
                           "the part has a title but no text", "",
                           "add its text, or remove it from book.toml"))
    return out
