"""Marks, ranks and counts, on strings taken from the shared articles and the format notes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from olygraph.facts import Mark
from olygraph.read.marks import MarkKind, find_prose_marks, parse_mark, parse_prose_mark
from olygraph.read.ranks import RankInfo, parse_int_words, parse_rank

D = Decimal

# (text, kind, value, unit, annotations)
MARKS: list[tuple[str, MarkKind | None, str, str | None, tuple[str, ...]]] = [
    # seed: results table and Win Value
    ("1:14.2", "time", "74.2", "s", ()),
    ("1:15.1", "time", "75.1", "s", ()),
    ("1:18.0", None, "78.0", "s", ()),
    ("1:22.3", None, "82.3", "s", ()),
    ("1:14.4", None, "74.4", "s", ()),
    # format notes
    ("10.3", None, "10.3", None, ()),
    ("10.3", "time", "10.3", "s", ()),
    ("4:47:18", None, "17238", "s", ()),
    ("2:15:23.4", None, "8123.4", "s", ()),
    # rowing 1908 Win Value; speed skating 1928 medal summary; swimming 1960
    ("7:52.0", None, "472.0", "s", ()),
    ("2:21.1", None, "141.1", "s", ()),
    ("8:50.5", None, "530.5", "s", ()),
    ("9:00.1", None, "540.1", "s", ()),
    ("1:01.2", "time", "61.2", "s", ()),
    ("1:03.5 Q", "time", "63.5", "s", ("Q",)),
    ("1:03.5 (Q)", None, "63.5", "s", ("Q",)),
    ("1:04.4 q", None, "64.4", "s", ("q",)),
    # speed skating 1928 men's 500 m: results and records table
    ("43.4 OR", "time", "43.4", "s", ("OR",)),
    ("43.6", "time", "43.6", "s", ()),
    ("43.1(*)", "time", "43.1", "s", ("*",)),
    ("44.0", None, "44.0", None, ()),
    ("43.4 seconds", None, "43.4", "s", ()),
    # athletics 1896 100 m
    ("12.0", "time", "12.0", "s", ()),
    ("10.8 WR", None, "10.8", None, ("WR",)),
    ("10.8 =WR", "time", "10.8", "s", ("=WR",)),
    ("10.9 =OR", "time", "10.9", "s", ("=OR",)),
    ("10.8 NR", None, "10.8", None, ("NR",)),
    ("12.0 (hand timed)", None, "12.0", None, ("hand timed",)),
    ("1:14.4[a]", None, "74.4", "s", ("[a]",)),
    ("11 4/5", "time", "11.8", "s", ()),
    ("11⅘", None, "11.8", None, ()),
    # distances and weights (weightlifting 1896: Win Value "71.0", prose "57.0 kilograms")
    ("7.35 m", None, "7.35", "m", ()),
    ("7.35m", "distance", "7.35", "m", ()),
    ("7.35", "distance", "7.35", "m", ()),
    ("7.35 m (24 ft 1 in)", None, "7.35", "m", ("24 ft 1 in",)),
    ("23 ft 4 in", None, "7.1120", "m", ()),
    ("1 km", None, "1000", "m", ()),
    ("57.0 kg", None, "57.0", "kg", ()),
    ("71.0", "weight", "71.0", "kg", ()),
    ("57.0 kilograms", "weight", "57.0", "kg", ()),
    # diving 1928 (integer vs decimal scores kept lexically), shooting 1920 Win Value
    ("182.10", "points", "182.10", "pt", ()),
    ("148", "points", "148", "pt", ()),
    ("5", "points", "5", "pt", ()),
    ("4876", "points", "4876", "pt", ()),
    ("4,876", None, "4876", None, ()),
    ("182.10 points", None, "182.10", "pt", ()),
    # figure skating 1920 "Places"
    ("12.5", None, "12.5", None, ()),
    # a time written out in words
    ("1 minute, 14.4 seconds", None, "74.4", "s", ()),
    ("2 hours, 3 minutes and 4.5 seconds", "time", "7384.5", "s", ()),
]


@pytest.mark.parametrize(("text", "kind", "value", "unit", "annotations"), MARKS)
def test_parse_mark_values(
    text: str, kind: MarkKind | None, value: str, unit: str | None, annotations: tuple[str, ...]
) -> None:
    mark = parse_mark(text, kind)
    assert mark == Mark(text, D(value), unit, None, annotations)  # type: ignore[arg-type]
    assert mark is not None and str(mark.value) == value  # exact, lexical precision kept


def test_mark_text_is_stripped_original() -> None:
    mark = parse_mark("  1:03.5 Q  ")
    assert mark is not None
    assert mark.text == "1:03.5 Q"
    assert mark.qualified


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("DNF", "DNF"),
        ("dnf", "DNF"),
        ("DNS", "DNS"),
        ("DSQ", "DSQ"),
        ("DQ", "DQ"),
        ("WD", "WD"),
        ("AC", "AC"),
        ("NM", "NM"),
        ("DNA", "DNA"),
        ("NR", "NR"),
        ("DNF[b]", "DNF"),
        ("Did not finish", "DNF"),
        ("did not start", "DNS"),
        ("Disqualified", "DSQ"),
        ("Withdrew", "WD"),
        ("No mark", "NM"),
    ],
)
def test_parse_mark_status(text: str, status: str) -> None:
    assert parse_mark(text) == Mark(text, status=status)  # type: ignore[arg-type]


@pytest.mark.parametrize("dash", ["—", "–", "-", "―", "−"])
def test_lone_dash_is_a_mark_without_value_or_status(dash: str) -> None:
    assert parse_mark(dash, "time") == Mark(dash)


@pytest.mark.parametrize(
    ("text", "annotations"),
    [
        ("Did not advance", ("did not advance",)),
        ("=OR", ("=OR",)),
        ("OR", ("OR",)),
        ("Q", ("Q",)),
        ("(Q)", ("Q",)),
    ],
)
def test_annotation_only_cells(text: str, annotations: tuple[str, ...]) -> None:
    assert parse_mark(text) == Mark(text, annotations=annotations)


def test_did_not_advance_keeps_a_mark_written_with_it() -> None:
    mark = parse_mark("1:05.2 did not advance", "time")
    assert mark == Mark("1:05.2 did not advance", D("65.2"), "s", None, ("did not advance",))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", None),
        ("   ", "time"),
        # names and other non-marks from the articles
        ("Willy Hansen", None),
        ("Magda Julin", "points"),
        ("Leander Club", None),
        ("USA Luther Cary", None),
        ("Brussels (BEL)", None),
        ("none awarded", "time"),
        ("The competition was cancelled in the fifth heat because of thawing ice", "time"),
        ("USA", None),
        ("(Willy Hansen)", None),
        ("at 2 metres", None),
        ("6–4", None),
        ("12.0 12.2", None),
        # out of range
        ("1:75.0", None),
        ("4:67:18", None),
        ("1:60.0", "time"),
        ("11 1/3", "time"),
        # contradicts the kind asked for
        ("1:14.4", "points"),
        ("7.35 m", "time"),
        ("57.0 kg", "distance"),
        ("1 minute, 14.4 seconds", "points"),
    ],
)
def test_parse_mark_rejects(text: str, kind: MarkKind | None) -> None:
    assert parse_mark(text, kind) is None


SEED_TIMES = (
    ("1:14.2", "74.2"), ("1:15.1", "75.1"), ("1:15.3", "75.3"), ("1:16.0", "76.0"),
    ("1:17.1", "77.1"), ("1:18.0", "78.0"), ("1:18.0", "78.0"), ("1:18.4", "78.4"),
    ("1:18.6", "78.6"), ("1:18.6", "78.6"), ("1:19.0", "79.0"), ("1:19.0", "79.0"),
    ("1:19.2", "79.2"), ("1:20.1", "80.1"), ("1:22.0", "82.0"), ("1:22.3", "82.3"),
)  # fmt: skip


def test_seed_results_times() -> None:
    marks = [parse_mark(text, "time") for text, _ in SEED_TIMES]
    assert [(m.value, m.unit) if m else None for m in marks] == [(D(v), "s") for _, v in SEED_TIMES]


# --- prose --------------------------------------------------------------------------------


def test_prose_marks_in_seed_paragraphs() -> None:
    lead = "The event was won by the Danish cyclist Willy Hansen in 1 minute, 14.4 seconds."
    assert parse_prose_mark(lead) == Mark("1 minute, 14.4 seconds", D("74.4"), "s")
    records = (
        "Octave Dayen went first, earning a de facto Olympic record at 1:16.0. Gerard Bosch van "
        "Drakestein was the first man to beat Dayen, recording a time of 1:15.2. This held until "
        "Willy Hansen, racing 14th of 16, achieved a 1:14.4 time."
    )
    hits = find_prose_marks(records)
    assert [(m.text, m.value, m.unit) for _, _, m in hits] == [
        ("1:16.0", D("76.0"), "s"),
        ("1:15.2", D("75.2"), "s"),
        ("1:14.4", D("74.4"), "s"),
    ]
    assert all(records[a:b] == m.text for a, b, m in hits)


def test_prose_marks_other_articles() -> None:
    skating = "Bernt Evensen and Clas Thunberg each set a time of 43.4 seconds."
    assert parse_prose_mark(skating) == Mark("43.4 seconds", D("43.4"), "s")
    lifting = (
        "Alexandros Nikolopoulos lifted 57.0 kilograms with one hand. He lifted only "
        "40.0 kilograms with the other, as Sotirios Versis could only lift 40.0 with either hand."
    )
    hits = find_prose_marks(lifting)
    assert [(m.text, m.value, m.unit) for _, _, m in hits] == [
        ("57.0 kilograms", D("57.0"), "kg"),
        ("40.0 kilograms", D("40.0"), "kg"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Each gymnast had two minutes and could perform as many vaults as he wished.",
        "Each gymnast had 2 minutes.",
        "The final was held at 19:00.",
        "It started at 7:30 p.m.",
        "Gaudini was one of the best fencers of the 1920s and 1930s.",
        "Sixteen cyclists from 16 nations competed.",
        "Sophus Nielsen set a record by scoring 10 goals in a 17–1 win over France A.",
    ],
)
def test_prose_without_marks(text: str) -> None:
    assert find_prose_marks(text) == ()
    assert parse_prose_mark(text) is None


# --- ranks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", RankInfo(1, None, False, "1", None)),
        ("16", RankInfo(16, None, False, "16", None)),
        ("=6", RankInfo(6, None, True, "=6", None)),
        ("T6", RankInfo(6, None, True, "T6", None)),
        ("T-6", RankInfo(6, None, True, "T-6", None)),
        ("6=", RankInfo(6, None, True, "6=", None)),
        ("6 (tie)", RankInfo(6, None, True, "6 (tie)", None)),
        ("=9th", RankInfo(9, None, True, "=9th", None)),
        ("1st", RankInfo(1, None, False, "1st", None)),
        ("2nd", RankInfo(2, None, False, "2nd", None)),
        ("3rd", RankInfo(3, None, False, "3rd", None)),
        ("8th", RankInfo(8, None, False, "8th", None)),
        ("1.", RankInfo(1, None, False, "1.", None)),
        ("1[a]", RankInfo(1, None, False, "1[a]", None)),
        ("1 Q", RankInfo(1, None, False, "1 Q", None, ("Q",))),
        ("4–15", RankInfo(4, 15, False, "4–15", None)),  # gymnastics 1896 vault
        ("4-15", RankInfo(4, 15, False, "4-15", None)),
        ("4th–15th", RankInfo(4, 15, False, "4th–15th", None)),
        ("—", RankInfo(None, None, False, "—", None)),
        ("-", RankInfo(None, None, False, "-", None)),
        ("DNF", RankInfo(None, None, False, "DNF", "DNF")),
        ("DSQ", RankInfo(None, None, False, "DSQ", "DSQ")),
        ("AC", RankInfo(None, None, False, "AC", "AC")),
        ("Did not finish", RankInfo(None, None, False, "Did not finish", "DNF")),
        (" 7 ", RankInfo(7, None, False, "7", None)),
    ],
)
def test_parse_rank(text: str, expected: RankInfo) -> None:
    assert parse_rank(text) == expected


@pytest.mark.parametrize(
    "text", ["", "  ", "0", "15–4", "4–4", "Willy Hansen", "Gold", "1:18.0", "12.5", "=", "T"]
)
def test_parse_rank_rejects(text: str) -> None:
    assert parse_rank(text) is None


def test_seed_rank_column() -> None:
    column = ("1", "2", "3", "4", "5", "6", "8", "9", "11", "13", "14", "15", "16")
    assert [r.rank if (r := parse_rank(t)) else None for t in column] == [int(t) for t in column]


# --- counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("16", 16),
        ("Sixteen", 16),
        ("Twelve", 12),
        ("twenty-three", 23),
        ("Twenty-three", 23),
        ("Thirty-three", 33),
        ("thirty three", 33),
        ("fifteen", 15),
        ("Six", 6),
        ("one", 1),
        ("zero", 0),
        ("a hundred", 100),
        ("one hundred and five", 105),
        ("two hundred twenty-one", 221),
        ("nine hundred ninety-nine", 999),
        ("1,200", 1200),
        (" 62 ", 62),
    ],
)
def test_parse_int_words(text: str, value: int) -> None:
    assert parse_int_words(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "Twelve of", "first", "sixteenth", "ten five", "twenty zero", "hundred",
     "one hundred and", "one hundred zero", "eleven hundred", "1.5", "-3", "many"],
)  # fmt: skip
def test_parse_int_words_rejects(text: str) -> None:
    assert parse_int_words(text) is None


# --- properties ---------------------------------------------------------------------------

_CELLISH = st.text(
    alphabet=st.sampled_from(list("0123456789:.,;/=()[]{}^*†-–— qQsmkgptORWDNFSAC ½⅘⁄\u00a0ab")),
    max_size=40,
)
_KINDS = st.sampled_from([None, "time", "distance", "points", "weight"])


@given(st.one_of(st.text(max_size=60), _CELLISH), _KINDS)
def test_parse_mark_never_raises(text: str, kind: MarkKind | None) -> None:
    mark = parse_mark(text, kind)
    if mark is not None:
        assert mark.text == text.strip()
        assert mark.status is None or mark.value is None


@given(st.one_of(st.text(max_size=200), _CELLISH))
def test_prose_and_ranks_and_words_never_raise(text: str) -> None:
    for a, b, mark in find_prose_marks(text):
        assert text[a:b] == mark.text
    parse_prose_mark(text)
    rank = parse_rank(text)
    assert rank is None or rank.rank is None or rank.rank > 0
    parse_int_words(text)


@given(
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=9),
    _KINDS.filter(lambda k: k in (None, "time")),
)
def test_minute_second_times_are_exact(minutes: int, seconds: int, tenth: int, kind: str) -> None:
    text = f"{minutes}:{seconds:02d}.{tenth}"
    mark = parse_mark(text, kind)  # type: ignore[arg-type]
    assert mark is not None
    assert mark.value == minutes * 60 + D(f"{seconds}.{tenth}")
    assert mark.unit == "s"


@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59))
def test_hour_minute_second_times_are_exact(hours: int, minutes: int, seconds: int) -> None:
    mark = parse_mark(f"{hours}:{minutes:02d}:{seconds:02d}")
    assert mark is not None
    assert mark.value == D(hours * 3600 + minutes * 60 + seconds)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_plain_numbers_keep_their_value(value: Decimal) -> None:
    mark = parse_mark(str(value), "points")
    assert mark is not None
    assert mark.value == value
    assert mark.unit == "pt"


@given(st.integers(0, 999))
def test_int_words_digits_roundtrip(n: int) -> None:
    assert parse_int_words(str(n)) == n
