"""XML intermediate -> print-ready PDF.

1. Every part (chapter, front and back matter, the collected notes) and the
   prelims are rendered as separate WeasyPrint documents in a process pool.
   Parts open on a recto, so a part's layout does not depend on where it
   falls in the book; its text block is centred.
2. With every page count known, the page numbers (roman in the front
   matter, arabic from 1 at the first body part), the gutter (KDP's table)
   and the contents follow. The contents and the "stamps" (each distinct
   running head once, every folio once) are rendered last, side by side.
   No page-number references (target-counter) are left for WeasyPrint to
   resolve, so nothing is laid out twice.
3. pikepdf merges the parts, mirrors the margins, lays the running heads
   and folios over the text and rebuilds bookmarks, links and (screen
   profile) the structure tree.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from ..atomic import atomic_path
from ..errors import PublishError
from .book import BookMeta, Part, read_meta, read_parts
from .geometry import PageGeometry, trim_size
from .html import (
    CONTENTS_ID,
    NOTES_ID,
    ContentsEntry,
    contents_document,
    notes_document,
    part_document,
    prelims_document,
    stamps_document,
)
from .merge import DocInfo, PageStamps, Slot, assemble
from .render import RenderJob, RenderPool, RenderResult
from .styles import check_stylesheet, default_styles_dir

# Part ids are XML IDs, which cannot hold a colon: a chapter file named
# contents.md or prelims.md must not take the place of these documents.
PRELIMS = "publish:prelims"
CONTENTS = "publish:contents"
STAMPS = "publish:stamps"
#: pages before the contents: half-title, blank, title page, imprint
PRELIM_PAGES = 4


@dataclass
class BookPart:
    """A part in book order, with what the page furniture needs."""

    key: str
    title: str
    matter: str
    number: str | None
    target: str
    in_contents: bool = True


@dataclass
class Report:
    """What a build did, for the CLI's progress and the benchmark."""

    pages: int
    seconds: float
    max_rss_mb: float
    parts: dict[str, RenderResult]


def write_pdf(root, out_path, profile: str = "print", proof: bool = False,
              jobs: int | None = None, progress: Callable[[str], None] | None = None,
              styles_dir: str | os.PathLike | None = None) -> Report:
    """Write the print (or screen) PDF of the book in the XML tree `root`."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    if profile not in ("print", "screen"):
        raise PublishError(f"unknown PDF profile {profile!r}", hint="use print or screen")
    meta = read_meta(root)
    trim = trim_size(meta.trim_size)
    parts = read_parts(root)
    styles = Path(styles_dir) if styles_dir else default_styles_dir()
    check_stylesheet(styles)
    workers = jobs or min(2, os.cpu_count() or 1)

    common = {"styles_dir": str(styles), "trim": trim.name, "profile": profile}
    with RenderPool(workers, warm=RenderJob("warm", "", "", **common)) as pool:
        order, documents = _plan(parts, meta, profile)
        costliest_first = sorted(documents.items(), key=lambda item: -item[1][1])
        sources = {p.id: p.source for p in parts}
        render_jobs = (RenderJob(key=k, label=label, html=make(), cost=cost,
                                 source=sources.get(k), **common)
                       for k, (label, cost, make) in costliest_first)
        total = len(documents)
        finished = []

        def done(result: RenderResult) -> None:
            finished.append(result)
            say(f"pdf: {len(finished)}/{total} {result.label} ({result.pages} pages, "
                f"{result.seconds:.1f} s)")
            for warning in result.warnings:
                say(f"pdf: warning in {result.label}: {warning}")

        results = pool.run(render_jobs, done, presorted=True)
        counts = {key: r.pages for key, r in results.items()}

        # The contents and the running heads and folios come last, together.
        # The contents' own length moves everything after it: guess, and in
        # the rare case the guess is wrong render both again.
        contents_pages = 1
        for _ in range(3):
            layout = _paginate(order, counts | {CONTENTS: contents_pages})
            entries = [ContentsEntry(p.target, p.title, p.number,
                                     layout.folio(layout.start[p.key]), p.matter)
                       for p in order if p.in_contents]
            heads, folios, per_page = layout.furniture(meta)
            last = pool.run([
                RenderJob(CONTENTS, "contents", contents_document(entries, meta, profile),
                          cost=2, **common),
                RenderJob(STAMPS, "running heads and folios",
                          stamps_document(heads, folios, meta, profile, proof), proof=proof,
                          book_pages=layout.total, anchors=True, tagged=False, cost=1,
                          **common)])
            if last[CONTENTS].pages == contents_pages:
                break
            contents_pages = last[CONTENTS].pages
        else:
            raise PublishError("the contents do not settle on a page count")
    results[CONTENTS] = contents = last[CONTENTS]
    stamps = last[STAMPS]
    say(f"pdf: contents ({contents.pages} pages), {len(heads)} running heads, "
        f"{len(folios)} folios")

    geometry = PageGeometry(trim, layout.total, proof)
    geometry.check()

    info = DocInfo(meta.title, meta.authors, meta.language, meta.description or meta.subtitle,
                   _pdf_date(meta))
    with atomic_path(out_path) as tmp:
        pages = assemble(layout.slots, {k: r.pdf for k, r in results.items()}, stamps.pdf,
                         PageStamps(per_page, stamps.anchors, proof), geometry, profile, info,
                         tmp)
    say(f"pdf: {pages} pages, gutter {geometry.inner_mm:.1f} mm")
    rss = max([r.max_rss_mb for r in results.values()] + [stamps.max_rss_mb])
    return Report(pages, time.perf_counter() - started, rss, results)


def _plan(parts: list[Part], meta: BookMeta, profile: str):
    """Book order and the HTML of every rendered document."""
    notes_at_back = meta.endnotes == "book" and any(p.endnotes() for p in parts)
    front = [p for p in parts if p.matter == "frontmatter"]
    body = [p for p in parts if p.matter == "bodymatter"]
    back = [p for p in parts if p.matter == "backmatter"]
    # key -> (label, cost, make the HTML): the HTML is made just before its
    # job is submitted, so the first workers start while the rest is written
    documents: dict[str, tuple[str, int, Callable[[], str]]] = {
        PRELIMS: ("prelims", 1, lambda: prelims_document(meta, profile))}
    order = [BookPart(PRELIMS, meta.title, "frontmatter", None, "", in_contents=False),
             BookPart(CONTENTS, "Contents", "frontmatter", None, CONTENTS_ID, in_contents=False)]
    for part in front + body:
        order.append(BookPart(part.id, part.title, part.matter, part.number, part.id))
    # collected notes come after appendices and before bibliography or glossary
    tail = [p for p in back if p.role in ("bibliography", "glossary")]
    for part in back:
        if part not in tail:
            order.append(BookPart(part.id, part.title, part.matter, part.number, part.id))
    if notes_at_back:
        order.append(BookPart(NOTES_ID, "Notes", "backmatter", None, NOTES_ID))
        documents[NOTES_ID] = ("Notes", sum(len(" ".join(n.itertext())) for p in parts
                                            for n in p.endnotes()),
                               lambda: notes_document(parts, meta, profile))
    for part in tail:
        order.append(BookPart(part.id, part.title, part.matter, part.number, part.id))
    for part in parts:
        label = f"chapter {part.number}: {part.title}" if part.number else part.title
        documents[part.id] = (label, part.text_size(),
                              partial(part_document, part, meta, profile, notes_at_back))
    return order, documents


@dataclass
class _Layout:
    slots: list[Slot]
    start: dict[str, int]  # physical page (1-based) where each part opens
    kinds: list[tuple[str | None, bool]]  # per page: (part key or None, opener)
    first_arabic: int
    titles: dict[str, str]
    total: int

    def folio(self, page: int) -> str:
        if page >= self.first_arabic:
            return str(page - self.first_arabic + 1)
        return roman(page)

    def furniture(self, meta: BookMeta):
        """Running heads and folios: the distinct heads (text, recto?), every
        folio (text, recto?), and per page (head index, folio index) or None.
        Versos carry the book title, rectos the part's title; openers, blank
        pages and the prelims carry nothing."""
        heads: dict[tuple[str, bool], int] = {}
        folios: list[tuple[str, bool]] = []
        per_page: list[tuple[int, int] | None] = []
        for index, (key, opener) in enumerate(self.kinds, start=1):
            if key is None or key == PRELIMS or opener:
                per_page.append(None)
                continue
            recto = index % 2 == 1
            head = (self.titles[key] if recto else meta.title, recto)
            folios.append((self.folio(index), recto))
            per_page.append((heads.setdefault(head, len(heads)), len(folios) - 1))
        return list(heads), folios, per_page


def _paginate(order: list[BookPart], counts: dict[str, int]) -> _Layout:
    slots, start, kinds = [], {}, []
    page = 0
    first_arabic = None
    for part in order:
        if page % 2 == 1:  # parts open on a recto: a blank verso first
            slots.append(Slot(None, 1))
            kinds.append((None, False))
            page += 1
        start[part.key] = page + 1
        if first_arabic is None and part.matter != "frontmatter":
            first_arabic = page + 1
        slots.append(Slot(part.key, counts[part.key]))
        kinds.extend((part.key, i == 0) for i in range(counts[part.key]))
        page += counts[part.key]
    return _Layout(slots, start, kinds, first_arabic or page + 1,
                   {p.key: p.title for p in order}, page)


def roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _pdf_date(meta: BookMeta) -> str:
    """The build time: SOURCE_DATE_EPOCH, else the manuscript's `modified`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = None
    if epoch:
        try:
            when = datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            raise PublishError(f"SOURCE_DATE_EPOCH is not a number: {epoch!r}") from None
    else:
        for text in (meta.modified, meta.date):
            if not text:
                continue
            try:
                when = datetime.fromisoformat(text)
                break
            except ValueError:
                continue
    if when is None:
        when = datetime(1970, 1, 1, tzinfo=UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")
