"""How far line widths alone can take paragraph F1: the layout ceiling.

    python bench/corpus2/ceiling.py /tmp/c2 [/tmp/c2b ...]   # folders of book-N.txt/json

Imports each book twice, in this process. The first run is the import as it is.
In the second, every paragraph-break decision the widths can settle is set from
the truth. The model's own decision stays where both readings fit the widths:
the line ends a sentence, is full (the next word would not have fitted on it),
the next line opens a sentence, and that next line would also fit a
paragraph's indented first line. The ceiling is the second run's paragraph F1.
No reader of the text alone does better without cues from the words.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
import corpus_score  # noqa: E402
from diagnose import Raw  # noqa: E402

from publish.build import build_xml, write_xml  # noqa: E402
from publish.importer import run_import  # noqa: E402
from publish.importer.rules_block import paragraphs as P  # noqa: E402
from publish.importer.rules_block.measure import (  # noqa: E402
    SPACE, first_word, sentence_end, starts_sentence, width)

#: raw line number -> True if a body paragraph ends on it, False if it runs on
TRUTH: dict[int, bool] = {}
#: raw line number -> what the oracle saw there (the import labels a line more than once)
SEEN: dict[int, tuple[str, str]] = {}
STATS: Counter = Counter()


def truth_breaks(txt: Path, js: Path) -> dict[int, bool]:
    raw = Raw(txt)
    truth = corpus_score.load_truth(js)
    nonblank = [i for i, line in enumerate(raw.lines, 1) if line.strip()]
    after = {a: b for a, b in zip(nonblank, nonblank[1:])}
    spans, pos = [], 0
    for p in truth["paragraphs"]:
        hit = raw.find(p["first"], pos)
        if not hit:
            continue
        pos = hit[0] + 1
        end = raw.find_end(p["last"], hit[0])
        if end is not None and not p["in_quote"]:
            spans.append((hit[1], end))
    starts = {s for s, _ in spans}
    out: dict[int, bool] = {}
    for s, e in spans:
        k = s
        while k < e and k in after:
            out[k] = False
            k = after[k]
        if after.get(e) in starts:
            out[e] = True
    return out


_model_label = P._label


def _oracle_label(doc, lines, page_before=None):
    states, ends = _model_label(doc, lines, page_before)
    M = doc.measure
    ind = P.paragraph_indent(doc) * M
    tol = P._tol(doc)
    for i in range(len(lines) - 1):
        brk = TRUTH.get(lines[i].n)
        if brk is None or states[i] or states[i + 1]:
            continue
        a, b = lines[i].text.strip(), lines[i + 1].text.strip()
        full = width(a) + SPACE + width(first_word(b)) >= M * (1 - tol)
        both_fit = (full and sentence_end(a) and starts_sentence(b)
                    and (not ind or width(b) <= (M - ind) * (1 + tol)))
        if brk and both_fit:
            SEEN[lines[i].n] = ("breaks only the words show", "found" if ends[i] else "missed")
        elif ends[i] != brk:
            SEEN[lines[i].n] = ("set from the truth", "break" if brk else "run on")
            ends[i] = brk
        else:
            SEEN.pop(lines[i].n, None)
    return states, ends


def score(js: Path, txt: Path, tmp: Path) -> float:
    run_import(txt, tmp / "ms", force=True, progress=lambda *a, **k: None)
    write_xml(build_xml(tmp / "ms"), tmp / "b.xml")
    return corpus_score.score_xml(corpus_score.load_truth(js), tmp / "b.xml")["paragraphs"]["f1"]


def main() -> None:
    rows: dict[str, list[tuple[float, float]]] = {}
    for folder in map(Path, sys.argv[1:]):
        for js in sorted(folder.glob("book-*.json")):
            txt = js.with_suffix(".txt")
            indent = json.loads(js.read_text(encoding="utf-8")).get("geometry", {}).get("indent")
            with tempfile.TemporaryDirectory() as tmp:
                P._label = _model_label
                model = score(js, txt, Path(tmp))
                TRUTH.clear()
                TRUTH.update(truth_breaks(txt, js))
                SEEN.clear()
                P._label = _oracle_label
                ceiling = score(js, txt, Path(tmp))
                STATS.update(SEEN.values())
            print(f"{js.stem}  indent={indent}  model {model:.3f}  ceiling {ceiling:.3f}", flush=True)
            for key in ("all", f"indent={indent}"):
                rows.setdefault(key, []).append((model, ceiling))
    for key, v in rows.items():
        print(f"{key:14} {len(v):3} books  model {sum(m for m, _ in v) / len(v):.3f}"
              f"  ceiling {sum(c for _, c in v) / len(v):.3f}")
    for k, n in sorted(STATS.items()):
        print(f"{k[0]}: {k[1]} {n}")


if __name__ == "__main__":
    main()
