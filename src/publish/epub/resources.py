"""Where the EPUB writer finds its stylesheet, fonts and templates.

CSS and fonts live in the repository's `styles/` folder (shared with the PDF
writer); templates are package data under `publish/data/epub/`."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import PublishError
from ..styles import styles_dir

#: Debian's fonts-ebgaramond, used until styles/fonts/ ships EB Garamond.
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/opentype/ebgaramond"),
    Path("/usr/share/fonts/truetype/ebgaramond"),
)


def stylesheet() -> bytes:
    return (styles_dir() / "epub.css").read_bytes()


def template(name: str) -> bytes:
    return resources.files("publish").joinpath(f"data/epub/{name}").read_bytes()


def _font_dirs() -> list[Path]:
    dirs = []
    try:
        dirs.append(styles_dir() / "fonts")
    except PublishError:
        pass
    return dirs + list(SYSTEM_FONT_DIRS)


def _pick(files: list[Path], italic: bool) -> Path | None:
    def score(p: Path) -> tuple:
        name = p.name.lower()
        return ("12" not in name, "variable" in name, name)

    ok = []
    for p in files:
        name = p.name.lower()
        if "garamond" not in name or p.suffix.lower() not in (".otf", ".ttf"):
            continue
        if ("italic" in name) != italic:
            continue
        if any(w in name for w in ("bold", "semibold", "medium", "extrabold")):
            continue
        if not italic and "regular" not in name and "variable" not in name:
            continue
        ok.append(p)
    return min(ok, key=score) if ok else None


@lru_cache(maxsize=1)
def cover_fonts() -> tuple[Path, Path]:
    """(regular, italic) EB Garamond files for the cover image."""
    for folder in _font_dirs():
        if not folder.is_dir():
            continue
        files = sorted(folder.iterdir())
        regular = _pick(files, italic=False)
        if regular:
            return regular, _pick(files, italic=True) or regular
    raise PublishError("EB Garamond is not installed: the cover image needs it",
                       "styles/fonts/",
                       hint="put EBGaramond12-Regular.otf in styles/fonts/ or "
                            "install Debian's fonts-ebgaramond")
