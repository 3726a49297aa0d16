"""Lost hyphens: `antiStalinist` -> `anti-Stalinist`, `FiveYear` -> `Five-Year`,
`192930` -> `1929-30`.

pdftotext joins a line that ends with a hyphen to the next one and drops the
hyphen. With hyphenation off, such a hyphen was a real one. So a line wider
than the measure holds a join, and the join lies where the first line would
have ended. Among the places that fit, the evidence picks one: the hyphenated
form elsewhere in the book, a lower-to-upper case change inside a word, a year
range, or two common words that do not make one. Every change is reported;
a join with no convincing place is left alone and flagged.
"""

from __future__ import annotations

import re
from collections import Counter

from ..document import HEADING, LIST_ITEM, NOTE, PARA, QUOTE, Document
from ..rules_block.measure import JOINED, UNWRAPPED, join_candidates, width

PASS = "hyphens"

_HYPHENATED = re.compile(r"\b([A-Za-z]+)-([A-Za-z]+)\b")
_TEXT_KINDS = (PARA, QUOTE, LIST_ITEM, NOTE, HEADING)

_WORD = re.compile(r"[a-z]+")


def vocabulary(doc: Document) -> Counter:
    """How often each word (lower case, letters only) occurs in the book."""
    if "vocabulary" not in doc.evidence:
        text = "\n".join(ln.text for ln in doc.lines[doc.body_start:]).lower()
        doc.evidence["vocabulary"] = Counter(_WORD.findall(text))
    return doc.evidence["vocabulary"]


def hyphen_evidence(doc: Document) -> tuple[Counter, Counter]:
    if "hyphen_evidence" in doc.evidence:
        return doc.evidence["hyphen_evidence"]
    pairs: Counter = Counter()
    prefixes: Counter = Counter()
    texts = [ln.text for ln in doc.lines[doc.body_start:]] + doc.evidence.get("furniture_text", [])
    for text in texts:
        if "-" in text:
            for tok in text.split():
                parts = [p for p in re.split(r"[^\w]*-[^\w]*", tok.strip("‘’“”\"'()[],.;:!?")) if p]
                parts = [re.sub(r"\W", "", p) for p in parts]
                for a, c in zip(parts, parts[1:]):  # "cul-de-sac": cul/de and de/sac
                    if a.isalpha() and c.isalpha():
                        pairs[(a.lower(), c.lower())] += 1
                        prefixes[a.lower()] += 1
    doc.evidence["hyphen_evidence"] = (pairs, prefixes)
    return pairs, prefixes


def hyphenated_form(doc: Document, word: str) -> str | None:
    """`word` with the hyphen that pdftotext drops when it joins a word
    broken at its own hyphen ("Large-" / "scale" read "Largescale"): the
    book must hyphenate the pair elsewhere and write the word closed no more
    than here."""
    split = _pair_forms(doc).get(word.lower())
    if split is None or min(map(len, split)) < 2 or vocabulary(doc)[word.lower()] > 1:
        return None
    k = len(split[0])
    return f"{word[:k]}-{word[k:]}"


def _pair_forms(doc: Document) -> dict[str, tuple[str, str]]:
    """Each pair the book hyphenates, by its closed form: `rightwing` ->
    ("right", "wing")."""
    if "pair_forms" not in doc.evidence:
        pairs, _ = hyphen_evidence(doc)
        doc.evidence["pair_forms"] = {a + c: (a, c) for a, c in pairs}
    return doc.evidence["pair_forms"]


#: a line that ends with a hyphen after a letter ("well-", "Pro-"), not a dash
_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")


def hyphen_head(text: str) -> str | None:
    """The word before a hyphen that ends `text` ("well-" -> "well"), or None
    (no hyphen there, or a dash). Only the tail is searched: callers pass
    whole paragraphs, line by line."""
    if not text.endswith("-"):
        return None
    m = _HYPHEN_END.search(text[-64:])
    return m.group(1) if m else None


def keeps_hyphen(doc: Document, head: str, rest: str) -> bool:
    """Whether a hyphen at a line's end, between `head` and the next line
    `rest`, is the author's (`well-` / `calculated`) rather than one a
    renderer set where it broke a word (`Pro-` / `duction`). The book
    decides: the hyphenated pair elsewhere keeps it, the whole word elsewhere
    drops it; else a book whose lines often end so (it was set with
    hyphenation) drops it, and one whose lines seldom do keeps it."""
    tail = re.match(r"[^\W\d_]+", rest)
    if tail is None:
        return True
    a, c = head.lower(), tail.group(0).lower()
    pairs, _ = hyphen_evidence(doc)
    if pairs[(a, c)]:
        return True
    if vocabulary(doc)[a + c]:
        return False
    if "hyphenated_lines" not in doc.evidence:
        texts = [ln.text.rstrip() for ln in doc.lines[doc.body_start:]]
        ends = sum(1 for t in texts if hyphen_head(t) is not None)
        doc.evidence["hyphenated_lines"] = ends > 0.01 * max(1, len(texts))
    return not doc.evidence["hyphenated_lines"]


def last_part(doc: Document, text: str) -> str:
    """The last of the lines that pdftotext ran together into `text`."""
    pairs, prefixes = hyphen_evidence(doc)
    new, changes = repair_line(text, doc.measure, pairs, prefixes, vocabulary(doc))
    rest = new
    pos = 0
    for old, new_tok, _, _ in changes:
        if new_tok is None:
            continue
        at = new.find(new_tok, pos)
        if at >= 0:
            pos = at + new_tok.index("-") + 1
    rest = new[pos:]
    vocab = vocabulary(doc)

    def halves(c):
        a, b = rest[c[0]:c[2]].lower(), rest[c[2]:c[1]].lower()
        return re.sub(r"^[^a-z]+", "", a), re.sub(r"[^a-z]+$", "", b)

    for _ in range(8):
        if width(rest) <= JOINED * doc.measure:
            break
        cands = join_candidates(rest, doc.measure)
        if not cands:
            break
        # the first line was most likely nearly full; no break leaves one
        # letter ("calculate-" / "d"), and a compound breaks at its hyphen
        # ("well-" / "calculated") rather than inside a word
        cands = [c for c in cands if min(map(len, halves(c))) >= 2] or cands
        whole = [c for c in cands if all(h.isalpha() and vocab[h] for h in halves(c))]
        rest = rest[(whole or cands)[-1][2]:]
    return rest


def score_split(a: str, b: str, pairs: Counter, prefixes: Counter,
           vocab: Counter | None = None) -> tuple[float, str]:
    """How likely the token a+b was a-b. Positive means repair. The evidence is
    the book's own: its hyphenated words and how often it uses each word."""
    vocab = vocab or Counter()
    core_a = re.sub(r"^\W+", "", a).rsplit("-", 1)[-1]
    core_b = re.sub(r"\W+$", "", b)
    if not core_a or not core_b:
        return -9, ""
    if pairs.get((core_a.lower(), core_b.lower())):
        return 10, f"'{core_a}-{core_b}' occurs elsewhere in the book"
    if re.fullmatch(r"1\d{3}", core_a) and re.fullmatch(r"\d{1,4}", core_b):
        return 8, "a year range run together"
    if core_a.isdigit() and core_b.isdigit():
        return 2, "numbers run together"
    if core_a[-1].islower() and core_b[0].isupper() and core_b[1:2].islower():
        return 7, "a capital inside a word"
    if core_a[0].isupper() and core_b[0].isupper() and len(core_a) >= 2 and core_a[1:].islower():
        # FiveYear: two capitalised words
        if vocab[core_a.lower()] >= 2 and vocab[core_b.lower()] >= 2:
            return 6, "two capitalised words run together, each used on its own in the book"
    s = 0.0
    why = []
    va, vb = vocab[core_a.lower()], vocab[core_b.lower()]
    vj = vocab[(core_a + core_b).lower()]
    if prefixes.get(core_a.lower()) and (vb or len(core_a) >= 3 or not vocab):
        # ("so-" is a prefix too, but "cialpatriotic" is no word of the book)
        s += 3
        why.append(f"'{core_a}-' is a prefix elsewhere in the book")
    if len(core_a) >= 2 and len(core_b) >= 2 and va >= 2 and vb >= 2:
        s += 2 + min(3.0, min(va, vb) / 5)
        why.append("two words the book uses on their own")
    if vj >= 2:
        s -= 4 + vj
        why.append("but the book uses the joined word too")
    else:
        s += 1
    if len(core_a) < 2 or len(core_b) < 2:
        s -= 2
    return s, "; ".join(why)


def repair_line(text: str, measure: float, pairs: Counter, prefixes: Counter,
                vocab: Counter | None = None, joined: float = JOINED):
    """Return (new text, list of (old token, new token, why, confidence)).
    A line wider than `joined` times the measure is two run together."""
    changes = []
    out = ""
    rest = text
    for _ in range(8):
        if width(rest) <= joined * measure:
            break
        cands = join_candidates(rest, measure, joined)
        if not cands:
            break
        best = None
        for start, end, k in cands:
            a, b = rest[start:k], rest[k:end]
            sc, why = score_split(a, b, pairs, prefixes, vocab)
            if best is None or sc > best[0]:
                best = (sc, why, start, end, k)
        sc, why, start, end, k = best
        if sc > 2.5:
            tok = rest[start:end]
            new_tok = rest[start:k] + "-" + rest[k:end]
            changes.append((tok, new_tok, why, min(0.99, 0.5 + sc / 20)))
            out += rest[:k] + "-"
            rest = rest[k:]
        else:
            changes.append((None, None, "a line run together from two, but no lost hyphen found", 0.3))
            # carry on after the middle candidate
            k = cands[len(cands) // 2][2]
            k = rest.find(" ", k)
            if k < 0:
                break
            out += rest[:k]
            rest = rest[k:]
    return out + rest, changes


_CAMEL = re.compile(r"\b([A-Za-z][a-z]+)([A-Z][a-z]+)\b")
_YEARS = re.compile(r"\b(1[5-9]\d\d)(\d\d)\b")


def _anywhere(doc: Document, b, pairs: Counter) -> None:
    """Joins that show whatever the line's width: a word run into a
    capitalised word whose hyphenated form the book has ("FiveYear"), and a
    year run into the next ("193637")."""
    def camel(m):
        a, c = m.group(1), m.group(2)
        if not pairs.get((a.lower(), c.lower())):
            return m.group(0)
        new = f"{a}-{c}"
        doc.decide(PASS, b.first, b.last, f"restored a lost hyphen: {m.group(0)!r} -> {new!r}",
                   f"'{new}' occurs elsewhere in the book", 0.9, block=b)
        doc.report.count("hyphen repairs")
        return new

    def years(m):
        y, z = int(m.group(1)), int(m.group(2))
        if not (0 < (z - y % 100) % 100 <= 10):
            return m.group(0)
        new = f"{m.group(1)}-{m.group(2)}"
        doc.decide(PASS, b.first, b.last, f"restored a lost hyphen: {m.group(0)!r} -> {new!r}",
                   "a year run into the next one: a range", 0.8, block=b)
        doc.report.count("hyphen repairs")
        return new

    def closed(m):
        # a word the book hyphenates more often than it writes it closed: a
        # hyphen lost where pdftotext joined lines inside a note set small
        tok = m.group(0)
        split = joined.get(tok.lower())
        if split is None or pairs[split] <= vocab.get(tok.lower(), 0):
            return tok
        k = len(split[0])
        new = f"{tok[:k]}-{tok[k:]}"
        doc.decide(PASS, b.first, b.last, f"restored a lost hyphen: {tok!r} -> {new!r}",
                   f"the book writes '{new.lower()}' {pairs[split]} times and "
                   f"'{tok.lower()}' {vocab.get(tok.lower(), 0)}", 0.85, block=b)
        doc.report.count("hyphen repairs")
        return new

    joined, find, vocab = *_closed_forms(doc, pairs), vocabulary(doc)
    text = _CAMEL.sub(camel, b.text)
    text = _YEARS.sub(years, text)
    if find:
        low = text.lower()
        if any(form in low for form in joined):
            text = find.sub(closed, text)
    b.text = text


def _closed_forms(doc: Document, pairs: Counter):
    """`rightwing` -> ("right", "wing") for each two-part form that the book
    hyphenates at least twice and also writes closed, and a pattern that
    finds those."""
    if "closed_forms" not in doc.evidence:
        vocab = vocabulary(doc)
        joined = {w: pair for w, pair in _pair_forms(doc).items()
                  if pairs[pair] >= 2 and len(w) >= 5 and vocab.get(w)}
        find = re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(map(re.escape, joined)),
                          re.I) if joined else None
        doc.evidence["closed_forms"] = (joined, find)
    return doc.evidence["closed_forms"]


def _from_contents(doc: Document, b) -> None:
    """A heading that is its Contents entry less a hyphen lost the hyphen
    where the title, set large, wrapped (`Francocontrolled`)."""
    entries = doc.evidence.get("hyphenated_entries")
    if entries is None:
        entries = doc.evidence["hyphenated_entries"] = {
            t.replace("-", ""): t for _, t in doc.contents if "-" in t}
    full = entries.get(b.text)
    if full and full != b.text:
        doc.decide(PASS, b.first, b.last, f"restored a lost hyphen: {b.text!r} -> {full!r}",
                   "the Contents spell the heading so", 0.9, block=b)
        doc.report.count("hyphen repairs")
        b.text = full


def hyphens(doc: Document) -> Document:
    M = doc.measure
    pairs_all, _ = hyphen_evidence(doc)
    for b in doc.blocks:
        if b.kind == HEADING:
            _from_contents(doc, b)
        if b.kind in _TEXT_KINDS:
            _anywhere(doc, b, pairs_all)
    if M > UNWRAPPED:
        return doc  # not hard-wrapped: no lines were run together
    pairs, prefixes = hyphen_evidence(doc)
    vocab = vocabulary(doc)
    # with the face's own widths, a line a little past its measure is already
    # two run together (the second often a paragraph's short last line)
    tol = doc.evidence.get("tol", 1.0)
    joined = 1 + 3 * tol if tol <= 0.012 else JOINED
    mq = doc.evidence.get("quote_measure")
    for b in doc.blocks:
        if b.kind not in _TEXT_KINDS:
            continue
        for ln in b.lines:
            w = width(ln.text.strip())
            # a quote's lines run together may stay short of the body measure
            m = M if w > joined * M or b.kind != QUOTE or not mq else mq
            if w <= joined * m:
                continue
            new, changes = repair_line(ln.text, m, pairs, prefixes, vocab, joined)
            for old, new_tok, why, conf in changes:
                if old is None and w <= JOINED * m:
                    continue  # a little wide, with no lost hyphen: our widths, not a join
                if old is None:
                    doc.decide(PASS, ln.n, ln.n, "left a run-together line unchanged", why, conf,
                               flagged=True, block=b)
                    continue
                if old not in b.text:
                    continue  # already repaired from the book's evidence
                doc.decide(PASS, ln.n, ln.n, f"restored a lost hyphen: {old!r} -> {new_tok!r}",
                           why, conf, flagged=conf < 0.75, block=b)
                doc.report.count("hyphen repairs")
                b.text = b.text.replace(old, new_tok, 1)
            if new != ln.text:
                b.attrs.setdefault("repaired_lines", {})[ln.n] = new
    return doc
