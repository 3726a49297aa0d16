"""Never leave a half-written file: write beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import PublishError


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path next to `target`; rename it over `target` only if
    the block succeeds, otherwise delete it."""
    target = Path(target)
    if target.exists() and not target.is_file():
        # renaming over `-o /dev/null` would replace the device with a file
        raise PublishError("cannot write the file: it exists and is not a regular file",
                           str(target), hint="give the path of a file, e.g. -o book.xml")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _cannot_write(target, exc) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))


def _cannot_write(target: Path, exc: OSError) -> PublishError:
    # a bad -o path is the user's to fix, not a traceback
    return PublishError(f"cannot write the file: {exc.strerror}", str(target),
                        hint="choose an output path in a folder you can write to")
