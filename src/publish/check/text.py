"""Text: unbalanced quotes and brackets in a paragraph, doubled words, stray
characters, words joined where a line-end hyphen was lost, lost full stops
(before a capital, a note call or a quotation; after an initial; a question
ended by one), doubled determiners and a page number left in a sentence."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from .book import CheckedBook
from .findings import WARNING, Finding
from .lexicon import Lexicon
from .source import Paragraph

WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*", re.UNICODE)
_OPEN = {"(": ")", "[": "]", "“": "”", "‘": "’"}
_CLOSE = {v: k for k, v in _OPEN.items()}
#: doubles that English allows ("he had had enough", "that that was ...")
LEGIT_DOUBLES = {"had", "that", "is", "do", "bye", "very", "no", "far", "so", "ha", "again",
                 "more", "on", "over", "by", "little", "many", "round", "out", "ever", "long",
                 "step", "well", "too", "now", "here", "there", "blah", "tut", "pooh", "yes"}
#: characters that have no business in book prose
_STRAY_CHARS = set("|{}<>^~`@#\\_*\ufffd\u00ad\u200b\u200c\u200d\u2060\ufeff•□■▪●◊¬¦")
_SPACE_BEFORE = re.compile(r"(?<=\w)[ \t]+([,;:!?](?=\s|$)|\.(?=\s|$)(?!\.)|[,;:](?=[^\W\d_])|\.(?=[A-Z][a-z]))")
_WORD_BEFORE = re.compile(r"[\w’']+$")
#: "Hitler ‘s approach": a possessive cut off by a space
_SPLIT_POSSESSIVE = re.compile(r"(?<=\w)[ \t]+[‘’']s\b")
#: "by -no means": a hyphen stuck to the next word after a space
_STRAY_HYPHEN = re.compile(r"(?<=[a-z,;]) -(?=[a-z]{2,}\b)")
#: "á sizeable": a lone accented letter where the plain letter is a word
_STRAY_ACCENT = re.compile(r"(?<![\w’'])[áíóúýÁÍÓÚ](?![\w’'])")
_CAMEL = re.compile(r"\b([A-Za-z][a-z]+)([A-Z][a-z]+)\b")
_YEAR_PAIR = re.compile(r"(?<![\d,.])(1[5-9]\d\d)(\d\d)(?![\d,])")
_LETTERS_RUN = re.compile(r"[^\W\d_]+")
_HYPHEN_WORD = re.compile(r"(?<![\w-])([^\W\d_]{2,})-([^\W\d_]{2,})(?![\w-])")
_NAME_PREFIXES = {"mc", "mac", "de", "la", "le", "van", "von", "di", "da", "du", "o", "fitz"}
#: prefixes that take a hyphen in this house style (anti-Stalinist, self-defence);
#: co-, re-, pre- and the like are closed up as often as not, so they need the
#: hyphenated form in the book itself
HYPHEN_PREFIXES = {"anti", "non", "semi", "self", "neo", "pseudo", "quasi", "ultra", "ex"}


def _pos(tl, idx):
    return tl.line, idx + 1


def paragraph_chars(para: Paragraph):
    """(char, text line, index) over a paragraph's masked text, line ends as spaces."""
    for tl in para.lines:
        for i, ch in enumerate(tl.masked):
            yield ch, tl, i
        yield " ", tl, len(tl.masked)


def _is_apostrophe(prev: str, nxt: str) -> bool:
    # inside a word (Trotsky’s, don’t), or an elision before a digit (’36)
    return (prev.isalnum() and nxt.isalnum()) or (not prev.isalnum() and nxt.isdigit())


_BALANCE_CHARS = re.compile(r"[()\[\]“”‘’\"]")
_ENUMERATION = re.compile(r"(?:^|[\s(])(?:\d{1,2}|[a-z]|[ivx]{1,4})$")
_ELISION = re.compile(r"(?:em|tis|twas|n|s|cause|til|twenties|thirties|forties|fifties|sixties|"
                      r"seventies|eighties|nineties)\b|\d", re.IGNORECASE)


def check_balance(part, para: Paragraph, next_para: Paragraph | None) -> list[Finding]:
    out = []
    stack: list[tuple[str, object, int]] = []
    straight = []
    doubtful = False
    last_close: dict[int, int] = {}
    for tl in para.lines:
        s = tl.masked
        for m in _BALANCE_CHARS.finditer(s):
            ch, i = m.group(), m.start()
            prev = s[i - 1] if i else " "
            nxt = s[i + 1] if i + 1 < len(s) else " "
            if ch == '"':
                straight.append((tl, i))
            elif ch in "”’" and not prev.isalnum() and prev not in ".,;:!?…" and nxt.isalpha() \
                    and not (ch == "’" and _ELISION.match(s, i + 1)):
                # ”opposition”: a closing mark where an opening one belongs
                right = "“" if ch == "”" else "‘"
                out.append(Finding(part.name, tl.line, i + 1, WARNING, "text-quote-direction",
                                   f"{ch} opens a quotation; it should be {right}", ch, right))
                stack.append((right, tl, i))
            elif ch == ")" and not any(o[0] == "(" for o in stack) and _ENUMERATION.search(s, 0, i):
                continue    # 1) action; 2) democracy: an enumeration
            elif ch in _OPEN and not (ch == "‘" and prev.isalpha()):
                stack.append((ch, tl, i))
            elif ch in _CLOSE:
                if ch == "’":
                    if _is_apostrophe(prev, nxt):
                        continue
                    if prev in "sS" and nxt == " " and s[i + 2:i + 3].isalpha() and \
                            any(o[0] == "‘" for o in stack):
                        # ‘the workers’ state’: a plural possessive inside a
                        # quotation, most likely; remember the doubt
                        doubtful = True
                        continue
                    if not any(o[0] == "‘" for o in stack):
                        # workers’ state: a plural possessive, not a quote; but
                        # ’ after a full stop or a word not ending in s closes
                        # a quotation that was never opened
                        if prev in ".,;:!?" or (prev.isalpha() and prev not in "sS"
                                                and not nxt.isalpha()):
                            out.append(_missing_opening(part, tl, i, "’", "‘", last_close))
                        continue
                opener = _CLOSE[ch]
                if stack and stack[-1][0] == opener:
                    stack.pop()
                    last_close[tl.line] = i
                    continue
                idx = next((j for j in range(len(stack) - 1, -1, -1) if stack[j][0] == opener),
                           None)
                if idx is None:
                    out.append(_missing_opening(part, tl, i, ch, opener, last_close))
                else:
                    for o, otl, oi in stack[idx + 1:]:
                        out.append(_unclosed(part, o, otl, oi))
                    del stack[idx:]
    # a quotation running on over paragraphs reopens at the next paragraph's start
    reopen = next_para.lines[0].masked.lstrip()[:1] if next_para else ""
    for o, otl, oi in stack:
        if o in "‘“" and reopen == o:
            continue
        if o == "‘" and doubtful:
            continue    # a ’ taken for a possessive may have closed it
        out.append(_unclosed(part, o, otl, oi))
    if len(straight) % 2:
        tl, i = straight[-1]
        out.append(Finding(part.name, tl.line, i + 1, WARNING, "text-unbalanced",
                           "odd number of straight double quotes in this paragraph", '"',
                           "pair the quotes, and prefer curly quotes “ ”"))
    return out


#: where a quotation usually opens: after a colon, or after "said," and the like
_QUOTE_OPENS = re.compile(r"(?::|\b(?:said|wrote|explained|declared|added|replied|stated|"
                          r"argued|concluded|continued|asked|insisted|answered|put it),)\s+"
                          r"(?=[A-Z…])")


def _missing_opening(part, tl, i, ch, opener, last_close):
    """A closing mark with no opening one. Point at where the opening mark
    was most likely lost (after the last colon or `said,` before it), or at
    the stray mark itself."""
    start = last_close.get(tl.line, -1) + 1
    spots = [m.end() for m in _QUOTE_OPENS.finditer(tl.masked, start, i)]
    if spots:
        at = spots[-1]
        word = re.match(r"[^\s]+", tl.raw[at:])
        span = word.group() if word else tl.raw[at:at + 1]
        return Finding(part.name, tl.line, at + 1, WARNING, "text-unbalanced",
                       f"the closing {ch} at column {i + 1} has no opening {opener}; "
                       f"it was probably lost here", span, opener + span)
    return Finding(part.name, tl.line, i + 1, WARNING, "text-unbalanced",
                   f"closing {ch} with no opening {opener} in this paragraph",
                   ch, f"add the opening {opener}, or delete the stray {ch}")


def _unclosed(part, o, tl, i):
    return Finding(part.name, tl.line, i + 1, WARNING, "text-unbalanced",
                   f"{o} is never closed in this paragraph", o, f"add the closing {_OPEN[o]}")


_DOUBLED = re.compile(r"(?<![\w’'])([^\W\d_]+)(\s+)(\1)(?![\w’'])", re.IGNORECASE)


def _line_starts(para: Paragraph) -> list[int]:
    """Where each line begins in the paragraph's lines joined by one character."""
    starts, pos = [], 0
    for tl in para.lines:
        starts.append(pos)
        pos += len(tl.masked) + 1
    return starts


def _line_at(para: Paragraph, starts: list[int], at: int):
    """The line holding offset `at` of the joined paragraph, and the column."""
    k = bisect_right(starts, at) - 1
    return para.lines[k], at - starts[k]


def check_doubled(part, para: Paragraph) -> list[Finding]:
    """`as as`, also across a line end (the paragraph is searched as one text)."""
    out = []
    text = "\n".join(tl.masked for tl in para.lines)
    starts = _line_starts(para)
    for m in _DOUBLED.finditer(text):
        w = m.group(1)
        if w.lower() in LEGIT_DOUBLES or m.group(1) != m.group(3) and not (
                m.group(1).lower() == m.group(3).lower() and m.group(1)[1:] == m.group(3)[1:]):
            continue
        tl, col = _line_at(para, starts, m.start())
        span = tl.raw[col:col + (m.end() - m.start())] if "\n" not in m.group(2) else w
        out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-doubled-word",
                           f"doubled word “{w}”", span, w))
    return out


_STRAY = re.compile("[" + re.escape("".join(sorted(_STRAY_CHARS))) +
                    "\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff]")


def check_stray(part, para: Paragraph) -> list[Finding]:
    out = []
    for tl in para.lines:
        for m in _STRAY.finditer(tl.masked):
            ch, i = m.group(), m.start()
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            out.append(Finding(part.name, tl.line, i + 1, WARNING, "text-stray-char",
                               f"stray character {ch!r} ({name})", tl.raw[i], "delete it"))
        for m in _SPACE_BEFORE.finditer(tl.masked):
            if not tl.raw[m.start()].isspace():
                continue    # blanked markup (a note call, an escape), not a space
            punct = m.group(1)
            fix = punct + " " if m.end() < len(tl.raw) and not tl.raw[m.end()].isspace() else punct
            # the span takes in the word before, so that it can be found and replaced
            w = _WORD_BEFORE.search(tl.raw, 0, m.start())
            at = w.start() if w else m.start()
            out.append(Finding(part.name, tl.line, at + 1, WARNING, "text-space-before",
                               f"space before {punct!r}", tl.raw[at:m.end()],
                               tl.raw[at:m.start()] + fix))
        for m in _SPLIT_POSSESSIVE.finditer(tl.masked):
            out.append(Finding(part.name, tl.line, m.start() + 1, WARNING, "text-space-before",
                               "a possessive ’s cut off by a space", tl.raw[m.start():m.end()],
                               "’s"))
        for rx, what in ((_STRAY_HYPHEN, "a hyphen stuck to the next word"),
                         (_STRAY_ACCENT, "a lone accented letter")):
            for m in rx.finditer(tl.masked):
                span = tl.raw[m.start():m.end()]
                fix = " " if rx is _STRAY_HYPHEN else _fold_letter(span)
                out.append(Finding(part.name, tl.line, m.start() + 1, WARNING, "text-stray-char",
                                   what, span, fix))
    return out


def _fold_letter(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0]


def lost_hyphen(token: str, lex: Lexicon) -> str | None:
    """The hyphenated form of `token` if it looks like two words joined where a
    line-end hyphen was lost, else None."""
    m = _CAMEL.fullmatch(token)
    if m:
        a, b = m.groups()
        if a.lower() in _NAME_PREFIXES:
            return None
        if lex.known_hyphenated(f"{a}-{b}") or (
                (a.lower() in HYPHEN_PREFIXES or lex.is_word(a.lower())) and
                (lex.is_word(b.lower()) or lex.book_count(b) >= 2)):
            return f"{a}-{b}"
        return None
    if not token.isalpha() or not token[:1].islower() or len(token) < 6:
        return None
    if lex.zipf(token) >= 2.0 or lex.book_count(token) > 2:
        return None
    best = None
    for k in range(2, len(token) - 1):
        a, b = token[:k], token[k:]
        hyph = f"{a}-{b}"
        if lex.known_hyphenated(hyph):
            return hyph
        # both halves common words, and the whole unknown to the dictionary
        # (closed compounds like piecework are in it)
        if best is not None or len(b) < 4:
            continue
        if a in HYPHEN_PREFIXES and (lex.zipf(b) >= 2.0 or lex.book_count(b) >= 1) or len(a) >= 4 and lex.zipf(a) >= 4.0 and lex.zipf(b) >= 4.0 and lex.zipf(token) == 0 \
                and not b.endswith(("ness", "able", "ings", "less")):
            best = hyph
    return best


def check_lost_hyphens(part, para: Paragraph, lex: Lexicon, flagged: set) -> list[Finding]:
    out = []
    lower = lex.lower
    for tl in para.lines:
        for m in _LETTERS_RUN.finditer(tl.masked):
            tok = m.group()
            # a word the book uses often is no joined pair, unless camel-cased
            if len(tok) < 6 or (lower.get(tok.lower(), 0) > 2 and tok[1:].islower()):
                continue
            hyph = lost_hyphen(tok, lex)
            if hyph:
                flagged.add((tl.line, m.start()))
                out.append(Finding(part.name, tl.line, m.start() + 1, WARNING, "text-lost-hyphen",
                                   f"“{tok}” looks like “{hyph}” with its line-end hyphen lost",
                                   tok, hyph))
        for m in _HYPHEN_WORD.finditer(tl.masked):
            a, b = m.group(1), m.group(2)
            joined = a + b
            if b[:1].islower() and lex.book_count(joined) >= 1 and \
                    not lex.known_hyphenated_twice(f"{a}-{b}") and \
                    (lex.zipf(joined) >= 1.0 or lex.book_count(joined) >= 2):
                flagged.add((tl.line, m.start(2)))
                out.append(Finding(part.name, tl.line, m.start() + 1, WARNING, "text-kept-hyphen",
                                   f"“{m.group()}” is written “{joined}” elsewhere: a line-end "
                                   "hyphen kept by mistake?", m.group(), joined))
        for m in _YEAR_PAIR.finditer(tl.masked):
            y, tail = m.group(1), m.group(2)
            if int(tail) > int(y[2:]):
                flagged.add((tl.line, m.start()))
                dash = lex.range_dash
                out.append(Finding(part.name, tl.line, m.start() + 1, WARNING, "text-lost-hyphen",
                                   f"“{m.group()}” looks like a year range with its dash lost",
                                   m.group(), f"{y}{dash}{tail}"))
    return out


_CAP_AFTER_WORD = re.compile(r"(?<![\w’'])([A-Za-z][a-z’']*|\d+%?)(\s+)([A-Z][a-z]+)(?=\s+[a-z]|(,?\s+[A-Z]|,))")
_WORDS = re.compile(r"[^\W\d_][\w’'-]*")
#: words that cannot end a sentence, so no full stop was lost after them
_NO_END = {"the", "a", "an", "its", "of", "and", "to", "in", "his", "their", "our", "my", "your",
           "for", "with", "by", "from", "at", "on", "or", "nor", "but", "as", "into", "than",
           "whose", "every", "each", "no", "some", "any", "this", "that", "these", "those",
           "entitled", "called", "named", "article", "articles", "pamphlet", "book", "headed",
           "titled", "wrote", "journal", "paper", "newspaper", "slogan", "under", "was", "is"}
_SMALL = {"the", "of", "and", "a", "an", "in", "on", "to", "for", "with", "at", "by", "from",
          "or", "be", "is", "we", "will", "de", "la", "le", "der", "die", "von", "van"}


def _title_context(text: str, start: int, end: int, after: bool = True) -> bool:
    """Inside a run of Title Case (the title of an article, a book's name).
    Without `after`, only the words before count (a name may follow a
    sentence's first word: `Thus Hermann Remmele`)."""
    before = [w for w in _WORDS.findall(text[max(0, start - 40):start]) if w.lower() not in _SMALL][-2:]
    after = [w for w in _WORDS.findall(text[end:end + 40]) if w.lower() not in _SMALL][:2] \
        if after else []
    return any(w[:1].isupper() for w in before[-1:] + after)


_CAPS_RUN = re.compile(r"(?:,?\s+[A-Z][\w’'-]*)+")


def _names_follow(text: str, end: int, lex: Lexicon) -> bool:
    """The capitalised words after `end` are all names (words the book never
    writes in lower case), as after a sentence's first word (`Thus Hermann
    Remmele`), not the rest of a title (`Since Lenin Died`)."""
    run = _CAPS_RUN.match(text, end)
    words = _WORDS.findall(run.group()) if run else []
    return bool(words) and all(lex.lower.get(w.lower(), 0) <= lex.exact.get(w, 0) for w in words)


def _overlapping(pattern, text):
    """Matches that may share a word (`people Then It`: both pairs)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        yield m
        pos = m.start(3)


def check_capitals(part, para: Paragraph, lex: Lexicon, calls_only: bool = False) -> list[Finding]:
    """A capital in mid-sentence: a lost full stop (`the time It was`) when the
    word is one that starts sentences, else a stray capital (`in Connection with`).
    `calls_only` (for notes, whose citations are full of capitals): only a
    sentence opener after a note call."""
    out = []
    if len(para.lines) < 2 and len(para.lines[0].masked.strip()) < 80:
        return out      # a heading, a caption, a table cell: Title Case is normal
    text = " ".join(tl.masked for tl in para.lines)
    starts = _line_starts(para)
    raw = " ".join(tl.raw for tl in para.lines)
    for m in _overlapping(_CAP_AFTER_WORD, text):
        prev_word, gap, word = m.group(1), m.group(2), m.group(3)
        # a note call between the two: the sentence ended at the call
        noted = "[" in raw[m.start(2):m.end(2)]
        if calls_only and not noted:
            continue
        if prev_word[:1].isupper() and len(gap) < 3:
            continue        # Capital after Capital: a name or a title
        low = word.lower()
        n = lex.exact.get(word, 0)
        mid = lex.cap_mid.get(word, 0)
        if lex.zipf(low) < 3.0 or lex.lower.get(low, 0) <= n:
            continue        # a name, or a word the book capitalises
        capital_next = m.group(4) is not None
        if capital_next and not noted and not _names_follow(text, m.end(3), lex):
            continue        # `published Since Lenin Died`: a title, not a new sentence
        if not noted and _title_context(text, m.start(1), m.end(3), after=not capital_next):
            continue
        # no sentence ends on `the` or `in`: a capital after one is stray, if anything
        ends = prev_word.lower() not in _NO_END
        at = m.start(3)
        tl, col = _line_at(para, starts, at)
        if ends and n >= 5 and mid <= max(1, n // 20):
            pstart = m.start(1) - (at - col)    # from the line's start
            if pstart >= 0:     # the word before is on the same line: flag both
                span = tl.raw[pstart:col + len(word)]
                fix = tl.raw[pstart:pstart + len(prev_word)] + "." + tl.raw[pstart + len(prev_word):col + len(word)]
                col = pstart
            else:
                span, fix = word, f"{prev_word}. {word}"
            out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-missing-stop",
                               f"“{word}” starts a sentence, but no full stop ends the one before",
                               span, fix))
        elif n <= 2 and mid <= 1 and prev_word[:1].islower() and not capital_next \
                and lex.lower.get(low, 0) >= 10 \
                and lex.zipf(low) >= 3.5:
            out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-stray-capital",
                               f"“{word}” has a capital in mid-sentence", word, low))
    return out


#: a parenthesis set off by dashes ("the press – Rote Fahne and L’Humanité –
#: reported") that lost its closing dash: one spaced dash in a sentence, a
#: subject with no verb before it, and after it a noun phrase then a past-tense
#: verb whose subject can only be what stood before the dash.
_SENTENCE = re.compile(r"[^.!?;:]+[.!?;:]?")
_CLAUSE_CUT = re.compile(r"[,;:]|\b(?:that|which|who)\b")
_DASH_WORD = re.compile(r"[^\W\d_][\w’'-]*|\d+")
#: finite verbs and auxiliaries that make a clause before the dash complete
_FINITE = {"is", "was", "were", "are", "am", "be", "been", "had", "has", "have", "would", "could",
           "will", "should", "must", "did", "does", "do", "can", "may", "might", "shall"}
#: irregular past tenses a subject can take after the parenthesis
_PAST = {"made", "took", "became", "began", "led", "saw", "came", "went", "gave", "held",
         "kept", "left", "found", "told", "brought", "thought", "felt", "won", "lost", "stood",
         "fell", "grew", "knew", "meant", "sent", "set", "put", "paid", "ran", "rose", "spoke",
         "wrote", "broke", "chose", "drew", "fought", "forced", "sought", "taught", "threw"}
#: what opens a clause of its own after a dash (an afterthought, not an aside)
_CLAUSE_START = {"all", "this", "these", "that", "those", "he", "she", "it", "they", "we", "i",
                 "you", "then", "which", "who", "unless", "if", "when", "with", "between", "not",
                 "as", "there", "so", "but", "and", "or", "to", "for", "in", "what", "where",
                 "whose", "without", "because", "though", "although", "while", "even", "both",
                 "either", "neither", "nor", "from", "by", "at", "on", "into", "whether"}
_NOT_SUBJECT = _FINITE | {"being", "not", "and", "or", "who", "which", "that", "it", "he", "she",
                          "they", "we", "i", "you", "there", "this", "to"}


def _past_verb(w: str) -> bool:
    low = w.lower()
    return w.islower() and (low in _PAST or (low.endswith("ed") and len(low) > 4))


def check_dash_pairs(part, para: Paragraph) -> list[Finding]:
    """A dash that opens an aside but never closes it (text-unbalanced)."""
    if not any("–" in tl.masked for tl in para.lines):
        return []
    chars = list(paragraph_chars(para))
    text = "".join(c for c, _, _ in chars)
    out = []
    for m in _SENTENCE.finditer(text):
        sent = m.group()
        dashes = [d.start() for d in re.finditer(" – ", sent)]
        if len(dashes) != 1 or re.search(r"[…()\[\]]", sent):
            continue
        d = dashes[0]
        before = _CLAUSE_CUT.split(sent[:d])[-1]
        bw = _DASH_WORD.findall(before)
        if len(bw) < 2 or any(w.lower() in _FINITE or _past_verb(w) for w in bw):
            continue
        after = list(_DASH_WORD.finditer(sent, d + 3))
        if not after or after[0].group().lower() in _CLAUSE_START:
            continue
        for k in range(2, len(after)):
            verb, subj = after[k].group(), after[k - 1]
            if "," in sent[subj.end():after[k].start()]:
                continue
            if _past_verb(verb) and subj.group().lower() not in _NOT_SUBJECT:
                if " and " in sent[max(d, after[k].start() - 15):after[k].start()]:
                    break       # "X and Y reported": a list, perhaps the subject itself
                _, tl, i = chars[m.start() + subj.start()]
                _, dtl, di = chars[m.start() + d + 1]
                out.append(Finding(part.name, tl.line, i + 1, WARNING, "text-unbalanced",
                                   f"the aside opened by the dash at line {dtl.line}, column "
                                   f"{di + 1} is not closed: a closing dash may be missing "
                                   f"after “{subj.group()}”",
                                   subj.group(), subj.group() + " –"))
                break
    return out


_PARA_END = re.compile(r"([^\W\d_][\w’'-]*)")


#: a word this common opens a sentence, not the rest of a name (The, It, In)
OPENER_ZIPF = 5.5


def _opens_sentence(text: str, lex: Lexicon | None) -> bool:
    """`text` starts with a capitalised common word, such as opens sentences
    (the rise of Stalinism | The Revolution Betrayed), not a name's last part."""
    m = _PARA_END.match(text)
    return bool(m and lex is not None and m.group(1)[:1].isupper()
                and lex.zipf(m.group(1).lower()) >= OPENER_ZIPF)


def check_paragraph_end(part, para: Paragraph, next_para: Paragraph | None,
                        lex: Lexicon | None = None) -> list[Finding]:
    """A paragraph of prose that ends on a bare word (or a note call after
    one), with the next paragraph opening on a capital: the full stop was lost
    (`into a sect[^63]`)."""
    tl = para.lines[-1]
    if len(para.lines) < 2 and len(tl.masked) < 80:
        return []
    text = tl.masked.rstrip()
    tail = text.rsplit(None, 1)[-1] if text else ""
    m = _PARA_END.fullmatch(tail)
    if m is None:
        return []
    word = m.group(1)
    if word.lower() in _NO_END or not word[-1].isalpha():
        return []
    at = len(text) - len(tail)
    first = next_para.lines[0].masked.lstrip().lstrip("…‘“ ") if next_para else ""
    before = text[:at].split()[-1:]
    if word[0].isupper() and "[" not in tl.raw[at:] and (
            not _opens_sentence(first, lex) or not before or before[0][:1].isupper()):
        return []           # a name cut in two (Social Democratic | Chancellor)
    # an ellipsis or an opening quote may stand before the capital (… It raises)
    if next_para is not None and not first[:1].isupper():
        return []           # the sentence runs on into the next paragraph
    return [Finding(part.name, tl.line, at + 1, WARNING, "text-missing-stop",
                    f"the paragraph ends on “{word}” with no full stop", word, word + ".")]


#: an initial that lost its full stop before a surname (`Robert J Alexander`,
#: `around R Molinier`); A and I are words, not initials
_BARE_INITIAL = re.compile(r"(?<![\w.’'‘“(\[-])([B-HJ-Z])(?=[ ]+([A-Z][a-z]{2,})\b)")
#: a word (or a closing quote) then a note call then an opening quote and a capital
_CALL_BEFORE_QUOTE = re.compile(r"(?<![^\W\d_])([^\W\d_]+[’”]?)(?=\[\^\d+\*?\][ ]+[‘“][A-Z])")
#: `was associated 40 Trotsky with the`: a page number and a running head (a
#: name the book uses often) between two words of one sentence
_PAGE_HEAD = re.compile(r"(?<![\w’'])([a-z]{3,})[ ]+(\d{1,3})[ ]+([A-Z][a-z]+)(?=[ ]+[a-z])")
PAGE_HEAD_MIN = 20
#: words that take a number after them (the 400, another 37, about 20)
_COUNTERS = _NO_END | {"another", "about", "over", "nearly", "almost", "around", "only",
                       "some", "just", "exactly", "roughly", "approximately", "least", "most",
                       "page", "pages", "chapter", "volume", "vol", "number", "no", "article",
                       "paragraph", "point", "section", "item", "aged", "age", "were", "are"}
_DATE_WORDS = {"January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December", "Monday", "Tuesday",
               "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
#: a direct question (a wh-word, an auxiliary, then its subject) at a
#: sentence's start or after a comma, ended by a full stop; `who` and `which`
#: open relative clauses, and a colon or semicolon leaves the end in doubt
_QUESTION = re.compile(
    r"(?:^|(?<=[.!?] )|(?<=, ))(?:[Hh]ow|[Ww]hy|[Ww]hat|[Ww]here|[Ww]hen) "
    r"(?:is|was|are|were|did|does|do|could|can|would|should|will|shall|has|have|had|must) "
    r"(?:it|he|she|they|we|you|I|there|this|that|the|one|our|their|his|its) [^.?!;:…‘’“”()]*"
    r"[a-z]\.(?= |$)")
#: a word broken at a line-end hyphen with a stray mark read as a digit or a
#: bar after it (`sup-1 pressed`)
_BROKEN_WORD = re.compile(r"(?<![\w’'-])([^\W\d_]{2,})-([1l|I])[ ]+([a-z]{2,})(?![\w’'-])")
#: an article before another determiner (`of the these`): one of them is extra
_ARTICLE_PAIR = re.compile(r"(?<![\w’'-])(the|a|an)(\s+)(the|a|an|this|these|those)(?![\w’'-])",
                           re.IGNORECASE)


def check_slips(part, para: Paragraph, lex: Lexicon) -> list[Finding]:
    """Small slips, each found by one rule below: a bare initial before a name
    and a quotation opening after a note call with no stop
    (text-missing-stop), a page number with its running head left in a
    sentence and a word broken at a line end with a stray mark
    (text-stray-char), a direct question ended by a full stop, and an article
    doubled by another determiner (text-doubled-word)."""
    text = " ".join(tl.masked for tl in para.lines)
    starts = _line_starts(para)
    raw = " ".join(tl.raw for tl in para.lines)
    out = _bare_initials(part, para, starts, text, lex)
    out += _calls_before_quotes(part, para, starts, raw)
    for rule in (_page_heads, _questions, _broken_words, _article_pairs):
        out += rule(part, para, starts, text, lex)
    return out


def _bare_initials(part, para, starts, text, lex) -> list[Finding]:
    out = []
    for m in _BARE_INITIAL.finditer(text):
        name = m.group(2)
        # the next word is a name: the book never writes it in lower case
        if lex.lower.get(name.lower(), 0) > lex.exact.get(name, 0) or lex.zipf(name.lower()) >= 5:
            continue
        tl, col = _line_at(para, starts, m.start())
        out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-missing-stop",
                           f"the initial “{m.group(1)}” has no full stop", m.group(1),
                           m.group(1) + "."))
    return out


def _calls_before_quotes(part, para, starts, raw) -> list[Finding]:
    """`‘buried’[^44] ‘Stalin, the vanquished’`: a quotation opens a new
    sentence after a note call, with no full stop before the call."""
    out = []
    for m in _CALL_BEFORE_QUOTE.finditer(raw) if "[^" in raw else ():
        tl, col = _line_at(para, starts, m.start())
        word = m.group(1)
        out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-missing-stop",
                           "a quotation opens a sentence after the note call, but no full "
                           "stop ends the one before", word, word + "."))
    return out


def _page_heads(part, para, starts, text, lex) -> list[Finding]:
    out = []
    for m in _PAGE_HEAD.finditer(text):
        before, number, head = m.group(1), m.group(2), m.group(3)
        if before.lower() in _COUNTERS or head in _DATE_WORDS or head.endswith("s") \
                or lex.exact.get(head, 0) < PAGE_HEAD_MIN:
            continue    # 37 Oppositionists, the 6 February strike: a count or a date
        tl, col = _line_at(para, starts, m.start(2))
        span = tl.raw[col:col + m.end(3) - m.start(2)]
        if len(span) != m.end(3) - m.start(2):
            span = number
        out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-stray-char",
                           f"“{number} {head}” in mid-sentence: a page number and running "
                           "head left in the text?", span, "delete it"))
    return out


def _questions(part, para, starts, text, lex) -> list[Finding]:
    """`how was it possible that ... grafted on to it.`: a direct question."""
    out = []
    for m in _QUESTION.finditer(text):
        end = m.end() - 1
        w = _WORD_BEFORE.search(text, 0, end)
        at = w.start() if w else end
        tl, col = _line_at(para, starts, at)
        span = tl.raw[col:col + end + 1 - at]
        if len(span) != end + 1 - at or "[" in span:
            continue
        out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-missing-stop",
                           "a direct question ends with a full stop", span, span[:-1] + "?"))
    return out


def _broken_words(part, para, starts, text, lex) -> list[Finding]:
    """`sup-1 pressed`: a mark after a line-end hyphen kept the halves apart."""
    out = []
    for m in _BROKEN_WORD.finditer(text) if "-" in text else ():
        whole = m.group(1) + m.group(3)
        if lex.zipf(whole.lower()) < 2.5 and lex.lower.get(whole.lower(), 0) < 2:
            continue
        tl, col = _line_at(para, starts, m.start())
        span = tl.raw[col:col + m.end() - m.start()]
        if len(span) != m.end() - m.start():
            continue
        out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-stray-char",
                           f"“{m.group()}” is “{whole}” broken at a line end, with a stray "
                           f"“{m.group(2)}”", span, whole))
    return out


def _article_pairs(part, para, starts, text, lex) -> list[Finding]:
    out = []
    for m in _ARTICLE_PAIR.finditer(text):
        first, second = m.group(1), m.group(3)
        if second[:1].isupper() or first.lower() == second.lower():
            continue    # `the A team`; a plain doubled word is reported as such
        tl, col = _line_at(para, starts, m.start())
        span = tl.raw[col:col + m.end() - m.start()] if col + m.end() - m.start() <= len(
            tl.masked) else first
        out.append(Finding(part.name, tl.line, col + 1, WARNING, "text-doubled-word",
                           f"“{first} {second}”: two determiners in a row", span, second))
    return out


def check_text(cb: CheckedBook, lex: Lexicon, flagged: set | None = None) -> list[Finding]:
    out: list[Finding] = []
    flagged = flagged if flagged is not None else set()
    for part in cb.parts:
        paras = part.paragraphs
        part_flags = set()
        for k, para in enumerate(paras):
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            out.extend(check_balance(part, para, nxt))
            if para.kind in ("p", "quote", "item"):
                out.extend(check_dash_pairs(part, para))
            if para.kind in ("p", "quote"):
                out.extend(check_paragraph_end(part, para, nxt, lex))
            out.extend(check_doubled(part, para))
            out.extend(check_stray(part, para))
            out.extend(check_lost_hyphens(part, para, lex, part_flags))
            if para.kind in ("p", "quote", "item", "note"):
                out.extend(check_capitals(part, para, lex, calls_only=para.kind == "note"))
            if para.kind in ("p", "quote", "item", "note"):
                out.extend(check_slips(part, para, lex))
        flagged.update((part.name, l, c) for l, c in part_flags)
    return out
