"""Misreadings: words an OCR engine (or a tired transcriber) got wrong.

A noisy-channel test. For each word w in the text, the candidates are the
common words c one typical confusion away (rn/m, cl/d, li/h, l/1, O/0, c/e,
h/b, t/c, f/t, v/y, ..., a dropped or added letter). w is flagged when

    P(c) * P(context | c) * P(confusion)  >  P(w) * P(context | w)

P comes from wordfreq's English frequencies, raised by the book's own
vocabulary (so names and foreign words that recur are known). The context is
the word before and after: its pointwise association with each neighbour,
from the common English word pairs that symspellpy ships (when installed) plus
half the weight of the book's own pairs, leave-one-out, so that the suspect
occurrence does not vouch for itself; and the book's own three-word phrases
(rank and file, ten years ago), which general English pair counts lack.
P(confusion) follows worn type: a glyph loses ink (b→h, f→l, e→c, m→rn) far
more often than it gains some, so each confusion is likelier in that direction.

Paths, each with its own evidence:
  - non-words (not English, not used elsewhere in the book, no word family in
    it): any one-letter misreading or swap, margin MARGIN_NONWORD;
  - real words: the typical confusions and a lost letter only, margin
    MARGIN_REALWORD (number and tense changes and British/American spellings
    are never proposed); `he` is tested only after a modal or `to` (`must he
    armed`), with a rule of its own; rare words the book keeps using (entrism)
    and the plurals of its words are its vocabulary, not misreadings;
  - names: a capitalised word seen once, one edit or typical confusion from a
    name the book uses NAME_MIN times or more (Trotskvist, Bulcharinist), or a
    long one-off one edit from a name wordfreq knows (Feuchtwangler); a
    name after `the` where the book puts another form of it (the Germany
    party: German); transliterations left to names.py;
  - a sentence's first capital misread as another of like shape (Fight: Eight),
    or a common word capitalised once in mid-sentence (rank and Pile);
  - a doubled letter worn the same way twice (stall: staff); a long non-word
    is less likely to be right than a short one (incontestibly);
  - acronyms (KKPD, SDP) and digits in words or letters in numbers (l,000).
Every threshold below was set on general grounds and checked against the
proofreading lists with bench/check_accuracy.py; no word of those lists is
known to the code (some serve as examples in the comments).
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import cache

from .findings import WARNING, Finding
from .lexicon import BIGRAM_MIN, BIGRAM_SCALE, TOKEN, Lexicon, base_form, one_edit_apart

LETTERS = string.ascii_lowercase
#: (as misread, as meant): the confusions of worn type and faint print, in the
#: direction they happen. A glyph loses ink far more often than it gains
#: some: b's bowl opens into h, f's bar fades to l, c's stroke breaks into t, e's
#: bar fades to c, m splits into rn, d into cl, h into li, y's tail goes (v).
#: The reverse of each is possible but rarer; the rest are weak resemblances.
_FORWARD = [("rn", "m"), ("cl", "d"), ("li", "h"), ("lc", "k"), ("h", "b"), ("l", "f"), ("t", "c"),
            ("c", "e"), ("v", "y"), ("ii", "u"), ("in", "m"), ("ri", "n"), ("vv", "w"),
            ("ni", "m"), ("iu", "m")]
_WEAK = [("f", "t"), ("l", "i"), ("e", "o"), ("n", "u"), ("h", "n"), ("l", "t"), ("a", "o"),
         ("c", "o"), ("s", "a"), ("r", "n"), ("e", "a"), ("f", "l")]
P_FORWARD = -2.3
P_REVERSE = -3.3
P_WEAK = -3.2
CONFUSIONS: dict[tuple[str, str], float] = {}
for _a, _b in _WEAK:
    CONFUSIONS[(_a, _b)] = CONFUSIONS[(_b, _a)] = P_WEAK
for _a, _b in _FORWARD:
    CONFUSIONS[(_a, _b)] = P_FORWARD
    CONFUSIONS[(_b, _a)] = max(P_REVERSE, CONFUSIONS.get((_b, _a), P_REVERSE))
#: capitals of like shape, misread for each other (E/F lose or gain a bar, P/F
#: a bowl)
_CAPITAL_CONFUSIONS = {"F": "ep", "E": "f", "C": "g", "G": "c", "O": "q", "Q": "o", "P": "f"}
_NO_CAPITAL_FIX = {"for", "from", "few", "far", "fact", "end", "even", "ever"}
#: the confusions by the first letter of what the text shows, for speed
_BY_FIRST: dict[str, list[tuple[str, str, float]]] = {}
for (_a, _b), _p in CONFUSIONS.items():
    _BY_FIRST.setdefault(_a[0], []).append((_a, _b, _p))
SHORT_DROP_PENALTY = -1.0
#: the second of a doubled letter worn like the first: likelier than an
#: independent second misreading, as both were set from one worn sort
P_TWICE = -0.5
P_DROP = -3.0       # a letter lost: the text has one letter fewer than meant
P_ADD = -3.2        # a letter added
P_SUB = -3.6        # any other single letter misread
#: how much the suspect must out-score the word as written (log10)
MARGIN_NONWORD = 0.0
MARGIN_REALWORD = 0.1
MARGIN_RARE_WORD = 0.5
UNKNOWN_ZIPF = 2.5
#: a long word this common is a rare word, not a misreading (indubitably)
UNKNOWN_ZIPF_LONG = 1.0
NAME_MIN = 3
#: a word rare in English that the book uses this often is the book's own term
BOOK_TERM_MIN = 3
BOOK_TERM_ZIPF = 3.0
#: the real-word test is for English words at least this common
REALWORD_MIN_ZIPF = 2.0
#: a name wordfreq knows this well is what a one-off spelling near it meant
KNOWN_NAME_ZIPF = 1.0
#: ... when the one-off is this long: shorter names are often one letter from
#: another real name (Crispien, Maksudov)
KNOWN_NAME_LEN = 9
NONWORD_FLOOR = 1e-9
#: a long string that no dictionary has is less likely still to be right when
#: one letter from a word (incontestibly): long words have few neighbours,
#: so a near miss is seldom chance
LONG_NONWORD = 9
LONG_NONWORD_STEP = 0.5
TOO_COMMON = 6.25
CONTEXT_MAX = 5.0
#: weight of the book's three-word phrases against the word pairs
PHRASE_WEIGHT = 1.0
#: the most the phrases can add (a phrase used a hundred times, log10 200)
PHRASE_MAX = 2.5
BOOK_WEIGHT = 0.5
ACRONYM_MIN = 10
DIGITISH = re.compile(r"(?<![\w.,])(?=[\dlIO,.]*\d)(?=[\dlIO,.]*[lIO])[\dlIO][\dlIO,.]*[\dlIO](?![\w])")
_DIGIT_FIX = str.maketrans({"l": "1", "I": "1", "O": "0"})
#: a word with a digit inside (he1d, c0mmittee): 1/l and 0/o misread
MIXED = re.compile(r"(?<![\w.,])(?=[A-Za-z]*[01])(?=\d*[A-Za-z])[A-Za-z01]{2,}(?![\w])")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|s)", re.IGNORECASE)
_LETTER_FIX = (str.maketrans({"1": "l", "0": "o"}), str.maketrans({"1": "i", "0": "o"}))


@dataclass
class Candidate:
    word: str
    prior: float     # log10 P(confusion)
    how: str


class MisreadingFinder:
    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.N = lex.total
        self._cands: dict[str, list[Candidate]] = {}
        self._logp: dict[str, float] = {}
        self._family: dict[str, int] = {}
        self._best: dict[tuple, tuple[Candidate, float] | None] = {}
        self._pmi: dict[tuple[str, str, bool], float] = {}
        self._plausible: dict[str, tuple[list[Candidate], float]] = {}
        self._pair_scores: dict[tuple, tuple[float, list]] = {}

    # --- probabilities -------------------------------------------------------

    def logp(self, w: str) -> float:
        """log10 unigram probability: wordfreq, or the book's rate if higher."""
        v = self._logp.get(w)
        if v is None:
            f = self.lex.freq.get(w, 0.0)
            b = self.lex.lower.get(w, 0) / self.N
            v = math.log10(max(f, b * 0.5, 1e-9))
            self._logp[w] = v
        return v

    def logp_loo(self, w: str) -> float:
        """As logp, but without the occurrence under test (leave one out). A
        word neither English nor found elsewhere in the book gets the floor
        of a random string of letters."""
        f = self.lex.freq.get(w, 0.0)
        b = max(0, self.lex.lower.get(w, 0) - 1) / self.N
        return math.log10(max(f, b * 0.5, NONWORD_FLOOR / 10 ** (
            LONG_NONWORD_STEP * max(0, len(w) - LONG_NONWORD))))

    def assoc(self, a: str | None, b: str | None, loo: bool) -> float:
        """log10 P(b|a)/P(b) from the book's word pairs, Witten-Bell smoothed:
        a word followed by many different words (`the`) backs off to P(b)
        more than one with few followers, so a pair unseen in a small book
        is only weak evidence."""
        if a is None or b is None:
            return 0.0
        lex = self.lex
        c = lex.pairs.get((a, b), 0) - (1 if loo else 0)
        ca = lex.lower.get(a, 0)
        t = lex.fanout.get(a, 0) + 1
        pb = self.p_ctx(b, loo)
        return math.log10((max(c, 0) + t * pb) / ((ca + t) * pb))

    def pmi(self, a: str | None, b: str | None, loo: bool) -> float:
        """How much likelier `a b` is than chance (log10): English pair counts
        where both words are common English, plus the book's own pairs."""
        if a is None or b is None:
            return 0.0
        key = (a, b, loo)
        got = self._pmi.get(key)
        if got is None:
            got = self._pmi[key] = self._pmi_uncached(a, b, loo)
        return got

    def _pmi_uncached(self, a: str, b: str, loo: bool) -> float:
        book = self.assoc(a, b, loo)
        pairs = self.lex.english_pairs
        if not pairs:
            return book
        fa = self.lex.freq.get(a, 0.0)
        fb = self.lex.freq.get(b, 0.0)
        if fa < 1e-6 or fb < 1e-6:
            return book
        expected = BIGRAM_SCALE * fa * fb
        c = pairs.get((a, b))
        if c is None:
            # unlisted: seen fewer than BIGRAM_MIN times, perhaps never
            g = min(0.0, math.log10(BIGRAM_MIN / expected))
        else:
            g = math.log10(c / expected)
        return g + BOOK_WEIGHT * book

    def p_ctx(self, b: str, loo: bool) -> float:
        n = self.lex.lower.get(b, 0) - (1 if loo else 0)
        return max(n / self.N, self.lex.freq.get(b, 0.0), 0.5 / self.N)

    # --- candidates ------------------------------------------------------------

    def known(self, w: str) -> bool:
        return w in self.lex.known

    def candidates(self, w: str, generic: bool) -> list[Candidate]:
        key = (w, generic)
        got = self._cands.get(key)
        if got is not None:
            return got
        found: dict[str, Candidate] = {}
        known = self.lex.known

        def add(c, prior, how):
            if c in known and c != w:
                old = found.get(c)
                if old is None or old.prior < prior:
                    found[c] = Candidate(c, prior, how)

        def add_long(c, prior, how):
            if len(c) >= 7 and c != w and self.lex.zipf(c) >= 1.5:
                old = found.get(c)
                if old is None or old.prior < prior:
                    found[c] = Candidate(c, prior, how)
            else:
                add(c, prior, how)

        for i, ch in enumerate(w):
            for a, b, prior in _BY_FIRST.get(ch, ()):
                if w.startswith(a, i):
                    add(w[:i] + b + w[i + len(a):], prior, f"{a}→{b}")
                    if len(a) == 1 == len(b) and w.startswith(a + a, i) and prior > P_WEAK:
                        # a doubled letter worn the same way twice (stall: staff)
                        add(w[:i] + b + b + w[i + 2:], prior + P_TWICE, f"{a}{a}→{b}{b}")
        n = len(w)
        for c in self.lex.longer_by_one(w):
            i = next((j for j in range(n) if w[j] != c[j]), n)
            add(c, P_DROP, f"dropped {c[i]}")
        if generic:
            # a non-word: any one letter misread, or two swapped; a long word
            # may mean a rarer one (incontestibly), short ones must be common
            for i in range(n):
                for ch in LETTERS:
                    if ch != w[i]:
                        add_long(w[:i] + ch + w[i + 1:], P_SUB, f"{w[i]}→{ch}")
                if i + 1 < n and w[i] != w[i + 1]:
                    add_long(w[:i] + w[i + 1] + w[i] + w[i + 2:], P_SUB,
                             f"{w[i:i + 2]}→{w[i + 1]}{w[i]}")
            for i in range(n):
                if i == 0 or w[i] != w[i - 1]:
                    add_long(w[:i] + w[i + 1:], P_ADD, f"added {w[i]}")
        got = list(found.values())
        self._cands[key] = got
        return got

    # --- the test --------------------------------------------------------------

    def score(self, w: str, prev: str | None, nxt: str | None, cands,
              prev2: str | None = None, nxt2: str | None = None) -> tuple[Candidate, float] | None:
        """The likeliest intended word among `cands` for `w` between `prev` and
        `nxt`, with its log10 odds against `w` as written."""
        key = (w, prev, nxt)
        pair_scores = self._pair_scores.get(key)
        if pair_scores is None:
            pair_scores = self._pair_scores[key] = self._score_pairs(w, prev, nxt, cands)
        if not pair_scores[1]:
            return None
        base, scored = pair_scores
        top = max(scored, key=lambda cs: cs[1])
        if top[1] - base < -PHRASE_MAX:
            return top[0], top[1] - base   # no phrase of a book could save it
        tri_w = self.phrases(w, prev2, prev, nxt, nxt2, True)
        best = None
        for c, s in scored:
            tri_c = self.phrases(c.word, prev2, prev, nxt, nxt2, False)
            if tri_c or tri_w:
                s += PHRASE_WEIGHT * math.log10((tri_c + 0.5) / (tri_w + 0.5))
            if best is None or s > best[1]:
                best = (c, s)
        return best[0], best[1] - base

    def _score_pairs(self, w, prev, nxt, cands) -> tuple[float, list[tuple[Candidate, float]]]:
        """The word as written and each candidate scored on the word pairs."""
        uni = self.logp_loo(w)
        # context moves the odds by a few powers of ten at most: skip
        # candidates too rare to win even with the best context
        cands = [c for c in cands if self.logp(c.word) + c.prior - uni > -CONTEXT_MAX]
        if not cands:
            return 0.0, []
        base = uni + self.pmi(prev, w, True) + self.pmi(w, nxt, True)
        return base, [(c, self.logp(c.word) + c.prior + self.pmi(prev, c.word, False)
                       + self.pmi(c.word, nxt, False)) for c in cands]

    def capital_fix(self, word: str, prev, nxt, prev2, nxt2) -> tuple[Candidate, float] | None:
        """A capital misread as another of like shape (Fight months: Eight)."""
        low = word.lower()
        cands = [Candidate(b + low[1:], P_FORWARD, f"{word[0]}→{b.upper()}")
                 for b in _CAPITAL_CONFUSIONS[word[0]] if b + low[1:] in self.lex.known]
        if not cands:
            return None
        got = self.score(low, prev, nxt, cands, prev2, nxt2)
        return got if got and got[1] > MARGIN_REALWORD else None

    def phrases(self, x: str, prev2, prev, nxt, nxt2, loo: bool) -> int:
        """How often the book has `x` in a three-word phrase with the words
        around it (leave one out for the word as written): the book's stock
        phrases (rank and file, five years earlier) are evidence that bigram
        counts of general English lack."""
        t = self.lex.triples
        n = 0
        for key in ((prev2, prev, x), (prev, x, nxt), (x, nxt, nxt2)):
            if None not in key:
                n += max(0, t.get(key, 0) - (1 if loo else 0))
        return n

    def is_unknown(self, w: str) -> bool:
        """Not an English word, and not one this book uses or derives."""
        lex = self.lex
        limit = UNKNOWN_ZIPF if len(w) < 7 else UNKNOWN_ZIPF_LONG
        if lex.zipf(w) >= limit or lex.lower.get(w, 0) > 2 or "’" in w or "'" in w:
            return False
        if w.endswith("s") and self.lex.lower.get(w[:-1], 0) > 1:
            return False    # the plural of a word the book uses (raions: raion)
        if _comparative_of(w, lex):
            return False    # vaster: vast, the rare comparative of a common word
        return not self.has_family(w)

    def has_family(self, w: str) -> bool:
        """The book uses other words of the same stem (capitulator:
        capitulators, capitulation): a rare derivation, not a misreading."""
        k = max(5, len(w) - 3)
        if len(w) <= k:
            return False
        fam = self._family.get(w)
        if fam is None:
            fam = self._family[w] = sum(
                1 for v in self.lex.stems.get(w[:5], ())
                if v.startswith(w[:k]) and v != w and not one_edit_apart(v, w))
        return fam >= 1

    def plausible(self, w: str) -> tuple[list[Candidate], float]:
        """The candidates worth testing for `w`, and the margin they must beat."""
        got = self._plausible.get(w)
        if got is not None:
            return got
        if self.lex.zipf(w) >= TOO_COMMON and w != "he":
            # the, of, and: what a misreading turned into these is beyond a
            # word-pair model (and `he` for `be` has a rule of its own)
            got = ([], 0.0)
        elif self.is_unknown(w):
            cands = [c for c in self.candidates(w, generic=True)
                     if not _inflection(w, c.word) and not _spelling_variant(w, c.word)
                     and _fold(w) != _fold(c.word)]
            # a word wordfreq knows, if rarely (hushes, vaster), needs more
            # evidence than a string no dictionary has
            got = (cands, MARGIN_NONWORD if self.lex.zipf(w) < 1.0 else MARGIN_RARE_WORD)
        elif self.lex.zipf(w) < REALWORD_MIN_ZIPF:
            # neither a non-word nor a common word: a rare derivation of a word
            # the book uses (entrism, entrists), which a misreading seldom makes
            got = ([], 0.0)
        elif self.lex.zipf(w) < BOOK_TERM_ZIPF and (
                self.lex.lower.get(w, 0) >= BOOK_TERM_MIN
                or w.endswith("s") and self.lex.lower.get(w[:-1], 0) > 1):
            # a rare word the book uses again and again (entrism), or the plural
            # of one (raions): its own vocabulary; a misreading seldom makes
            # the same word each time
            got = ([], 0.0)
        else:
            # a real word: only letter confusions and lost letters, not number
            # or tense changes (war/wars) and not added letters (as/was), which
            # make too many real words of each other
            cands = [c for c in self.candidates(w, generic=False)
                     if not _inflection(w, c.word) and not c.how.startswith("added")
                     and not _spelling_variant(w, c.word) and _fold(w) != _fold(c.word)
                     and (not c.how.startswith("dropped") or len(w) > 3 or len(w) > 1
                          and c.word[1:] == w)]
            # a short word that lost its first letter (years go: ago) needs
            # more evidence: it makes real words of a great many others
            cands = [c if len(w) > 3 or not c.how.startswith("dropped") else
                     Candidate(c.word, c.prior + SHORT_DROP_PENALTY, c.how) for c in cands]
            got = (cands, MARGIN_REALWORD)
        self._plausible[w] = got
        return got

    def best_fix(self, w: str, prev: str | None, nxt: str | None, prev2: str | None = None,
                 nxt2: str | None = None) -> tuple[Candidate, float] | None:
        cands, margin = self.plausible(w)
        if not cands:
            return None
        key = (w, prev, nxt, prev2, nxt2)
        if key in self._best:
            return self._best[key]
        got = self.score(w, prev, nxt, cands, prev2, nxt2)
        got = got if got and got[1] > margin else None
        self._best[key] = got
        return got

    def name_fix(self, word: str) -> str | None:
        """A name found once, one confusion (or a swap of two letters) from a
        name the book uses often: Trotskvist, Brander, Durrutti."""
        lex = self.lex
        if lex.exact.get(word, 0) > 1 or lex.zipf(word.lower()) >= 2.5 or len(word) < 6:
            return None
        best = None
        near = set(lex.names_near(word))
        near.update(_match_case(c, word) for c in _confused(word.lower(), strong_only=True)
                    if len(c) != len(word) and lex.exact.get(_match_case(c, word), 0) >= NAME_MIN)
        for cand in near:
            n = lex.exact.get(cand, 0)
            if n < NAME_MIN or _same_but_ending(word, cand) or _transliteration(word, cand) \
                    or _spelling_variant(word.lower(), cand.lower()) or _lost_letter(cand, word):
                continue
            if best is None or n > best[1]:
                best = (cand, n)
        return best[0] if best else None

    def known_name_fix(self, word: str) -> str | None:
        """A long name found once that no dictionary knows, one misread letter
        (or a letter added, lost or swapped, or a typical confusion) from a
        name wordfreq knows: Feuchtwangler, Courbeveoie. Shorter names are too
        often one letter from another real name (Crispien, Maksudov, Monatte).
        The first letter is kept: a capital is rarely misread into another."""
        lex = self.lex
        low = word.lower()
        if lex.lower.get(low, 0) > 1 or lex.zipf(low) > 0 or len(word) < KNOWN_NAME_LEN \
                or not word.isalpha() or word.isupper():
            return None
        forms = _confused(low, strong_only=False)
        forms.update(_edits1(low))
        best = None
        floor = 10 ** (KNOWN_NAME_ZIPF - 9)
        for c in lex.freq.keys() & forms:
            if lex.freq[c] < floor:
                continue
            z = lex.zipf(c)
            if c[:1] != low[:1] or _same_but_ending(low, c) \
                    or _transliteration(low, c) or _spelling_variant(low, c) \
                    or _fold(low) == _fold(c) or _inflection(low, c):
                continue
            if best is None or z > best[1]:
                best = (c, z)
        return _match_case(best[0], word) if best else None


def _confused(low: str, strong_only: bool) -> set[str]:
    """`low` with one typical confusion undone (not at the first letter), or
    one doubled letter made single or one single letter doubled."""
    forms = set()
    for i, ch in enumerate(low):
        if i:
            for a, b, p in _BY_FIRST.get(ch, ()):
                if low.startswith(a, i) and (not strong_only or p > P_WEAK):
                    forms.add(low[:i] + b + low[i + len(a):])
            if ch == low[i - 1]:
                forms.add(low[:i] + low[i + 1:])
            else:
                forms.add(low[:i] + ch + low[i:])
    return forms


def _lost_letter(short: str, full: str) -> bool:
    """`full` is `short` with one more letter that doubles none of its
    neighbours (Beloborodov, Belobrodov): the one-off has the letter the
    common form lost, so the common form may be the misreading. Print loses
    letters far more often than it adds them, except a doubled one."""
    if len(full) != len(short) + 1:
        return False
    for i in range(len(full)):
        if full[:i] + full[i + 1:] == short:
            return full[i] not in (full[i - 1:i] + full[i + 1:i + 2])
    return False


def _fold(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))


_ENDINGS = ("", "s", "a", "e", "i", "o", "y", "n", "an", "ian", "ism", "ist", "ic", "ists",
            "ian", "ia", "as", "es", "os")


def _same_but_ending(w: str, c: str) -> bool:
    """Asturian/Asturias, Marxista/Marxists, Régime/Regime: related forms of one
    name (or the same one accented), not misreadings of each other."""
    if _fold(w) == _fold(c):
        return True
    for e1 in _ENDINGS:
        if e1 and not w.endswith(e1):
            continue
        stem = w[:len(w) - len(e1)] if e1 else w
        for e2 in _ENDINGS:
            if e1 != e2 and c == stem + e2:
                return True
    return False


_TRANSLIT = (("ia", "ya"), ("ii", "iy"), ("y", "i"), ("ks", "x"), ("tch", "ch"), ("w", "v"),
             ("ff", "v"), ("j", "y"), ("kh", "h"), ("e", "ye"), ("iu", "yu"), ("dj", "dzh"),
             ("jh", "j"), ("dzh", "j"))


def _transliteration(w: str, c: str) -> bool:
    """Sokolovskaia/Sokolovskaya: two transliterations of one Russian name (the
    names check reports those), not a misreading."""
    a, b = w.lower(), c.lower()
    for x, y in _TRANSLIT:
        if a.replace(x, y) == b.replace(x, y) or a.replace(y, x) == b.replace(y, x):
            return True
    return False


_VARIANTS = (("our", "or"), ("ise", "ize"), ("isa", "iza"), ("yse", "yze"), ("re", "er"),
             ("ll", "l"), ("ae", "e"), ("oe", "e"), ("ence", "ense"))


def _spelling_variant(w: str, c: str) -> bool:
    """British and American spellings of one word (labour/labor): not a misreading."""
    for a, b in _VARIANTS:
        if w.replace(a, b) == c.replace(a, b) or w.replace(b, a) == c.replace(b, a):
            return True
    return False


FOREIGN = ("fr", "es", "de", "it", "nl")


def foreign(word: str) -> bool:
    """A common word of French, Spanish, German, Italian or Dutch (Moscou, contre,
    Internacional): the book quotes titles and names in those languages.
    wordfreq loads each language on first use, so this is asked only of
    words about to be flagged."""
    low = word.lower()
    return any(_foreign_freq(lang).get(low, 0.0) >= 10 ** (3.5 - 9) for lang in FOREIGN)


@cache
def _foreign_freq(lang: str) -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict(lang, wordlist="small")


def _inflection(w: str, c: str) -> bool:
    """`c` is `w` with a different ending of number or tense (war/wars,
    atomise/atomised, indubitable/indubitably)."""
    a, b = sorted((w, c), key=len)
    if b.startswith(a) and b[len(a):] in ("s", "d", "r", "es", "ed", "n", "y", "ly"):
        return True
    return len(a) == len(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} in ({"e", "y"}, {"s", "d"})


def _name_inflection(w: str, c: str) -> bool:
    # Sedov/Sedova (feminine forms), Rakovsky/Rakovskys (plural): both are right
    a, b = sorted((w, c), key=len)
    return b.startswith(a) and b[len(a):] in ("a", "s", "i", "y", "e", "o")


def _edits1(word: str):
    letters = set(LETTERS) | set(word.lower())
    n = len(word)
    for i in range(n):
        yield word[:i] + word[i + 1:]
        if i + 1 < n:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2:]
        for ch in letters:
            if ch != word[i] and i > 0:
                yield word[:i] + ch + word[i + 1:]
    for i in range(1, n + 1):
        for ch in letters:
            yield word[:i] + ch + word[i:]


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


#: after these, "he" is ungrammatical unless a bare verb follows ("could he know")
_MODALS = {"will", "would", "can", "cannot", "could", "may", "might", "must", "shall", "should",
           "to", "not", "need", "never", "ll"}
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their",
                "our", "my", "your", "at", "in", "on", "of", "by", "for", "with", "from", "mere",
                "no", "any", "some", "very", "too", "so", "more", "less", "most", "quite", "able",
                "done", "made", "taken", "given"}


def _he_for_be(prev: str | None, nxt: str | None, lex: Lexicon) -> bool:
    """`he` misread for `be` (h/b): "must he armed", "would not he a war"."""
    if prev not in _MODALS or nxt is None:
        return False
    if nxt in _DETERMINERS or nxt.endswith(("ed", "ble", "ible", "en", "ing")) and \
            lex.pairs.get(("to", nxt), 0) == 0:
        return True
    # a bare verb is what follows "to" in this book; anything else is not
    return lex.pairs.get(("to", nxt), 0) == 0 and lex.pairs.get(("be", nxt), 0) > 0


_FOREIGN_SHORT = {"le", "la", "de", "el", "en", "des", "les", "di", "da"}


def _quoted_foreign(low: str, prev: str | None, nxt: str | None, lex: Lexicon) -> bool:
    """`low` is a word of a foreign phrase the book quotes (Moscou, contre).
    An English word of some currency (stall, also German) is foreign only
    beside another foreign word that English lacks."""
    if low in _FOREIGN_SHORT:
        return any(w and foreign(w) for w in (prev, nxt))
    if lex.zipf(low) >= 4.0 or not foreign(low):
        return False
    return lex.zipf(low) < 3.0 or any(w and lex.zipf(w) < 4.0 and foreign(w) for w in (prev, nxt))


#: a stem this common makes its comparative a word, however rare (vaster)
COMPARATIVE_STEM_ZIPF = 3.5


def _comparative_of(w: str, lex: Lexicon) -> bool:
    """`w` is the -er or -est form of a common English word (vast: vaster,
    large: largest, thin: thinner)."""
    for suffix in ("er", "est"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[:-len(suffix)]
            forms = {stem, stem + "e"}
            if stem[-1] == stem[-2]:
                forms.add(stem[:-1])
            if stem.endswith("i"):
                forms.add(stem[:-1] + "y")
            if any(lex.zipf(f) >= COMPARATIVE_STEM_ZIPF for f in forms):
                return True
    return False


def _stray_capital(word: str, low: str, prev_t, sstart: bool, lex: Lexicon) -> bool:
    """A common English word capitalised once, in mid-sentence after a word in
    lower case (`rank and Pile`): no name, so test it as a word."""
    return (not sstart and prev_t is not None and prev_t[2][:1].islower()
            and lex.exact.get(word, 0) == 1 and lex.zipf(low) >= 3.0)


#: how much more often the book puts `the` before the other form of a name
THE_FORM_RATIO = 5


def _the_name_form(word: str, prev: str | None, nxt_t, lex: Lexicon) -> str | None:
    """`the Germany party`: after `the` and before a word in lower case, a
    name the book hardly ever puts there, one letter from a form of it that
    the book puts there often (German). Plurals are another matter (the
    Soviets, the Soviet state)."""
    if prev != "the" or nxt_t is None or not nxt_t[2][:1].islower():
        return None
    seen = lex.pairs.get(("the", word.lower()), 0) - 1
    best = None
    for form in lex.names_near(word):
        if abs(len(form) - len(word)) != 1 or {form[-1:], word[-1:]} & {"s"}:
            continue
        n = lex.pairs.get(("the", form.lower()), 0)
        if n >= THE_FORM_RATIO * max(1, seen) and (best is None or n > best[1]):
            best = (form, n)
    return best[0] if best else None


_ACRONYM = re.compile(r"[A-Z]{2,6}")
_QUOTES = " ‘’“”"


_ROMAN_NUMERAL = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def _acronym_fix(word: str, lex: Lexicon) -> str | None:
    """KKPD for KPD, SDP for SPD: a doubled letter or two swapped letters in a
    rare acronym, when the book uses the other form often. Not a Roman
    numeral (the II International, Louis XVI)."""
    if lex.exact.get(word, 0) > 1 or _ROMAN_NUMERAL.fullmatch(word):
        return None
    forms = set()
    for i in range(len(word) - 1):
        if word[i] == word[i + 1]:
            forms.add(word[:i] + word[i + 1:])
        forms.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    best = max(forms - {word}, key=lambda f: lex.exact.get(f, 0), default=None)
    return best if best and lex.exact.get(best, 0) >= ACRONYM_MIN else None


def find_misreadings(fname: str, lines, lex: Lexicon, finder: MisreadingFinder | None = None,
                     skip: set | None = None, debug: list | None = None) -> list[Finding]:
    """`lines`: (line number, masked text, raw text) of one file's prose, in order."""
    finder = finder or MisreadingFinder(lex)
    skip = skip or set()
    out: list[Finding] = []
    toks: list[tuple[int, int, str, bool]] = []   # line, col0, token, sentence start
    sent_start = True

    raw_of = {lineno: raw for lineno, _, raw in lines}

    def flag(lineno, col0, word, fix, why):
        span = raw_of.get(lineno, "")[col0:col0 + len(word)] or word
        out.append(Finding(fname, lineno, col0 + 1, WARNING, "misreading",
                           f"“{word}” may be a misreading of “{fix}”{why}", span, fix))

    for lineno, masked, raw in lines:
        if not masked.strip():
            sent_start = True
            toks.append(None)
            continue
        for m in DIGITISH.finditer(masked):
            tok = m.group()
            fix = tok.translate(_DIGIT_FIX)
            if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+|\d{2,}", fix) \
                    and (lineno, m.start()) not in skip:
                out.append(Finding(fname, lineno, m.start() + 1, WARNING, "misreading",
                                   f"“{tok}” mixes letters into a number", raw[m.start():m.end()],
                                   fix))
        for m in MIXED.finditer(masked):
            tok = m.group()
            if _ORDINAL.fullmatch(tok):
                continue
            for table in _LETTER_FIX:
                fix = tok.translate(table)
                if fix.lower() in lex.known:
                    flag(lineno, m.start(), raw[m.start():m.end()], fix, " (a digit for a letter)")
                    break
        last_end = 0
        for m in TOKEN.finditer(masked):
            tok = m.group()
            # a token after punctuation has no left neighbour to test against
            # (scare quotes do not part a word from its context: into a ‘sett’ during)
            joined = not masked[last_end:m.start()].strip(_QUOTES) and not sent_start
            word = base_form(tok) if "’" in tok or "'" in tok else tok
            low = None if tok[0].isdigit() else word.lower()
            toks.append((lineno, m.start(), word, sent_start, joined, low))
            end = m.end()
            rest = masked[end:end + 3].lstrip(" ’”)")
            sent_start = rest[:1] in (".", "!", "?", ":")
            last_end = end
        if masked[last_end:].strip():
            toks.append(None)

    ntoks = len(toks)

    def outer(k, prev, nxt):
        """The words two before and two after token k, where they join on."""
        prev2 = nxt2 = None
        if prev is not None and k > 1 and toks[k - 2] is not None and toks[k - 1][4]:
            prev2 = toks[k - 2][5]
        if nxt is not None and k + 2 < ntoks and toks[k + 2] is not None and toks[k + 2][4]:
            nxt2 = toks[k + 2][5]
        return prev2, nxt2

    for k, t in enumerate(toks):
        if t is None:
            continue
        lineno, col0, word, sstart, joined, low = t
        if low is None or len(low) < 2 or (skip and (lineno, col0) in skip):
            continue
        if word.isupper():
            if _ACRONYM.fullmatch(word):
                fix = _acronym_fix(word, lex)
                if fix:
                    flag(lineno, col0, word, fix, " (letters doubled or swapped)")
            if len(word) <= 5:
                continue
        prev_t = toks[k - 1] if joined and k else None
        prev = prev_t[5] if prev_t is not None else None
        nxt_t = toks[k + 1] if k + 1 < ntoks else None
        nxt = nxt_t[5] if nxt_t is not None and nxt_t[4] else None
        if low == "he":
            # "he" is a subject: only after a modal or `to` can it be `be`
            # (and "May" before it is the month: "On 24 May he")
            if prev not in _MODALS or (prev == "may" and prev_t[2] == "May"):
                continue
            if _he_for_be(prev, nxt, lex):
                flag(lineno, col0, word, _match_case("be", word), " (h→b)")
                continue
            if nxt and lex.pairs.get(("to", nxt), 0) and not nxt.endswith("ed"):
                continue    # a bare verb follows: "can he achieve"
        capital = word[0].isupper() and not word.isupper()
        stray = capital and _stray_capital(word, low, prev_t, sstart, lex)
        if capital and (sstart or stray) and word[0] in _CAPITAL_CONFUSIONS \
                and low not in _NO_CAPITAL_FIX:
            # a sentence's first capital misread as another (‘Fight months’:
            # Eight), or a lone capital in mid-sentence (rank and Pile)
            got = finder.capital_fix(word, prev, nxt, *outer(k, prev, nxt))
            if got is not None:
                flag(lineno, col0, word, _match_case(got[0].word, word), f" ({got[0].how})")
                continue
        if capital and lex.exact.get(word, 0) > 2:
            fix = _the_name_form(word, prev, nxt_t if nxt else None, lex) if not sstart else None
            if fix:
                flag(lineno, col0, word, fix, ", the form of the name the book puts after “the”")
            continue
        # a capitalised word is a name unless the book also writes it in lower case
        common = not capital or (sstart and lex.lower.get(low, 0) > lex.exact.get(word, 0)) \
            or stray
        got = finder.best_fix(low, prev, nxt, *outer(k, prev, nxt)) \
            if common and finder.plausible(low)[0] else None
        if got is not None and _quoted_foreign(low, prev, nxt, lex):
            got = None
        if got is not None:
            cand, odds = got
            if debug is not None:
                debug.append((lineno, word, cand.word, round(odds, 2), finder.is_unknown(low),
                              prev, nxt, cand.how))
            flag(lineno, col0, word, _match_case(cand.word, word), f" ({cand.how})")
            continue
        if capital:
            fix = finder.name_fix(word) or finder.known_name_fix(word)
            if fix and not foreign(word):
                flag(lineno, col0, word, fix, ", a name the book spells so elsewhere")
    return out
