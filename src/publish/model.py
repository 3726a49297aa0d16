"""The one document model.

Readers (raw-text import, manuscript reader) build a `Book`; writers (Markdown,
XML intermediate) serialise it. The EPUB and PDF writers never see this model:
they read the XML intermediate only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Union, get_args

NoteKind = Literal["endnote", "footnote"]
#: endnote: numbered per chapter, ` [12]` in raw text, `[^12]` in Markdown.
#: footnote: the author's own, ` [3*]` in raw text, `[^3*]` in Markdown.

ChapterRole = Literal[
    "chapter",
    "introduction",
    "preface",
    "foreword",
    "acknowledgments",
    "dedication",
    "epigraph",
    "prologue",
    "epilogue",
    "afterword",
    "appendix",
    "bibliography",
    "glossary",
    "editor-note",
]

FRONT_ROLES = {"preface", "foreword", "acknowledgments", "dedication", "epigraph", "editor-note"}
BACK_ROLES = {"afterword", "appendix", "bibliography", "glossary"}
ROLES = frozenset(get_args(ChapterRole))

# a part's usual titles, as `title_key` gives them
_ROLE_BY_TITLE = {
    "introduction": "introduction", "preface": "preface", "foreword": "foreword",
    "acknowledgements": "acknowledgments", "acknowledgments": "acknowledgments",
    "acknowledgement": "acknowledgments", "dedication": "dedication", "epigraph": "epigraph",
    "prologue": "prologue", "epilogue": "epilogue", "afterword": "afterword",
    "postscript": "afterword", "conclusion": "chapter", "appendix": "appendix",
    "bibliography": "bibliography", "glossary": "glossary",
    "editor s note": "editor-note", "editors note": "editor-note",
    "editor s preface": "editor-note", "publisher s note": "editor-note",
    "a note on this edition": "editor-note", "note on this edition": "editor-note",
}


def title_key(title: str) -> str:
    """Case-folded words of a title, punctuation as spaces: "Editor’s Note" -> "editor s note"."""
    return " ".join(re.sub(r"[\W_]+", " ", title.casefold()).split())


def role_of_title(title: str) -> str | None:
    """The role a part's title names ("Acknowledgements", "Appendix 2"), or None.
    Shared by the raw-text import and the manuscript reader so they agree."""
    key = title_key(title)
    return _ROLE_BY_TITLE.get(key) or ("appendix" if key.split(" ")[0] == "appendix" else None)


def infer_role(title: str, matter: str) -> str:
    """A part's role from its title and matter; `{role=...}` in the file overrides it."""
    return role_of_title(title) or {"front": "preface", "back": "appendix"}.get(matter, "chapter")


# --- inlines ---------------------------------------------------------------


@dataclass
class Text:
    text: str


@dataclass
class Emphasis:
    children: list[Inline]


@dataclass
class Strong:
    children: list[Inline]


@dataclass
class LeadIn:
    """Opening words of a section, set in small caps."""

    children: list[Inline]


@dataclass
class NoteRef:
    """A note call. `resolved` is False when the note text is missing: the
    label stays visible and is reported, never a dead link."""

    label: str
    kind: NoteKind
    resolved: bool = True
    line: int | None = None


@dataclass
class Link:
    href: str
    children: list[Inline]


@dataclass
class Code:
    text: str


@dataclass
class LineBreak:
    pass


Inline = Union[Text, Emphasis, Strong, LeadIn, NoteRef, Link, Code, LineBreak]


# --- blocks ----------------------------------------------------------------


@dataclass
class Paragraph:
    inlines: list[Inline]
    line: int | None = None


@dataclass
class Heading:
    """A heading inside a chapter: level 2 is a section, 3 a subsection.
    The chapter's own title lives on `Chapter.title`."""

    level: int
    inlines: list[Inline]
    id: str | None = None
    line: int | None = None


@dataclass
class BlockQuote:
    blocks: list[Block]
    line: int | None = None


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Block]]
    start: int = 1
    line: int | None = None


Cell = list[Inline]


@dataclass
class Table:
    caption: list[Inline]
    head: list[list[Cell]]
    body: list[list[Cell]]
    #: per column: "left", "right", "center" or None
    align: list[str | None] = field(default_factory=list)
    line: int | None = None


@dataclass
class ThematicBreak:
    line: int | None = None


Block = Union[Paragraph, Heading, BlockQuote, ListBlock, Table, ThematicBreak]


@dataclass
class Note:
    label: str
    kind: NoteKind
    blocks: list[Block]
    line: int | None = None


@dataclass
class Chapter:
    """One front-matter part, chapter or back-matter part: one Markdown file,
    one XHTML document in the EPUB."""

    id: str
    title: list[Inline]
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    role: ChapterRole = "chapter"
    #: the visible chapter number, e.g. "1"; None for unnumbered parts
    number: str | None = None
    #: manuscript file this came from (relative path), for error messages
    source: str | None = None

    @property
    def matter(self) -> str:
        if self.role in FRONT_ROLES:
            return "frontmatter"
        if self.role in BACK_ROLES:
            return "backmatter"
        return "bodymatter"

    def notes_of(self, kind: NoteKind) -> list[Note]:
        return [n for n in self.notes if n.kind == kind]


@dataclass
class OriginalEdition:
    publisher: str = ""
    place: str = ""
    year: str = ""


@dataclass
class PrintSettings:
    trim_size: str = "demy"
    #: "chapter": endnotes at the end of each chapter; "book": at the back
    endnotes: str = "chapter"


@dataclass
class Metadata:
    title: str
    language: str = "en"
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    #: this edition's identifier: "isbn:978..." or "urn:uuid:..."
    identifier: str = ""
    isbn: str = ""
    date: str = ""
    rights: str = ""
    description: str = ""
    original: OriginalEdition = field(default_factory=OriginalEdition)
    #: credits of the source transcription, one line each
    credits: list[str] = field(default_factory=list)
    print: PrintSettings = field(default_factory=PrintSettings)


@dataclass
class Book:
    metadata: Metadata
    chapters: list[Chapter] = field(default_factory=list)


# --- helpers ---------------------------------------------------------------


def plain_text(inlines: list[Inline]) -> str:
    """The visible text of inlines (note calls excluded)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, (Emphasis, Strong, LeadIn, Link)):
            out.append(plain_text(node.children))
    return "".join(out)


def iter_blocks(blocks: list[Block]):
    """Every block, depth first, including those inside quotes and lists."""
    for b in blocks:
        yield b
        if isinstance(b, BlockQuote):
            yield from iter_blocks(b.blocks)
        elif isinstance(b, ListBlock):
            for item in b.items:
                yield from iter_blocks(item)


def iter_inlines(inlines: list[Inline]):
    for node in inlines:
        yield node
        if isinstance(node, (Emphasis, Strong, LeadIn, Link)):
            yield from iter_inlines(node.children)


def block_inlines(block: Block):
    """Every inline list directly held by a block (not nested blocks)."""
    if isinstance(block, (Paragraph, Heading)):
        yield block.inlines
    elif isinstance(block, Table):
        yield block.caption
        for row in block.head + block.body:
            yield from row
