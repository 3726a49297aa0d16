"""The line-width model: width tables of the installed faces and the choice
among them (publish.importer.rules_block.measure)."""

import random
import subprocess
import sys

import pytest

from publish.importer.rules_block import measure
from publish.importer.rules_block.measure import (
    FONTS,
    choose_font,
    estimate_measure,
    use_font,
    width,
)

_PROSE = ("the of and to in a was that his party by which for on Trotsky Stalin were as it "
          "with not revolution had from this workers their at be an Opposition but Comintern "
          "is or all who Germany peasants would bureaucracy one policy class been they have "
          "struggle against socialism Moscow historical question committee fascism quickly "
          "mm iii WWW ‘Left’ 1929–30, (1933). Sedov’s “Bulletin” 54.6 per cent; so-called …")
_WORDS = _PROSE.split()


@pytest.fixture(autouse=True)
def _default_font_after():
    # the face is module state: leave the default behind for other tests
    yield
    use_font(measure.DEFAULT_FONT)


def _set_text(face: str, measure_em: float, n_lines: int = 900, seed: int = 1) -> list[str]:
    """Prose set ragged-right in `face` at `measure_em`: a word goes on the
    line if it fits at the face's own space width."""
    rng = random.Random(seed)
    use_font(face)
    lines, line = [], ""
    while len(lines) < n_lines:
        w = rng.choice(_WORDS)
        if line and width(line + " " + w) > measure_em:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    use_font(measure.DEFAULT_FONT)
    return lines


def _same_shape(a: str, b: str) -> bool:
    """Two tables that differ by a scale only (DejaVu Serif and its condensed
    cut) measure a text alike."""
    ra = [x / y for x, y in zip(FONTS[a], FONTS["mono"])]
    rb = [x / y for x, y in zip(FONTS[b], FONTS["mono"])]
    k = sum(ra) / sum(rb)
    return max(abs(x - k * y) for x, y in zip(ra, rb)) < 0.03


def test_the_first_three_tables_are_unchanged():
    # the widths every book was measured with before the other faces came
    assert len(FONTS["times"]) == len(measure._CHARS) == 111
    pick = {c: measure._CHARS.index(c) for c in " aemW’—"}
    assert [FONTS["times"][i] for i in pick.values()] == [250, 444, 444, 778, 944, 333, 1000]
    assert [FONTS["dejavu"][i] for i in pick.values()] == [318, 596, 592, 948, 1028, 318, 1000]
    assert [FONTS["garamond"][i] for i in pick.values()] == [207, 409, 391, 812, 914, 235, 1000]
    assert sum(FONTS["times"]) == 56676 and sum(FONTS["dejavu"]) == 68393
    assert sum(FONTS["garamond"]) == 51204


def test_every_installed_text_face_has_a_table():
    assert {"liberation-sans", "liberation-sans-narrow", "dejavu-sans", "dejavu-sans-condensed",
            "dejavu-condensed", "garamond12", "mono"} <= set(FONTS)
    for name, ws in FONTS.items():
        assert len(ws) == len(measure._CHARS), name
        assert all(100 < w <= 1100 for w in ws), name
    # monospace: one width for every character, in the table or not
    use_font("mono")
    assert width("iiii") == width("MMMM") == width("ŁŻŹ ") == 2.4


def test_the_importer_reads_no_system_font():
    code = ("import sys; import publish.importer.rules_block.measure as m; "
            "print(len(m.FONTS), 'fontTools' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == [str(len(FONTS)), "False"]


@pytest.mark.parametrize("face", sorted(FONTS))
def test_choose_font_finds_the_face_that_set_the_text(face):
    lines = _set_text(face, 34.0)
    chosen = choose_font(lines)
    assert chosen == face or _same_shape(chosen, face), (face, chosen)
    # and measures the text with it: the measure comes out near the real one
    # (in the chosen table's ems)
    if chosen == face:
        assert 33.0 < estimate_measure(lines) < 35.0


def test_general_tables_win_when_no_face_explains_the_breaks():
    # lines broken at random lengths: no table explains them, so the choice
    # stays among the general three whatever a sans table happens to score
    rng = random.Random(7)
    words = [rng.choice(_WORDS) for _ in range(12000)]
    lines, i = [], 0
    while i < len(words):
        k = rng.randint(6, 14)
        lines.append(" ".join(words[i:i + k]))
        i += k
    assert choose_font(lines) in measure.GENERAL_FONTS


def test_no_font_carries_over_from_the_last_book():
    sans = _set_text("liberation-sans", 34.0)
    assert choose_font(sans) in ("liberation-sans", "liberation-sans-narrow")
    # too little to tell: the default face, not the last book's
    assert choose_font(["A short note.", "Another line."]) == measure.DEFAULT_FONT
    assert width("m") == FONTS["times"][measure._CHARS.index("m")] / 1000
    # a book imported after another measures as it does alone
    serif = _set_text("dejavu", 30.0, seed=5)
    choose_font(serif)
    alone = estimate_measure(serif)
    choose_font(_set_text("mono", 40.0, seed=6))
    choose_font(serif)
    assert estimate_measure(serif) == alone


def test_a_failed_choice_leaves_the_font_alone(monkeypatch):
    mono = _set_text("mono", 40.0)
    use_font("dejavu")
    before = width("measure")

    def interrupted(*_):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(measure, "best_cut", interrupted)
    with pytest.raises(RuntimeError):
        choose_font(mono)
    # no face tried on the way is left behind
    assert width("measure") == before
