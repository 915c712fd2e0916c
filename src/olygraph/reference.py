"""Reference data shipped with olygraph: NOC codes and the names articles use for them, and Games.

The data lives in ``olygraph/data/nocs.tsv`` and ``olygraph/data/games.tsv`` (package data, read
with :mod:`importlib.resources`, so it works from an installed wheel). Each file is read and
checked once, on first use; an inconsistent file raises :class:`ReferenceDataError`.

Lookups fold case and diacritics, drop a leading "the" and surrounding punctuation::

    noc_for_name("the Netherlands")  -> "NED"      noc_for_demonym("Danish")  -> "DEN"
    noc_for_name("Türkiye")          -> "TUR"      noc_for_demonym("Danes")   -> "DEN"
    noc_for_name("Britain's")        -> "GBR"      noc("den").name            -> "Denmark"
    games(1928, "Summer").city       -> "Amsterdam"
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files

from olygraph.errors import OlygraphError
from olygraph.text import fold

__all__ = [
    "GamesInfo",
    "NocInfo",
    "ReferenceDataError",
    "all_games",
    "all_nocs",
    "games",
    "is_noc_code",
    "lookup_key",
    "noc",
    "noc_for_demonym",
    "noc_for_name",
]

NOCS_FILE = "nocs.tsv"
GAMES_FILE = "games.tsv"
_NOCS_HEADER = ("code", "name", "aliases", "demonyms")
_GAMES_HEADER = ("year", "season", "city", "country_noc")
SEASONS = ("Summer", "Winter")

_CODE = re.compile(r"[A-Z0-9]{3}")
_DROPPED = re.compile(r"['’ʼ`´.]")  # removed inside words: "U.S." -> "us", "Côte d'Ivoire"
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"['’ʼ]s?\W*$")
_COMPOUND_MAN = re.compile(r"(?:sh|ch|s)(?:wo)?man$")  # Frenchman, Scotsman; not German


class ReferenceDataError(OlygraphError):
    """The packaged reference data is malformed or inconsistent (a bug in olygraph)."""


@dataclass(frozen=True)
class NocInfo:
    """One NOC code. ``same_as`` names the preferred code when this one is a second code for the
    same NOC (``SIN`` -> ``SGP``); names never resolve to such a code."""

    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    same_as: str | None = None


@dataclass(frozen=True)
class GamesInfo:
    """One edition of the Olympic Games and its host."""

    year: int
    season: str
    city: str
    country_noc: str


@dataclass(frozen=True)
class NocTables:
    """The parsed ``nocs.tsv``: codes to NOCs, and lookup keys (:func:`lookup_key`) to codes."""

    by_code: dict[str, NocInfo]
    by_name: dict[str, str]
    by_demonym: dict[str, str]


@functools.lru_cache(maxsize=1 << 12)  # names and words recur across a corpus's sentences
def lookup_key(text: str) -> str:
    """The form names are compared in: ``"  The Netherlands, "`` -> ``"netherlands"``."""
    s = _DROPPED.sub("", fold(text).casefold())
    s = _NON_ALNUM.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def _plural(demonym: str) -> str | None:
    """The plural a demonym noun takes, or None for adjective-only forms (Danish, Swiss)."""
    if _COMPOUND_MAN.search(demonym):
        return demonym[:-3] + "men"
    if demonym.endswith(("sh", "ch", "ese", "ic", "s", "x", "z", "y")):
        return None
    return demonym + "s"


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split("|") if part.strip())


def _rows(text: str, source: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Non-comment rows of a TSV as (line number, fields), after checking the header."""
    rows: list[tuple[int, list[str]]] = []
    seen_header = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not seen_header:
            if tuple(fields) != header:
                raise ReferenceDataError(
                    f"{source}:{number}: expected the header {'<TAB>'.join(header)!r}, "
                    f"found {line!r}"
                )
            seen_header = True
            continue
        if len(fields) != len(header):
            raise ReferenceDataError(
                f"{source}:{number}: expected {len(header)} tab-separated fields, "
                f"found {len(fields)} in {line!r}"
            )
        rows.append((number, [f.strip() for f in fields]))
    if not seen_header:
        raise ReferenceDataError(f"{source}: no header line")
    return rows


def _claim(table: dict[str, str], text: str, code: str, what: str, where: str) -> None:
    key = lookup_key(text)
    if not key:
        raise ReferenceDataError(f"{where}: {what} {text!r} is empty once folded")
    other = table.setdefault(key, code)
    if other != code:
        raise ReferenceDataError(
            f"{where}: {what} {text!r} of {code} is already a {what} of {other}"
        )


def parse_nocs(text: str, source: str = NOCS_FILE) -> NocTables:
    """Parse and check ``nocs.tsv`` text; raises :class:`ReferenceDataError` if inconsistent."""
    by_code: dict[str, NocInfo] = {}
    by_name: dict[str, str] = {}
    by_demonym: dict[str, str] = {}
    where_of: dict[str, str] = {}
    for number, (code, name, aliases_field, demonyms_field) in _rows(text, source, _NOCS_HEADER):
        where = f"{source}:{number}"
        if not _CODE.fullmatch(code):
            raise ReferenceDataError(f"{where}: {code!r} is not a three-character NOC code")
        if code in by_code:
            raise ReferenceDataError(f"{where}: {code} is listed twice")
        if not name:
            raise ReferenceDataError(f"{where}: {code} has no name")
        same_as: str | None = None
        if aliases_field.startswith("="):
            same_as = aliases_field[1:].strip()
            if not _CODE.fullmatch(same_as) or same_as == code:
                raise ReferenceDataError(f"{where}: {aliases_field!r} is not '=' and another code")
            aliases: tuple[str, ...] = ()
        else:
            aliases = _split(aliases_field)
        demonyms = _split(demonyms_field)
        if same_as is not None and demonyms:
            raise ReferenceDataError(f"{where}: {code} is the same NOC as {same_as}: no demonyms")
        by_code[code] = NocInfo(code, name, aliases, demonyms, same_as)
        where_of[code] = where
        if same_as is None:
            for label in (name, *aliases):
                _claim(by_name, label, code, "name", where)
            for demonym in demonyms:
                _claim(by_demonym, demonym, code, "demonym", where)
                plural = _plural(demonym)
                if plural is not None:
                    _claim(by_demonym, plural, code, "demonym", where)
    for info in by_code.values():
        if info.same_as is None:
            continue
        target = by_code.get(info.same_as)
        if target is None or target.same_as is not None:
            raise ReferenceDataError(
                f"{where_of[info.code]}: {info.code} is the same NOC as {info.same_as}, "
                "which is not a listed code with names of its own"
            )
    return NocTables(by_code, by_name, by_demonym)


def parse_games(
    text: str, known_codes: frozenset[str], source: str = GAMES_FILE
) -> tuple[GamesInfo, ...]:
    """Parse and check ``games.tsv`` text, sorted by year then season."""
    found: dict[tuple[int, str], GamesInfo] = {}
    for number, (year_field, season, city, country) in _rows(text, source, _GAMES_HEADER):
        where = f"{source}:{number}"
        if not re.fullmatch(r"(18|19|20)\d\d", year_field):
            raise ReferenceDataError(f"{where}: {year_field!r} is not a year")
        if season not in SEASONS:
            raise ReferenceDataError(f"{where}: season {season!r} is not one of {SEASONS}")
        if not city:
            raise ReferenceDataError(f"{where}: no city")
        if country not in known_codes:
            raise ReferenceDataError(f"{where}: {country!r} is not a known NOC code")
        info = GamesInfo(int(year_field), season, city, country)
        if (info.year, info.season) in found:
            raise ReferenceDataError(f"{where}: {info.year} {info.season} is listed twice")
        found[(info.year, info.season)] = info
    return tuple(found[k] for k in sorted(found))


def _read(name: str) -> str:
    return files("olygraph").joinpath("data").joinpath(name).read_text(encoding="utf-8")


@functools.cache
def _noc_tables() -> NocTables:
    return parse_nocs(_read(NOCS_FILE))


@functools.cache
def _games_table() -> dict[tuple[int, str], GamesInfo]:
    parsed = parse_games(_read(GAMES_FILE), frozenset(_noc_tables().by_code))
    return {(g.year, g.season.casefold()): g for g in parsed}


def noc(code: str) -> NocInfo | None:
    """The NOC with this code (any case), or None."""
    return _noc_tables().by_code.get(code.strip().upper())


def is_noc_code(code: str) -> bool:
    """Whether ``code`` (any case) is a known NOC code."""
    return noc(code) is not None


def all_nocs() -> tuple[NocInfo, ...]:
    """Every known NOC, sorted by code."""
    tables = _noc_tables()
    return tuple(tables.by_code[c] for c in sorted(tables.by_code))


@functools.lru_cache(maxsize=1 << 12)
def noc_for_name(text: str) -> str | None:
    """The code a country/team name denotes ("the Netherlands" -> "NED"), or None.

    Exact match of a name or alias, ignoring case, diacritics, a leading "the", surrounding
    punctuation and a possessive "'s" ("Britain's" -> "GBR").
    """
    by_name = _noc_tables().by_name
    found = by_name.get(lookup_key(text))
    if found is None and _POSSESSIVE.search(text):
        found = by_name.get(lookup_key(_POSSESSIVE.sub("", text)))
    return found


@functools.lru_cache(maxsize=1 << 12)
def noc_for_demonym(word: str) -> str | None:
    """The code a demonym denotes ("Danish", "Dane", "Danes" -> "DEN"), or None."""
    return _noc_tables().by_demonym.get(lookup_key(word))


def games(year: int, season: str) -> GamesInfo | None:
    """The Games of this year and season ("Summer"/"Winter", any case), or None."""
    return _games_table().get((year, season.strip().casefold()))


def all_games() -> tuple[GamesInfo, ...]:
    """Every Games in the data, sorted by year then season."""
    table = _games_table()
    return tuple(table[k] for k in sorted(table))
