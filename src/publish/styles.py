"""Where the house styles live: `styles/` (CSS and fonts), which editors and
designers change without touching the code.

Looked for in order: $PUBLISH_STYLES; the source tree's `styles/` (an editable
install or a checkout); `share/publish/styles` under the installation prefix
(a wheel installs it there); `./styles`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import PublishError


def styles_dir(needs: str = "epub.css") -> Path:
    """The first styles folder that holds `needs`."""
    env = os.environ.get("PUBLISH_STYLES")
    if env:
        if not (Path(env) / needs).is_file():
            raise PublishError(f"the styles folder has no {needs}", env,
                               hint=f"set PUBLISH_STYLES to a folder that holds {needs}, "
                                    "or unset it to use the house styles")
        return Path(env)
    candidates = [Path(__file__).resolve().parents[2] / "styles",
                  Path(sys.prefix) / "share" / "publish" / "styles",
                  Path.cwd() / "styles"]
    for path in candidates:
        if (path / needs).is_file():
            return path
    raise PublishError(f"cannot find the styles folder (no {needs})", str(candidates[0]),
                       hint="reinstall publish, or set PUBLISH_STYLES to the folder that "
                            f"holds {needs}")
