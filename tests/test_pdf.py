"""The print PDF of a small test book (tests/fixtures/pdf/book.xml), checked
with pikepdf and pypdf the way a printer and a reader would."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pypdf
import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from publish.pdf import write_pdf
from publish.pdf.geometry import PT_PER_MM, TRIM_SIZES, PageGeometry, kdp_gutter_mm
from publish.pdf.preflight import preflight
from publish.safexml import parse_xml, parse_xml_file

FIXTURE = Path(__file__).parent / "fixtures" / "pdf" / "book.xml"
NS = {"h": "http://www.w3.org/1999/xhtml"}
EPOCH = "1764028800"  # 2025-11-25T00:00:00Z


def load_book():
    return parse_xml_file(FIXTURE)


def meta(name):
    return load_book().find(f"h:head/h:meta[@name='{name}']", NS).get("content")


def set_meta(root, name, value):
    root.find(f"h:head/h:meta[@name='{name}']", NS).set("content", value)
    return root


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """build(name, root=None, **options) -> Path; cached per name."""
    cache = {}
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def _build(name, root=None, **options):
        if name not in cache:
            out = tmp_path_factory.mktemp("pdf") / f"{name}.pdf"
            write_pdf(root if root is not None else load_book(), out, **options)
            cache[name] = out
        return cache[name]

    yield _build
    mp.undo()


@pytest.fixture(scope="module")
def book(build):
    return build("print", jobs=2)


@pytest.fixture(scope="module")
def reader(book):
    return pypdf.PdfReader(book)


def page_texts(reader):
    return [page.extract_text() for page in reader.pages]


def outline(reader):
    """[(level, title, page index)] in document order."""
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return out


def expected_parts(root):
    parts = []
    for section in root.iterfind("h:body/h:section", NS):
        title = "".join(section.find("h:h1", NS).itertext()).strip()
        sections = ["".join(h2.itertext()).strip() for h2 in section.iterfind("h:h2", NS)]
        parts.append((title, sections, section))
    return parts


# --- page geometry ---------------------------------------------------------

def test_every_page_is_the_trim_size_with_trimbox(book):
    w, h = (v * PT_PER_MM for v in (138, 216))
    with pikepdf.open(book) as pdf:
        assert len(pdf.pages) > 20
        for page in pdf.pages:
            assert [round(float(v), 2) for v in page.obj.MediaBox] == [0, 0, round(w, 2),
                                                                     round(h, 2)]
            assert [float(v) for v in page.obj.TrimBox] == [float(v) for v in page.obj.MediaBox]


@pytest.mark.parametrize(("name", "width_pt", "height_pt"),
                         [("6x9in", 6 * 72, 9 * 72),
                          ("b-format", 129 * PT_PER_MM, 198 * PT_PER_MM)])
def test_other_trim_sizes(build, name, width_pt, height_pt):
    root = set_meta(load_book(), "trim-size", name)
    path = build(name, root, jobs=1)
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            box = [float(v) for v in page.obj.TrimBox]
            assert box[2] == pytest.approx(width_pt, abs=0.05)
            assert box[3] == pytest.approx(height_pt, abs=0.05)
    assert not [f for f in preflight(path, name) if f["severity"] == "error"]
    assert [f["code"] for f in preflight(path, "demy")].count("page-size") > 0


def test_gutter_follows_kdp_table():
    assert [round(kdp_gutter_mm(n) / 25.4, 3) for n in (24, 150, 151, 300, 301, 500, 501,
                                                       700, 701, 828)] == \
        [0.375, 0.375, 0.5, 0.5, 0.625, 0.625, 0.75, 0.75, 0.875, 0.875]
    demy = TRIM_SIZES["demy"]
    for pages in (100, 430, 800):
        g = PageGeometry(demy, pages)
        assert g.inner_mm >= kdp_gutter_mm(pages)
        assert g.inner_mm + g.outer_mm + demy.measure_mm == pytest.approx(demy.width_mm)
        assert g.shift_pt(True) == -g.shift_pt(False)


def _text_left_edge(reader, index):
    """x of the leftmost body text on a page (points), from pypdf's visitor."""
    xs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and len(text.strip()) > 20:
            xs.append(cm[4] + tm[4] * cm[0])

    reader.pages[index].extract_text(visitor_text=visit)
    return min(xs)


def test_margins_mirror(book, reader):
    """Body text sits further left on versos than on rectos by the difference
    of outer and inner margins."""
    texts = page_texts(reader)
    ch1 = next(i for i, t in enumerate(texts) if "Stalin Turns" in t and "Contents" not in t)
    recto, verso = ch1 + 2, ch1 + 1  # pages after the opener: a verso, then a recto
    assert recto % 2 == 0 and verso % 2 == 1  # 0-based: even index = odd page = recto
    g = PageGeometry(TRIM_SIZES["demy"], len(reader.pages))
    diff = _text_left_edge(reader, recto) - _text_left_edge(reader, verso)
    assert diff == pytest.approx((g.inner_mm - g.outer_mm) * PT_PER_MM, abs=1.0)


# --- fonts -----------------------------------------------------------------

def _fonts(pdf):
    seen = {}

    def walk(resources):
        for font in (resources.get("/Font") or {}).values():
            seen[font.objgen] = font
        for xobj in (resources.get("/XObject") or {}).values():
            if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
                walk(xobj.Resources)

    for page in pdf.pages:
        walk(page.obj.Resources)
    return list(seen.values())


def test_every_font_is_embedded_and_subset_and_ours(book):
    with pikepdf.open(book) as pdf:
        fonts = _fonts(pdf)
        assert fonts
        for font in fonts:
            name = str(font.BaseFont)
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font \
                else font.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
            assert re.match(r"^/[A-Z]{6}\+Publish-Book", name), name  # subset, no fallback
    assert not [f for f in preflight(book, "demy") if f["code"].startswith("font")]


def _inked_glyphs(pdf):
    names = set()
    for font in _fonts(pdf):
        data = font.DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()
        tt = TTFont(io.BytesIO(data))
        glyphs = tt.getGlyphSet()
        for name in tt.getGlyphOrder():
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            if pen.bounds:
                names.add(name)
    return names


def test_real_small_caps_old_style_and_tabular_figures(book):
    with pikepdf.open(book) as pdf:
        inked = _inked_glyphs(pdf)
    assert "a.sc" in inked  # lead-ins use the font's smcp glyphs
    assert "one" in inked  # EB Garamond's default figures are old-style
    assert "one.tablining" in inked  # tables: lining tabular figures
    assert "one.sups" in inked  # note calls: the font's superiors


# --- structure: bookmarks, contents, running heads, footnotes ---------------

def test_bookmarks_are_the_parts_and_their_sections(reader):
    root = load_book()
    expected = [(1, "Contents")]
    for title, sections, _ in expected_parts(root):
        expected.append((1, title))
        expected.extend((2, s) for s in sections)
    got = [(level, title) for level, title, _ in outline(reader)]
    assert got == expected


def _folio_of(text):
    """The folio printed in a page's running-head line (last line of the
    extracted text: the stamps are drawn after the text block)."""
    return text.strip().splitlines()[-1].strip()


def test_contents_page_numbers_are_the_real_pages(reader):
    texts = page_texts(reader)
    contents = next(t for t in texts if t.startswith("Contents"))
    entries = {}
    for line in contents.splitlines()[1:]:
        m = re.match(r"^(?:\d+\s+)?(.+?)[ .]*\s([ivxlc]+|\d+)$", line.strip())
        if m:
            entries[m.group(1).strip(" .")] = m.group(2)
    root = load_book()
    titles = [t for t, _, _ in expected_parts(root)]
    assert set(entries) == set(titles)
    opens = {title: index for level, title, index in outline(reader) if level == 1}
    arabic_start = opens["Introduction"]
    checked_next = 0
    for title in titles:
        index = opens[title]
        folio = entries[title]
        if folio.isdigit():
            assert int(folio) == index - arabic_start + 1, title
            # the next page, if the part goes on, prints the next folio
            if index + 1 < len(texts) and index + 1 not in opens.values() and \
                    texts[index + 1].strip():
                assert _folio_of(texts[index + 1]) == str(int(folio) + 1), title
                checked_next += 1
        else:
            assert index < arabic_start
            assert _roman(folio) == index + 1, title
            assert _folio_of(texts[index + 1]) == _to_roman(index + 2), title
    assert checked_next >= 3
    assert re.search(r"\. \. \.", contents)  # leader dots


def _to_roman(n):
    from publish.pdf.writer import roman

    return roman(n)


def _roman(text):
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def test_running_heads_on_verso_and_recto(reader):
    texts = page_texts(reader)
    opens = {title: index for level, title, index in outline(reader) if level == 1}
    ch1 = opens["Stalin Turns to Forced Collectivisation"]
    verso, recto = texts[ch1 + 1], texts[ch1 + 2]
    assert verso.strip().splitlines()[-2] == meta("title")
    assert recto.strip().splitlines()[-2] == "Stalin Turns to Forced Collectivisation"
    # the opener and blank pages carry neither head nor folio
    assert meta("title") not in texts[ch1]
    blank = next(i for i, t in enumerate(texts) if not t.strip() and i > 4)
    assert blank % 2 == 1  # a verso (0-based odd)


def test_each_footnote_is_on_the_page_of_its_call(reader):
    texts = page_texts(reader)
    root = load_book()
    asides = root.findall(".//h:aside[@data-type='footnote']", NS)
    assert len(asides) == 3
    for aside in asides:
        call = root.find(f".//h:a[@id='{aside.get('data-ref')}']", NS)
        # the fixture puts a unique four-letter town right before each call
        town = re.search(r"in (\w{4})\.$", _text_before(call)).group(1)
        words = " ".join("".join(aside.itertext()).split()[:6])
        flat = [" ".join(t.split()) for t in texts]
        call_pages = [i for i, t in enumerate(flat) if f"in {town}." in t]
        note_pages = [i for i, t in enumerate(flat) if words in t]
        assert len(call_pages) == 1 and call_pages == note_pages, words


def _text_before(el):
    prev = el.getprevious()
    if prev is not None:
        return prev.tail or ""
    return el.getparent().text or ""


def test_endnotes_at_chapter_end_and_unresolved_calls_print(reader):
    texts = page_texts(reader)
    joined = "\n".join(texts)
    root = load_book()
    notes = [a for a in root.iterfind(".//h:aside[@data-type='endnote']", NS)
             if "Writings 1930" in "".join(a.itertext())]
    assert len(notes) > 5 and joined.count("Writings 1930") == len(notes)
    opens = {title: index for level, title, index in outline(reader) if level == 1}
    great_terror = opens["The Great Terror"]
    notes_ch1 = [i for i, t in enumerate(texts) if "Writings 1930, New York 1975, p. 101" in t]
    assert notes_ch1 and notes_ch1[0] < great_terror  # chapter 1's notes end chapter 1
    assert re.search(r"hungry\.\s*5\s*And he saw it", joined)  # unresolved call, as printed


def test_endnotes_collected_at_the_back(build):
    root = set_meta(load_book(), "endnotes", "book")
    path = build("notes-at-back", root, jobs=1)
    reader = pypdf.PdfReader(path)
    items = outline(reader)
    top = [title for level, title, _ in items if level == 1]
    assert top[-2:] == ["Appendix: A Chronology", "Notes"] or top[-1] == "Notes"
    notes_at = next(i for level, title, i in items if title == "Notes" and level == 1)
    subheads = [title for level, title, i in items if level == 2 and i >= notes_at]
    assert subheads == ["Introduction", "1. Stalin Turns to Forced Collectivisation",
                        "2. The Great Terror", "3. The Last Exile"]
    texts = page_texts(reader)
    first_note = [i for i, t in enumerate(texts) if "Writings 1930" in t]
    assert min(first_note) >= notes_at


def test_parts_named_like_the_writers_own_documents(book, build):
    # contents.md and prelims.md give parts the ids "contents" and "prelims",
    # once the writer's own keys for its contents and prelims documents
    xml = FIXTURE.read_text(encoding="utf-8")
    for old, new in (("editors-note", "prelims"), ("appendix", "contents")):
        xml = xml.replace(f'id="{old}"', f'id="{new}"').replace(f'"#{old}"', f'"#{new}"')
    path = build("part-ids", parse_xml(xml.encode("utf-8")), jobs=1)
    renamed, plain = pypdf.PdfReader(path), pypdf.PdfReader(book)
    assert len(renamed.pages) == len(plain.pages)
    assert outline(renamed) == outline(plain)
    assert page_texts(renamed) == page_texts(plain)


def test_print_css_styles_only_elements_the_book_can_have():
    """A rule for an element the writer never emits is dead weight."""
    import lxml.html
    from test_epub import css_type_selectors, schema_elements

    from publish.pdf.book import read_meta, read_parts
    from publish.pdf.html import ContentsEntry, contents_document, stamps_document
    from publish.pdf.styles import default_styles_dir
    from publish.pdf.writer import _plan

    root = set_meta(load_book(), "endnotes", "book")
    meta, parts = read_meta(root), read_parts(root)
    html = [make() for _, _, make in _plan(parts, meta, "screen")[1].values()]
    html.append(contents_document([ContentsEntry("ch-01", "T", "1", "3", "bodymatter")],
                                  meta, "screen"))
    html.append(stamps_document([("T", True)], [("1", True)], meta, "print", True))
    emitted = schema_elements()
    for doc in html:
        emitted |= {e.tag for e in lxml.html.document_fromstring(doc).iter()
                    if isinstance(e.tag, str)}
    css = (default_styles_dir() / "print.css").read_text(encoding="utf-8")
    assert css_type_selectors(css) - emitted == set()


# --- profiles, metadata, reproducibility -----------------------------------

def test_print_profile_has_no_annotations_and_k_only_text(book):
    with pikepdf.open(book) as pdf:
        assert all("/Annots" not in page.obj for page in pdf.pages)
    findings = preflight(book, "demy", "print")
    assert findings == []


def test_screen_profile_keeps_links_and_is_tagged(build):
    path = build("screen", profile="screen", jobs=1)
    with pikepdf.open(path) as pdf:
        annots = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        links = [a for a in annots if "/Dest" in a]
        uris = [str(a.A.URI) for a in annots if "/A" in a]
        assert uris == ["https://www.marxists.org/archive/cliff/"]  # external links stay
        assert len(links) > 20
        names = {str(n) for n in pdf.Root.Names.Dests.Names[::2]}
        for link in links:
            assert str(link.Dest) in names  # every link resolves, across parts too
        assert "ch-01-en-1" in {str(link.Dest) for link in links}
        assert pdf.Root.MarkInfo.Marked
        tree = pdf.Root.StructTreeRoot
        keys = [int(k) for k in tree.ParentTree.Nums[::2]]
        assert keys == sorted(set(keys))
        pages = {p.obj.objgen for p in pdf.pages}
        for page in pdf.pages:
            if "/StructParents" in page.obj:
                assert int(page.obj.StructParents) in keys
        stack = list(tree.K[0].K)
        while stack:
            elem = stack.pop()
            if isinstance(elem, pikepdf.Dictionary):
                if "/Pg" in elem:
                    assert elem.Pg.objgen in pages
                kids = elem.get("/K")
                if isinstance(kids, pikepdf.Array):
                    stack.extend(kids)
    assert [f["code"] for f in preflight(path, "demy", "print")].count("annotation") > 0


def test_metadata(book):
    with pikepdf.open(book) as pdf:
        assert str(pdf.docinfo.Title) == meta("title")
        assert str(pdf.docinfo.Author) == meta("author")
        assert str(pdf.Root.Lang) == meta("language")
        assert str(pdf.docinfo.CreationDate) == "D:20251125000000Z"  # SOURCE_DATE_EPOCH


def test_two_builds_are_byte_identical(book, build):
    again = build("print-again", jobs=1)
    assert again.read_bytes() == book.read_bytes()


def test_proof_adds_bleed_and_crop_marks(build):
    path = build("proof", proof=True, jobs=1)
    with pikepdf.open(path) as pdf:
        for page in (pdf.pages[0], pdf.pages[12]):
            media = [float(v) for v in page.obj.MediaBox]
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = 3 * PT_PER_MM
            assert trim[2] - trim[0] == pytest.approx(138 * PT_PER_MM, abs=0.05)
            assert media[2] - media[0] == pytest.approx(138 * PT_PER_MM + 2 * bleed, abs=0.1)
    assert not [f for f in preflight(path, "demy") if f["severity"] == "error"]
