#!/usr/bin/env python3
"""Time `publish import` against Calibre's `ebook-convert raw.txt out.epub` on the
same raw text, in the same run; check linear growth and peak memory.

    python bench/bench_import.py [RAW] [--runs 5] [--no-calibre]

RAW defaults to the first title (manuscript/source/cliff-trotsky-1927-1940.txt).
Both commands run as subprocesses, alternating, so both pay process start-up;
the medians and their ratio are printed (target: publish <= 0.3x Calibre).
Growth: the text repeated 4 times must take at most 4.4x as long (in-process
medians of the import itself, start-up excluded). Memory: the peak resident
size of the import subprocess (target < 300 MB)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import ROOT, publish_cmd, timed
FIRST_TITLE = ROOT / "manuscript" / "source" / "cliff-trotsky-1927-1940.txt"
sys.path.insert(0, str(ROOT / "src"))


def peak_rss(raw: Path, out: Path) -> float:
    """Peak RSS (MB) of one import, in a child process of its own."""
    code = (
        "import resource,sys;"
        "from publish.importer import run_import;"
        f"run_import({str(raw)!r}, {str(out)!r}, force=True);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return int(proc.stdout.strip().splitlines()[-1]) / 1024


def in_process(text: str, runs: int) -> float:
    from publish.importer import import_text

    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        import_text(text, "bench.txt")
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("raw", nargs="?", type=Path, default=FIRST_TITLE)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-calibre", action="store_true")
    args = ap.parse_args()
    raw = args.raw.resolve()
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        print(f"raw text: {raw} ({raw.stat().st_size:,} bytes)")
        calibre = None if args.no_calibre else shutil.which("ebook-convert")
        pub, cal = [], []
        for i in range(args.runs):
            pub.append(timed([*publish_cmd(), "import", str(raw), "-o", str(tmp / "ms"),
                              "--force"]))
            if calibre:
                cal.append(timed([calibre, str(raw), str(tmp / "calibre.epub")]))
        mp = statistics.median(pub)
        print(f"publish import   median {mp:6.2f} s  runs {', '.join(f'{t:.2f}' for t in pub)}")
        if calibre:
            mc = statistics.median(cal)
            print(f"ebook-convert    median {mc:6.2f} s  runs {', '.join(f'{t:.2f}' for t in cal)}")
            ratio = mp / mc
            print(f"ratio publish/calibre {ratio:.3f}x (target <= 0.30x): "
                  f"{'ok' if ratio <= 0.30 else 'MISSED'}")
        else:
            print("ebook-convert not found (apt-get install calibre): no reference run")

        text = raw.read_text(encoding="utf-8")
        # the body repeated 4 times: same traits, four times the length
        big = text + "\n\n" + "\n\n".join([text.split("\n", 1)[1]] * 3)
        t1 = in_process(text, args.runs)
        t4 = in_process(big, max(3, args.runs // 2))
        growth = t4 / t1
        print(f"in-process import: 1x {t1:.2f} s, 4x {t4:.2f} s, growth {growth:.2f}x "
              f"(target <= 4.4x): {'ok' if growth <= 4.4 else 'MISSED'}")

        big_raw = tmp / "big.txt"
        big_raw.write_text(big, encoding="utf-8")
        m1 = peak_rss(raw, tmp / "m1")
        m4 = peak_rss(big_raw, tmp / "m4")
        print(f"peak memory: 1x {m1:.0f} MB, 4x {m4:.0f} MB (target < 300 MB): "
              f"{'ok' if max(m1, m4) < 300 else 'MISSED'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
