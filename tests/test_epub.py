"""The EPUB writer: structure of the package, notes, tables, reproducibility.

Every test runs on the sample manuscript (through build_xml) and on the
hand-written XML fixture tests/fixtures/epub/minimal.xml."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree
from PIL import Image

from publish.errors import PublishError
from publish.safexml import parse_xml, parse_xml_file

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample"
MINIMAL_XML = FIXTURES / "epub" / "minimal.xml"

H = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
NS = {"h": H, "epub": EPUB, "opf": OPF, "dc": "http://purl.org/dc/elements/1.1/",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}
ETYPE = f"{{{EPUB}}}type"


def _source_root(which: str = "sample"):
    """The sample manuscript through build_xml, or the hand-written XML
    fixture, which adds what the sample lacks (a second call to one note,
    links across chapters, code, a centred column)."""
    if which == "sample":
        if not (SAMPLE / "book.toml").is_file():
            pytest.skip("no sample manuscript")
        from publish.build import build_xml

        return build_xml(SAMPLE)
    return parse_xml_file(MINIMAL_XML)


@pytest.fixture(scope="module", params=["sample", "minimal"])
def source_root(request):
    return _source_root(request.param)


def _set_meta(root, name, value):
    for m in root.iter(f"{{{H}}}meta"):
        if m.get("name") == name:
            if value is None:
                m.getparent().remove(m)
            else:
                m.set("content", value)
            return root
    raise AssertionError(f"no meta {name}")


class Epub:
    """An EPUB opened for inspection."""

    def __init__(self, path: Path):
        self.path = path
        self.data = path.read_bytes()
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        container = parse_xml(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.base = PurePosixPath(self.opf_path).parent
        self.opf = parse_xml(self.zip.read(self.opf_path))
        self.manifest = {i.get("id"): i for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)}
        self._docs: dict[str, object] = {}

    def name(self, href: str) -> str:
        return str(self.base / href)

    def read(self, href: str) -> bytes:
        return self.zip.read(self.name(href))

    def doc(self, href: str):
        if href not in self._docs:
            self._docs[href] = parse_xml(self.read(href), href)
        return self._docs[href]

    def xhtml_hrefs(self) -> list[str]:
        return [i.get("href") for i in self.manifest.values()
                if i.get("media-type") == "application/xhtml+xml"]

    def spine_hrefs(self) -> list[str]:
        refs = self.opf.iterfind(".//opf:spine/opf:itemref", NS)
        return [self.manifest[r.get("idref")].get("href") for r in refs]

    def nav(self):
        nav_item = next(i for i in self.manifest.values() if "nav" in (i.get("properties") or "").split())
        return nav_item.get("href"), self.doc(nav_item.get("href"))

    def resolve(self, href: str, here: str):
        """The element a link points to (file#id) or the file's root."""
        file, _, frag = href.partition("#")
        target = file or here
        doc = self.doc(target)
        if not frag:
            return target, doc
        found = doc.xpath("//*[@id=$i]", i=frag)
        assert len(found) == 1, f"{href} from {here}: {len(found)} targets"
        return target, found[0]

    def metas(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(".//opf:metadata/opf:meta", NS)
                if m.get("property") == prop]


@pytest.fixture(scope="module")
def built(tmp_path_factory, source_root):
    from publish.epub import write_epub

    out = tmp_path_factory.mktemp("epub") / "book.epub"
    write_epub(copy.deepcopy(source_root), out)
    return Epub(out)


@pytest.fixture(scope="module")
def built_book_notes(tmp_path_factory, source_root):
    """The same book with endnotes collected at the back (endnotes = "book")."""
    from publish.epub import write_epub

    root = _set_meta(copy.deepcopy(source_root), "endnotes", "book")
    out = tmp_path_factory.mktemp("epub") / "book-notes.epub"
    write_epub(root, out)
    return Epub(out)


def _parts(root):
    return [s for s in root.find(f"{{{H}}}body") if s.tag == f"{{{H}}}section"]


# --- the package ---------------------------------------------------------


def test_zip_is_ocf_and_deterministic(built, source_root):
    infos = built.zip.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b""
    assert built.zip.read("mimetype") == b"application/epub+zip"
    # the rest in sorted order, all stamped with the build time
    names = [i.filename for i in infos[1:]]
    assert names == sorted(names)
    modified = next(m.get("content") for m in source_root.iter(f"{{{H}}}meta")
                    if m.get("name") == "modified")
    stamp = tuple(int(x) for x in modified[:10].split("-")) + tuple(
        int(x) for x in modified[11:19].split(":"))
    assert {i.date_time for i in infos} == {stamp}
    assert built.metas("dcterms:modified") == [modified]


def test_two_builds_are_byte_identical(tmp_path, source_root, built):
    from publish.epub import write_epub

    out = tmp_path / "again.epub"
    write_epub(copy.deepcopy(source_root), out)
    assert out.read_bytes() == built.data


def test_source_date_epoch_without_modified_meta(tmp_path, source_root, monkeypatch):
    from publish.epub import write_epub

    root = _set_meta(copy.deepcopy(source_root), "modified", None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    write_epub(root, tmp_path / "a.epub")
    book = Epub(tmp_path / "a.epub")
    assert book.metas("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    assert book.zip.infolist()[1].date_time == (2023, 11, 14, 22, 13, 20)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    write_epub(copy.deepcopy(root), tmp_path / "b.epub")
    date = next(m.get("content") for m in root.iter(f"{{{H}}}meta") if m.get("name") == "date")
    assert Epub(tmp_path / "b.epub").metas("dcterms:modified") == [f"{date}T00:00:00Z"]


def test_one_document_per_part_in_book_order(built, source_root):
    spine = built.spine_hrefs()
    assert spine[:4] == ["cover.xhtml", "titlepage.xhtml", "imprint.xhtml", "nav.xhtml"]
    parts = _parts(source_root)
    assert spine[4:] == [f"{s.get('id')}.xhtml" for s in parts]
    for sec in parts:
        doc = built.doc(f"{sec.get('id')}.xhtml")
        section = doc.find("h:body/h:section", NS)
        assert section.get("id") == sec.get("id")
        assert doc.find("h:body", NS).get(ETYPE) == sec.get("data-matter")
        assert section.get(ETYPE) and section.get("role", "").startswith("doc-")
        # the writer's own data-* bookkeeping does not leak into the EPUB
        assert not doc.xpath("//@*[starts-with(name(), 'data-')]")


def test_every_document_has_lang_and_the_stylesheet(built):
    lang = built.opf.findtext(".//dc:language", namespaces=NS)
    assert lang
    for href in built.xhtml_hrefs():
        doc = built.doc(href)
        assert doc.get("lang") == lang, href
        assert doc.get("{http://www.w3.org/XML/1998/namespace}lang") == lang, href
        links = doc.xpath("h:head/h:link[@rel='stylesheet']/@href", namespaces=NS)
        assert links == ["css/epub.css"], href
    css = built.read("css/epub.css").decode()
    assert "tabular-nums" in css


def test_accessibility_metadata(built):
    assert built.metas("schema:accessMode") == ["textual", "visual"]
    assert built.metas("schema:accessModeSufficient") == ["textual"]
    features = built.metas("schema:accessibilityFeature")
    assert {"structuralNavigation", "tableOfContents", "alternativeText"} <= set(features)
    assert built.metas("schema:accessibilityHazard") == ["none"]
    assert built.metas("schema:accessibilitySummary")[0].strip()
    assert built.metas("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_package_metadata_comes_from_the_xml(built, source_root):
    def meta(name):
        return [m.get("content") for m in source_root.iter(f"{{{H}}}meta") if m.get("name") == name]

    assert built.opf.findtext(".//dc:title", namespaces=NS) == meta("title")[0]
    assert [c.text for c in built.opf.iterfind(".//dc:creator", NS)] == meta("author")
    ident = built.opf.find(".//dc:identifier[@id='pub-id']", NS).text
    assert ident.endswith(meta("identifier")[0].split(":")[-1])
    assert built.opf.get("unique-identifier") == "pub-id"
    ncx = parse_xml(built.read("toc.ncx"))
    assert ncx.find(".//ncx:meta[@name='dtb:uid']", NS).get("content") == ident


# --- navigation ----------------------------------------------------------


def test_nav_lists_parts_and_sections_two_levels(built, source_root):
    nav_href, nav = built.nav()
    toc = nav.find(".//h:nav[@epub:type='toc']", NS)
    top = toc.findall("h:ol/h:li", NS)
    hrefs = [li.find("h:a", NS).get("href") for li in top]
    parts = _parts(source_root)
    assert hrefs == ["titlepage.xhtml", "imprint.xhtml"] + [f"{s.get('id')}.xhtml" for s in parts]
    for li, sec in zip(top[2:], parts):
        h2s = [h for h in sec.iterchildren(f"{{{H}}}h2") if h.get("id")]
        sub = [a.get("href") for a in li.findall("h:ol/h:li/h:a", NS)]
        assert sub == [f"{sec.get('id')}.xhtml#{h.get('id')}" for h in h2s]
        # no third level
        assert not li.findall("h:ol/h:li/h:ol", NS)
        label = li.find("h:a", NS).text
        if sec.get("data-number"):
            assert label.startswith(sec.get("data-number") + ". ")
    assert any(li.find("h:ol", NS) is not None for li in top), "the sample has sections"
    for a in toc.iter(f"{{{H}}}a"):
        built.resolve(a.get("href"), nav_href)
        assert a.text and a.text.strip()


def test_nav_landmarks_and_no_page_list(built):
    nav_href, nav = built.nav()
    landmarks = nav.find(".//h:nav[@epub:type='landmarks']", NS)
    assert landmarks.get("hidden") == "hidden"
    types = {a.get(ETYPE): a.get("href") for a in landmarks.iter(f"{{{H}}}a")}
    assert types["cover"] == "cover.xhtml"
    assert types["titlepage"] == "titlepage.xhtml"
    assert types["toc"] == "nav.xhtml#toc"
    _, first_body = built.resolve(types["bodymatter"], nav_href)
    assert first_body.find("h:body", NS).get(ETYPE) == "bodymatter"
    # epub3_pages is off: no page-list built from every epub:type with an id
    assert nav.find(".//h:nav[@epub:type='page-list']", NS) is None


def test_ncx_mirrors_the_nav(built):
    _, nav = built.nav()
    toc = nav.find(".//h:nav[@epub:type='toc']", NS)
    nav_hrefs = [a.get("href") for a in toc.iter(f"{{{H}}}a")]
    ncx = parse_xml(built.read("toc.ncx"))
    ncx_hrefs = [c.get("src") for c in ncx.iterfind(".//ncx:navPoint/ncx:content", NS)]
    assert ncx_hrefs == nav_hrefs
    orders = [int(p.get("playOrder")) for p in ncx.iterfind(".//ncx:navPoint", NS)]
    assert orders == list(range(1, len(orders) + 1))
    nested = ncx.find(".//ncx:navPoint/ncx:navPoint", NS) is not None
    assert ncx.find(".//ncx:meta[@name='dtb:depth']", NS).get("content") == ("2" if nested else "1")


# --- notes ---------------------------------------------------------------


def _calls(book):
    for href in book.xhtml_hrefs():
        for a in book.doc(href).iterfind(".//h:a[@epub:type='noteref']", NS):
            yield href, a


def _check_notes(book, source_root, endnotes_file=None):
    calls = list(_calls(book))
    expected = [a for a in source_root.iter(f"{{{H}}}a") if a.get("data-type") == "noteref"]
    assert sorted(a.get("id") for _, a in calls) == sorted(a.get("id") for a in expected)
    kinds = set()
    for href, a in calls:
        assert a.get("role") == "doc-noteref"
        where, note = book.resolve(a.get("href"), href)
        kind = note.get(ETYPE)
        kinds.add(kind)
        if kind == "footnote":
            assert note.tag == f"{{{H}}}aside" and note.get("role") == "doc-footnote"
            assert where == href
        else:
            assert kind == "endnote" and note.tag == f"{{{H}}}li"
            notes = note.getparent().getparent()
            while notes.get(ETYPE) != "endnotes":
                notes = notes.getparent()
            assert notes.get("role") == "doc-endnotes"
            if endnotes_file:
                assert where == endnotes_file
        assert a.text == (note.get("value") or a.text)
        backs = note.findall(".//h:a[@role='doc-backlink']", NS)
        assert len(backs) == 1
        back_file, back_target = book.resolve(backs[0].get("href"), where)
        # the back-link returns to the first call of that note
        assert back_file == href
        assert back_target.get("href", "").endswith("#" + note.get("id"))
        assert back_target.get(ETYPE) == "noteref"
    assert kinds == {"footnote", "endnote"}


def test_noterefs_point_to_notes_with_backlinks(built, source_root):
    _check_notes(built, source_root)


def test_endnotes_collected_at_the_back(built_book_notes, source_root):
    book = built_book_notes
    assert book.spine_hrefs()[-1] == "endnotes.xhtml"
    _check_notes(book, source_root, endnotes_file="endnotes.xhtml")
    doc = book.doc("endnotes.xhtml")
    assert doc.find("h:body", NS).get(ETYPE) == "backmatter"
    assert not doc.xpath("//@*[starts-with(name(), 'data-')]")
    # one list per part that has endnotes, headed by the part's title
    _, nav = book.nav()
    assert "endnotes.xhtml" in [a.get("href") for a in nav.iter(f"{{{H}}}a")]
    with_notes = [s for s in _parts(source_root)
                  if any(a.get("data-type") == "endnote" for a in s.iter(f"{{{H}}}aside"))]
    subs = doc.findall("h:body/h:section/h:section", NS)
    assert [s.get("id") for s in subs] == [f"endnotes-{p.get('id')}" for p in with_notes]
    for href in book.xhtml_hrefs():
        if href != "endnotes.xhtml":
            assert book.doc(href).find(".//*[@epub:type='endnote']", NS) is None, href


def test_unresolved_noterefs_stay_visible_and_are_never_links(built, source_root):
    expected = [s.text for s in source_root.iter(f"{{{H}}}span")
                if s.get("data-type") == "noteref"]
    assert expected, "the sample has an unresolved note"
    found = []
    for href in built.xhtml_hrefs():
        for sup in built.doc(href).iterfind(".//h:sup", NS):
            if "unresolved" in (sup.get("class") or "").split():
                found.append(sup.text)
                assert "noteref" in sup.get("class").split()
                assert sup.get("href") is None
                anc = sup.getparent()
                while anc is not None:
                    assert anc.tag != f"{{{H}}}a", "unresolved noteref inside a link"
                    anc = anc.getparent()
    assert sorted(found) == sorted(expected)


def test_internal_links_resolve(built):
    for href in built.xhtml_hrefs():
        for a in built.doc(href).iter(f"{{{H}}}a"):
            target = a.get("href")
            if target and not target.startswith(("http:", "https:", "mailto:")):
                built.resolve(target, href)


# --- tables --------------------------------------------------------------


def _text(el):
    return " ".join("".join(el.itertext()).split())


def test_tables_are_real_tables(built, source_root):
    src_tables = {t.get("id"): t for t in source_root.iter(f"{{{H}}}table")}
    assert src_tables, "the sample has tables"
    seen = set()
    for href in built.xhtml_hrefs():
        for table in built.doc(href).iter(f"{{{H}}}table"):
            src = src_tables[table.get("id")]
            seen.add(table.get("id"))
            assert table.getparent().get("class") == "table-wrap"
            assert (table.find("h:caption", NS) is None) == (src.find(f"{{{H}}}caption") is None)
            assert table.find("h:thead", NS) is not None and table.find("h:tbody", NS) is not None
            for th in table.iterfind("h:thead/h:tr/h:th", NS):
                assert th.get("scope") == "col"
            out_rows = table.findall("h:tbody/h:tr", NS)
            src_rows = src.findall(f"{{{H}}}tbody/{{{H}}}tr")
            assert len(out_rows) == len(src_rows)
            for out_row, src_row in zip(out_rows, src_rows):
                assert [(c.tag, c.get("scope"), c.get("class"), _text(c)) for c in out_row] == \
                       [(c.tag, c.get("scope"), c.get("class"), _text(c)) for c in src_row]
    assert seen == set(src_tables)
    numeric = [c for t in src_tables.values() for c in t.iter(f"{{{H}}}td")
               if c.get("class") == "num"]
    assert numeric, "the sample has a numeric column"


def test_table_css_keeps_tables_inside_a_phone_screen():
    from publish.epub.resources import stylesheet

    css = stylesheet().decode()
    wrap = css[css.index("div.table-wrap {"):]
    wrap = wrap[:wrap.index("}")]
    assert "overflow-x: auto" in wrap and "max-width: 100%" in wrap
    num = css[css.index("td.num,"):]
    num = num[:num.index("}")]
    assert "text-align: right" in num and "tabular-nums" in num


def css_type_selectors(css: str) -> set[str]:
    """The element names a stylesheet's selectors use (`p` in `h1 + p`,
    `nav` in `nav[epub|type~="toc"] ol`), at-rules' contents included."""
    import tinycss2

    names: set[str] = set()

    def walk(rules):
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None:
                walk(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                              skip_whitespace=True))
            elif rule.type == "qualified-rule":
                prev = None  # [..] and (..) are nested blocks: never looked into
                for token in rule.prelude:
                    if token.type == "ident" and (prev is None or prev.type == "whitespace"
                                                  or (prev.type == "literal"
                                                      and prev.value in ",>+~")):
                        names.add(token.lower_value)
                    prev = token

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return names


def schema_elements() -> set[str]:
    from importlib.resources import files

    rng = parse_xml(files("publish").joinpath("data/book.rng").read_bytes())
    return {e.get("name") for e in rng.iter("{http://relaxng.org/ns/structure/1.0}element")}


def test_stylesheet_styles_only_elements_the_book_can_have(built):
    """A rule for an element the writer never emits is dead weight."""
    from publish.epub.resources import stylesheet

    emitted = schema_elements() | {"div", "sup", "nav", "img"}  # the writer's own
    for href in built.xhtml_hrefs():
        emitted |= {etree.QName(e).localname for e in built.doc(href).iter(etree.Element)}
    assert css_type_selectors(stylesheet().decode()) - emitted == set()


# --- generated pages -----------------------------------------------------


def test_cover_image(built, source_root):
    covers = [i for i in built.manifest.values()
              if "cover-image" in (i.get("properties") or "").split()]
    assert len(covers) == 1
    img = Image.open(io.BytesIO(built.read(covers[0].get("href"))))
    assert img.format == "JPEG" and img.size == (1600, 2400)
    # typographic: not a blank ground
    extrema = img.convert("L").getextrema()
    assert extrema[1] - extrema[0] > 100
    page = built.doc("cover.xhtml")
    el = page.find(".//h:img", NS)
    assert el.get("src") == covers[0].get("href")
    title = next(m.get("content") for m in source_root.iter(f"{{{H}}}meta") if m.get("name") == "title")
    assert title in el.get("alt")
    assert page.find(".//*[@epub:type='cover']", NS) is not None


def test_title_page_and_imprint(built, source_root):
    def meta(name):
        return [m.get("content") for m in source_root.iter(f"{{{H}}}meta") if m.get("name") == name]

    title = _text(built.doc("titlepage.xhtml").find(".//h:body", NS))
    assert meta("title")[0] in title
    for author in meta("author"):
        assert author in title
    imprint = _text(built.doc("imprint.xhtml").find(".//h:body", NS))
    for name in ("original-publisher", "original-place", "original-year", "publisher",
                 "rights", "credit"):
        for value in meta(name):
            if value:
                assert value in imprint, name
    assert meta("identifier")[0].split(":")[-1] in imprint


def test_imprint_dates_this_edition_even_without_a_publisher(tmp_path, source_root):
    from publish.epub import write_epub

    root = _set_meta(copy.deepcopy(source_root), "publisher", "")
    date = next(m.get("content") for m in root.iter(f"{{{H}}}meta") if m.get("name") == "date")
    write_epub(root, tmp_path / "p.epub")
    edition = Epub(tmp_path / "p.epub").doc("imprint.xhtml").find(
        ".//h:section[@class='this-edition']", NS)
    assert _text(edition).startswith("This edition published ")
    assert edition.find(".//h:time", NS).get("datetime") == date


# --- failures ------------------------------------------------------------


def test_no_half_written_file_on_failure(tmp_path, source_root, monkeypatch):
    from publish.epub import write_epub, writer

    def boom(*a, **k):
        raise PublishError("cover failed")

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "old.epub").write_bytes(b"previous build")
    monkeypatch.setattr(writer, "render_cover", boom)
    with pytest.raises(PublishError):
        write_epub(copy.deepcopy(source_root), dist / "x.epub")
    with pytest.raises(PublishError):
        write_epub(copy.deepcopy(source_root), dist / "old.epub")
    assert sorted(p.name for p in dist.iterdir()) == ["old.epub"]
    assert (dist / "old.epub").read_bytes() == b"previous build"


def test_missing_font_is_a_clear_error(tmp_path, source_root, monkeypatch):
    from publish.epub import resources, write_epub

    styles = tmp_path / "styles"
    (styles / "fonts").mkdir(parents=True)
    (styles / "epub.css").write_bytes(resources.stylesheet())
    monkeypatch.setenv("PUBLISH_STYLES", str(styles))
    monkeypatch.setattr(resources, "SYSTEM_FONT_DIRS", ())
    resources.cover_fonts.cache_clear()
    try:
        with pytest.raises(PublishError) as err:
            write_epub(copy.deepcopy(source_root), tmp_path / "x.epub")
        assert "EB Garamond" in str(err.value) and err.value.hint
    finally:
        resources.cover_fonts.cache_clear()
    assert not (tmp_path / "x.epub").exists()


def test_missing_identifier_gets_a_stable_derived_one(tmp_path, source_root):
    from publish.epub import write_epub

    messages = []
    root = _set_meta(copy.deepcopy(source_root), "identifier", "")
    write_epub(copy.deepcopy(root), tmp_path / "a.epub", progress=messages.append)
    write_epub(copy.deepcopy(root), tmp_path / "b.epub")
    a, b = Epub(tmp_path / "a.epub"), Epub(tmp_path / "b.epub")
    ident = a.opf.find(".//dc:identifier[@id='pub-id']", NS).text
    assert ident.startswith("urn:uuid:")
    assert a.data == b.data
    assert any("no identifier" in m and ident in m for m in messages)


def test_cli_epub_command(tmp_path):
    if not (SAMPLE / "book.toml").is_file():
        pytest.skip("no sample manuscript")
    from click.testing import CliRunner

    from publish.cli import main

    out = tmp_path / "dist" / "sample.epub"
    result = CliRunner().invoke(main, ["epub", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = Epub(out)
    assert "nav.xhtml" in book.spine_hrefs()
    assert sorted(p.name for p in out.parent.iterdir()) == ["sample.epub"]


def test_parts_named_like_the_generated_pages(tmp_path, sample_dir):
    """cover.md, nav.md and endnotes.md must not replace the cover, the nav
    or the collected notes: every document keeps a file of its own."""
    from publish.build import build_xml
    from publish.epub import write_epub

    renames = {"01-the-rock.md": "cover.md", "02-the-light.md": "nav.md",
               "appendix.md": "endnotes.md"}
    toml = (sample_dir / "book.toml").read_text(encoding="utf-8")
    for old, new in renames.items():
        (sample_dir / old).rename(sample_dir / new)
        toml = toml.replace(f'"{old}"', f'"{new}"')
    (sample_dir / "book.toml").write_text(toml, encoding="utf-8")
    root = _set_meta(build_xml(sample_dir), "endnotes", "book")
    write_epub(root, tmp_path / "book.epub")
    book = Epub(tmp_path / "book.epub")
    hrefs = [i.get("href") for i in book.manifest.values()]
    assert len(hrefs) == len(set(hrefs))
    assert len(book.zip.namelist()) == len(set(book.zip.namelist()))
    spine = book.spine_hrefs()
    assert spine[:4] == ["cover.xhtml", "titlepage.xhtml", "imprint.xhtml", "nav.xhtml"]
    assert spine[-1] == "endnotes.xhtml"
    assert book.doc("cover.xhtml").find(".//h:img", NS) is not None
    assert book.doc("endnotes.xhtml").find(".//h:ol", NS) is not None
    for part in ("cover", "nav", "endnotes"):
        section = book.doc(f"part-{part}.xhtml").find("h:body/h:section", NS)
        assert section.get("id") == part


def test_hand_written_fixture_follows_the_schema():
    """minimal.xml stands in for build_xml output: it must obey the same contract."""
    from publish.writers.xml import validate

    validate(parse_xml_file(MINIMAL_XML))
