"""`book.toml`: the book's metadata, print settings and the order of its files."""

from __future__ import annotations

import re
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PublishError
from ..model import Metadata, OriginalEdition, PrintSettings

TRIM_SIZES = ("demy", "6x9in", "b-format")

# key -> expected type; anything else in the file is an error (typos must not
# silently drop metadata)
SCHEMA: dict[str, dict[str, type]] = {
    "book": {
        "title": str, "subtitle": str, "authors": list, "language": str, "publisher": str,
        "identifier": str, "isbn": str, "date": str, "rights": str, "description": str,
        "credits": list,
    },
    "original": {"publisher": str, "place": str, "year": str},
    "print": {"trim_size": str, "endnotes": str},
    "contents": {"front": list, "chapters": list, "back": list},
}
REQUIRED = {"book": ("title", "language"), "contents": ("chapters",)}


@dataclass
class BookConfig:
    path: Path
    metadata: Metadata
    #: (relative file name, matter) in reading order; matter is front/body/back
    files: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""

    def line_of(self, needle: str) -> int | None:
        """The line of book.toml that mentions `needle` (for error messages)."""
        for no, line in enumerate(self.text.splitlines(), 1):
            if needle in line:
                return no
        return None


def _key_line(text: str, table: str, key: str | None) -> int | None:
    current = ""  # keys before the first [table] are top-level
    for no, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*\[\s*([A-Za-z0-9_.-]+)\s*\]", line)
        if m:
            current = m.group(1)
            if key is None and current == table:
                return no
            continue
        if current == table and key and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return no
    return None


def read_text(path: Path) -> str:
    """Strict UTF-8, with the line of the first bad byte in the error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PublishError("file not found", str(path),
                           hint="check the path, or run `publish import` to create a manuscript") from None
    except IsADirectoryError:
        raise PublishError("is a folder, not a file", str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PublishError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                           str(path), line, hint="re-save the file as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_config(manuscript: Path) -> BookConfig:
    path = manuscript / "book.toml"
    if not manuscript.is_dir():
        raise PublishError("manuscript folder not found", str(manuscript),
                           hint="pass the folder that holds book.toml, or run `publish import RAW -o DIR`")
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise PublishError(f"TOML syntax error: {msg}", str(path), line) from None

    errors: list[PublishError] = []
    for table, value in data.items():
        if table not in SCHEMA:
            errors.append(PublishError(f"unknown table [{table}]", str(path),
                                       _key_line(text, table, None),
                                       hint="known tables: " + ", ".join(f"[{t}]" for t in SCHEMA)))
            continue
        if not isinstance(value, dict):
            errors.append(PublishError(f"`{table}` must be a table", str(path),
                                       _key_line(text, "", table)))
            continue
        for key, item in value.items():
            expected = SCHEMA[table].get(key)
            line = _key_line(text, table, key)
            if expected is None:
                errors.append(PublishError(
                    f"unknown key `{key}` in [{table}]", str(path), line,
                    hint="known keys: " + ", ".join(SCHEMA[table])))
            elif expected is str and isinstance(item, int) and not isinstance(item, bool):
                value[key] = str(item)  # year = 1993 is fine
            elif not isinstance(item, expected) or (
                    expected is list and not all(isinstance(x, str) for x in item)):
                kind = "a list of strings" if expected is list else "a string"
                errors.append(PublishError(f"`{key}` in [{table}] must be {kind}", str(path), line))
    for table, keys in REQUIRED.items():
        for key in keys:
            if key not in data.get(table, {}):
                errors.append(PublishError(f"missing `{key}` in [{table}]", str(path),
                                           _key_line(text, table, None)))
    if errors:
        raise errors[0] if len(errors) == 1 else _many(errors)

    book = data.get("book", {})
    pr = data.get("print", {})
    settings = PrintSettings(trim_size=pr.get("trim_size", "demy"), endnotes=pr.get("endnotes", "chapter"))
    if settings.trim_size not in TRIM_SIZES:
        raise PublishError(f"unknown trim_size {settings.trim_size!r}", str(path),
                           _key_line(text, "print", "trim_size"),
                           hint="use one of: " + ", ".join(TRIM_SIZES))
    if settings.endnotes not in ("chapter", "book"):
        raise PublishError(f"endnotes must be \"chapter\" or \"book\", not {settings.endnotes!r}",
                           str(path), _key_line(text, "print", "endnotes"))
    if not str(book["title"]).strip():
        raise PublishError("the title is empty", str(path), _key_line(text, "book", "title"))
    date = book.get("date", "")
    if date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        raise PublishError(f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD", str(path),
                           _key_line(text, "book", "date"))
    identifier = book.get("identifier", "")
    if not identifier:
        # a stable stand-in, so that an unfinished manuscript still builds the same EPUB
        seed = "|".join([book["title"], *book.get("authors", []), book.get("date", "")])
        identifier = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "publish:" + seed))
    orig = data.get("original", {})
    meta = Metadata(
        title=book["title"], subtitle=book.get("subtitle", ""), authors=book.get("authors", []),
        language=book["language"], publisher=book.get("publisher", ""),
        identifier=identifier, isbn=book.get("isbn", ""), date=date,
        rights=book.get("rights", ""), description=book.get("description", ""),
        original=OriginalEdition(orig.get("publisher", ""), orig.get("place", ""),
                                 orig.get("year", "")),
        credits=book.get("credits", []), print=settings)
    contents = data["contents"]
    files = ([(f, "front") for f in contents.get("front", [])]
             + [(f, "body") for f in contents["chapters"]]
             + [(f, "back") for f in contents.get("back", [])])
    seen: set[str] = set()
    for name, _ in files:
        if name in seen:
            raise PublishError(f"{name} is listed twice in [contents]", str(path),
                               _key_line(text, "contents", None))
        seen.add(name)
    return BookConfig(path=path, metadata=meta, files=files, text=text)


def _many(errors: list[PublishError]) -> PublishError:
    from ..errors import PublishErrors

    return PublishErrors(errors)
