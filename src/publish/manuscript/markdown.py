"""One Markdown file -> one `Chapter`, with markdown-it-py and its plugins.

The format is CommonMark plus pipe tables, footnote syntax for both kinds of
note (`[^12]` endnote, `[^3*]` author's footnote), bracketed spans for lead-ins
(`[Trotsky had]{.lead-in}`) and block attributes (`{role=appendix}`)."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..errors import PublishError
from ..model import (
    Block, BlockQuote, Chapter, Code, Emphasis, Heading, Inline, LeadIn, LineBreak, Link,
    ListBlock, Note, NoteRef, Paragraph, ROLES, Strong, Table, Text, ThematicBreak, infer_role,
    plain_text,
)

CHAPTER_NUMBER = re.compile(r"^(\d+[A-Za-z]?|[IVXLC]+)\.\s+(?=\S)")
CAPTION = re.compile(r"^(?:Table|table)?:\s+")
FOOTNOTE_LABEL = re.compile(r"^\d+\*$")
#: labels become part of XML ids (`ch-01-en-12`), so only name characters
NOTE_LABEL = re.compile(r"^(?:[\w.-]+|\d+\*)$")
#: a definition markdown-it would silently read as a link reference instead
SPACED_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]]*\s[^\]]*)\]:")
#: the `> ` of a table inside a block quote is not part of its first cell
QUOTE_MARKERS = re.compile(r"^\s*(?:>\s?)+")
LABEL_HINT = "use a number ([^12]) or a number and a star ([^3*])"
XML_ID = re.compile(r"^[A-Za-z_][\w.-]*$")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = (MarkdownIt("commonmark", {"typographer": False})
          .enable("table")
          .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
          .use(attrs_plugin, spans=True)
          .use(attrs_block_plugin))
    return md


def note_kind(label: str) -> str:
    return "footnote" if FOOTNOTE_LABEL.match(label) else "endnote"


class _Reader:
    def __init__(self, source: str, text: str):
        self.source = source
        self.lines = text.split("\n")
        self.refs: list[NoteRef] = []

    def error(self, message: str, line: int | None, hint: str | None = None) -> PublishError:
        return PublishError(message, self.source, line, hint)

    # -- inlines ------------------------------------------------------------
    def inlines(self, token: Token, line: int | None) -> list[Inline]:
        root: list[Inline] = []
        stack: list[list[Inline]] = [root]
        for child in token.children or []:
            t = child.type
            out = stack[-1]
            if t == "text":
                if out and isinstance(out[-1], Text):
                    out[-1].text += child.content
                else:
                    out.append(Text(child.content))
            elif t in ("softbreak",):
                out.append(Text(" "))
            elif t == "hardbreak":
                out.append(LineBreak())
            elif t == "code_inline":
                out.append(Code(child.content))
            elif t in ("em_open", "strong_open", "link_open", "span_open"):
                node: Inline
                if t == "em_open":
                    node = Emphasis([])
                elif t == "strong_open":
                    node = Strong([])
                elif t == "link_open":
                    node = Link(str(child.attrs.get("href", "")), [])
                else:
                    cls = str(child.attrs.get("class", ""))
                    if "lead-in" not in cls.split():
                        raise self.error(f"unknown span class {cls!r}", line,
                                         "the only span is [words]{.lead-in}")
                    node = LeadIn([])
                out.append(node)
                stack.append(node.children)
            elif t in ("em_close", "strong_close", "link_close", "span_close"):
                stack.pop()
            elif t == "footnote_ref":
                label = self.note_label(child.meta["label"], line)
                ref = NoteRef(label=label, kind=note_kind(label), line=line)
                self.refs.append(ref)
                out.append(ref)
            elif t in ("html_inline",):
                raise self.error(f"raw HTML is not allowed: {child.content!r}", line,
                                 "write Markdown; escape a literal < as \\<")
            elif t == "image":
                raise self.error("images are not supported yet", line)
            else:
                raise self.error(f"unsupported Markdown ({t})", line)
        return _merge_text(root)

    def note_label(self, label: str, line: int | None) -> str:
        if not NOTE_LABEL.match(label):
            raise self.error(f"note label [^{label}] has characters a note label cannot have",
                             line, LABEL_HINT)
        return label

    # -- blocks -------------------------------------------------------------
    def blocks(self, tokens: list[Token], i: int, end_type: str | None):
        """Read blocks from tokens[i] until `end_type`; return (blocks, notes, i)."""
        blocks: list[Block] = []
        notes: list[Note] = []
        while i < len(tokens):
            tok = tokens[i]
            line = tok.map[0] + 1 if tok.map else None
            t = tok.type
            if end_type and t == end_type:
                return blocks, notes, i + 1
            if t == "heading_open":
                if end_type:
                    # the XML has headings only at the top of a part
                    raise self.error("a heading inside a quote, list or note", line,
                                     "move the heading out, or make it a plain paragraph")
                level = int(tok.tag[1])
                blocks.append(Heading(level, self.inlines(tokens[i + 1], line),
                                      id=tok.attrs.get("id") and str(tok.attrs["id"]), line=line))
                if tok.attrs.get("role"):
                    blocks[-1].role = str(tok.attrs["role"])  # type: ignore[attr-defined]
                i += 3
            elif t == "paragraph_open":
                blocks.append(Paragraph(self.inlines(tokens[i + 1], line), line=line))
                i += 3
            elif t == "blockquote_open":
                inner, inner_notes, i = self.blocks(tokens, i + 1, "blockquote_close")
                if not inner:
                    raise self.error("an empty block quote", line,
                                     "delete the lone `>` or put the quoted text after it")
                notes += inner_notes
                blocks.append(BlockQuote(inner, line=line))
            elif t in ("bullet_list_open", "ordered_list_open"):
                close = t.replace("_open", "_close")
                items: list[list[Block]] = []
                i += 1
                while tokens[i].type != close:
                    assert tokens[i].type == "list_item_open"
                    item, inner_notes, i = self.blocks(tokens, i + 1, "list_item_close")
                    notes += inner_notes
                    items.append(item)
                i += 1
                start = int(tok.attrs.get("start", 1)) if t == "ordered_list_open" else 1
                blocks.append(ListBlock(t == "ordered_list_open", items, start, line=line))
            elif t == "table_open":
                table, i = self.table(tokens, i)
                caption = blocks[-1] if blocks else None
                if (isinstance(caption, Paragraph) and caption.inlines
                        and isinstance(caption.inlines[0], Text)
                        and CAPTION.match(caption.inlines[0].text)
                        and (caption.line is None or CAPTION.match(
                            self.lines[caption.line - 1].lstrip(" >")))):
                    # (as written: an escaped "Table\:" is a paragraph)
                    first = caption.inlines[0]
                    first.text = CAPTION.sub("", first.text, count=1)
                    table.caption = [n for n in caption.inlines if not (isinstance(n, Text) and not n.text)]
                    blocks.pop()
                blocks.append(table)
            elif t == "hr":
                blocks.append(ThematicBreak(line=line))
                i += 1
            elif t == "footnote_reference_open":
                label = self.note_label(tok.meta["label"], line)
                inner, _, i = self.blocks(tokens, i + 1, "footnote_reference_close")
                notes.append(Note(label, note_kind(label), inner, line=line))
            elif t in ("code_block", "fence"):
                raise self.error("code blocks are not supported in a book manuscript", line,
                                 "remove the 4-space indent, or escape the text")
            elif t == "html_block":
                raise self.error("raw HTML is not allowed", line, "write Markdown instead")
            else:
                raise self.error(f"unsupported Markdown ({t})", line)
        if end_type:
            raise self.error(f"unclosed {end_type}", None)
        return blocks, notes, i

    def table(self, tokens: list[Token], i: int) -> tuple[Table, int]:
        start_tok = tokens[i]
        first, last = start_tok.map
        head: list[list[list[Inline]]] = []
        body: list[list[list[Inline]]] = []
        align: list[str | None] = []
        target = head
        row: list[list[Inline]] = []
        i += 1
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tbody_open":
                target = body
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                target.append(row)
            elif tok.type in ("th_open", "td_open"):
                if target is head:
                    style = str(tok.attrs.get("style", ""))
                    m = re.search(r"text-align:(\w+)", style)
                    align.append(m.group(1) if m else None)
                line = tok.map[0] + 1 if tok.map else None
                row.append(self.inlines(tokens[i + 1], line))
                i += 2
            i += 1
        self.check_table_rows(first, last, len(align))
        return Table(caption=[], head=head, body=body, align=align, line=first + 1), i + 1

    def check_table_rows(self, first: int, last: int, ncols: int) -> None:
        """markdown-it pads or cuts ragged rows silently; we refuse them."""
        for no in range(first, last):
            text = QUOTE_MARKERS.sub("", self.lines[no]).strip()
            if no == first + 1 or not text:
                continue
            cells = _split_row(text)
            if len(cells) != ncols:
                raise self.error(
                    f"table row has {len(cells)} cells, the header has {ncols}", no + 1,
                    "add or remove cells (escape a literal | as \\|)")


def _split_row(text: str) -> list[str]:
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return re.split(r"(?<!\\)\|", text)


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for n in nodes:
        if isinstance(n, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + n.text)
        elif isinstance(n, Text) and not n.text:
            continue
        else:
            out.append(n)
    return out


def _definition_lines(text: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    fence = False
    for no, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else re.match(r"^ {0,3}\[\^([^\]\s]+)\]:", line)
        if m:
            found.setdefault(m.group(1), []).append(no)
    return found


def read_chapter(text: str, source: str, chapter_id: str, matter: str = "body") -> Chapter:
    """Parse one manuscript file. Raises PublishError naming file and line."""
    reader = _Reader(source, text)
    for no, line in enumerate(text.split("\n"), 1):
        spaced = SPACED_NOTE_DEFINITION.match(line)
        if spaced:
            raise PublishError(f"note label [^{spaced.group(1)}] contains a space", source, no,
                               LABEL_HINT)
    for label, lines in _definition_lines(text).items():
        if len(lines) > 1:
            raise PublishError(f"two notes with the label [^{label}] (also line {lines[0]})",
                               source, lines[1], "renumber or merge the notes")
    tokens = parser().parse(text, {})
    blocks, notes, _ = reader.blocks(tokens, 0, None)

    if not blocks or not isinstance(blocks[0], Heading) or blocks[0].level != 1:
        line = blocks[0].line if blocks else 1
        raise PublishError("a part must start with its title as a level-1 heading (`# Title`)",
                           source, line)
    title_block = blocks.pop(0)
    for b in blocks:
        if not isinstance(b, Heading):
            continue
        if b.level == 1:
            raise PublishError("a second level-1 heading: one file holds one part",
                               source, b.line, "use ## for sections, or split the file")
        if getattr(b, "role", None):
            raise PublishError("{role=...} on a section heading has no effect", source, b.line,
                               "put it on the line before the part's `# Title`")
        if b.id and not XML_ID.match(b.id):
            raise PublishError(f"heading id {{#{b.id}}} is not a valid id", source, b.line,
                               "start with a letter; use letters, digits, - _ and .")
    title = title_block.inlines
    number = None
    if title and isinstance(title[0], Text):
        m = CHAPTER_NUMBER.match(title[0].text)
        if m:
            number = m.group(1)
            title[0] = Text(title[0].text[m.end():])
    role = getattr(title_block, "role", None)
    if role is None:
        role = infer_role(plain_text(title), matter)
    elif role not in ROLES:
        raise PublishError(f"unknown role {role!r}", source, title_block.line,
                           "roles: " + ", ".join(sorted(ROLES)))

    defined = {n.label for n in notes}
    referenced = {r.label for r in reader.refs}
    for ref in reader.refs:
        ref.resolved = ref.label in defined
    for note in notes:
        if note.label not in referenced:
            raise PublishError(f"note [^{note.label}] is never referred to", source, note.line,
                               f"add [^{note.label}] where the note belongs, or delete the note")
    _number_headings(blocks, chapter_id)
    return Chapter(id=chapter_id, title=title, blocks=blocks, notes=notes, role=role,
                   number=number, source=source)


def _number_headings(blocks: list[Block], chapter_id: str) -> None:
    n = 0
    for b in blocks:
        if isinstance(b, Heading) and not b.id:
            n += 1
            b.id = f"{chapter_id}-s{n}"
