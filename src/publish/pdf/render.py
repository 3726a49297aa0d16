"""Render HTML documents to PDF with WeasyPrint, in a pool of processes.

Each worker keeps its FontConfiguration and parsed stylesheets between jobs:
parsing print.css and loading the fonts is paid once per process.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from ..errors import PublishError
from .geometry import PageGeometry, trim_size
from .styles import STYLESHEET, page_css, weasyprint_log


@dataclass(frozen=True)
class RenderJob:
    key: str
    label: str
    html: str
    styles_dir: str
    trim: str
    profile: str
    proof: bool = False
    #: the book's page count, for the mirrored margins of running heads;
    #: None for text pages (set with the text block centred)
    book_pages: int | None = None
    cost: int = 0
    #: report where each element with an id landed (page, x1, y1, x2, y2 in CSS px)
    anchors: bool = False
    #: the manuscript file of the part, for error messages
    source: str | None = None
    #: tag the PDF (PDF/UA-1) in the screen profile; stamps are never tagged
    #: (the merge marks them as artifacts)
    tagged: bool = True


@dataclass
class RenderResult:
    key: str
    label: str
    pdf: bytes
    pages: int
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    warnings: list[str] = field(default_factory=list)
    anchors: dict[str, tuple[int, float, float, float, float]] = field(default_factory=dict)


_CACHE: dict = {}
#: fork saves each worker importing WeasyPrint (~1 s); PUBLISH_PDF_START=spawn
#: is the fallback should a platform's Pango not survive fork
START_METHOD = os.environ.get("PUBLISH_PDF_START", "fork")


def _stylesheets(job: RenderJob):
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    key = (job.styles_dir, job.trim, job.proof, job.book_pages)
    if key not in _CACHE:
        if len(_CACHE) > 4:
            _CACHE.clear()
        font_config = _CACHE.get("fonts") or FontConfiguration()
        trim = trim_size(job.trim)
        geometry = PageGeometry(trim, job.book_pages, job.proof) if job.book_pages else None
        css_path = Path(job.styles_dir) / STYLESHEET
        sheets = [
            weasyprint.CSS(filename=str(css_path), font_config=font_config),
            weasyprint.CSS(string=page_css(trim, geometry, job.proof), font_config=font_config),
        ]
        _CACHE["fonts"] = font_config
        _CACHE[key] = sheets
    return _CACHE["fonts"], _CACHE[key]


def render(job: RenderJob) -> RenderResult:
    """Render one document; runs in a worker process (or in-process). A
    WeasyPrint failure becomes a PublishError naming the part's file."""
    try:
        return _render(job)
    except PublishError:
        raise
    except Exception as exc:  # noqa: BLE001 - any WeasyPrint failure, reported per part
        raise PublishError(f"WeasyPrint could not render {job.label}: "
                           f"{type(exc).__name__}: {exc}", job.source,
                           hint="simplify the part's markup, or report a bug") from None


def _render(job: RenderJob) -> RenderResult:
    import weasyprint

    start, cpu_start = time.perf_counter(), time.process_time()
    with weasyprint_log() as records:
        font_config, sheets = _stylesheets(job)
        html = weasyprint.HTML(string=job.html, base_url=job.styles_dir + os.sep)
        options = _options(job.profile) if job.tagged else {}
        document = html.render(font_config=font_config, stylesheets=sheets, **options)
        pdf = document.write_pdf(**options)
    pages = len(document.pages)
    warnings = [r.getMessage() for r in records]
    if job.book_pages is None:
        warnings += _overflows(document)
    anchors = {}
    if job.anchors:
        for index, page in enumerate(document.pages):
            for name, box in page.anchors.items():
                anchors.setdefault(name, (index, *box))
    del document, html
    return RenderResult(
        key=job.key, label=job.label, pdf=pdf, pages=pages, anchors=anchors,
        seconds=time.perf_counter() - start, cpu_seconds=time.process_time() - cpu_start,
        max_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        warnings=warnings)


#: CSS px a line may stand out of the text block (hanging punctuation, rounding)
OVERFLOW_PX = 1.0


def _overflows(document) -> list[str]:
    """Pages whose text runs out of the text block: WeasyPrint never shrinks a
    table too wide for the measure, it lets the last columns fall off the page."""
    from weasyprint.formatting_structure.boxes import TextBox

    found = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box  # WeasyPrint has no public layout API
        left, right = box.content_box_x(), box.content_box_x() + box.width
        worst = max((max(b.position_x + b.width - right, left - b.position_x)
                     for b in box.descendants() if isinstance(b, TextBox)), default=0)
        if worst > OVERFLOW_PX:
            found.append(f"its page {number}: text runs {worst * 25.4 / 96:.0f} mm out of the "
                         "text block, off the page (a table too wide?); split the table, "
                         "shorten its cells or drop a column")
    return found


def _options(profile: str) -> dict:
    if profile == "screen":
        return {"pdf_variant": "pdf/ua-1"}
    return {}


def _warm(job: RenderJob | None) -> None:
    """Worker start: load WeasyPrint, the stylesheets and the fonts before the
    first job arrives, while the main process is still writing the HTML."""
    if job is not None:
        _stylesheets(job)


class RenderPool:
    """A pool of rendering processes kept for the whole build (parts first,
    then the contents and the stamps). workers <= 1 renders in-process."""

    def __init__(self, workers: int, warm: RenderJob | None = None):
        self.workers = workers
        self.pool = None
        if workers > 1:
            self.pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=get_context(START_METHOD),
                initializer=_warm, initargs=(warm,))
            # start the workers now: they warm up while the caller works
            for _ in range(workers):
                self.pool.submit(time.sleep, 0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def run(self, jobs: Iterable[RenderJob], done: Callable[[RenderResult], None] | None = None,
            presorted: bool = False) -> dict[str, RenderResult]:
        """Render every job, the costliest first so the pool ends evenly.
        With presorted, jobs (possibly a generator) are submitted as they come."""
        ordered = jobs if presorted else sorted(jobs, key=lambda j: -j.cost)
        results: dict[str, RenderResult] = {}
        if self.pool is None:
            for job in ordered:
                results[job.key] = result = render(job)
                if done:
                    done(result)
            return results
        futures = [self.pool.submit(render, job) for job in ordered]
        for future in as_completed(futures):
            result = future.result()
            results[result.key] = result
            if done:
                done(result)
        return results
