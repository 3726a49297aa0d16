"""Store metadata: what retailers and libraries refuse a book without."""

from __future__ import annotations

import re

from .book import BOOK_TOML, CheckedBook
from .findings import ERROR, WARNING, Finding

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def isbn13_ok(isbn: str) -> bool:
    digits = isbn.replace("-", "").replace(" ", "")
    if not re.fullmatch(r"97[89]\d{10}", digits):
        return False
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def check_metadata(cb: CheckedBook) -> list[Finding]:
    if not cb.toml:
        return []
    book = cb.book
    out = []

    def f(sev, code, key, msg, hint, text=""):
        out.append(Finding(BOOK_TOML, cb.toml_line(key) or cb.toml_line("[book]"), None, sev,
                           code, msg, text, hint))

    identifier = str(book.get("identifier", "") or "")
    isbn = str(book.get("isbn", "") or "")
    if identifier.startswith("isbn:") and not isbn:
        isbn = identifier[5:]
    if not isbn:
        f(WARNING, "meta-isbn-missing", "isbn", "no ISBN: most stores and libraries need one",
          "set book.isbn = \"978...\" (13 digits) once the ISBN is assigned")
    elif not isbn13_ok(isbn):
        f(ERROR, "meta-isbn-invalid", "isbn", f"ISBN {isbn!r} is not a valid ISBN-13",
          "check the digits: 13 digits, starting 978 or 979, with a correct check digit", isbn)
    if not str(book.get("description", "") or "").strip():
        f(ERROR, "meta-description-missing", "description",
          "no description: stores show it on the book's page",
          "set book.description to a paragraph about the book")
    lang = str(book.get("language", "") or "").strip()
    if not lang:
        f(ERROR, "meta-language-missing", "language", "no language",
          "set book.language, e.g. \"en\"")
    elif not _LANG.match(lang):
        f(ERROR, "meta-language-invalid", "language",
          f"language {lang!r} is not a BCP 47 tag", "use e.g. \"en\" or \"en-GB\"", lang)
    if not str(book.get("rights", "") or "").strip():
        f(ERROR, "meta-rights-missing", "rights",
          "no rights statement: stores need to know who may sell this text",
          "set book.rights, e.g. \"Text © the estate of ...; this edition © ...\"")
    for key in ("title", "identifier"):
        if not str(book.get(key, "") or "").strip():
            f(ERROR, f"meta-{key}-missing", key, f"no {key}", f"set book.{key}")
    return out
