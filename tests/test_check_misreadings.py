"""The misreading finder and the prose checks beside it, on small books built
in memory: each test plants one fault (or one near miss) among enough
ordinary text that the book's own vocabulary, pairs and phrases mean
something."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publish.check.lint import lint_parts
from publish.check.misreadings import CONFUSIONS, _lost_letter
from publish.check.source import Paragraph, Part, TextLine

#: ordinary prose, repeated to give the book a vocabulary
FILLER = [
    "The Opposition argued that the peasants held back their grain in the autumn.",
    "Similarly the workers in the towns saw their wages fall year after year.",
    "It was clear to the Left Opposition that the rank and file of the party were uneasy.",
    "Thus the crisis deepened, and the leadership turned sharply to the left.",
    "The camps of exile were full of Oppositionists, and their letters were read in Moscow.",
    "The exiles acted similarly, and they hoped to achieve unity in the autumn.",
]


def book(*paragraphs: str, filler: int = 6) -> Part:
    """A one-file book: the paragraphs given, then the filler `filler` times;
    one line per paragraph, numbered from 1; note calls masked as the
    manuscript scanner masks them."""
    texts = list(paragraphs) + FILLER * filler
    lines: list[str] = []
    part = Part(path=Path("book.md"), name="book.md", lines=lines)
    for text in texts:
        lines.append(text)
        masked = re.sub(r"\[\^\d+\*?\]", lambda m: " " * len(m.group()), text)
        part.paragraphs.append(Paragraph([TextLine(len(lines), text, masked)], "p"))
        lines.append("")
    return part


def findings(*paragraphs: str, code: str = "misreading", filler: int = 6):
    return [f for f in lint_parts([book(*paragraphs, filler=filler)]) if f.code == code]


def pairs(*paragraphs: str, code: str = "misreading"):
    return [(f.text, f.suggestion) for f in findings(*paragraphs, code=code)]


# --- the channel: worn type loses ink --------------------------------------------

def test_confusions_are_likelier_in_the_direction_ink_is_lost():
    # b's bowl opens into h far more often than h grows a bowl
    assert CONFUSIONS[("h", "b")] > CONFUSIONS[("b", "h")]
    assert CONFUSIONS[("rn", "m")] > CONFUSIONS[("m", "rn")]
    assert CONFUSIONS[("lc", "k")] > CONFUSIONS[("k", "lc")]


# --- he for be --------------------------------------------------------------------

def test_he_after_a_modal_is_be():
    assert pairs("The strike must he armed at once, the committee said.") == [("he", "be")]


@pytest.mark.parametrize("text", [
    "On 24 May he wrote to the committee about the strike.",         # the month
    "Only in this way, it seems, can he achieve a victory.",          # a question, bare verb
    "When Trotsky first intervened in Germany, he expected a split.",  # a subject
])
def test_he_as_a_subject_is_not_flagged(text):
    assert pairs(text) == []


# --- real words in context -----------------------------------------------------------

def test_a_lost_first_letter_of_a_short_word():
    # "years ago" is English, and "ten years ago" the book's own phrase elsewhere
    assert pairs("Ten years ago the split was complete.",
                 "That was ten years go, he said, and nothing had changed.") == [("go", "ago")]


def test_a_capital_misread_as_another():
    assert pairs("Eight months later the party met again.",
                 "He wrote: ‘Fight months of war have passed since the rising.’") == \
        [("Fight", "Eight")]


def test_the_books_own_term_is_not_a_misreading():
    # entrism is rare in English but the book's word: not centrism, each time
    text = "The French turn, or entrism, was debated for months by the sections."
    assert pairs(text, text, text) == []


def test_the_plural_of_a_book_word_is_known():
    assert pairs("The raion committee met.", "Another raion refused.",
                 "The raions of the south held out.") == []


# --- names ------------------------------------------------------------------------------

def test_a_long_name_near_a_name_english_knows():
    assert pairs("Lion Feuchtwangler visited Moscow in 1937.") == [("Feuchtwangler", "Feuchtwanger")]


def test_a_short_unknown_name_is_left_alone():
    # one letter from Crispin, but a real name
    assert pairs("Arthur Crispien led the party.") == []


def test_a_name_with_a_typical_confusion_of_a_book_name():
    usual = "The Bukharinist current was strong in the trade unions."
    assert pairs(usual, usual, usual, "A Bulcharinist wrote to the paper.") == \
        [("Bulcharinist", "Bukharinist")]


def test_the_longer_one_off_spelling_is_not_called_a_misreading():
    # print loses letters: the form with the extra letter may be the right one
    usual = "Belobrodov was arrested in Moscow."
    assert pairs(usual, usual, usual, "Beloborodov was shot.") == []
    assert _lost_letter("Belobrodov", "Beloborodov")
    assert not _lost_letter("Durruti", "Durrutti")     # a doubled letter is added easily


# --- dashes and full stops ----------------------------------------------------------------

def test_an_aside_that_lost_its_closing_dash():
    hits = findings("The Stalinist press – the Berlin daily Rote Fahne reported the collapse "
                    "of the group.", code="text-unbalanced")
    assert [(h.text, h.suggestion) for h in hits] == [("Fahne", "Fahne –")]


@pytest.mark.parametrize("text", [
    "The party had failed – it was clear that the leadership reported nothing.",
    "The Stalinist press – the Berlin paper – reported the collapse of the group.",
    "He saw one thing – that the workers wanted unity.",
])
def test_a_dash_that_needs_no_partner(text):
    assert findings(text, code="text-unbalanced") == []


def test_a_lost_full_stop_before_a_name():
    hits = findings("They moved right under pressure from the capitalists Similarly Trotsky "
                    "characterised the regime.", code="text-missing-stop")
    assert [(h.text, h.suggestion) for h in hits] == \
        [("capitalists Similarly", "capitalists. Similarly")]


def test_a_title_after_a_verb_is_no_lost_full_stop():
    assert findings("In 1925 he published Since Lenin Died, a defence of the Opposition.",
                    code="text-missing-stop") == []


def test_a_paragraph_that_lost_its_last_full_stop():
    hits = findings("Some will see the declaration as a retreat. But if we gave in to such "
                    "ultra-lefts, we would inevitably turn into a sect[^63]",
                    code="text-missing-stop")
    assert [(h.text, h.suggestion) for h in hits] == [("sect", "sect.")]


@pytest.mark.parametrize("ending", [
    "we would inevitably turn into a sect.[^63]",   # the stop is there
    "we would inevitably turn into the",           # cut mid-sentence, not a lost stop
    "we would be led by the Social Democratic",    # a name cut in two by a page break
])
def test_a_paragraph_end_that_is_fine(ending):
    assert findings("Some will see the declaration as a retreat. But if we gave in to such "
                    f"ultra-lefts, {ending}", code="text-missing-stop") == []


def test_one_edit_apart():
    from publish.check.lexicon import one_edit_apart

    for a, b in (("modem", "model"), ("tbe", "the"), ("form", "from"), ("cat", "cats"),
                 ("hte", "the"), ("day", "dray")):
        assert one_edit_apart(a, b) and one_edit_apart(b, a), (a, b)
    for a, b in (("the", "the"), ("form", "farm1"), ("abcd", "badc"), ("cat", "dog")):
        assert not one_edit_apart(a, b), (a, b)


def test_an_acronym_with_a_letter_doubled_but_not_a_roman_numeral():
    kpd = "The KPD and the KPD voted, as the KPD always did, with the KPD leaders."
    text = ("The KKPD leaders met in Berlin before the II Congress of the Comintern met in "
            "Moscow.")
    first = "I said that I would go, and I went, as I had said I would when I was asked."
    got = pairs(text, *[kpd] * 10, *[first] * 3)
    assert ("KKPD", "KPD") in got
    assert not any(w == "II" for w, _ in got)
