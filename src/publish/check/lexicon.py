"""The dictionary the text checks consult: English word frequencies from
wordfreq (loaded once per process), plus the book's own vocabulary and word
pairs, so that names, foreign words and the author's habits count as known."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise

TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*|\d+(?:[,.]\d+)*", re.UNICODE)
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+", re.UNICODE)
_RANGE = re.compile(r"\b1[5-9]\d\d([-–])\d\d\b")
_POSSESSIVE = re.compile(r"[’']s$")


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """wordfreq's English list (word -> frequency), loaded once: ~0.15 s."""
    import wordfreq

    return wordfreq.get_frequency_dict("en", wordlist="best")


#: the English word-pair counts shipped with symspellpy (Google Books n-grams,
#: 242k pairs seen at least BIGRAM_MIN times); counts are on this scale:
BIGRAM_SCALE = 3e13
BIGRAM_MIN = 6.4e6


@lru_cache(maxsize=1)
def english_pairs() -> dict[tuple[str, str], int]:
    """Common English word pairs with their counts; empty if symspellpy is
    not installed (the book's own pairs are used alone then). ~0.2 s."""
    try:
        from importlib.resources import files

        data = files("symspellpy").joinpath("frequency_bigramdictionary_en_243_342.txt")
        text = data.read_text(encoding="utf-8")
    except (ImportError, OSError, ModuleNotFoundError):
        return {}
    it = iter(text.split())
    return {(a, b): int(c) for a, b, c in zip(it, it, it)}


@lru_cache(maxsize=1)
def common_english() -> frozenset[str]:
    """English words with a Zipf frequency of 3 or more (~28,000)."""
    return frozenset(w for w, f in english_frequencies().items() if f >= 1e-6 and w.isalpha())


def _deletes(w: str) -> set[str]:
    return {w} | {w[:i] + w[i + 1:] for i in range(1, len(w))}


def one_edit_apart(a: str, b: str) -> bool:
    """One letter replaced, dropped or added, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    if len(a) > len(b):
        return a[i + 1:] == b[i:]
    return b[i + 1:] == a[i:]


#: what ends a run of words that make pairs: any punctuation but the
#: apostrophe, the hyphen, and the comma or point inside a number
_RUN_BREAK = re.compile(r"(?:[^\w\s’'-]|(?<!\d)[.,]|[.,](?!\d)|_)+")


def _paragraphs(lines: list[str]):
    """Lines joined into paragraphs (a blank line ends one)."""
    buf: list[str] = []
    for line in lines:
        if line.strip():
            buf.append(line)
        elif buf:
            yield " ".join(buf)
            buf = []
    if buf:
        yield " ".join(buf)


def base_form(token: str) -> str:
    """Trotsky’s -> Trotsky: the possessive is not part of the word."""
    return _POSSESSIVE.sub("", token)


class Lexicon:
    def __init__(self, lines: list[str]):
        """`lines`: the book's prose, masked (markup blanked), in reading order."""
        self.freq = english_frequencies()
        self.english_pairs = english_pairs()
        self.hyphenated: set[str] = set()
        dashes: list[str] = []
        hyphens: list[str] = []
        # gathered in lists and counted once at the end: one C call each
        exact: list[str] = []
        lower: list[str] = []
        pairs: list[tuple[str, str]] = []
        triples: list[tuple[str, str, str]] = []
        cap_mid: list[str] = []
        for para in _paragraphs(lines):
            if "-" in para:
                hyphens.extend(m.lower() for m in _HYPHENATED.findall(para))
            if "-" in para or "–" in para:
                dashes.extend(_RANGE.findall(para))
            # a pair is two words with only spaces between them
            for run in _RUN_BREAK.split(para):
                toks = TOKEN.findall(run)
                if not toks:
                    continue
                if "’" in run or "'" in run:
                    toks = [base_form(t) for t in toks]
                exact.extend(toks)
                lows = [t.lower() for t in toks]
                lower.extend(lows)
                if len(toks) > 1:
                    pairs.extend(pairwise(lows))
                    if len(lows) > 2:
                        triples.extend(zip(lows, lows[1:], lows[2:]))
                    cap_mid.extend(b for a, b in pairwise(toks)
                                   if b[0].isupper() and a[0].islower())
        self.exact: Counter[str] = Counter(exact)     # as written
        self.lower: Counter[str] = Counter(lower)     # case folded
        self.pairs: Counter[tuple[str, str]] = Counter(pairs)
        #: word triples: the book's stock phrases (rank and file, five years earlier)
        self.triples: Counter[tuple[str, str, str]] = Counter(triples)
        #: capitalised words found right after a lower-case word (mid-sentence)
        self.cap_mid: Counter[str] = Counter(cap_mid)
        self.hyphen_count: Counter[str] = Counter(hyphens)
        self.hyphenated.update(hyphens)
        dashes = Counter(dashes)
        self.total = max(1, sum(self.lower.values()))
        #: how many different words follow each word (for smoothing)
        self.fanout: Counter[str] = Counter(a for a, _ in self.pairs)
        self.range_dash = dashes.most_common(1)[0][0] if dashes else "–"
        self._zipf: dict[str, float] = {}
        self._name_index: dict[str, set[str]] | None = None
        #: words common enough to be what a misreading meant
        self.known = common_english() | {w for w, n in self.lower.items() if n >= 3 and w.isalpha()}
        self._by_deletion: dict[str, list[str]] | None = None
        #: book words by their first five letters, for word families
        self.stems: dict[str, list[str]] = {}
        for w in self.lower:
            if len(w) >= 5:
                self.stems.setdefault(w[:5], []).append(w)

    # --- frequencies -------------------------------------------------------

    def zipf(self, word: str) -> float:
        """wordfreq's Zipf value of `word` (case folded); 0 if unknown."""
        z = self._zipf.get(word)
        if z is None:
            f = self.freq.get(word.lower(), 0.0)
            z = math.log10(f) + 9 if f > 0 else 0.0
            self._zipf[word] = z
        return z

    def is_word(self, word: str, threshold: float = 2.0) -> bool:
        return self.zipf(word) >= threshold

    def book_count(self, word: str) -> int:
        return self.lower.get(word.lower(), 0)

    def longer_by_one(self, w: str) -> list[str]:
        """Known words that are `w` with one letter more (what `w` may have
        lost), through a deletion index built on first use (~0.3 s)."""
        index = self._by_deletion
        if index is None:
            index = self._by_deletion = {}
            for k in self.known:
                if len(k) >= 2 and (len(k) <= 9 or self.lower.get(k)):
                    for i in range(len(k)):
                        index.setdefault(k[:i] + k[i + 1:], []).append(k)
        return index.get(w, [])

    def names_near(self, word: str) -> list[str]:
        """Capitalised words of the book one edit (or a swap) from `word`,
        found through a deletion index (built on first use)."""
        index = self._name_index
        if index is None:
            index = self._name_index = {}
            for w, n in self.exact.items():
                if n >= 3 and len(w) >= 5 and w[0].isupper() and not w.isupper():
                    for key in _deletes(w):
                        index.setdefault(key, set()).add(w)
        out = set()
        for key in _deletes(word):
            out |= index.get(key, set())
        out.discard(word)
        return [c for c in out if one_edit_apart(word, c)]

    def known_hyphenated_twice(self, form: str) -> bool:
        return self.hyphen_count.get(form.lower(), 0) >= 2

    def known_hyphenated(self, form: str) -> bool:
        return form.lower() in self.hyphenated
