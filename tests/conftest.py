import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "sample"


@pytest.fixture
def sample_dir(tmp_path) -> Path:
    """A writable copy of the sample manuscript."""
    dest = tmp_path / "manuscript"
    shutil.copytree(SAMPLE, dest)
    return dest


def pytest_sessionfinish(session, exitstatus):
    # free WeasyPrint's font configurations while the interpreter is whole
    # (their __del__ otherwise prints a TypeError at shutdown)
    import gc
    import sys

    render = sys.modules.get("publish.pdf.render")
    if render is not None:
        render._CACHE.clear()
    gc.collect()
