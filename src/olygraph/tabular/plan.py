"""Pass 1 over the athlete table: team events, repeated keys and unusable rows.

What cannot be known row by row must be known before the first block is written: which event
names are team events (the file has one row per team member and no team flag), which
(ID, Games, Event) keys repeat, and which rows are unusable (reported, skipped by both passes).
The team-event rule looks at every edition of an event name *in the file read*: a slice of the
file can classify an event differently from the whole file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from olygraph.tabular.csvfile import CsvFile
from olygraph.tabular.report import SkippedRow
from olygraph.tabular.rows import RowParser, RowProblem, canonical_id

Progress = Callable[[int, int], None]  # (rows read, bytes of the file read)
TICK = 8192  # rows between progress calls


@dataclass(frozen=True, slots=True)
class Plan:
    """What pass 1 found; pass 2 needs it before writing its first block."""

    team_events: frozenset[str]
    repeated: frozenset[int]  # packed (ID, event index) keys met more than once
    repeated_ids: frozenset[str]  # the athlete IDs among them (a cheap first test)
    events: dict[tuple[str, str], int]  # (Games, Event) → index, in file order
    skipped: tuple[SkippedRow, ...]
    rows: int

    @property
    def skipped_lines(self) -> frozenset[int]:
        return frozenset(s.line for s in self.skipped)


def key(athlete_id: str, event_index: int) -> int:
    """A participation key as one int: cheaper to keep than a tuple of strings."""
    return int(athlete_id) << 32 | event_index


def plan(f: CsvFile, parser: RowParser, progress: Progress | None = None) -> Plan:
    """Pass 1. An event name is a team event when, in at least half of the editions that award
    medals, some medal goes to two or more distinct athletes of one (Team, NOC); an event name
    without any medal in the file is not a team event."""
    skipped: list[SkippedRow] = []
    events: dict[tuple[str, str], int] = {}
    seen: set[int] = set()
    repeated: set[int] = set()
    repeated_ids: set[str] = set()
    winners: dict[tuple[str, str, str, str, str], set[str]] = {}
    check = parser.check
    rows = 0
    for raw in f.rows():
        rows += 1
        if progress is not None and rows % TICK == 0:
            progress(rows, f.position())
        try:
            fields = check(raw)
        except RowProblem as problem:
            skipped.append(
                SkippedRow(f.file, f.line, problem.column, problem.value, problem.expected)
            )
            continue
        aid = fields[0]
        if aid[0] == "0":
            aid = canonical_id(aid)
        ek = (fields[8], fields[13])
        index = events.get(ek)
        if index is None:
            index = events[ek] = len(events)
        packed = int(aid) << 32 | index  # key(aid, index), inlined
        n = len(seen)
        seen.add(packed)
        if len(seen) == n:
            repeated.add(packed)
            repeated_ids.add(aid)
        if fields[14] != "NA":
            group = (fields[13], fields[8], fields[14], fields[6], fields[7])
            winners.setdefault(group, set()).add(aid)
    medal_editions: dict[str, set[str]] = {}
    shared: dict[str, set[str]] = {}
    for (event, games, _medal, _team, _noc), ids in winners.items():
        medal_editions.setdefault(event, set()).add(games)
        if len(ids) >= 2:
            shared.setdefault(event, set()).add(games)
    team_events = frozenset(
        e for e, editions in medal_editions.items() if 2 * len(shared.get(e, ())) >= len(editions)
    )
    return Plan(
        team_events, frozenset(repeated), frozenset(repeated_ids), events, tuple(skipped), rows
    )
