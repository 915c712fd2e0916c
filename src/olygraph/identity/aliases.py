"""The event alias table: article event names that name a dataset event normalisation cannot find.

``Men's track time trial`` (an article, 1928 Summer, cycling) is the CSV's ``Cycling Men's 1,000
metres Time Trial``: no rule of spelling says so, a person does. Such pairs live in a
tab-separated table shipped as package data (``olygraph/data/event_aliases.tsv``) that users
extend with their own file of the same format (``--aliases FILE``)::

    # comment lines and blank lines are ignored
    games<TAB>sport<TAB>article_event<TAB>dataset_event<TAB>note
    1928 Summer<TAB>Cycling<TAB>Men's track time trial<TAB>Cycling Men's 1,000 metres Time …

- ``games``: ``<year> Summer|Winter`` for one edition, or ``*`` for every edition where the
  dataset event exists (a row for one edition wins over a ``*`` row);
- ``sport``: the sport as either source names it (compared by slug: ``Figure skating`` =
  ``Figure Skating``);
- ``article_event``: the event as an article's title or infobox writes it (compared by
  :func:`olygraph.identity.eventkey.event_key`, so case, apostrophes and ``metre``/``metres`` do not
  matter);
- ``dataset_event``: the CSV's Event column as written (compared ignoring case, diacritics and
  spacing);
- ``note``: free text (why the two are the same), may be empty or left out.

A user row with the same games, sport and article event as a packaged row replaces it.
Errors name the file, the line, the value and what was expected.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from olygraph.errors import InputError
from olygraph.facts import GamesRef
from olygraph.identity.eventkey import event_key
from olygraph.text import fold, slug

__all__ = [
    "ALIASES_FILE",
    "HEADER",
    "AliasRow",
    "AliasTable",
    "load_aliases",
    "packaged_aliases",
    "parse_aliases",
    "text_key",
]

ALIASES_FILE = "event_aliases.tsv"
HEADER = ("games", "sport", "article_event", "dataset_event", "note")
_GAMES = re.compile(r"(\d{4}) (Summer|Winter)")
_EXAMPLES = {
    "sport": "Cycling",
    "article_event": "Men's track time trial",
    "dataset_event": "Cycling Men's 1,000 metres Time Trial",
}


def text_key(text: str) -> str:
    """How dataset event names are compared: folded, case-free, apostrophes dropped, spaced."""
    return " ".join(re.sub(r"['’ʼ`´]", "", fold(text).casefold()).split())


@dataclass(frozen=True, slots=True)
class AliasRow:
    """One row of an alias table, with the file and line it came from."""

    games: str  # "*" or "1928 Summer"
    sport: str
    article_event: str
    dataset_event: str
    note: str
    source: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def applies_to(self, games: GamesRef) -> bool:
        return self.games == "*" or self.games == f"{games.year} {games.season}"

    def _key(self) -> tuple[str, str, frozenset[str]]:
        return (self.games, slug(self.sport), event_key(self.sport, self.article_event).all)


@dataclass(frozen=True, slots=True)
class AliasTable:
    rows: tuple[AliasRow, ...] = ()

    def extend(self, other: AliasTable) -> AliasTable:
        """This table plus ``other``'s rows; a row of ``other`` replaces a row of this table
        with the same games, sport and article event."""
        replaced = {r._key() for r in other.rows}
        return AliasTable(tuple(r for r in self.rows if r._key() not in replaced) + other.rows)

    def rows_for(self, games: GamesRef, sports: Iterable[str]) -> tuple[AliasRow, ...]:
        """Rows for these Games (one-edition rows first, then ``*`` rows) and any of the sport
        slugs given."""
        wanted = set(sports)
        hits = [r for r in self.rows if r.applies_to(games) and slug(r.sport) in wanted]
        return tuple(sorted(hits, key=lambda r: (r.games == "*", r.source, r.line)))


def _fields(line: str, source: str, number: int) -> list[str]:
    fields = [f.strip() for f in line.rstrip("\r\n").split("\t")]
    if len(fields) not in (len(HEADER) - 1, len(HEADER)):
        raise InputError(
            source,
            f"expected {len(HEADER)} tab-separated columns ({', '.join(HEADER)}; note may be "
            f"left out), found {len(fields)}: {line.strip()!r}",
            line=number,
        )
    return fields + [""] * (len(HEADER) - len(fields))


def _row(fields: Sequence[str], source: str, number: int) -> AliasRow:
    games, sport, article_event, dataset_event, note = fields
    if games != "*" and not _GAMES.fullmatch(games):
        raise InputError(
            source,
            f"games {games!r} is neither '*' nor '<year> Summer|Winter' (e.g. '1928 Summer')",
            line=number,
        )
    for column, value in zip(HEADER[1:4], (sport, article_event, dataset_event), strict=True):
        if not value:
            raise InputError(
                source, f"empty {column} (expected e.g. {_EXAMPLES[column]!r})", line=number
            )
    return AliasRow(games, sport, article_event, dataset_event, note, source, number)


def parse_aliases(text: str, source: str) -> AliasTable:
    """Parse an alias table's text; ``source`` names it in rows and errors."""
    rows: list[AliasRow] = []
    seen: dict[tuple[str, str, frozenset[str]], AliasRow] = {}
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header_seen:
            if tuple(f.strip() for f in line.split("\t")) != HEADER:
                raise InputError(
                    source,
                    f"expected the header {'<TAB>'.join(HEADER)!r}, found {line.strip()!r}",
                    line=number,
                )
            header_seen = True
            continue
        row = _row(_fields(line, source, number), source, number)
        key = row._key()
        other = seen.get(key)
        if other is not None:
            if text_key(other.dataset_event) != text_key(row.dataset_event):
                raise InputError(
                    source,
                    f"{row.article_event!r} ({row.games}, {row.sport}) maps to "
                    f"{row.dataset_event!r} here but to {other.dataset_event!r} on line "
                    f"{other.line}; expected one dataset event per article event",
                    line=number,
                )
            continue
        seen[key] = row
        rows.append(row)
    if not header_seen:
        raise InputError(
            source, f"no header line; expected {'<TAB>'.join(HEADER)!r} as the first line"
        )
    return AliasTable(tuple(rows))


def load_aliases(path: Path) -> AliasTable:
    """Read a user's alias file (``--aliases FILE``); InputError when unreadable or malformed."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(name, f"cannot read the alias file: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            name,
            f"not UTF-8: invalid byte 0x{data[err.start]:02x}; expected UTF-8 text",
            line=line,
        ) from None
    return parse_aliases(text, name)


@functools.cache
def packaged_aliases() -> AliasTable:
    """The alias table shipped with olygraph (``olygraph/data/event_aliases.tsv``)."""
    text = (files("olygraph") / "data" / ALIASES_FILE).read_text(encoding="utf-8")
    return parse_aliases(text, ALIASES_FILE)
