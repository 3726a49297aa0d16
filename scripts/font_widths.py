#!/usr/bin/env python3
"""Write src/publish/data/font_widths.json: the advance widths (1/1000 em) of
the text faces installed here, for the importer's line-width model
(publish.importer.rules_block.measure).

Run once, by hand, when the set of faces changes:

    python3 scripts/font_widths.py            # write the data file
    python3 scripts/font_widths.py --check    # does the file match the fonts?

The importer never reads system fonts itself: a book may be imported on a
machine without them. A character a face lacks takes the width of the face
fontconfig would fall back to (as Pango does when it sets the text).
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/publish/data/font_widths.json"

#: the characters measured; the importer gives others a width by class
CHARS = (" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
         "abcdefghijklmnopqrstuvwxyz{|}~àáäçèéñöü–—‘’“”…")

#: (table name, fontconfig pattern of the regular face, file name).
#: The first three names are the importer's original tables; keep them.
FACES = [
    ("times", "Liberation Serif:style=Regular", "LiberationSerif-Regular.ttf"),
    ("dejavu", "DejaVu Serif:style=Book", "DejaVuSerif.ttf"),
    # fontconfig gives "EB Garamond" the 08 optical size; styles/fonts ships 12
    ("garamond", "EB Garamond:style=08 Regular", "EBGaramond08-Regular.otf"),
    ("garamond12", "EB Garamond:style=12 Regular", "EBGaramond12-Regular.otf"),
    ("dejavu-condensed", "DejaVu Serif Condensed:style=Condensed", "DejaVuSerifCondensed.ttf"),
    ("dejavu-sans", "DejaVu Sans:style=Book", "DejaVuSans.ttf"),
    ("dejavu-sans-condensed", "DejaVu Sans Condensed:style=Condensed", "DejaVuSansCondensed.ttf"),
    ("liberation-sans", "Liberation Sans:style=Regular", "LiberationSans-Regular.ttf"),
    ("liberation-sans-narrow", "Liberation Sans Narrow:style=Regular",
     "LiberationSansNarrow-Regular.ttf"),
    # TeX's Computer Modern as LyX installs it: ASCII only, the rest falls back
    ("computer-modern", "cmr10", "cmr10.ttf"),
]
#: monospace faces (Liberation Mono, DejaVu Sans Mono): every character one
#: width, so one table serves all of them
MONO = ("mono", ["LiberationMono-Regular.ttf", "DejaVuSansMono.ttf"])


def font_files() -> dict[str, Path]:
    """File name -> path of every font fontconfig knows."""
    out = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                         text=True, check=True).stdout
    files: dict[str, Path] = {}
    for line in sorted(out.splitlines()):  # liberation/ before liberation2/
        p = Path(line)
        files.setdefault(p.name, p)
    return files


def fallback_chain(pattern: str) -> list[Path]:
    """The faces fontconfig tries after `pattern`, in order."""
    out = subprocess.run(["fc-match", "-s", "--format", "%{file}\n", pattern],
                         capture_output=True, text=True, check=True).stdout
    return [Path(x) for x in out.splitlines() if x]


def advances(path: Path) -> dict[str, int]:
    """Character -> advance width in 1/1000 em."""
    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    upm = font["head"].unitsPerEm
    return {c: round(metrics[cmap[ord(c)]][0] * 1000 / upm) for c in CHARS if ord(c) in cmap}


def build() -> dict:
    files = font_files()
    fonts = {}
    for name, pattern, file in FACES:
        if file not in files:
            sys.exit(f"font_widths: {file} is not installed ({pattern})")
        own = advances(files[file])
        widths = []
        chain = None
        for c in CHARS:
            if c not in own:
                if chain is None:
                    chain = [advances(p) for p in fallback_chain(pattern) if p.name != file]
                own[c] = next(a[c] for a in chain if c in a)
            widths.append(own[c])
        fonts[name] = {"face": pattern.split(":")[0], "file": file, "widths": widths}
    name, mono_files = MONO
    present = [f for f in mono_files if f in files]
    if not present:
        sys.exit("font_widths: no monospace face installed")
    w = advances(files[present[0]])[" "]
    fonts[name] = {"face": ", ".join(f.split("-")[0].replace(".ttf", "") for f in present),
                   "file": present[0], "widths": [w] * len(CHARS), "other": w}
    return {"chars": CHARS, "fonts": fonts}


def dump(data: dict) -> str:
    # one face a line: the file diffs by face
    lines = ["{", f'  "chars": {json.dumps(data["chars"], ensure_ascii=False)},', '  "fonts": {']
    items = list(data["fonts"].items())
    for k, (name, f) in enumerate(items):
        comma = "," if k < len(items) - 1 else ""
        lines.append(f"    {json.dumps(name)}: {json.dumps(f, ensure_ascii=False)}{comma}")
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def main() -> int:
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # old fonts' timestamps
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the data file, write nothing")
    args = ap.parse_args()
    text = dump(build())
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.relative_to(ROOT)}: {'up to date' if same else 'differs from the installed fonts'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {', '.join(json.loads(text)['fonts'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
