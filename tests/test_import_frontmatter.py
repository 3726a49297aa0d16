import pytest

from publish.importer import import_document
from publish.importer.rules_core.text import heading_key, leadin_words, title_ratio

from import_helpers import CORPUS, FIRST_TITLE


@pytest.fixture(scope="module")
def first():
    return import_document(FIRST_TITLE.read_text(encoding="utf-8"), str(FIRST_TITLE))


def test_first_title_metadata(first):
    md = first.metadata
    assert md.title == "Trotsky"
    assert md.subtitle == "The Darker the Night the Brighter the Star, 1927-1940"
    assert md.authors == ["Tony Cliff"]
    assert (md.original.publisher, md.original.place, md.original.year) == ("Bookmarks", "London", "1993")
    assert any(c.startswith("Transcribed by Martin Fahlgren") for c in md.credits)
    # a wrapped credit line is joined
    assert "Marked up by Einde O’Callaghan for the Marxists Internet Archive" in md.credits


def test_contents_read_as_evidence(first):
    texts = [t for _, t in first.contents]
    assert "1. Stalin Turns to Forced Collectivisation" in texts
    # wrapped entries are joined
    assert "Headquarters of the Fourth International Transferred to the United States" in texts
    assert len(texts) > 90
    # the body starts after the contents, at the first front part
    assert first.lines[first.body_start].text == "Acknowledgements"


@pytest.mark.parametrize("path", CORPUS[:3], ids=lambda p: p.name)
def test_generated_books_metadata(path):
    import json

    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    doc = import_document(path.read_text(encoding="utf-8"), str(path))
    assert doc.metadata.title == truth["title"]
    assert doc.metadata.authors == [truth["author"]]
    assert doc.metadata.original.year == str(truth["year"])


def test_text_helpers():
    assert heading_key("3. Trotsky’s Reaction") == heading_key("Trotsky's reaction")
    assert title_ratio("The Rise of the Popular Front") == 1.0
    assert title_ratio("the mutual paralysis of all social forces") < 0.3
    assert leadin_words("TROTSKY HAD hardly arrived") == 2
    assert leadin_words("IN 1927-9 AGRICULTURE was not") == 3
    assert leadin_words("Trotsky had hardly") == 0
    assert leadin_words("USSR") == 0


def test_long_contents_entry_then_a_short_one_are_two_headings():
    # a long entry and a short one after it look like one wrapped entry; the
    # body shows them as two headings
    long = "3. The Struggle of Muvaenko and the Victory of the Bureaucracy in Mexico"
    body = ["THE TEXT begins here and runs on for a while as running text does in it"] + \
        ["and more of the running text of this book runs on for a while as text does"] * 12
    text = "\n".join(["Book", "", "Contents", "1. Opening", long, "Levvaov and the Victory", "",
                      "1. Opening", ""] + body + ["", long, ""] + body
                     + ["Levvaov and the Victory", ""] + body)
    doc = import_document(text, "t.txt")
    texts = [t for _, t in doc.contents]
    assert long in texts and "Levvaov and the Victory" in texts


def test_contents_entry_is_not_joined_to_the_next_numbered_one():
    long = "SP-CP United Front Was to a Certain Extent Successful"
    body = ["THE TEXT begins here and runs on as the text does here"] + \
        ["and more of the running text runs on as the text does it"] * 12
    text = "\n".join(["Book", "", "Contents", "1. I Never Thought", long, "2. The Working Class",
                      "", "1. I Never Thought", ""] + body)
    texts = [t for _, t in import_document(text, "t.txt").contents]
    assert texts[-2:] == [long, "2. The Working Class"]


def test_body_starts_at_a_first_heading_that_wraps():
    text = "\n".join(["The Article Showed", "1928-1940", "Chris Harman", "", "Contents",
                      "1. The Results Thus Obtained Were Not Encouraging", "2. Another One", "",
                      "1. The Results Thus Obtained Were", "Not Encouraging",
                      "FOLLOWING THE extraordinary measures " + "for collecting grain " * 4 + "."])
    doc = import_document(text, "t.txt")
    assert doc.metadata.title == "The Article Showed"
    assert doc.lines[doc.body_start].text == "1. The Results Thus Obtained Were"


def test_body_starts_at_a_first_heading_that_wraps_later_than_its_contents_entry():
    # corpus2 seed 686: the entry wraps before "Das", the heading after it
    text = "\n".join(["A Month Later?", "1927-1931", "Jean Peltier", "", "Contents",
                      "1. Marx Devoted These Years Almost Entirely to Research for His",
                      "Das Kapital", "2. This Must Be Stated Plainly and Distinctly", "",
                      "1. Marx Devoted These Years Almost", "Entirely to Research for His Das",
                      "Kapital",
                      "THERMIDOR AND Bonapartism " + "had won in the USSR, " * 4 + "."])
    doc = import_document(text, "t.txt")
    assert doc.lines[doc.body_start].text == "1. Marx Devoted These Years Almost"
    # the body sets the title whole over three lines: the entry's two are one
    assert [t for _, t in doc.contents] == [
        "1. Marx Devoted These Years Almost Entirely to Research for His Das Kapital",
        "2. This Must Be Stated Plainly and Distinctly"]


def test_a_contents_entry_that_repeats_an_earlier_one_stays_in_the_list():
    # corpus2 seed 171: two chapters each have a section "POUM and Influence
    # It", the second last in the list; the body starts at the first chapter
    text = "\n".join(["The Correctness of its Slogans", "1930-1935", "Lindsey German", "",
                      "Contents", "1. The Volcanic Eruption of American Imperialism",
                      "POUM and Influence It?", "2. The Bureaucracy Which",
                      "The Reintegration of the Bolshevik-Leninists", "POUM and Influence It",
                      "", "1. The Volcanic Eruption of", "American Imperialism",
                      "ARE WE READY to assist " + "in precisely this process, " * 4 + "."])
    doc = import_document(text, "t.txt")
    assert doc.lines[doc.body_start].text == "1. The Volcanic Eruption of"
    assert [t for _, t in doc.contents][-1] == "POUM and Influence It"


def test_contents_entry_the_body_shows_wrapped_is_one_entry():
    # the first line is short of the measure, but the body wraps the title
    # at the same word
    body = ["THE TEXT begins here and runs on as the text does here"] + \
        ["and more of the running text runs on as the text does it"] * 12
    text = "\n".join(["Book", "", "Contents", "1. Opening", "He Was the Embodiment of the Frenzied Petty",
                      "Bourgeoisie", "", "1. Opening", ""] + body
                     + ["", "He Was the Embodiment of the Frenzied Petty", "Bourgeoisie",
                        "HERR BRÜNING HAS put it very plainly"] + body)
    texts = [t for _, t in import_document(text, "t.txt").contents]
    assert "He Was the Embodiment of the Frenzied Petty Bourgeoisie" in texts


def test_contents_entry_the_body_sets_on_one_line_is_one_entry():
    body = ["THE TEXT begins here and runs on as the text does here"] + \
        ["and more of the running text runs on as the text does it"] * 12
    text = "\n".join(["Book", "", "Contents", "1. Opening", "2. From the Revolution to the Retreat:",
                      "Enormous", "", "1. Opening", ""] + body
                     + ["", "2. From the Revolution to the Retreat: Enormous", ""] + body)
    texts = [t for _, t in import_document(text, "t.txt").contents]
    assert "2. From the Revolution to the Retreat: Enormous" in texts


def test_a_printed_contents_gives_pages_that_are_no_part_of_the_titles():
    # each entry's page at the end of its last line, after a space or dot
    # leaders; an entry wrapped over two lines has its page on the second
    contents = ["Contents", "Introduction 3", "1. The Trial of Bukharin . . . . 7",
                "The Stalinist Bureaucracy with a Burning Sense of", "Shame 11",
                "2. The Party of 1848 ........ 16", ""]
    body = ["Introduction", "", "FROM NOW on the counter-revolution would accelerate, and the",
            "party knew it.", "", "1. The Trial of Bukharin", "",
            "THE TRIAL opened in the spring and the accused confessed to all of it."]
    doc = import_document("\n".join(["A Book", "By Some One", ""] + contents + body) + "\n",
                          "t.txt")
    assert [t for _, t in doc.contents] == [
        "Introduction", "1. The Trial of Bukharin",
        "The Stalinist Bureaucracy with a Burning Sense of Shame", "2. The Party of 1848"]
    assert doc.lines[doc.body_start].text == "Introduction"


def test_titles_that_end_with_years_keep_them():
    contents = ["Contents", "1. The Events of 1917", "2. The Crisis of 1923",
                "3. The Turn of 1928", ""]
    body = ["1. The Events of 1917", "", "THE EVENTS of that year began in the winter and ran",
            "on to the autumn, when the party took power in the capital."]
    doc = import_document("\n".join(["A Book", "By Some One", ""] + contents + body) + "\n",
                          "t.txt")
    assert [t for _, t in doc.contents] == ["1. The Events of 1917", "2. The Crisis of 1923",
                                            "3. The Turn of 1928"]
