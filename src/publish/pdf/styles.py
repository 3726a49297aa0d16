"""The print stylesheet, its fonts and the page geometry stylesheet.

WeasyPrint only logs CSS problems and silently falls back to system fonts, so
the stylesheet is checked first: tinycss2 parse errors, missing font files and
every WeasyPrint warning while loading it become a PublishError.
"""

from __future__ import annotations

import contextlib
import logging
import re
from importlib.resources import files
from pathlib import Path
from string import Template

import cssselect2
import tinycss2

from ..errors import PublishError
from ..styles import styles_dir
from .geometry import PROOF_BLEED_MM, PageGeometry, TrimSize

STYLESHEET = "print.css"


def default_styles_dir() -> Path:
    return styles_dir(STYLESHEET)


def _mm(value: float) -> str:
    return f"{value:.3f}mm"


def page_css(trim: TrimSize, geometry: PageGeometry | None, proof: bool) -> str:
    """The page geometry stylesheet for one rendering (data/pdf/page.css)."""
    template = Template(files("publish").joinpath("data", "pdf", "page.css").read_text("utf-8"))
    inner = geometry.inner_mm if geometry else trim.side_mm
    outer = geometry.outer_mm if geometry else trim.side_mm
    return template.substitute(
        width=_mm(trim.width_mm), height=_mm(trim.height_mm), top=_mm(trim.top_mm),
        bottom=_mm(trim.bottom_mm), side=_mm(trim.side_mm), inner=_mm(inner),
        outer=_mm(outer), bleed=_mm(PROOF_BLEED_MM if proof else 0),
        marks="crop" if proof else "none")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@contextlib.contextmanager
def weasyprint_log():
    """Collect WeasyPrint's warnings and errors instead of printing them."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


_AT = re.compile(r"\bat (\d+):(\d+)")


def check_stylesheet(styles_dir: Path) -> Path:
    """Raise PublishError unless styles_dir/print.css parses cleanly and every
    font it names exists. Returns the stylesheet's path."""
    css_path = Path(styles_dir) / STYLESHEET
    shown = str(css_path)
    if not css_path.is_file():
        raise PublishError("print stylesheet not found", shown,
                           hint="restore styles/print.css or set PUBLISH_STYLES")
    text = css_path.read_text("utf-8")
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if rule.type == "error":
            raise PublishError(f"CSS does not parse: {rule.message}", shown, rule.source_line)
        if rule.type == "qualified-rule":
            try:
                cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.SelectorError as exc:
                raise PublishError(
                    f"CSS does not parse: bad selector {tinycss2.serialize(rule.prelude).strip()!r}"
                    f" ({exc})", shown, rule.source_line) from None
        if rule.content is None:
            continue
        for node in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True,
                                                   skip_comments=True):
            if node.type == "error":
                raise PublishError(f"CSS does not parse: {node.message}", shown,
                                   node.source_line)
        if rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
            _check_font_face(rule, css_path)
    # WeasyPrint's own reading: unknown properties, bad values, bad @font-face
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    with weasyprint_log() as records:
        weasyprint.CSS(string=text, base_url=str(css_path), font_config=FontConfiguration())
    for record in records:
        message = record.getMessage()
        at = _AT.search(message)
        line = int(at.group(1)) if at else _find_line(text, message)
        raise PublishError(f"CSS problem: {message}", shown, line,
                           hint="fix the rule; WeasyPrint would ignore it")
    return css_path


def _find_line(text: str, message: str) -> int | None:
    """The line of the first quoted snippet of a message, if it is in the text."""
    for snippet in re.findall(r"[`'\"]([^`'\"]{3,})[`'\"]", message):
        index = text.find(snippet.strip())
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return None


def _check_font_face(rule, css_path: Path) -> None:
    for decl in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True,
                                               skip_comments=True):
        if decl.type != "declaration" or decl.lower_name != "src":
            continue
        for token in decl.value:
            url = None
            if token.type == "url":
                url = token.value
            elif token.type == "function" and token.lower_name == "url":
                url = next((a.value for a in token.arguments if a.type == "string"), None)
            if url is None or re.match(r"^[a-z]+:", url):
                continue
            font = (css_path.parent / url).resolve()
            if not font.is_file():
                raise PublishError(
                    f"font file not found: {url}", str(css_path), decl.source_line,
                    hint=f"put the font at {font} or change the @font-face rule")
