"""EPUB validators behind `publish check --epub`: W3C EPUBCheck, and DAISY Ace
when it is installed. Their messages come out as findings like the lint's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import PublishError
from .findings import ERROR, INFO, WARNING, Finding

_EPUBCHECK_SEVERITY = {"FATAL": ERROR, "ERROR": ERROR, "WARNING": WARNING, "USAGE": INFO,
                       "INFO": INFO}
_ACE_SEVERITY = {"critical": ERROR, "serious": ERROR, "moderate": WARNING, "minor": WARNING}
ACE_TIMEOUT = 600


def check_epub(epub: Path) -> list[Finding]:
    if not epub.is_file():
        return [Finding(str(epub), None, None, ERROR, "epub-missing", "no such EPUB file", "",
                        "build it with `publish epub`, or give the right path")]
    out = run_epubcheck_findings(epub)
    if epub.suffix.lower() == ".epub":  # else EPUBCheck has said it is not an EPUB
        out += run_ace_findings(epub)
    return out


def _inner(epub: Path, path: str) -> str:
    """`book.epub!/EPUB/text/ch01.xhtml`: the file inside the EPUB."""
    # EPUBCheck names the package itself "./book.epub" when given "book.epub"
    if not path or Path(path) == epub or path == epub.name:
        return str(epub)
    return f"{epub}!/{path.lstrip('/')}"


def run_epubcheck_findings(epub: Path) -> list[Finding]:
    from ..epub.epubcheck import run_epubcheck

    try:
        messages = run_epubcheck(epub)
    except PublishError as exc:
        return [Finding(exc.file or str(epub), exc.line, None, ERROR, "epubcheck-unavailable",
                        exc.message, "", exc.hint or "")]
    out = []
    for msg in messages:
        path, line, col = (msg.locations[0] if msg.locations else (str(epub), None, None))
        out.append(Finding(_inner(epub, path), line if line and line > 0 else None,
                           col if col and col > 0 else None,
                           _EPUBCHECK_SEVERITY.get(msg.severity, WARNING),
                           f"epubcheck-{msg.id or 'message'}", msg.message, "",
                           msg.suggestion or ""))
    return out


def ace_command() -> list[str] | None:
    """DAISY Ace, if installed (`npm i -g @daisy/ace`); None otherwise. The
    puppeteer runner works with Debian's chromium; the default `ace` needs
    an Electron download, which a packaged install skips."""
    for name in ("ace-puppeteer", "ace"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def _ace_env() -> dict[str, str]:
    env = dict(os.environ)
    if "PUPPETEER_EXECUTABLE_PATH" not in env:
        for browser in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
            if os.path.exists(browser):
                env["PUPPETEER_EXECUTABLE_PATH"] = browser
                break
    return env


def run_ace_findings(epub: Path) -> list[Finding]:
    cmd = ace_command()
    if cmd is None:
        return []
    with tempfile.TemporaryDirectory(prefix="publish-ace-") as tmp:
        try:
            proc = subprocess.run(cmd + ["--silent", "--force", "--outdir", tmp, str(epub)],
                                  capture_output=True, timeout=ACE_TIMEOUT, env=_ace_env(),
                                  check=False)
        except subprocess.TimeoutExpired:
            return [Finding(str(epub), None, None, WARNING, "ace-failed",
                            f"DAISY Ace did not finish in {ACE_TIMEOUT} s")]
        report_path = Path(tmp) / "report.json"
        try:
            report = json.loads(report_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            said = (proc.stderr.strip() or proc.stdout.strip()).decode("utf-8", "replace")
            tail = said.splitlines()[-2:] or [f"exit status {proc.returncode}"]
            return [Finding(str(epub), None, None, WARNING, "ace-failed",
                            "DAISY Ace gave no report: " + " / ".join(tail), "",
                            "check that EPUBCheck can read the EPUB, and that chromium "
                            "is installed (PUPPETEER_EXECUTABLE_PATH)")]
    return ace_report_findings(epub, report)


def ace_report_findings(epub: Path, report: dict) -> list[Finding]:
    """Ace's EARL report -> findings: one per failed assertion."""
    out = []
    for subject in report.get("assertions", []):
        url = subject.get("earl:testSubject", {}).get("url", "")
        for a in subject.get("assertions", []):
            result = a.get("earl:result", {})
            if result.get("earl:outcome") != "fail":
                continue
            test = a.get("earl:test", {})
            impact = test.get("earl:impact", "moderate")
            rule = test.get("dct:title", "rule")
            desc = result.get("dct:description") or test.get("dct:description", "")
            html = (result.get("html") or "").strip()
            help_ = test.get("help") if isinstance(test.get("help"), dict) else {}
            advice = " ".join(x for x in (help_.get("dct:description", ""), help_.get("url", "")) if x)
            first_line = desc.strip().splitlines()[0] if desc.strip() else rule
            out.append(Finding(_inner(epub, url), None, None, _ACE_SEVERITY.get(impact, WARNING),
                               f"ace-{rule}", f"{first_line} ({impact})", html[:200], advice))
    return out
