"""Lead-ins: a section's opening words set in small caps extract as capitals
(`TROTSKY HAD hardly`). Mark them as a lead-in and recover each word's normal
case from its other occurrences in the book: "Trotsky had"."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..document import HEADING, NOTE, PARA, QUOTE, Document
from ..rules_core.text import leadin_words

PASS = "leadins"

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ’']+")


_PUNCT = "‘’“”\"'()[],.;:!?–—"
_SENTENCE_END = (".", "!", "?", "’", "”", ":")


def _case_evidence(doc: Document, skip: set[int], needed: set[str],
                   pairs: set[tuple[str, str]] | None = None) -> dict:
    """Case forms of the `needed` words (lower case), alone and after a given
    word (only the `pairs` asked for, if given), seen mid-sentence (not after
    . ! ?) outside lead-ins; and, keyed ("*", word), the forms seen at
    sentence starts."""
    forms: dict = defaultdict(Counter)
    for i, b in enumerate(doc.blocks):
        if b.kind not in (PARA, QUOTE, NOTE) or i in skip or _title_case(b.text):
            continue
        toks = b.text.split()
        low = b.text.lower().split()
        for k, lt in enumerate(low):
            key = lt if lt.isalpha() else lt.strip(_PUNCT)
            if key not in needed:
                continue
            core = toks[k].strip(_PUNCT)
            if k and not toks[k - 1].endswith(_SENTENCE_END):
                pair = (low[k - 1].strip(_PUNCT), key)
                if pairs is None or pair in pairs:
                    forms[pair][core] += 1
                # a capital inside a name of several words ("Central Committee",
                # "New International") says nothing of the word alone ("a
                # central thread"); "Marx, Engels" are names each; a word
                # capitalised because it opens the sentence names nothing
                if core[:1].isupper() and not core.isupper():
                    nxt = toks[k + 1] if k + 1 < len(toks) and toks[k][-1:].isalnum() else ""
                    prv = toks[k - 1] if toks[k - 1][-1:].isalnum() \
                        and not (k > 1 and _ends_sentence(toks[k - 2])) else ""
                    if prv.strip(_PUNCT)[:1].isupper() or nxt.strip(_PUNCT)[:1].isupper():
                        continue
                seen = forms[key]  # (dict.get: the hot path of the pass)
                seen[core] = seen.get(core, 0) + 1
            else:
                forms[("*", key)][core] += 1
    return forms


def _ends_sentence(word: str) -> bool:
    """A word that ends a sentence, not a note's or list's number ("2.")."""
    return word.endswith(_SENTENCE_END) and any(c.isalpha() for c in word)


def _title_case(text: str) -> bool:
    """A short line of capitalised words (a Contents entry, a title): its
    capitals are the style's, not the words'."""
    if len(text) > 160:
        return False
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if not words or len(words) > 12 or text.rstrip().endswith(_SENTENCE_END):
        return False    # a sentence, or a citation ("Marx, Capital, Vol.1, p.12.")
    caps = sum(1 for w in words if w.strip(_PUNCT)[:1].isupper())
    return caps >= 0.6 * len(words) and len(words) >= 2


def _form(core: str, prev: str, forms: dict) -> tuple[str, str]:
    """The normal case of one word (no hyphen) and the evidence used."""
    key = core.lower()
    cands = forms.get((prev, key)) if prev else None  # "whole army" vs "Red Army"
    cands = cands or forms.get(key)
    if not cands and ("*", key) in forms:
        # seen only at sentence starts: a capital only for a name (never in lower case)
        cands = Counter({(f if f[:1].isupper() and not f.isupper() else f.lower()): c
                         for f, c in forms[("*", key)].items()})
    lower_forms = {f: c for f, c in (cands or {}).items() if not f.isupper() or len(f) == 1}
    if lower_forms:
        best = max(sorted(lower_forms), key=lambda f: lower_forms[f])
        return best, f"{core}→{best} (seen {lower_forms[best]}×)"
    if cands and any(f.isupper() for f in cands):
        return core, f"{core} kept (written in capitals elsewhere)"
    return core.lower(), f"{core}→{core.lower()} (no other occurrence)"


def _prev_key(word: str) -> str:
    """The word before, as pair evidence is keyed."""
    return re.sub(r"[^\w’'-]", "", word).lower()


def _base(key: str) -> str:
    """A possessive's word ("gpu’s" -> "gpu")."""
    m = re.fullmatch(r"(.+)[’']s", key)
    return m.group(1) if m else key


def recase(words: list[str], forms: dict) -> tuple[list[str], list[str]]:
    """The words in their normal case, and a note of what evidence was used."""
    out, notes = [], []
    for i, w in enumerate(words):
        m = re.match(r"^([^A-Za-zÀ-ÿ]*)(.*?)([^A-Za-zÀ-ÿ]*)$", w)
        pre, core, post = m.groups() if m else ("", w, "")
        if not core or not any(c.isalpha() for c in core):
            out.append(w)
            continue
        prev = _prev_key(words[i - 1]) if i else ""
        if pre[-1:].isdigit() and len(core) <= 2:
            out.append(pre + core.lower() + post)  # "1950S": a decade's "s"
            notes.append(f"{w}→{pre}{core.lower()} (a number's suffix)")
            continue
        poss = re.fullmatch(r"(.+)([’'])[Ss]", core)
        if poss and core.lower() not in forms:
            # "GPU’S": the case of the word itself, with its possessive
            best, note = _form(poss.group(1), prev, forms)
            best += poss.group(2) + "s"
        else:
            best, note = _form(core, prev, forms)
        if "no other occurrence" in note and "-" in core:
            # a compound: its parts ("FIVE-YEAR" -> "Five-Year")
            parts = [_form(p, "", forms)[0] if p else p for p in core.split("-")]
            best, note = "-".join(parts), f"{core}→{'-'.join(parts)} (by its parts)"
        notes.append(note)
        if i == 0:
            best = best[:1].upper() + best[1:]
        out.append(pre + best + post)
    return out, notes


def leadins(doc: Document) -> Document:
    blocks = doc.blocks
    targets = []
    for i, b in enumerate(blocks):
        if b.kind != PARA or i == 0:
            continue
        prev = blocks[i - 1]
        if prev.kind != HEADING:
            continue
        n = leadin_words(b.text)
        if n:
            targets.append((i, n))
    needed: set[str] = set()
    pairs: set[tuple[str, str]] = set()  # (word before, word) inside lead-ins
    for i, n in targets:
        words = blocks[i].text.split(" ")[:n]
        for j, w in enumerate(words):
            k = w.lower().strip(_PUNCT)
            needed.update((k, _base(k)))  # "BOC’S": "BOC" is written elsewhere
            needed.update(k.split("-"))
            if j:
                prev = _prev_key(words[j - 1])
                pairs.update((prev, x) for x in [k, *k.split("-"), _base(k)])
    forms = _case_evidence(doc, {i for i, _ in targets}, needed, pairs)
    for i, n in targets:
        b = blocks[i]
        words = b.text.split(" ")
        orig = words[:n]
        new, notes = recase(orig, forms)
        b.attrs["leadin"] = (len(" ".join(orig)), " ".join(new))
        doc.decide(PASS, b.first, b.first, f"lead-in: {' '.join(orig)!r} -> {' '.join(new)!r}",
                   "capitals opening the paragraph after a heading; case from " + "; ".join(notes),
                   0.9 if all("no other" not in x for x in notes) else 0.7, block=b)
        doc.report.count("lead-ins")
    return doc
