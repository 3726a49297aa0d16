"""`publish check`: each lint check fires on a planted fault and stays quiet on
the clean fixture (tests/fixtures/check/clean) and on near misses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from publish.check import lint_manuscript, run_check

CLEAN = Path(__file__).parent / "fixtures" / "check" / "clean"
CHAPTER = "01-stalin-turns.md"


@pytest.fixture
def ms(tmp_path):
    dest = tmp_path / "manuscript"
    shutil.copytree(CLEAN, dest)
    return dest


def edit(ms: Path, name: str, old: str, new: str) -> None:
    path = ms / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(ms: Path, name: str, text: str) -> None:
    path = ms / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def codes(ms: Path) -> list[str]:
    return [f.code for f in lint_manuscript(ms)]


def found(ms: Path, code: str):
    return [f for f in lint_manuscript(ms) if f.code == code]


# --- the clean fixture -------------------------------------------------------

def test_clean_fixture_has_no_findings():
    assert lint_manuscript(CLEAN) == []
    assert run_check(CLEAN, fmt="text") == 0


# --- notes -------------------------------------------------------------------

def test_unresolved_notes_reported_once_per_chapter_with_count(ms):
    edit(ms, CHAPTER, "held back their grain.[^1]", "held back their grain.[^1] Again.[^7] And.[^8]")
    hits = found(ms, "note-unresolved")
    assert len(hits) == 1
    assert "2 note call(s)" in hits[0].message and "7, 8" in hits[0].message
    assert hits[0].file == CHAPTER and hits[0].text == "[^7]"


def test_unreferenced_note(ms):
    append(ms, CHAPTER, "[^9]: A note nobody calls.\n")
    hits = found(ms, "note-unreferenced")
    assert [h.text for h in hits] == ["[^9]"]


def test_duplicate_note_label(ms):
    append(ms, CHAPTER, "[^2]: A second text for note 2.\n")
    hits = found(ms, "note-duplicate")
    assert len(hits) == 1 and hits[0].severity == "error"


def test_note_call_before_punctuation(ms):
    edit(ms, CHAPTER, "held back their grain.[^1]", "held back their grain[^1].")
    hits = found(ms, "note-before-punctuation")
    assert len(hits) == 1
    assert hits[0].text == "[^1]." and hits[0].suggestion == ".[^1]"


def test_note_call_after_punctuation_is_house_style(ms):
    assert "note-before-punctuation" not in codes(ms)


def test_house_style_before_punctuation(ms):
    (ms / "check.toml").write_text('[style]\nnote_call = "before"\n', encoding="utf-8")
    assert run_check(ms, fmt="json") == 0   # warnings only
    from publish.check.config import load_config
    hits = [f for f in lint_manuscript(ms, load_config(ms).note_call)
            if f.code == "note-after-punctuation"]
    assert len(hits) == 3


# --- structure ---------------------------------------------------------------

def test_heading_level_skip(ms):
    edit(ms, CHAPTER, "### The Grain Strike", "#### The Grain Strike")
    hits = found(ms, "heading-skip")
    assert len(hits) == 1 and hits[0].line == 15


def test_no_skip_going_back_up(ms):
    append(ms, CHAPTER, "\n## Another Section\n\nMore text here.\n")
    assert "heading-skip" not in codes(ms)


def test_empty_chapter(ms):
    (ms / "acknowledgements.md").write_text("# Acknowledgements\n", encoding="utf-8")
    hits = found(ms, "chapter-empty")
    assert [h.file for h in hits] == ["acknowledgements.md"]


def test_chapter_missing_from_book_toml(ms):
    (ms / "02-forced-march.md").write_text("# 2. The Forced March\n\nText.\n", encoding="utf-8")
    hits = found(ms, "contents-unlisted")
    assert [h.file for h in hits] == ["02-forced-march.md"]


def test_listed_file_missing(ms):
    edit(ms, "book.toml", 'chapters = ["01-stalin-turns.md"]',
         'chapters = ["01-stalin-turns.md", "02-missing.md"]')
    hits = found(ms, "contents-missing-file")
    assert len(hits) == 1 and hits[0].file == "book.toml" and hits[0].line == 25
    assert run_check(ms) == 1


def test_part_without_title(ms):
    edit(ms, "acknowledgements.md", "# Acknowledgements\n\n", "")
    assert "heading-no-title" in codes(ms)


# --- tables ------------------------------------------------------------------

def test_ragged_row(ms):
    edit(ms, CHAPTER, "| 1929 | 34.6   | 67.1   |", "| 1929 | 34.6   |")
    hits = found(ms, "table-ragged")
    assert len(hits) == 1 and "2 cells" in hits[0].message


def test_non_numeric_cell_in_numeric_column(ms):
    edit(ms, CHAPTER, "| 1929 | 34.6   | 67.1   |", "| 1929 | 34.6   | 6l.1   |")
    hits = found(ms, "table-non-numeric")
    assert len(hits) == 1
    assert hits[0].text == "6l.1" and hits[0].suggestion == "61.1"


def test_numeric_column_accepts_numbers_and_dashes(ms):
    edit(ms, CHAPTER, "| 1929 | 34.6   | 67.1   |", "| 1929 | 1,234  | –      |")
    assert "table-non-numeric" not in codes(ms)


def test_missing_caption(ms):
    edit(ms, CHAPTER, "Table: Number of livestock, millions[^4]\n\n", "")
    edit(ms, CHAPTER, "[^4]: Soviet statistics, 1930.\n", "")
    assert [f.code for f in lint_manuscript(ms)] == ["table-caption-missing"]


# --- text --------------------------------------------------------------------

def test_unbalanced_quote_closing_without_opening(ms):
    edit(ms, CHAPTER, "‘the kulak is the master of the village’", "the kulak is the master of the village’")
    hits = found(ms, "text-unbalanced")
    assert len(hits) == 1 and hits[0].text == "’" and hits[0].line == 12


def test_lost_opening_quote_is_placed_after_the_colon(ms):
    edit(ms, CHAPTER, "The camps of exile were full", "Trotsky wrote: The camps of exile were full’")
    (hit,) = found(ms, "text-unbalanced")
    assert (hit.text, hit.suggestion, hit.col) == ("The", "‘The", 16)


def test_unbalanced_quote_never_closed(ms):
    edit(ms, CHAPTER, "The camps of exile were full", "He said: ‘The camps of exile were full")
    hits = found(ms, "text-unbalanced")
    assert len(hits) == 1 and hits[0].text == "‘" and hits[0].line == 17


def test_wrong_way_opening_quote(ms):
    edit(ms, CHAPTER, "‘the kulak is the master of the village’", "”the kulak is the master of the village”")
    hits = found(ms, "text-quote-direction")
    assert len(hits) == 1 and hits[0].suggestion == "“"
    assert "text-unbalanced" not in codes(ms)


def test_enumeration_parentheses_are_balanced(ms):
    edit(ms, CHAPTER, "The camps of exile", "It demanded: 1) bread; 2) land; (3) peace. The camps of exile")
    assert "text-unbalanced" not in codes(ms)


def test_apostrophes_and_plural_possessives_are_not_quotes(ms):
    edit(ms, CHAPTER, "The camps of exile", "In the ’30s the Oppositionists’ camps of exile")
    assert "text-unbalanced" not in codes(ms)


def test_unbalanced_parenthesis(ms):
    edit(ms, CHAPTER, "(in a letter of\n1928)", "(in a letter of\n1928")
    hits = found(ms, "text-unbalanced")
    assert len(hits) == 1 and hits[0].text == "("


def test_doubled_word_across_line_end(ms):
    edit(ms, CHAPTER, "wrote to his friends in exile", "wrote to his friends in in exile")
    hits = found(ms, "text-doubled-word")
    assert len(hits) == 1 and hits[0].text == "in in"


def test_legitimate_double_not_flagged(ms):
    edit(ms, CHAPTER, "He\nsaw it at once", "He had had\nenough; he saw it at once")
    assert "text-doubled-word" not in codes(ms)


def test_stray_character(ms):
    edit(ms, CHAPTER, "The camps of exile", "The camps | of exile")
    hits = found(ms, "text-stray-char")
    assert len(hits) == 1 and hits[0].text == "|"


def test_lost_hyphen_when_hyphenated_form_exists(ms):
    edit(ms, CHAPTER, "The camps of exile", "The FiveYear camps of exile")
    hits = found(ms, "text-lost-hyphen")
    assert len(hits) == 1 and hits[0].suggestion == "Five-Year"


def test_lost_hyphen_in_joined_lowercase_words(ms):
    edit(ms, CHAPTER, "The camps of exile", "The largescale camps of large-scale exile")
    hits = found(ms, "text-lost-hyphen")
    assert [h.suggestion for h in hits] == ["large-scale"]


def test_lost_hyphen_after_prefix(ms):
    edit(ms, CHAPTER, "The camps of exile", "The antistalinist camps of exile")
    hits = found(ms, "text-lost-hyphen")
    assert [h.suggestion for h in hits] == ["anti-stalinist"]


def test_closed_compounds_are_not_lost_hyphens(ms):
    edit(ms, CHAPTER, "The camps of exile", "The piecework and handbill camps of exile")
    assert "text-lost-hyphen" not in codes(ms)


def test_year_range_lost_dash(ms):
    edit(ms, CHAPTER, "The camps of exile", "In 192930 the camps of exile")
    hits = found(ms, "text-lost-hyphen")
    assert hits and hits[0].suggestion in ("1929-30", "1929–30")


def test_names_with_inner_capitals_are_not_lost_hyphens(ms):
    edit(ms, CHAPTER, "The camps of exile", "MacDonald and McCarthy saw the camps of exile")
    assert "text-lost-hyphen" not in codes(ms)


def test_kept_line_end_hyphen(ms):
    edit(ms, CHAPTER, "The camps of exile were full of Oppositionists.",
         "The camps of exile were full of Oppositionists. Many Opposition-ists died.")
    hits = found(ms, "text-kept-hyphen")
    assert [(h.text, h.suggestion) for h in hits] == [("Opposition-ists", "Oppositionists")]


def test_hyphenated_compound_used_twice_is_not_kept_hyphen(ms):
    edit(ms, CHAPTER, "The camps of exile", "The well-known camps, the well-known exile, and wellknown")
    assert "text-kept-hyphen" not in codes(ms)


def test_missing_full_stop_before_a_sentence_opener(ms):
    # the book starts sentences with "The" often; here one follows "grain" with no stop
    edit(ms, CHAPTER, "The camps of exile were full", "The exiles wrote about the grain The camps of "
         "exile were full")
    hits = found(ms, "text-missing-stop")
    assert len(hits) == 1 and hits[0].text == "grain The" and hits[0].suggestion == "grain. The"


def test_capital_after_a_full_stop_is_fine(ms):
    edit(ms, CHAPTER, "The camps of exile were full", "The exiles wrote about the grain. The camps of "
         "exile were full")
    assert "text-missing-stop" not in codes(ms)


@pytest.mark.parametrize("bad,text,fix", [
    ("Kazan ,and the camps", "Kazan ,", "Kazan, "),
    ("Hitler ‘s camps", " ‘s", "’s"),
    ("by -no means the camps", " -", " "),
    ("á sizeable number of camps", "á", "a"),
])
def test_spacing_and_stray_marks(ms, bad, text, fix):
    edit(ms, CHAPTER, "The camps of exile were full", f"The exiles said {bad} were full")
    hits = [f for f in lint_manuscript(ms) if f.code in ("text-space-before", "text-stray-char")]
    assert [(h.text, h.suggestion) for h in hits] == [(text, fix)]


def test_space_before_punctuation(ms):
    edit(ms, CHAPTER, "The camps of exile were full", "The camps of exile , were full")
    hits = found(ms, "text-space-before")
    # the span takes in the word before, so the fix can replace it as it stands
    assert [(h.text, h.suggestion) for h in hits] == [("exile ,", "exile,")]


# --- misreadings -------------------------------------------------------------

@pytest.mark.parametrize("wrong,right", [
    ("The camps of exile", "The tamps of exile"),
    ("peasants held back", "peasants he1d back"),
])
def test_misreading_nonword(ms, wrong, right):
    edit(ms, CHAPTER, wrong, right)
    hits = found(ms, "misreading")
    assert len(hits) == 1


def test_misreading_suggests_the_common_word(ms):
    edit(ms, CHAPTER, "The camps of exile", "The tamps of exile")
    (hit,) = found(ms, "misreading")
    assert hit.text == "tamps" and hit.suggestion == "camps" and hit.line == 17 and hit.col == 5


def test_misreading_letter_in_number(ms):
    edit(ms, CHAPTER, "The camps of exile", "Over l,000 camps of exile")
    (hit,) = found(ms, "misreading")
    assert hit.text == "l,000" and hit.suggestion == "1,000"


def test_misreading_he_for_be(ms):
    edit(ms, CHAPTER, "The camps of exile were full", "The camps of exile must he full")
    (hit,) = found(ms, "misreading")
    assert hit.text == "he" and hit.suggestion == "be"


def test_misreading_real_word_in_context(ms):
    edit(ms, CHAPTER, "The camps of exile were full", "The corning war filled the camps")
    hits = found(ms, "misreading")
    assert [(h.text, h.suggestion) for h in hits] == [("corning", "coming")]


def test_names_and_rare_words_are_not_misreadings(ms):
    # Chanie (a name), Alma Ata, kulak: the clean fixture already has them
    assert "misreading" not in codes(ms)
    edit(ms, CHAPTER, "The camps of exile", "Rakovsky and Sosnovsky knew the camps of exile")
    assert "misreading" not in codes(ms)


# --- names -------------------------------------------------------------------

def test_inconsistent_name_spellings(ms):
    append(ms, "acknowledgements.md", "\nAleksandra Sokolovskaia and Sokolovskaia’s letters; "
           "Sokolovskaya wrote too.\n")
    hits = found(ms, "name-variant")
    assert len(hits) == 1
    assert hits[0].text == "Sokolovskaya" and hits[0].suggestion == "Sokolovskaia"


def test_distinct_names_are_not_variants(ms):
    append(ms, "acknowledgements.md", "\nZinoviev and Kamenev met Radek.\n")
    assert "name-variant" not in codes(ms)


# --- metadata ----------------------------------------------------------------

@pytest.mark.parametrize("key,code", [
    ("description", "meta-description-missing"),
    ("language", "meta-language-missing"),
    ("rights", "meta-rights-missing"),
])
def test_missing_store_metadata(ms, key, code):
    text = (ms / "book.toml").read_text(encoding="utf-8")
    lines = [l for l in text.split("\n") if not l.startswith(f"{key} =")]
    (ms / "book.toml").write_text("\n".join(lines), encoding="utf-8")
    hits = [f for f in lint_manuscript(ms) if f.code == code]
    assert len(hits) == 1 and hits[0].file == "book.toml" and hits[0].severity == "error"


def test_missing_isbn(ms):
    edit(ms, "book.toml", 'identifier = "isbn:9780306406157"', 'identifier = "urn:uuid:1234"')
    edit(ms, "book.toml", 'isbn = "9780306406157"', 'isbn = ""')
    assert "meta-isbn-missing" in codes(ms)


def test_invalid_isbn_check_digit(ms):
    edit(ms, "book.toml", 'isbn = "9780306406157"', 'isbn = "9780306406158"')
    hits = found(ms, "meta-isbn-invalid")
    assert len(hits) == 1 and hits[0].line == 8


# --- output, exit status, the editor's decisions ------------------------------

def test_text_output_format_and_exit_status(ms, capsys):
    edit(ms, CHAPTER, "### The Grain Strike", "#### The Grain Strike")
    status = run_check(ms, fmt="text")
    out = capsys.readouterr().out
    assert status == 1
    assert f"{CHAPTER}:15:1: error heading-skip: heading level 4 follows level 2" in out
    assert "  suggestion: ### The Grain Strike" in out


def test_json_output(ms, capsys):
    edit(ms, CHAPTER, "The camps of exile", "The tamps of exile")
    assert run_check(ms, fmt="json") == 0    # a warning only
    data = json.loads(capsys.readouterr().out)
    (item,) = data
    assert set(item) == {"file", "line", "col", "severity", "code", "message", "text", "suggestion"}
    assert (item["file"], item["line"], item["col"], item["text"]) == (CHAPTER, 17, 5, "tamps")


def test_ignore_silences_one_finding_with_reason(ms, capsys):
    edit(ms, CHAPTER, "The camps of exile", "The tamps of exile")
    (ms / "check.toml").write_text(
        '[[ignore]]\ncode = "misreading"\nfile = "01-stalin-turns.md"\ntext = "tamps"\n'
        'reason = "the author\'s own coinage"\n', encoding="utf-8")
    assert run_check(ms, fmt="json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_ignore_without_reason_is_an_error(ms, capsys):
    (ms / "check.toml").write_text('[[ignore]]\ncode = "misreading"\n', encoding="utf-8")
    assert run_check(ms, fmt="json") == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["code"] for d in data] == ["check-config"]


def test_ignore_with_a_file_that_is_not_a_string_is_an_error(ms, capsys):
    (ms / "check.toml").write_text('[[ignore]]\ncode = "misreading"\nfile = 1\nreason = "x"\n',
                                   encoding="utf-8")
    assert run_check(ms, fmt="json") == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["message"]) for d in data] == [
        ("check-config", "ignore entry 1: file must be a string")]


def test_unused_ignore_is_reported(ms, capsys):
    (ms / "check.toml").write_text('[[ignore]]\ncode = "misreading"\nline = 3\nreason = "x"\n',
                                   encoding="utf-8")
    run_check(ms, fmt="json")
    data = json.loads(capsys.readouterr().out)
    assert [d["code"] for d in data] == ["check-ignore-unused"]


def test_reader_errors_are_findings(ms):
    edit(ms, "book.toml", "[print]", "[print]\ncolour = \"blue\"")
    hits = found(ms, "manuscript")
    assert hits and hits[0].severity == "error" and hits[0].file == "book.toml"


def test_possessive_inside_a_quotation_is_not_a_closing_quote(ms):
    edit(ms, CHAPTER, "The camps of exile were full", "He called it a ‘degenerated workers’ state’. The "
         "camps of exile were full")
    assert "text-unbalanced" not in codes(ms)


def test_cli_check_command(ms):
    from click.testing import CliRunner

    from publish.cli import main

    edit(ms, CHAPTER, "### The Grain Strike", "#### The Grain Strike")
    result = CliRunner().invoke(main, ["check", str(ms), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["code"] == "heading-skip"
