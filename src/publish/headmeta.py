"""The book's metadata, read from the XML intermediate's `head/meta`.

Both writers read it here, so they agree on titles, dates and identifiers.
`visible_text` is their shared reading of a heading's text."""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from dataclasses import dataclass, field

from lxml import etree

from .errors import PublishError

XHTML_NS = "http://www.w3.org/1999/xhtml"
_META = f"{{{XHTML_NS}}}meta"
_REPEATED = {"author", "credit"}


@dataclass
class HeadMeta:
    title: str
    language: str
    identifier: str
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    isbn: str = ""
    date: str = ""
    modified: str = ""
    rights: str = ""
    description: str = ""
    original_publisher: str = ""
    original_place: str = ""
    original_year: str = ""
    credits: list[str] = field(default_factory=list)
    endnotes: str = "chapter"
    trim_size: str = "demy"
    #: True when book.toml had no identifier and one was derived from the title
    identifier_derived: bool = False

    @property
    def original_edition(self) -> str:
        """'Bookmarks, London, 1993' (missing parts left out)."""
        parts = (self.original_publisher, self.original_place, self.original_year)
        return ", ".join(p for p in parts if p)

    def authors_line(self, word_and: str) -> str:
        """'A', 'A and B', 'A, B and C'."""
        if len(self.authors) <= 1:
            return "".join(self.authors)
        return ", ".join(self.authors[:-1]) + f" {word_and} " + self.authors[-1]

    @property
    def package_identifier(self) -> str:
        """dc:identifier as a URN: 'isbn:978…' becomes 'urn:isbn:978…'."""
        ident = self.identifier.strip()
        if ident.lower().startswith("isbn:"):
            return "urn:isbn:" + re.sub(r"[^0-9Xx]", "", ident[5:])
        return ident

    @property
    def isbn13(self) -> str:
        digits = re.sub(r"[^0-9Xx]", "", self.isbn)
        if not digits and self.identifier.lower().startswith(("isbn:", "urn:isbn:")):
            digits = re.sub(r"[^0-9Xx]", "", self.identifier.split(":")[-1])
        return digits


def read_head_meta(root: etree._Element) -> HeadMeta:
    """Collect `head/meta[@name]`; repeated names (author, credit) become lists."""
    values: dict[str, str] = {}
    lists: dict[str, list[str]] = {k: [] for k in _REPEATED}
    head = root.find(f"{{{XHTML_NS}}}head")
    if head is None:
        raise PublishError("the XML intermediate has no head", "XML intermediate",
                           hint="build it with publish.build.build_xml")
    for el in head.iter(_META):
        name, content = el.get("name"), (el.get("content") or "").strip()
        if not name:
            continue
        if name in _REPEATED:
            if content:
                lists[name].append(content)
        else:
            values.setdefault(name, content)
    title = values.get("title") or (head.findtext(f"{{{XHTML_NS}}}title") or "").strip()
    if not title:
        raise PublishError("the book has no title", "book.toml", hint="set [book] title")
    identifier = values.get("identifier", "")
    derived = False
    if not identifier and values.get("isbn"):
        identifier = "isbn:" + values["isbn"]
    if not identifier:
        # EPUB needs a unique identifier; derive a stable one rather than a random one
        seed = "\n".join([title, *lists["author"], values.get("original-publisher", ""),
                          values.get("original-year", ""), values.get("publisher", "")])
        identifier = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "publish:" + seed))
        derived = True
    return HeadMeta(
        title=title,
        language=values.get("language") or root.get("lang") or "en",
        identifier=identifier,
        subtitle=values.get("subtitle", ""),
        authors=lists["author"],
        publisher=values.get("publisher", ""),
        isbn=values.get("isbn", ""),
        date=values.get("date", ""),
        modified=values.get("modified", ""),
        rights=values.get("rights", ""),
        description=values.get("description", ""),
        original_publisher=values.get("original-publisher", ""),
        original_place=values.get("original-place", ""),
        original_year=values.get("original-year", ""),
        credits=lists["credit"],
        endnotes=values.get("endnotes") or "chapter",
        trim_size=values.get("trim-size") or "demy",
        identifier_derived=derived,
    )


def build_time(meta: HeadMeta) -> _dt.datetime:
    """The build time stamped into the package and the zip entries.

    The XML's `modified` meta already is the build time (SOURCE_DATE_EPOCH or
    the edition date); without it, SOURCE_DATE_EPOCH, then the `date` meta."""
    if meta.modified:
        try:
            return _dt.datetime.strptime(meta.modified, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=_dt.timezone.utc)
        except ValueError:
            raise PublishError(f"modified meta {meta.modified!r} is not YYYY-MM-DDTHH:MM:SSZ",
                               "XML intermediate") from None
    from .writers.xml import build_time as edition_time

    return edition_time(meta.date)


def visible_text(el: etree._Element) -> str:
    """Text of `el` (a heading, a caption), note calls left out, whitespace collapsed."""
    out: list[str] = []

    def walk(node):
        if node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.get("data-type") != "noteref":
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return " ".join("".join(out).split())
