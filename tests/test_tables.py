"""Row normalisation: alignment to the header and the row-span (tied row) repair."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from olygraph.read.article import parse_article, read_article_file
from olygraph.read.document import NormalisedRow, Row, Table
from olygraph.read.tables import cell_kind, normalise_table

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLES = SHARED / "articles"
SEEDS = SHARED / "seeds"
ARTICLE_FILES = sorted(ARTICLES.glob("*.txt")) if ARTICLES.is_dir() else []

needs_shared = pytest.mark.skipif(
    not ARTICLE_FILES or not SEEDS.is_dir(), reason=f"shared test data not found at {SHARED}"
)


def table_of(path: Path, index: int) -> tuple[tuple[str, ...], tuple[NormalisedRow, ...]]:
    doc = read_article_file(path)
    header, rows, problems = normalise_table(doc.tables[index - 1], doc.file)
    assert problems == ()
    return header, rows


def spanned(rows: tuple[NormalisedRow, ...]) -> list[int]:
    """1-based positions of the spanned data rows."""
    return [i for i, row in enumerate(rows, start=1) if row.spanned]


def table_from(text: str) -> Table:
    return parse_article("= T =\n\n" + text, "t.txt").tables[0]


@needs_shared
def test_seed_results_normalise_to_sixteen_rows() -> None:
    header, rows = table_of(sorted(SEEDS.glob("*.txt"))[0], 2)
    assert header == ("Rank", "Cyclist", "Nation", "Time", "Notes")
    assert len(rows) == 16
    assert [r.cells[3] for r in rows] == [
        "1:14.2",
        "1:15.1",
        "1:15.3",
        "1:16.0",
        "1:17.1",
        "1:18.0",
        "1:18.0",
        "1:18.4",
        "1:18.6",
        "1:18.6",
        "1:19.0",
        "1:19.0",
        "1:19.2",
        "1:20.1",
        "1:22.0",
        "1:22.3",
    ]
    assert spanned(rows) == [7, 10, 12]
    assert [r.cells[0] for r in rows if not r.spanned] == [
        str(n) for n in (1, 2, 3, 4, 5, 6, 8, 9, 11, 13, 14, 15, 16)
    ]
    seventh = rows[6]
    assert seventh.cells == ("", "", "", "1:18.0", "")
    assert seventh.repaired == "row-span: shifted right by one" and seventh.line == 57
    assert seventh.raw == "| | | 1:18.0 | | |"
    assert all(len(r.cells) == 5 for r in rows)


@needs_shared
def test_speed_skating_500m_ties() -> None:
    path = ARTICLES / "speed-skating-at-the-1928-winter-olympics-mens-500-metres.txt"
    header, rows = table_of(path, 2)
    assert header == ("Place", "Athlete", "Time")
    assert len(rows) == 33
    assert spanned(rows) == [2, 4, 5, 12, 13, 25, 29]
    assert rows[1].cells == ("", "", "43.4 OR")
    assert all(cell_kind(r.cells[2]) == "mark" for r in rows)
    assert all((r.cells[0] == "") == r.spanned for r in rows)


@needs_shared
def test_track_time_trial_medal_tables() -> None:
    path = ARTICLES / "track-time-trial-at-the-olympics.txt"
    header, rows = table_of(path, 2)
    assert header[1] == "Cyclist"
    trentin = rows[2]
    assert trentin.spanned
    assert trentin.cells == ("", "Pierre Trentin", "", "1964–1968", "1", "0", "1", "2")
    assert spanned(rows) == [3, 5] and rows[4].cells[1] == "Shane Kelly"
    header, rows = table_of(path, 3)
    assert header == ("Rank", "Nation", "Gold", "Silver", "Bronze", "Total")
    assert len(rows) == 14 and spanned(rows) == [6, 8]
    assert rows[5].cells == ("", "", "2", "0", "1", "3")
    # the medalists-by-Games table has no rank column: nothing shifts
    _, rows = table_of(path, 1)
    assert spanned(rows) == [] and rows[0].cells[0] == "1928 Amsterdam"


@needs_shared
def test_tables_without_ties_are_left_alone() -> None:
    diving = ARTICLES / "diving-at-the-1928-summer-olympics-mens-3-metre-springboard.txt"
    header, rows = table_of(diving, 1)
    assert header == ("Place", "Diver", "Nation", "Points", "Score")
    assert [r.cells[4] for r in rows][:2] == ["182.10", "148"]
    assert spanned(rows) == [] and all(r.repaired == "" for r in rows)
    _, group3 = table_of(diving, 3)  # the cut "|" row is not data
    assert [r.cells for r in group3] == [("1", "", "", "5", "169.70")]
    gymnastics = ARTICLES / "gymnastics-at-the-1896-summer-olympics-mens-vault.txt"
    _, schedule = table_of(gymnastics, 1)
    assert schedule[0].cells == ("Gregorian", "Julian", "") and not schedule[0].spanned
    _, results = table_of(gymnastics, 2)
    assert [r.cells[0] for r in results] == ["1", "2", "3", "4–15"]
    swimming = ARTICLES / "swimming-at-the-1960-summer-olympics-womens-100-metre-freestyle.txt"
    _, heats = table_of(swimming, 1)
    assert len(heats) == 7 and heats[-1].cells[3] == "Paola Saini"


@needs_shared
def test_athletics_records_table_without_header() -> None:
    path = ARTICLES / "athletics-at-the-1896-summer-olympics-mens-100-metres.txt"
    header, rows = table_of(path, 1)
    assert header == ("World Record", "10.8", "USA Luther Cary")
    assert [r.cells[0] for r in rows] == ["GBR Cecil Lee", "BEL Étienne De Re", "GBR L. Atcherley"]
    assert not any(r.spanned for r in rows)


@needs_shared
@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.stem)
def test_every_table_normalises(path: Path) -> None:
    doc = read_article_file(path)
    for table in doc.tables:
        first = normalise_table(table, doc.file)
        assert first == normalise_table(table, doc.file)
        header, rows, _ = first
        assert all(len(r.cells) == len(header) for r in rows)
        assert len(rows) == sum(1 for r in table.rows[1:] if r.complete)


def test_blank_rank_rows_that_are_not_ties_stay() -> None:
    table = table_from(
        "| Rank | Cyclist | Nation | Time | Notes |\n"
        "| 1 | A B | FRA | 1:14.2 | |\n"
        "| 2 | C D | GER | 1:15.1 | OR |\n"
        "| | John Doe | USA | DNF | |\n"
        "| | | | DNS | |\n"
        "| E F | | 1:15.1 | | |\n"
    )
    _, rows, problems = normalise_table(table, "t.txt")
    assert problems == ()
    assert rows[2].cells == ("", "John Doe", "USA", "DNF", "") and not rows[2].spanned
    assert rows[3].cells == ("", "", "", "DNS", "") and not rows[3].spanned
    assert rows[4].cells == ("", "E F", "", "1:15.1", "") and rows[4].spanned


def test_header_hints_when_every_row_is_a_candidate() -> None:
    table = table_from("| Place | Athlete | Time |\n| | 43.4 | |\n| | 43.9 | |\n")
    _, rows, _ = normalise_table(table, "t.txt")
    assert [r.cells for r in rows] == [("", "", "43.4"), ("", "", "43.9")]
    assert all(r.spanned for r in rows)
    table = table_from("| Date | Time | Round |\n| Monday | | |\n")
    _, rows, _ = normalise_table(table, "t.txt")
    assert rows[0].cells == ("Monday", "", "") and not rows[0].spanned


def test_padding_trimming_and_extra_cells() -> None:
    table = table_from(
        "| Rank | Name | Time |\n| 1 | A | 10.1 | | |\n| 2 | B |\n| 3 | C | 10.9 | oops | x |\n"
    )
    _, rows, problems = normalise_table(table, "t.txt")
    # trailing empty cells are trimmed; a row with non-empty extra cells cannot be aligned to
    # the columns without guessing, so it is reported and not returned as data
    assert [r.cells for r in rows] == [("1", "A", "10.1"), ("2", "B", "")]
    assert rows[0].repaired == "" and rows[1].repaired.startswith("padded")
    (problem,) = problems
    assert (problem.kind, problem.line, problem.text) == ("unparsed-value", 6, "oops | x")
    assert "row is not mapped" in problem.message


def test_header_row_choice_and_degenerate_tables() -> None:
    table = table_from("| Date | Time | Round |\n| Gregorian | Julian | |\n| Mon | Tue | PM |\n")
    header, rows, _ = normalise_table(table, "t.txt", header_row=1)
    assert header == ("Gregorian", "Julian", "") and [r.cells for r in rows] == [
        ("Mon", "Tue", "PM")
    ]
    header, rows, problems = normalise_table(table, "t.txt", header_row=5)
    assert (header, rows) == ((), ()) and problems[0].kind == "skipped"
    assert normalise_table(Table(1, 1, (), ()), "t.txt") == ((), (), ())
    single = table_from("| Rank |\n| 1 |\n| |\n")
    assert [r.cells for r in normalise_table(single, "t.txt")[1]] == [("1",), ("",)]


def test_incomplete_rows_are_not_data() -> None:
    doc = parse_article("= T =\n\n| Rank | Name | Time |\n| 1 | A | 10.1 |\n| 2 | B", "t.txt")
    _, rows, problems = normalise_table(doc.tables[0], "t.txt")
    assert [r.cells for r in rows] == [("1", "A", "10.1")] and problems == ()


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("", "empty"),
        ("7", "int"),
        ("=6", "rank"),
        ("T3", "rank"),
        ("4–15", "rank"),
        ("1:14.2", "mark"),
        ("43.4 OR", "mark"),
        ("148.00", "mark"),
        ("43.1(*)", "mark"),
        ("DNF", "status"),
        ("—", "status"),
        ("1964–1968", "years"),
        ("Pierre Trentin", "text"),
        ("10,000 metres", "text"),
    ],
)
def test_cell_kinds(cell: str, kind: str) -> None:
    assert cell_kind(cell) == kind


CELLS = st.sampled_from(["", "", "1", "=2", "1:14.2", "43.4 OR", "DNF", "Name", "1964–1968", "|"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(CELLS, max_size=8).map(tuple), max_size=12),
    st.integers(min_value=-1, max_value=3),
)
def test_normalise_never_raises(rows: list[tuple[str, ...]], header_row: int) -> None:
    table = Table(1, 1, (), tuple(Row(cells, i + 1, "") for i, cells in enumerate(rows)))
    header, data, _ = normalise_table(table, "t.txt", header_row)
    assert all(len(r.cells) == len(header) for r in data)
    assert all(r.cells[0] == "" for r in data if r.spanned)
