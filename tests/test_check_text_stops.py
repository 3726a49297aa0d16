"""Lost full stops around note calls and stray capitals after words that end
no sentence: a test that fires each rule and one that does not."""

from __future__ import annotations

import re
from pathlib import Path

from publish.check.lint import lint_parts
from publish.check.source import Paragraph, Part, TextLine

FILLER = [
    "The Opposition argued that the peasants held back their grain in the autumn.",
    "After the congress the workers in the towns saw their wages fall year after year.",
    "It was clear to the Left Opposition that the connection with the party was uneasy.",
    "After that the crisis deepened, and the leadership turned sharply to the left.",
    "The connection between the camps of exile and Moscow was the connection of letters.",
    "After the defeat the exiles hoped to achieve unity in the autumn, in connection with it.",
]


def book(*paragraphs) -> Part:
    """Paragraphs as text, or (kind, text); then the filler six times."""
    lines: list[str] = []
    part = Part(path=Path("book.md"), name="book.md", lines=lines)
    for item in list(paragraphs) + FILLER * 6:
        kind, text = item if isinstance(item, tuple) else ("p", item)
        lines.append(text)
        masked = re.sub(r"\[\^\d+\*?\]", lambda m: " " * len(m.group()), text)
        part.paragraphs.append(Paragraph([TextLine(len(lines), text, masked)], kind))
        lines.append("")
    return part


def found(*paragraphs, code: str):
    return [(f.text, f.suggestion) for f in lint_parts([book(*paragraphs)]) if f.code == code]


def test_a_quotation_opening_after_a_note_call_with_no_stop():
    assert found("The episode has been ‘buried’[^4] ‘Stalin, the vanquished’ made a speech.",
                 code="text-missing-stop") == [("buried’", "buried’.")]


def test_a_quotation_after_a_note_call_and_a_stop_is_fine():
    assert found("The episode has been ‘buried’.[^4] ‘Stalin, the vanquished’ made a speech.",
                 code="text-missing-stop") == []


LONG = "They were in dread of being forced down into the ranks of the working class"


def test_a_paragraph_ending_on_a_call_before_an_ellipsis_and_a_capital():
    after = "… It raises to their feet the classes that are above the proletariat."
    assert found(("quote", LONG + " ranks[^5]"), ("quote", after),
                 code="text-missing-stop") == [("ranks", "ranks.")]


def test_a_paragraph_running_on_after_an_ellipsis_is_fine():
    after = "… and it raises to their feet the classes that are above the proletariat."
    assert found(("quote", LONG + " ranks[^5]"), ("quote", after), code="text-missing-stop") == []


def test_a_sentence_opener_after_a_call_in_a_note():
    note = ("See the programme of the Popular Front[^7] After the war Maurin changed his mind "
            "about the programme of the party.")
    assert found(("note", note),
                 code="text-missing-stop") == [("Front[^7] After", "Front.[^7] After")]


def test_capitals_in_a_note_without_a_call_are_citations():
    note = ("See the programme of the Popular Front After the War, London 1988, pp. 33-35, "
            "and the reply of the party in the same year.")
    assert found(("note", note),
                 code="text-missing-stop") == []


def test_a_stray_capital_after_a_word_that_ends_no_sentence():
    assert found("Reports of unrest had come in since the autumn of that year, first in Connection "
                 "with the grain collections.",
                 code="text-stray-capital") == [("Connection", "connection")]


def test_a_capital_starting_a_name_after_such_a_word_is_fine():
    assert found("Reports of unrest had come in since the autumn of that year, first in Connection "
                 "Street and then in the grain collections.",
                 code="text-stray-capital") == []


TROTSKY = "Trotsky wrote to the Opposition, and Trotsky was answered in the autumn."


def test_a_page_number_and_running_head_left_in_a_sentence():
    heads = [TROTSKY] * 10
    assert found(*heads, "The drive towards industrialisation was associated 40 Trotsky with "
                 "the concentration of power in the factories.",
                 code="text-stray-char") == [("40 Trotsky", "delete it")]


def test_counts_and_dates_are_not_page_numbers():
    heads = [TROTSKY] * 10
    assert found(*heads, "Then another 37 Oppositionists addressed the party, and after "
                 "Wednesday 30 November nothing changed in the strike.",
                 code="text-stray-char") == []


def test_a_direct_question_ended_by_a_full_stop():
    assert found("Finally, if the USSR had been a workers’ state, how was it possible that a "
                 "market economy could be grafted on to it. One can graft a twig.",
                 code="text-missing-stop") == [("it.", "it?")]


def test_an_indirect_question_and_a_relative_clause_end_with_a_full_stop():
    assert found("Deutscher does not tell us what is the difference between the two, and the "
                 "party kept the policy, which is the policy of reform and not of revolution.",
                 code="text-missing-stop") == []


def test_a_word_broken_at_a_line_end_with_a_stray_mark():
    assert found("But with one side disarmed and sup-1 pressed and the other liquidated, "
                 "the idea of a centrist course was gone.",
                 code="text-stray-char") == [("sup-1 pressed", "suppressed")]


def test_a_hyphen_before_a_number_is_not_a_broken_word():
    assert found("The votes were split 40-1 in favour, and the Plan-I draft went to the "
                 "committee with the Anglo-1 group absent from the meeting.",
                 code="text-stray-char") == []


ROOTED = ("It is rooted in the theory that takes the international nature of capitalism as "
          "the decisive factor in the rise of")


def test_a_paragraph_ending_on_a_name_before_a_sentence_opener():
    assert found(ROOTED + " Stalinism", "The Revolution Betrayed is a critique of Stalinism.",
                 code="text-missing-stop") == [("Stalinism", "Stalinism.")]


def test_a_name_cut_in_two_by_a_paragraph_break_is_left_alone():
    assert found(ROOTED + " Social Democratic", "Chancellor Müller resigned in the spring.",
                 code="text-missing-stop") == []
