#!/usr/bin/env python3
"""Time `publish epub` against pandoc on the same book, in the same run.

    python bench/bench_epub.py [MANUSCRIPT] [--runs 5]

MANUSCRIPT defaults to manuscript/ (the default book), or the sample
manuscript if there is no default book yet. pandoc converts the manuscript's
Markdown files, concatenated in book order, to EPUB 3. Both commands run as
subprocesses, alternating, so both pay process start-up; the medians and
their ratio are printed (target: publish <= 0.5x pandoc)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tomllib
from pathlib import Path

from _timing import ROOT, publish_cmd, timed
OUT = ROOT / "bench" / "out"


def default_manuscript() -> Path:
    for candidate in (ROOT / "manuscript", ROOT / "tests" / "fixtures" / "sample"):
        if (candidate / "book.toml").is_file():
            return candidate
    sys.exit("no manuscript: pass one, or run `publish import` first")


def concatenated_markdown(manuscript: Path, dest: Path) -> tuple[Path, dict]:
    toml = tomllib.loads((manuscript / "book.toml").read_text(encoding="utf-8"))
    contents = toml.get("contents", {})
    files = [*contents.get("front", []), *contents.get("chapters", []), *contents.get("back", [])]
    text = "\n\n".join((manuscript / f).read_text(encoding="utf-8") for f in files)
    dest.write_text(text, encoding="utf-8")
    return dest, toml.get("book", {})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("manuscript", nargs="?", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    manuscript = (args.manuscript or default_manuscript()).resolve()
    if shutil.which("pandoc") is None:
        sys.exit("pandoc is not installed (apt-get install pandoc)")
    OUT.mkdir(parents=True, exist_ok=True)
    md, book = concatenated_markdown(manuscript, OUT / "book.md")
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1764028800")

    ours = publish_cmd() + ["epub", str(manuscript), "-o", str(OUT / "publish.epub")]
    theirs = ["pandoc", "-f", "markdown", "-t", "epub3", "-o", str(OUT / "pandoc.epub"),
              "--metadata", f"title={book.get('title', 'Book')}",
              "--metadata", f"lang={book.get('language', 'en')}", str(md)]
    for author in book.get("authors", []):
        theirs[-1:-1] = ["--metadata", f"author={author}"]

    # one warm-up each (file cache, .pyc), then alternate so both see the same machine load
    timed(ours, env)
    timed(theirs, env)
    t_ours, t_theirs = [], []
    for _ in range(args.runs):
        t_ours.append(timed(ours, env))
        t_theirs.append(timed(theirs, env))
    m_ours, m_theirs = statistics.median(t_ours), statistics.median(t_theirs)
    words = len(md.read_text(encoding="utf-8").split())
    print(f"book: {manuscript} ({words} words of Markdown)")
    print(f"publish epub : median {m_ours:.3f} s  runs {', '.join(f'{t:.3f}' for t in t_ours)}")
    print(f"pandoc epub3 : median {m_theirs:.3f} s  runs {', '.join(f'{t:.3f}' for t in t_theirs)}")
    print(f"ratio publish/pandoc: {m_ours / m_theirs:.2f}x (target <= 0.50x)")


if __name__ == "__main__":
    main()
