"""Score an import's output (XML intermediate or EPUB) against a test book's truth.

    python bench/corpus/score.py TRUTH.json OUTPUT.xml|OUTPUT.epub [--details]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import _paths  # noqa: F401
import corpus_score


def score_path(truth: dict, output: Path) -> dict:
    if output.suffix == ".epub":
        return corpus_score.score_epub(truth, output)
    return corpus_score.score_xml(truth, output)


def format_summary(s: dict) -> str:
    return (f"headings {s['headings']:.3f}  paragraphs {s['paragraphs']:.3f} "
            f"(lenient {s['paragraphs_lenient']:.3f})  quotes {s['blockquotes']:.3f}  "
            f"notes {s['notes']:.3f}  tables {s['tables']:.3f} (cells {s['table_cells']:.3f})  "
            f"words {s['words_error']:+.2%}")


def details(res: dict, limit: int = 8) -> str:
    out = []
    for key in ("headings", "paragraphs", "blockquotes"):
        r = res[key]
        for kind in ("missed", "extra"):
            for item in r[kind][:limit]:
                out.append(f"{key} {kind}: {_show(item)}")
    for label, text in res["notes"]["missed"][:limit]:
        out.append(f"notes missed: [{label}] {text}")
    for t in res["tables"]["wrong"][:limit]:
        out.append(f"table wrong: {t['caption']}\n  truth:  {t['truth']}\n  output: {t['output']}")
    return "\n".join(out)


def _show(item) -> str:
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], tuple):
        return " ".join(item[0]) + " ... " + " ".join(item[1])
    return str(item)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("truth", type=Path)
    ap.add_argument("output", type=Path)
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = score_path(corpus_score.load_truth(args.truth), args.output)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1, default=list))
        return
    print(format_summary(res["summary"]))
    if args.details:
        print(details(res))


if __name__ == "__main__":
    main()
