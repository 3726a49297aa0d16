"""Grade an import against a test book's truth (issue 3's metrics).

Reads what the reader sees: the EPUB's XHTML documents (`score_epub`) or the
XML intermediate (`score_xml`, faster, same rules). Namespaces are ignored;
semantics come from HTMLBook `data-type`, EPUB `epub:type` or ARIA `role`.

Metrics
- headings: h1/h2, level and text, F1. A chapter's number ("1. ", "Chapter 1")
  is not part of the compared text, since the XML keeps it in data-number.
- paragraphs: every `p` (also inside block quotes, not inside notes, lists or
  tables), matched by its first and last 8 words, F1.
- blockquotes: outermost `blockquote`, matched by first and last 8 words, F1.
- notes: fraction of the truth's note calls (those that have a note text) for
  which the output has a noteref with the same label whose target contains the
  note's text.
- tables: fraction of truth tables with every cell in the right row and column
  (and, as detail, the fraction of cells so placed).
- words: body word count (tokens holding a letter or digit; note calls and
  note labels excluded) against the truth's, as a relative error.

Each matched quantity is computed "strict" (words exactly as written: case,
hyphens, punctuation) and, as a diagnostic, "lenient" (case-folded, letters
and digits only) so that lost hyphens and lead-in case show up as the gap.
"""

from __future__ import annotations

import json
import posixpath
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

TARGETS = {"headings": 0.97, "paragraphs": 0.95, "blockquotes": 0.85, "notes": 0.97,
           "tables": 0.85, "words": 0.01}

EPUB_NS = "http://www.idpf.org/2007/ops"
_GENERATED = {"toc", "titlepage", "halftitlepage", "copyright-page", "cover", "imprint",
              "colophon", "landmarks", "loi", "lot", "page-list", "halftitle", "frontispiece"}
_NOTE_CONTAINERS = {"footnotes", "endnotes", "footnote", "endnote", "rearnote", "rearnotes",
                    "doc-endnotes", "doc-footnote", "doc-endnote", "note"}
_NOTEREF = {"noteref", "doc-noteref"}
_BACKLINK = {"backlink", "doc-backlink", "referrer"}
NOTE_HEADINGS = {"notes", "footnotes", "endnotes", "contents"}
_CHAPTER_NUMBER = re.compile(r"^\s*(?:chapter\s+)?\d+[.:]?\s+", re.I)
_CALL_TEXT = re.compile(r"\s?\[(\d+\*?)\]")


# --- reading ---------------------------------------------------------------------


def _parse(data: bytes, source: str):
    try:
        from publish.safexml import parse_xml
    except ImportError:  # the scorer also runs outside the project
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        return etree.fromstring(data, parser)
    return parse_xml(data, source)


def load_xml(path: str | Path) -> list[tuple[str, etree._Element]]:
    path = Path(path)
    return [(path.name, _parse(path.read_bytes(), str(path)))]


def load_epub(path: str | Path) -> list[tuple[str, etree._Element]]:
    """The spine's XHTML documents in reading order, without the nav document."""
    docs = []
    with zipfile.ZipFile(path) as z:
        container = _parse(z.read("META-INF/container.xml"), "container.xml")
        opf_path = next(el.get("full-path") for el in container.iter()
                        if _local(el) == "rootfile")
        opf = _parse(z.read(opf_path), opf_path)
        base = posixpath.dirname(opf_path)
        manifest = {}
        for el in opf.iter():
            if _local(el) == "item":
                manifest[el.get("id")] = (el.get("href"), el.get("properties") or "",
                                          el.get("media-type"))
        for el in opf.iter():
            if _local(el) != "itemref":
                continue
            href, props, media = manifest[el.get("idref")]
            if "nav" in props.split() or media != "application/xhtml+xml":
                continue
            name = posixpath.normpath(posixpath.join(base, href))
            docs.append((name, _parse(z.read(name), name)))
    return docs


# --- structure of an output -----------------------------------------------------


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _types(el) -> set[str]:
    vals = " ".join(filter(None, [el.get("data-type"), el.get(f"{{{EPUB_NS}}}type"),
                                  el.get("role")]))
    return set(vals.split())


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _is_noteref(el) -> bool:
    t = _types(el) | _classes(el)
    return bool(t & _NOTEREF) or ("unresolved" in t and _local(el) in ("span", "sup", "a"))


def _is_hidden_label(el) -> bool:
    t = _types(el) | _classes(el)
    return bool(t & _BACKLINK) or "note-label" in t or "label" in t


def _text(el) -> str:
    """Visible text of el without note calls, back-links and note labels."""
    parts: list[str] = []

    def walk(node, skip_root=False):
        if not skip_root and (_is_noteref(node) or _is_hidden_label(node)):
            if node.tail:
                parts.append(node.tail)
            return
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and not skip_root:
            parts.append(node.tail)

    walk(el, skip_root=True)
    return norm_space("".join(parts))


def norm_space(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ")
    return " ".join(s.split())


class Output:
    """The structure an import's output exposes to a reader."""

    def __init__(self, docs: list[tuple[str, etree._Element]], skip_generated: bool = True):
        """skip_generated=False also reads title page, imprint and cover (not the nav):
        what a grader that takes every spine document would count."""
        self.skip_generated = skip_generated
        self.headings: list[tuple[int, str]] = []
        self.paragraphs: list[list[str]] = []
        self.blockquotes: list[list[str]] = []
        self.tables: list[dict] = []
        self.noterefs: list[tuple[str, str]] = []  # (label, target text)
        self.words = 0
        ids: dict[tuple[str, str], etree._Element] = {}
        refs = []
        for name, root in docs:
            for el in root.iter():
                if isinstance(el.tag, str) and el.get("id"):
                    ids[(name, el.get("id"))] = el
            body = next((e for e in root.iter() if _local(e) == "body"), root)
            self._walk(name, body, in_notes=False, in_li=False, in_table=False,
                       in_quote=False, refs=refs)
        for name, label, href in refs:
            doc, _, frag = href.partition("#")
            doc = posixpath.normpath(posixpath.join(posixpath.dirname(name), doc)) if doc else name
            target = ids.get((doc, frag))
            if target is None:  # an XML intermediate has one document
                target = next((v for (d, i), v in ids.items() if i == frag), None)
            self.noterefs.append((label, _text(target) if target is not None else ""))

    def _walk(self, name, el, in_notes, in_li, in_table, in_quote, refs):
        if not isinstance(el.tag, str):
            return
        types = _types(el)
        if types & _GENERATED and self.skip_generated:
            return
        tag = _local(el)
        if tag == "nav":
            return
        if _is_noteref(el):
            if tag == "a" and el.get("href"):
                label = re.sub(r"[\[\]\s]", "", "".join(el.itertext()))
                refs.append((name, label, el.get("href")))
            return
        notes_here = in_notes or bool(types & _NOTE_CONTAINERS) or tag == "aside"
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "table", "li"):
            for d in el.iterdescendants():
                if _is_noteref(d) and _local(d) == "a" and d.get("href"):
                    refs.append((name, re.sub(r"[\[\]\s]", "", "".join(d.itertext())),
                                 d.get("href")))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _text(el)
            if text.casefold() in NOTE_HEADINGS:
                return
            if tag in ("h1", "h2") and not notes_here:
                self.headings.append((int(tag[1]), text))
            if tag == "h1":
                text = _CHAPTER_NUMBER.sub("", text)
            self.words += count_words(text)
            return
        if tag == "table" and not notes_here:
            table = _table_of(el)
            self.tables.append(table)
            self.words += count_words(table["caption"]) + sum(
                count_words(c) for row in table["rows"] for c in row)
            return
        if tag == "blockquote" and not notes_here and not in_quote:
            self.blockquotes.append(_quote_words(_text_blocks(el)))
        if tag == "p":
            text = _text(el)
            self.words += count_words(text)
            if not (notes_here or in_li or in_table):
                self.paragraphs.append(text.split())
            return
        if tag == "li" and not any(_local(c) == "p" for c in el):
            self.words += count_words(_text(el))
            return
        for child in el:
            self._walk(name, child, notes_here, in_li or tag == "li", in_table or tag == "table",
                       in_quote or tag == "blockquote", refs)
        # loose text directly in blocks (e.g. an aside without a p) still counts
        if tag not in ("p", "li") and el.text and el.text.strip() and tag not in ("html", "head"):
            self.words += count_words(el.text)


def _text_blocks(el) -> str:
    # a list's numbers are markup in one output and text in another: drop them
    blocks = [_LIST_NUMBER.sub("", _text(c)) for c in el.iter()
              if _local(c) == "p" or (_local(c) == "li" and not any(_local(x) == "p" for x in c))]
    return " ".join(blocks) or _text(el)


_LIST_NUMBER = re.compile(r"^\(?\d+[.)]\s+")


def _quote_words(text: str) -> list[str]:
    return text.split()


def _table_of(el) -> dict:
    caption = ""
    rows = []
    for c in el.iter():
        tag = _local(c)
        if tag == "caption":
            caption = _text(c)
        elif tag == "tr":
            rows.append([_text(cell) for cell in c if _local(cell) in ("td", "th")])
    return {"caption": caption, "rows": rows}


def count_words(text: str) -> int:
    return sum(1 for w in text.split() if re.search(r"\w", w))


# --- metrics ---------------------------------------------------------------------


def lenient(word: str) -> str:
    return re.sub(r"[\W_]", "", word).casefold()


def _para_key(first: list[str], last: list[str], strict: bool) -> tuple:
    if strict:
        return tuple(first), tuple(last)
    return (tuple(x for x in map(lenient, first) if x),
            tuple(x for x in map(lenient, last) if x))


def _f1(truth_keys: list, out_keys: list) -> dict:
    t, o = Counter(truth_keys), Counter(out_keys)
    tp = sum((t & o).values())
    p = tp / len(out_keys) if out_keys else (1.0 if not truth_keys else 0.0)
    r = tp / len(truth_keys) if truth_keys else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": f, "precision": p, "recall": r, "tp": tp, "truth": len(truth_keys),
            "output": len(out_keys),
            "missed": [k for k in (t - o).elements()],
            "extra": [k for k in (o - t).elements()]}


def heading_key(level: int, text: str) -> tuple[int, str]:
    text = norm_space(text)
    if level == 1:
        text = _CHAPTER_NUMBER.sub("", text)
    return level, text


def score_output(truth: dict, out: Output) -> dict:
    res: dict = {}
    th = [heading_key(h["level"], h["text"]) for h in truth["headings"]
          if h["text"].casefold() not in NOTE_HEADINGS]
    oh = [heading_key(lv, tx) for lv, tx in out.headings]
    res["headings"] = _f1(th, oh)
    res["headings_lenient"] = _f1([(lv, lenient_text(t)) for lv, t in th],
                                  [(lv, lenient_text(t)) for lv, t in oh])
    for strict, suffix in ((True, ""), (False, "_lenient")):
        tp = [_para_key(p["first"], p["last"], strict) for p in truth["paragraphs"]]
        op = [_para_key(w[:8], w[-8:], strict) for w in out.paragraphs]
        res["paragraphs" + suffix] = _f1(tp, op)
        tq = [_para_key(q["first"], q["last"], strict) for q in truth["blockquotes"]]
        oq = [_para_key(w[:8], w[-8:], strict) for w in out.blockquotes]
        res["blockquotes" + suffix] = _f1(tq, oq)
    res["notes"] = _notes_score(truth, out)
    res["tables"] = _tables_score(truth, out)
    tw = truth["words"]
    res["words"] = {"truth": tw, "output": out.words,
                    "error": (out.words - tw) / tw if tw else 0.0}
    res["summary"] = summary(res)
    return res


def lenient_text(s: str) -> str:
    return " ".join(x for x in map(lenient, s.split()) if x)


def _notes_score(truth: dict, out: Output) -> dict:
    calls = [c for c in truth["calls"] if c.get("text")]
    want = Counter((c["label"], norm_space(c["text"])) for c in calls)
    correct = 0
    missed = []
    by_label: dict[str, list[str]] = {}
    for label, target in out.noterefs:
        by_label.setdefault(label, []).append(target)
    for (label, text), n in want.items():
        have = sum(1 for target in by_label.get(label, []) if text in target)
        correct += min(n, have)
        if have < n:
            missed.append((label, text[:60]))
    total = sum(want.values())
    return {"fraction": correct / total if total else 1.0, "correct": correct, "truth": total,
            "output_noterefs": len(out.noterefs), "missed": missed}


def _tables_score(truth: dict, out: Output) -> dict:
    truths = [[[norm_space(c) for c in r] for r in t["rows"]] for t in truth["tables"]]

    def agree(rows, o):
        return sum(1 for r, row in enumerate(rows) for c, cell in enumerate(row)
                   if r < len(o["rows"]) and c < len(o["rows"][r]) and o["rows"][r][c] == cell)

    # pair truth and output tables best match first, so that a wrong table that
    # shares one cell (an empty corner) cannot take another table's partner
    pairs = sorted(((agree(rows, o), ti, oi) for ti, rows in enumerate(truths)
                    for oi, o in enumerate(out.tables)), key=lambda x: (-x[0], x[1], x[2]))
    partner: dict[int, tuple[int, int]] = {}
    used: set[int] = set()
    for ok, ti, oi in pairs:
        if ok > 0 and ti not in partner and oi not in used:
            partner[ti] = (oi, ok)
            used.add(oi)
    exact = cells_ok = cells_total = 0
    detail = []
    for ti, t in enumerate(truth["tables"]):
        rows = truths[ti]
        n = sum(len(r) for r in rows)
        best = 0
        if ti in partner:
            oi, best = partner[ti]
            o = out.tables[oi]
            same_shape = len(o["rows"]) == len(rows) and all(
                len(a) == len(b) for a, b in zip(o["rows"], rows))
            if best == n and same_shape:
                exact += 1
            else:
                detail.append({"caption": t["caption"], "truth": rows, "output": o["rows"]})
        else:
            detail.append({"caption": t["caption"], "truth": rows, "output": None})
        cells_ok += best
        cells_total += n
    total = len(truth["tables"])
    return {"fraction": exact / total if total else 1.0, "exact": exact, "truth": total,
            "output": len(out.tables),
            "cells": cells_ok / cells_total if cells_total else 1.0, "wrong": detail}


def summary(res: dict) -> dict:
    return {
        "headings": res["headings"]["f1"],
        "paragraphs": res["paragraphs"]["f1"],
        "paragraphs_lenient": res["paragraphs_lenient"]["f1"],
        "blockquotes": res["blockquotes"]["f1"],
        "notes": res["notes"]["fraction"],
        "tables": res["tables"]["fraction"],
        "table_cells": res["tables"]["cells"],
        "words_error": res["words"]["error"],
    }


def passes(summary_: dict, targets: dict = TARGETS) -> dict[str, bool]:
    return {
        "headings": summary_["headings"] >= targets["headings"],
        "paragraphs": summary_["paragraphs"] >= targets["paragraphs"],
        "blockquotes": summary_["blockquotes"] >= targets["blockquotes"],
        "notes": summary_["notes"] >= targets["notes"],
        "tables": summary_["tables"] >= targets["tables"],
        "words": abs(summary_["words_error"]) <= targets["words"],
    }


def load_truth(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def score_xml(truth: dict, xml_path: str | Path) -> dict:
    return score_output(truth, Output(load_xml(xml_path)))


def score_epub(truth: dict, epub_path: str | Path, skip_generated: bool = True) -> dict:
    return score_output(truth, Output(load_epub(epub_path), skip_generated))


def score_tree(truth: dict, root) -> dict:
    return score_output(truth, Output([("book.xml", root)]))


def score_book(truth: dict, book) -> dict:
    """Score a `publish.model.Book` through the XML writer."""
    from publish.writers import xml as xml_writer  # noqa: PLC0415

    build = getattr(xml_writer, "book_to_xml", None) or getattr(xml_writer, "build_tree")
    return score_tree(truth, build(book))
