"""Page furniture: folios and running heads that an extraction kept at the top
and foot of its pages are removed, each one reported, and nothing else is."""

import random
from pathlib import Path

from import_helpers import CORPUS, book_words

from publish.importer import import_document, import_text
from publish.importer.rules_core.furniture import furniture
from publish.importer.document import Document, Line

_WORDS = ("the party congress rejected a long campaign against old factory workers while "
          "central committee members debated rural harvest figures during winter").split()


def _pages(seed: int, furnish: str, attach_folio: bool = False, paragraphs: int = 14,
           chapters: int = 3):
    """A book of chapters, each from a new page, paginated at 24 lines
    as pdftotext gives it: a blank line at each page break; with `furnish`
    "folios" and/or "heads", the page number alone at each foot and the
    chapter's title alone at each top. Returns the text and the line numbers
    of the furniture."""
    rnd = random.Random(seed)
    out = ["A Book of Pages", "By Some One", ""]
    furniture_lines: list[int] = []
    page = 1
    for c in range(1, chapters + 1):
        head = f"{c}. The {_WORDS[c].capitalize()} Chapter"
        body = [head, ""]
        for _ in range(paragraphs):
            words = [rnd.choice(_WORDS) for _ in range(rnd.randint(30, 70))]
            line = ""
            for w in (" ".join(words).capitalize() + ".").split():
                if len(line) + len(w) + 1 > 62 and line:
                    body.append(line)
                    line = w
                else:
                    line = f"{line} {w}".strip()
            body.append(line)
        for k in range(0, len(body), 24):
            if "combined" in furnish:
                # the folio on the head's line: verso the book, recto the chapter
                out += [f"{page} A Book of Pages" if page % 2 == 0 else f"{head} {page}", ""]
                furniture_lines.append(len(out) - 1)
            if "heads" in furnish:
                out += [head, ""]
                furniture_lines.append(len(out) - 1)
            if "inline" in furnish:  # pdftotext ran the head into the page's text
                out += [head]
                furniture_lines.append(len(out))
            out += body[k:k + 24]
            if "folios" in furnish:
                out += [str(page)] if attach_folio else ["", str(page)]
                furniture_lines.append(len(out))
            out.append("")
            page += 1
    return "\n".join(out) + "\n", furniture_lines


def _removed(report):
    return sorted(d.first_line for d in report.decisions if d.pass_name == "furniture")


def test_folios_and_running_heads_are_removed_and_reported():
    plain = {n: import_text(_pages(1, "", paragraphs=n)[0], "clean.txt")[0] for n in (14, 30)}
    # a head that pdftotext ran into each page's text must come back more
    # often to count: that book's chapters run longer
    for furnish, attach, paras in [("folios", False, 14), ("folios", True, 14),
                                   ("heads", False, 14), ("folios heads", False, 14),
                                   ("combined", False, 14), ("folios inline", False, 30)]:
        text, injected = _pages(1, furnish, attach, paragraphs=paras)
        book, report = import_text(text, "pages.txt")
        assert _removed(report) == injected, furnish
        # the book reads as the one printed without them, word for word
        assert book_words(book) == book_words(plain[paras]), furnish
        assert [ch.number for ch in book.chapters] == ["1", "2", "3"]


def test_chapters_of_a_page_or_two_keep_their_headings():
    # each chapter's head stands over its heading, and comes back once or not at all
    clean, _ = _pages(3, "", paragraphs=3, chapters=8)
    plain, _ = import_text(clean, "clean.txt")
    text, injected = _pages(3, "folios heads", paragraphs=3, chapters=8)
    book, report = import_text(text, "pages.txt")
    assert _removed(report) == injected
    assert book_words(book) == book_words(plain)


def test_a_chapters_running_head_over_its_heading_leaves_the_heading():
    text, injected = _pages(2, "heads")
    doc = import_document(text, "pages.txt")
    lines = text.split("\n")
    # on each chapter's first page the running head stands over the heading itself
    openers = [n for n in injected if lines[n + 1] == lines[n - 1]]
    assert len(openers) == 3
    assert all(any(ln.n == n + 2 for ln in doc.lines) for n in openers)


def test_a_head_over_a_page_whose_chapter_opens_near_its_foot_leaves_the_heading():
    # corpus2 seed 776 (its first pages): chapters run on without a new page,
    # and a page's head names the chapter that opens on it, here below the
    # Introduction's notes, 34 lines under the head with no folio between
    path = Path(__file__).parent / "data" / "head-far-above-its-heading.txt"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    title = "1. Stalin Would Capitulate to the Right"
    head, heading = [i + 1 for i, t in enumerate(lines) if t == title][1:3]  # (after the Contents)
    assert heading - head == 34 and not any(t.isdigit() for t in lines[head:heading - 1])
    doc = import_document(text, path.name)
    removed = {d.first_line for d in doc.report.decisions if d.pass_name == "furniture"}
    assert head in removed and heading not in removed
    assert any(b.text == title and b.first == heading for b in doc.blocks)


def test_a_running_head_wrapped_over_two_lines_goes_whole():
    # corpus2 seed 774 (its first pages): "1. It Is a Populist Counter-
    # revolutionary" / "Movement" opens each page; pdftotext runs the pair
    # into the page's text. The chapter's heading (its hyphen lost) stays.
    path = Path(__file__).parent / "data" / "head-wrapped-over-two-lines.txt"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    tops = [i + 1 for i, t in enumerate(lines) if t == "1. It Is a Populist Counter-revolutionary"]
    assert len(tops) >= 4 and all(lines[n] == "Movement" for n in tops)
    doc = import_document(text, path.name)
    removed = {d.first_line for d in doc.report.decisions if d.pass_name == "furniture"}
    assert all(n in removed and n + 1 in removed for n in tops)
    heading = lines.index("1. It Is a Populist Counterrevolutionary Movement") + 1
    assert [b.first for b in doc.blocks if b.kind == "heading"][0] == heading
    assert not any("Movement" == b.text.split()[0] for b in doc.blocks if b.text)


def test_a_short_chapters_head_over_its_wrapped_heading_goes():
    # corpus2 seed 986 (furniture): chapter 2 runs two pages, so its head
    # comes back once only; on its opening page the head stands over the
    # heading, which wraps ("2. SFIO Is Now Proved by" / "Objective Facts")
    path = Path(__file__).parent / "data" / "head-over-its-wrapped-heading.txt"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    title = "2. SFIO Is Now Proved by Objective Facts"
    heads = [i + 1 for i, t in enumerate(lines) if t == title][1:]  # (after the Contents)
    assert len(heads) == 2 and lines[heads[0] + 1:heads[0] + 3] == [
        "2. SFIO Is Now Proved by", "Objective Facts"]
    doc = import_document(text, path.name)
    removed = {d.first_line for d in doc.report.decisions if d.pass_name == "furniture"}
    assert set(heads) <= removed
    assert any(b.kind == "heading" and b.first == heads[0] + 2 for b in doc.blocks)
    # the second head stood in a table that a page break cut: the table is whole
    tables = [b.attrs["guess"] for b in doc.blocks if b.kind == "table"]
    assert title not in [g.caption for g in tables]
    votes = [g for g in tables if g.caption.startswith("Votes cast")]
    assert len(votes) == 1 and [r[0] for r in votes[0].body] == [
        "1924", "1925", "1926-27", "1927-28", "1928", "1929"]


def _doc(lines: list[str]) -> Document:
    doc = Document("t.txt")
    doc.lines = [Line(n, t) for n, t in enumerate(lines, 1)]
    return doc


def test_numbers_that_count_up_inside_a_table_are_no_folios():
    # a column of years read one cell a block, between pages of text
    text = ["Some words of the text run on here and further on to the end"] * 6
    table = []
    for year in range(1925, 1935):
        table += [str(year), "", f"{year % 97}.5", ""]
    doc = furniture(_doc(text + [""] + table + text))
    assert len(doc.lines) == len(text) * 2 + 1 + len(table)


def test_a_word_alone_on_many_lines_is_no_running_head():
    # pdftotext can set a lone word apart; in lower case it is never a head
    page = ["The text of a page runs on for a few lines of prose here"] * 5
    lines = []
    for _ in range(8):
        lines += page + ["", "the", ""]
    assert len(furniture(_doc(lines)).lines) == len(lines)


def test_the_test_books_have_no_furniture():
    for path in CORPUS:
        doc = import_document(path.read_text(encoding="utf-8"), str(path))
        assert not doc.report.counts.get("folios removed"), path.name
        assert not doc.report.counts.get("running heads removed"), path.name
