"""Typed, frozen facts: what ``extract`` hands to ``reconcile`` and ``mapping``.

Every fact carries a :class:`Loc` saying where in which source it was read. Nothing here knows
about RDF; ``ids`` mints the IRIs and ``mapping`` writes the triples.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Literal, TypeVar

ProblemKind = Literal[
    "incomplete-row",  # a table row cut off by the end of the file (not guessed)
    "truncated-text",  # a paragraph, list item or heading cut off by the end of the file
    "unparsed-line",  # a line that fits no construct of the format
    "unmapped-infobox-key",  # an infobox key the extractor keeps but does not map
    "unparsed-value",  # a value (cell, infobox value) that could not be understood
    "ambiguous",  # something that could mean several things; left unlinked
    "not-an-event",  # the article is not about a single event
    "skipped",  # a construct that was recognised but deliberately not mapped
]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the input that was not understood or not used, with its place."""

    kind: ProblemKind
    file: str
    line: int | None
    message: str
    text: str = ""

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        shown = f": {self.text!r}" if self.text else ""
        return f"{where}: {self.kind}: {self.message}{shown}"


Part = Literal["title", "infobox", "table", "prose", "notes", "list", "reference"]
Season = Literal["Summer", "Winter"]
MedalKind = Literal["gold", "silver", "bronze"]
Unit = Literal["s", "m", "kg", "pt"]
Status = Literal["DNF", "DNS", "DSQ", "DQ", "WD", "AC", "NM", "DNA", "NR"]
T = TypeVar("T")
ArticleKind = Literal["event", "overview", "sport-at-games", "games", "tournament", "unknown"]


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """Where a fact was read: file, line, and the part of the article it came from."""

    file: str
    line: int | None
    part: Part
    section: str = ""  # "Results > Heats"
    table: int | None = None  # table index in the document (1-based)
    row: int | None = None  # data row within the table (1-based, header excluded)
    column: str = ""  # header text of the cell, or the infobox key

    def describe(self) -> str:
        """Human-readable place, e.g. ``seed.txt:52 (table 2 row 7, Results, column Time)``."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        bits: list[str] = []
        if self.table is not None:
            bits.append(f"table {self.table}" + (f" row {self.row}" if self.row else ""))
        else:
            bits.append(self.part)
        if self.section:
            bits.append(self.section)
        if self.column:
            bits.append(f"{'key' if self.part == 'infobox' else 'column'} {self.column}")
        return f"{where} ({', '.join(bits)})"


@dataclass(frozen=True, slots=True)
class Mark:
    """A performance as written: original text, plus value and unit when it is a number.

    ``status`` is set for DNF/DNS/DSQ/… (then ``value`` is None). ``annotations`` keeps the
    suffixes that were removed from the number (``OR``, ``WR``, ``=OR``, ``q``, ``Q``, ``*``).
    """

    text: str
    value: Decimal | None = None
    unit: Unit | None = None
    status: Status | None = None
    annotations: tuple[str, ...] = ()

    @property
    def qualified(self) -> bool:
        return any(a in ("Q", "q") for a in self.annotations)


@dataclass(frozen=True, slots=True)
class GamesRef:
    year: int
    season: Season

    @property
    def label(self) -> str:
        return f"{self.year} {self.season} Olympics"


@dataclass(frozen=True, slots=True)
class Valued(Generic[T]):
    """A single value with the place it was read from."""

    value: T
    loc: Loc
    text: str = ""  # the original text, when it differs from str(value)


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date or a bare year, optionally labelled with the round it belongs to."""

    date: dt.date | None
    year: int
    label: str = ""  # "final", "first round", "heats & semifinals" …


@dataclass(frozen=True, slots=True)
class Competitor:
    """Who competed: an athlete, or a team (club, nation) with its members when known.

    ``name`` may be empty when the article lost it; ``noc`` is an IOC code or None.
    """

    name: str
    noc: str | None = None
    is_team: bool = False
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MedalClaim:
    medal: MedalKind
    competitor: Competitor
    loc: Loc
    ordinal: int = 1  # Bronze2 → 2
    noc_loc: Loc | None = None  # where the NOC was stated, when not on the medalist's line
    noc_text: str = ""


@dataclass(frozen=True, slots=True)
class MarkClaim:
    """A mark stated about a result: the measure is the column it came from ("Time", "Score")."""

    measure: str
    mark: Mark
    loc: Loc


@dataclass(frozen=True, slots=True)
class ResultFacts:
    """One competitor's line in one round (a results-table row)."""

    row: int  # data row number within its table, 1-based
    loc: Loc
    rank: int | None = None
    tied: bool = False
    rank_text: str = ""
    rank_to: int | None = None  # "4–15": rank=4, rank_to=15 (a collapsed, unranked band)
    competitor: Competitor | None = None
    marks: tuple[MarkClaim, ...] = ()
    status: Status | None = None
    qualified: bool = False
    qualification_text: str = ""
    notes: str = ""
    heat: str = ""
    lane: str = ""
    extra: tuple[tuple[str, str], ...] = ()  # unmapped (column, value) pairs, kept as reported


@dataclass(frozen=True, slots=True)
class RoundFacts:
    """A round of the event (heats, a semifinal, the final, a group of a round …)."""

    key: str  # slug, unique within the event: "final", "first-round-group-1"
    name: str  # "Final", "First round – Group 1"
    kind: str  # final | semifinal | quarterfinal | heat | group | round | repechage | unknown
    order: int  # 1-based position in the article
    loc: Loc
    parent: str = ""  # key of the enclosing round ("first-round" for its groups)
    results: tuple[ResultFacts, ...] = ()
    dates: tuple[Valued[DateValue], ...] = ()
    start_time: Valued[str] | None = None
    ranked_by: str = ""  # measure that orders the round ("Time", "Points"), when known
    lower_is_better: bool | None = None  # direction of ranked_by, when the text makes it known


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """A standing record before the Games (records table) or a record set during the event."""

    kind: str  # "world" | "olympic" | "progression" | other label as written
    mark: Mark
    loc: Loc
    holder: Competitor | None = None
    place: str = ""
    date: DateValue | None = None
    order: int = 0  # position in a progression (1 = first)
    note: str = ""  # "de facto Olympic record" …
    mark_loc: Loc | None = None  # where the mark is written, when not on the record's own line


@dataclass(frozen=True, slots=True)
class NationMention:
    """A nation named in prose, e.g. among the debuts or the returning nations."""

    name: str
    noc: str | None
    status: str  # "debut" | "returning" | "competed" | "appearance"
    loc: Loc


@dataclass(frozen=True, slots=True)
class AltPlacing:
    """A placing according to another source cited by the article (its Notes)."""

    cited_source: str  # "De Wael"
    competitor: Competitor
    rank: int
    tied: bool
    loc: Loc
    tied_with: str = ""  # name of the competitor it ties with, as written


@dataclass(frozen=True, slots=True)
class ProseMark:
    """A mark stated in prose about a named competitor ("Dayen … at 1:16.0")."""

    name: str
    mark: Mark
    loc: Loc
    context: str = ""  # the sentence, for reports


@dataclass(frozen=True, slots=True)
class EventFacts:
    """Everything one article says that fits the ontology, plus what it could not use."""

    source_key: str  # slug identifying the source article
    file: str
    title: str
    kind: ArticleKind
    title_loc: Loc
    games: Valued[GamesRef] | None = None
    host_city: Valued[str] | None = None
    sport: Valued[str] | None = None
    discipline: Valued[str] | None = None
    event_name: Valued[str] | None = None
    infobox_event: Valued[str] | None = None  # the infobox's Event value, when given
    gender: Valued[str] | None = None
    venues: tuple[Valued[str], ...] = ()
    dates: tuple[Valued[DateValue], ...] = ()
    competitors: tuple[Valued[int], ...] = ()  # every stated count (infobox, prose, notes)
    nations: tuple[Valued[int], ...] = ()
    distance_m: Valued[Decimal] | None = None
    start_type: Valued[str] | None = None
    win_marks: tuple[Valued[Mark], ...] = ()  # infobox Win Value, prose "won … in 1:14.4"
    medals: tuple[MedalClaim, ...] = ()
    rounds: tuple[RoundFacts, ...] = ()
    records: tuple[RecordFacts, ...] = ()
    prose_marks: tuple[ProseMark, ...] = ()
    nation_mentions: tuple[NationMention, ...] = ()
    alt_placings: tuple[AltPlacing, ...] = ()
    previous: Valued[int] | None = None
    next: Valued[int] | None = None
    unmapped: tuple[Valued[str], ...] = ()  # infobox entries kept but not mapped (text = key)
    problems: tuple[Problem, ...] = field(default=())
    truncated: bool = False
