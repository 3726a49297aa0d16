"""Benchmark: the print PDF of a book the size of the first title, against
WeasyPrint rendering the same text as bare paragraphs with a minimal
stylesheet, in the same run. Medians of --runs runs each, interleaved.

    python bench/bench_pdf.py [--runs 3] [--jobs 2] [--xml book.xml]

Without --xml a synthetic book is generated with the first title's shape:
~430 demy pages, 15 chapters with sections, ~950 unresolved endnote calls,
20 author's footnotes, 13 tables. The target is a wall-clock ratio <= 1.3.
Each run is a fresh process. CPU seconds (process and its pool workers) are
reported too: the machine is shared, and the wall ratio of a two-process
build against a one-process reference depends on how busy the other core is.
For the first title: `publish xml manuscript -o t.xml` then `--xml t.xml`.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

XHTML = "http://www.w3.org/1999/xhtml"


def synthetic_book(chapters=15, paragraphs=72, unresolved=950, footnotes=20, tables=13,
                   seed=1927) -> bytes:
    """A book-sized XML intermediate with deterministic pseudo-English text."""
    from lxml import etree
    from lxml.builder import ElementMaker
    from wordfreq import top_n_list

    E = ElementMaker(namespace=XHTML, nsmap={None: XHTML})
    rnd = random.Random(seed)
    words = top_n_list("en", 6000)[100:]
    words = [w for w in words if w.isalpha()]

    def sentence():
        n = rnd.randint(8, 28)
        text = " ".join(rnd.choice(words) for _ in range(n))
        if rnd.random() < 0.15:
            text += f" in {rnd.randint(1900, 1940)}"
        return text[0].upper() + text[1:] + "."

    def para_text():
        return " ".join(sentence() for _ in range(rnd.randint(3, 7)))

    meta = {"title": "Trotsky", "subtitle": "The Darker the Night the Brighter the Star, 1927-1940",
            "author": "Tony Cliff", "language": "en", "publisher": "Phoenix Reprints",
            "identifier": "urn:uuid:5f0c0000-0000-4000-8000-000000000000", "isbn": "",
            "date": "2026-11-25", "modified": "2026-11-25T00:00:00Z", "rights": "",
            "description": "Synthetic benchmark book", "original-publisher": "Bookmarks",
            "original-place": "London", "original-year": "1993", "trim-size": "demy",
            "endnotes": "chapter"}
    head = E.head(E.title(meta["title"]), *[E.meta(name=k, content=v) for k, v in meta.items()])
    body = E.body({"data-type": "book"})
    per_chapter_calls = unresolved // chapters
    fn_chapters = set(rnd.sample(range(chapters), min(chapters, footnotes)))
    table_chapters = rnd.sample(range(chapters), min(chapters, tables))
    fn_left = footnotes
    for c in range(chapters):
        cid = f"ch-{c + 1:02d}"
        sec = E.section({"data-type": "chapter", "id": cid, "data-matter": "bodymatter",
                         "data-number": str(c + 1), "data-source": f"{c + 1:02d}.md"},
                        E.h1(" ".join(w.capitalize() for w in rnd.sample(words, 5))))
        call_at = sorted(rnd.sample(range(paragraphs), min(paragraphs, per_chapter_calls)))
        calls = {}
        for i, p in enumerate(call_at):
            calls.setdefault(p, []).append(i + 1)
        n_fn = 0
        fn_asides = []
        for p in range(paragraphs):
            if p % 20 == 0:
                sec.append(E.h2(" ".join(w.capitalize() for w in rnd.sample(words, 4)),
                                id=f"{cid}-s{p // 20 + 1}"))
            para = E.p(para_text())
            if p % 20 == 0:
                para.insert(0, E.span(" ".join(rnd.sample(words, 3)), {"class": "lead-in"}))
                para[0].tail = " " + para.text
                para.text = None
            for label in calls.get(p, []):
                ref = E.span(str(label), {"data-type": "noteref", "class": "endnote unresolved"})
                ref.tail = " " + sentence()
                para.append(ref)
            if c in fn_chapters and fn_left and p in (10, 55) and n_fn < 2:
                n_fn += 1
                fn_left -= 1
                ref = E.a(f"{n_fn}*", {"data-type": "noteref", "class": "footnote",
                                       "id": f"{cid}-fnref-{n_fn}", "href": f"#{cid}-fn-{n_fn}"})
                ref.tail = " " + sentence()
                para.append(ref)
                fn_asides.append(E.aside({"data-type": "footnote", "id": f"{cid}-fn-{n_fn}",
                                          "data-label": f"{n_fn}*",
                                          "data-ref": f"{cid}-fnref-{n_fn}"},
                                         E.p(sentence() + " " + sentence())))
            sec.append(para)
            if p == 40 and c in table_chapters:
                rows = [E.tr(E.th(str(1920 + r), scope="row"),
                             *[E.td(f"{rnd.uniform(1, 900):.1f}", {"class": "num"})
                               for _ in range(4)]) for r in range(8)]
                sec.append(E.table(
                    E.caption(sentence()),
                    E.thead(E.tr(E.th("Year", scope="col"),
                                 *[E.th(w.capitalize(), {"scope": "col", "class": "num"})
                                   for w in rnd.sample(words, 4)])),
                    E.tbody(*rows), id=f"{cid}-t1"))
            if p % 33 == 32:
                sec.append(E.blockquote(E.p(para_text())))
        if fn_asides:
            sec.append(E.section({"data-type": "footnotes"}, *fn_asides))
        body.append(sec)
    root = E.html(head, body, lang="en")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def bare_html(root) -> str:
    """The same text as bare paragraphs: headings and notes flattened to <p>."""
    from lxml import etree

    out = [('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
            '</head><body>')]
    for el in root.iter(f"{{{XHTML}}}p", f"{{{XHTML}}}h1", f"{{{XHTML}}}h2",
                        f"{{{XHTML}}}caption", f"{{{XHTML}}}tr"):
        text = " ".join("".join(el.itertext()).split())
        out.append("<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>")
    out.append("</body></html>")
    del etree
    return "".join(out)


MINIMAL_CSS = """
@font-face { font-family: B; src: url(fonts/EBGaramond12-Regular.otf); }
@page { size: 138mm 216mm; margin: 20mm 19mm 24mm 19mm; }
html { font-family: B; font-size: 11pt; line-height: 14pt; }
p { margin: 0; }
"""


def run_bare(html: str, out: Path) -> float:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    start = time.perf_counter()
    fonts = FontConfiguration()
    base = str(ROOT / "styles") + "/"
    css = weasyprint.CSS(string=MINIMAL_CSS, base_url=base, font_config=fonts)
    weasyprint.HTML(string=html, base_url=base).write_pdf(
        out, stylesheets=[css], font_config=fonts)
    return time.perf_counter() - start


def child(mode: str, xml_path: str, out: str, jobs: int) -> None:
    """One measured run in a fresh process, so runs do not share caches."""
    from publish.safexml import parse_xml_file

    root = parse_xml_file(xml_path)
    if mode == "bare":
        seconds = run_bare(bare_html(root), Path(out))
        pages = None
        worker_rss = 0.0
    else:
        from publish.pdf import write_pdf

        start = time.perf_counter()
        report = write_pdf(root, out, jobs=jobs,
                           progress=lambda m: print(m, file=sys.stderr))
        seconds = time.perf_counter() - start
        pages = report.pages
        worker_rss = report.max_rss_mb
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # pool workers, once joined
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    print(f"RESULT {mode} {seconds:.3f} {pages} {me.ru_maxrss / 1024:.1f} {worker_rss:.1f} "
          f"{cpu:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--xml", help="an XML intermediate (default: synthetic first title)")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "XML", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child, jobs=args.jobs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        xml = args.xml
        if not xml:
            xml = os.path.join(tmp, "book.xml")
            Path(xml).write_bytes(synthetic_book())
        times = {"bare": [], "full": []}
        cpu = {"bare": [], "full": []}
        rss = {"bare": [], "full": [], "worker": []}
        pages = None
        env = dict(os.environ, SOURCE_DATE_EPOCH="1764028800")
        for run in range(args.runs):
            for mode in ("bare", "full"):
                cmd = [sys.executable, __file__, "--jobs", str(args.jobs), "--child", mode, xml,
                       os.path.join(tmp, f"{mode}.pdf")]
                proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
                line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT")]
                if proc.returncode or not line:
                    sys.exit(f"{mode} run failed:\n{proc.stderr[-3000:]}")
                _, _, seconds, npages, main_rss, worker_rss, cpu_s = line[0].split()
                times[mode].append(float(seconds))
                cpu[mode].append(float(cpu_s))
                rss[mode].append(float(main_rss))
                if mode == "full":
                    rss["worker"].append(float(worker_rss))
                    pages = npages
                print(f"run {run + 1} {mode}: {float(seconds):.2f} s wall, {float(cpu_s):.2f} s cpu, "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
        bare = statistics.median(times["bare"])
        full = statistics.median(times["full"])
        print(f"book: {pages} pages; jobs={args.jobs}; runs={args.runs}")
        print(f"bare paragraphs, minimal CSS, one process: median {bare:.2f} s "
              f"(peak RSS {max(rss['bare']):.0f} MB)")
        print(f"publish pdf, every feature:               median {full:.2f} s "
              f"(peak RSS main {max(rss['full']):.0f} MB, worker {max(rss['worker']):.0f} MB)")
        print(f"ratio full/bare: {full / bare:.2f} wall (target <= 1.30); cpu "
              f"{statistics.median(cpu['full']):.2f} s / {statistics.median(cpu['bare']):.2f} s "
              f"= {statistics.median(cpu['full']) / statistics.median(cpu['bare']):.2f}")
        print("machine load during the runs (1-min average): "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
