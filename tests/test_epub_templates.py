"""The slot language of the EPUB page templates, and the cover image."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from PIL import Image

from publish.epub import templates
from publish.safexml import parse_xml

H = "http://www.w3.org/1999/xhtml"


def _fill(body: str, values: dict) -> str:
    doc = parse_xml(f'<html xmlns="{H}"><body>{body}</body></html>'.encode())
    templates.fill(doc, values)
    out = etree.tostring(doc.find(f"{{{H}}}body"), encoding="unicode")
    return out.split(">", 1)[1].rsplit("<", 1)[0]


def test_slot_sets_text_and_unwraps_bare_spans():
    assert _fill('<p>By <span data-slot="who">X</span>.</p>', {"who": "Ada"}) == "<p>By Ada.</p>"
    assert _fill('<p class="t" data-slot="who">X</p>', {"who": "Ada"}) == '<p class="t">Ada</p>'


def test_if_drops_empty_parts_but_keeps_surrounding_text():
    tpl = '<p>Published<span data-if="year">, <span data-slot="year">Y</span></span>.</p>'
    assert _fill(tpl, {"year": ""}) == "<p>Published.</p>"
    assert _fill(tpl, {"year": "1993"}) == "<p>Published, 1993.</p>"


def test_each_repeats_per_item_and_attr_sets_attributes():
    tpl = '<p class="c" data-each="credits">C</p><img alt="" data-attr-alt="alt"/>'
    out = _fill(tpl, {"credits": ["One", "Two"], "alt": "A cover"})
    assert out == '<p class="c">One</p><p class="c">Two</p><img alt="A cover"/>'
    assert _fill('<p data-each="credits">C</p>', {"credits": []}) == ""


def test_labels_fall_back_to_english():
    assert templates.labels("fr-FR")["notes"] == templates.labels("en")["notes"]
    assert len(templates.labels("en")["months"]) == 12


def test_long_date():
    from publish.epub.writer import _long_date

    labels = templates.labels("en")
    assert _long_date("2026-11-25", labels) == "25 November 2026"
    assert _long_date("1993", labels) == "1993"


@pytest.mark.parametrize("title", ["A", "The Darker the Night the Brighter the Star: "
                                        "Trotsky 1927-1940, and Everything That Came After " * 2])
def test_cover_fits_short_and_very_long_titles(title):
    from publish.epub.cover import render_cover
    from publish.epub.metadata import EditionMeta

    meta = EditionMeta(title=title, language="en", identifier="urn:uuid:x",
                       subtitle="A subtitle", authors=["Tony Cliff"], publisher="Phoenix")
    img = Image.open(io.BytesIO(render_cover(meta)))
    assert img.size == (1600, 2400)
    # the type stays clear of the frame: the outer margin band is plain ground
    band = img.crop((100, 100, 150, 2300)).convert("L").getextrema()
    assert band[1] - band[0] < 40
