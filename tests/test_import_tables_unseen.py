"""Tables pass: reading orders found on corpus2 books the pass had not been
fitted to (seeds 61-84).  Each snippet is cut from one of those books."""

from __future__ import annotations

from publish.importer.rules_block.tables import _merge_header, find_tables, rebuild_table
from publish.importer.rules_block.tables_layout import Token, split_header_text


def _cells(*cells: str) -> list[str]:
    """One cell a block: a blank line after each."""
    out: list[str] = []
    for c in cells:
        out += [c, ""]
    return out


def _only_table(lines: list[str]):
    found = find_tables(lines)
    assert len(found) == 1, found
    a, b, g = found[0]
    return a, b, g.head + g.body, g


def test_a_first_label_of_two_words_alone_in_its_block_is_not_cut_into_heads():
    lines = ["Personal heroism is a social function.",
             "Production and government procurements of grain (m. tons)[1]"] + _cells(
        "Plan", "Output", "Fulfilment %", "Moscow Region", "38.6", "22.4", "22.4",
        "Ukraine", "39.6", "90.4", "173,794", "Siberia", "76.2", "-13.9", "657") + [
        "But the years 1928-9 saw the collapse of the Left Opposition in the"]
    _, _, rows, _ = _only_table(lines)
    assert rows == [["", "Plan", "Output", "Fulfilment %"],
                    ["Moscow Region", "38.6", "22.4", "22.4"],
                    ["Ukraine", "39.6", "90.4", "173,794"],
                    ["Siberia", "76.2", "-13.9", "657"]]


def test_a_heading_wrapped_over_two_lines_after_the_table_stays_out_of_it():
    heading = ["We Must Permit Ourselves No Illusions on This", "Account"]
    lines = ["activity.’", "Real wages of industrial workers[5]",
             "Fulfilment", "%", "", "%", "Decline", "", "Share of", "total %", ""] + _cells(
        "Moscow Region", "317", "139,375", "233,937", "Cattle", "36.2", "994", "38.6") + [
        "Central Black", "Earth Region", ""] + _cells("-15.3", "75.3", "247,675") + heading + [
        "", "PEASANT DISTURBANCES broke out and were",
        "suppressed in some places by force of arms. [6] Only"]
    a, b, rows, _ = _only_table(lines)
    assert rows == [["", "Fulfilment %", "% Decline", "Share of total %"],
                    ["Moscow Region", "317", "139,375", "233,937"],
                    ["Cattle", "36.2", "994", "38.6"],
                    ["Central Black Earth Region", "-15.3", "75.3", "247,675"]]
    assert not set(heading) & set(lines[a:b])


def test_heads_of_a_table_read_down_repeated_in_among_the_rows_after_a_page_break():
    lines = ["Number of livestock, 000s", "Region", "North Caucasus", "Industrial workers",
             "Oil", "Total", "", "Plan", "50.6", "8.3", "-3.2", "103", "",
             "Procurement as % of Production", "89", "-9.7", "185", "69.2", "",
             "Region", "Lower Volga", "", "Plan", "121,853", "",
             "Procurement as % of Production", "-38.6"]
    g = rebuild_table(lines, 1)
    assert g.head + g.body == [["Region", "Plan", "Procurement as % of Production"],
                               ["North Caucasus", "50.6", "89"],
                               ["Industrial workers", "8.3", "-9.7"],
                               ["Oil", "-3.2", "185"],
                               ["Total", "103", "69.2"],
                               ["Lower Volga", "121,853", "-38.6"]]
    # the repeated heads are dropped on record, not lost
    assert sorted(g.dropped) == ["Plan", "Procurement as % of Production", "Region"]


def test_a_date_label_wrapped_word_by_word_is_one_label():
    lines = ["output went down by 8 percent while the amount", "procured went up by 173 percent.",
             "Percentage of peasant households collectivised[4]", "",
             "Share of", "total %", "", "Change Procurement", "",
             "Procurement", "as % of", "Production", ""]
    rows = [["1 Feb. 1928", "-15.8", "94.7", "177,929", "73.3"],
            ["1 Oct. 1929", "159,434", "70,987", "-38.2", "242,360"],
            ["1 Jun. 1930", "-5.8", "65.9", "2.6", "-10.5"],
            ["1 Jun. 1931", "930", "109,609", "194,189", "409"],
            ["1 Jan. 1932", "146,579", "-24.8", "979", "217,645"],
            ["1 Oct. 1933", "546", "-6.2", "879", "239"],
            ["1 Jan. 1934", "-14.7", "-31.3", "77,509", "718"]]
    for date, *values in rows:
        if date == "1 Jun. 1931":     # two values on one line, as pdftotext gave them
            values = [" ".join(values[:2])] + values[2:]
        lines += date.split() + [""] + _cells(*values)
    lines += ["Low productivity was caused not only by"]
    _, _, got, _ = _only_table(lines)
    assert got == [["", "Share of total %", "Change", "Procurement",
                    "Procurement as % of Production"]] + rows


def test_a_head_finished_below_heads_set_one_a_block_keeps_its_column():
    lines = ["they most need, productivity and creative ability.",
             "Number of livestock, 000s[2]", "", "Share of", "", "Procurement", "",
             "Output", "", "total %", "1913", ""] + _cells(
        "-9.7", "18.7", "134,098", "1914", "978", "192,893", "-29.1",
        "1915", "22,734", "54.1", "125,815") + [
        "The situation obliges us to return to the party at"]
    _, _, rows, _ = _only_table(lines)
    assert rows[0] == ["", "Share of total %", "Procurement", "Output"]
    assert rows[1:] == [["1913", "-9.7", "18.7", "134,098"],
                        ["1914", "978", "192,893", "-29.1"],
                        ["1915", "22,734", "54.1", "125,815"]]


def test_a_one_word_head_repeated_right_after_the_first_row():
    lines = ["Number of livestock, 000s[10]", "Production", "Grain", "", "37.8", "",
             "Production", "Horses", "", "215,805", "", "Sheep & goats", "", "56,257"]
    g = rebuild_table(lines, 1)
    assert g.head + g.body == [["", "Production"], ["Grain", "37.8"],
                               ["Horses", "215,805"], ["Sheep & goats", "56,257"]]
    assert g.dropped == ["Production"]


def test_a_sign_followed_by_a_second_unit_ends_the_head_before():
    assert split_header_text("Share of total % % Decline") == ["Share of total %", "% Decline"]
    assert split_header_text("Share of total % Wages (roubles)") == \
        ["Share of total %", "Wages (roubles)"]
    assert split_header_text("Seats Share of total % Production") == \
        ["Seats", "Share of total %", "Production"]
    assert split_header_text("Date Fulfilment % Production") == \
        ["Date", "Fulfilment %", "Production"]
    # a sign that heads a change stays with it
    assert split_header_text("Output % Decline") == ["Output", "% Decline"]


def test_heads_wrapped_in_their_blocks_when_the_first_label_shares_the_corner_block():
    rows = [["1 Jun. 1928", "227,690", "30.3", "80.7", "97,841"],
            ["1 Mar. 1929", "545", "56.7", "236,716", "43.0"],
            ["1 Jun. 1930", "144,633", "-19.9", "904", "30,870"],
            ["1 Jan. 1931", "80.2", "96.6", "33.0", "63.8"],
            ["1 Jan. 1932", "12.2", "208", "128,550", "221,519"],
            ["1 Feb. 1933", "98,117", "79.9", "26.6", "29.2"]]
    lines = ["they will not lose sight of the greater whole – that they are still on top",
             "despite the transition.", "Real wages of industrial workers[5]",
             # the corner head, then the first label, read before the other heads
             "Date", "1 Jun.", "1928", "", "Procurement as % of", "Production", "",
             "Seats", "", "Output", "", "Wages", "(roubles)", ""] + _cells(*rows[0][1:])
    for date, *values in rows[1:]:
        lines += date.rsplit(" ", 1) + [""] + _cells(*values)
    lines += ["The General Line of the Party"]
    _, _, got, _ = _only_table(lines)
    assert got == [["Date", "Procurement as % of Production", "Seats", "Output",
                    "Wages (roubles)"]] + rows


def test_values_each_alone_in_a_block_leave_a_costly_block_reading_to_the_order_search():
    rows = [["Cattle", "123,084", "221,936"], ["Consumer goods", "-39.0", "17.2"],
            ["Grain", "829", "9,952"], ["Pig iron", "28.9", "856"], ["Coal", "936", "349"],
            ["Tractors", "-27.4", "46.1"], ["Industrial workers", "665", "724"]]
    # the corner head and the first label share a block; every value is alone
    lines = ["analysis of National Socialism (or of fascism at large) that can be found in Marxist",
             "literature.’", "Fulfilment of the First Five-Year Plan[11]", "Region", "Cattle",
             ""] + _cells("Production", "Members", *rows[0][1:])
    for row in rows[1:]:
        lines += _cells(*row)
    lines += ["A national plenum of the ICE voted unanimously in September 1934 to"]
    _, _, got, g = _only_table(lines)
    assert got == [["Region", "Production", "Members"]] + rows
    assert g.order != "blocks"


# --- seeds 133-224 ------------------------------------------------------------


def test_a_unit_on_the_line_below_a_head_finishes_it_and_is_not_a_repeat():
    # "%" also heads "% Decline": below "Fulfilment" it is that cell's last line
    lines = ["Production and government procurements of grain (m. tons)[4]", "Year",
             "1934", "1935", "1936-37", "", "%", "Decline", "247", "85.1", "21,047", "",
             "Fulfilment", "%", "41.6", "98,285", "239,189", "",
             "Output", "157,719", "45.9", "518", ""]
    g = rebuild_table(lines, 1)
    assert g.head == [["Year", "% Decline", "Fulfilment %", "Output"]]
    assert g.body == [["1934", "247", "41.6", "157,719"], ["1935", "85.1", "98,285", "45.9"],
                      ["1936-37", "21,047", "239,189", "518"]]
    assert g.dropped == []


def test_a_head_repeated_in_the_block_of_the_next_label_is_dropped_alone():
    lines = ["Sown area (m. hectares)[2]", "Members", "Cotton fabrics (m. metres)", ""] + _cells(
        "156,669", "Large-scale industry", "62.3", "Grain", "653") + [
        "Members", "Steel", ""] + _cells("189,099")
    g = rebuild_table(lines, 1)
    assert g.head + g.body == [["", "Members"], ["Cotton fabrics (m. metres)", "156,669"],
                               ["Large-scale industry", "62.3"], ["Grain", "653"],
                               ["Steel", "189,099"]]
    assert g.dropped == ["Members"]


def test_a_table_cut_by_a_page_break_under_its_repeated_header_is_one_table():
    # the first page read a column at a time, the second row by row
    lines = ["unprejudiced comrades from other sections. [3]", "Strikes and strikers[4]",
             "Year Share of total %", "1929", "-7.6", "1930", "684", "", "Output", "-19.3",
             "830", "", "Actual", "72,764", "132", "", "Year Share of total % Output",
             "Actual", "1931-32", "193,554", "48.8", "6.3", "1932-33", "82.5 194,506",
             "70.2", "1933-34", "76.9 143,344", "74.1", "",
             "In 1928, with the sharp turn against the kulaks, Stalin made a turn in the"]
    _, _, rows, g = _only_table(lines)
    assert rows == [["Year", "Share of total %", "Output", "Actual"],
                    ["1929", "-7.6", "-19.3", "72,764"], ["1930", "684", "830", "132"],
                    ["1931-32", "193,554", "48.8", "6.3"], ["1932-33", "82.5", "194,506", "70.2"],
                    ["1933-34", "76.9", "143,344", "74.1"]]
    assert g.dropped == ["Year Share of total % Output Actual"]
    assert "continued after a page break" in g.reason


def test_a_short_table_with_a_called_caption_is_a_table():
    lines = ["the mistakes of Maurín.", "Production and government",
             "procurements of grain (m. tons)[2]", ""] + _cells(
        "Region", "Actual", "Electricity (m. kWh)", "-22.0", "Ukraine", "146,278",
        "Cattle", "214,886") + ["Notes", "1. S. Lovell, ed., Leon Trotsky Speaks, p.312."]
    _, _, rows, _ = _only_table(lines)
    assert rows == [["Region", "Actual"], ["Electricity (m. kWh)", "-22.0"],
                    ["Ukraine", "146,278"], ["Cattle", "214,886"]]


def test_two_line_heads_set_to_the_bottom_and_read_across():
    lines = ["Fulfilment of the First Five-Year Plan[1]"] + _cells(
        "Share of", "Procurement as %", "Year", "total %", "Output", "of Production",
        "Production", "1913", "173,206", "73,713", "103,130", "87.1",
        "1914", "264", "35,714", "75,088", "-27.7", "1915-16", "90.2", "109,214", "41.3",
        "198,960")
    g = rebuild_table(lines, 1)
    assert g.head == [["Year", "Share of total %", "Output", "Procurement as % of Production",
                       "Production"]]
    assert g.body[0] == ["1913", "173,206", "73,713", "103,130", "87.1"]


def test_prose_after_a_table_is_never_read_as_its_cells():
    lines = ["Real wages of industrial workers[9]", "Output", "", "% Decline", ""] + _cells(
        "1918", "70.9", "4.9", "1919", "431", "22.6", "1920-21", "30.2", "537") + [
        "On 14 July, Bastille Day, a massive joint",
        "demonstration of some 500,000 Communists,",
        "Socialists and Radicals took place in Paris, led by",
        "Blum, Daladier and Thorez. Stalinism was a blind faith,"]
    a, b, rows, _ = _only_table(lines)
    assert rows == [["", "Output", "% Decline"], ["1918", "70.9", "4.9"],
                    ["1919", "431", "22.6"], ["1920-21", "30.2", "537"]]
    assert not any("July" in s for s in lines[a:b])


def test_two_tables_with_one_header_and_captions_of_their_own_stay_two():
    # the first title, chapter 2: no blank line between the tables
    lines = ["workers moved from one workplace to another.",
             "Labour Turnover, all large-scale industry", "(per 100 employees)",
             "1929 1930 1931 1932", "Entered employment 122.4 176.4 151.2 121.1",
             "Left employment", "115.2 152.4 136.8 135.3",
             "Labour Turnover, coal industry", "(per 100 employees)",
             "1929 1930 1931 1932", "Entered employment 201.6 307.2 232.8 185.4",
             "Left employment", "192.0 295.2 205.2 187.9", "",
             "These figures mean that the average worker in the coal industry, to"]
    found = find_tables(lines)
    assert [g.caption for _, _, g in found] == [
        "Labour Turnover, all large-scale industry (per 100 employees)",
        "Labour Turnover, coal industry (per 100 employees)"]
    assert all(len(g.body) == 2 for _, _, g in found)


# seeds 425-448


def test_a_unit_on_the_line_below_a_head_read_after_the_label_column_finishes_it():
    dates = ["1 Jun. 1928", "1 Jan. 1929", "1 Mar. 1930", "1 Mar. 1931", "1 Jan. 1932",
             "1 Oct. 1933"]
    values = [["66.1", "-39.8", "54,768", "162,711"], ["72.4", "24.0", "47.7", "-27.4"],
              ["321", "136", "0.9", "40.6"], ["48.5", "26.4", "961", "-34.1"],
              ["42.1", "30,937", "264", "651"], ["544", "3.5", "4.6", "54.3"]]
    lines = ["Production and government procurements of grain (m. tons)", ""] + [
        p for d in dates for p in d.rsplit(" ", 1)] + [""] + _cells("Prices") + [
        "Procurement as % of", "Production", ""] + _cells("Plan") + [
        "Fulfilment", "%", ""] + _cells(*[v for row in values for v in row]) + [
        "THIS PREDOMINANCE of intellectuals is not surprising: for a rank and file"]
    _, _, rows, _ = _only_table(lines)
    assert rows == [["", "Prices", "Procurement as % of Production", "Plan", "Fulfilment %"]] + [
        [d] + v for d, v in zip(dates, values)]


def test_the_first_label_read_before_heads_that_name_units():
    lines = ["Sown area (m. hectares)[6]"] + _cells(
        "Cattle", "% Decline", "Fulfilment %", "230,503", "-19.5",
        "Industrial workers", "98.2", "58.2", "Siberia", "2.4", "53,693",
        "Hogs", "13.0", "-33.2") + ["Unable to survive as an independent organisation, the"]
    _, _, rows, _ = _only_table(lines)
    assert rows == [["", "% Decline", "Fulfilment %"],
                    ["Cattle", "230,503", "-19.5"],
                    ["Industrial workers", "98.2", "58.2"],
                    ["Siberia", "2.4", "53,693"],
                    ["Hogs", "13.0", "-33.2"]]


def test_a_corner_head_before_heads_that_name_units_stays_when_labels_come_late():
    # the first two rows' labels were read after the last value: "Region" is
    # the corner head, not the first label
    heads = ["Region", "Wages (roubles)", "Output", "% Decline", "Share of total %"]
    rows = [["Industrial workers", "-33.6", "186,745", "95,999", "643"],
            ["Cotton fabrics (m. metres)", "1.2", "42.8", "1.1", "218,227"],
            ["Siberia", "334", "907", "15.5", "6.3"],
            ["Cattle", "199,437", "272", "463", "338"],
            ["Central Black Earth Region", "141,758", "104,078", "116,429", "-39.3"],
            ["Electricity (m. kWh)", "29,631", "73", "496", "66.6"]]
    lines = ["Sown area (m. hectares)[2]"] + _cells(
        *heads, *rows[0][1:], *rows[1][1:], *[c for r in rows[2:] for c in r]) + [
        rows[0][0], rows[1][0], "",
        "If a similar song is sung by different people the one with the strongest voice",
        "will be heard. On 27 April 1939 the London Bureau, at the POUM’s suggestion,",
        "was disbanded. Reading Trotsky’s writings of the years 1930-1933, their"]
    _, _, got, _ = _only_table(lines)
    assert got == [heads] + rows


# seeds 449-472


def test_a_head_wrapped_after_of_leaves_the_capitalised_word_beside_it_a_head():
    # "Share of Actual" / "total %": "Share of total %" and "Actual"
    rows = [["1 Mar. 1928", "30.5", "-21.3", "172", "-13.8"],
            ["1 Oct. 1929", "164,998", "34,074", "119,823", "433"],
            ["1 Jan. 1930", "37,362", "204,831", "7.8", "84.1"]]
    lines = ["Membership of the Communist Party[6]"] + _cells("Date", "Index") + [
        "Wages", "(roubles)", "", "Share of Actual", "total %", ""]
    for r in rows:
        lines += r[0].rsplit(" ", 1) + [""] + _cells(*r[1:])
    lines += ["Let us … concede the impossible. The government of the",
              "Republic had not the strength to hold the line against the workers."]
    _, _, got, _ = _only_table(lines)
    assert got == [["Date", "Index", "Wages (roubles)", "Share of total %", "Actual"]] + rows


def test_a_sign_on_the_line_below_a_head_before_a_capitalised_word_is_the_unit_above():
    head = [Token("Region", "text", 0), Token("Plan", "text", 2),
            Token("Fulfilment", "text", 4), Token("% Production", "text", 5),
            Token("Votes", "text", 7)]
    assert [t.text for t in _merge_header(head)] == [
        "Region", "Plan", "Fulfilment %", "Production", "Votes"]
    change = [Token("Output", "text", 0), Token("% Decline", "text", 1)]
    assert [t.text for t in _merge_header(change)] == ["Output", "% Decline"]


def test_heads_read_among_the_first_rows_cells_when_every_row_opens_with_a_date():
    rows = [["1 Feb. 1928", "143,842", "25.6", "84,351", "201,141"],
            ["1 Mar. 1929", "607", "237,794", "10.2", "110,634"],
            ["1 Jun. 1930", "739", "85,109", "176,295", "-23.6"]]
    lines = ["Output of heavy industry[12]"] + _cells(
        "Date", "Output", "1 Feb. 1928 143,842", "Prices", "Change Fulfilment %",
        *rows[0][2:], *[c for r in rows[1:] for c in r]) + [
        "Nicholas recoiled in hostility before everything gifted and",
        "original in the party, and the party followed him there."]
    _, _, got, g = _only_table(lines)
    assert got == [["Date", "Output", "Prices", "Change", "Fulfilment %"]] + rows
    assert "heads read among the first row" in g.reason


def test_the_corner_head_read_after_the_first_year_goes_first():
    rows = [["1913", "65.0", "5.6", "84.2"], ["1914", "30.9", "71.9", "142,492"],
            ["1915-16", "126,552", "5,873", "44.3"], ["1916-17", "111,205", "37.8", "47.7"]]
    lines = ["Production and government procurements of grain (m. tons)", "[6]"] + _cells(
        "Fulfilment %", "Actual", "1913", "Year", "65.0", "5.6") + ["% Decline", "84.2", ""] \
        + _cells(*[c for r in rows[1:] for c in r]) + [
        "It disavowed a group of eminent members of the party who had",
        "signed the appeal, and it went on to expel the rest of them."]
    _, _, got, _ = _only_table(lines)
    assert got == [["Year", "Fulfilment %", "Actual", "% Decline"]] + rows


def test_a_word_the_renderer_hyphenated_inside_a_cell_is_whole_again():
    lines = ["Percentage of peasant households collectivised"] + _cells("Region") + [
        "Fulfil\u2010", "ment %", ""] + _cells("% Decline", "Pig iron", "492", "934",
                                             "Central Black Earth Region", "710", "68.1",
                                             "Total", "111", "126,275") + [
        "Trotsky argued that the bureaucracy, once it had tasted the fruits",
        "of power, would never give them up of its own free will."]
    _, _, got, g = _only_table(lines)
    assert got == [["Region", "Fulfilment %", "% Decline"], ["Pig iron", "492", "934"],
                   ["Central Black Earth Region", "710", "68.1"], ["Total", "111", "126,275"]]
    assert "joined 1 word(s) the renderer hyphenated" in g.reason


def test_a_head_the_renderer_broke_after_of_is_not_cut_in_two():
    # "Procurement" / "as % of Pro‐" / "duction", set again after a page break
    head = _cells("Votes", "Prices", "Seats") + ["Procurement", "as % of Pro\u2010",
                                                  "duction", ""]
    rows = [["1 Jun. 1928", "112,036", "58,598", "69,095", "242,964"],
            ["1 Jan. 1929", "56.7", "37.3", "65.9", "945"],
            ["1 Jun. 1930", "46.7", "97.9", "97.5", "26.8"],
            ["1 Mar. 1931", "758", "132,626", "38,268", "237,557"],
            ["1 Feb. 1932", "493", "-5.7", "4.1", "-37.6"],
            ["1 Jan. 1933", "214,957", "82", "75.0", "-35.1"],
            ["1 Oct. 1934", "96.7", "33.8", "-17.5", "190,476"]]

    def cells(r):
        return r[0].rsplit(" ", 1) + [""] + _cells(*r[1:])

    lines = ["Percentage of peasant households collectivised[2]"] + head \
        + [c for r in rows[:3] for c in cells(r)] + head \
        + [c for r in rows[3:] for c in cells(r)] + [
            "The Stalinist bureaucracy could not tolerate any independent",
            "organisation of the working class, however small it might be."]
    _, _, got, g = _only_table(lines)
    assert got == [["", "Votes", "Prices", "Seats", "Procurement as % of Production"]] + rows
    assert "dropped a header repeated after a page break" in g.reason


def test_a_first_label_wrapped_word_by_word_before_the_first_value_is_one_label():
    lines = ["Percentage of peasant households collectivised[1]", "Procurement", "as % of",
             "Production", ""] + _cells("Index", "Plan") + [
        "Central", "Black", "Earth", "Region", ""] + _cells(
        "60.7", "29.8", "442", "North Caucasus", "14.0", "56.5", "372",
        "Oil", "77.5", "97.1", "227,290") + [
        "THIS IS because history in the main witnessed the class struggle on the",
        "basis of private property, and the struggle went on in the same way."]
    _, _, got, _ = _only_table(lines)
    assert got == [["", "Procurement as % of Production", "Index", "Plan"],
                   ["Central Black Earth Region", "60.7", "29.8", "442"],
                   ["North Caucasus", "14.0", "56.5", "372"],
                   ["Oil", "77.5", "97.1", "227,290"]]


def test_a_sign_below_two_heads_finishes_the_one_that_is_not_a_change():
    # "Procurement as % of" / "Production" read apart; "Fulfilment Change" / "%"
    head = [Token("Date", "text", 1), Token("Procurement as % of", "text", 5),
            Token("Production", "text", 6), Token("Prices", "text", 8),
            Token("Fulfilment", "text", 12), Token("Change", "text", 12), Token("%", "text", 13)]
    assert [t.text for t in _merge_header(head)] == [
        "Date", "Procurement as % of Production", "Prices", "Fulfilment %", "Change"]


def test_the_first_rows_year_read_among_a_later_rows_values_goes_first():
    lines = ["Votes cast (000s)"] + _cells("Change") + ["Procurement as % of", "Production",
                                                       ""] + _cells(
        "Prices", "64.5", "129,760", "76.5", "1917", "134") + ["98,430 194,950", ""] + _cells(
        "1918-19", "55.8", "1916", "201", "-16.4") + [
        "Prometheus was chained to a rock and the eagle picked at his liver day",
        "after day, and still the god would not bow to the tyrant of the sky."]
    _, _, got, _ = _only_table(lines)
    assert got == [["", "Change", "Procurement as % of Production", "Prices"],
                   ["1916", "64.5", "129,760", "76.5"], ["1917", "134", "98,430", "194,950"],
                   ["1918-19", "55.8", "201", "-16.4"]]


def test_rows_read_in_two_halves_before_a_page_break_and_its_repeated_heads():
    heads = ["Year", "Members", "Fulfilment %", "Output", "Change"]
    rows = [["1934", "76.5", "201,930", "41,056", "750"],
            ["1935", "50,529", "53.4", "100,807", "0.5"],
            ["1936-37", "52.9", "27.2", "371", "416"],
            ["1937-38", "222,879", "427", "-11.0", "14.3"],
            ["1938", "99.4", "541", "150,225", "238,301"]]
    lines = ["Percentage of peasant households collectivised[4]"] + _cells(
        *heads, *rows[0][:2], *rows[1][:2], *rows[0][2:], *rows[1][2:], *heads,
        *[c for r in rows[2:] for c in r]) + [
        "We know that a great number of cities have cards or surrogate money",
        "for bread, and that the queues grow longer every week of the winter."]
    _, _, got, g = _only_table(lines)
    assert got == [heads] + rows
    assert "rows read in two halves" in g.reason and "dropped a header repeated" in g.reason


def test_labels_read_last_in_one_block_and_a_labels_second_line_read_in_its_row():
    heads = ["Wages (roubles)", "Procurement", "Index", "Change"]
    rows = [["Electricity (m. kWh)", "182,025", "4.0", "55.8", "933"],
            ["Individual peasants", "79,353", "100,255", "74.7", "67.8"],
            ["Collective farmers", "377", "83.6", "190,261", "124,217"],
            ["Coal", "104,620", "161", "39.3", "50.0"]]
    lines = ["Number of livestock, 000s[2]", "Wages", "(roubles)", ""] + _cells(
        *heads[1:], *rows[0][1:], *rows[1][1:], "farmers", *rows[2][1:],
        *rows[3]) + ["Electricity (m.", "kWh)", "Individual", "peasants", "Collective", "",
                     "HOWEVER, THE people’s sense of justice is also a political force, and",
                     "it grew as the trials went on and the confessions grew stranger."]
    _, _, got, _ = _only_table(lines)
    assert got == [[""] + heads] + rows


def test_a_paragraph_ending_on_a_year_range_after_the_table_stays_prose():
    # ours seed 1502: after a page break, a full line of prose and its last
    # line "1931-32."
    prose = ["The anti-Stalinist position described the movement of the organisation in",
             "1931-32."]
    lines = ["decree’ that divided the rapid decree. [1]", "Targets of production (million",
             "tons)", "Year", "Coal", "Oil", "1919-20", "97,507", "10,392", "1920-21", "47,420",
             "25,453", "1921-22", "145,578", "85,553", ""] + prose + [
        "Vera Gririski described the Central Committee against the party of the",
        "trial. The bureaucracy of the discipline finally abandoned the non-party"]
    a, b, got, _ = _only_table(lines)
    assert got == [["Year", "Coal", "Oil"], ["1919-20", "97,507", "10,392"],
                   ["1920-21", "47,420", "25,453"], ["1921-22", "145,578", "85,553"]]
    assert not set(prose) & set(lines[a:b])


def test_a_block_before_the_first_value_that_finishes_an_open_head_is_not_one_label():
    # corpus2 seed 523: "Procurement as % of" is still open when "Production"
    # comes, read in one block with the first label "Large-scale"
    lines = ["Votes cast (000s)[3]"] + _cells("Prices", "Procurement as % of", "Output") + [
        "Production", "Large-scale", ""] + _cells(
        "245,537", "19.1", "54.8", "72,130", "36.6", "208,549", "398", "-29.2", "211,072",
        "Sheep & goats", "83.3", "164,264", "75,241") + [
        "Ukraine", "Steel", "",
        "There are forces which would like the ball to roll down towards the right",
        "and break the back of the working class, and they are stronger now."]
    _, _, got, _ = _only_table(lines)
    assert not any("Production Large-scale" in c for row in got for c in row)
    assert [r[0] for r in got[1:]] == ["Large-scale", "Ukraine", "Steel", "Sheep & goats"]


def test_the_key_column_read_after_the_values_opens_the_rows():
    # corpus2 seed 572: the dates read last, under the one-line heads that
    # came with them; the heads above are two lines each, all tops first
    vals = ["58.9", "55.3", "-29.9", "859", "45.0", "17.3", "27.5", "353",
            "49,209", "184,871", "31.9", "121,064"]
    dates = ["1 Jun.", "1928", "1 Feb.", "1929", "1 Feb.", "1930"]
    lines = ["Membership of the Communist Party[3]"] + _cells(
        "Fulfilment", "Wages", "Procurement as %", "%", "(roubles)", "of Production", *vals) + [
        "Date Procurement"] + dates + ["",
        "Two years later Trotsky repeated the same argument about the",
        "peasantry and the danger that it posed to the workers’ state."]
    _, _, got, _ = _only_table(lines)
    assert got == [["Date", "Procurement", "Fulfilment %", "Wages (roubles)",
                    "Procurement as % of Production"],
                   ["1 Jun. 1928", *vals[0:4]], ["1 Feb. 1929", *vals[4:8]],
                   ["1 Feb. 1930", *vals[8:12]]]


def test_the_first_rows_keys_read_after_the_rest_go_to_the_rows_without_one():
    # corpus2 seed 586: 1931 and 1932-33 read after the last row; the later
    # years stand before their rows, and the years ascend down the table
    lines = ["Sown area (m. hectares)[6]"] + _cells(
        "Year", "Seats", "Fulfilment %", "Prices", "370", "490", "746", "151,155", "46.9",
        "141,635", "1933", "30.0", "60,868", "462", "1934", "366", "-29.1", "122,358") + [
        "1931", "1932-33", "",
        "Moreover, outside Catalonia and Valencia, the new party was weak and",
        "its leaders knew it, whatever they said in public at the time."]
    _, _, got, _ = _only_table(lines)
    assert got == [["Year", "Seats", "Fulfilment %", "Prices"], ["1931", "370", "490", "746"],
                   ["1932-33", "151,155", "46.9", "141,635"], ["1933", "30.0", "60,868", "462"],
                   ["1934", "366", "-29.1", "122,358"]]


def test_keys_read_apart_that_do_not_ascend_or_head_columns_are_left_alone():
    # years side by side head columns: the words before the values label rows
    g = rebuild_table(["Output of industry [12]", "1900 1902", "Coal 1.0 2.0", "Oil 3.0 4.0"], 1)
    assert g.head == [["", "1900", "1902"]] and g.body[0] == ["Coal", "1.0", "2.0"]
    # keys read last that run backwards are not taken as the rows' keys in order
    from publish.importer.rules_block.tables import _keys_set_apart
    toks = [Token(s, k, n) for n, (s, k) in enumerate(
        [("Year", "text"), ("Coal", "text"), ("1.0", "num"), ("2.0", "num"),
         ("1935", "key"), ("1930", "key")])]
    assert _keys_set_apart(toks) is None
    toks[4], toks[5] = Token("1930", "key", 4), Token("1935", "key", 5)
    ordered, hz, how, _ = _keys_set_apart(toks)
    assert [t.text for t in ordered] == ["Year", "Coal", "1930", "1.0", "1935", "2.0"] and hz == 2


def test_a_key_column_read_between_value_columns_one_a_line_is_read_by_columns():
    # corpus2 seed 583 with folios: "Seats" and its values, the dates, then
    # "Plan" and its values: column by column, not rows whose keys came late
    lines = ["Production and government procurements of grain (m. tons)[2]", "Seats",
             "60.4", "42.1", "-24.2", "282", "", "1 Jun. 1928", "1 Feb. 1929", "1 Feb. 1930",
             "1 Jun. 1931", "", "Plan", "12.2", "38", "-32.0", "2.5", "",
             "It is precisely because both sides of the transition show the same",
             "features that the argument about them went on for so many years."]
    _, _, got, _ = _only_table(lines)
    assert got == [["", "Seats", "Plan"], ["1 Jun. 1928", "60.4", "12.2"],
                   ["1 Feb. 1929", "42.1", "38"], ["1 Feb. 1930", "-24.2", "-32.0"],
                   ["1 Jun. 1931", "282", "2.5"]]


def test_keys_first_then_columns_with_a_key_that_only_seems_placed_are_read_by_columns():
    # corpus2 seed 657: the key column, then each column under its head, then
    # the last two rows after a page break; "1940-41" just before "-24.2"
    # would open a row, but the rows it would open do not ascend
    lines = ["Votes cast (000s)[18]", "1934", "1935", "1936-37", "1937", "1938", "",
             "% Decline", "33.0", "84.0", "95.0", "55.0", "6,709", "", "Members", "141,448",
             "85.2", "4,525", "34.2", "52.1", "", "Prices", "95.2", "5.7", "27,836", "27.6",
             "76", "", "Procurement", "91.9", "-6.4", "480", "46", "34,607", "", "1939-40",
             "1940-41", "", "-24.2", "153,692", "", "-27.7", "137,270", "", "88.3", "610", "",
             "-29.1", "37,333", "",
             "Capitalism not only cannot give the toilers new social reforms, nor even petty",
             "alms, but it is forced to take back what it had given them before the crisis."]
    _, _, got, _ = _only_table(lines)
    assert got[1] == ["1934", "33.0", "141,448", "95.2", "91.9"]
    assert got[-1] == ["1940-41", "153,692", "137,270", "610", "37,333"]


def test_a_label_of_two_words_in_a_label_column_read_first_is_one_label():
    # corpus2 seed 21: the labels run on, one a line, then the heads and the
    # values each alone; "Moscow Region" is one label, not two heads
    lines = ["Percentage of peasant households collectivised[5]", "Ukraine",
             "Cotton fabrics (m. metres)", "Moscow Region", "Grain", "Lower Volga", ""] + _cells(
        "Wages (roubles)", "Members", "Output", "Plan", "92.7", "91.8", "147,350", "35.5",
        "31,423", "134,866", "8.3", "24.4", "29.5", "674", "74,280", "703", "84,032",
        "196,414", "111,161", "648", "891", "67.3", "-19.1", "-36.3") + [
        "It is necessary to put a stop to all reprisals, expulsions, and removals in",
        "connection with the factional struggle in the German Opposition. The"]
    _, _, got, _ = _only_table(lines)
    assert got[0] == ["", "Wages (roubles)", "Members", "Output", "Plan"]
    assert [r[0] for r in got[1:]] == ["Ukraine", "Cotton fabrics (m. metres)",
                                       "Moscow Region", "Grain", "Lower Volga"]
    assert got[1] == ["Ukraine", "92.7", "91.8", "147,350", "35.5"]
    assert got[-1] == ["Lower Volga", "891", "67.3", "-19.1", "-36.3"]


def test_a_label_column_read_first_on_each_side_of_a_page_break_under_a_repeated_head():
    # corpus2 seed 146: labels, head, values; then the next page's labels, the
    # head again and their values
    lines = ["Strikes and strikers[1]", "Horses", "North Caucasus", "Oil", "Ukraine", "",
             "Wages (roubles)", "89.6", "16.2", "6.0", "224,151", "",
             "Central Black Earth Region", "Lower Volga", "", "Wages (roubles)", "137,125",
             "83.1", "", "The association of Trotsky with fascism was necessary because",
             "it justified the purges of the old revolutionaries in the Soviet Union."]
    _, _, got, g = _only_table(lines)
    assert got == [["", "Wages (roubles)"], ["Horses", "89.6"], ["North Caucasus", "16.2"],
                   ["Oil", "6.0"], ["Ukraine", "224,151"],
                   ["Central Black Earth Region", "137,125"], ["Lower Volga", "83.1"]]
    assert g.dropped == ["Wages (roubles)"]


def test_a_column_head_after_the_label_column_read_first_is_not_a_repeated_header():
    # corpus2 seed 429: labels, then each column under its head, the second
    # half the same way; the first head met again is no repeat on its own
    lines = ["Strikes and strikers", "Sheep & goats", "Electricity (m. kWh)", "Coal", "",
             "Fulfilment %", "63.1", "-34.8", "6.4", "", "Change", "26,081", "63.9", "14.1", "",
             "Grain", "Steel", "Collective farmers", "", "Fulfilment %", "26.4", "238,493",
             "95.5", "", "Change", "50,371", "12.3", "59,280", "", "Footnotes"]
    g = rebuild_table(lines[:-2], 1)
    assert g.head + g.body == [
        ["", "Fulfilment %", "Change"], ["Sheep & goats", "63.1", "26,081"],
        ["Electricity (m. kWh)", "-34.8", "63.9"], ["Coal", "6.4", "14.1"],
        ["Grain", "26.4", "50,371"], ["Steel", "238,493", "12.3"],
        ["Collective farmers", "95.5", "59,280"]]


def test_a_head_that_runs_on_below_is_no_repeat_of_a_shorter_head():
    # ours seed 403: "Procurement" opens the last column's wrapped head
    lines = ["Production and procurement of grain (m. tons)[3]", "Year", "Production",
             "Procurement", "", "1933", "1934", "1935", "", "22.3", "59.9", "0.4", "",
             "8.3", "90.6", "10.4", "", "Procurement", "as % of", "production", "86.6",
             "60.2", "1.6", ""]
    g = rebuild_table(lines, 1)
    assert g.head == [["Year", "Production", "Procurement", "Procurement as % of production"]]
    assert g.body[0] == ["1933", "22.3", "8.3", "86.6"]


def test_a_header_repeated_after_the_next_labels_is_dropped():
    # corpus2 seed 584: rows with their labels, then after a page break the
    # next labels, the head again and their values
    lines = ["Sown area (m. hectares)", "[1]", "Actual", "Electricity (m. kWh)", "15.1", "Coal",
             "84,364", "Oil", "88.2", "Collective farmers", "-39.1", "", "North Caucasus",
             "Lower Volga", "", "Actual", "330", "28.7", "",
             "Thou who makest vibrate the musical cords. Of the 1,966 delegates, more",
             "than half were workers who had come straight from the factories."]
    _, _, got, g = _only_table(lines)
    assert got[-2:] == [["North Caucasus", "330"], ["Lower Volga", "28.7"]]
    assert g.dropped == ["Actual"]


def test_a_corner_head_and_a_head_read_apart_repeat_together():
    # corpus2 seed 171: "Region", the label column, "Production"; after the
    # page break "Region" "Production" again, then rows with their labels
    lines = ["Percentage of peasant households", "collectivised[1]", "Region", "Oil",
             "Cotton fabrics (m. metres)", "Ukraine", "", "Production", "17.0", "84", "4,400",
             "", "Region", "Production", "Lower Volga", "77,405", "Tractors", "181,253",
             "Central Black Earth Region 208,651", "Pig iron", "107,367", "",
             "PREVIOUSLY in Barcelona I had been struck by the absence of the",
             "well-dressed people who had once crowded its streets and cafes."]
    _, _, got, g = _only_table(lines)
    assert got[0] == ["Region", "Production"]
    assert got[4] == ["Lower Volga", "77,405"]
    assert sorted(g.dropped) == ["Production", "Region"]


def test_the_last_rows_label_and_first_value_read_after_the_rest_of_it():
    # corpus2 seed 692: "43.3 161,961" "52.4", then "Steel" "145,406"
    lines = ["Number of livestock, 000s[2]", ""] + _cells(
        "Region Fulfilment % Prices", "Output Wages (roubles)", "Electricity (m. kWh)",
        "218,421", "-15.4", "70.5", "8.7", "Consumer goods", "9,407", "522", "29.5", "22.7",
        "43.3 161,961", "52.4", "Steel", "145,406") + [
        "It is obvious that the bureaucracy, which became necessary in the",
        "early years of the revolution, was able to raise itself above the masses."]
    _, _, got, g = _only_table(lines)
    assert got[-1] == ["Steel", "145,406", "43.3", "161,961", "52.4"]
    assert "the last row's first cells" in g.reason


def test_the_last_rows_label_and_its_first_value_after_two_of_its_values():
    # corpus2 seed 448: "34.3" "89,239" "Horses" "48.4"
    lines = ["Membership of the Communist Party[8]", "Seats Fulfilment % Wages (roubles)",
             "Moscow Region", ""] + _cells(
        "173,540", "344", "207,432", "Sheep & goats", "212,526", "57,776", "154,726",
        "Collective farmers 203,033", "-24.4", "232", "34.3", "89,239", "Horses", "48.4") + [
        "Political differences, small or large, were obscured or hidden by the",
        "constant appeals to the discipline of the party and its leaders."]
    _, _, got, _ = _only_table(lines)
    assert got[-1] == ["Horses", "48.4", "34.3", "89,239"]
    assert got[3] == ["Collective farmers", "203,033", "-24.4", "232"]


def test_a_header_repeated_without_the_cell_above_the_first_values_shows_that_cell_a_label():
    # corpus2 seed 708: "Total" above the heads, the first row, then a page
    # break repeats "% Decline" "Seats" alone: "Total" is the first row's label
    lines = ["Votes cast (000s)[3]"] + _cells(
        "Total", "% Decline", "Seats", "391", "5.1", "% Decline", "Seats",
        "Large-scale industry", "-29.8", "4,828", "Cotton fabrics (m. metres)", "23.0", "73.0",
        "Horses", "-25.5", "66.8", "Cattle", "41,060 159,191", "Ukraine", "83.5", "-22.6") + [
        "In 1935 it became the governing party of Norway, rejoining the Second",
        "International some years later, after the war had ended in Europe."]
    _, _, got, g = _only_table(lines)
    assert got[:3] == [["", "% Decline", "Seats"], ["Total", "391", "5.1"],
                       ["Large-scale industry", "-29.8", "4,828"]]
    assert g.dropped == ["% Decline", "Seats"]


def test_two_labels_in_one_block_where_one_line_would_hold_both_are_two_labels():
    # corpus2 seed 715: "Steel" read after its values, then the next label in
    # the same block; "Large-scale industry" on one line shows that "Steel
    # Cotton" would have fitted, so "Steel" did not wrap
    lines = ["Percentage of peasant households collectivised[3]", "Region Members Procurement",
             "Industrial workers", ""] + _cells(
        "36,834", "63,970", "Large-scale industry", "89.2", "24.3", "77,526", "165,420") + [
        "Steel", "Cotton fabrics (m. metres)", ""] + _cells(
        "79.1", "9,192", "Central Black Earth Region", "13,052", "74,758", "Grain", "53.7",
        "48.0", "Tractors", "717", "13,869") + [
        "It is necessary to put a stop to all reprisals, expulsions, and removals in",
        "connection with the factional struggle in the German Opposition. The"]
    _, _, got, _ = _only_table(lines)
    assert got[3] == ["Steel", "77,526", "165,420"]
    assert got[4] == ["Cotton fabrics (m. metres)", "79.1", "9,192"]


def test_heads_run_together_just_above_the_values_when_the_first_label_comes_last():
    # corpus2 seed 730: one cell a block; "Output Share of total %" stands
    # just above the first value, as a first label would, but the first
    # row's label ("Ukraine") is read after the table: the line is two heads
    lines = ["Real wages of industrial workers[4]"] + _cells(
        "Prices", "Output Share of total %", "173,600", "30.2", "20.9", "North Caucasus",
        "31.1", "94,858", "84.6", "Pig iron", "157,335", "36.8", "496", "Ukraine") + [
        "On the contrary, the Bolsheviks took this for their point of departure",
        "and built upon it. On 23 August 1936 he wrote: ‘Now I have to spend time"]
    _, _, got, _ = _only_table(lines)
    assert got == [["", "Prices", "Output", "Share of total %"],
                   ["Ukraine", "173,600", "30.2", "20.9"],
                   ["North Caucasus", "31.1", "94,858", "84.6"],
                   ["Pig iron", "157,335", "36.8", "496"]]


def test_a_small_table_whose_corner_and_head_repeat_around_the_next_label():
    # corpus2 seed 731: the label column first, under "Region"; after the
    # page break "Region", the next label, then "Output" again
    lines = ["soviets.", "Strikes and strikers[8]", "Region", "Horses", "Cattle", "", "Output",
             "2.0", "221,145", "", "Region", "Electricity (m. kWh)", "", "Output", "172,760", "",
             "It was the twenty-sixth article, which dealt with the position of the",
             "Church in the new State, that provoked the first serious opposition"]
    _, _, got, g = _only_table(lines)
    assert got == [["Region", "Output"], ["Horses", "2.0"], ["Cattle", "221,145"],
                   ["Electricity (m. kWh)", "172,760"]]
    assert sorted(g.dropped) == ["Output", "Region"]


def test_a_sign_under_the_heads_goes_to_a_head_before_one_waiting_for_its_words():
    # corpus2 seed 725: heads one a block, their second lines after them;
    # "Share of" waits for "total %", so the "%" before is "Fulfilment"'s
    lines = ["Votes cast (000s)"] + _cells(
        "Year", "Fulfilment", "Share of", "Index", "%", "total %", "1919", "50.9", "46,930",
        "9.7", "1920-21", "41.6", "73.4", "3.2", "1921-22", "94.3", "208,297", "221,307") + [
        "It is doubtful whether under these conditions any other party could have",
        "survived the blows that fell on it in the years that followed the war."]
    _, _, got, _ = _only_table(lines)
    assert got[0] == ["Year", "Fulfilment %", "Share of total %", "Index"]
    assert got[1] == ["1919", "50.9", "46,930", "9.7"]


def test_the_first_rows_last_value_read_after_the_table_goes_back():
    # corpus2 seed 718: "Steel" has three values, "Tractors" five
    lines = ["Output of heavy industry[6]", "Plan Actual", "", "Votes Prices", ""] + _cells(
        "Steel", "39.3", "61.9", "966", "Consumer goods", "983", "37.2", "-25.1 151,312",
        "Grain", "93.2", "30.2", "20", "85", "Total", "41.0", "250 200,006", "814",
        "Tractors", "81,097", "-12.8", "494 57,762", "0.5") + [
        "Ever since the imperialist war, the labors of this party have been",
        "directed towards the one end that the war had shown to be necessary."]
    _, _, got, g = _only_table(lines)
    assert got[1] == ["Steel", "39.3", "61.9", "966", "0.5"]
    assert got[-1] == ["Tractors", "81,097", "-12.8", "494", "57,762"]
    assert "rows' last values, read last" in g.reason


def test_a_long_first_label_just_above_the_values_is_not_cut_when_nothing_comes_last():
    # corpus2 seed 795: no words after the last value, so "Central Black Earth
    # Region" can only be the first row's label, not four heads
    lines = ["Percentage of peasant households", "collectivised[2]"] + _cells(
        "Index", "Output", "Central Black Earth Region", "683", "-15.5", "Hogs", "26.7",
        "34,167", "North Caucasus", "10.5", "127,274", "Siberia", "47.8", "46.2",
        "Large-scale industry", "630", "33") + [
        "The Revolution Without Winning the War", "",
        "THE BOURGEOIS milieu of individual leaders of the SWP, and the pressure of"]
    _, _, got, _ = _only_table(lines)
    assert got[:2] == [["", "Index", "Output"], ["Central Black Earth Region", "683", "-15.5"]]
    assert len(got) == 6
