"""Test books whose structure we know (issue 3, "Measure it on books you have not seen").

`make_book(seed)` composes a book (chapters, sections with upper-case lead-ins,
block quotes, endnotes and footnotes, tables) deterministically from a seed.
`render_book(book, workdir)` writes it as HTML, sets it with WeasyPrint at the
book's page geometry, extracts it with `pdftotext` (no -layout) and turns each
page break into a blank line, as our raw sources look. `truth_of(book)` is the
answer sheet that `corpus_score` grades an import against.

The prose is composed from small word lists: it is not meaningful, but it has
the surface of a political history (capitalised names, dates like 1929-30,
hyphenated words, curly quotes, en dashes, numbers) which is what the importer
reads.
"""

from __future__ import annotations

import json
import random
import re
import string
import subprocess
from dataclasses import dataclass
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
CSS_TEMPLATE = HERE / "corpus" / "render.css"

#: a note call in our text strings, as it appears in raw text: " [12]" or " [3*]"
CALL_RE = re.compile(r"\s?\[(\d+\*?)\]")

# --- vocabulary -------------------------------------------------------------

_SYL_A = ["Ra", "Pre", "Sol", "Ya", "Sto", "Kos", "Bel", "Mu", "Zi", "Ka", "Vol", "Smir",
          "Ter", "Dan", "Bor", "Gri", "Mar", "Lev", "Ost", "Pan", "Ru", "Sha", "Tro", "Ves"]
_SYL_B = ["de", "bra", "lo", "ko", "ri", "ne", "va", "mi", "sto", "go", "ta", "li", "ze", ""]
_SYL_C = ["kov", "nov", "sky", "vich", "ev", "in", "ski", "enko", "ov", "ler", "mann", "ier"]
_FIRST = ["Anna", "Boris", "Clara", "Diego", "Ernst", "Flora", "Georg", "Hugo", "Ida", "Jakob",
          "Karl", "Lydia", "Max", "Nina", "Otto", "Pierre", "Rosa", "Sergei", "Vera", "Walter"]
_PLACES = ["Moscow", "Leningrad", "Berlin", "Paris", "Barcelona", "Prague", "Vienna", "London",
           "Madrid", "Kiev", "Odessa", "Hamburg", "Lyon", "Mexico", "Oslo", "Istanbul", "Tiflis",
           "Kharkov", "Brussels", "Zurich"]
_ORGS = ["Central Committee", "Left Opposition", "Politburo", "Comintern", "Red Army",
         "Popular Front", "Executive Committee", "Trade Union Council", "Socialist Party",
         "International Secretariat", "Workers’ Alliance", "Young Communist League"]
_NOUNS = ["party", "struggle", "policy", "crisis", "programme", "leadership", "movement",
          "peasantry", "bureaucracy", "industry", "plan", "congress", "resolution", "faction",
          "opposition", "economy", "revolution", "theory", "newspaper", "conference", "strike",
          "government", "harvest", "apparatus", "tendency", "majority", "minority", "state",
          "question", "argument", "position", "platform", "organisation", "membership",
          "campaign", "decree", "trial", "leaflet", "delegation", "committee", "reform",
          "experience", "tradition", "method", "perspective", "class", "discipline",
          "procurement", "output", "wage", "price", "factory", "village", "region", "army"]
_ADJS = ["deep", "bitter", "sharp", "sudden", "massive", "general", "political", "economic",
         "social", "historical", "real", "whole", "final", "open", "secret", "great", "small",
         "decisive", "serious", "radical", "gradual", "rapid", "slow", "heavy", "national",
         "international", "revolutionary", "official", "modest", "enormous", "clear", "grave",
         "long", "short", "new", "old", "urban", "rural", "independent", "central"]
_HYPHENATED = ["anti-Stalinist", "Five-Year", "large-scale", "so-called", "working-class",
               "left-wing", "right-wing", "co-operative", "self-criticism", "well-known",
               "semi-official", "petty-bourgeois", "ultra-left", "non-party", "re-election",
               "counter-revolution", "half-hearted", "short-lived", "long-term", "war-time",
               "ex-peasants", "state-owned", "one-sided", "cul-de-sac"]
_VERBS_PAST = ["accepted", "rejected", "attacked", "defended", "demanded", "opposed",
               "supported", "condemned", "organised", "published", "announced", "destroyed",
               "underestimated", "exposed", "weakened", "strengthened", "abandoned",
               "criticised", "praised", "ignored", "transformed", "described", "discussed",
               "reported", "prepared", "resisted", "expected", "denounced", "explained",
               "carried", "divided", "isolated", "reorganised", "prolonged"]
_VERBS_SAY = ["wrote", "argued", "insisted", "declared", "explained", "warned", "claimed",
              "observed", "noted", "remarked"]
_ADVS = ["quickly", "openly", "hardly", "rarely", "clearly", "slowly", "deliberately",
         "suddenly", "gradually", "completely", "bitterly", "firmly", "largely", "finally"]
_LINKS = ["however", "therefore", "moreover", "nevertheless", "in fact", "of course",
          "at the same time", "in practice", "above all", "as a result"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_UNITS = ["million tons", "percent", "thousand", "roubles", "days", "members", "delegates"]
_TITLE_WORDS = ["Crisis", "Struggle", "Plan", "Party", "Turn", "Retreat", "Offensive", "Trial",
                "Congress", "Opposition", "Revolution", "Front", "Programme", "Defeat",
                "Victory", "Split", "Exile", "Purge", "Strike", "Harvest", "Bureaucracy",
                "Workers", "Peasants", "International", "Balance Sheet", "Legacy"]
_TABLE_TOPICS = [
    ("Number of livestock, 000s", ["Horses", "Cattle", "Hogs", "Sheep & goats", "Poultry"]),
    ("Production and procurement of grain (m. tons)",
     ["Production", "Procurement", "Procurement as % of production", "Exports"]),
    ("Labour turnover (per 100 employees)",
     ["Entered employment", "Left employment", "Net change"]),
    ("Targets of production (million tons)",
     ["Coal", "Oil", "Iron ore", "Pig iron", "Steel", "Electric power"]),
    ("Membership of the sections", ["Members", "Candidates", "Expelled", "Readmitted"]),
    ("Share of consumer goods in output", ["Percent", "Index", "Per head"]),
    ("Votes cast at the elections (thousands)",
     ["Socialists", "Communists", "Radicals", "Others", "Turnout %"]),
]


class _Prose:
    """Sentences and paragraphs for one book: a fixed cast of names and places, so
    that words recur (the importer recovers a lead-in's case from recurrences)."""

    def __init__(self, rnd: random.Random):
        self.r = rnd
        names = set()
        while len(names) < 14:
            names.add(rnd.choice(_SYL_A) + rnd.choice(_SYL_B) + rnd.choice(_SYL_C))
        self.surnames = sorted(names)
        self.people = [f"{rnd.choice(_FIRST)} {s}" if rnd.random() < 0.5 else
                       f"{rnd.choice(string.ascii_uppercase)}. {s}" for s in self.surnames]
        self.places = rnd.sample(_PLACES, 8)
        self.orgs = rnd.sample(_ORGS, 6)

    # small pieces
    def year(self) -> int:
        return self.r.randint(1905, 1945)

    def date(self) -> str:
        r = self.r
        k = r.random()
        y = self.year()
        if k < 0.35:
            return f"{r.randint(1, 28)} {r.choice(_MONTHS)} {y}"
        if k < 0.55:
            return f"{r.choice(_MONTHS)} {y}"
        if k < 0.75:
            return f"{y}-{str(y + 1)[2:]}"  # 1929-30
        if k < 0.85 and (y + 1) % 10:
            return f"{y}-{str(y + 1)[3]}"   # 1931-2
        return str(y)

    def number(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.3:
            return f"{r.randint(2, 99)}.{r.randint(0, 9)} percent"
        if k < 0.5:
            return f"{r.randint(2, 30)}-{r.randint(31, 60)},000"
        if k < 0.75:
            return f"{r.randint(2, 999):,} {r.choice(_UNITS)}"
        return f"{r.randint(1, 9)} {r.choice(_UNITS)}"

    def person(self) -> str:
        return self.r.choice(self.people if self.r.random() < 0.4 else self.surnames)

    def noun_phrase(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.25:
            return f"the {r.choice(_ADJS)} {r.choice(_NOUNS)}"
        if k < 0.4:
            return f"the {r.choice(_HYPHENATED)} {r.choice(_NOUNS)}"
        if k < 0.55:
            return f"the {r.choice(_NOUNS)} of the {r.choice(_NOUNS)}"
        if k < 0.68:
            return f"the {r.choice(self.orgs)}"
        if k < 0.8:
            return f"{self.person()}’s {r.choice(_NOUNS)}"
        return f"a {r.choice(_ADJS)} {r.choice(_NOUNS)}"

    def subject(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.4:
            return self.person()
        if k < 0.6:
            return f"the {r.choice(self.orgs)}"
        return self.noun_phrase()

    def pp(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.3:
            return f"in {self.date()}"
        if k < 0.5:
            return f"in {r.choice(self.places)}"
        if k < 0.65:
            return f"by {self.number()}"
        if k < 0.8:
            return f"against {self.noun_phrase()}"
        return f"during {self.noun_phrase()}"

    def clause(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.45:
            return f"{self.subject()} {r.choice(_VERBS_PAST)} {self.noun_phrase()} {self.pp()}"
        if k < 0.6:
            return f"{self.subject()} {r.choice(_ADVS)} {r.choice(_VERBS_PAST)} {self.noun_phrase()}"
        if k < 0.75:
            return f"{self.noun_phrase()} was {r.choice(_ADJS)} and {r.choice(_ADJS)}"
        if k < 0.87:
            y = self.year()
            return (f"between {y} and {y + self.r.randint(1, 12)} {self.noun_phrase()} "
                    f"rose by {self.number()}")
        return f"{self.subject()} {r.choice(_VERBS_PAST)} {self.noun_phrase()}"

    def sentence(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.12:
            s = f"{self.clause()}, and {self.clause()}"
        elif k < 0.22:
            s = f"{self.clause()} – {self.clause()} – {self.pp()}"
        elif k < 0.32:
            s = (f"{self.person()} {r.choice(_VERBS_SAY)} {self.pp()}: "
                 f"‘{_cap(self.clause())}.’")
            return _cap(s)
        elif k < 0.42:
            s = f"{_cap(r.choice(_LINKS))}, {self.clause()}"
        elif k < 0.5:
            s = f"{self.clause()}, {self.pp()}, while {self.clause()}"
        elif k < 0.55:
            s = f"{self.clause()} ({self.date()})"
        elif k < 0.6:
            s = f"it was ‘{self.noun_phrase()}’ that {r.choice(_VERBS_PAST)} {self.noun_phrase()}"
        else:
            s = self.clause()
        end = "." if r.random() < 0.93 else r.choice(["?", "!"])
        return _an(_cap(s) + end)

    def paragraph(self, n_sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(n_sentences))

    def title(self, words: int | None = None) -> str:
        r = self.r
        k = r.random()
        if k < 0.3:
            return f"The {r.choice(_TITLE_WORDS)} of {r.choice(self.surnames)}"
        if k < 0.5:
            return f"{r.choice(self.surnames)} and the {r.choice(_TITLE_WORDS)}"
        if k < 0.65:
            return f"The {r.choice(_TITLE_WORDS)} in {r.choice(self.places)}, {self.date()}"
        if k < 0.8:
            return (f"From the {r.choice(_TITLE_WORDS)} to the {r.choice(_TITLE_WORDS)}: "
                    f"{_cap(r.choice(_ADJS))} {r.choice(_TITLE_WORDS)}")
        if k < 0.9:
            return f"{_cap(r.choice(_ADJS))} {r.choice(_TITLE_WORDS)}"
        return f"Why the {r.choice(_TITLE_WORDS)} Failed to Take Off"


def _an(s: str) -> str:
    return re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", s)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# --- the book ----------------------------------------------------------------


@dataclass
class Geometry:
    chars_per_line: int
    lines_per_page: int
    justified: bool
    font: str
    quote_ratio: float  # quote measure / text measure
    indent: bool = True  # first-line indent of paragraphs (not after headings)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


#: average advance width of running English text, in em, per font (measured)
_FONT_EM = {"Liberation Serif": 0.415, "DejaVu Serif": 0.525, "EB Garamond": 0.39}


def make_geometry(rnd: random.Random) -> Geometry:
    return Geometry(chars_per_line=rnd.randint(55, 80), lines_per_page=rnd.randint(28, 42),
                    justified=rnd.random() < 0.6, font=rnd.choice(sorted(_FONT_EM)),
                    quote_ratio=rnd.uniform(0.86, 0.92))


class _Notes:
    """Numbering of one chapter's calls; note texts unique in the book."""

    def __init__(self, prose: _Prose, seen: set[str]):
        self.p, self.seen = prose, seen
        self.endnotes: list[tuple[str, str]] = []
        self.footnotes: list[tuple[str, str]] = []

    def _text(self) -> str:
        p, r = self.p, self.p.r
        while True:
            k = r.random()
            if k < 0.5:
                t = (f"{p.person()}, {p.title()}, {r.choice(p.places)} {p.year()}, "
                     f"p.{r.randint(2, 480)}.")
            elif k < 0.75:
                t = (f"Biulleten Oppozitsii, No.{r.randint(1, 87)}, {p.date()}, "
                     f"pp.{r.randint(2, 40)}-{r.randint(41, 60)}.")
            else:
                t = f"{p.sentence()} {p.sentence()}"
            if t not in self.seen:
                self.seen.add(t)
                return t

    def endnote(self) -> str:
        label = str(len(self.endnotes) + 1)
        self.endnotes.append((label, self._text()))
        return f" [{label}]"

    def footnote(self) -> str:
        label = f"{len(self.footnotes) + 1}*"
        text = self.p.paragraph(self.p.r.randint(1, 3))
        if self.p.r.random() < 0.3:  # a note text holding a call of its own
            text = text[:-1] + "." + self.endnote()
        self.footnotes.append((label, text))
        return f" [{label}]"


def _with_calls(text: str, notes: _Notes, rnd: random.Random, rate: float) -> str:
    """Put note calls after some sentences of `text`."""
    # sentence ends, not initials ("S. Stoneler")
    parts = re.split(r"(?:(?<=[a-z0-9]{2}[.?!])|(?<=[.?!]’))\s+(?=[A-Z‘])", text)
    out = []
    for part in parts:
        if rnd.random() < rate:
            part += notes.footnote() if rnd.random() < 0.12 else notes.endnote()
        out.append(part)
    return " ".join(out)


def _table(prose: _Prose, rnd: random.Random) -> dict:
    caption, cols = rnd.choice(_TABLE_TOPICS)
    ncols = rnd.randint(1, min(5, len(cols)))
    cols = cols[:ncols]
    nrows = rnd.randint(2, 8)
    kind = rnd.random()
    start = rnd.randint(1913, 1935)
    if kind < 0.45:
        labels = [str(start + i) for i in range(nrows)]
        corner = "Year"
    elif kind < 0.7:
        labels = [f"{start + i}-{str(start + i + 1)[2:]}" for i in range(nrows)]
        corner = "Year"
    else:
        labels = rnd.sample([f"{rnd.choice(_MONTHS)[:3]}. {start}", "Moscow region",
                             "Lower Volga", "Ukraine", "North Caucasus", "Central Black Earth",
                             "Siberia", "Urals", "Leningrad region", "Total",
                             "Entered employment", "Left employment", "% Decline"], nrows)
        corner = rnd.choice(["Region", "", "Category"])
    fmt = rnd.choice(["int", "thou", "dec", "mixed"])
    rows = [[corner] + cols]
    for lab in labels:
        row = [lab]
        for _ in cols:
            f = fmt if fmt != "mixed" else rnd.choice(["int", "thou", "dec"])
            if f == "int":
                row.append(str(rnd.randint(1, 999)))
            elif f == "thou":
                row.append(f"{rnd.randint(1000, 150000):,}")
            else:
                row.append(f"{rnd.uniform(0.1, 99.9):.1f}")
        rows.append(row)
    return {"t": "table", "caption": caption, "rows": rows}


def make_book(seed: int, size: str = "medium") -> dict:
    """A book spec: plain data, JSON-serialisable. size: small, medium or large."""
    rnd = random.Random(seed)
    prose = _Prose(rnd)
    n_chapters = {"small": (2, 3), "medium": (4, 7), "large": (8, 12)}[size]
    sections_max = {"small": 3, "medium": 5, "large": 6}[size]
    paras_max = {"small": 4, "medium": 7, "large": 9}[size]
    seen_notes: set[str] = set()
    book = {
        "seed": seed,
        "size": size,
        "title": prose.title(),
        "subtitle": f"{prose.year()}-{prose.year() + 10}" if rnd.random() < 0.6 else "",
        "author": rnd.choice(prose.people),
        "publisher": rnd.choice(["Bookmarks", "Pluto Press", "Merlin", "Verso", "Redwords"]),
        "place": rnd.choice(["London", "Glasgow", "New York", "Chicago"]),
        "year": str(rnd.randint(1960, 1999)),
        "geometry": make_geometry(rnd).as_dict(),
        # drawn apart so that adding it left the books of earlier seeds unchanged
        "indent": random.Random(seed * 31 + 7).random() < 0.8,
        "parts": [],
    }
    parts = []
    if rnd.random() < 0.7:
        parts.append({"number": None, "title": "Introduction"})
    for i in range(rnd.randint(*n_chapters)):
        parts.append({"number": str(i + 1), "title": prose.title()})
    for part in parts:
        notes = _Notes(prose, seen_notes)
        blocks: list[dict] = []
        n_sections = rnd.randint(0, sections_max)
        for s in range(n_sections + 1):
            if s > 0:
                blocks.append({"t": "h2", "text": prose.title()})
            n_paras = rnd.randint(1, paras_max)
            for k in range(n_paras):
                sentences = rnd.choice([1, 2, 3, 3, 4, 4, 5, 6, 7, 9])
                roll = rnd.random() if k > 0 else 1.0
                if roll < 0.18:
                    # a paragraph that introduces a quote, then the quote
                    intro = prose.paragraph(sentences - 1) + " " if sentences > 1 else ""
                    intro += _an(_cap(prose.clause()) + rnd.choice(
                        [":", ", as follows:", " in these words:"]))
                    blocks.append({"t": "p", "text": intro})
                    blocks.append(_quote(prose, notes, rnd))
                    continue
                text = _with_calls(prose.paragraph(sentences), notes, rnd, 0.12)
                para = {"t": "p", "text": text}
                if k == 0:
                    para["lead"] = _lead_length(text, rnd.choice([1, 2, 2, 2, 3]))
                blocks.append(para)
                if roll < 0.25:
                    blocks.append(_table(prose, rnd))
                    if rnd.random() < 0.6:
                        blocks[-1]["call"] = notes.endnote().strip()[1:-1]
        # a short closing paragraph sometimes
        if rnd.random() < 0.3:
            blocks.append({"t": "p", "text": prose.sentence()})
        has_list = bool(notes.endnotes) and rnd.random() < 0.65
        parts_entry = dict(part)
        parts_entry["blocks"] = blocks
        parts_entry["endnotes"] = notes.endnotes if has_list else []
        parts_entry["unresolved"] = [] if has_list else [lab for lab, _ in notes.endnotes]
        parts_entry["footnotes"] = notes.footnotes
        book["parts"].append(parts_entry)
    _fix_dangling_calls(book)
    _lengthen_some_titles(book, random.Random(seed * 17 + 3))
    return book


def _lengthen_some_titles(book: dict, rnd: random.Random) -> None:
    """Some headings too long for one line, as in our sources. A separate random
    stream, so that the rest of each book stays as it was."""
    def longer(title: str) -> str:
        return (f"{title} and the {rnd.choice(_TITLE_WORDS)} of the "
                f"{rnd.choice(_TITLE_WORDS)} in {rnd.choice(_PLACES)}")

    for part in book["parts"]:
        if part["number"] and rnd.random() < 0.15:
            part["title"] = longer(part["title"])
        for b in part["blocks"]:
            if b["t"] == "h2" and rnd.random() < 0.12:
                b["text"] = longer(b["text"])


def _lead_length(text: str, want: int) -> int:
    """At most `want` words, none of them a note call or ending a sentence."""
    n = 0
    for w in text.split(" ")[:want]:
        if "[" in w or "]" in w:
            break
        n += 1
        if w[-1] in ".?!:;" and not re.fullmatch(r"[A-Z]\.", w):  # "G. Belbraov": go on
            break
    words = text.split(" ")
    while n < len(words) and re.fullmatch(r"[A-Z]\.", words[max(n, 1) - 1]):
        n = max(n, 1) + 1  # an initial alone is no lead-in
    return max(n, 1)


def _quote(prose: _Prose, notes: _Notes, rnd: random.Random) -> dict:
    blocks = []
    n = rnd.choice([1, 1, 1, 2, 2, 3])
    with_list = rnd.random() < 0.2
    for i in range(n):
        blocks.append({"t": "p", "text": prose.paragraph(rnd.randint(1, 5))})
    if with_list:
        blocks[0]["text"] = blocks[0]["text"][:-1] + ":"
        items = [prose.paragraph(rnd.randint(1, 2)) for _ in range(rnd.randint(2, 5))]
        blocks.insert(1, {"t": "ol", "items": items})
        blocks = blocks[:2] + ([blocks[2]] if len(blocks) > 2 and rnd.random() < 0.6 else [])
    if rnd.random() < 0.3 and "[" not in blocks[0]["text"]:
        blocks[0]["text"] = blocks[0]["text"].replace(" the ", f" [{prose.person()}] the ", 1)
    last = blocks[-1]
    if last["t"] == "p" and rnd.random() < 0.8:
        last["text"] += notes.endnote()
    return {"t": "quote", "blocks": blocks}


def _fix_dangling_calls(book: dict) -> None:
    """Keep `unresolved` to the endnote labels that really have no note text."""
    for part in book["parts"]:
        labels = {lab for lab, _ in part["endnotes"]}
        part["unresolved"] = sorted(set(part["unresolved"]) - labels, key=int)


# --- HTML ----------------------------------------------------------------------


def _inline(text: str) -> str:
    return escape(text, quote=False)


def _para_html(block: dict, cls: str = "") -> str:
    text = block["text"]
    lead = block.get("lead")
    attr = f' class="{cls}"' if cls else ""
    if lead:
        words = text.split(" ")
        head, rest = " ".join(words[:lead]), " ".join(words[lead:])
        return f'<p class="first"><span class="lead-in">{_inline(head)}</span> {_inline(rest)}</p>'
    return f"<p{attr}>{_inline(text)}</p>"


def book_html(book: dict, css: str, table_styles: list[int] | None = None) -> str:
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           f"<title>{_inline(book['title'])}</title><style>{css}</style></head><body>"]
    out.append('<div class="titleblock">')
    out.append(f'<p class="title">{_inline(book["title"])}</p>')
    if book["subtitle"]:
        out.append(f'<p class="title">{_inline(book["subtitle"])}</p>')
    out.append(f"<p>{_inline(book['author'])}</p>")
    out.append(f"<p>{_inline(book['publisher'])}, {_inline(book['place'])}, {book['year']}.</p>")
    out.append("</div>")
    out.append('<div class="contents"><p>Contents</p>')
    for line in contents_lines(book):
        out.append(f"<p>{_inline(line)}</p>")
    out.append("</div>")
    n_table = 0
    for part in book["parts"]:
        out.append(f"<h1>{_inline(part_heading(part))}</h1>")
        for b in part["blocks"]:
            style = 0
            if b["t"] == "table":
                style = table_styles[n_table] if table_styles else 0
                n_table += 1
            out.append(_block_html(b, style))
        if part["footnotes"]:
            out.append('<h2 class="notes">Footnotes</h2>')
            for lab, text in part["footnotes"]:
                out.append(f'<p class="note">{lab}. {_inline(text)}</p>')
        if part["endnotes"]:
            out.append('<h2 class="notes">Notes</h2>')
            for lab, text in part["endnotes"]:
                out.append(f'<p class="note">{lab}. {_inline(text)}</p>')
    out.append("</body></html>")
    return "\n".join(out)


def _block_html(b: dict, table_style: int = 0) -> str:
    if b["t"] == "h2":
        return f"<h2>{_inline(b['text'])}</h2>"
    if b["t"] == "p":
        return _para_html(b)
    if b["t"] == "quote":
        inner = []
        for q in b["blocks"]:
            if q["t"] == "ol":
                inner.append("<ol>" + "".join(f"<li>{_inline(i)}</li>" for i in q["items"])
                             + "</ol>")
            else:
                inner.append(_para_html(q))
        return "<blockquote>" + "".join(inner) + "</blockquote>"
    if b["t"] == "table":
        call = f"[{b['call']}]" if b.get("call") else ""
        rows = b["rows"]
        h = [f'<table class="s{table_style}"><caption>{_inline(b["caption"])}{call}</caption>']
        h.append("<thead><tr>" + "".join(f"<th>{_inline(c)}</th>" for c in rows[0])
                 + "</tr></thead><tbody>")
        for row in rows[1:]:
            h.append("<tr><th>" + _inline(row[0]) + "</th>"
                     + "".join(f"<td>{_inline(c)}</td>" for c in row[1:]) + "</tr>")
        h.append("</tbody></table>")
        return "".join(h)
    raise ValueError(b["t"])


def part_heading(part: dict) -> str:
    return f"{part['number']}. {part['title']}" if part["number"] else part["title"]


def contents_lines(book: dict) -> list[str]:
    """The Contents list: evidence, not truth. Some sections are left out and a few
    spellings differ from the body, as in real books."""
    rnd = random.Random(book["seed"] * 7 + 1)
    lines = []
    for part in book["parts"]:
        lines.append(part_heading(part))
        for b in part["blocks"]:
            if b["t"] == "h2" and rnd.random() > 0.15:
                t = b["text"]
                if rnd.random() < 0.1:
                    t = t.replace(" the ", " The ", 1)
                lines.append(t)
    return lines


# --- rendering -------------------------------------------------------------------

#: table classes in render.css (s0-s3), tried in turn for a table whose cells
#: poppler moves past the next paragraph (our sources never show that)
N_TABLE_STYLES = 4


def page_css(geom: dict, indent: bool = True) -> str:
    font_size_pt = 10.0
    em = _FONT_EM[geom["font"]]
    measure_pt = geom["chars_per_line"] * em * font_size_pt
    line_pt = font_size_pt * 1.3
    margin_v, margin_h = 36.0, 30.0
    fields = {
        "page_width": f"{measure_pt + 2 * margin_h:.1f}pt",
        "page_height": f"{geom['lines_per_page'] * line_pt + 2 * margin_v + 2:.1f}pt",
        "margin_v": f"{margin_v}pt", "margin_h": f"{margin_h}pt",
        "font": geom["font"], "font_size": f"{font_size_pt}pt", "line_height": "1.3",
        "align": "justify" if geom["justified"] else "left",
        "indent": "1em" if indent else "0",
        "heading_size": f"{font_size_pt * 0.95:.2f}pt",
        "heading_after": "0.6em", "heading_before": "0.4em",
        "quote_left": f"{(1 - geom['quote_ratio']) * measure_pt * 0.6:.1f}pt",
        "quote_right": f"{(1 - geom['quote_ratio']) * measure_pt * 0.4:.1f}pt",
        "table_size": f"{font_size_pt * 0.9:.2f}pt",
    }
    return string.Template(CSS_TEMPLATE.read_text(encoding="utf-8")).substitute(fields)


def pdf_to_raw(pdf: Path) -> str:
    """pdftotext without -layout; each page break becomes one blank line."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    pages = [p.strip("\n") for p in out.split("\f")]
    pages = [p for p in pages if p.strip()]
    return "\n\n".join(pages) + "\n"


def render_book(book: dict, workdir: Path) -> str:
    """HTML -> PDF -> raw text. A table whose cells poppler extracts after the text
    that follows it is set again in the next table style."""
    import weasyprint  # heavy: only when rendering

    workdir.mkdir(parents=True, exist_ok=True)
    stem = f"book-{book['seed']}"
    n_tables = sum(1 for p in book["parts"] for b in p["blocks"] if b["t"] == "table")
    styles = [(book["seed"] + i) % N_TABLE_STYLES for i in range(n_tables)]
    css = page_css(book["geometry"], book.get("indent", True))
    for _attempt in range(N_TABLE_STYLES):
        html = book_html(book, css, styles)
        (workdir / f"{stem}.html").write_text(html, encoding="utf-8")
        pdf = workdir / f"{stem}.pdf"
        weasyprint.HTML(string=html, base_url=str(workdir)).write_pdf(str(pdf))
        raw = pdf_to_raw(pdf)
        bad = leaky_tables(book, raw)
        if not bad or _attempt == N_TABLE_STYLES - 1:
            break
        for i in bad:
            styles[i] = (styles[i] + 1) % N_TABLE_STYLES
    book["render"] = {"table_styles": styles, "leaky_tables": bad}
    return raw


def _lenient_tokens(text: str) -> list[str]:
    toks = []
    for w in CALL_RE.sub(" ", text).split():
        w = re.sub(r"[^\w]", "", w).casefold()
        if w:
            toks.append(w)
    return toks


def leaky_tables(book: dict, raw: str) -> list[int]:
    """Indexes of tables whose cells are not all between their caption and the next
    paragraph in `raw`."""
    toks = _lenient_tokens(raw)
    joined = " " + " ".join(toks) + " "
    bad = []
    blocks = [b for part in book["parts"] for b in part["blocks"]]
    ti = 0
    for i, b in enumerate(blocks):
        if b["t"] != "table":
            continue
        cap = " " + " ".join(_lenient_tokens(b["caption"])) + " "
        start = joined.find(cap)
        nxt = next((x for x in blocks[i + 1:] if x["t"] in ("p", "h2")), None)
        end = len(joined)
        if nxt is not None:
            head = " " + " ".join(_lenient_tokens(nxt["text"])[:6]) + " "
            e = joined.find(head, start + 1)
            end = e if e >= 0 else end
        region = joined[start:end] if start >= 0 else ""
        needed = [t for row in b["rows"] for c in row for t in _lenient_tokens(c)]
        have = region.split()
        for t in needed:
            if t in have:
                have.remove(t)
            else:
                bad.append(ti)
                break
        ti += 1
    return bad


# --- truth ---------------------------------------------------------------------

NOTE_SECTION_TITLES = {"notes", "footnotes"}


def words_of(text: str) -> list[str]:
    """Our text minus note calls, split on white space."""
    return CALL_RE.sub("", text).split()


def truth_of(book: dict) -> dict:
    """The answer sheet: what a perfect import's EPUB holds."""
    headings, paragraphs, quotes, notes, calls, tables = [], [], [], [], [], []
    words = 0

    def add_words(text: str) -> None:
        nonlocal words
        words += sum(1 for w in words_of(text) if re.search(r"\w", w))

    def para_entry(text: str, in_quote: bool) -> dict:
        ws = words_of(text)
        return {"first": ws[:8], "last": ws[-8:], "in_quote": in_quote}

    for ci, part in enumerate(book["parts"]):
        h1 = part_heading(part)
        headings.append({"level": 1, "text": h1, "chapter": ci})
        add_words(part["title"])  # the number is not a word of the body
        notes_map = {}
        for lab, text in part["endnotes"]:
            notes_map[lab] = ("endnote", text)
        for lab, text in part["footnotes"]:
            notes_map[lab] = ("footnote", text)
        texts_with_calls = []
        for b in part["blocks"]:
            if b["t"] == "h2":
                headings.append({"level": 2, "text": b["text"], "chapter": ci})
                add_words(b["text"])
            elif b["t"] == "p":
                paragraphs.append(para_entry(b["text"], False))
                add_words(b["text"])
                texts_with_calls.append(b["text"])
            elif b["t"] == "quote":
                qtext = []
                for q in b["blocks"]:
                    if q["t"] == "ol":
                        for item in q["items"]:
                            qtext.append(item)
                            add_words(item)
                            texts_with_calls.append(item)
                    else:
                        paragraphs.append(para_entry(q["text"], True))
                        qtext.append(q["text"])
                        add_words(q["text"])
                        texts_with_calls.append(q["text"])
                ws = words_of(" ".join(qtext))
                quotes.append({"first": ws[:8], "last": ws[-8:], "chapter": ci})
            elif b["t"] == "table":
                tables.append({"caption": b["caption"], "rows": b["rows"], "chapter": ci})
                add_words(b["caption"])
                for row in b["rows"]:
                    for c in row:
                        add_words(c)
                if b.get("call"):
                    texts_with_calls.append(f" [{b['call']}]")
        for lab, (kind, text) in notes_map.items():
            add_words(text)
            texts_with_calls.append(text)
        for text in texts_with_calls:
            for m in CALL_RE.finditer(text):
                lab = m.group(1)
                kind = "footnote" if lab.endswith("*") else "endnote"
                entry = {"chapter": ci, "label": lab, "kind": kind}
                if lab in notes_map:
                    entry["text"] = CALL_RE.sub("", notes_map[lab][1]).strip()
                calls.append(entry)
        for lab, (kind, text) in notes_map.items():
            notes.append({"chapter": ci, "label": lab, "kind": kind,
                          "text": CALL_RE.sub("", text).strip()})
    return {
        "format": "publish-corpus-truth/1",
        "seed": book["seed"], "size": book["size"],
        "title": book["title"], "subtitle": book["subtitle"], "author": book["author"],
        "publisher": book["publisher"], "place": book["place"], "year": book["year"],
        "geometry": dict(book["geometry"], indent=book.get("indent", True)),
        "render": book.get("render", {}),
        "headings": headings, "paragraphs": paragraphs, "blockquotes": quotes,
        "notes": notes, "calls": calls, "tables": tables, "words": words,
    }


def generate(seed: int, size: str, out_dir: Path, keep_pdf: bool = False) -> tuple[Path, Path]:
    """Write `book-SEED.txt` (raw) and `book-SEED.json` (truth) into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    book = make_book(seed, size)
    work = out_dir / "work"
    raw = render_book(book, work)
    truth = truth_of(book)
    truth["raw_stats"] = raw_stats(raw)
    txt = out_dir / f"book-{seed}.txt"
    js = out_dir / f"book-{seed}.json"
    txt.write_text(raw, encoding="utf-8")
    js.write_text(json.dumps(truth, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                  encoding="utf-8")
    if not keep_pdf:
        for f in work.glob(f"book-{seed}.*"):
            f.unlink()
        try:
            work.rmdir()
        except OSError:
            pass
    return txt, js


def raw_stats(raw: str) -> dict:
    lines = raw.split("\n")
    lens = sorted(len(x) for x in lines if len(x) > 40)
    pct = (lambda q: lens[int(q * (len(lens) - 1))] if lens else 0)
    return {"lines": len(lines), "blank": sum(1 for x in lines if not x.strip()),
            "line_p50": pct(0.5), "line_p90": pct(0.9)}


# --- a perfect import, for testing the scorer ---------------------------------------


def ideal_xhtml(book: dict) -> bytes:
    """The XML intermediate a perfect import of `book` would give (HTMLBook subset)."""
    from lxml import etree

    ns = "http://www.w3.org/1999/xhtml"
    def sub(parent, tag, text=None, **kw):
        el = etree.SubElement(parent, f"{{{ns}}}{tag}", **kw)
        if text is not None:
            el.text = text
        return el

    def fill(el, text, cid, lead=None):
        """Text with ' [N]' calls as noterefs."""
        last = None
        pos = 0
        words = text.split(" ")
        if lead:
            span = sub(el, "span", " ".join(words[:lead]), **{"class": "lead-in"})
            span.tail = " "
            text = " ".join(words[lead:])
            last = span
        for m in CALL_RE.finditer(text):
            chunk = text[pos:m.start()]
            if last is None:
                el.text = (el.text or "") + chunk
            else:
                last.tail = (last.tail or "") + chunk
            lab = m.group(1)
            kind = "fn" if lab.endswith("*") else "en"
            a = sub(el, "a", lab,
                    href=f"#{cid}-{kind}-{lab.rstrip('*')}",
                    **{"data-type": "noteref", "class": "footnote" if kind == "fn" else "endnote"})
            last = a
            pos = m.end()
        chunk = text[pos:]
        if last is None:
            el.text = (el.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    root = etree.Element(f"{{{ns}}}html")
    body = sub(root, "body", **{"data-type": "book"})
    for i, part in enumerate(book["parts"]):
        cid = f"ch-{i:02d}"
        sec = sub(body, "section", id=cid, **{"data-type": "chapter"})
        sub(sec, "h1", part["title"])
        for b in part["blocks"]:
            if b["t"] == "h2":
                sub(sec, "h2", b["text"])
            elif b["t"] == "p":
                fill(sub(sec, "p"), b["text"], cid, b.get("lead"))
            elif b["t"] == "quote":
                q = sub(sec, "blockquote")
                for qb in b["blocks"]:
                    if qb["t"] == "ol":
                        ol = sub(q, "ol")
                        for item in qb["items"]:
                            fill(sub(ol, "li"), item, cid)
                    else:
                        fill(sub(q, "p"), qb["text"], cid)
            elif b["t"] == "table":
                t = sub(sec, "table")
                cap = sub(t, "caption")
                fill(cap, b["caption"] + (f" [{b['call']}]" if b.get("call") else ""), cid)
                head = sub(sub(t, "thead"), "tr")
                for c in b["rows"][0]:
                    sub(head, "th", c)
                tb = sub(t, "tbody")
                for row in b["rows"][1:]:
                    tr = sub(tb, "tr")
                    sub(tr, "th", row[0], scope="row")
                    for c in row[1:]:
                        sub(tr, "td", c, **{"class": "num"})
        for kind, notes in (("fn", part["footnotes"]), ("en", part["endnotes"])):
            if not notes:
                continue
            ns_ = sub(sec, "section", **{"data-type": "footnotes" if kind == "fn" else "endnotes"})
            for lab, text in notes:
                aside = sub(ns_, "aside", id=f"{cid}-{kind}-{lab.rstrip('*')}",
                            **{"data-type": "footnote" if kind == "fn" else "endnote"})
                fill(sub(aside, "p"), text, cid)
    return etree.tostring(root, encoding="utf-8")


def ideal_manuscript(book: dict, out_dir: Path) -> Path:
    """The manuscript a perfect import of `book` would write (book.toml + Markdown):
    lets the scorer be checked through the real `publish xml` / `publish epub`."""
    out_dir.mkdir(parents=True, exist_ok=True)

    def md_inline(text: str) -> str:
        return CALL_RE.sub(lambda m: f"[^{m.group(1)}]", text)

    files = []
    for i, part in enumerate(book["parts"]):
        name = f"{i:02d}-{'intro' if part['number'] is None else 'chapter'}.md"
        files.append(name)
        lines = [f"# {part_heading(part)}", ""]
        for b in part["blocks"]:
            if b["t"] == "h2":
                lines += [f"## {b['text']}", ""]
            elif b["t"] == "p":
                text = b["text"]
                if b.get("lead"):
                    words = text.split(" ")
                    text = (f"[{' '.join(words[:b['lead']])}]{{.lead-in}} "
                            + " ".join(words[b["lead"]:]))
                lines += [md_inline(text), ""]
            elif b["t"] == "quote":
                for j, q in enumerate(b["blocks"]):
                    if j:
                        lines.append(">")
                    if q["t"] == "ol":
                        lines += [f"> {k + 1}. {md_inline(item)}" for k, item in
                                  enumerate(q["items"])]
                    else:
                        lines.append("> " + md_inline(q["text"]))
                lines.append("")
            elif b["t"] == "table":
                call = f"[^{b['call']}]" if b.get("call") else ""
                rows = b["rows"]
                lines.append(f"Table: {b['caption']}{call}")
                lines.append("")
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in rows[0]) + " |")
                lines.append("| :--- |" + " ---: |" * (len(rows[0]) - 1))
                for row in rows[1:]:
                    lines.append("| " + " | ".join(row) + " |")
                lines.append("")
        for lab, text in part["footnotes"] + part["endnotes"]:
            lines.append(f"[^{lab}]: {md_inline(text)}")
        (out_dir / name).write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    toml = [
        "[book]",
        f"title = {json.dumps(book['title'], ensure_ascii=False)}",
        f"subtitle = {json.dumps(book['subtitle'], ensure_ascii=False)}",
        f"authors = [{json.dumps(book['author'], ensure_ascii=False)}]",
        'language = "en"',
        f'identifier = "urn:uuid:00000000-0000-4000-8000-{book["seed"]:012d}"',
        'date = "2026-11-25"',
        "",
        "[original]",
        f"publisher = {json.dumps(book['publisher'])}",
        f"place = {json.dumps(book['place'])}",
        f"year = {json.dumps(book['year'])}",
        "",
        "[contents]",
        "chapters = [" + ", ".join(json.dumps(f) for f in files) + "]",
    ]
    (out_dir / "book.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    return out_dir
