"""What the PDF writer needs from the XML intermediate: metadata and parts."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..errors import PublishError
from ..headmeta import HeadMeta as BookMeta
from ..headmeta import read_head_meta, visible_text

XHTML = "http://www.w3.org/1999/xhtml"
NS = {"h": XHTML}


def local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


@dataclass
class Part:
    """One front-matter part, chapter or back-matter part of the book."""

    id: str
    role: str
    matter: str
    number: str | None
    title: str
    element: etree._Element
    source: str | None = None

    def endnotes(self) -> list[etree._Element]:
        return self.element.findall("h:section[@data-type='endnotes']/h:aside", NS)

    def text_size(self) -> int:
        """Characters of text: a cheap estimate of the rendering cost."""
        return sum(len(t) for t in self.element.itertext())


def read_meta(root: etree._Element) -> BookMeta:
    meta = read_head_meta(root)
    if meta.endnotes not in ("chapter", "book"):
        raise PublishError(f"unknown endnotes placement {meta.endnotes!r}", "book.toml",
                           hint='[print] endnotes must be "chapter" or "book"')
    return meta


def read_parts(root: etree._Element) -> list[Part]:
    body = root.find("h:body", NS)
    if body is None:
        raise PublishError("the XML intermediate has no body")
    parts = []
    for section in body.iterfind("h:section", NS):
        h1 = section.find("h:h1", NS)
        source = section.get("data-source")
        if h1 is None:
            raise PublishError("a part has no title (level-1 heading)", source)
        title = visible_text(h1)
        parts.append(Part(
            id=section.get("id", f"part-{len(parts) + 1}"),
            role=section.get("data-type", "chapter"),
            matter=section.get("data-matter", "bodymatter"),
            number=section.get("data-number"),
            title=title,
            element=section,
            source=source,
        ))
    if not parts:
        raise PublishError("the book has no parts", "book.toml",
                           hint="list the chapter files under [contents]")
    return parts
