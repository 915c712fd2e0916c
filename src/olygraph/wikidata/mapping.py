"""The Wikidata ids the profile uses, from the shipped table ``data/wikidata.tsv``.

The table says, for each of our entities, whether it is an entity Wikidata already has (a Games
edition, a medal, a class, a unit: its Q-id) or one of ours that keeps our IRI, and lists every
property id the profile writes, each with a note of how the id was checked. The code names the
ids it needs through the constants below; ``tests/test_wikidata_mapping.py`` checks that each of
them is in the table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Final

from rdflib import URIRef

from olygraph.errors import InputError
from olygraph.vocab import OLY_IRI, WD

TABLE: Final = "wikidata.tsv"
COLUMNS: Final = ("key", "wikidata", "label", "note")

# --- properties (P-ids), by what the profile uses them for -------------------------------------
INSTANCE_OF: Final = "P31"
PART_OF: Final = "P361"
SPORT: Final = "P641"
POINT_IN_TIME: Final = "P585"
LOCATION: Final = "P276"
PARTICIPANTS: Final = "P1132"
PARTICIPANT: Final = "P710"
RANKING: Final = "P1352"
RACE_TIME: Final = "P2781"
POINTS: Final = "P1351"
COUNTRY_FOR_SPORT: Final = "P1532"
WINNER: Final = "P1346"
AWARD: Final = "P166"
PARTICIPANT_IN: Final = "P1344"
STAGE: Final = "P2443"
ORDINAL: Final = "P1545"
IOC_CODE: Final = "P984"
STATED_IN: Final = "P248"
TITLE: Final = "P1476"
SECTION: Final = "P958"
IMPORTED_FROM: Final = "P143"
IMPORT_URL: Final = "P4656"

PROPERTIES: Final = (
    INSTANCE_OF, PART_OF, SPORT, POINT_IN_TIME, LOCATION, PARTICIPANTS, PARTICIPANT, RANKING,
    RACE_TIME, POINTS, COUNTRY_FOR_SPORT, WINNER, AWARD, PARTICIPANT_IN, STAGE, ORDINAL,
    IOC_CODE, STATED_IN, TITLE, SECTION, IMPORTED_FROM, IMPORT_URL,
)  # fmt: skip

# --- items the code names by key ----------------------------------------------------------------
EVENT_CLASS: Final = "oly:Event"
HUMAN: Final = "oly:Athlete"
SECOND: Final = "oly:Second"
UNITLESS: Final = "oly:Point"  # points, rankings and counts: the unit "1"
GREGORIAN: Final = "calendar:gregorian"
ENWIKI: Final = "wikipedia:en"  # English Wikipedia, the project articles are imported from
ITEM_KEYS: Final = (EVENT_CLASS, HUMAN, SECOND, UNITLESS, GREGORIAN, ENWIKI)

_ID = re.compile(r"[PQ][1-9][0-9]*")


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    wikidata: str  # "" = keeps our IRI
    label: str
    note: str


@dataclass(frozen=True)
class WikidataMap:
    """The table, read: exact keys and ``prefix/*`` patterns."""

    rows: tuple[Row, ...]

    @functools.cached_property
    def _exact(self) -> dict[str, Row]:
        return {r.key: r for r in self.rows if not r.key.endswith("/*")}

    @functools.cached_property
    def _patterns(self) -> list[tuple[str, Row]]:
        found = [(r.key[:-1], r) for r in self.rows if r.key.endswith("/*")]
        return sorted(found, key=lambda p: -len(p[0]))  # the longest prefix wins

    def row(self, key: str) -> Row | None:
        """The row of ``key``: its own, else the longest ``prefix/*`` pattern that covers it."""
        exact = self._exact.get(key)
        if exact is not None:
            return exact
        return next((r for prefix, r in self._patterns if key.startswith(prefix)), None)

    def item(self, key: str) -> URIRef:
        """The Wikidata item of a key the code names (``oly:Second`` …); it must be mapped."""
        row = self._exact.get(key)
        if row is None or not row.wikidata.startswith("Q"):
            raise KeyError(f"{TABLE}: no Q-id for {key!r}")
        return WD[row.wikidata]

    def entity(self, node: URIRef, base: str) -> URIRef:
        """``node`` as the profile writes it: the Q-id when the table maps it, else itself.

        Data IRIs are looked up by their path under ``base``, ontology terms as ``oly:Name``.
        """
        text = str(node)
        if text.startswith(base):
            key = text[len(base) :]
        elif text.startswith(OLY_IRI):
            key = "oly:" + text[len(OLY_IRI) :]
        else:
            return node
        row = self.row(key)
        return WD[row.wikidata] if row is not None and row.wikidata else node

    def labels(self) -> dict[URIRef, str]:
        """The English label of every Wikidata entity the table names."""
        return {WD[r.wikidata]: r.label for r in self.rows if r.wikidata}

    def our_key(self, wikidata: URIRef, base: str) -> URIRef | None:
        """The data IRI under ``base`` that the table maps to ``wikidata`` (for Games), if any."""
        local = str(wikidata).removeprefix(str(WD))
        for r in self.rows:
            if r.wikidata == local and not r.key.endswith("/*") and ":" not in r.key:
                return URIRef(base + r.key)
        return None


def parse(text: str, source: str = TABLE) -> WikidataMap:
    """Read the table; an InputError names the line of a malformed row."""
    rows: list[Row] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != COLUMNS:
                raise InputError(source, f"expected the header {COLUMNS}, got {cells}", line=number)
            header_seen = True
            continue
        if len(cells) != len(COLUMNS):
            raise InputError(
                source, f"expected 4 tab-separated cells, got {len(cells)}", line=number
            )
        key, wikidata, label, note = (c.strip() for c in cells)
        if wikidata and not _ID.fullmatch(wikidata):
            raise InputError(source, f"{wikidata!r} is not a Q-id or P-id", line=number)
        if not note:
            raise InputError(
                source, f"{key}: every row needs a note of how it was checked", line=number
            )
        rows.append(Row(key, wikidata, label, note))
    keys = [r.key for r in rows]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise InputError(source, f"keys given twice: {', '.join(duplicates)}")
    return WikidataMap(tuple(rows))


@functools.cache
def load() -> WikidataMap:
    """The shipped table."""
    return parse((files("olygraph") / "data" / TABLE).read_text(encoding="utf-8"))
