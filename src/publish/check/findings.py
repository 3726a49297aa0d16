"""A finding: one problem at one place, printed as `file:line:col: severity code: message`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"

_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass
class Finding:
    file: str
    line: int | None
    col: int | None
    severity: str
    code: str
    message: str
    #: the exact flagged span as it stands in the file ("" when there is none)
    text: str = ""
    suggestion: str = ""

    def sort_key(self):
        return (self.file or "", self.line or 0, self.col or 0, self.code)

    def location(self) -> str:
        loc = self.file or "<book>"
        if self.line:
            loc += f":{self.line}"
            if self.col:
                loc += f":{self.col}"
        return loc

    def format_text(self) -> str:
        out = f"{self.location()}: {self.severity} {self.code}: {self.message}"
        if self.suggestion:
            out += f"\n  suggestion: {self.suggestion}"
        return out


def format_findings(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=1)
    return "\n".join(f.format_text() for f in findings)


def summary(findings: list[Finding]) -> str:
    counts = {s: 0 for s in _SEVERITY_ORDER}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return f"{counts[ERROR]} errors, {counts[WARNING]} warnings, {counts[INFO]} notes"
