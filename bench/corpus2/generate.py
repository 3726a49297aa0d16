"""A second, independent test-book generator (real prose, own page styles).

    python bench/corpus2/generate.py --seeds 1-8 -o /tmp/c2 [--keep-html]

Each book is composed from a seed out of sentences of the first title's corrected
manuscript (manuscript/*.md), set as XHTML with its own CSS, rendered with
WeasyPrint, extracted with `pdftotext` (no -layout), each form feed turned into a
blank line. Writes book-N.txt (raw) and book-N.json (truth in the format
tests/corpus_score.py reads). The truth is read back from the very XHTML that was
rendered, with the scorer's own reading rules, so truth and page cannot drift.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from functools import cache, lru_cache
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import corpus_score

MANUSCRIPT = ROOT / "manuscript"

# --- the prose pool -------------------------------------------------------------

_SENT_SPLIT = re.compile(r"(?<=[.!?])(?:[’”])?\s+(?=[‘“(]?[A-Z0-9])")


def _strip_md(line: str) -> str:
    line = re.sub(r"\[\^[^\]]*\]", "", line)            # note refs
    line = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", line)  # [lead in]{.lead-in}
    line = re.sub(r"\{[^}]*\}", "", line)               # stray attributes
    line = re.sub(r"(\*\*|\*|__|_)(\S.*?\S|\S)\1", r"\2", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    return " ".join(line.split())


@lru_cache(maxsize=1)
def prose() -> dict:
    sentences: list[str] = []
    citations: list[str] = []
    files = sorted(MANUSCRIPT.glob("[0-9][0-9]-*.md")) + [MANUSCRIPT / "introduction.md"]
    for f in files:
        for raw in f.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\[\^\d+\]:", raw):        # endnote definitions: citation style
                citations.append(_strip_md(raw.split(":", 1)[1]))
                continue
            if (not raw.strip() or raw.startswith(("#", "|", "Table:", "[^", "{"))
                    or re.match(r"^\s*(\d+\.|[-*])\s", raw)):
                continue
            text = _strip_md(raw.lstrip("> "))
            for s in _SENT_SPLIT.split(text):
                s = s.strip()
                n = len(s.split())
                # whole sentences only: quotes balanced enough, sane length
                if 4 <= n <= 55 and s[-1] in ".!?’”" and s[0].isupper() or (
                        4 <= n <= 55 and s[:1] in "‘“" and s[-1] in ".!?’”"):
                    sentences.append(s)
    sentences = sorted(set(sentences))
    return {"sentences": sentences, "citations": sorted(set(citations))}


_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "by", "with", "at",
          "from", "as", "into", "against", "after", "before", "over", "under", "its", "their"}


def _title_case(words: list[str]) -> str:
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in _SMALL:
            out.append(w.lower())
        elif w[:1].islower():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


def make_title(rng: random.Random, lo: int, hi: int) -> str:
    """A heading made of a phrase of the prose: the tail of a clause, which is
    usually a noun phrase ('The Collapse of the Left Opposition')."""
    pool = prose()["sentences"]
    for _ in range(500):
        clauses = re.split(r"\s*[,;:.!?…–()\[\]‘’“”]+\s*", rng.choice(pool))
        words = rng.choice(clauses).split()
        starts = [i for i, w in enumerate(words)
                  if (w[0].isupper() or w.lower() == "the") and lo <= len(words) - i <= hi]
        if not starts:
            continue
        span = words[rng.choice(starts):]
        if span[-1].lower() in _SMALL or not re.search(r"[A-Za-z]", span[-1]) or \
                re.match(r"^\d", span[0]):  # a leading number would read as a chapter number
            continue
        if len(span) == 1 or not any(len(w) > 3 for w in span[1:]):
            continue
        title = _title_case(span)
        if rng.random() < 0.08:
            title += "?"
        return title
    return "The Question of Power"


# --- composing a book -----------------------------------------------------------

# WeasyPrint's default is no hyphenation; with it on, breaks carry U+2010 that
# pdftotext keeps (see README): off unless --hyphenate
HYPHENATE = False
#: pinned style choices (--set key=value), applied after the seed's own draws so
#: that a book's text stays the same: for ablations
OVERRIDES: dict[str, str] = {}

FONTS = ["Liberation Serif", "DejaVu Serif", "EB Garamond", "Liberation Sans",
         "DejaVu Sans", "DejaVu Serif Condensed", "Liberation Sans Narrow"]
PUBLISHERS = [("Bookmarks", "London"), ("Pluto Press", "London"), ("Monad Press", "New York"),
              ("Pathfinder", "New York"), ("Haymarket Books", "Chicago"), ("Merlin Press", "London"),
              ("Porcupine Press", "London"), ("Index Books", "Glasgow")]
AUTHORS = ["Tony Cliff", "Duncan Hallas", "Chris Harman", "Mary Phillips", "Donny Gluckstein",
           "Jean Peltier", "Ahmed Shawki", "Lindsey German", "Knut Sand", "Elana Dallas"]
SOURCES = ["Biulleten Oppozitsii", "Writings of Leon Trotsky", "Pravda", "Inprecorr",
           "The Militant", "La Vérité", "New International", "Trotsky, Sochineniia"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ROW_LABELS = ["Horses", "Cattle", "Hogs", "Sheep & goats", "North Caucasus", "Ukraine",
              "Central Black Earth Region", "Lower Volga", "Siberia", "Moscow Region",
              "Industrial workers", "Collective farmers", "Individual peasants", "Coal",
              "Pig iron", "Steel", "Oil", "Electricity (m. kWh)", "Cotton fabrics (m. metres)",
              "Tractors", "Grain", "Large-scale industry", "Consumer goods", "Total"]
COL_LABELS = ["Production", "Procurement", "Procurement as % of Production", "% Decline",
              "Plan", "Actual", "Fulfilment %", "Members", "Votes", "Seats", "Index",
              "Output", "Change", "Share of total %", "Wages (roubles)", "Prices"]
CAPTIONS = ["Number of livestock, 000s", "Production and government procurements of grain (m. tons)",
            "Percentage of peasant households collectivised", "Output of heavy industry",
            "Membership of the Communist Party", "Election results, 1928-1933",
            "Fulfilment of the First Five-Year Plan", "Real wages of industrial workers",
            "Strikes and strikers", "Sown area (m. hectares)", "Votes cast (000s)"]


class Book:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.used: set[str] = set()

    def sentence(self) -> str:
        pool = prose()["sentences"]
        for _ in range(50):
            s = self.rng.choice(pool)
            # an elided opening only inside quotations in the source: rarely elsewhere
            if s.startswith("…") and self.rng.random() < 0.8:
                continue
            if s not in self.used:
                self.used.add(s)
                return s
        return self.rng.choice(pool)

    def sentences(self, lo: int, hi: int) -> list[str]:
        return [self.sentence() for _ in range(self.rng.randint(lo, hi))]

    def note_text(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.3 and prose()["citations"]:
            return rng.choice(prose()["citations"])
        if r < 0.6:
            src = rng.choice(SOURCES)
            y = rng.randint(1927, 1940)
            a = rng.randint(1, 300)
            pages = f"p.{a}" if rng.random() < 0.5 else f"pp.{a}-{a + rng.randint(1, 9)}"
            if src.startswith("Writings"):
                return f"{src} ({y}-{str(y + 1)[2:]}), {pages}."
            return f"{src}, No.{rng.randint(1, 90)}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {y}, {pages}."
        return " ".join(self.sentences(1, 3))


def compose(seed: int) -> tuple[dict, str]:
    """The book's structure as XHTML body and its style choices."""
    b = Book(seed)
    rng = b.rng
    style = choose_style(rng)
    chapters = []
    if rng.random() < 0.6:
        chapters.append(("Introduction", None))
    for n in range(1, rng.randint(2, 5) + 1):
        chapters.append((make_title(rng, 3, 12 if rng.random() < 0.3 else 7), n))
    title = make_title(rng, 2, 6)
    pub, place = rng.choice(PUBLISHERS)
    meta = {"title": title, "subtitle": f"{rng.randint(1917, 1930)}-{rng.randint(1931, 1945)}",
            "author": rng.choice(AUTHORS), "publisher": pub, "place": place,
            "year": str(rng.randint(1960, 1999))}

    body: list[str] = []
    toc: list[str] = []
    n_tables = rng.randint(2, 4)
    table_slots = sorted(rng.sample(range(len(chapters) * 3), min(n_tables, len(chapters) * 3)))
    quote_target = rng.randint(4, 8)
    for ci, (ctitle, num) in enumerate(chapters):
        cid = f"c{ci}"
        head = f"{num}. {ctitle}" if num else ctitle
        toc.append(head)
        # a printed Contents gives pages (--set toc_pages=1): headings get ids
        hid = f' id="t{len(toc)}"' if OVERRIDES.get("toc_pages") else ""
        endnotes: list[tuple[str, str]] = []
        footnotes: list[tuple[str, str]] = []

        def call(kind: str) -> str:
            if kind == "fn":
                label = f"{len(footnotes) + 1}*"
                footnotes.append((label, b.note_text()))
                nid = f"{cid}-fn{len(footnotes)}"
            else:
                label = str(len(endnotes) + 1)
                endnotes.append((label, b.note_text()))
                nid = f"{cid}-en{len(endnotes)}"
            return (f'<a data-type="noteref" class="noteref" id="{nid}-ref" '
                    f'href="#{nid}">[{label}]</a>')

        def para(sents: list[str], lead: bool = False, marks: bool = True) -> str:
            parts = []
            for i, s in enumerate(sents):
                text = escape(s, quote=False)
                if i == 0 and lead:
                    words = text.split(" ")
                    k = rng.choice([1, 2, 2, 2, 3]) if len(words) > 4 else 1
                    text = (f'<span class="lead-in">{" ".join(words[:k])}</span> '
                            + " ".join(words[k:]))
                if marks and rng.random() < 0.10:
                    text += " " + call("fn" if rng.random() < 0.2 else "en")
                parts.append(text)
            return "<p>" + " ".join(parts) + "</p>"

        def quote() -> str:
            inner = []
            for k in range(rng.choice([1, 1, 1, 2, 2, 3])):
                inner.append(para(b.sentences(1, 6), marks=False))
            if rng.random() < 0.3:
                items = "".join(f"<li>{escape(' '.join(b.sentences(1, 2)), quote=False)}</li>"
                                for _ in range(rng.randint(2, 4)))
                inner.insert(rng.randint(0, len(inner)), f"<ol>{items}</ol>")
                if not inner[-1].startswith("<p>"):
                    inner.append(para(b.sentences(1, 2), marks=False))
            # the call ends the quotation, as in the source
            if rng.random() < 0.8:
                inner[-1] = inner[-1][:-4] + " " + call("en") + "</p>"
            return "<blockquote>" + "".join(inner) + "</blockquote>"

        def table() -> str:
            ncol = rng.randint(2, 5)
            nrow = rng.randint(3, 7)
            kind = rng.choice(["year", "date", "label"])
            corner = {"year": ["Year", ""], "date": ["Date", ""], "label": ["", "", "Region"]}
            heads = [rng.choice(corner[kind])] + rng.sample(COL_LABELS, ncol - 1)
            if kind == "year":
                y0 = rng.randint(1913, 1935)
                labels = [f"{y0 + i}" if rng.random() < 0.6 else f"{y0 + i}-{str(y0 + i + 1)[2:]}"
                          for i in range(nrow)]
            elif kind == "date":
                labels = [f"1 {rng.choice(['Jan.', 'Feb.', 'Mar.', 'Jun.', 'Oct.'])} {1928 + i}"
                          for i in range(nrow)]
            else:
                labels = rng.sample(ROW_LABELS, nrow)

            def num() -> str:
                r = rng.random()
                if r < 0.35:
                    return f"{rng.uniform(0.5, 99.9):.1f}"
                if r < 0.7:
                    return f"{rng.randint(1000, 250000):,}"
                if r < 0.9:
                    return str(rng.randint(1, 999))
                return f"{rng.uniform(-40, -0.5):.1f}"
            rows = [[lab] + [num() for _ in range(ncol - 1)] for lab in labels]
            cap = escape(rng.choice(CAPTIONS), quote=False)
            if rng.random() < 0.8:  # the source's captions usually carry the call
                cap += call("en")
            th = "".join(f"<th>{escape(h, quote=False)}</th>" for h in heads)
            tb = "".join("<tr>" + f"<th>{escape(r[0], quote=False)}</th>"
                         + "".join(f'<td class="num">{c}</td>' for c in r[1:]) + "</tr>"
                         for r in rows)
            return (f"<table><caption>{cap}</caption><thead><tr>{th}</tr></thead>"
                    f"<tbody>{tb}</tbody></table>")

        out = [f'<section data-type="chapter" id="{cid}"><h1{hid}>{escape(head, quote=False)}</h1>']
        n_sections = rng.choice([0, 2, 3, 3, 4, 5]) if num else rng.choice([0, 0, 2])
        blocks_per = [rng.randint(3, 8)] + [rng.randint(3, 7) for _ in range(n_sections)]
        for si, nblocks in enumerate(blocks_per):
            if si:
                stitle = make_title(rng, 2, 9)
                listed = rng.random() < 0.9
                sid = f' id="t{len(toc) + 1}"' if listed and OVERRIDES.get("toc_pages") else ""
                out.append(f"<h2{sid}>{escape(stitle, quote=False)}</h2>")
                if listed:
                    toc.append(stitle)
            for k in range(nblocks):
                # two quotes in a row read as one quote of two paragraphs: keep them apart
                if (k > 0 and quote_target > 0 and not out[-1].startswith("<blockquote")
                        and rng.random() < 0.18):
                    quote_target -= 1
                    out.append(quote())
                    continue
                slot = ci * 3 + min(si, 2)
                if k > 1 and slot in table_slots:
                    table_slots.remove(slot)
                    out.append(table())
                    continue
                out.append(para(b.sentences(1, 12), lead=(k == 0)))
        if footnotes:
            out.append('<section data-type="footnotes" class="footnotes"><h3>Footnotes</h3>'
                       + "".join(f'<aside data-type="footnote" id="{cid}-fn{i + 1}"><p>'
                                 f'<span class="label">{lab}.</span> {escape(t, quote=False)}</p></aside>'
                                 for i, (lab, t) in enumerate(footnotes)) + "</section>")
        if endnotes:
            out.append('<section data-type="endnotes" class="endnotes"><h3>Notes</h3>'
                       + "".join(f'<aside data-type="endnote" id="{cid}-en{i + 1}"><p>'
                                 f'<span class="label">{lab}.</span> {escape(t, quote=False)}</p></aside>'
                                 for i, (lab, t) in enumerate(endnotes)) + "</section>")
        out.append("</section>")
        body.extend(out)

    title_html = (f'<section data-type="titlepage" class="titlepage">'
                  f'<p class="btitle">{escape(meta["title"], quote=False)}</p>'
                  f'<p class="bsub">{meta["subtitle"]}</p>'
                  f'<p class="bauthor">{escape(meta["author"], quote=False)}</p>'
                  f'<p class="bpub">{escape(meta["publisher"], quote=False)}, {meta["place"]}, '
                  f'{meta["year"]}.</p></section>')
    if OVERRIDES.get("toc_pages"):
        entries = "".join(f'<p><a href="#t{i}">{escape(t, quote=False)}</a></p>'
                          for i, t in enumerate(toc, 1))
    else:
        entries = "".join(f"<p>{escape(t, quote=False)}</p>" for t in toc)
    toc_html = '<nav data-type="toc" class="toc"><p class="toch">Contents</p>' + entries + "</nav>"
    html = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>'
            f'<title>{escape(meta["title"], quote=False)}</title><style>{style["css"]}</style>'
            "</head><body>" + title_html + toc_html + "".join(body) + "</body></html>")
    return {"meta": meta, "style": style}, html


# --- page styles ----------------------------------------------------------------


@cache
def em_per_char(font: str) -> float:
    """Average advance of a character of prose in em, measured once per font."""
    text = " ".join(prose()["sentences"][:60])
    html = (f"<html><head><style>@page{{size:400mm 2000mm;margin:0}} body{{margin:0;"
            f"font-family:'{font}';font-size:10pt;width:150mm;text-align:left;hyphens:manual}}"
            f"</style></head><body><p>{escape(text)}</p></body></html>")
    lines = render_text(html).splitlines()
    full = [len(x) for x in lines[:-1] if x.strip()]
    mean = sum(full) / len(full) + 0.5  # a ragged line leaves about half a word
    return 150 / 25.4 * 72 / 10 / mean


def choose_style(rng: random.Random) -> dict:
    font = rng.choice(FONTS)
    size = rng.choice([9.5, 10, 10.5, 11, 11.5, 12])
    cpl = rng.randint(55, 80)
    lpp = rng.randint(28, 42)
    lh = rng.choice([1.2, 1.25, 1.3, 1.4, 1.5])
    justified = rng.random() < 0.6
    indent = rng.random() < 0.6
    hyph = HYPHENATE and rng.random() < 0.5
    o = OVERRIDES
    font = o.get("font", font)
    justified = o["justified"] == "1" if "justified" in o else justified
    indent = o["indent"] == "1" if "indent" in o else indent
    # a set line averages a little over the measured mean: aim full lines at cpl
    width_pt = 0.97 * cpl * size * em_per_char(font)
    height_pt = lpp * size * lh
    mx, my = rng.randint(36, 60), rng.randint(40, 64)
    q_left = rng.choice([1.5, 2, 2.5, 3, 4])
    q_right = rng.choice([0, 0, 1, 2, 3])
    q_size = rng.choice([1.0, 1.0, 0.95, 0.9])
    # a quote line must hold clearly fewer characters than a text line (<= 90%)
    need = width_pt * (1 - 0.9 * q_size) / (size * q_size)
    if q_left + q_right < need:
        q_left = round(need - q_right + 0.25, 2)
    if "quote_ratio" in o:  # the quote measure as a share of the text measure
        q_size = 1.0
        q_left = q_right = round(width_pt * (1 - float(o["quote_ratio"])) / size / 2, 2)
    quote_ratio = (width_pt - (q_left + q_right) * size * q_size) / (q_size * width_pt)
    h1 = rng.choice([1.3, 1.5, 1.7, 2.0])
    h2 = rng.choice([1.0, 1.1, 1.2, 1.3])
    h1_align = rng.choice(["left", "left", "center"])
    h2_style = rng.choice(["font-weight:bold", "font-style:italic", "font-weight:bold;font-style:italic",
                           "font-weight:normal;text-transform:none"])
    # pdftotext leaves a blank line after a heading only when the gap below it is
    # about three lines: some books do, some don't
    h1_after = rng.choice([0.8, 1.2, 2.5, 3.5])
    h2_after = rng.choice([0.4, 0.8, 3.0, 3.5])
    table_style = rng.choice(["rules", "grid", "plain"])
    new_page = rng.random() < 0.7
    h1, h2 = float(o.get("h1", h1)), float(o.get("h2", h2))
    h1_after, h2_after = float(o.get("h1_after", h1_after)), float(o.get("h2_after", h2_after))
    table_style = o.get("table_style", table_style)
    para = (f"text-indent:{rng.choice([1, 1.5, 2])}em;margin:0" if indent
            else f"text-indent:0;margin:{rng.choice([0.4, 0.6, 1.0])}em 0 0 0")
    first_indent = "text-indent:0" if rng.random() < 0.6 else ""
    tbl = {"rules": "border-collapse:collapse;border-top:1px solid black;border-bottom:1px solid black",
           "grid": "border-collapse:collapse;border:1px solid black",
           "plain": "border-collapse:separate;border-spacing:0.8em 0.1em"}[table_style]
    cell_border = "border:1px solid black;" if table_style == "grid" else ""
    # page furniture, only when asked for (--set furniture=folios|heads|both):
    # folios at the foot, the chapter's title as a running head at the top
    furn = o.get("furniture", "")
    boxes, heads = "", ""
    if furn in ("folios", "both"):
        boxes += " @bottom-center { content: counter(page); font-size: 0.8em; }"
    if furn in ("heads", "both"):
        boxes += " @top-center { content: string(chapter); font-size: 0.8em; }"
        heads = "h1 { string-set: chapter content(); }"
    css = f"""
@page {{ size: {width_pt + 2 * mx:.1f}pt {height_pt + 2 * my:.1f}pt; margin: {my}pt {mx}pt;{boxes} }}
{heads}
body {{ font-family: '{font}'; font-size: {size}pt; line-height: {lh}; margin: 0;
  text-align: {'justify' if justified else 'left'}; hyphens: {'auto' if hyph else 'manual'}; }}
p {{ {para}; orphans: 2; widows: 2; }}
h1 + p, h2 + p {{ {first_indent} }}
.titlepage {{ page-break-after: always; text-align: center; }}
.titlepage p {{ text-indent: 0; margin: 0.6em 0; }}
.btitle {{ font-size: 1.8em; font-weight: bold; }}
.toc {{ page-break-after: always; }}
.toc p {{ text-indent: 0; margin: 0; text-align: left; }}
.toc a {{ color: black; text-decoration: none; }}
.toc a::after {{ content: " " target-counter(attr(href), page); }}
.toch {{ font-size: 1.3em; font-weight: bold; margin-bottom: 0.8em !important; }}
section[data-type=chapter] {{ {'page-break-before: always;' if new_page else ''} }}
h1 {{ font-size: {h1}em; text-align: {h1_align}; font-weight: {rng.choice(['bold', 'normal'])};
  margin: {rng.choice([1, 1.5, 2.5])}em 0 {h1_after}em 0; line-height: 1.2; hyphens: manual; }}
h2 {{ font-size: {h2}em; {h2_style}; margin: {rng.choice([1, 1.3, 1.8, 3])}em 0 {h2_after}em 0;
  line-height: 1.2; text-align: left; hyphens: manual; }}
h3 {{ font-size: 1em; font-weight: bold; margin: 1.2em 0 0.5em 0; }}
.lead-in {{ text-transform: uppercase; }}
blockquote {{ margin: {rng.choice([0.5, 0.8, 1.0])}em {q_right}em {rng.choice([0.5, 0.8, 1.0])}em {q_left}em;
  font-size: {q_size}em; }}
blockquote p {{ text-indent: {rng.choice([0, 0, 1])}em; margin: {rng.choice([0, 0.4])}em 0 0 0; }}
blockquote ol {{ margin: 0.3em 0; padding-left: {rng.choice([1.5, 2, 2.5])}em;
  list-style-position: {rng.choice(['outside', 'inside'])}; }}
aside p {{ text-indent: 0; margin: 0.2em 0 0 0; }}
table {{ {tbl}; margin: 0.8em {rng.choice(['0', 'auto'])}; font-size: {rng.choice([0.85, 0.9, 1.0])}em;
  {'width: 100%;' if rng.random() < 0.5 else ''} text-align: left; }}
caption {{ caption-side: top; text-align: {rng.choice(['left', 'center'])}; margin-bottom: 0.3em;
  font-weight: {rng.choice(['bold', 'normal'])}; font-style: {rng.choice(['normal', 'italic'])}; }}
th, td {{ {cell_border} padding: 0.1em 0.4em; vertical-align: {rng.choice(['top', 'bottom'])}; }}
td.num, thead th {{ text-align: {rng.choice(['right', 'right', 'center'])}; }}
thead th {{ font-weight: {rng.choice(['bold', 'normal'])}; }}
tbody th {{ font-weight: normal; text-align: left; }}
"""
    return {"css": css, "font": font, "font_size": size, "chars_per_line": cpl,
            "lines_per_page": lpp, "line_height": lh, "justified": justified, "indent": indent,
            "hyphenate": hyph, "quote_margins_em": [q_left, q_right], "quote_size": q_size,
            "quote_ratio": round(quote_ratio, 3), "h1_em": h1, "h2_em": h2,
            "table_style": table_style, "h1_after_em": h1_after, "h2_after_em": h2_after, "chapter_new_page": new_page}


# --- rendering ------------------------------------------------------------------


def render_text(html: str, pdf_path: Path | None = None) -> str:
    import weasyprint

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "b.pdf"
        weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf(pdf)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        if pdf_path:
            pdf_path.write_bytes(pdf.read_bytes())
    text = text.rstrip("\f")
    # pdftotext already ends every page with a blank line, so the form feed itself
    # goes: one blank line a page break, as in the source
    return text.replace("\n\n\f", "\n\n").replace("\f", "\n")


def truth_of(html: str, info: dict, seed: int) -> dict:
    """Read the rendered XHTML with the scorer's own rules."""
    from lxml import etree

    root = etree.fromstring(html.encode("utf-8"))
    out = corpus_score.Output([("book.xhtml", root)])
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    headings = [{"level": lv, "text": tx} for lv, tx in out.headings]
    paragraphs = []
    for p in root.iterfind(".//h:p", ns):
        if p.xpath("ancestor::h:aside or ancestor::h:nav or ancestor::h:li or "
                   "ancestor::*[@data-type='titlepage']", namespaces=ns):
            continue
        w = corpus_score._text(p).split()
        paragraphs.append({"first": w[:8], "last": w[-8:],
                           "in_quote": bool(p.xpath("ancestor::h:blockquote", namespaces=ns))})
    assert [(p["first"], p["last"]) for p in paragraphs] == \
        [(w[:8], w[-8:]) for w in out.paragraphs]
    quotes = [{"first": w[:8], "last": w[-8:]} for w in out.blockquotes]
    calls, notes = [], []
    for a in root.iterfind(".//h:a[@data-type='noteref']", ns):
        target = root.find(f".//*[@id='{a.get('href')[1:]}']")
        label = a.text.strip("[]")
        kind = "footnote" if label.endswith("*") else "endnote"
        text = corpus_score._text(target.find("h:p", ns))
        calls.append({"kind": kind, "label": label, "text": text})
    for aside in root.iterfind(".//h:aside", ns):
        lab = aside.find(".//h:span[@class='label']", ns).text.rstrip(".")
        notes.append({"kind": aside.get("data-type"), "label": lab,
                      "text": corpus_score._text(aside.find("h:p", ns))})
    return {"format": "publish-corpus-truth/1", "seed": seed, "generator": "corpus2",
            **info["meta"], "geometry": {k: v for k, v in info["style"].items() if k != "css"},
            "headings": headings, "paragraphs": paragraphs, "blockquotes": quotes,
            "calls": calls, "notes": notes, "tables": out.tables, "words": out.words}


def generate(seed: int, out_dir: Path, keep_html: bool = False) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    info, html = compose(seed)
    stem = out_dir / f"book-{seed}"
    pdf = stem.with_suffix(".pdf") if keep_html else None
    raw = render_text(html, pdf)
    truth = truth_of(html, info, seed)
    lines = raw.splitlines()
    lens = sorted(len(x) for x in lines if x.strip())
    truth["raw_stats"] = {"lines": len(lines), "blank": sum(1 for x in lines if not x.strip()),
                          "line_p50": lens[len(lens) // 2], "line_p90": lens[int(len(lens) * .9)]}
    txt, js = stem.with_suffix(".txt"), stem.with_suffix(".json")
    txt.write_text(raw, encoding="utf-8")
    js.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if keep_html:
        stem.with_suffix(".xhtml").write_text(html, encoding="utf-8")
    return txt, js


def parse_seeds(spec: str) -> list[int]:
    seeds: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        seeds.extend(range(int(a), int(b or a) + 1))
    return seeds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", default="1-8")
    ap.add_argument("-o", "--out", type=Path, default=Path("/tmp/c2"))
    ap.add_argument("--keep-html", action="store_true", help="also keep book-N.xhtml and .pdf")
    ap.add_argument("--hyphenate", action="store_true", help="let some books hyphenate (U+2010)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="pin a style choice: font, justified, indent (0/1), quote_ratio,\n"
                         "h1, h2 (em), h1_after, h2_after (em), table_style,\n"
                         "furniture (folios, heads or both: page numbers, running heads),\n"
                         "toc_pages (1: the Contents gives each entry's page)")
    args = ap.parse_args()
    global HYPHENATE
    HYPHENATE = args.hyphenate
    OVERRIDES.update(kv.split("=", 1) for kv in args.set)
    for seed in parse_seeds(args.seeds):
        txt, js = generate(seed, args.out, args.keep_html)
        t = json.loads(js.read_text(encoding="utf-8"))
        g = t["geometry"]
        print(f"{txt}  {g['font']} {g['chars_per_line']}c{g['lines_per_page']}l "
              f"{'J' if g['justified'] else 'R'} p50={t['raw_stats']['line_p50']} "
              f"p90={t['raw_stats']['line_p90']} words={t['words']}")


if __name__ == "__main__":
    main()
