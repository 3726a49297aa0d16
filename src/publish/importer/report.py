"""The HTML import report: every decision with its source lines, flagged items
first, each linked to the manuscript file and line it produced."""

from __future__ import annotations

import html
import os
from pathlib import Path

from publish.atomic import atomic_write_text
from publish.styles import styles_dir

from .document import Decision, Report


def _target(d: Decision, locations: dict) -> tuple[str, int] | None:
    if d.target:
        return d.target
    b = d.block
    if b is None:
        return None
    node = b.attrs.get("node") if hasattr(b, "attrs") else None
    if node is not None and id(node) in locations:
        return locations[id(node)]
    return None


def _source_excerpt(report: Report, d: Decision, limit: int = 3) -> str:
    doc = getattr(report, "document", None)
    if doc is None or not d.first_line:
        return ""
    lines = doc.lines
    a = max(1, d.first_line)
    b = min(d.last_line or a, a + limit - 1)
    out = []
    for n in range(a, b + 1):
        if 0 < n <= len(lines):
            out.append(lines[n - 1].text)
    if (d.last_line or a) > b:
        out.append("…")
    return "\n".join(out)


def render_report(report: Report, book, locations: dict, report_path: Path,
                  manuscript_dir: Path) -> str:
    e = html.escape
    rel_base = report_path.parent.resolve()
    decisions = sorted(report.decisions, key=lambda d: (not d.flagged, d.first_line))
    rows = []
    for d in decisions:
        tgt = _target(d, locations)
        if tgt:
            path = (manuscript_dir / tgt[0]).resolve()
            href = os.path.relpath(path, rel_base)
            link = f'<a href="{e(href)}">{e(tgt[0])}:{tgt[1]}</a>'
        else:
            link = "—"
        src = f"{d.first_line}" if d.first_line == d.last_line else f"{d.first_line}–{d.last_line}"
        excerpt = _source_excerpt(report, d)
        rows.append(
            f'<tr class="{"flag" if d.flagged else ""}"><td>{"⚑" if d.flagged else ""}</td>'
            f"<td>{e(d.pass_name)}</td><td class=n>{e(src)}</td>"
            f"<td>{e(d.what)}<pre>{e(excerpt)}</pre></td><td>{e(d.why)}</td>"
            f"<td class=n>{d.confidence:.2f}</td><td>{link}</td></tr>")
    counts = "".join(f"<li>{e(k)}: {v}</li>" for k, v in sorted(report.counts.items()))
    warnings = "".join(f"<li>{e(w)}</li>" for w in report.warnings) or "<li>none</li>"
    nflag = sum(1 for d in report.decisions if d.flagged)
    title = e(book.metadata.title or report.source_name)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Import report: {title}</title>
<link rel="stylesheet" href="import-report.css">
</head><body>
<h1>Import report: {title}</h1>
<p>Source: <code>{e(report.source_name)}</code>. {len(book.chapters)} parts,
{len(report.decisions)} decisions, <strong>{nflag} flagged for an editor</strong> (listed first).</p>
<h2>Counts</h2><ul>{counts}</ul>
<h2>Warnings</h2><ul>{warnings}</ul>
<h2>Decisions</h2>
<table><thead><tr><th></th><th>pass</th><th>source lines</th><th>what</th><th>why</th>
<th>confidence</th><th>manuscript</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</body></html>
"""


#: the report's stylesheet lives with the other CSS, in styles/
STYLESHEET = "import-report.css"


def write_report(report: Report, book, locations: dict, report_path, manuscript_dir) -> None:
    report_path = Path(report_path)
    text = render_report(report, book, locations, report_path, Path(manuscript_dir))
    atomic_write_text(report_path, text)
    css = styles_dir(STYLESHEET) / STYLESHEET
    atomic_write_text(report_path.parent / STYLESHEET, css.read_text(encoding="utf-8"))
