"""Notes: calls without text, texts without calls, duplicate labels, and the
position of the call against punctuation (house style)."""

from __future__ import annotations

from collections import Counter

from .book import CheckedBook
from .findings import ERROR, WARNING, Finding

_PUNCT = ".,;:!?"


def _labels(labels: list[str]) -> str:
    shown = ", ".join(labels[:8])
    return shown + (", ..." if len(labels) > 8 else "")


def check_notes(cb: CheckedBook, note_call: str = "after") -> list[Finding]:
    out: list[Finding] = []
    for part in cb.parts:
        defined = Counter(n.label for n in part.notes)
        called = {r.label for r in part.refs}
        unresolved = [r for r in part.refs if r.label not in defined]
        if unresolved:
            first = unresolved[0]
            labels = list(dict.fromkeys(r.label for r in unresolved))
            out.append(Finding(part.name, first.line, first.col, WARNING, "note-unresolved",
                               f"{len(unresolved)} note call(s) in this part have no note text "
                               f"({_labels(labels)}); they print as plain numbers",
                               f"[^{first.label}]",
                               "add the definitions `[^N]: text` when the note texts are found"))
        seen = set()
        for n in part.notes:
            if defined[n.label] > 1 and n.label in seen:
                out.append(Finding(part.name, n.line, n.col, ERROR, "note-duplicate",
                                   f"note [^{n.label}] is defined more than once", f"[^{n.label}]",
                                   "renumber the note, or merge the two texts"))
            seen.add(n.label)
            if n.label not in called:
                out.append(Finding(part.name, n.line, n.col, WARNING, "note-unreferenced",
                                   f"note [^{n.label}] is never called in the text",
                                   f"[^{n.label}]", f"put [^{n.label}] where the note belongs, "
                                   "or delete the note"))
        for r in part.refs:
            raw = part.lines[r.line - 1]
            start = r.col - 1
            end = start + len(r.label) + 3
            if note_call == "after" and r.after and r.after in _PUNCT:
                out.append(Finding(part.name, r.line, r.col, WARNING, "note-before-punctuation",
                                   "note call before punctuation; house style puts it after",
                                   raw[start:end + 1], raw[end] + raw[start:end]))
            elif note_call == "before" and start > 0 and raw[start - 1] in _PUNCT:
                out.append(Finding(part.name, r.line, r.col - 1, WARNING, "note-after-punctuation",
                                   "note call after punctuation; house style puts it before",
                                   raw[start - 1:end], raw[start:end] + raw[start - 1]))
    return out
