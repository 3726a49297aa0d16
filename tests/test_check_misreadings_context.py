"""Misreadings of issue 5's second round: a doubled letter worn twice, a lone
capital in a stock phrase, an English word that is also foreign, long
non-words; and the cheap rules beside them (a bare initial, an article before
another determiner, a patronymic of the other gender, the dictionary's
spelling of a name as the reference). Each rule has a test that fires it and
one that does not."""

from __future__ import annotations

import pytest

from test_check_misreadings import book, pairs


# --- misreadings ---------------------------------------------------------------------

STAFF = "The general staff of the army met, and the general staff of the navy."


def test_a_doubled_letter_worn_twice():
    assert pairs(STAFF, "He had contacts with the general stall of France.") == \
        [("stall", "staff")]


def test_a_doubled_letter_that_is_right_is_left_alone():
    assert pairs(STAFF, "He bought bread at a market stall in the square.") == []


def test_a_lone_capital_in_a_stock_phrase():
    assert pairs("It angered the rank and Pile of the party.") == [("Pile", "File")]


def test_a_name_used_again_in_mid_sentence_is_left_alone():
    assert pairs("They met Pile in Moscow.", "Later they met Pile in Berlin.") == []


def test_a_long_non_word_near_a_rarer_word():
    assert pairs("All this testifies incontestibly that the party is dead.") == \
        [("incontestibly", "incontestably")]


def test_a_long_word_the_book_uses_is_not_a_non_word():
    text = "The Stalinists spoke of incontestibly proven facts."
    assert pairs(text, text, text) == []


# --- rules ---------------------------------------------------------------------------

def test_a_bare_initial_before_a_name():
    assert pairs("Robert J Alexander wrote the history of the movement.",
                 "Alexander was in Mexico.", code="text-missing-stop") == [("J", "J.")]


def test_an_initial_with_its_stop_and_the_article_a_are_fine():
    assert pairs("Robert J. Alexander wrote it.", "A Marxist wrote it. Alexander agreed.",
                 code="text-missing-stop") == []


def test_an_article_before_another_determiner():
    assert pairs("All the efforts of the these democracies failed.",
                 code="text-doubled-word") == [("the these", "these")]


def test_a_pronoun_before_an_article_is_fine():
    assert pairs("They made this the centre of the campaign.", code="text-doubled-word") == []


def test_a_patronymic_of_the_other_gender():
    assert pairs("Aleksandr Lvovna was arrested.", "Aleksandra wrote to him.",
                 code="name-variant") == [("Aleksandr", "Aleksandra")]


def test_an_agreeing_patronymic():
    assert pairs("Aleksandra Lvovna was arrested.", "Aleksandr Ivanovich wrote to him.",
                 code="name-variant") == []


def test_the_dictionary_spelling_of_a_name_is_the_reference():
    # one each: the counts cannot decide, English knows Castile
    assert pairs("The rising spread to Castille in May.", "In Castile the peasants waited.",
                 code="name-variant") == [("Castille", "Castile")]


def test_name_variants_with_no_dictionary_spelling_follow_the_counts():
    assert pairs("Sokolovskaia wrote.", "Sokolovskaia came.", "Sokolovskaya left.",
                 code="name-variant") == [("Sokolovskaya", "Sokolovskaia")]


@pytest.mark.parametrize("text, neighbours", [
    # scare quotes do not part a word from its neighbours
    ("It was necessary to change into a ‘sett’ during the early days.", ("a", "during")),
    # punctuation still does
    ("It was necessary to change into a sect; sett, during the early days.", (None, None)),
])
def test_what_parts_a_word_from_its_neighbours(text, neighbours):
    from publish.check.lint import book_lexicon
    from publish.check.misreadings import find_misreadings

    part = book(text)
    lex = book_lexicon([part])
    tl = part.paragraphs[0].lines[0]
    seen: list = []
    find_misreadings("book.md", [(tl.line, tl.masked, tl.raw)], lex, debug=seen)
    assert [(row[1], row[5], row[6]) for row in seen] == [("sett", *neighbours)]


def test_the_rare_comparative_of_a_common_word_is_a_word():
    assert pairs("Such narrow-mindedness can recur on a much vaster scale in the party.") == []


def test_a_non_word_that_is_no_comparative_is_still_tested():
    from publish.check.lint import book_lexicon
    from publish.check.misreadings import _comparative_of

    lex = book_lexicon([book()])
    assert _comparative_of("vaster", lex) and _comparative_of("thinnest", lex)
    assert not _comparative_of("tamps", lex) and not _comparative_of("incontestibly", lex)


GERMAN = "The German party and the German workers looked to Germany, and Germany to them."


def test_a_name_in_the_form_the_book_never_puts_after_the():
    assert pairs(*[GERMAN] * 5, "Not only could the Germany party not be reformed.") == \
        [("Germany", "German")]


def test_a_name_after_the_at_a_sentence_end_is_left_alone():
    assert pairs(*[GERMAN] * 5, "The crowd sang the Germany. Then it went home.") == []
