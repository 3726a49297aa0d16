"""Cell tokens of flattened tables, and the search for the grid they came from.

`pdftotext` (without -layout) reads a table as a sequence of text blocks: a row
may come out on one line, one cell a line, or a whole column at a time; a
table split by a page break comes out in two pieces, the header repeated.  We
cut every line into cell tokens, then try a handful of reading orders
(row-major, column-major, key column first, two halves side by side, one piece
per page) for each plausible column count, and keep the grid whose columns are
most uniform and which best keeps tokens that shared a source line together.

`block_solve` is the more general model tried first: the table as a tiling by
rectangles (a group of columns over a run of rows), read one after another,
each row by row, with blank lines between them; wrapped heads and labels join
the cell they finish.  A dynamic programme over (next token, covered height of
each column) finds the cheapest tiling for each column count that the number
of values allows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, pairwise

MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|June|Jul|July|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
NOTE = r"\[\d+\*?\]"
_TOKEN_RE = re.compile(
    rf"(?P<date>\b\d{{1,2}}\s+{MONTH}\s?\.?\s*\d{{4}}\b)"          # 1 Jun. 1928
    rf"|(?P<ym>\b\d{{4}}\s+{MONTH}(?!\w))"                           # 1936 Feb.
    rf"|(?P<month>(?<!\w){MONTH}(?:\s+\d{{4}}\b)?(?!\w))"            # Mar. / Feb. 1936
    rf"|(?P<note>{NOTE})"
    r"|(?P<word>\S+)"
)
_YEAR = re.compile(r"^(1[5-9]|20)\d\d([-–/](\d\d|(1[5-9]|20)\d\d))?$")
_NUM = re.compile(r"^[(]?[-–−+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?[)]?$|^\d+\+$"
                  r"|^\d[\d,.]*[-–]\d[\d,.]*%?$|^[-–—]$|^n\.a\.$")
_GLUED = re.compile(r"^(.*[A-Za-zÀ-ÿ])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")  # Hessen7,532

#: weight of ascending years in a key column or header row: a tie-breaker only
#: (measured on the WeasyPrint fixtures: 0 to 0.15 best, 0.3 and up worse)
W_ASC = 0.15
#: weight of blank-line blocks of one-token lines read as one column
W_BLOCK = 0.3

#: words after which a header or label cell surely goes on (wrapped line)
FUNCTION_WORDS = {"of", "as", "and", "in", "the", "per", "for", "to", "&", "a", "on",
                  "by", "at", "with", "from", "or"}


@dataclass
class Token:
    text: str
    kind: str        # "num" (a value), "key" (year, date, month), "text", "empty"
    line: int        # index of the source line in the region
    col: int = 0     # position among the tokens of its line
    #: text glued to a number ("Large69.3"): pdftotext ate a line-end hyphen
    glued: bool = False
    #: the lines of a cell joined from several ("Grain" / "Collective farmers")
    parts: tuple = ()

    @cached_property
    def shape(self) -> str:
        """A coarse format signature; a column's values share one."""
        if self.kind != "num":
            return self.kind
        t = self.text
        s = "n"
        if "," in t:
            s += ","
        if _RANGE.search(t):
            s += "r"
        m = _DECIMALS.search(t)
        if m:
            s += "." + str(len(m.group(1)))
        if t.endswith("%"):
            s += "%"
        return s

    @cached_property
    def year(self) -> int | None:
        m = _YEAR4.search(self.text) if self.kind == "key" else None
        return int(m.group(0)) if m else None


_RANGE = re.compile(r"\d[-–]\d")
_DECIMALS = re.compile(r"\.(\d+)")
_YEAR4 = re.compile(r"\d{4}")


def classify(word: str) -> str:
    if word.count("(") != word.count(")"):
        return "text"
    if _YEAR.match(word):
        return "key"
    if _NUM.match(word):
        return "num"
    return "text"


def split_line(text: str, line: int) -> list[Token]:
    """Cut one extracted line into cell tokens: every number is a cell; a run of
    words is one text cell; a note marker sticks to the text before it."""
    out: list[Token] = []
    words: list[str] = []

    def flush():
        if words:
            out.append(Token(" ".join(words), "text", line))
            words.clear()

    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        s = m.group(0)
        if kind in ("date", "ym", "month"):
            # a month name inside running words ("in May the") is a word
            if kind == "month" and words and not re.search(r"\d", s):
                words.append(s)
                continue
            flush()
            out.append(Token(re.sub(r"\s+", " ", s), "key", line))
        elif kind == "note":
            if words:
                words[-1] = words[-1] + " " + s if not words[-1].endswith(s) else words[-1]
            elif out:
                out[-1].text += " " + s
            else:
                words.append(s)
        else:
            g = _GLUED.match(s)
            if g and classify(s) == "text" and not words_are_numeric(g.group(1)):
                words.append(g.group(1))
                flush()
                out[-1].glued = True
                out.append(Token(g.group(2), "num", line))
                continue
            k = classify(s)
            if k == "text":
                words.append(s)
            else:
                flush()
                out.append(Token(s, k, line))
    flush()
    for i, t in enumerate(out):
        t.col = i
    return out


def words_are_numeric(s: str) -> bool:
    return bool(re.search(r"\d", s))


#: heads a "%" sign begins ("% Decline"); before any other word it ends the head before
CHANGE_WORDS = {"decline", "change", "increase", "decrease", "growth", "rise", "fall",
                 "drop", "gain", "loss", "difference", "diff."}


def sign_ends_head_before(cell: str) -> bool:
    """"% Production": the sign is the unit of the head before ("Fulfilment %");
    only a change ("% Decline") is headed by its sign."""
    return cell.startswith("% ") and cell[2:3].isupper() \
        and cell.split()[1].lower() not in CHANGE_WORDS


def split_header_text(text: str) -> list[str]:
    """Cut a run of header words into cells at capitalised words, unless the
    word before asks for more ("No. of members No. of branches Places")."""
    words = text.split()
    cells: list[list[str]] = []
    depth = 0
    for w in words:
        prev = cells[-1][-1] if cells else ""
        starts_cell = (w[:1].isupper() or w[:1] in "%#") and cells \
            and prev.lower() not in FUNCTION_WORDS and not prev.endswith(",") \
            and any(ch.isalnum() for ch in prev) \
            and not (prev.endswith(".") and prev[:1].isupper()) and not re.fullmatch(r"\d+(st|nd|rd|th)", prev)
        if not cells or starts_cell:
            cells.append([w])
        else:
            cells[-1].append(w)
        depth += w.count("(") - w.count(")")
        depth = max(depth, 0)
    out: list[str] = []
    for c in (" ".join(c) for c in cells):
        # a unit sign after its head ("Turnout %")
        if c == "%" and out and not out[-1].endswith("%"):
            out[-1] += " %"
        else:
            out.append(c)
    # a cell holds one "%": in "Fulfilment % Share of total %" the first ends "Fulfilment"
    for k in range(1, len(out)):
        # "% % Decline", "% Wages (roubles)": a second unit after the sign
        # shows that the sign ends the cell before
        two_units = out[k].startswith("% %") or (
            out[k].startswith("% ") and re.search(r"\([^)%]*\)$", out[k]))
        two_units = two_units or sign_ends_head_before(out[k])  # "Fulfilment % Production"
        if out[k].startswith("% ") and (out[k].endswith(" %") or two_units) \
                and "%" not in out[k - 1]:
            out[k - 1] += " %"
            out[k] = out[k][2:]
    return out


# --- grids -----------------------------------------------------------------

EMPTY = Token("", "empty", -1)


@dataclass
class Grid:
    rows: list[list[Token]]
    order: str
    score: float = 0.0
    notes: list[str] = field(default_factory=list)


def _fill_row(tokens, nrows, ncols):
    grid = [[EMPTY] * ncols for _ in range(nrows)]
    for i, t in enumerate(tokens):
        grid[i // ncols][i % ncols] = t
    return grid


def _fill_col(tokens, nrows, ncols):
    grid = [[EMPTY] * ncols for _ in range(nrows)]
    for i, t in enumerate(tokens):
        grid[i % nrows][i // nrows] = t
    return grid


def _place(grid, sub, r0, c0):
    for i, row in enumerate(sub):
        for j, t in enumerate(row):
            grid[r0 + i][c0 + j] = t


def candidate_grids(tokens: list[Token], ncols: int):
    """Every reading order we know pdftotext to produce, as (order, grid)."""
    n = len(tokens)
    nrows = -(-n // ncols)
    yield "row", _fill_row(tokens, nrows, ncols)
    yield "col", _fill_col(tokens, nrows, ncols)
    # a left group of columns read first, then the right group: a key column
    # block, two halves side by side, a last column pushed into its own block
    fillers = (("row", _fill_row), ("col", _fill_col))
    for a in range(1, ncols):
        left, right = tokens[: nrows * a], tokens[nrows * a:]
        for la, fa in fillers:
            if a == 1 and la == "col":
                continue
            for lb, fb in fillers:
                if ncols - a == 1 and lb == "col":
                    continue
                g = [[EMPTY] * ncols for _ in range(nrows)]
                _place(g, fa(left, nrows, a), 0, 0)
                _place(g, fb(right, nrows, ncols - a), 0, a)
                yield f"split{a}:{la}+{lb}", g
    # key column block, middle columns row by row, last column block
    if ncols >= 4:
        g = [[EMPTY] * ncols for _ in range(nrows)]
        a, b = nrows, n - nrows
        _place(g, [[t] for t in tokens[:a]], 0, 0)
        _place(g, _fill_row(tokens[a:b], nrows, ncols - 2), 0, 1)
        _place(g, [[t] for t in tokens[b:]], 0, ncols - 1)
        yield "split1:row+row+col", g
    banded = band_grid(tokens, ncols)
    if banded is not None:
        yield "bands", banded
    # header row first, then the body column by column
    if n > ncols:
        head, rest = tokens[:ncols], tokens[ncols:]
        g = [[EMPTY] * ncols for _ in range(nrows)]
        _place(g, [head], 0, 0)
        _place(g, _fill_col(rest, nrows - 1, ncols), 1, 0)
        yield "head+col", g
        # header row, then the key column, then the values row by row / column by column
        if nrows > 1 and n > ncols + nrows - 1:
            keys, vals = rest[: nrows - 1], rest[nrows - 1:]
            for name, filler in (("row", _fill_row), ("col", _fill_col)):
                g = [[EMPTY] * ncols for _ in range(nrows)]
                _place(g, [head], 0, 0)
                _place(g, [[t] for t in keys], 1, 0)
                _place(g, filler(vals, nrows - 1, ncols - 1), 1, 1)
                yield "head+keycol+" + name, g


def block_runs(tokens: list[Token], line_block: dict[int, int] | None) -> list[list[Token]]:
    """Tokens grouped by the blank-line-separated block they came from, for the
    blocks of two or more single-token lines (pdftotext's vertical stacks)."""
    if not line_block:
        return []
    per_line: dict[int, int] = {}
    for t in tokens:
        per_line[t.line] = per_line.get(t.line, 0) + 1
    groups: dict[int, list[Token]] = {}
    for t in tokens:
        if t.kind != "empty":
            groups.setdefault(line_block.get(t.line, -1), []).append(t)
    return [g for g in groups.values()
            if len(g) >= 2 and all(per_line[t.line] == 1 for t in g)]


def _block_score(grid, runs) -> float:
    """A block of one-token lines is a stack of cells: one column, rows in order."""
    if not runs:
        return 0.0
    where = {}
    for i, row in enumerate(grid):
        for j, t in enumerate(row):
            where[id(t)] = (i, j)
    good = total = 0
    for g in runs:
        total += len(g) - 1
        pos = [where[id(t)] for t in g]
        if all(p[1] == pos[0][1] for p in pos) and \
                all(b[0] == a[0] + 1 for a, b in pairwise(pos)):
            good += len(g) - 1
    return W_BLOCK * good / total if total else 0.0


def _band_fill(tokens, nrows, ncols, order):
    if order == "row":
        return _fill_row(tokens, nrows, ncols)
    if order == "col":
        return _fill_col(tokens, nrows, ncols)
    g = [[EMPTY] * ncols for _ in range(nrows)]      # key column, then rows
    _place(g, [[t] for t in tokens[:nrows]], 0, 0)
    _place(g, _fill_row(tokens[nrows:], nrows, ncols - 1), 0, 1)
    return g


def band_grid(tokens: list[Token], ncols: int) -> list[list[Token]] | None:
    """The table as horizontal bands of rows, each read in its own order (pdftotext
    makes a block of a few rows and reads it by rows, by columns, or key column
    first).  A dynamic programme over the band boundaries, against the usual
    profile of a statistical table: a label or key column, then values."""
    n = len(tokens)
    if n % ncols or n // ncols < 3 or ncols < 2:
        return None
    nrows = n // ncols
    kinds = Counter(t.kind for t in tokens)
    stub = "text" if kinds["text"] >= nrows - 1 else "key" if kinds["key"] >= nrows - 1 else "num"
    profile = [stub] + ["num"] * (ncols - 1)
    line_of = {}

    def local(a, b, order):
        g = _band_fill(tokens[a * ncols: b * ncols], b - a, ncols, order)
        s = 0.0
        for i, row in enumerate(g):
            for j, t in enumerate(row):
                if t.kind == "empty":
                    continue
                if a + i == 0:
                    s -= 1.0 if t.kind == "num" else 0.0
                else:
                    s += 1.0 if t.kind == profile[j] else -1.0
                line_of[id(t)] = (a + i, j)
        # tokens of one source line side by side
        for i, row in enumerate(g):
            for j in range(ncols - 1):
                x, y = row[j], row[j + 1]
                if x.kind != "empty" and x.line == y.line and y.col == x.col + 1:
                    s += 0.5
        return s, g

    best: list[tuple[float, list]] = [(0.0, [])] + [(-1e9, [])] * nrows
    for b in range(1, nrows + 1):
        for a in range(max(0, b - 6), b):
            if best[a][0] <= -1e9:
                continue
            for order in ("row", "col", "key"):
                if order != "row" and b - a < 2:
                    continue
                sc, _ = local(a, b, order)
                total = best[a][0] + sc - 0.3
                if total > best[b][0]:
                    best[b] = (total, best[a][1] + [(a, b, order)])
    bands = best[nrows][1]
    if not bands:
        return None

    def build(bs):
        rows = []
        for a, b, order in bs:
            rows += _band_fill(tokens[a * ncols: b * ncols], b - a, ncols, order)
        return rows

    # the profile cannot tell orders whose kinds agree: let the full score
    # (value formats, lines) choose each band's order
    pairs = line_pairs(tokens)
    cur = build(bands)
    cur_score = score_grid(cur, False, pairs)
    for k, (a, b, order) in enumerate(bands):
        for alt in ("row", "col", "key"):
            if alt == order or (alt != "row" and b - a < 2):
                continue
            trial = bands[:k] + [(a, b, alt)] + bands[k + 1:]
            g = build(trial)
            sc = score_grid(g, False, pairs)
            if sc > cur_score:
                bands, cur, cur_score = trial, g, sc
    return cur


def score_grid(grid: list[list[Token]], headerless: bool = False, pairs=None,
               runs=None) -> float:
    """Higher is better: uniform columns, source lines kept in one row, keys in order.
    Row 0 is the header (all EMPTY for a table without one)."""
    ncols = len(grid[0])
    body = grid[1:]
    s = 0.0
    if not body:
        return -1e9
    s = _column_score(grid) / ncols
    s += _line_score(grid, line_pairs([t for r in grid for t in r]) if pairs is None else pairs)
    s += _ascending_score(grid)
    s += _block_score(grid, runs)
    # a value in the header row (over a column of values) is a misreading
    if not headerless:
        for j, h in enumerate(grid[0]):
            if h.kind == "num" and sum(1 for r in body if r[j].kind == "num") > len(body) / 2:
                s -= 1.5
    # "Year" heads a column of years, not of labels or values
    for j, h in enumerate(grid[0]):
        if h.kind == "text" and h.text.lower() in ("year", "years", "date", "month"):
            col = [r[j] for r in body if r[j].kind != "empty"]
            if col and sum(1 for t in col if t.kind == "key") <= len(col) / 2:
                s -= 1.0
    empties = sum(1 for i, row in enumerate(grid) for j, t in enumerate(row)
                  if t.kind == "empty" and i > 0)
    # an empty header cell is common (over the labels), but not free
    # and it stands over labels rather than over values
    if not headerless:
        for j, t in enumerate(grid[0]):
            if t.kind == "empty":
                nums = sum(1 for r in body if r[j].kind == "num")
                keys = sum(1 for r in body if r[j].kind == "key")
                s -= 0.2 + (0.6 if nums > len(body) / 2 else 0.0) \
                    + (0.1 if keys > len(body) / 2 else 0.0)
    if len(body) == 1:
        s -= 1.0   # one row of values under a row of keys: rather a tall table read by columns
    # a label that names a unit ("Fulfilment %") is a head misread, under
    # heads of words or of dates (a table turned on its side)
    if not headerless and all(h.kind in ("text", "empty", "key") for h in grid[0]):
        s -= 0.3 * sum(1 for r in body if r[0].kind == "text" and "%" in r[0].text)
    return s - 1.5 * empties


def _years(tokens) -> list[int]:
    return [t.year for t in tokens if t.year is not None]


def _ascending_score(grid) -> float:
    """Years read down the key column, or along a header of years, ascend."""
    s = 0.0
    seqs = [_years(grid[0])]
    for j in range(len(grid[0])):
        col = [r[j] for r in grid[1:]]
        if sum(1 for t in col if t.kind == "key") > len(col) / 2:
            seqs.append(_years(col))
            break   # the stub column only: repeated key columns prove nothing
    for yrs in seqs:
        if len(yrs) >= 3:
            asc = sum(1 for a, b in pairwise(yrs) if b >= a)
            s += W_ASC * (2 * asc / (len(yrs) - 1) - 1)
    return s


def _top(items):
    """The commonest item and its count (Counter.most_common is slow here)."""
    counts: dict = {}
    for x in items:
        counts[x] = counts.get(x, 0) + 1
    return max(counts.items(), key=lambda kv: kv[1])


def _column_score(grid) -> float:
    ncols = len(grid[0])
    body = grid[1:]
    n = len(body)
    s = 0.0
    scattered = 0
    for j in range(ncols):
        # one pass: the column's kinds and value shapes (Counter is slow here)
        kinds: dict[str, int] = {}
        shapes: dict[str, int] = {}
        for r in body:
            t = r[j]
            k = t.kind
            if k == "empty":
                continue
            kinds[k] = kinds.get(k, 0) + 1
            sh = t.shape
            shapes[sh] = shapes.get(sh, 0) + 1
            # text labels belong in the first column, not scattered
            if j and k == "text" and ncols > 2 and r[0].kind != "text":
                scattered += 1
        if not kinds:
            s -= 3
            continue
        top = max(kinds, key=kinds.__getitem__)
        ntop, filled = kinds[top], sum(kinds.values())
        s += (2.0 * ntop - 2.0 * (filled - ntop)) / n
        s += max(shapes.values()) / n
        # a header of values is unlikely; so is a year over a column of labels
        h = grid[0][j]
        if top == "text" and h.kind == "key" and j == 0:
            s -= 1.5
        if top == "key" and h.kind == "key" and filled > 2:
            s -= 0.5
    return s - 0.2 * scattered


def line_pairs(tokens: list[Token]) -> list[tuple[Token, Token]]:
    """Neighbouring tokens of one source line (they belong side by side in a row)."""
    by_line: dict[int, list[Token]] = {}
    for t in tokens:
        if t.kind != "empty":
            by_line.setdefault(t.line, []).append(t)
    pairs = []
    for toks in by_line.values():
        toks.sort(key=lambda t: t.col)
        pairs.extend(pairwise(toks))
    return pairs


def _line_score(grid, pairs) -> float:
    """Tokens that shared a source line sit side by side in one row."""
    if not pairs:
        return 0.0
    where = {}
    for i, row in enumerate(grid):
        for j, t in enumerate(row):
            where[id(t)] = (i, j)
    good = 0
    for a, b in pairs:
        ia, ja = where[id(a)]
        ib, jb = where[id(b)]
        if ia == ib and jb == ja + 1:
            good += 1
    n = len(pairs)
    return 2.0 * (2 * good - n) / n * min(1.0, n / 4)


def best_grid(tokens: list[Token], ncols_options: list[int], hz: int = 0,
              headerless: bool = False, line_block: dict[int, int] | None = None
              ) -> Grid | None:
    """The best-scoring grid over column counts, reading orders, and where the
    header's empty cell is (top-left corner, end of the header, or no header)."""
    best: Grid | None = None
    pairs = line_pairs(tokens)
    runs = block_runs(tokens, line_block)
    for ncols in ncols_options:
        if ncols < 2 or len(tokens) < 2 * ncols - 1:
            continue
        variants = [(tokens, "", False)]
        if tokens and tokens[0].kind != "empty":
            variants.append(([EMPTY] + tokens, "corner empty ", False))
        if 0 < hz == ncols - 1:
            variants.append((tokens[:hz] + [EMPTY] + tokens[hz:], "header end empty ", False))
        if headerless:
            variants.append((tokens, "no header ", True))
        for toks, tag, nohead in variants:
            seen = set()
            for order, rows in candidate_grids(toks, ncols):
                key = tuple(map(id, chain.from_iterable(rows)))
                if key in seen:
                    continue    # another order that reads the same grid
                seen.add(key)
                if nohead:
                    rows = [[EMPTY] * ncols] + rows
                sc = score_grid(rows, nohead, pairs, runs)
                # pdftotext reads row by row unless the cells are far apart
                if order.endswith("row") and "split" not in order and "keycol" not in order:
                    sc += 0.3
                if best is None or sc > best.score + 1e-9:
                    best = Grid(rows, tag + order, sc)
                    best.notes = ["headerless"] if nohead else []
    return best


# --- the block model -----------------------------------------------------------
#
# pdftotext reads a table as rectangles of cells (a group of adjacent columns
# over a run of rows), one after another, each row by row; blank lines part
# the rectangles.  Knowing the shape of a statistical table (a header row of
# words, a stub column of labels, values elsewhere) and that the values fill
# R rows x (C - 1) columns, we search the tilings of the grid by rectangles
# whose reading gives back the token sequence.

#: costs of the block model (lower is better)
_C_KIND = 5.0        # a value in a label's place, a word among values
_C_KEY_VALUE = 3.0   # a year or date among values
_C_HEAD_KEY = 0.25   # a year or date in the header row
_C_LINE = 3.0        # a source line cut between rows or rectangles
_C_BLANK_IN = 2.0    # a blank line inside a rectangle
_C_NO_BLANK = 1.2    # two rectangles with no blank line between them
_C_NO_BLANK_HEAD = 0.3  # the same after a block of header cells
_C_AHEAD = 1.5      # a rectangle read before the column on its left
_C_LOWER = 2.5      # a word cell that begins in lower case
_C_DOWN = 0.15      # a lone cell read before the one on its upper right
_C_UP = 0.5         # a lone cell read just after the one below left of it
_C_UP_BAND = 0.25   # ... or after the row below it has begun
_C_RECT_CELL = 0.1   # a rectangle of one cell
_C_RECT = 0.2        # each rectangle
_C_CORNER = 0.3      # an empty top-left cell
_C_CORNER_KEY = 2.5  # a year in the top-left cell, which heads the labels
_C_LONE_ROW = 0.3    # one body row alone in a block of several columns
_C_OPEN = 2.0       # a word cell that does not end ("No. of")
_C_MIXED_STUB = 0.6  # labels of both kinds: years or dates, and words
_C_CAP_CONT = 0.5    # a capitalised piece taken as a label's second line


@dataclass
class _Piece:
    text: str
    kind: str
    line: int
    grp: int
    block: int


def _pieces(tokens: list[Token], line_block: dict[int, int]) -> list[_Piece]:
    """Tokens as pieces: a line of words alone may be several header cells."""
    per_line = Counter(t.line for t in tokens)
    out: list[_Piece] = []
    for g, t in enumerate(tokens):
        parts = [t.text]
        if t.kind == "text" and per_line[t.line] == 1:
            parts = []
            for s in _split_after_amp(split_header_text(t.text)):
                if parts and (s == "%" or s.startswith("% ") and not s[2:3].isupper()):
                    parts[-1] += " " + s       # "Turnout %"
                else:
                    parts.append(s)
        for s in parts:
            out.append(_Piece(s, t.kind, t.line, g, line_block.get(t.line, 0)))
    return out


def _split_after_amp(cells: list[str]) -> list[str]:
    """'Sheep & Poultry' is two heads when a capital follows the '&' (the first
    one wrapped: 'Sheep &' / 'goats')."""
    out = []
    for c in cells:
        out.extend(x.strip() for x in re.split(r"(?<=&) (?=[A-Z])", c))
    return out


def _open(text: str) -> bool:
    w = text.split()[-1] if text.split() else ""
    return w.lower() in FUNCTION_WORDS or w.endswith((",", "&", "-")) \
        or text.count("(") > text.count(")")


def _weak_cont(q: _Piece, prev_text: str | None, row: int = 0) -> bool:
    """A piece that can only go on a cell begun above it."""
    if q.kind != "text":
        return False
    s = q.text
    if s[:1].islower() or s[:1] in "&(=)":
        return True
    # "Turnout" / "%" in a header; in the body "%" begins a label ("% Decline")
    return (s == "%" and row == 0) or (
        s[:1] == "%" and prev_text is not None and _open(prev_text))


class _Solver:
    def __init__(self, pieces: list[_Piece], ncols: int, nrows: int, corner_empty: bool,
                 budget: int):
        self.q = pieces
        self.n = len(pieces)
        self.C, self.R = ncols, nrows
        self.corner_empty = corner_empty
        self.budget = budget
        self.work = 0
        self.memo: dict = {}

    def gap(self, p: int) -> bool:
        """A blank line between piece p-1 and piece p."""
        return 0 < p < self.n and self.q[p].block != self.q[p - 1].block

    def same_line(self, p: int) -> bool:
        return 0 < p < self.n and self.q[p].line == self.q[p - 1].line

    def _group_end(self, p: int) -> int:
        q, n = self.q, self.n
        e = p
        while e + 1 < n and q[e + 1].grp == q[p].grp:
            e += 1
        return e

    def read_row(self, p: int, r: int, c0: int, c1: int, top: bool):
        """Outcomes of reading row r, columns c0..c1-1, from piece p (the row is
        the rectangle's first when `top`): [(next piece, cells, cost)], cells
        being ((c, texts, kind), ...).  Readings that break the table's shape
        are not returned."""
        key = (p, r, c0, c1, top)
        if key in self.memo:
            return self.memo[key]
        self.work += c1 - c0
        q, n = self.q, self.n
        cost = 0.0
        cells = []
        outs: list = []
        p0 = p
        for c in range(c0, c1):
            if p >= n:
                self.memo[key] = outs
                return outs
            if not (top and c == c0):
                if self.gap(p):
                    cost += _C_BLANK_IN
                if c == c0 and self.same_line(p):
                    cost += _C_LINE        # a line running on into the next row
            k = q[p].kind
            e = p
            if r == 0:
                cost += 0.0 if k == "text" else _C_KIND if k != "key" else _C_HEAD_KEY
                if c == 0 and k == "key":
                    cost += _C_CORNER_KEY
            elif c == 0:
                e = self._group_end(p)
                cost += _C_KIND if k == "num" else 0.0
            else:
                cost += 0.0 if k == "num" else _C_KEY_VALUE if k == "key" else _C_KIND
            if k == "text" and q[p].text[:1].islower():
                cost += _C_LOWER
            if cost >= _C_LINE:
                self.memo[key] = outs
                return outs
            cells.append((c, [q[x].text for x in range(p, e + 1)], k))
            p = e + 1
        # a body row of several columns, no two cells on one line: rather a
        # column read down (a tie-breaker)
        if r > 0 and c1 - c0 > 1 and len({q[x].line for x in range(p0, p)}) == p - p0:
            cost += 0.03
        # second lines of the row's word cells
        texts = [i for i, cell in enumerate(cells) if cell[2] == "text"]
        conts = []
        while p < n and texts and q[p].kind == "text" and not self.same_line(p) \
                and not self.gap(p) and _weak_cont(q[p], " ".join(cells[texts[-1]][1]), r):
            e = self._group_end(p)
            conts.append(" ".join(q[x].text for x in range(p, e + 1)))
            p = e + 1
        if conts:
            cells = self._attach(cells, texts, conts)
        # a cell left open ("No. of", "Sheep &") lost its second line
        cost += _C_OPEN * sum(1 for i in texts if _open(" ".join(cells[i][1])))
        outs.append((p, tuple(cells), cost))
        # a label's second (and third) line with a capital ("North" ... "Caucasus",
        # "Central" / "Black" / "Earth"), a date's year ("Jun." ... "1915")
        c2, pp, extra = list(cells), p, 0.0
        while r > 0 and c0 == 0 and pp < n and not self.same_line(pp) and not self.gap(pp) \
                and q[pp].grp != q[pp - 1].grp and extra < 2 * _C_CAP_CONT and (
                    (c2[0][2] == "text" and q[pp].kind == "text"
                     and re.fullmatch(r"[A-Z][a-z]+", q[pp].text))
                    or (c2[0][2] == "key" and q[pp].kind == "key" and len(c2[0][1]) == 1
                        and not re.search(r"\d", c2[0][1][0])
                        and re.fullmatch(r"\d{4}", q[pp].text))):
            e = self._group_end(pp)
            c2[0] = (0, c2[0][1] + [" ".join(q[x].text for x in range(pp, e + 1))], c2[0][2])
            pp, extra = e + 1, extra + _C_CAP_CONT
            outs.append((pp, tuple(c2), cost + extra))
        self.memo[key] = outs
        return outs

    @staticmethod
    def _attach(cells, texts, conts):
        """Give the second lines of a row's word cells to their cells: to a cell
        left open ("Procurement as % of" / "production"), else to a cell that
        repeats another ("Procurement Procurement" / "as % of"), else to the
        last cells (a row's long heads are the last)."""
        cells = list(cells)

        def text(i):
            return " ".join(cells[i][1])

        if len(conts) == 1 and len(texts) > 1:
            words = conts[0].split()
            if 1 < len(words) <= len(texts) and not any(
                    w.lower() in FUNCTION_WORDS for w in words) and all(
                    w[:1].islower() for w in words):
                conts = words          # "employment employment": one to each
        seen = [text(i) for i in texts]
        dup = next((k for k in range(1, len(seen)) if seen[k] in seen[:k]), None)
        pos = dup if dup is not None else max(0, len(texts) - len(conts))
        for s in conts:
            opened = [i for i in texts if _open(text(i))]
            if opened:
                target = opened[0]
            else:
                target = texts[min(pos, len(texts) - 1)]
                pos += 1
            c, t, k = cells[target]
            cells[target] = (c, t + [s], k)
        return cells

    def solve(self):
        """The cheapest tiling: (cost, {(r, c): (texts, kind)}) or None.  A state
        is the next piece, each column's covered height, and which kinds of
        label (years and dates, words) the stub has had so far."""
        C, R = self.C, self.R
        h0 = (1,) + (0,) * (C - 1) if self.corner_empty else (0,) * C
        full = (R + 1,) * C
        layers: list[dict] = [{} for _ in range(self.n + 1)]
        layers[0][(h0, (0, False))] = (_C_CORNER if self.corner_empty else 0.0, None)
        for p in range(self.n):
            # a beam: the cheapest tilings that reached piece p
            states = sorted(layers[p].items(), key=lambda kv: kv[1][0])[:_BEAM]
            for (H, sk), (cost, back) in states:
                # the lone cell just read, if the last rectangle was one: (row, column)
                last = None
                if back is not None and len(back[2]) == 1 and len(back[2][0][1]) == 1:
                    last = (back[2][0][0], back[2][0][1][0][0])
                start_cost = 0.0
                if self.same_line(p):
                    start_cost += _C_LINE
                for j in range(C):
                    r0 = H[j]
                    # a column's body may be read before the one on its left (at a
                    # cost), the header row goes left to right
                    if r0 > R or (r0 == 0 and j > 0 and H[j - 1] <= r0):
                        continue
                    for w in range(1, C - j + 1):
                        if H[j + w - 1] != r0:
                            break
                        partial = [(p, (), 0.0, sk)]
                        for hgt in range(1, R + 2 - r0):
                            r = r0 + hgt - 1
                            nxt = []
                            for pp, cells, c, k in partial:
                                for p2, row, c2 in self.read_row(pp, r, j, j + w, hgt == 1):
                                    k2 = k
                                    if j == 0 and r > 0:
                                        k2 = _stub_kinds(k, row[0][2])
                                        c2 += _stub_cost(k2) - _stub_cost(k)
                                    if c + c2 < _MAX_RECT_COST:
                                        nxt.append((p2, cells + ((r, row),), c + c2, k2))
                            if self.work > self.budget:
                                return None
                            partial = nxt
                            if not partial:
                                break
                            # a cell alone between blank lines is its own block
                            extra = _C_RECT_CELL if w == hgt == 1 else _C_RECT
                            if w == hgt == 1 and j + 1 < C and H[j + 1] < r0:
                                extra += _C_DOWN    # lone cells come row by row, not down a column
                            if w == hgt == 1 and last == (r0 + 1, j - 1):
                                extra += _C_UP      # ... nor back up, from the cell below left
                            elif w == hgt == 1 and j > 0 and H[j - 1] == r0 + 2:
                                extra += _C_UP_BAND
                            # one body row alone in a block of several columns is rare
                            extra += _C_LONE_ROW if (w > 1 and hgt == 1 and r0 > 0) else 0.0
                            if j > 0 and H[j - 1] < r0 + hgt:
                                extra += _C_AHEAD     # reaches below the column on its left
                            H2 = H[:j] + (r0 + hgt,) * w + H[j + w:]
                            for p2, cells, c, k in partial:
                                tot = cost + start_cost + c + extra
                                if p2 < self.n and not self.gap(p2):
                                    # the next rectangle follows with no blank line:
                                    # usual after a header row's block only
                                    tot += _C_NO_BLANK_HEAD if r0 + hgt == 1 else _C_NO_BLANK
                                if tot > _MAX_COST:
                                    continue
                                old = layers[p2].get((H2, k))
                                if old is None or tot < old[0]:
                                    layers[p2][(H2, k)] = (tot, (p, (H, sk), cells))
        ends = [v for (H, _k), v in layers[self.n].items() if H == full]
        if not ends:
            return None
        end = min(ends, key=lambda v: v[0])
        grid: dict = {}
        back = end[1]
        while back is not None:
            p, state, cells = back
            for r, row in cells:
                for c, texts, kind in row:
                    grid[(r, c)] = (texts, kind)
            back = layers[p][state][1]
        return end[0], grid


def _stub_kinds(k: tuple[int, bool], kind: str) -> tuple[int, bool]:
    nkeys, words = k
    return (min(2, nkeys + (kind != "text")), words or kind == "text")


def _stub_cost(k: tuple[int, bool]) -> float:
    """Labels of both kinds: one date among words happens ("Mar. 1918" among
    regions), years with a word among them rather means a misreading."""
    nkeys, words = k
    if not words or not nkeys:
        return 0.0
    return _C_MIXED_STUB + (1.5 if nkeys >= 2 else 0.0)


#: readings dearer than these are not followed
_MAX_RECT_COST = 4.5
_MAX_COST = 8.0
_BEAM = 48


def _value_shape_cost(grid: dict, C: int, R: int) -> float:
    """A tie-breaker: a column's values share a format."""
    cost = 0.0
    for c in range(1, C):
        shapes = [Token(" ".join(grid[(r, c)][0]), "num", 0).shape for r in range(1, R + 1)
                  if (r, c) in grid and grid[(r, c)][1] == "num"]
        if shapes:
            cost += 0.3 * (1 - _top(shapes)[1] / len(shapes))
    return cost


def _join_dates(tokens: list[Token]) -> list[Token]:
    """A month wrapped before its year ("May." / "1934") is one date label."""
    out: list[Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "key" and t.kind == "key" \
                and t.line == prev.line + 1 and not re.search(r"\d", prev.text) \
                and re.fullmatch(r"\d{4}", t.text):
            out[-1] = Token(prev.text + " " + t.text, "key", prev.line)
            continue
        out.append(t)
    return out


def block_solve(tokens: list[Token], line_block: dict[int, int] | None,
                budget: int = 400_000) -> Grid | None:
    """The best tiling of the table by rectangles read row by row, or None.
    Unlike the order search's grids, grid.score is a cost: lower is better,
    below 1 a clean reading, from about 4 a doubtful one."""
    pieces = _pieces(_join_dates(tokens), line_block or {})
    n = len(pieces)
    if n < 4 or n > 300:
        return None
    if len({q.block for q in pieces}) == len({q.line for q in pieces}):
        return None     # every line its own block: the blocks tell nothing
    nvals = sum(1 for q in pieces if q.kind == "num")
    best = None
    for C in range(2, 9):
        if nvals % (C - 1):
            continue
        R = nvals // (C - 1)
        if R < 1:
            continue
        for corner_empty in (False, True):
            res = _Solver(pieces, C, R, corner_empty, budget).solve()
            if res is None:
                continue
            cost, grid = res
            cost += _value_shape_cost(grid, C, R)
            if R == 1:
                cost += 1.5     # one row of values: rather a tall table read otherwise
            if best is None or cost < best[0]:
                best = (cost, grid, C, R, corner_empty)
    if best is None:
        return None
    cost, grid, C, R, _ = best
    rows = []
    for r in range(R + 1):
        row = []
        for c in range(C):
            if (r, c) in grid:
                texts, kind = grid[(r, c)]
                row.append(Token(" ".join(texts), kind, -1))
            else:
                row.append(EMPTY)
        rows.append(row)
    return Grid(rows, "blocks", cost)
