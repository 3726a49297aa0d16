"""Names: one person or place spelt two ways in one book (Sokolovskaia /
Sokolovskaya), usually two transliterations from Russian, German or Spanish."""

from __future__ import annotations

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
    out = []
    for key, forms in spellings.items():
        if len(forms) < 2:
            continue
        (main, n), *others = forms.most_common()
        for form, k in others:
            fname, line, col = first[form]
            out.append(Finding(fname, line, col, WARNING, "name-variant",
                               f"“{form}” ({k}×) is spelt “{main}” {n}× elsewhere in the book",
                               form, main))
    return out
