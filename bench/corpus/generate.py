"""Generate test books: raw text (as `publish import` reads it) and truth JSON.

    python bench/corpus/generate.py --seeds 101-110 --size medium -o bench/out/corpus
    python bench/corpus/generate.py --seeds 7 --keep-pdf   # keep HTML and PDF in OUT/work
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import _paths  # noqa: F401
import corpus_gen


def parse_seeds(spec: str) -> list[int]:
    seeds: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds.extend(range(int(a), int(b) + 1))
        else:
            seeds.append(int(part))
    return seeds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", default="101-110")
    ap.add_argument("--size", choices=["small", "medium", "large"], default="medium")
    ap.add_argument("-o", "--out", type=Path, default=_paths.ROOT / "bench" / "out" / "corpus")
    ap.add_argument("--keep-pdf", action="store_true")
    args = ap.parse_args()
    for seed in parse_seeds(args.seeds):
        t = time.perf_counter()
        txt, js = corpus_gen.generate(seed, args.size, args.out, keep_pdf=args.keep_pdf)
        print(f"{txt}  {js.name}  {time.perf_counter() - t:.1f}s")


if __name__ == "__main__":
    main()
