"""Import generated books and grade them (issue 3, "Measure it on books you have not seen").

    python bench/corpus/run.py                      # 10 medium books, seeds 101-110
    python bench/corpus/run.py --seeds 201-205 --size large --epub   # epub-all: also title page, imprint
    python bench/corpus/run.py --books tests/corpus # the committed small books
    python bench/corpus/run.py --details 5          # show 5 misses of each kind per book

For each book: generate (unless its .txt and .json exist), then
`publish import RAW -o DIR --force` and `publish xml DIR -o BOOK.xml`
(and `publish epub` with --epub), then score. Prints a table per book and the
mean over books, and writes OUT/report.json with every miss.
"""

from __future__ import annotations

import argparse
import json
import re
import zlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

import _paths  # noqa: F401
import corpus_gen
import corpus_score
from generate import parse_seeds
from score import details

COLUMNS = [("headings", "head"), ("paragraphs", "para"), ("paragraphs_lenient", "para~"),
           ("blockquotes", "quote"), ("notes", "notes"), ("tables", "table"),
           ("table_cells", "cells")]


def publish(*args: str) -> tuple[int, str, float]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "publish.cli", *args], capture_output=True,
                          text=True)
    return proc.returncode, proc.stderr.strip(), time.perf_counter() - t


def _last_error(stderr: str) -> str:
    lines = [x for x in stderr.splitlines() if x.strip() and not x.strip().startswith("hint:")]
    return lines[-1] if lines else stderr.strip()


def run_book(txt: Path, js: Path, out: Path, epub: bool) -> dict:
    truth = corpus_score.load_truth(js)
    ms = out / f"{txt.stem}-manuscript"
    row: dict = {"book": txt.stem, "geometry": truth["geometry"], "raw": str(txt),
                 "truth": str(js)}
    rc, err, secs = publish("import", str(txt), "-o", str(ms), "--force")
    row["import_s"] = secs
    if rc:
        row["error"] = f"import: {_last_error(err) if err else rc}"
        return row
    xml = out / f"{txt.stem}.xml"
    rc, err, _ = publish("xml", str(ms), "-o", str(xml))
    if rc:
        row["error"] = f"xml: {_last_error(err) if err else rc}"
        return row
    row["xml"] = corpus_score.score_xml(truth, xml)
    if epub:
        ep = out / f"{txt.stem}.epub"
        rc, err, _ = publish("epub", str(ms), "-o", str(ep))
        if rc and "identifier" in err:
            # the import wrote no identifier: add one so the EPUB can be measured, and say so
            toml = ms / "book.toml"
            text = toml.read_text(encoding="utf-8")
            ident = f'identifier = "urn:uuid:00000000-0000-4000-8000-{zlib.crc32(txt.name.encode()):012d}"'
            if re.search(r'(?m)^identifier = ""$', text):
                text = re.sub(r'(?m)^identifier = ""$', ident, text, count=1)
            else:
                text = text.replace("[book]\n", f"[book]\n{ident}\n", 1)
            toml.write_text(text, encoding="utf-8")
            row["note"] = "bench added [book] identifier (import wrote none)"
            rc, err, _ = publish("epub", str(ms), "-o", str(ep))
        if rc:
            row["error"] = f"epub: {_last_error(err) if err else rc}"
        else:
            row["epub"] = corpus_score.score_epub(truth, ep)
            # as a grader that reads every spine document (title page, imprint) would
            row["epub-all"] = corpus_score.score_epub(truth, ep, skip_generated=False)
    return row


def _fmt_geom(g: dict) -> str:
    return f"{g['chars_per_line']}c{g['lines_per_page']}l{'J' if g['justified'] else 'R'}"


def print_table(rows: list[dict], source: str) -> None:
    head = f"{'book':<10} {'geom':<8}" + "".join(f"{h:>7}" for _, h in COLUMNS) + \
        f"{'words':>8}{'imp s':>7}"
    print(f"\n[{source}]\n{head}")
    means: dict[str, list[float]] = {k: [] for k, _ in COLUMNS + [("words_error", "")]}
    passed = {k: 0 for k in corpus_score.TARGETS}
    n = 0
    for row in rows:
        res = row.get(source)
        if res is None:
            print(f"{row['book']:<10} {_fmt_geom(row['geometry']):<8} {row.get('error', '-')}")
            continue
        s = res["summary"]
        n += 1
        for k in means:
            means[k].append(s[k])
        for k, ok in corpus_score.passes(s).items():
            passed[k] += ok
        print(f"{row['book']:<10} {_fmt_geom(row['geometry']):<8}"
              + "".join(f"{s[k]:>7.3f}" for k, _ in COLUMNS)
              + f"{s['words_error']:>+8.2%}{row['import_s']:>7.1f}")
    if n:
        print(f"{'mean':<19}" + "".join(f"{statistics.fmean(means[k]):>7.3f}" for k, _ in COLUMNS)
              + f"{statistics.fmean(means['words_error']):>+8.2%}")
        print("books meeting each target: " + ", ".join(f"{k} {v}/{n}" for k, v in passed.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", default="101-110")
    ap.add_argument("--size", choices=["small", "medium", "large"], default="medium")
    ap.add_argument("--books", type=Path, help="score the book-*.txt/json already in this folder")
    ap.add_argument("-o", "--out", type=Path, default=_paths.ROOT / "bench" / "out" / "corpus")
    ap.add_argument("--epub", action="store_true", help="also build and score the EPUB")
    ap.add_argument("--details", type=int, default=0, metavar="N")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.books:
        pairs = [(j.with_suffix(".txt"), j) for j in sorted(args.books.glob("book-*.json"))]
    else:
        pairs = []
        for seed in parse_seeds(args.seeds):
            txt, js = args.out / f"book-{seed}.txt", args.out / f"book-{seed}.json"
            if not (txt.exists() and js.exists()):
                txt, js = corpus_gen.generate(seed, args.size, args.out)
            pairs.append((txt, js))
    rows = []
    for txt, js in pairs:
        row = run_book(txt, js, args.out, args.epub)
        rows.append(row)
        if args.details and "xml" in row:
            print(f"--- {row['book']}\n{details(row['xml'], args.details)}")
    print_table(rows, "xml")
    if args.epub:
        print_table(rows, "epub")
        print_table(rows, "epub-all")
    (args.out / "report.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=1, default=list), encoding="utf-8")
    print(f"\nwrote {args.out / 'report.json'}")


if __name__ == "__main__":
    main()
