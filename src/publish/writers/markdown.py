"""`Book` -> manuscript folder (book.toml + one Markdown file per part).

One paragraph per line, so that a report can point an editor at a line and a
diff shows one changed paragraph. Text is escaped just enough that the
manuscript reader gives back the same model."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..atomic import atomic_write_text
from ..errors import PublishError
from ..model import (
    Block, BlockQuote, Book, Chapter, Code, Emphasis, Heading, Inline, LeadIn, LineBreak, Link,
    ListBlock, Note, NoteRef, Paragraph, Strong, Table, Text, ThematicBreak, infer_role,
    plain_text,
)

# positions in a file: id(block or note) -> (file name, line)
Locations = dict[int, tuple[str, int]]


#: what Markdown would read as syntax inside a run of text: emphasis marks,
#: a footnote's "[^", a link's "](", an HTML tag, an entity
_SYNTAX = re.compile(r"[*_`]|\[(?=\^)|\](?=[(\[{:])(?!\[\^)|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")
_SPACES = re.compile(r"\s+")


def escape_text(text: str, in_table: bool = False) -> str:
    text = text.replace("\\", "\\\\")
    text = _SYNTAX.sub(r"\\\g<0>", text)
    text = _SPACES.sub(" ", text)
    if in_table:
        text = text.replace("|", "\\|")
    return text


def _escape_line_start(line: str) -> str:
    """Escape what would make a paragraph's first characters block syntax."""
    m = re.match(r"^(\d{1,9})([.)])(\s|$)", line)
    if m:
        return m.group(1) + "\\" + line[len(m.group(1)):]
    if re.match(r"^[#>+\-=~{|]", line):
        return "\\" + line
    m = re.match(r"^(Table|table)?:\s", line)
    if m:
        # not a table caption: "Table\: ..." reads as text
        k = len(m.group(1) or "")
        return line[:k] + "\\" + line[k:]
    return line


def render_inlines(nodes: list[Inline], in_table: bool = False) -> str:
    out: list[str] = []
    for n in nodes:
        if isinstance(n, Text):
            out.append(escape_text(n.text, in_table))
        elif isinstance(n, Emphasis):
            out.append("*" + render_inlines(n.children, in_table) + "*")
        elif isinstance(n, Strong):
            out.append("**" + render_inlines(n.children, in_table) + "**")
        elif isinstance(n, LeadIn):
            out.append("[" + render_inlines(n.children, in_table) + "]{.lead-in}")
        elif isinstance(n, NoteRef):
            out.append(f"[^{n.label}]")
        elif isinstance(n, Link):
            out.append("[" + render_inlines(n.children, in_table) + "](" + n.href + ")")
        elif isinstance(n, Code):
            tick = "``" if "`" in n.text else "`"
            out.append(f"{tick}{n.text}{tick}")
        elif isinstance(n, LineBreak):
            out.append("\\\n")
    return "".join(out).strip(" ")


class _Writer:
    def __init__(self, name: str):
        self.name = name
        self.lines: list[str] = []
        self.locations: Locations = {}

    def mark(self, node) -> None:
        self.locations[id(node)] = (self.name, len(self.lines) + 1)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def blocks(self, blocks: list[Block]) -> None:
        for b in blocks:
            self.blank()
            self.block(b)

    def block(self, b: Block) -> None:
        if isinstance(b, Paragraph):
            self.mark(b)
            self.lines += _escape_line_start(render_inlines(b.inlines)).split("\n")
        elif isinstance(b, Heading):
            self.mark(b)
            text = render_inlines(b.inlines).replace("\n", " ")
            self.lines.append("#" * b.level + " " + re.sub(r"#+$", lambda m: "\\" + m.group(0), text))
        elif isinstance(b, BlockQuote):
            self.nested(b, b.blocks, lambda i: "> ", lambda i: ">")
        elif isinstance(b, ListBlock):
            self.mark(b)
            for k, item in enumerate(b.items):
                marker = f"{b.start + k}. " if b.ordered else "- "
                pad = " " * len(marker)
                self.nested(None, item or [Paragraph([])],
                            lambda i, m=marker, p=pad: m if i == 0 else p, lambda i: "")
        elif isinstance(b, Table):
            self.table(b)
        elif isinstance(b, ThematicBreak):
            self.mark(b)
            self.lines.append("* * *")

    def nested(self, node, blocks: list[Block], prefix, blank_prefix) -> None:
        sub = _Writer(self.name)
        sub.blocks(blocks)
        start = len(self.lines)
        if node is not None:
            self.mark(node)
        for i, line in enumerate(sub.lines):
            self.lines.append((prefix(i) + line) if line else blank_prefix(i))
        for key, (name, line) in sub.locations.items():
            self.locations[key] = (name, start + line)

    def table(self, t: Table) -> None:
        ncols = max([len(r) for r in t.head + t.body] + [len(t.align), 1])
        rows = [list(r) + [[]] * (ncols - len(r)) for r in t.head + t.body]
        if not t.head:
            rows.insert(0, [[]] * ncols)
        if t.caption:
            self.lines.append("Table: " + render_inlines(t.caption).replace("\n", " "))
            self.lines.append("")
        self.mark(t)
        align = list(t.align) + [None] * (ncols - len(t.align))
        cells = [[render_inlines(c, in_table=True).replace("\n", " ") or " " for c in r]
                 for r in rows]
        widths = [max(3, *(len(r[i]) for r in cells)) for i in range(ncols)]
        def fmt(row):
            return "| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(row)) + " |"
        rule = []
        for i, a in enumerate(align):
            w = widths[i]
            rule.append({"right": "-" * (w - 1) + ":", "center": ":" + "-" * (w - 2) + ":",
                         "left": ":" + "-" * (w - 1)}.get(a or "", "-" * w))
        self.lines.append(fmt(cells[0]))
        self.lines.append("| " + " | ".join(rule) + " |")
        for r in cells[1:]:
            self.lines.append(fmt(r))

    def note(self, n: Note) -> None:
        label = f"[^{n.label}]:"
        self.nested(n, n.blocks or [Paragraph([])], lambda i: label + " " if i == 0 else "    ",
                    lambda i: label if i == 0 else "")


def chapter_markdown(ch: Chapter, name: str = "") -> tuple[str, Locations]:
    w = _Writer(name)
    title = render_inlines(ch.title).replace("\n", " ")
    if ch.number:
        title = f"{ch.number}. {title}"
    else:
        title = _escape_line_start(title) if re.match(r"^\d+[.)]\s", title) else title
    matter = {"frontmatter": "front", "backmatter": "back"}.get(ch.matter, "body")
    if infer_role(plain_text(ch.title), matter) != ch.role:
        w.lines.append(f"{{role={ch.role}}}")
    w.lines.append("# " + title)
    w.blocks(ch.blocks)
    for n in ch.notes:
        w.blank()
        w.note(n)
    return "\n".join(w.lines).rstrip("\n") + "\n", w.locations


def slugify(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug.rfind("-", 0, limit + 1)
        slug = slug[:cut] if cut > limit // 2 else slug[:limit]
    return slug.rstrip("-") or "part"


def file_names(book: Book) -> list[str]:
    names: list[str] = []
    for ch in book.chapters:
        slug = slugify(plain_text(ch.title))
        base = f"{int(ch.number):02d}-{slug}" if ch.number and ch.number.isdigit() else slug
        name, k = f"{base}.md", 2
        while name in names:
            name, k = f"{base}-{k}.md", k + 1
        names.append(name)
    return names


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _toml_list(values: list[str]) -> str:
    if not values:
        return "[]"
    return "[\n" + "".join(f"    {_toml_str(v)},\n" for v in values) + "]"


def book_toml(book: Book, names: list[str]) -> str:
    m = book.metadata
    front = [n for n, ch in zip(names, book.chapters) if ch.matter == "frontmatter"]
    back = [n for n, ch in zip(names, book.chapters) if ch.matter == "backmatter"]
    body = [n for n, ch in zip(names, book.chapters) if ch.matter == "bodymatter"]
    lines = ["[book]"]
    for key in ("title", "subtitle"):
        lines.append(f"{key} = {_toml_str(getattr(m, key))}")
    lines.append(f"authors = {_toml_list(m.authors)}")
    for key in ("language", "publisher", "identifier", "isbn", "date", "rights", "description"):
        lines.append(f"{key} = {_toml_str(getattr(m, key))}")
    lines.append(f"credits = {_toml_list(m.credits)}")
    lines += ["", "[original]"]
    for key in ("publisher", "place", "year"):
        lines.append(f"{key} = {_toml_str(getattr(m.original, key))}")
    lines += ["", "[print]", f"trim_size = {_toml_str(m.print.trim_size)}",
              f"endnotes = {_toml_str(m.print.endnotes)}"]
    lines += ["", "[contents]", f"front = {_toml_list(front)}", f"chapters = {_toml_list(body)}",
              f"back = {_toml_list(back)}"]
    return "\n".join(lines) + "\n"


def write_manuscript(book: Book, out_dir: str | Path, force: bool = False) -> Locations:
    """Write book.toml and the Markdown files. Each file is written atomically;
    files that a previous import listed and this one does not are removed.
    Other files in the folder (the raw source, errata) are left alone."""
    out = Path(out_dir)
    toml_path = out / "book.toml"
    old: list[str] = []
    if toml_path.exists():
        if not force:
            raise PublishError("a manuscript already exists here", str(toml_path),
                               hint="use --force to overwrite it, or choose another -o folder")
        try:
            from ..manuscript.config import load_config

            old = [n for n, _ in load_config(out).files]
        except PublishError:
            old = []
    names = file_names(book)
    locations: Locations = {}
    for name, ch in zip(names, book.chapters):
        text, locs = chapter_markdown(ch, name)
        atomic_write_text(out / name, text)
        locations.update(locs)
    atomic_write_text(toml_path, book_toml(book, names))
    for stale in set(old) - set(names):
        p = out / stale
        # book.toml may name "../x.md": never delete outside the manuscript
        if p.suffix == ".md" and p.is_file() and p.resolve().parent == out.resolve():
            p.unlink()
    return locations
