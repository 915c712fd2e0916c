"""The syntax reader on the real articles, on odd input, and on anything at all (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from olygraph.errors import InputError
from olygraph.read.article import parse_article, read_article_file
from olygraph.read.document import Document, Heading, ListItem, Paragraph, Table

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLES = SHARED / "articles"
SEEDS = SHARED / "seeds"
ARTICLE_FILES = sorted(ARTICLES.glob("*.txt")) if ARTICLES.is_dir() else []

needs_shared = pytest.mark.skipif(
    not ARTICLE_FILES or not SEEDS.is_dir(), reason=f"shared test data not found at {SHARED}"
)


def seed_path() -> Path:
    return sorted(SEEDS.glob("*.txt"))[0]


def article(slug: str) -> Document:
    return read_article_file(ARTICLES / f"{slug}.txt")


def headings(doc: Document) -> list[tuple[str, int]]:
    return [(b.title, b.level) for b in doc.blocks if isinstance(b, Heading)]


# -- the seed -------------------------------------------------------------------------------


@needs_shared
def test_seed_title_and_infobox() -> None:
    doc = read_article_file(seed_path())
    assert doc.file == seed_path().name
    assert doc.title == "Cycling at the 1928 Summer Olympics – Men's track time trial"
    assert doc.title_line == 1
    assert len(doc.infobox) == 16
    assert [e.key for e in doc.infobox][:7] == [
        "Event",
        "Games",
        "Venue",
        "Date",
        "Competitors",
        "Nations",
        "Win Value",
    ]
    prev = doc.infobox_value("prev")
    assert prev is not None
    assert (prev.value, prev.line) == ("1896 (Summer Olympics),", 18)
    win = doc.infobox_value("Win Value")
    assert win is not None and win.value == "1:14.4"
    assert not doc.truncated
    assert doc.line_count == 69
    assert doc.problems == ()


@needs_shared
def test_seed_blocks_and_sections() -> None:
    doc = read_article_file(seed_path())
    assert headings(doc) == [
        ("Background", 2),
        ("Competition format", 2),
        ("Records", 2),
        ("Schedule", 2),
        ("Results", 2),
        ("Notes", 2),
    ]
    schedule, results = doc.tables
    assert (schedule.index, schedule.section, schedule.line) == (1, ("Schedule",), 43)
    assert schedule.rows[1].cells == ("Sunday, 5 August 1928", "19:00", "Final")
    assert (results.index, results.section) == (2, ("Results",))
    assert results.rows[0].cells == ("Rank", "Cyclist", "Nation", "Time", "Notes")
    assert results.rows[1].cells == ("1", "", "", "1:14.2", "")
    assert results.rows[7].cells == ("", "", "1:18.0", "", "")
    assert len(results.rows) == 17
    footnote = [p for p in doc.paragraphs if p.text.startswith("^{*}")]
    assert len(footnote) == 1 and footnote[0].section == ("Records",)
    notes = doc.paragraphs[-1]
    assert notes.section == ("Notes",) and notes.text.startswith("De Wael lists 16")
    assert doc.paragraphs[0].section == ()


@needs_shared
def test_crlf_cr_and_bom_read_like_lf(tmp_path: Path) -> None:
    text = seed_path().read_text(encoding="utf-8")
    plain = parse_article(text, "seed.txt")
    for variant in (
        text.replace("\n", "\r\n"),
        text.replace("\n", "\r"),
        "\ufeff" + text,
    ):
        doc = parse_article(variant, "seed.txt")
        assert doc.infobox == plain.infobox
        assert doc.blocks == plain.blocks
        assert (doc.truncated, doc.line_count, doc.problems) == (False, 69, ())
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    doc = read_article_file(path)
    assert doc.title == plain.title and doc.blocks == plain.blocks and doc.file == "bom.txt"


# -- the real articles ----------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.stem)
def test_every_article_parses(path: Path) -> None:
    doc = read_article_file(path)
    text = path.read_text(encoding="utf-8")
    assert doc.title and doc.file == path.name
    assert doc.line_count == len(text.splitlines())
    assert doc.truncated == (not text.endswith("\n"))
    assert [p.line or 0 for p in doc.problems] == sorted(p.line or 0 for p in doc.problems)
    assert all(p.file == path.name for p in doc.problems)
    assert [t.index for t in doc.tables] == list(range(1, len(doc.tables) + 1))
    if doc.truncated:  # the cut is always reported at the last line
        assert any(p.line == doc.line_count for p in doc.problems)


@needs_shared
def test_swimming_last_row_is_incomplete() -> None:
    doc = article("swimming-at-the-1960-summer-olympics-womens-100-metre-freestyle")
    assert doc.truncated and doc.line_count == 40
    (table,) = doc.tables
    assert table.section == ("Results", "Heats")
    last = table.rows[-1]
    assert not last.complete and last.line == 40
    assert last.cells == ("7", "5", "6", "Erica Terpstra", "", "1:")
    assert all(row.complete for row in table.rows[:-1])
    (problem,) = doc.problems
    assert (problem.kind, problem.line) == ("incomplete-row", 40)
    assert problem.text == "| 7 | 5 | 6 | Erica Terpstra | | 1:"
    assert problem.describe().startswith(f"{doc.file}:40: incomplete-row")
    date = doc.infobox_value("Date")
    assert date is not None and "August 29, 1960 (final)" in date.value


@needs_shared
def test_diving_groups_and_lone_pipe_last_line() -> None:
    doc = article("diving-at-the-1928-summer-olympics-mens-3-metre-springboard")
    assert headings(doc) == [
        ("Results", 2),
        ("First round", 3),
        ("Group 1", 4),
        ("Group 2", 4),
        ("Group 3", 4),
    ]
    sections = [t.section for t in doc.tables]
    assert sections == [("Results", "First round", f"Group {i}") for i in (1, 2, 3)]
    first_round = [p for p in doc.paragraphs if p.section == ("Results", "First round")]
    assert len(first_round) == 1 and first_round[0].text.startswith("A point-for-place")
    group3 = doc.tables[2]
    assert [r.complete for r in group3.rows] == [True, True, False]
    assert group3.rows[-1].cells == () and group3.rows[-1].line == 50
    assert [(p.kind, p.line, p.text) for p in doc.problems] == [("incomplete-row", 50, "|")]


@needs_shared
def test_athletics_headerless_records_table() -> None:
    doc = article("athletics-at-the-1896-summer-olympics-mens-100-metres")
    (records,) = doc.tables
    assert records.section == ("Records",)
    assert records.rows[0].cells == ("World Record", "10.8", "USA Luther Cary")
    assert records.rows[1].cells == ("GBR Cecil Lee", "Brussels (BEL)", "September 25, 1892")
    assert [r.complete for r in records.rows] == [True, True, True, True, False]
    assert records.rows[-1].cells == ("GBR Harry Beaton", "Rotterdam (NED)", "Augu")
    assert doc.problems[-1].kind == "incomplete-row" and doc.problems[-1].line == 39
    dates = doc.infobox_value("Dates")
    assert (
        dates is not None and dates.value == "6 April 1896 , (first round), 10 April 1896 , (final)"
    )
    assert doc.infobox_value("Bronzenoc2") is not None


@needs_shared
def test_football_markup_lists_and_spaced_headings() -> None:
    doc = article("football-at-the-1908-summer-olympics")
    assert ("Tournament", 2) in headings(doc)
    assert ("First round", 3) in headings(doc)
    num_teams = doc.infobox_value("Num Teams")
    assert num_teams is not None and num_teams.value == "6"
    legend = [b for b in doc.blocks if isinstance(b, ListItem)]
    assert [item.text for item in legend] == ["Legend**"]
    assert legend[0].section == ("Competition schedule",)
    skipped = [(p.line, p.text) for p in doc.problems if p.kind == "skipped"]
    assert skipped == [(37, "<section begin=Bracket /><section end=Bracket />"), (48, "----")]
    last = doc.blocks[-1]
    assert isinstance(last, Paragraph) and last.truncated and last.text == "19 Oct"
    assert last.section == ("Tournament", "First round")
    assert doc.problems[-1].kind == "truncated-text" and doc.problems[-1].line == 49


@needs_shared
def test_prose_and_list_items_cut_by_the_end_of_file() -> None:
    fencing = article("fencing-at-the-1936-summer-olympics-mens-foil")
    assert fencing.tables == ()
    last = fencing.blocks[-1]
    assert isinstance(last, Paragraph) and last.truncated
    assert last.text.endswith("most of any nat")
    assert [(p.kind, p.line) for p in fencing.problems] == [("truncated-text", 25)]
    gymnastics = article("gymnastics-at-the-1896-summer-olympics-mens-vault")
    item = gymnastics.blocks[-1]
    assert isinstance(item, ListItem) and item.truncated and item.section == ("Sources",)
    assert gymnastics.tables[1].rows[-1].cells == ("4–15", "", "")


@needs_shared
def test_complete_articles_and_odd_infobox_keys() -> None:
    skating = article("speed-skating-at-the-1928-winter-olympics-mens-500-metres")
    assert not skating.truncated
    keys = {e.key for e in skating.infobox}
    assert {"Gold2", "Goldnoc2", "Bronze3", "Bronzenoc3"} <= keys
    assert "Silver" not in keys
    # the "<hr>" residue row is reported, not turned into a table
    assert [(p.kind, p.line) for p in skating.problems] == [("skipped", 28)]
    assert [t.section for t in skating.tables] == [("Records",), ("Results",)]
    track = article("track-time-trial-at-the-olympics")
    years = track.infobox_value("Yearsheld")
    assert years is not None and years.value == "Men: 1896, 1928–2004 , Women: 2000–2004"
    assert [t.section[-1] for t in track.tables] == [
        "Men",
        "Multiple medalists",
        "Medalists by country",
    ]
    figure = article("figure-skating-at-the-1920-summer-olympics-ladies-singles")
    judges = [b.text for b in figure.blocks if isinstance(b, ListItem)]
    assert judges[:2] == ["SWE Victor Lundquist", "SWE August Anderberg"]
    assert figure.problems == ()


# -- synthetic edge cases -------------------------------------------------------------------


def test_no_infobox_and_unparsed_infobox_lines() -> None:
    doc = parse_article("= T =\n\nProse.\n", "a.txt")
    assert doc.infobox == () and isinstance(doc.blocks[0], Paragraph)
    doc = parse_article("= T =\nInfobox\n- A: b: c\n- Empty:\nwrapped line\n- B: 2\n\nx\n", "a.txt")
    assert [(e.key, e.value, e.line) for e in doc.infobox] == [
        ("A", "b: c", 3),
        ("Empty", "", 4),
        ("B", "2", 6),
    ]
    assert [(p.kind, p.line) for p in doc.problems] == [("unparsed-line", 5)]


def test_cut_heading_infobox_entry_and_complete_last_line() -> None:
    doc = parse_article("= T =\n\nText.\n\n==Resul", "a.txt")
    assert doc.truncated and not any(isinstance(b, Heading) for b in doc.blocks)
    assert [(p.kind, p.line, p.text) for p in doc.problems] == [("truncated-text", 5, "==Resul")]
    doc = parse_article("= T =\nInfobox\n- Competitors: 1", "a.txt")
    assert doc.infobox == () and doc.problems[0].kind == "truncated-text"
    doc = parse_article("= T =\n\n==Results==", "a.txt")
    assert doc.truncated and headings(doc) == [("Results", 2)]
    assert [(p.kind, p.line) for p in doc.problems] == [("truncated-text", 3)]


def test_row_without_closing_pipe_mid_file_and_mismatched_heading() -> None:
    doc = parse_article("= T =\n\n=== Sub ==\n| a | b |\n| 1 | 2\n| 3 | 4 |\n", "a.txt")
    assert headings(doc) == [("Sub", 3)]
    (table,) = doc.tables
    assert [r.cells for r in table.rows] == [("a", "b"), ("1", "2"), ("3", "4")]
    assert all(r.complete for r in table.rows)
    assert [(p.kind, p.line) for p in doc.problems] == [("unparsed-line", 5)]


def test_second_title_and_rules_are_reported() -> None:
    doc = parse_article("= T =\n\n= Other =\n----\n<br />\n-\n", "a.txt")
    assert doc.blocks == ()
    assert [p.kind for p in doc.problems] == ["unparsed-line", "skipped", "skipped", "skipped"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty file"),
        ("  \n\t\n", "empty file"),
        ("= =\n", "empty title"),
        ("==\n", "'= Title ='"),
        ("==Background==\nText\n", "level-2 heading"),
        ("Just prose.\n", "found 'Just prose.'"),
        ("= Title without end\n", "no closing '='"),
    ],
)
def test_input_errors(text: str, needle: str) -> None:
    with pytest.raises(InputError) as info:
        parse_article(text, "bad.txt")
    message = str(info.value)
    assert message.startswith("bad.txt") and needle in message
    assert "\n" not in message


def test_no_title_names_the_line() -> None:
    with pytest.raises(InputError) as info:
        parse_article("\n\nInfobox\n", "x.txt")
    assert info.value.line == 3 and str(info.value).startswith("x.txt:3: found 'Infobox'")


def test_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("= Tïtle =\n\nabc".encode() + b"\xff")
    with pytest.raises(InputError) as info:
        read_article_file(bad)
    message = str(info.value)
    assert (
        message.startswith("bad.txt:3: not UTF-8")
        and "byte offset 15" in message
        and "0xff" in message
    )
    assert str(tmp_path) not in message
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"^shown\.txt: empty file"):
        read_article_file(empty, display="shown.txt")
    with pytest.raises(InputError, match=r"^missing\.txt: cannot read the file"):
        read_article_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="cannot read the file"):
        read_article_file(tmp_path)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("= T =\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        read_article_file(utf16)


# -- never anything but InputError -----------------------------------------------------------

FORMAT_ALPHABET = st.sampled_from([*"=|-* \n\r\tab1:.<>/^{}\ufeff–é", "Infobox", "- K: v"])


def parse_or_input_error(text: str) -> Document | None:
    try:
        doc = parse_article(text, "fuzz.txt")
    except InputError:
        return None
    for table in doc.tables:
        assert table.rows
    return doc


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_raises_only_input_error(text: str) -> None:
    parse_or_input_error(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(FORMAT_ALPHABET, max_size=80).map("".join))
def test_format_like_text_raises_only_input_error(text: str) -> None:
    parse_or_input_error("= T =\n" + text)
    parse_or_input_error(text)


@needs_shared
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_seed_cut_anywhere_raises_only_input_error(data: st.DataObject) -> None:
    text = seed_path().read_text(encoding="utf-8")
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    doc = parse_or_input_error(text[:cut])
    if doc is not None and doc.truncated:
        assert doc.problems and doc.problems[-1].line == doc.line_count


@needs_shared
def test_seed_cut_at_every_position() -> None:
    text = seed_path().read_text(encoding="utf-8")
    for cut in range(len(text) + 1):
        parse_or_input_error(text[:cut])


def test_pathological_lines() -> None:
    for text in ["= =", "=", "|", "= T =\n|", "= T =\n||||\n|\n", "= T =\n====\n= \n==\n"]:
        parse_or_input_error(text)
    doc = parse_article("= T =\n||||\n", "a.txt")
    assert isinstance(doc.blocks[0], Table) and doc.blocks[0].rows[0].cells == ("", "", "")
