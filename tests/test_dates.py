"""Dates, ranges and clock times, on strings taken from the shared articles."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from olygraph.facts import DateValue
from olygraph.read.dates import DateSpan, parse_date_spans, parse_dates, parse_time_of_day


def d(year: int, month: int, day: int, label: str = "") -> DateValue:
    return DateValue(dt.date(year, month, day), year, label)


@pytest.mark.parametrize(
    ("text", "default_year", "expected"),
    [
        # infobox Date/Dates values
        ("5 August 1928", None, (d(1928, 8, 5),)),
        ("April 9, 1896", None, (d(1896, 4, 9),)),
        ("25 April 1920", None, (d(1920, 4, 25),)),
        ("13 February 1928", None, (d(1928, 2, 13),)),
        ("31 July 1920", None, (d(1920, 7, 31),)),
        ("5–6 August 1936", None, (d(1936, 8, 5, "start"), d(1936, 8, 6, "end"))),
        ("29–31 July 1908", None, (d(1908, 7, 29, "start"), d(1908, 7, 31, "end"))),
        ("16–23 August 1920", None, (d(1920, 8, 16, "start"), d(1920, 8, 23, "end"))),
        ("19–24 October 1908", None, (d(1908, 10, 19, "start"), d(1908, 10, 24, "end"))),
        ("13–14 February 1928", None, (d(1928, 2, 13, "start"), d(1928, 2, 14, "end"))),
        ("5-6 August 1936", None, (d(1936, 8, 5, "start"), d(1936, 8, 6, "end"))),
        ("30 July – 2 August 1908", None, (d(1908, 7, 30, "start"), d(1908, 8, 2, "end"))),
        ("August 26–29, 1960", None, (d(1960, 8, 26, "start"), d(1960, 8, 29, "end"))),
        (
            "6 April 1896 , (first round), 10 April 1896 , (final)",
            None,
            (d(1896, 4, 6, "first round"), d(1896, 4, 10, "final")),
        ),
        (
            "August 26, 1960 (heats &, semifinals), August 29, 1960 (final)",
            None,
            (d(1960, 8, 26, "heats & semifinals"), d(1960, 8, 29, "final")),
        ),
        # schedule table cells
        ("Sunday, 5 August 1928", None, (d(1928, 8, 5),)),
        ("Thursday, 9 April 1896", None, (d(1896, 4, 9),)),
        ("Thursday, 28 March 1896", None, (d(1896, 3, 28),)),
        # records table cells
        ("September 25, 1892", None, (d(1892, 9, 25),)),
        ("4 February 1928", None, (d(1928, 2, 4),)),
        ("26 January 1924", None, (d(1924, 1, 26),)),
        # prose
        (
            "The competition was held from Monday 6 August 1928 to Wednesday 8 August 1928.",
            None,
            (d(1928, 8, 6, "start"), d(1928, 8, 8, "end")),
        ),
        (
            "The competition was held from 5 August 1936 to 6 August 1936.",
            None,
            (d(1936, 8, 5, "start"), d(1936, 8, 6, "end")),
        ),
        (
            "The event was held from 16 to 23 August 1920 at the Beerschot Tennis Club.",
            None,
            (d(1920, 8, 16, "start"), d(1920, 8, 23, "end")),
        ),
        (
            "The competitions were held on Monday, 13 February 1928 and on Tuesday, "
            "14 February 1928.",
            None,
            (d(1928, 2, 13), d(1928, 2, 14)),
        ),
        ("The competition was held on 31 July, 1920.", None, (d(1920, 7, 31),)),
        ("The third event, it was held on 9 April.", 1896, (d(1896, 4, 9),)),
        ("9 April", 1896, (d(1896, 4, 9),)),
        ("held on 10 April", 1896, (d(1896, 4, 10),)),
        # other written forms
        ("5th of August 1928", None, (d(1928, 8, 5),)),
        ("Aug. 5, 1928", None, (d(1928, 8, 5),)),
        ("1928-08-05", None, (d(1928, 8, 5),)),
        ("30 December – 2 January 1909", None, (d(1908, 12, 30, "start"), d(1909, 1, 2, "end"))),
        (
            "Heats: 26 August; Final: 29 August 1960",
            None,
            (d(1960, 8, 26, "Heats"), d(1960, 8, 29, "Final")),
        ),
        (
            "26–27 August 1960 (heats)",
            None,
            (d(1960, 8, 26, "heats start"), d(1960, 8, 27, "heats end")),
        ),
    ],
)
def test_parse_dates(text: str, default_year: int | None, expected: tuple[DateValue, ...]) -> None:
    assert parse_dates(text, default_year) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1928", (DateValue(None, 1928),)),
        ("1896 (Summer Olympics),", (DateValue(None, 1896, "Summer Olympics"),)),
        (
            "Men: 1896, 1928–2004 , Women: 2000–2004",
            (
                DateValue(None, 1896, "Men"),
                DateValue(None, 1928, "Men start"),
                DateValue(None, 2004, "Men end"),
                DateValue(None, 2000, "Women start"),
                DateValue(None, 2004, "Women end"),
            ),
        ),
    ],
)
def test_bare_years(text: str, expected: tuple[DateValue, ...]) -> None:
    assert parse_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "default_year"),
    [
        ("", None),
        ("Afternoon", None),
        ("31 February 1928", None),
        ("30 April", 0),
        ("30 April", -5),
        ("9 April", None),  # no year anywhere
        ("6–5 August 1936", None),  # backwards
        ("2004–1928", None),
        ("19 Mon", None),
        ("15 athletes from 8 nations competed.", None),
        ("1:14.4", None),
        ("10,000 metres", None),
    ],
)
def test_parse_dates_finds_nothing(text: str, default_year: int | None) -> None:
    assert parse_dates(text, default_year) == ()


def test_invalid_date_does_not_hide_valid_neighbours() -> None:
    assert parse_dates("31 February 1928, 1 March 1928") == (d(1928, 3, 1),)


def test_spans_keep_structure_and_source_text() -> None:
    spans = parse_date_spans("Dates: 5–6 August 1936 (pools), 7 August 1936 (final)")
    assert spans == (
        DateSpan(d(1936, 8, 5, "pools"), d(1936, 8, 6, "pools"), "pools", "5–6 August 1936"),
        DateSpan(d(1936, 8, 7, "final"), None, "final", "7 August 1936"),
    )


def test_range_and_list_are_distinguishable() -> None:
    as_range = parse_dates("5–6 August 1936")
    as_list = parse_dates("5 August 1936, 6 August 1936")
    assert [v.date for v in as_range] == [v.date for v in as_list]
    assert [v.label for v in as_range] == ["start", "end"]
    assert [v.label for v in as_list] == ["", ""]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19:00", "19:00:00"),  # seed schedule
        ("14:30", "14:30:00"),
        ("7:30 p.m.", "19:30:00"),
        ("7.30 pm", "19:30:00"),
        ("9 a.m.", "09:00:00"),
        ("12:15 a.m.", "00:15:00"),
        ("12 noon", "12:00:00"),
        ("19:00:30", "19:00:30"),
        ("19:00 CET", "19:00:00"),
        ("Sunday, 5 August 1928 19:00", "19:00:00"),
    ],
)
def test_parse_time_of_day(text: str, expected: str) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["", "Afternoon", "1:14.4", "19.00", "25:00", "13 p.m.", "7:61"])
def test_parse_time_of_day_rejects(text: str) -> None:
    assert parse_time_of_day(text) is None


# --- properties ---------------------------------------------------------------------------

_MONTH_NAMES = tuple(calendar.month_name)[1:]
_DATEISH = st.lists(
    st.sampled_from(
        [*"0123456789 ,–-:()&", "August ", "Sunday ", "April ", "to ", "(final)", "Men: "]
    ),
    max_size=30,
).map("".join)


@given(st.one_of(st.text(max_size=120), _DATEISH), st.one_of(st.none(), st.integers(-5, 10000)))
def test_parse_dates_never_raises(text: str, default_year: int | None) -> None:
    values = parse_dates(text, default_year)
    for value in values:
        assert value.date is None or value.date.year == value.year
    parse_time_of_day(text)


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)), st.booleans())
def test_written_dates_roundtrip(day: dt.date, us_style: bool) -> None:
    month = _MONTH_NAMES[day.month - 1]
    text = f"{month} {day.day}, {day.year}" if us_style else f"{day.day} {month} {day.year}"
    assert parse_dates(text) == (DateValue(day, day.year),)


@given(
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_ranges_roundtrip(first: dt.date, length: int) -> None:
    last = first + dt.timedelta(days=length)
    if first.month == last.month and first.year == last.year:
        text = f"{first.day}–{last.day} {_MONTH_NAMES[last.month - 1]} {last.year}"
    else:
        text = f"{first.day} {_MONTH_NAMES[first.month - 1]} – {last.day} " + (
            f"{_MONTH_NAMES[last.month - 1]} {last.year}"
        )
        if first.year != last.year:
            text = text.replace(" – ", f" {first.year} – ")
    assert parse_dates(text) == (
        DateValue(first, first.year, "start"),
        DateValue(last, last.year, "end"),
    )
