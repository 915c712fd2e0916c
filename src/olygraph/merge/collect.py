"""The dataset side of a merge: one extra streaming pass over the athlete tables.

Only the rows of the (Games, sport) pairs that the articles mention are kept, so memory stays
small whatever the size of the files: every dataset event of those pairs (the event matcher
needs the whole choice) and its participants (the athlete rules need the event's whole field).
IRIs are the ones the streaming exporter mints (``ids.TextMinter``), so the plan's targets are
exactly the nodes the dataset stream writes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from olygraph.facts import GamesRef
from olygraph.identity.athletes import DatasetParticipant, Medal
from olygraph.identity.events import DatasetEventRef
from olygraph.identity.games import dataset_games, dataset_sport_slugs
from olygraph.ids import TextMinter, slug
from olygraph.tabular.csvfile import ATHLETE_EVENTS, CsvFile
from olygraph.tabular.rows import RowParser, RowProblem
from olygraph.vocab import DEFAULT_BASE

__all__ = ["DatasetSide", "collect"]

_MEDAL: dict[str, Medal] = {"gold": "gold", "silver": "silver", "bronze": "bronze"}


@dataclass(frozen=True, slots=True)
class DatasetSide:
    """The dataset events of the wanted (Games, sport) pairs, and each event's participants
    (one per athlete ID, first row wins; both sorted by IRI). ``sources`` maps a dataset event
    IRI to the source graph IRI of the file it came from."""

    events: tuple[DatasetEventRef, ...]
    participants: dict[str, tuple[DatasetParticipant, ...]]
    sources: dict[str, str]


def collect(
    paths: Sequence[Path],
    wanted: Collection[tuple[GamesRef, str]],
    base: str = DEFAULT_BASE,
) -> DatasetSide:
    """Read the athlete tables among ``paths`` for the (Games, article sport) pairs ``wanted``.
    Rows that the exporter would skip are skipped here too (they are reported by the export)."""
    minter = TextMinter(base)
    keys: set[tuple[int, str, str]] = set()
    for games, sport in wanted:
        for s in dataset_sport_slugs(sport):
            keys.add((games.year, games.season, s))
    events: dict[str, DatasetEventRef] = {}
    people: dict[str, dict[str, DatasetParticipant]] = {}
    sources: dict[str, str] = {}
    for path in sorted(paths, key=lambda p: (p.name, str(p))):
        with CsvFile(path) as f:
            header = f.header()
            if header.kind is not ATHLETE_EVENTS or not keys:
                continue
            parser = RowParser(header)
            source = minter.dataset_source(f.path.name)
            sport_slugs: dict[str, str] = {}
            for raw in f.rows():
                try:
                    fields = parser.fields(raw)
                except RowProblem:
                    continue
                year, season, sport = fields[9], fields[10], fields[12]
                s = sport_slugs.get(sport) or sport_slugs.setdefault(sport, slug(sport))
                if not year.isdigit() or (int(year), season, s) not in keys:
                    continue
                try:
                    row = parser.parse(raw, f.line)
                except RowProblem:
                    continue
                iri = minter.event(row.year, row.season, row.sport, row.event)
                if iri not in events:
                    g = dataset_games(row.games, row.year, row.season)
                    events[iri] = DatasetEventRef(iri, g, row.sport, row.event)
                    sources[iri] = source
                aid = row.id
                field = people.setdefault(iri, {})
                if aid not in field:
                    medal = _MEDAL.get(row.medal or "")
                    field[aid] = DatasetParticipant(
                        iri=minter.athlete(ATHLETE_EVENTS.name, aid),
                        dataset_id=aid,
                        name=row.name,
                        noc=row.noc,
                        medal=medal,
                        source=f"{f.path.name}:{f.line}",
                    )
    return DatasetSide(
        events=tuple(events[i] for i in sorted(events)),
        participants={
            i: tuple(sorted(field.values(), key=lambda d: d.iri)) for i, field in people.items()
        },
        sources=sources,
    )
