"""The editor's decisions: `check.toml` in the manuscript folder.

```toml
[style]
note_call = "after"            # house style: note call after punctuation ("it.[^3]");
                               # "before" puts it before ("it[^3].")

[[ignore]]
code = "misreading"            # required
file = "04-trotskyists.md"     # optional: only in this file
line = 112                     # optional: only on this line
text = "Sokolovskaia"          # optional: only this exact flagged span
reason = "Russian spelling kept, as in the original"   # required
```
A finding is silenced when every key given matches. Every entry needs a reason;
an entry that silences nothing is reported, so stale decisions don't pile up.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .findings import ERROR, WARNING, Finding

CONFIG_NAME = "check.toml"
_IGNORE_KEYS = {"code", "file", "line", "text", "reason"}


@dataclass
class Ignore:
    code: str
    reason: str
    file: str | None = None
    line: int | None = None
    text: str | None = None
    #: where the entry itself is, for "unused" reports
    index: int = 0
    used: int = 0

    def matches(self, f: Finding) -> bool:
        if self.code != f.code:
            return False
        if self.file is not None and self.file != f.file and not (f.file or "").endswith("/" + self.file):
            return False
        if self.line is not None and self.line != f.line:
            return False
        return self.text is None or self.text == f.text


@dataclass
class CheckConfig:
    note_call: str = "after"
    ignores: list[Ignore] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def load_config(manuscript: Path | None) -> CheckConfig:
    cfg = CheckConfig()
    if manuscript is None:
        return cfg
    path = manuscript / CONFIG_NAME
    if not path.is_file():
        return cfg
    fname = CONFIG_NAME

    def problem(msg, line=None, hint=""):
        cfg.problems.append(Finding(fname, line, None, ERROR, "check-config", msg, "", hint))

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problem(f"cannot read {CONFIG_NAME}: {exc}", None, "fix the TOML syntax")
        return cfg
    for key in data:
        if key not in ("style", "ignore"):
            problem(f"unknown table [{key}]", None, "use [style] and [[ignore]]")
    style = data.get("style", {})
    if isinstance(style, dict):
        note_call = style.get("note_call", "after")
        if note_call in ("after", "before"):
            cfg.note_call = note_call
        else:
            problem(f"style.note_call must be \"after\" or \"before\", not {note_call!r}")
    entries = data.get("ignore", [])
    if not isinstance(entries, list):
        problem("ignore must be an array of tables: [[ignore]]")
        entries = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            problem(f"ignore entry {i} is not a table")
            continue
        unknown = set(entry) - _IGNORE_KEYS
        if unknown:
            problem(f"ignore entry {i}: unknown key(s) {', '.join(sorted(unknown))}",
                    None, "keys: code, file, line, text, reason")
        code = entry.get("code")
        reason = str(entry.get("reason", "")).strip()
        if not isinstance(code, str) or not code:
            problem(f"ignore entry {i} has no code", None, "name the finding's code")
            continue
        if not reason:
            problem(f"ignore entry {i} ({code}) gives no reason",
                    None, "say why the finding is accepted: reason = \"...\"")
            continue
        line = entry.get("line")
        if line is not None and not isinstance(line, int):
            problem(f"ignore entry {i}: line must be a number")
            continue
        wrong = [k for k in ("file", "text") if not isinstance(entry.get(k, ""), str)]
        if wrong:
            problem(f"ignore entry {i}: {' and '.join(wrong)} must be a string",
                    None, 'put it in quotes: file = "01-intro.md", text = "1927"')
            continue
        cfg.ignores.append(Ignore(code=code, reason=reason, file=entry.get("file"), line=line,
                                  text=entry.get("text"), index=i))
    return cfg


def apply_ignores(findings: list[Finding], cfg: CheckConfig) -> list[Finding]:
    kept = []
    for f in findings:
        hit = next((ig for ig in cfg.ignores if ig.matches(f)), None)
        if hit is None:
            kept.append(f)
        else:
            hit.used += 1
    for ig in cfg.ignores:
        if not ig.used:
            what = ", ".join(f"{k}={v!r}" for k, v in
                             (("code", ig.code), ("file", ig.file), ("line", ig.line),
                              ("text", ig.text)) if v is not None)
            kept.append(Finding(CONFIG_NAME, None, None, WARNING, "check-ignore-unused",
                                f"ignore entry {ig.index} ({what}) silences nothing",
                                "", "remove it, or fix its file/line/text"))
    return kept
