"""What DAISY Ace and a reader on a phone check in the EPUB: the package's
language, epub:type with its matching DPUB-ARIA role, table heads that say
something, links told apart from the text, and cells that keep number ranges
whole. (Ace itself runs in `publish check --epub`; these pin the markup it
judged.)"""

from __future__ import annotations

import copy
import re

import pytest

from test_epub import ETYPE, NS, Epub, H, _source_root

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Ace's epub-type-has-matching-role rule (axe-core for Ace 4.11): epub:type
#: -> the role it wants. Types with no DPUB-ARIA role (titlepage, imprint,
#: frontmatter, bodymatter, cover, backlink, title) need none; doc-endnote is
#: deprecated, so `endnote` is exempt.
MATCHING_ROLE = {
    "abstract": "doc-abstract", "acknowledgments": "doc-acknowledgments",
    "afterword": "doc-afterword", "appendix": "doc-appendix",
    "bibliography": "doc-bibliography", "chapter": "doc-chapter",
    "colophon": "doc-colophon", "conclusion": "doc-conclusion", "credits": "doc-credits",
    "dedication": "doc-dedication", "endnotes": "doc-endnotes", "epigraph": "doc-epigraph",
    "epilogue": "doc-epilogue", "errata": "doc-errata", "footnote": "doc-footnote",
    "foreword": "doc-foreword", "glossary": "doc-glossary", "index": "doc-index",
    "introduction": "doc-introduction", "noteref": "doc-noteref", "part": "doc-part",
    "preface": "doc-preface", "prologue": "doc-prologue", "pullquote": "doc-pullquote",
    "subtitle": "doc-subtitle", "toc": "doc-toc", "referrer": "doc-backlink",
}


def _build(root, path) -> Epub:
    from publish.epub import write_epub

    write_epub(root, path)
    return Epub(path)


@pytest.fixture(scope="module")
def sample_root():
    return _source_root("sample")


@pytest.fixture(scope="module")
def book(tmp_path_factory, sample_root):
    return _build(copy.deepcopy(sample_root), tmp_path_factory.mktemp("a11y") / "book.epub")


def test_package_declares_its_language(book):
    language = book.opf.find(".//dc:language", NS).text
    assert language
    assert book.opf.get(XML_LANG) == language


def test_every_epub_type_with_an_aria_role_carries_it(book):
    checked = set()
    for href in book.xhtml_hrefs():
        doc = book.doc(href)
        # keep the proxies alive: lxml reuses a node's proxy only while it exists
        landmarks = {el for nav in doc.iterfind(".//h:nav[@epub:type='landmarks']", NS)
                     for el in nav.iter()}
        for el in doc.iter():
            types = (el.get(ETYPE) or "").split()
            if not types or el in landmarks:
                continue
            # Ace looks at the first type with a mapping
            wanted = next((MATCHING_ROLE[t] for t in types if t in MATCHING_ROLE), None)
            if wanted:
                assert el.get("role") == wanted, (href, el.tag, types, el.get("role"))
                checked.add(wanted)
    assert {"doc-chapter", "doc-noteref", "doc-footnote", "doc-endnotes", "doc-subtitle",
            "doc-toc"} <= checked


def test_generated_pages_have_no_headings_or_paragraphs(book):
    """The title page and imprint use divs: they are not the author's text."""
    for href in ("titlepage.xhtml", "imprint.xhtml"):
        doc = book.doc(href)
        for tag in ("h1", "h2", "h3", "p"):
            assert doc.find(f".//h:{tag}", NS) is None, (href, tag)
    title = book.doc("titlepage.xhtml").find(".//*[@epub:type='title']", NS)
    assert title.get("role") == "heading" and title.get("aria-level") == "1"


def test_chapter_heading_reads_number_dot_title(book, sample_root):
    numbered = [s for s in sample_root.find(f"{{{H}}}body") if s.get("data-number")]
    assert numbered
    for sec in numbered:
        doc = next(book.doc(h) for h in book.xhtml_hrefs()
                   if book.doc(h).find(f".//*[@id='{sec.get('id')}']") is not None)
        h1 = doc.find(f".//*[@id='{sec.get('id')}']/h:h1", NS)
        text = " ".join("".join(h1.itertext()).split())
        assert re.fullmatch(rf"{sec.get('data-number')}\. \S.*", text), text


def test_backlink_is_glued_to_the_note_text(book):
    backs = [a for h in book.xhtml_hrefs() for a in book.doc(h).iterfind(".//h:a", NS)
             if a.get("role") == "doc-backlink"]
    assert backs
    for a in backs:
        prev = a.getprevious()
        before = prev.tail if prev is not None else a.getparent().text
        # a no-break space: the arrow never sits alone on a line
        assert before and before.endswith("\u00a0") and not before[:-1].endswith((" ", "\u00a0"))


def _css_block(css: str, selector: str) -> str:
    m = re.search(rf"(?m)^{re.escape(selector)} \{{([^}}]*)\}}", css)
    assert m, selector
    return m.group(1)


def test_links_in_text_are_told_apart_from_the_text():
    """Ace (link-in-text-block): a link set off by colour alone needs 3:1
    against the text; the back-link arrow takes the text colour instead, and
    note calls are raised and smaller."""
    from publish.epub.resources import stylesheet

    css = stylesheet().decode()
    assert "color: inherit" in _css_block(css, "a.backlink")
    call = css[css.index("a.noteref,\nsup.noteref {"):]
    call = call[:call.index("}")]
    assert "vertical-align: super" in call and "font-size: 0.7em" in call


def test_long_column_heads_may_wrap_on_a_phone():
    from publish.epub.resources import stylesheet

    css = stylesheet().decode()
    assert "white-space: normal" in _css_block(css, "thead th.num")
    assert "white-space: nowrap" in _css_block(css, "span.nowrap")


# --- table heads ----------------------------------------------------------


def _with_odd_tables(root):
    """The sample plus two copies of its first table: one with an empty corner
    head and a number range in its cells, one whose head row is all empty
    (a source table with no heads)."""
    table = next(root.iter(f"{{{H}}}table"))
    section = table.getparent()
    while section.getparent().tag != f"{{{H}}}body":
        section = section.getparent()
    corner = copy.deepcopy(table)
    corner.set("id", "odd-t1")
    corner.find(f"{{{H}}}caption").text = "Corner"
    for n in corner.findall(f".//{{{H}}}caption/*"):
        n.getparent().remove(n)
    corner.find(f"{{{H}}}thead/{{{H}}}tr/{{{H}}}th").text = ""
    first_cells = corner.find(f"{{{H}}}tbody/{{{H}}}tr")
    first_cells[0].text = "1927-28 season"
    headless = copy.deepcopy(corner)
    headless.set("id", "odd-t2")
    headless.remove(headless.find(f"{{{H}}}caption"))
    for th in headless.iterfind(f"{{{H}}}thead/{{{H}}}tr/{{{H}}}th"):
        th.text = ""
    table.addnext(headless)
    table.addnext(corner)
    return root


@pytest.fixture(scope="module")
def odd(tmp_path_factory, sample_root):
    root = _with_odd_tables(copy.deepcopy(sample_root))
    return root, _build(root, tmp_path_factory.mktemp("a11y") / "odd.epub")


def _table(book, ident):
    for href in book.xhtml_hrefs():
        found = book.doc(href).find(f".//h:table[@id='{ident}']", NS)
        if found is not None:
            return found
    raise AssertionError(ident)


def _texts(row):
    return [" ".join("".join(c.itertext()).split()) for c in row]


def test_empty_corner_head_becomes_a_plain_cell(odd):
    root, book = odd
    src = next(t for t in root.iter(f"{{{H}}}table") if t.get("id") == "odd-t1")
    out = _table(book, "odd-t1")
    head = out.find("h:thead/h:tr", NS)
    assert head[0].tag == f"{{{H}}}td" and head[0].get("scope") is None
    assert all(th.tag == f"{{{H}}}th" and th.get("scope") == "col" for th in head[1:])
    assert _texts(head) == _texts(src.find(f"{{{H}}}thead/{{{H}}}tr"))
    for th in out.iter(f"{{{H}}}th"):
        assert "".join(th.itertext()).strip(), "a header cell with no text"


def test_head_row_with_no_text_is_dropped(odd):
    root, book = odd
    out = _table(book, "odd-t2")
    assert out.find("h:thead", NS) is None
    src = next(t for t in root.iter(f"{{{H}}}table") if t.get("id") == "odd-t2")
    out_rows = out.findall("h:tbody/h:tr", NS)
    src_rows = src.findall(f"{{{H}}}tbody/{{{H}}}tr")
    assert [_texts(r) for r in out_rows] == [_texts(r) for r in src_rows]


def test_number_ranges_and_short_row_heads_stay_whole(odd):
    _, book = odd
    out = _table(book, "odd-t1")
    first = out.find("h:tbody/h:tr/h:th", NS)
    # "1927-28 season" is short: the whole head stays on one line
    spans = first.findall("h:span[@class='nowrap']", NS)
    assert [s.text for s in spans] == ["1927-28 season"]
    from publish.epub.parts import keep_ranges_whole
    from lxml import etree

    cell = etree.fromstring(f'<th xmlns="{H}" scope="col">Target 1932-33 and 1933-34 (m.)</th>')
    keep_ranges_whole(cell)
    assert [s.text for s in cell] == ["1932-33", "1933-34"]
    assert "".join(cell.itertext()) == "Target 1932-33 and 1933-34 (m.)"
    long_stub = etree.fromstring(f'<th xmlns="{H}" scope="row">Production of consumer goods</th>')
    keep_ranges_whole(long_stub)
    assert len(long_stub) == 0  # long enough to wrap between words


def test_title_page_keeps_a_date_range_whole(tmp_path, sample_root):
    root = copy.deepcopy(sample_root)
    for m in root.iter(f"{{{H}}}meta"):
        if m.get("name") == "subtitle":
            m.set("content", "The Darker the Night the Brighter the Star, 1927-1940")
    book = _build(root, tmp_path / "t.epub")
    sub = book.doc("titlepage.xhtml").find(".//*[@epub:type='subtitle']", NS)
    assert sub.get("role") == "doc-subtitle"
    assert [s.text for s in sub.iterfind("h:span[@class='nowrap']", NS)] == ["1927-1940"]
    assert "".join(sub.itertext()) == "The Darker the Night the Brighter the Star, 1927-1940"
