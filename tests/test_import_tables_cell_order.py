"""Tables pass: reading orders that pdftotext gives WeasyPrint tables set one
cell a block (bench/corpus2): cells read after the rest of the table, a
label read before the heads, heads repeated at a page break, cells wrapped
over lines.  The snippets are cut from corpus2 books."""

from __future__ import annotations

from publish.importer.rules_block.tables import _merge_pieces, find_tables, rebuild_table
from publish.importer.rules_block.tables_layout import Token, split_header_text


def _cells(*cells: str) -> list[str]:
    """One cell a block: a blank line after each."""
    out: list[str] = []
    for c in cells:
        out += [c, ""]
    return out


def _rows(g) -> list[list[str]]:
    return g.head + g.body


PROSE = ["The defendants confessed to everything in the indictment, including",
         "sabotage in the principal industries, treasonable activities in the Red",
         "Army, espionage, etc. The trial was a travesty of justice from the start."]


def test_a_row_label_read_after_the_table_goes_to_the_row_without_one():
    lines = ["Production and government procurements of grain (m. tons)[5]"] + _cells(
        "Procurement", "Actual", "Index", "Members", "-23.5", "22.2", "59.1", "230",
        "Industrial workers", "231,600", "32.9", "-17.9", "125",
        "Coal", "33,281", "-11.1", "543", "684", "Consumer goods")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Procurement", "Actual", "Index", "Members"],
                        ["Consumer goods", "-23.5", "22.2", "59.1", "230"],
                        ["Industrial workers", "231,600", "32.9", "-17.9", "125"],
                        ["Coal", "33,281", "-11.1", "543", "684"]]
    assert "Consumer goods" in g.reason        # the move is on record


def test_labels_then_a_head_read_last_are_found_past_a_heading_like_tail():
    # "Share of total %" looks like a heading after the table; it is the last head
    lines = PROSE + ["Number of livestock, 000s[8]", "Change", "", "Fulfilment %", ""] + _cells(
        "Pig iron", "73,848", "98.3", "68.4", "Siberia", "19.9", "91.1", "32,034",
        "153,284", "7,893", "-9.2", "34.2", "43,552", "13") + [
        "Total", "Electricity (m. kWh)", "", "Share of total %", ""] + PROSE
    found = find_tables(lines, 75)
    assert len(found) == 1
    _, b, g = found[0]
    assert lines[b - 1] == "Share of total %"
    assert _rows(g) == [["", "Change", "Fulfilment %", "Share of total %"],
                        ["Pig iron", "73,848", "98.3", "68.4"],
                        ["Siberia", "19.9", "91.1", "32,034"],
                        ["Total", "153,284", "7,893", "-9.2"],
                        ["Electricity (m. kWh)", "34.2", "43,552", "13"]]


def test_a_heading_after_a_whole_table_stays_out_of_it():
    lines = PROSE + ["Votes cast (000s)[2]"] + _cells(
        "Seats", "Votes", "Cattle", "811", "94.2", "Hogs", "33,342", "225",
        "Total", "29.6", "-34.1", "The Split of Pantakov") + PROSE
    (a, b, g), = find_tables(lines, 75)
    assert "The Split of Pantakov" not in lines[a:b]
    assert g.body[-1] == ["Total", "29.6", "-34.1"]


def test_a_label_column_on_the_right_is_not_moved():
    # lines that run on: labels after their values are a column of their own
    lines = ["Size of branches [56]", "No. of", "No. of", "members branches",
             "1–3", "14", "Erfurt", "4–15", "15", "Breslau", "20+", "5", "Berlin"]
    g = rebuild_table(lines, 1)
    assert g.body[0] == ["1–3", "14", "Erfurt"]


def test_first_label_before_the_heads_and_heads_repeated_at_a_page_break():
    lines = ["Production and government procurements of grain (m. tons)[7]", ""] + _cells(
        "1935", "Members", "Production", "75.3", "235,904", "Members", "Production",
        "1936", "94.0", "3.3", "1937", "68.8", "20", "1938", "719", "28,928")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Members", "Production"], ["1935", "75.3", "235,904"],
                        ["1936", "94.0", "3.3"], ["1937", "68.8", "20"],
                        ["1938", "719", "28,928"]]
    assert g.dropped == ["Members", "Production"]


def test_corner_head_read_after_the_first_label():
    lines = ["Number of livestock, 000s[1]"] + _cells(
        "Index", "Plan", "1 Jan. 1928", "Date", "43.2", "209", "1 Oct. 1929", "695", "58.4",
        "1 Jan. 1930", "11.4", "26,490", "1 Oct. 1931", "714", "22.7")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["Date", "Index", "Plan"], ["1 Jan. 1928", "43.2", "209"],
                        ["1 Oct. 1929", "695", "58.4"], ["1 Jan. 1930", "11.4", "26,490"],
                        ["1 Oct. 1931", "714", "22.7"]]


def test_stub_column_read_before_the_heads():
    lines = ["Percentage of peasant households collectivised[5]"] + _cells(
        "Ukraine", "Grain", "Siberia", "Wages (roubles)", "Members", "92.7", "91.8",
        "31,423", "134,866", "29.5", "674")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Wages (roubles)", "Members"], ["Ukraine", "92.7", "91.8"],
                        ["Grain", "31,423", "134,866"], ["Siberia", "29.5", "674"]]


def test_heads_repeated_at_a_page_break_are_dropped_before_the_block_model():
    lines = ["Number of livestock, 000s[4]", "Seats Production", "Oil", "", "49.3", "", "550",
             "", "Coal", "", "1,302", "", "234,879", "", "Large-scale industry 170,758", "",
             "48,853", "", "Seats Production", "Industrial workers", "Pig iron", "Cattle", "",
             "841", "", "397", "", "179,247", "", "34.3", "", "85.4", "", "47,554", ""]
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Seats", "Production"], ["Oil", "49.3", "550"],
                        ["Coal", "1,302", "234,879"], ["Large-scale industry", "170,758", "48,853"],
                        ["Industrial workers", "841", "397"], ["Pig iron", "179,247", "34.3"],
                        ["Cattle", "85.4", "47,554"]]
    assert g.dropped == ["Seats Production"]


def test_cells_wrapped_over_lines_of_one_block_are_one_cell():
    lines = ["Fulfilment of the First Five-Year Plan[5]", "Wages", "(roubles)", "", "%",
             "Decline", "", "Share", "of total", "%", ""] + _cells(
        "Horses", "40,375", "8,637", "681") + ["Lower", "Volga", ""] + _cells(
        "41.6", "172,481", "114,612") + ["Central", "Black", "Earth", "Region", ""] + _cells(
        "290", "183,753", "-31.5")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Wages (roubles)", "% Decline", "Share of total %"],
                        ["Horses", "40,375", "8,637", "681"],
                        ["Lower Volga", "41.6", "172,481", "114,612"],
                        ["Central Black Earth Region", "290", "183,753", "-31.5"]]


def test_a_lone_block_above_the_values_is_a_head_and_a_label():
    lines = ["Strikes and strikers[9]", "Members", "Sheep & goats", ""] + _cells(
        "90.5", "Oil", "76,318", "Grain", "232,367")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Members"], ["Sheep & goats", "90.5"], ["Oil", "76,318"],
                        ["Grain", "232,367"]]


def test_dates_as_labels_under_an_empty_corner_are_not_transposed():
    lines = ["Number of livestock, 000s[4]"] + _cells(
        "Votes", "Members", "Procurement", "1927-28", "70,302", "74.6", "343",
        "1928", "33,152", "-39.8", "96,324", "1929-30", "57.5", "191", "213,664",
        "1930", "3.7", "98.6", "-14.0")
    g = rebuild_table(lines, 1)
    assert g.head == [["", "Votes", "Members", "Procurement"]]
    assert [r[0] for r in g.body] == ["1927-28", "1928", "1929-30", "1930"]


def test_a_day_and_month_wrapped_before_the_year_is_one_label():
    lines = ["Fulfilment of the First Five-Year Plan[2]", "", "Procurement as % of",
             "Production", "", "%", "Decline", "", "Prices", ""] + [
        x for row in (("1 Mar.", "1928", "46.5", "143,101", "95.6"),
                      ("1 Jun.", "1929", "95,188", "305", "953"),
                      ("1 Mar.", "1930", "63.0", "2.6", "-39.9")) for x in row]
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Procurement as % of Production", "% Decline", "Prices"],
                        ["1 Mar. 1928", "46.5", "143,101", "95.6"],
                        ["1 Jun. 1929", "95,188", "305", "953"],
                        ["1 Mar. 1930", "63.0", "2.6", "-39.9"]]


def test_a_paragraph_begun_on_a_line_of_its_own_is_not_a_cell():
    lines = ["Strikes and strikers[3]"] + _cells(
        "Year", "Members", "1936", "94.0", "1937", "68.8", "1938", "719") + [
        "An", "unexplained hitch in the transmission lines prevented a good connection."]
    (a, b, g), = find_tables(lines, 75)
    assert "An" not in lines[a:b]
    assert g.body == [["1936", "94.0"], ["1937", "68.8"], ["1938", "719"]]


def test_percent_sign_ends_the_head_it_follows():
    assert split_header_text("Fulfilment % Share of total %") == ["Fulfilment %",
                                                                   "Share of total %"]
    assert split_header_text("Turnout %") == ["Turnout %"]
    assert split_header_text("Year % Decline") == ["Year", "% Decline"]


def test_corner_head_read_in_the_middle_of_the_body():
    lines = ["Strikes and strikers[8]", "Share of total", "%", "", "Index", "", "Wages",
             "(roubles)", ""] + _cells(
        "1923", "85.1", "205,017", "60.1", "1924-25", "-35.4", "298", "-38.0",
        "1925-26", "90.6", "94,830", "45.2", "Year", "1926-27", "95.0", "18.9", "-26.2")
    g = rebuild_table(lines, 1)
    assert g.head == [["Year", "Share of total %", "Index", "Wages (roubles)"]]
    assert [r[0] for r in g.body] == ["1923", "1924-25", "1925-26", "1926-27"]
    assert g.body[3] == ["1926-27", "95.0", "18.9", "-26.2"]


def test_a_table_with_labels_read_last_and_one_in_the_heads_zone():
    # heads "Region Index Votes" are k + 1 cells: the stray labels fill the rows
    lines = ["Number of livestock, 000s"] + _cells(
        "Region", "Index", "Votes", "155,568", "33.5", "Tractors", "32.8", "-12.4",
        "Collective farmers", "50.6", "42,661", "Ukraine", "-4.2", "87.1", "126,493", "818",
        "2.6", "77.2") + ["Cotton fabrics (m. metres)", "Individual peasants", "Grain", ""]
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["Region", "Index", "Votes"],
                        ["Cotton fabrics (m. metres)", "155,568", "33.5"],
                        ["Tractors", "32.8", "-12.4"], ["Collective farmers", "50.6", "42,661"],
                        ["Ukraine", "-4.2", "87.1"], ["Individual peasants", "126,493", "818"],
                        ["Grain", "2.6", "77.2"]]


def test_a_one_word_head_repeated_between_rows_is_dropped():
    lines = ["Membership of the Communist Party[8]", "Prices", "Lower Volga", "", "-21.1", "",
             "Hogs", "", "97.3", "", "Prices", "North Caucasus", "", "709", ""]
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Prices"], ["Lower Volga", "-21.1"], ["Hogs", "97.3"],
                        ["North Caucasus", "709"]]
    assert g.dropped == ["Prices"]


def test_a_label_like_the_head_with_its_values_is_kept():
    lines = ["Membership of the Communist Party[8]", "Prices", "Lower Volga", "", "-21.1", "",
             "Prices", "", "97.3", "", "Hogs", "", "709", ""]
    g = rebuild_table(lines, 1)
    assert [r[0] for r in g.body] == ["Lower Volga", "Prices", "Hogs"]


def test_a_head_repeated_inside_the_first_row_of_a_dated_table_is_dropped():
    # the page break fell after the first row's value: "Plan" again before the second
    lines = ["Production and government procurements of grain (m. tons)[8]", "Plan",
             "1 Oct. 1928", "", "72.8", "", "Plan", "1 Feb. 1929", "", "170,559", "",
             "1 Mar. 1930", "", "767", ""]
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Plan"], ["1 Oct. 1928", "72.8"], ["1 Feb. 1929", "170,559"],
                        ["1 Mar. 1930", "767"]]
    assert g.dropped == ["Plan"]


def test_heads_read_among_the_first_row_then_repeated_are_dropped_once():
    lines = ["Election results, 1928-1933[3]", "1930-31", "", "Change", "36", "", "Output",
             "597", "", "Votes", "896", "", "Change Output", "Votes", "1931-32",
             "83.3 130,331 214,565", "1932-33", "12.8", "44.4", "11,265"]
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Change", "Output", "Votes"], ["1930-31", "36", "597", "896"],
                        ["1931-32", "83.3", "130,331", "214,565"],
                        ["1932-33", "12.8", "44.4", "11,265"]]


def test_a_pages_labels_read_together_before_their_rows():
    lines = ["Votes cast (000s)[2]", ""] + _cells(
        "Region", "Seats", "Procurement") + ["Share of", "total %", "", "Wages", "(roubles)",
                                             ""] + _cells(
        "Horses", "-12.1", "117", "79", "46.7") + ["Cotton fabrics (m.", "metres)", ""] + _cells(
        "212", "11,242", "9.0", "733", "Pig iron", "2.4", "111,245", "70.0", "39.6") + [
        "Grain", "Collective farmers", "Coal", ""] + _cells(
        "8", "95.8", "36.8", "17.2", "8.1", "94.9", "74.4", "477", "132,500", "239,690",
        "-20.1", "146,348")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["Region", "Seats", "Procurement", "Share of total %", "Wages (roubles)"],
                        ["Horses", "-12.1", "117", "79", "46.7"],
                        ["Cotton fabrics (m. metres)", "212", "11,242", "9.0", "733"],
                        ["Pig iron", "2.4", "111,245", "70.0", "39.6"],
                        ["Grain", "8", "95.8", "36.8", "17.2"],
                        ["Collective farmers", "8.1", "94.9", "74.4", "477"],
                        ["Coal", "132,500", "239,690", "-20.1", "146,348"]]
    assert "labels read apart" in g.reason


def test_columns_read_down_then_the_last_row_across():
    lines = ["Election results, 1928-1933[2]", "Region Production", "Total", "Moscow Region",
             "Industrial", "workers", "Steel", ""] + _cells(
        "162,507", "97,596", "61,265") + ["Procurement as % of", "Production"] + _cells(
        "6.3", "226,371", "49.1") + ["Fulfilment", "%"] + _cells(
        "-21.6", "184,310", "97.9", "52,096", "616", "50,865")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["Region", "Production", "Procurement as % of Production", "Fulfilment %"],
                        ["Total", "162,507", "6.3", "-21.6"],
                        ["Moscow Region", "97,596", "226,371", "184,310"],
                        ["Industrial workers", "61,265", "49.1", "97.9"],
                        ["Steel", "52,096", "616", "50,865"]]


def test_a_dated_tables_keys_read_ahead_and_its_last_row_turned():
    # "1927" "1928-29" before the first row's values; the last row's last
    # two values read before its year
    lines = ["Output of heavy industry", "Seats Output Change % Decline", "1927", "1928-29",
             ""] + _cells("50,111 23,101", "255", "10.5", "44.7", "9.7", "40.4", "973",
                          "1929", "65,287", "5.1", "663", "42,126", "1930", "652", "23.9", "916",
                          "456", "1931", "-4.8 11,125", "12,535", "-37.7", "49.3", "73.9",
                          "1932-33 57,496", "530")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Seats", "Output", "Change", "% Decline"],
                        ["1927", "50,111", "23,101", "255", "10.5"],
                        ["1928-29", "44.7", "9.7", "40.4", "973"],
                        ["1929", "65,287", "5.1", "663", "42,126"],
                        ["1930", "652", "23.9", "916", "456"],
                        ["1931", "-4.8", "11,125", "12,535", "-37.7"],
                        ["1932-33", "57,496", "530", "49.3", "73.9"]]


def test_a_two_word_label_before_heads_that_a_page_break_repeats():
    lines = ["Strikes and strikers"] + _cells(
        "Lower Volga", "Actual", "Change", "57,418", "589", "Actual", "Change", "Cattle", "962",
        "48,612", "Moscow Region", "812", "20.0", "Hogs", "43.1", "3.5")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Actual", "Change"], ["Lower Volga", "57,418", "589"],
                        ["Cattle", "962", "48,612"], ["Moscow Region", "812", "20.0"],
                        ["Hogs", "43.1", "3.5"]]


def test_a_head_read_before_the_label_column_stays_a_head():
    # "Share of total %" carries a unit: a head read before the stub, not a label
    lines = ["Sown area (m. hectares)[4]", "Share of total %", "Total", "Collective farmers", "",
             "Index", "", "79,672 113,884", "77.7", ""] + _cells(
        "35.9", "Cotton fabrics (m. metres)", "95,166 217,610", "Cattle", "-26.3 132,098")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Share of total %", "Index"], ["Total", "79,672", "113,884"],
                        ["Collective farmers", "77.7", "35.9"],
                        ["Cotton fabrics (m. metres)", "95,166", "217,610"],
                        ["Cattle", "-26.3", "132,098"]]


def test_rows_short_of_their_last_values_get_them_from_after_the_table():
    # two rows kept only their first value; the rest came after the last row
    lines = ["Output of heavy industry[2]", "Date Members Share of total %", ""] + _cells(
        "Seats", "1 Feb. 1928", "47.5", "119,379 120,223", "1 Oct. 1929", "32.8", "1 Mar. 1930",
        "63.3", "1 Feb. 1931", "3.5", "88,677", "885", "1 Jan. 1932", "133,723", "11.4", "25.6",
        "1 Jun. 1933", "9.2", "61.7", "27.4", "1 Mar. 1934", "177,332", "21,883", "87.9",
        "606", "53.6", "88 169,336")
    g = rebuild_table(lines, 1)
    assert _rows(g)[:4] == [["Date", "Members", "Share of total %", "Seats"],
                            ["1 Feb. 1928", "47.5", "119,379", "120,223"],
                            ["1 Oct. 1929", "32.8", "606", "53.6"],
                            ["1 Mar. 1930", "63.3", "88", "169,336"]]
    assert _rows(g)[-1] == ["1 Mar. 1934", "177,332", "21,883", "87.9"]
    assert "rows' last values, read last" in g.reason


def test_rows_short_to_the_tables_end_take_the_values_read_last_in_row_order():
    from publish.importer.rules_block.tables import _fill_short_rows
    from publish.importer.rules_block.tables_layout import Token

    def vals(*xs):
        return [Token(x, "num", 0) for x in xs]

    rows = [vals("35,156", "62.9", "839", "170,931"), vals("157,784", "409", "143,258", "141,918"),
            vals("62.9", "69.7"), vals("25.4", "-34.4", "7,739", "235,881", "150,240", "64,538")]
    assert _fill_short_rows(rows)
    assert [[t.text for t in r] for r in rows[2:]] == [["62.9", "69.7", "7,739", "235,881"],
                                                       ["25.4", "-34.4", "150,240", "64,538"]]


def test_a_head_with_a_unit_keeps_a_dated_table_upright():
    # read the same row by row or turned on its side; "Fulfilment %" names a
    # unit, so it heads a column and the dates are the rows
    lines = ["Percentage of peasant households collectivised[3]"] + _cells(
        "Index", "Seats", "Fulfilment %", "1 Mar. 1928", "167", "90.5", "851", "1 Jun. 1929",
        "541", "486", "67", "1 Jun. 1930", "62.7", "40.0", "26,165", "1 Jan. 1931", "48,400",
        "126,089", "157,291")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["", "Index", "Seats", "Fulfilment %"],
                        ["1 Mar. 1928", "167", "90.5", "851"], ["1 Jun. 1929", "541", "486", "67"],
                        ["1 Jun. 1930", "62.7", "40.0", "26,165"],
                        ["1 Jan. 1931", "48,400", "126,089", "157,291"]]


def test_a_line_read_a_word_at_a_time_after_a_table_is_prose():
    # pdftotext read the justified line after the table one word a block
    from publish.importer import import_document
    from publish.importer.document import TABLE

    words = ["Central", "Committee", "issued", "an", "appeal", "to", "local", "party"]
    lines = PROSE * 4 + ["Production and government procurements", "of grain (m. tons)[8]"] + _cells(
        "Procurement", "Votes", "Plan", "1935", "242,497", "42.3 145,698", "1936-37", "141,186",
        "1,233 128,645", "1937", "774", "-32.9", "68.6", "Procurement", "Votes", "Plan", "1938",
        "38.2", "28.2", "-1.6", "1939", "29.7", "74.2", "52", "1940", "The",
        "199,654 126,488 175,219") + _cells(*words) + [
        "organisations to intensify the work of ‘socialist construction’ in",
        "the countryside, the goal being the liquidation of the kulaks. The"] + PROSE * 4
    doc = import_document("A Book\n\n1. First Chapter\n\n" + "\n".join(lines) + "\n", "t.txt")
    tables = [b for b in doc.blocks if b.kind == TABLE]
    assert len(tables) == 1
    assert not any(ln.text.strip() in words for ln in tables[0].lines)


def test_lone_cells_are_read_row_by_row_not_back_up_to_the_header():
    # a third head read after the first row's label and value is a reading
    # the blocks allow; one cell a block, the row-by-row reading is the one
    lines = ["Output of heavy industry[11]"] + _cells(
        "Region", "Seats", "Sheep & goats", "-22.1", "Grain", "62.4") + [
        "Electricity (m. kWh) 220,387", "Lower Volga", "", "98,815", ""]
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["Region", "Seats"], ["Sheep & goats", "-22.1"], ["Grain", "62.4"],
                        ["Electricity (m. kWh)", "220,387"], ["Lower Volga", "98,815"]]


def test_a_head_read_after_a_dated_table_whose_header_begins_with_date_is_its_last():
    # "Date" already heads the dates: the word read last is the header's last
    # head, not a corner head read late
    lines = ["Fulfilment of the First Five-Year Plan[3]", ""] + _cells(
        "Date", "Prices") + ["Procurement", "as % of", "Production", ""] + _cells(
        "1 Oct. 1928", "111,817", "96,423", "157,260", "1 Mar. 1929", "45,238", "761", "65.3",
        "1 Jun. 1930", "192,853", "9", "229,622", "Members")
    g = rebuild_table(lines, 1)
    assert _rows(g) == [["Date", "Prices", "Procurement as % of Production", "Members"],
                        ["1 Oct. 1928", "111,817", "96,423", "157,260"],
                        ["1 Mar. 1929", "45,238", "761", "65.3"],
                        ["1 Jun. 1930", "192,853", "9", "229,622"]]


def test_a_header_repeated_as_a_row_after_a_page_break_is_dropped():
    # each page's columns read down, the header over each page's part: the
    # second header comes out as a row, which is the header a page break repeated
    page = ["Year", "{0}", "", "Fulfilment", "%", "{1}", "", "Procurement as % of", "Production",
            "{2}", "", "Wages", "(roubles)", "{3}", ""]

    def part(*cols):
        return [line.format(*("\n".join(c) for c in cols)) for line in page]

    lines = ["Votes cast (000s)[2]"] + "\n".join(
        part(["1924", "1925"], ["22.0", "53.8"], ["2.8", "154,333"], ["32,808", "85,079"])
        + part(["1926-27", "1927-28", "1928", "1929"], ["27.2", "166,789", "105,671", "136,221"],
               ["143", "28.7", "51.0", "82.3"], ["45.3", "-10.3", "15", "38,735"])).split("\n")
    g = rebuild_table(lines, 1)
    assert g.head == [["Year", "Fulfilment %", "Procurement as % of Production", "Wages (roubles)"]]
    assert [r[0] for r in g.body] == ["1924", "1925", "1926-27", "1927-28", "1928", "1929"]
    assert g.dropped == ["Year Fulfilment % Procurement as % of Production Wages (roubles)"]


def test_a_sign_over_two_lines_beside_a_one_line_head_takes_the_word_under_it():
    # "% Decline" (two lines) beside "Procurement" (one): "% Procurement" / "Decline"
    lines = ["Percentage of peasant households collectivised[4]", "Date Index", "",
             "% Procurement", "Decline", "", "Share of", "total %", ""] + _cells(
        "1 Jan. 1928", "62.7", "42.0", "231,680", "838", "1 Feb. 1929", "2.6", "81.7", "816",
        "4.4", "1 Oct. 1930", "91,174", "71,078", "-21.6", "109,108")
    g = rebuild_table(lines, 1)
    assert g.head == [["Date", "Index", "% Decline", "Procurement", "Share of total %"]]


def test_a_head_line_that_opens_with_of_goes_on_the_head_just_above_it():
    # the first label read among the heads, and "of Production" right under
    # "Procurement as %": not a second line for every first line in turn
    assert [t.text for t in _merge_pieces([
        Token("Year", "text", 1), Token("Index Votes Procurement", "text", 4),
        Token("Procurement as %", "text", 6), Token("of Production", "text", 7)])] == [
        "Year", "Index", "Votes", "Procurement", "Procurement as % of Production"]
