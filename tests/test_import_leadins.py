from collections import Counter

from publish import model
from publish.importer import import_document
from publish.importer.rules_inline.leadins import recase

from import_helpers import FIRST_TITLE


def test_recase_uses_other_occurrences():
    forms = {"trotsky": Counter({"Trotsky": 5}), "had": Counter({"had": 9}),
             "kpd": Counter({"KPD": 3})}
    assert recase(["TROTSKY", "HAD"], forms)[0] == ["Trotsky", "had"]
    assert recase(["THE", "KPD"], forms)[0] == ["The", "KPD"]
    # no other occurrence: lower case, the first word capitalised
    assert recase(["ZYX", "QWV"], {})[0] == ["Zyx", "qwv"]


def test_first_title_leadins():
    doc = import_document(FIRST_TITLE.read_text(encoding="utf-8"), str(FIRST_TITLE))
    leads = [b.inlines[0] for b in doc.blocks if b.inlines and isinstance(b.inlines[0], model.LeadIn)]
    texts = [model.plain_text([x]) for x in leads]
    assert "Trotsky had" in texts
    assert "The present" in texts
    assert len(texts) >= 90
    assert all(d.why for d in doc.report.decisions if d.pass_name == "leadins")


def test_recase_compounds_pairs_and_names():
    forms = {"five": Counter({"Five": 3}), "year": Counter({"Year": 3}),
             "army": Counter({"Army": 9, "army": 1}), ("whole", "army"): Counter({"army": 1}),
             ("*", "volrisky"): Counter({"Volrisky": 2})}
    assert recase(["THE", "FIVE-YEAR"], forms)[0] == ["The", "Five-Year"]
    # the form seen after the same word wins over the commoner one
    assert recase(["THE", "WHOLE", "ARMY"], forms)[0] == ["The", "whole", "army"]
    # a name seen only at sentence starts keeps its capital
    assert recase(["NEVERTHELESS,", "VOLRISKY"], forms)[0] == ["Nevertheless,", "Volrisky"]


def test_leadin_with_initials():
    from publish.importer.rules_core.text import leadin_words

    assert leadin_words("U. KOSVAEV’S delegation was decisive") == 2
    assert leadin_words("THEREFORE, Z. LEVBRALER accepted the") == 3


def test_case_evidence_ignores_capitals_of_titles_and_of_longer_names():
    from publish.importer.document import PARA, Block, Document
    from publish.importer.rules_inline.leadins import _case_evidence

    doc = Document("x")
    doc.blocks = [Block(PARA, [], text=t) for t in (
        "A Central Thread Throughout Trotsky",          # a Contents entry, title-cased
        "It went to the Central Committee, and the Central Committee agreed.",
        "The New International printed it; the Third International did not.",
        "It was written by Marx, Engels and Lenin.",
        "He spoke of the international scale of the crisis.",
        "A committee of the party met in the winter.",
        "Hindenburg appointed Heinrich Brüning as Chancellor.",
        "New International, No.68, 11 December 1932, pp.12-19.",
        "It was so. Even Maurín supported the idea. The BOC went further. It was even so.",
    )]
    forms = _case_evidence(doc, set(), {"central", "international", "marx", "brüning",
                                        "maurín", "boc"})
    assert recase(["A", "CENTRAL", "THREAD"], forms)[0][:2] == ["A", "central"]
    assert recase(["IN", "INTERNATIONAL", "AFFAIRS"], forms)[0][:2] == ["In", "international"]
    assert recase(["AS", "MARX", "WROTE"], forms)[0][:2] == ["As", "Marx"]
    # a name after a word that opens its sentence ("Even Maurín") keeps its
    # capital; one seen only after another ("Heinrich Brüning") says nothing
    # of itself, as "Central Committee" does not; nor does a note's first word
    # ("New International, No.68")
    assert recase(["HOWEVER,", "MAURÍN", "SAW"], forms)[0][1] == "Maurín"
    assert recase(["HERR", "BRÜNING", "SAID"], forms)[0][1] == "brüning"
    assert recase(["IN", "INTERNATIONAL", "AFFAIRS"], forms)[0][1] == "international"


def test_recase_keeps_a_numbers_suffix_and_a_possessives_word():
    forms = {"gpu": Counter({"GPU": 4}), "s": Counter({"S": 3}), "the": Counter({"the": 5})}
    # an initial "S." elsewhere says nothing of the decade's "s"
    assert recase(["IN", "THE", "1950S"], forms)[0] == ["In", "the", "1950s"]
    # the possessive of a word the book writes in capitals
    assert recase(["THE", "GPU’S", "AGENTS"], forms)[0][:2] == ["The", "GPU’s"]


def test_a_possessive_in_a_lead_in_looks_up_its_word():
    from publish.importer import import_text

    body = " ".join(["The BOC in March 1931 had 700 members and the point of the party"
                     " was to grow."] * 5)
    text = ("A Book\n\n1. First Chapter\n\n" + body + "\n\nA Section Title\n\n"
            "BOC’S POINT of departure was completely different.\n")
    book, report = import_text(text, "t.txt")
    leads = [d.what for d in report.decisions if d.pass_name == "leadins"]
    assert leads == ["lead-in: 'BOC’S POINT' -> 'BOC’s point'"]
