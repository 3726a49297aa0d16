"""Paragraphs: page-break joins, unwrapping, block quotes and note lists.

A blank line in the source is usually an old page break, not a paragraph
break; a paragraph ends only at a line that is short for the measure (the next
line's first word would have fitted), ends a sentence, and is followed by a new
sentence. A full line that ends with a full stop runs on.

Block quotes show only by their narrower measure. A paragraph whose lines never
reach the body measure, yet keep breaking as full lines of a narrower one, is a
quote; neighbouring quote paragraphs form one quote. When our widths are the
face's own, a first reading then teaches the book's habits: the quote measure
read from the quotes found, and whether a note call or a blank line marks where
a quote ends; the second reading uses them.
"""

from __future__ import annotations

import math
import re

from ..document import (
    HEADING,
    LIST_ITEM,
    NOTE,
    NOTES_HEADING,
    PARA,
    QUOTE,
    RAW,
    TABLE,
    Block,
    Document,
    Line,
    runs,
)
from ..rules_core.text import BREAK_HYPHENS
from ..rules_inline.hyphens import (
    hyphen_evidence,
    hyphen_head,
    keeps_hyphen,
    last_part,
    repair_line,
    score_split,
    vocabulary,
)
from .headings import book_acronyms, lead_in
from .measure import (
    JOINED,
    SPACE,
    TERMINAL,
    UNWRAPPED,
    _separation,
    best_cut,
    ends_sentence,
    first_word,
    percentile,
    sentence_end,
    starts_sentence,
    width,
)

PASS = "paragraphs"

_NOTE_START = re.compile(r"^\s*(\d{1,3})(\*?)[.)](?:\s+\S|\s*$)")
#: a line that ends on "p." or "pp.", its page number wrapped to the next
_PAGE_ABBR = re.compile(r"\bpp?\.\s*$")
_MARKERS_ONLY = re.compile(r"^\s*(\[\d{1,3}\*?\]\s*)+$")
_LIST_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s+\S")
#: a note call closing a line
_CALL_END = re.compile(r"\[\d{1,3}\*?\]\W{0,2}$")


#: a page reference broken after its abbreviation: "pp." / "22-45" was "pp.22-45"
_REF_ABBREV = re.compile(r"(?:^|\s)(?:pp?|[Nn]o|[Vv]ol|[Cc]h)\.$")


def _join(doc: Document, lines: list[Line]) -> str:
    """Join wrapped lines with single spaces; a word the renderer hyphenated
    (`Ger‐` `many`) is joined whole, and a line's end hyphen with no space
    (`well-` `calculated`, `Pro-` `duction`: see `keeps_hyphen`). (A lost
    hyphen is the hyphens pass's job: it needs the whole book's evidence.)"""
    out = ""
    for ln in lines:
        t = " ".join(ln.text.split())
        if not t:
            continue
        if t[:1].isalpha() and out.endswith(BREAK_HYPHENS):
            out = out[:-1]
        elif t[:1].isalpha() and (head := hyphen_head(out)) is not None:
            if not keeps_hyphen(doc, head, t):
                out = out[:-1]
        elif out and not (t[:1].isdigit() and _REF_ABBREV.search(out[-6:])):
            out += " "
        out += t
    return out


def paragraphs(doc: Document) -> Document:
    out: list[Block] = []
    region: list[Block] = []
    notes_kind: str | None = None

    def flush():
        nonlocal region
        if region:
            if notes_kind:
                out.extend(_notes(doc, region, notes_kind))
            else:
                out.extend(_body(doc, region))
        region = []

    _learn_from_quotes(doc)
    for b in doc.blocks:
        if b.kind == RAW:
            region.append(b)
            continue
        flush()
        out.append(b)
        if b.kind == NOTES_HEADING:
            notes_kind = b.attrs.get("kind", "endnote")
        elif b.kind == HEADING:
            notes_kind = None
    flush()
    doc.blocks = out
    _decide_quotes(doc)
    _report_break_hyphens(doc)
    return doc


def _body_regions(doc: Document) -> list[tuple[list[Line], list[bool]]]:
    """The lines of each run of raw blocks outside notes, as `_body` reads
    them, with where a blank line comes before one."""
    regions, region = [], []
    notes = False
    for b in doc.blocks + [Block(HEADING, [])]:
        if b.kind == RAW:
            region.append(b)
            continue
        if region and not notes:
            regions.append(_lines_with_breaks(region))
        region = []
        if b.kind == NOTES_HEADING:
            notes = True
        elif b.kind == HEADING:
            notes = False
    return regions


def _binomial_tail(n: int, k: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(k, n + 1))


def _learn_from_quotes(doc: Document, rounds: int = 2) -> None:
    """Read the book's quotes once, then learn from them. The quote measure:
    the first estimate rests on the few quote lines whose next word would
    have fitted the body measure; inside the quotes found, every line that
    runs on says the measure is at least its width and less than its width
    plus the next word. Whether a blank line marks where a quote begins or
    ends (pdftotext leaves one where a quote's margins part it from the
    text), and whether a note call marks where it ends. Only with the face's
    own widths (a tight tolerance): else the first reading is too rough."""
    if doc.measure > UNWRAPPED or _tol(doc) > 0.012:
        return
    M = doc.measure
    mq = quote_measure(doc)
    if not mq:
        return
    regions = _body_regions(doc)
    for _ in range(rounds):
        ws, fs = [], []
        sw = sw_blank = pe = pe_blank = 0
        calls = [[1, 1], [1, 1]]  # [last in its quote?][ends with a call?], add-one
        call_run = [1, 1]  # a quote line ending with a call: [runs on, ends its paragraph]
        for lines, page_before in regions:
            states, ends = _label(doc, lines, page_before)
            texts = [ln.text.strip() for ln in lines]
            in_list = False
            for i in range(len(lines) - 1):
                if i == 0 or ends[i - 1]:
                    in_list = bool(_LIST_ITEM.match(texts[i]))
                call = bool(_CALL_END.search(texts[i]))
                if states[i] == 1:
                    if ends[i]:
                        calls[states[i + 1] == 0][call] += 1
                    if call:
                        call_run[ends[i]] += 1
                if ends[i]:
                    if states[i + 1] != states[i]:
                        sw += 1
                        sw_blank += page_before[i + 1]
                    else:
                        pe += 1
                        pe_blank += page_before[i + 1]
                a, b = texts[i], texts[i + 1]
                if not (states[i] == 1 and states[i + 1] == 1 and not ends[i]) or not b:
                    continue
                if in_list:
                    continue  # a list inside a quote may be set narrower still
                if " " not in a or " " not in b or width(a) > JOINED * M:
                    continue  # one-word lines, joins: their widths say nothing
                ws.append(width(a))
                fs.append(width(a) + SPACE + width(first_word(b)))
        if "blank_switch" not in doc.evidence and sw_blank >= 3 and pe:
            p1, p0 = sw_blank / (sw + 1), max(pe_blank, 1) / pe
            # page breaks fall anywhere: so many blanks at switches by chance is unlikely
            if _binomial_tail(sw, sw_blank, p0) < 0.01:
                # log-likelihood ratios of a switch against a plain paragraph end
                doc.evidence["blank_switch"] = (math.log(p1 / p0), math.log((1 - p0) / (1 - p1)))
        if "quote_calls" not in doc.evidence and sum(map(sum, calls)) >= 10:
            # whether this book cites a quotation where it ends: leaving a quote
            # after a paragraph that ends with a call / without one, against
            # staying; and a quote running on after a call at a line's end
            p_last, p_inner = calls[1][1] / sum(calls[1]), calls[0][1] / sum(calls[0])
            doc.evidence["quote_calls"] = (
                -math.log(p_last / p_inner), -math.log((1 - p_last) / (1 - p_inner)),
                min(4.0, max(0.0, math.log(call_run[1] / call_run[0]))))
        if len(ws) < 20:
            break
        share, t = best_cut(ws, fs)
        if share < 0.8 or abs(t - mq) < 0.002 * M or t > M * (1 - 1.5 * _tol(doc)):
            break
        mq = t
        doc.evidence["quote_measure"] = mq
        doc.evidence.pop("narrow_cost", None)
        doc.decide(PASS, 1, 1, f"block quotes re-read at {mq / M:.3f} of the measure ({mq:.1f} em)",
                   f"{share:.0%} of {len(ws)} lines that run on inside quotes fit it", 0.85)
    if "blank_switch" in doc.evidence:
        doc.decide(PASS, 1, 1, "a blank line often parts a quote from the text",
                   "more blank lines where quotes begin or end than page breaks explain", 0.7)
    if "quote_calls" in doc.evidence and doc.evidence["quote_calls"][0] < 0:
        doc.decide(PASS, 1, 1, "a note call often ends a quote",
                   "quote paragraphs ending with a call mostly end their quote", 0.7)


def _report_break_hyphens(doc: Document) -> None:
    """Every word joined across a hyphen at a line's end, for the report."""
    for b in doc.blocks:
        for ln, nxt in zip(b.lines, b.lines[1:]):
            end, tail = ln.text.rstrip(), (nxt.text.split() or [""])[0]
            if not tail[:1].isalpha():
                continue
            head = end[:-1].rsplit(" ", 1)[-1]
            if end.endswith(BREAK_HYPHENS):
                doc.decide(PASS, ln.n, nxt.n, f"joined a hyphenated word: {head}‐ {tail} -> "
                           f"{head}{tail}", "the renderer's hyphen (U+2010) at a line's end, "
                           "not the author's", 0.9, block=b)
                doc.report.count("renderer hyphens joined")
            elif b.kind != TABLE and (word := hyphen_head(end)) is not None:
                if keeps_hyphen(doc, word, tail):
                    doc.decide(PASS, ln.n, nxt.n, f"kept a hyphen at a line's end: {head}- {tail} "
                               f"-> {head}-{tail}", "the book has this pair hyphenated, or "
                               "seldom breaks words at its lines' ends", 0.8, block=b)
                else:
                    doc.decide(PASS, ln.n, nxt.n, f"joined a word broken at a line's end: {head}- "
                               f"{tail} -> {head}{tail}", "the book has the whole word, or "
                               "often breaks words at its lines' ends", 0.8, block=b)
                doc.report.count("line-end hyphens resolved")


def _lines_with_breaks(region: list[Block]) -> tuple[list[Line], list[bool]]:
    lines: list[Line] = []
    page_before: list[bool] = []
    for bi, b in enumerate(region):
        for li, ln in enumerate(b.lines):
            lines.append(ln)
            page_before.append(li == 0 and bi > 0)
    return lines, page_before


#: relative error of our width estimates (font mismatch, kerning)
TOL = 0.0115
_INF = float("inf")


def _end_cost(e: bool, s: bool, short: bool) -> float:
    if e and s:
        return 0.0
    if short and (e or s):
        return 0.5
    if e or s:
        return 2.0
    return 5.0


#: a line this much wider than the quote measure is no quote line; below, the
#: estimate of that measure (from the widest lines that run on) may be short
QUOTE_OVER = 1.03


def _tol(doc: Document) -> float:
    return doc.evidence.get("tol", TOL)


def quote_measure(doc: Document) -> float | None:
    """The narrower measure of block quotes, in ems; None if the book shows
    none. Lines that run on (the next starts in lower case) although the next
    word would have fitted the body measure can only be set narrower."""
    if "quote_measure" in doc.evidence:
        return doc.evidence["quote_measure"]
    M = doc.measure
    TOL = _tol(doc)
    ws, fs = [], []
    texts = [ln.text.strip() for ln in doc.lines[doc.body_start:]]
    for p, a, b in zip(texts, texts[1:], texts[2:]):
        # a line inside a sentence (not a paragraph's indented first line, nor
        # the first after a heading)
        if not a or not b or not b[0].islower() or not p or p[-1] in TERMINAL:
            continue
        if width(p) < 0.6 * M:
            continue
        wa = width(a)
        if wa > JOINED * M:
            continue
        f = wa + SPACE + width(first_word(b))
        if f < M * (1 - TOL) and wa > 0.6 * M:
            ws.append(wa)
            fs.append(f)
    mq = None
    if len(ws) >= 2:
        hi_w, lo_f = percentile(ws, 0.95), percentile(fs, 0.10)
        mq = max(hi_w, (hi_w + lo_f) / 2)
        if mq > M * (1 - 1.5 * TOL):
            mq = None
    if mq is None:
        # no clear evidence: assume the usual indent; the labelling still needs
        # whole paragraphs that keep to it before it calls them quotes
        mq = 0.9 * M
    doc.evidence["quote_measure"] = mq
    if mq:
        doc.decide(PASS, doc.lines[doc.body_start].n if doc.lines else 1, doc.lines[-1].n if doc.lines else 1,
                   f"block quotes are set {mq / M:.2f} of the measure ({mq:.1f} em)",
                   f"{len(ws)} lines run on although the next word would fit the body measure",
                   0.85)
    return mq


#: costs of the labelling (roughly -log odds; tuned on generated books, seeds
#: 300-329, see bench/corpus/)
COST = {
    "quote_prior": 0.0,      # per line set to the quote measure
    "para_end": 1.06,        # every paragraph break
    "switch": 3.4,           # entering or leaving a quote
    "switch_mid": 5.0,       # ... after a line that does not end a sentence
    "edge_switch": 2.5,      # a quote running to its region's end, uncited
    "colon_switch": 6.0,     # entering a quote after a colon is cheaper by this
    "colon_leave": 0.0,      # leaving a quote after a colon (its list follows inside)
    "list_switch": 4.0,      # entering or leaving a quote inside a numbered list
    "list_run": 3.0,         # running on into the next item of a numbered list
    "quote_colon_end": 0.5,  # a quote paragraph ending with a colon
    "invisible_end": 3.0,    # a paragraph ending on a full line, sentence cues present
    "colon_end": 0.06,       # ... ending with a colon before a numbered item
    # a line that stops short of the measure yet runs on is rare: the next
    # word would have fitted. With an indent this is what shows that the next
    # line opens a paragraph although this one is full.
    "near_run": 4.5,         # running on from a line just short of full
    "near_run_es": 4.0,      # ... which ends a sentence before a new one
    "short_run": 4.5,        # running on from a clearly short line
    "short_run_quote": 3.0,  # ... in a quote, where short lines run on more often (letters, verse)
    "very_short_run": 4.0,
    "unindented_first": 3.0,  # a paragraph's first line as wide as the measure
    "quote_leadin": 6.0,     # a quote paragraph opening with a lead-in (TROTSKY HAD)
    "dangling_end": 5.0,     # a paragraph ending on "the" or a comma
    "bare_end": 4.0,         # ... on another word, with no stop
}

#: words a sentence does not stop on
_RUNS_ON = frozenset("""a an the of to in and or but nor for with by on at from as into
than that which who whose whom his her its their our your my this these those is are
was were be been had has have not""".split())


def paragraph_indent(doc: Document) -> float:
    """The first-line indent of body paragraphs as a share of the measure (0 if
    none shows). A paragraph's first line that runs on was set to the measure
    less the indent: like `estimate_measure`, find the width T that best
    separates such lines' widths from their widths plus the next word; the
    indent is the measure less T."""
    if "indent" in doc.evidence:
        return doc.evidence["indent"]
    M = doc.measure
    texts = [ln.text.strip() for ln in doc.lines[doc.body_start:]]
    pairs, cont = [], []
    for i in range(1, len(texts) - 1):
        a, b, c = texts[i - 1], texts[i], texts[i + 1]
        if not (a and b and c) or not c[0].islower():
            continue
        wb = width(b)
        if wb > JOINED * M:
            continue
        fa = (width(a) + SPACE + width(first_word(b))) / M
        if fa < 0.8 and sentence_end(a) and starts_sentence(b) and not _LIST_ITEM.match(b):
            pairs.append((b, c))
        elif a[-1:].isalpha() or a.endswith(","):
            cont.append(wb)
    ind = 0.0
    if len(pairs) >= 5 and len(cont) >= 20:
        share, t = _separation(pairs)
        ind = (M - t) / M
        # half an em or less is noise in our widths; over 4 ems is no indent
        if share < 0.6 or ind * M < 0.5 or ind * M > 4.0:
            ind = 0.0
    doc.evidence["indent"] = ind
    if ind:
        doc.decide(PASS, 1, 1, f"paragraphs open with an indent of {ind * M:.2f} em",
                   f"first lines of {len(pairs)} paragraphs stop that much short of the "
                   "measure", 0.8)
    return ind


def _narrow_cost(doc: Document, mq: float) -> float:
    """-log of the share of body lines (lines that run on at the full measure)
    narrow enough to fit the quote measure."""
    if "narrow_cost" in doc.evidence:
        return doc.evidence["narrow_cost"]
    M = doc.measure
    TOL = _tol(doc)
    texts = [ln.text.strip() for ln in doc.lines[doc.body_start:]]
    total = narrow_n = 0
    for p, a, b in zip(texts, texts[1:], texts[2:]):
        if not a or not b or not b[0].islower() or not p or p[-1] in TERMINAL:
            continue
        wa = width(a)
        if wa > JOINED * M or wa + SPACE + width(first_word(b)) < M * (1 - TOL):
            continue
        total += 1
        narrow_n += wa <= mq * (1 + TOL)
    share = narrow_n / total if total >= 20 else 0.25
    cost = -math.log(min(0.9, max(share, 0.03)))
    doc.evidence["narrow_cost"] = cost
    return cost


def _hyphen_head(doc: Document, text: str) -> float:
    """For two lines that pdftotext ran together at a line-end hyphen, the
    width of the first, which was full for its measure; 0 if the join is not
    one clear lost hyphen (then where it lies is a guess)."""
    pairs, prefixes = hyphen_evidence(doc)
    new, changes = repair_line(text, doc.measure, pairs, prefixes, vocabulary(doc))
    if len(changes) != 1 or changes[0][1] is None:
        return 0.0
    tok = changes[0][1]
    at = new.find(tok)
    if at < 0 or width(new[at + tok.index("-") + 1:]) > JOINED * doc.measure:
        return 0.0
    return width(new[:at + tok.index("-")])  # the hyphen may hang in the margin


def _quote_join(doc: Document, text: str, mq: float, tol: float) -> tuple[float, str] | None:
    """A quote line and the next one, run together at a lost hyphen although
    the two are narrower than a joined pair of body lines: (width of the first
    up to its hyphen, the rest), or None. The hyphen must fit the quote
    measure and the book's own evidence must name it, as for body lines."""
    pairs, prefixes = hyphen_evidence(doc)
    vocab = vocabulary(doc)
    best = None
    pos = 0
    for tok in text.split(" "):
        start, pos = pos, pos + len(tok) + 1
        # the word broke because it did not fit: it spans the quote measure
        if not tok or width(text[:start + len(tok)]) <= mq * (1 - tol):
            continue
        for k in range(start + 1, start + len(tok)):
            if not (text[k - 1].isalpha() and text[k].isalpha()):
                continue
            head = width(text[:k])
            if head > mq * (1 + tol):
                break
            if head < 0.6 * mq:
                continue
            sc, _ = score_split(text[start:k], text[k:start + len(tok)], pairs, prefixes, vocab)
            if sc > 2.5 and (best is None or sc > best[0]):
                best = (sc, head, text[k:])
    return None if best is None else (best[1], best[2])


def _label(doc: Document, lines: list[Line],
           page_before: list[bool] | None = None) -> tuple[list[int], list[bool]]:
    """Viterbi over two states, body (0) and quote (1): which measure each line
    was set to, and where paragraphs end. A state may change only where a
    paragraph ends; a body paragraph's first line is shorter by the indent."""
    M = doc.measure
    TOL = _tol(doc)
    mq = quote_measure(doc)
    ind = paragraph_indent(doc) * M
    n = len(lines)
    measures = [M] if not mq else [M, mq]
    S = len(measures)
    C = COST
    # a justified line with huge gaps comes out one word per line: rejoin the run
    texts = [ln.text.strip() for ln in lines]
    run_end = list(range(n))
    i = 0
    while i < n:
        j = i
        while j + 1 < n and " " not in texts[j] and " " not in texts[j + 1] and texts[j + 1]:
            j += 1
        if j > i:
            for k in range(i, j + 1):
                run_end[k] = j
        i = j + 1
    feats = []
    # Where no quote begins or ends, a paragraph rarely stops in mid-sentence:
    # on "the" or a comma, or on a word with no stop. Text that introduces a
    # quote may ("He concluded that"), and so may a letter's lines inside one
    # ("Dear comrades,", a date): there only "the" and its like count.
    # Per line: [cost of a paragraph ending on it in the text, in a quote]
    # A numbered item's lines are narrower still (the number hangs in the
    # margin): inside an item, until a short line ends a sentence, a quote
    # paragraph ends on a stop as body text does.
    items = [_LIST_ITEM.match(t) for t in texts]  # a numbered item opens the line
    stop_missing = []
    in_item = False
    for i, t in enumerate(texts):
        if items[i] and (i == 0 or sentence_end(texts[i - 1])):
            in_item = True
        # a word broken at the line's end goes on, as a sentence on "the" does
        runs_on = t[t.rfind(" ") + 1:] in _RUNS_ON or t.endswith(BREAK_HYPHENS) \
            or hyphen_head(t) is not None
        bare = C["bare_end"] if t[-1:].isalnum() else 0.0
        stop_missing.append([C["dangling_end"] if runs_on or t.endswith(",") else bare,
                             C["dangling_end"] if runs_on else bare if in_item else 0.0])
        if in_item and sentence_end(t) and (not mq or width(t) < 0.85 * mq):
            in_item = False
    # a speaker's name in a transcript ("BUKHARIN: I don't") is no lead-in;
    # one word in capitals is, unless the book uses it so mid-line (CNT)
    caps = book_acronyms(doc)
    lead = [(t[:2].isupper() or t[:2] in ("A ", "I ") or t[:1].isdigit())
            and ((w := lead_in(t, caps)) >= 2 or w == 1 and t[:2].isupper())
            and ":" not in t.split(" ", 1)[0] for t in texts]
    heads: list[float] = []  # width of the full line a join swallowed, if any
    qjoins: list = []  # (head, rest width, rest + next word) of a quote line joined to the next
    for i, ln in enumerate(lines):
        a = ln.text.strip()
        if run_end[i] != i or (i and run_end[i - 1] == i):
            # inside a run of one-word lines: measure the line they made
            start = i
            while start and run_end[start - 1] == run_end[i]:
                start -= 1
            a = " ".join(texts[start:run_end[i] + 1])
        wa = width(a)
        joined = wa > JOINED * M
        head = 0.0
        if joined:
            head = _hyphen_head(doc, a) if TOL <= 0.012 else 0.0
            wa = width(last_part(doc, a))
        if i + 1 < n:
            b = lines[i + 1].text.strip()
            f = wa + SPACE + width(first_word(b))
            if _MARKERS_ONLY.match(b):
                f = _INF  # a note call wrapped to a line of its own ends this one's paragraph
            e, s_ = sentence_end(a), starts_sentence(b)
            if i and _MARKERS_ONLY.match(a):
                e = sentence_end(texts[i - 1])  # "Maslow." / "[2]": the calls close its sentence
            if s_ and not e and b[:1].isdigit():
                s_ = False  # "rose by / 157 roubles": a number after an open sentence
        else:
            f, e, s_ = 0.0, True, True
        feats.append((wa, f, e, s_, joined))
        heads.append(head)
        qj = None
        if mq and not joined and wa > mq * (1 + TOL) and TOL <= 0.012:
            qj = _quote_join(doc, a, mq, TOL)
            if qj:
                wr = width(qj[1])
                fr = wr + SPACE + width(first_word(b)) if i + 1 < n else 0.0
                qj = (qj[0], wr, f if f == _INF else fr)
        qjoins.append(qj)

    narrow = _narrow_cost(doc, mq) if mq else 0.0
    fit_both = math.log(M / mq) if mq else 0.0
    one_line_fits = [bool(mq) and f[0] <= mq * (1 + TOL)
                     and (i == 0 or feats[i - 1][1] < M * (1 - 3 * TOL))
                     for i, f in enumerate(feats)]
    colon = [ln.text.rstrip().endswith(":") for ln in lines]
    # a numbered item that continues a list ("4." after "3.") keeps the list's
    # state: the list sits in a quote or outside it as a whole
    list_next = [False] * n
    last_num, last_at = 0, -100
    for i, m in enumerate(items):
        if m and (i == 0 or feats[i - 1][2]):
            k = int(m.group(1))
            list_next[i] = k == last_num + 1 and i - last_at <= 40
            last_num, last_at = k, i
    item_first = [bool(m) and m.group(1) == "1" for m in items]

    def costs(i: int, st: int, first: bool) -> tuple[float, float]:
        """(run on, end here) for line i in state st; `first` if it opens a paragraph."""
        wa, f, e, s_, joined = feats[i]
        head = heads[i]
        if st == 1 and qjoins[i]:
            head, wa, f = qjoins[i]
            joined = True
        m = measures[st]
        penalty = 0.0
        if first and st == 0 and i > 0 and ind:
            if wa > (m - ind) * (1 + TOL) and not joined:
                penalty = C["unindented_first"]  # too wide for an indented first line
            else:
                m -= ind
        over = 0.0
        if wa > m * (1 + TOL) and not joined:
            if st == 1 and wa > m * QUOTE_OVER:
                return _INF, _INF
            # wider than the measure: our widths are off. Costly, never
            # impossible: a line no state can take would void the whole region
            over = 3.0 + 100 * (wa / m - 1 - TOL)
        # the line a join swallowed was full for its measure
        if st == 1 and head > m * (1 + TOL):
            return _INF, _INF
        head_narrow = narrow if st == 0 and mq and 0 < head <= mq * (1 + TOL) else 0.0
        prior = (C["quote_prior"] if st == 1 else 0.0) + over
        # a section's lead-in opens the author's text, however short
        opens_lead = C["quote_leadin"] if st == 1 and first and lead[i] else 0.0
        prior += opens_lead
        prior += penalty + head_narrow
        if i + 1 == n:
            return _INF, 0.0
        if run_end[i] != i:
            return 0.0, _INF  # one word of a line pdftotext split word by word
        if st == 0 and mq and wa <= mq * (1 + TOL) and not joined:
            # a body line this narrow is rare; a quote line always is
            prior += narrow
        if f == _INF:
            return prior, _INF
        if f >= m * (1 - TOL):
            if e and s_:
                end = C["colon_end"] if items[i + 1] else C["invisible_end"]
            else:
                end = 8.0
            run = 0.0
        elif f >= m * (1 - 3 * TOL):
            run = C["near_run_es"] if (e and s_) else C["near_run"]
            end = _end_cost(e, s_, False) + 0.5
        else:
            run = (C["very_short_run"] if f < 0.9 * m
                   else C["short_run" if st == 0 else "short_run_quote"]
                   + 40 * ((1 - 3 * TOL) - f / m))
            end = _end_cost(e, s_, f < 0.8 * m)
        if e and (list_next[i + 1] or item_first[i + 1]):
            run += C["list_run"]  # the next line opens a numbered list's item
        if st == 1 and quote_calls and call[i]:
            run += quote_calls[2]
        if st == 1 and e and lines[i].text.rstrip().endswith(":"):
            end += C["quote_colon_end"]  # a colon ends the text that introduces a quote
        return prior + run, end + C["para_end"] + head_narrow + opens_lead

    blank_switch = doc.evidence.get("blank_switch") if page_before else None
    quote_calls = doc.evidence.get("quote_calls")
    call = [bool(_CALL_END.search(t)) for t in texts]
    # Viterbi over (state, ended) pairs
    K = 2 * S
    best = []
    for k in range(K):
        r, e_ = costs(0, k // 2, True)
        best.append(e_ if k % 2 else r)
    back: list[list[int]] = []
    sw, sw_mid, colon_gain = C["switch"], C["switch_mid"], C["colon_switch"]
    for i in range(1, n):
        # cost of line i in state st, given whether the previous line ended a paragraph
        opts = [[costs(i, st, False), costs(i, st, True)] for st in range(S)]
        switch = sw + (0.0 if feats[i - 1][2] else sw_mid)
        if list_next[i]:
            switch += C["list_switch"]
        # a colon introduces a quote; a quote paragraph ending with one goes on
        # with what it introduces (a list), inside the quote
        if blank_switch:
            switch += -blank_switch[0] if page_before[i] else blank_switch[1]
        sw_in = switch - (colon_gain if colon[i - 1] else 0.0)
        if one_line_fits[i - 1]:
            # a paragraph of one line before a quote that fits the quote's
            # measure: as likely the quote's first paragraph, and its width
            # likelier in the narrower measure
            sw_in += fit_both
        sw_out = switch + (C["colon_leave"] if colon[i - 1] else 0.0)
        if quote_calls:
            sw_out += quote_calls[0] if call[i - 1] else quote_calls[1]
        # from the previous line's (state, ended) to this line's state: no
        # switch inside a paragraph; a paragraph end in mid-sentence costs
        stop = stop_missing[i - 1]
        # rows: (state, ended) before: (0, 0), (0, 1), (1, 0), (1, 1); columns: state now
        move = ([[0.0, _INF], [stop[0], sw_in], [_INF, 0.0], [sw_out, stop[1]]] if S == 2
                else [[0.0], [stop[0]]])
        new, bp = [], []
        for k in range(K):
            st, end_here = k // 2, k % 2
            bc, bk = _INF, 0
            for pk in range(K):
                c = best[pk] + move[pk][st] + opts[st][pk % 2][end_here]
                if c < bc:
                    bc, bk = c, pk
            new.append(bc)
            bp.append(bk)
        best = new
        back.append(bp)
    if quote_calls:
        # a quote that runs to a heading or a table ends there: weigh the call
        # evidence at its end too
        last = quote_calls[0] if call[n - 1] else quote_calls[1]
        best = [c + (last if k // 2 else 0.0) for k, c in enumerate(best)]
    # a quote that runs to its region's end still ends there, at nearly the
    # cost of leaving it anywhere else, unless a note call cites it there
    if not call[n - 1]:
        best = [c + (C["edge_switch"] if k // 2 else 0.0) for k, c in enumerate(best)]
    k = min(range(K), key=lambda x: best[x])
    states = [0] * n
    ends = [False] * n
    for i in range(n - 1, -1, -1):
        states[i], ends[i] = k // 2, bool(k % 2)
        if i > 0:
            k = back[i - 1][k]
    ends[-1] = True
    return states, ends


def _body(doc: Document, region: list[Block]) -> list[Block]:
    lines, page_before = _lines_with_breaks(region)
    if doc.measure > UNWRAPPED:
        # not hard-wrapped: every line is a paragraph
        if not doc.evidence.get("unwrapped_warned"):
            doc.evidence["unwrapped_warned"] = True
            doc.report.warn("the text is not hard-wrapped: each line was read as a paragraph")
        return [Block(PARA, [ln], text=_join(doc, [ln])) for ln in lines]
    states, ends = _label(doc, lines, page_before)
    blocks: list[Block] = []
    cur: list[int] = []
    pending = []
    for i in range(len(lines)):
        cur.append(i)
        if i + 1 < len(lines) and page_before[i + 1]:
            doc.report.count("page breaks")
            if not ends[i]:
                doc.report.count("page-break joins")
                pending.append(doc.decide(
                    PASS, lines[i].n, lines[i + 1].n, "joined a paragraph split by a page break",
                    "the line before the break is full for its measure, or the sentence "
                    "runs on", 0.85))
        if ends[i]:
            pl = [lines[k] for k in cur]
            kind = QUOTE if states[cur[0]] == 1 else PARA
            blocks.append(Block(kind, pl, blank_before=1 if page_before[cur[0]] else 0,
                                text=_join(doc, pl)))
            for d in pending:
                d.block = blocks[-1]
            pending = []
            cur = []
    if cur:
        pl = [lines[k] for k in cur]
        blocks.append(Block(QUOTE if states[cur[0]] == 1 else PARA, pl, text=_join(doc, pl)))
    return blocks


def _notes(doc: Document, region: list[Block], kind: str) -> list[Block]:
    lines, page_before = _lines_with_breaks(region)
    out: list[Block] = []
    cur: list[Line] = []
    label = None
    last_num = 0

    def flush():
        if cur:
            if label is None:
                # text before the first numbered note: keep it as a paragraph
                out.append(Block(PARA, list(cur), text=_join(doc, cur)))
            else:
                out.append(Block(NOTE, list(cur), text=_join(doc, cur),
                                 attrs={"label": label, "kind": kind}))

    starts = [_NOTE_START.match(ln.text) for ln in lines] + [None]
    for i, ln in enumerate(lines):
        m = starts[i]
        in_sentence = m is not None and bool(cur) and label is not None \
            and not ends_sentence(cur[-1].text.rstrip())
        if in_sentence and ln.text[m.end() - 1].islower():
            m = None    # a list inside the note: "two points: 1. the ... and" / "2. the ..."
        elif in_sentence and int(m.group(1)) not in (last_num + 1, 1):
            m = None    # a number wrapped to a line's start: "between 600 and" / "700. The"
        elif m and m.end() == len(ln.text) and (
                int(m.group(1)) != last_num + 1 or _PAGE_ABBR.search(cur[-1].text if cur else "")
                or starts[i + 1]):
            # a label alone on its line starts a note whose text pdftotext read
            # word by word ("2*." / "The" / "workers"), not a page number
            # wrapped after "p." nor a note that follows at once
            m = None
        if m and (label is None or int(m.group(1)) in (last_num + 1, 1) or
                  int(m.group(1)) > last_num):
            flush()
            cur = [ln]
            last_num = int(m.group(1))
            label = m.group(1) + ("*" if (m.group(2) or kind == "footnote") else "")
        else:
            cur.append(ln)
    flush()
    for b in out:
        if b.kind == NOTE:
            # strip the label itself: "12. Text" -> "Text"
            b.text = re.sub(r"^\s*\d{1,3}\*?[.)]\s+", "", _join(doc, b.lines))
    doc.decide(PASS, lines[0].n, lines[-1].n,
               f"read {sum(b.kind == NOTE for b in out)} {kind}s", "numbered entries under a notes heading", 0.9)
    return out


# --- block quotes ----------------------------------------------------------

def _decide_quotes(doc: Document) -> None:
    """Group neighbouring quote paragraphs into block quotes; numbered
    paragraphs inside a quote become list items."""
    group = 0
    for is_quote, paras in runs(doc.blocks, QUOTE):
        if not is_quote:
            continue
        group += 1
        lines = [ln for p in paras for ln in p.lines]
        for p in paras:
            m = _LIST_ITEM.match(p.text)
            if m and len(paras) > 1:
                p.kind = LIST_ITEM
                p.text = p.text[m.end() - 1:].lstrip()
                p.attrs.update(number=int(m.group(1)), in_quote=True)
            p.attrs["group"] = group
        conf = 0.85 if len(lines) >= 3 else 0.6
        doc.decide(PASS, lines[0].n, lines[-1].n, f"block quote of {len(paras)} paragraph(s)",
                   "its lines keep to the narrower quote measure", conf,
                   flagged=conf < 0.7, block=paras[0])
        doc.report.count("block quotes")
