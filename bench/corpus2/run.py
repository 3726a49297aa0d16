"""Generate corpus2 books, import them with our importer and score them.

    python bench/corpus2/run.py --seeds 1-8 -o /tmp/c2 [--details 5] [--regen]
    python bench/corpus2/run.py --seeds 1-12 -o /tmp/c2-serif --set font="DejaVu Serif"   # ablation

Reuses bench/corpus/run.py (publish calls, table printing) and tests/corpus_score.py.
Books already in OUT (book-N.txt and .json) are reused unless --regen.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# bench/corpus/run.py imports its siblings (generate, score) by plain name: put its
# folder first while loading it, so our own generate.py does not shadow theirs
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT / "bench" / "corpus"))
corpus_run = _load("corpus_run", ROOT / "bench" / "corpus" / "run.py")
gen2 = _load("corpus2_generate", HERE / "generate.py")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", default="1-8")
    ap.add_argument("-o", "--out", type=Path, default=Path("/tmp/c2"))
    ap.add_argument("--details", type=int, default=0, metavar="N")
    ap.add_argument("--regen", action="store_true", help="generate even if the book exists")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="pin a style choice (see generate.py --help); implies --regen")
    ap.add_argument("--hyphenate", action="store_true", help="let some books hyphenate; implies --regen")
    args = ap.parse_args()
    gen2.OVERRIDES.update(kv.split("=", 1) for kv in args.set)
    gen2.HYPHENATE = args.hyphenate
    args.regen = args.regen or bool(args.set) or args.hyphenate
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for seed in gen2.parse_seeds(args.seeds):
        txt, js = args.out / f"book-{seed}.txt", args.out / f"book-{seed}.json"
        if args.regen or not (txt.exists() and js.exists()):
            txt, js = gen2.generate(seed, args.out)
        row = corpus_run.run_book(txt, js, args.out, epub=False)
        rows.append(row)
        if args.details and "xml" in row:
            print(f"--- {row['book']}\n{corpus_run.details(row['xml'], args.details)}")
    corpus_run.print_table(rows, "xml")
    (args.out / "report.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=1, default=list), encoding="utf-8")
    print(f"\nwrote {args.out / 'report.json'}")


if __name__ == "__main__":
    main()
