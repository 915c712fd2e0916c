"""One row of the athlete table, checked and in canonical form.

A row that cannot be used raises :class:`RowProblem` naming the column, the value and what was
expected; the reader reports it and skips the row. Values come out canonical: integers without
leading zeros, decimals as ``180.0`` / ``62.5``, ``NA`` as None, medals as ``gold`` …
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final, NamedTuple

from olygraph.tabular.csvfile import Header

_INTEGER = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"([0-9]+)(?:\.([0-9]+))?")
_NOC = re.compile(r"[A-Z]{3}")

MEDALS: Final = {"Gold": "gold", "Silver": "silver", "Bronze": "bronze", "NA": None}
SEXES: Final = frozenset({"M", "F"})
SEASONS: Final = frozenset({"Summer", "Winter"})
NA: Final = "NA"


class RowProblem(Exception):  # noqa: N818 (a problem with a row, not a program error)
    """Why a row is skipped: ``column`` (None for the row as a whole), ``value``, ``expected``."""

    def __init__(self, column: str | None, value: str, expected: str) -> None:
        super().__init__(f"{column}: {value!r}: expected {expected}")
        self.column = column
        self.value = value
        self.expected = expected


class AthleteRow(NamedTuple):
    """A usable row of the athlete table, canonical. A NamedTuple rather than a frozen
    dataclass: it is built 2 × 271,116 times per export and a tuple is five times cheaper,
    while being just as immutable and typed."""

    line: int
    id: str
    name: str
    sex: str
    age: str | None
    height: str | None
    weight: str | None
    team: str
    noc: str
    games: str
    year: str
    season: str
    city: str
    sport: str
    event: str
    medal: str | None


def canonical_integer(text: str) -> str | None:
    """``"024"`` → ``"24"``; None when ``text`` is not a whole number."""
    if not _INTEGER.fullmatch(text):
        return None
    return text.lstrip("0") or "0"


def canonical_decimal(text: str) -> str | None:
    """The xsd:decimal canonical form: ``180`` → ``180.0``, ``62.50`` → ``62.5``."""
    m = _DECIMAL.fullmatch(text)
    if not m:
        return None
    whole = m[1].lstrip("0") or "0"
    frac = (m[2] or "").rstrip("0") or "0"
    return f"{whole}.{frac}"


class RowParser:
    """Checks rows of one file (:meth:`check`) and makes them canonical (:meth:`row`).

    After a row passed :meth:`check`, its raw Age, Height and Weight are keys of ``ages``,
    ``heights`` and ``weights`` (raw → canonical, None for NA): the second pass over a file
    only looks values up. The few distinct Games and NOC codes are checked once each.
    """

    def __init__(self, header: Header) -> None:
        self.width = len(header.columns)
        self.order = None if header.canonical else header.order
        self.ages: dict[str, str | None] = {NA: None}
        self.heights: dict[str, str | None] = {NA: None}
        self.weights: dict[str, str | None] = {NA: None}
        self._games: dict[str, tuple[str, str]] = {}
        self._nocs: set[str] = set()

    def fields(self, raw: list[str]) -> list[str]:
        """The row's values in the kind's column order (after the column count is checked)."""
        if len(raw) != self.width:
            raise RowProblem(None, str(len(raw)), f"{self.width} fields, as in the header")
        return raw if self.order is None else [raw[i] for i in self.order]

    def check(self, raw: list[str]) -> list[str]:
        """The row's values in column order, or :class:`RowProblem` for the first bad one."""
        f = self.fields(raw)
        aid, name, sex, age, height, weight, team, noc, games, year, season = f[:11]
        city, sport, event, medal = f[11:]
        if not (aid.isdigit() and aid.isascii()):
            raise RowProblem("ID", aid, "a whole number (the athlete's ID)")
        if sex not in SEXES:
            raise RowProblem("Sex", sex, "M or F")
        if age not in self.ages:
            _number(self.ages, "Age", age, canonical_integer)
        if height not in self.heights:
            _number(self.heights, "Height", height, canonical_decimal)
        if weight not in self.weights:
            _number(self.weights, "Weight", weight, canonical_decimal)
        if noc not in self._nocs:
            if not _NOC.fullmatch(noc):
                raise RowProblem("NOC", noc, "a three-letter NOC code in capitals, such as DEN")
            self._nocs.add(noc)
        known = self._games.get(games)
        if known is None or known[0] != year or known[1] != season:
            self._check_games(games, year, season)
        if medal not in MEDALS:
            raise RowProblem("Medal", medal, "Gold, Silver, Bronze or NA")
        texts = (name, team, city, sport, event)
        if NA in texts or not all(texts):
            _required(name=name, team=team, city=city, sport=sport, event=event)
        return f

    def _check_games(self, games: str, year: str, season: str) -> None:
        if not (year.isdigit() and year.isascii()):
            raise RowProblem("Year", year, "a whole number (the year of the Games)")
        if season not in SEASONS:
            raise RowProblem("Season", season, "Summer or Winter")
        if games != f"{year} {season}":
            expected = f"'{year} {season}' (from the Year and Season columns)"
            raise RowProblem("Games", games, expected)
        self._games[games] = (year, season)

    def row(self, f: list[str], line: int) -> AthleteRow:
        """A checked row (from :meth:`check`) in canonical form."""
        return AthleteRow(
            line, canonical_id(f[0]), f[1], f[2], self.ages[f[3]], self.heights[f[4]],
            self.weights[f[5]], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], MEDALS[f[14]],
        )  # fmt: skip

    def parse(self, raw: list[str], line: int) -> AthleteRow:
        return self.row(self.check(raw), line)


def canonical_id(aid: str) -> str:
    """An ID without leading zeros (``007`` → ``7``), as in its IRI."""
    return aid.lstrip("0") or "0" if aid[0] == "0" else aid


#: what a number column must hold
EXPECTED_NUMBER: Final = {
    "Age": "a whole number of years, or NA",
    "Height": "a number of centimetres, or NA",
    "Weight": "a number of kilograms, or NA",
}


def _number(
    cache: dict[str, str | None], column: str, text: str, canon: Callable[[str], str | None]
) -> str:
    value = canon(text)
    if value is None:
        raise RowProblem(column, text, EXPECTED_NUMBER[column])
    cache[text] = value
    return value


def _required(**values: str) -> None:
    for key, value in values.items():
        if not value or value == NA:
            column = key.capitalize()
            raise RowProblem(column, value, f"a {column.lower()} (not empty, not NA)")
