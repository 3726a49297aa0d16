"""What the benchmark scripts share: how to call `publish`, and how to time a run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def publish_cmd() -> list[str]:
    # the console script beside this interpreter, not a version-manager shim
    # (a pyenv shim adds ~100 ms of bash to every run)
    local = Path(sys.executable).parent / "publish"
    if local.is_file():
        return [str(local)]
    exe = shutil.which("publish")
    return [exe] if exe else [sys.executable, "-m", "publish.cli"]


def timed(cmd: list[str], env: dict | None = None, check: bool = True) -> float:
    """Wall time of a subprocess; with `check`, a failed run stops the bench."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if check and proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')[-2000:]}")
    return elapsed
