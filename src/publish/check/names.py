"""Names: one person or place spelt two ways in one book (Sokolovskaia /
Sokolovskaya), usually two transliterations from Russian, German or Spanish;
the spelling a dictionary knows is the reference, else the commoner one. Also
a first name that does not agree with its patronymic (Aleksandr Lvovna)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from .findings import WARNING, Finding
from .lexicon import TOKEN, Lexicon, base_form

#: spellings that transliterate the same sound; folded to one key
_FOLDS = [("dzh", "j"), ("tch", "ch"), ("ya", "ia"), ("yu", "iu"), ("ye", "ie"), ("iy", "ii"),
          ("ks", "x"), ("kh", "h"), ("ff", "v"), ("w", "v"), ("y", "i"), ("é", "e"), ("á", "a"),
          ("í", "i"), ("ó", "o"), ("ú", "u"), ("ñ", "n"), ("ü", "u"), ("ö", "o"), ("ä", "a")]


def name_key(name: str) -> str:
    key = name.lower()
    for a, b in _FOLDS:
        key = key.replace(a, b)
    key = re.sub(r"(.)\1", r"\1", key)     # doubled letters: Kamenev/Kammenev
    return key


#: how well a dictionary must know a spelling for it to be the reference
#: whatever the counts (Castile, Révolutionnaire, Auténtico)
KNOWN_SPELLING_ZIPF = 2.0


def _standing(form: str, lex: Lexicon) -> float:
    """How well English, or else one of the languages the book quotes, knows
    `form` (a foreign dictionary counts a step less); 0 below
    KNOWN_SPELLING_ZIPF, where the book's own counts decide."""
    from .misreadings import FOREIGN, _foreign_freq

    low = form.lower()
    f = max((_foreign_freq(lang).get(low, 0.0) for lang in FOREIGN), default=0.0)
    z = max(lex.zipf(low), math.log10(f) + 8 if f > 0 else 0.0)
    return z if z >= KNOWN_SPELLING_ZIPF else 0.0


def check_names(parts, lex: Lexicon) -> list[Finding]:
    spellings: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, tuple[str, int, int]] = {}
    for part in parts:
        for tl in part.text_lines():
            for m in TOKEN.finditer(tl.masked):
                tok = base_form(m.group())
                if len(tok) < 5 or not tok[0].isupper() or tok.isupper():
                    continue
                if lex.zipf(tok.lower()) >= 3.0:
                    continue
                key = name_key(tok)
                spellings[key][tok] += 1
                first.setdefault(tok, (part.name, tl.line, m.start() + 1))
    out = check_patronymics(parts, lex)
    for key, forms in spellings.items():
        if len(forms) < 2:
            continue
        main = max(forms, key=lambda f: (_standing(f, lex), forms[f]))
        n = forms[main]
        for form, k in forms.most_common():
            if form == main:
                continue
            fname, line, col = first[form]
            out.append(Finding(fname, line, col, WARNING, "name-variant",
                               f"“{form}” ({k}×) is spelt “{main}” {n}× elsewhere in the book",
                               form, main))
    return out


#: a Russian first name and patronymic agree in gender: Aleksandra Lvovna,
#: Lev Davidovich
_NAME_AND_PATRONYMIC = re.compile(
    r"\b([A-Z][a-z]{2,})\s+([A-Z][a-z]+(?:ovna|evna|ichna|ovich|evich))\b")


def check_patronymics(parts, lex: Lexicon) -> list[Finding]:
    """`Aleksandr Lvovna`: a man's first name before a woman's patronymic (or
    the reverse), when the book has the other form of the first name: a
    letter lost or added in the name."""
    out = []
    for part in parts:
        for tl in part.text_lines():
            for m in _NAME_AND_PATRONYMIC.finditer(tl.masked):
                first, patronymic = m.group(1), m.group(2)
                if patronymic.endswith("na"):
                    fix = None if first.endswith("a") else first + "a"
                else:
                    fix = first[:-1] if first.endswith("a") else None
                if fix and lex.exact.get(fix, 0) >= 1 and lex.exact.get(first, 0) >= 1:
                    out.append(Finding(part.name, tl.line, m.start() + 1, WARNING, "name-variant",
                                       f"“{first}” does not agree with the patronymic "
                                       f"“{patronymic}”: “{fix}”?", first, fix))
    return out
