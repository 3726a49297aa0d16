"""Page furniture: the folios (page numbers) and running heads that an
extraction keeps at the top or foot of its pages.

pdftotext sets a page's head and foot apart from its text by blank lines, or
runs them into it; a blank line also stands at each page break. So a folio
is a bare number alone between blank lines, or opening or closing a run of
lines, one of a run of such numbers that counts the pages up, pages apart. A
running head is a short line alone (or opening a run) that comes back on
many of the pages around it, or stands over its own chapter's heading; the
folio may be on its line. One line with its words is the text's own (the
chapter's heading, the title page) and stays. Neither is the book's text:
each is removed, and the report lists every one, so the editor sees what
went. A number or a label among a table's cells, read one a block, is
neither."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

from ..document import Document, Line

PASS = "furniture"
#: lines on a run that can be a page of text; shorter runs are headings, cells
MIN_PAGE = 5
#: folios that count up, at least, before any is taken for one
MIN_FOLIOS = 5
#: a running head comes back on at least this many pages ...
MIN_HEADS = 3
#: ... and on at least this share of the pages between its first and last
HEAD_DENSITY = 0.3
_FOLIO = re.compile(r"\d{1,4}")
_VALUE = re.compile(r"[-–+]?\d[\d,.]*\s*%?")
_WITH_FOLIO = re.compile(r"^(?:\d{1,4}\s+)?(.*?)(?:\s+\d{1,4})?$")
#: headings that come back once a chapter and may fall at a page's top
_RECURRING_HEADINGS = {"notes", "footnotes", "references", "sources"}


def furniture(doc: Document) -> Document:
    removed: set[int] = set()
    by_n = {ln.n: ln for ln in doc.lines}
    for _ in range(2):  # a folio under a running head shows once the head is gone
        runs = _runs([ln for ln in doc.lines if ln.n not in removed])
        edges = _page_edges(runs)
        folios = _folios(edges, runs)
        found = folios | _running_heads(edges, runs, set(folios))
        if not found:
            break
        # (a page's edges, and the second line of a head that wraps)
        for n in sorted(found.keys() - removed):
            ln, what = by_n[n], found[n]
            removed.add(n)
            doc.decide(PASS, ln.n, ln.n, f"removed the {what} ‘{ln.text.strip()}’",
                       "page furniture at a page's top or foot, not the book's text", 0.95)
            doc.report.count("folios removed" if what == "folio" else "running heads removed")
    if removed:
        # the heads still show how the book spells its words ("Counter-revolutionary")
        doc.evidence["furniture_text"] = [ln.text for ln in doc.lines if ln.n in removed]
        doc.lines = [ln for ln in doc.lines if ln.n not in removed]
    return doc


def _runs(lines: list[Line]) -> list[list[Line]]:
    """The runs of lines between blank lines."""
    runs: list[list[Line]] = []
    run: list[Line] = []
    for ln in lines + [Line(0, "")]:
        if ln.text.strip():
            run.append(ln)
        elif run:
            runs.append(run)
            run = []
    return runs


def _page_edges(runs: list[list[Line]]) -> list[tuple[Line, int, int | None]]:
    """The first and last lines of each run, and each line that stands alone
    between blank lines (pdftotext sets a page's head and foot apart so, or
    runs the head into the page's text): each with the number of page-long
    runs before it, and the index of its run, negated for the first line of
    a longer run and None for the last. A folio may close a page's last short
    run ("508" / "61": a table's last cell, then the folio)."""
    edges: list[tuple[Line, int, int | None]] = []
    pages = 0
    for k, run in enumerate(runs):
        if len(run) == 1:
            edges.append((run[0], pages, k))
            continue
        long = len(run) >= MIN_PAGE
        # its foot comes after it, as a line alone after it does
        edges += [(run[0], pages, -k - 1), (run[-1], pages + long, None)]
        pages += long
    return edges


def _folios(edges: list[tuple[Line, int, int | None]], runs: list[list[Line]]
            ) -> dict[int, str]:
    """The longest run of bare numbers at page edges that counts up, a page
    or a few at a time (a full-page table or a chapter's opening page may
    carry none). A number beside a table's cells read one a block is a cell
    too, unless it fills a gap in the run ("41" between "40" and "42")."""
    every = [(ln, int(ln.text.strip()), k is not None and _among_cells(runs, k), page)
             for ln, page, k in edges if _FOLIO.fullmatch(ln.text.strip())]
    cands = [(ln, v, page) for ln, v, cell, page in every if not cell]
    if len(cands) < MIN_FOLIOS:
        return {}
    best = [1] * len(cands)
    prev = [-1] * len(cands)
    for j in range(len(cands)):
        for i in range(max(0, j - 8), j):
            if 1 <= cands[j][1] - cands[i][1] <= 4 and best[i] + 1 > best[j]:
                best[j], prev[j] = best[i] + 1, i
    j = max(range(len(cands)), key=best.__getitem__)
    chain: list[tuple[Line, int, int]] = []
    while j >= 0:
        chain.append(cands[j])
        j = prev[j]
    chain.reverse()
    # folios stand pages apart, and on enough of the pages they span:
    # numbers that count up inside a table do neither
    apart = sum(1 for a, b in pairwise(chain) if b[2] > a[2])
    pages = chain[-1][2] - chain[0][2] + 1
    if len(chain) < MIN_FOLIOS or apart < 0.7 * (len(chain) - 1) or len(chain) < 0.3 * pages:
        return {}
    out = {ln.n: "folio" for ln, _, _ in chain}
    for (a, va, _), (b, vb, _) in pairwise(chain):
        out.update((ln.n, "folio") for ln, v, cell, _ in every
                   if cell and va < v < vb and a.n < ln.n < b.n)
    return out


def _running_heads(edges: list[tuple[Line, int, int | None]], runs: list[list[Line]],
                   folios: set[int]) -> dict[int, str]:
    """Short lines alone or opening a run that come back on the pages around
    them. Not a table's cells, which come back too, among other cells: a
    line alone next to a value that is no folio is left. One line of each
    is the text's own (the chapter's heading, the title page): the first,
    unless a second follows within a page (the running head over the
    chapter's opening page, then its heading)."""
    flat = [ln for run in runs for ln in run]
    index_of = {ln.n: i for i, ln in enumerate(flat)}
    alone = {ln.n for ln, _, k in edges if k is not None and k >= 0}
    at: dict[str, list[tuple[Line, int, bool]]] = defaultdict(list)
    for ln, page, k in edges:
        key = _WITH_FOLIO.match(ln.text.strip()).group(1)
        words = key.split()
        if k is None or not words or len(words) > 12 \
                or not key[0].isupper() and not key[0].isdigit() \
                or key.lower().strip(" .:") in _RECURRING_HEADINGS:
            continue
        at[key].append((ln, page, _among_cells(runs, k, folios)))
    heads, wraps = {}, {}
    for key, every in at.items():
        # a table's cells come back too, beside other cells: they do not count,
        # though a running head over a page that opens with a table goes
        hits = [(ln, page) for ln, page, cell in every if not cell]
        # a sentence is no head
        if not hits or key.endswith((".", ",", ";")):
            continue
        pages = sorted({page for _, page in hits})
        # a head that never stands alone (pdftotext ran it into each page's
        # text) must come back more often, and more closely, to count, unless
        # it wraps the same way on every page
        wrap = _wrap(hits, flat, index_of)
        apart = bool(wrap) or any(ln.n in alone for ln, _, _ in every)
        least, density = (MIN_HEADS, HEAD_DENSITY) if apart else (2 * MIN_HEADS, 2 * HEAD_DENSITY)
        # a chapter's running head over its heading, line for line or with
        # the heading wrapped, shows it however short the chapter
        over_itself = len(hits) > 1 and (
            index_of[hits[1][0].n] == index_of[hits[0][0].n] + 1
            or _over_wrapped_heading(hits[0][0], key, flat, index_of))
        if over_itself or len(pages) >= least \
                and len(pages) >= density * (pages[-1] - pages[0] + 1):
            heads[key] = [(ln, page) for ln, page, _ in every]
            wraps[key] = wrap
    if not heads:
        return {}
    # a page's length in lines: the commonest step from one head to the next
    # (not from a head to the heading under it)
    gaps = sorted(b.n - a.n for hits in heads.values() for (a, _), (b, _) in pairwise(hits)
                  if b.n - a.n >= 2 * MIN_PAGE)
    page_lines = gaps[len(gaps) // 2] if gaps else 40
    # how far below a head its heading may stand on the same page: to the
    # foot when folios mark the pages' ends, else short of a page's length
    reach = page_lines if folios else 0.8 * page_lines
    out: dict[int, str] = {}
    for key, hits in heads.items():
        wrap = wraps[key]
        whole = f"{key} {wrap}" if wrap else key
        # the lines below the first, to the foot of its page
        first = index_of[hits[0][0].n]
        hit_lines = {ln.n for ln, _ in hits}
        below = [ln.text.strip() for ln in flat[first + 1:first + 1 + page_lines]
                 if ln.n < hits[0][0].n + page_lines and ln.n not in hit_lines]
        # a line with the folio on it is furniture whatever else it is; a
        # number the same on every line is the title's own ("... of 1848")
        texts = {ln.text.strip() for ln, _ in hits}
        exact = [i for i, (ln, _) in enumerate(hits)
                 if len(texts) == 1 or ln.text.strip() == key]
        k0 = _letters(whole)
        if not exact or any(_letters(a) == k0 or whole.startswith(a + " ") and len(a.split()) >= 2
                            for a in below):
            own = -1  # over the chapter's opening page, then its heading (wrapped, spelt apart)
        elif len(exact) > 1 and (
                index_of[hits[exact[1]][0].n] == index_of[hits[exact[0]][0].n] + 1
                or hits[exact[1]][0].n - hits[exact[0]][0].n < reach
                and not any(hits[exact[0]][0].n < f < hits[exact[1]][0].n for f in folios)):
            own = exact[1]  # over the opening page, then its heading (no folio between)
        else:
            own = exact[0]  # the heading on a page of its own, or the title page
        out.update((ln.n, "running head") for i, (ln, _) in enumerate(hits) if i != own)
        if wrap:
            after = (_after(ln, flat, index_of) for i, (ln, _) in enumerate(hits) if i != own)
            out.update((a.n, "running head") for a in after
                       if a is not None and a.text.strip() == wrap)
    return out


def _over_wrapped_heading(ln: Line, key: str, flat: list[Line], index_of: dict[int, int]
                          ) -> bool:
    """Whether the two lines under `ln` are its own text wrapped ("2. SFIO Is
    Now Proved by" / "Objective Facts"): the chapter's heading under its
    running head."""
    i = index_of[ln.n]
    under = [x.text.strip() for x in flat[i + 1:i + 3]]
    return len(under) == 2 and len(under[0].split()) >= 2 \
        and _letters(" ".join(under)) == _letters(key)


def _after(ln: Line, flat: list[Line], index_of: dict[int, int]) -> Line | None:
    i = index_of[ln.n] + 1
    return flat[i] if i < len(flat) else None


def _wrap(hits: list[tuple[Line, int]], flat: list[Line], index_of: dict[int, int]) -> str:
    """A long head wraps the same way on every page ("... Counter-
    revolutionary" / "Movement"): the second line's text, if it follows
    nearly every hit, else ""."""
    texts = [a.text.strip() for ln, _ in hits if (a := _after(ln, flat, index_of)) is not None]
    wrap = max(set(texts), key=texts.count) if texts else ""
    if len(hits) >= MIN_HEADS and texts.count(wrap) >= 0.8 * len(hits) \
            and 0 < len(wrap.split()) <= 4 and wrap[:1].isupper() and wrap[-1:].isalnum():
        return wrap
    return ""


def _letters(text: str) -> str:
    return re.sub(r"[\W_]", "", text).lower()


def _among_cells(runs: list[list[Line]], k: int, folios: frozenset[int] | set[int] = frozenset()
                 ) -> bool:
    """Whether run k, a line alone, stands beside a value alone (a folio aside):
    a table's cells read one a block."""
    return k >= 0 and any(0 <= j < len(runs) and len(runs[j]) == 1 and runs[j][0].n not in folios
                          and _VALUE.fullmatch(runs[j][0].text.strip()) for j in (k - 1, k + 1))
