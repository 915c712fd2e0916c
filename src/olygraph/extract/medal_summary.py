"""A sport page's ``Medal summary``: one row per event (its medalists and marks), or, on a
one-event page, one row of Gold | Silver | Bronze.

The renderer lost the medalists' names (templates) and, on many pages, the header row: a row
``| 500 metres | | 43.4 | none awarded | | 43.6 | |`` is the event, then a (name, mark) pair
per medal; ``none awarded`` stands for a whole pair (one cell, the row padded at the end); a row
whose only text is a sentence saying the event was cancelled is a cancelled event. Whatever
does not fit these shapes is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from olygraph.extract.columns import event_mark_kind
from olygraph.extract.infobox import competitor_of
from olygraph.extract.rounds import split_noc
from olygraph.facts import (
    Competitor,
    Loc,
    MedalClaim,
    MedalKind,
    Problem,
    SummaryEvent,
    SummaryMedal,
    Valued,
)
from olygraph.read.document import Document, Row, Table
from olygraph.read.marks import MarkKind, parse_mark

_SECTION = re.compile(
    r"^(medal summary|medals? summary|medalists|medallists|medal winners|winners)$", re.I
)
_MEDALS: tuple[MedalKind, ...] = ("gold", "silver", "bronze")
_NONE = re.compile(r"^(none|not|no medals?)\b.*\bawarded$|^none$|^not awarded$", re.I)
_CANCELLED = re.compile(r"\b(cancel+ed|abandoned|not (?:held|completed|finished)|void)\b", re.I)
_DETAILS = re.compile(r"\s+details$", re.I)  # the "details" link after an event's name
_EVENT_HEADERS = {"event", "events", "discipline"}


@dataclass
class SummaryOut:
    events: list[SummaryEvent] = field(default_factory=list)
    medals: list[MedalClaim] = field(default_factory=list)  # a one-event page's summary
    tables: set[int] = field(default_factory=set)  # indexes of the tables read
    problems: list[Problem] = field(default_factory=list)


def summary_tables(doc: Document) -> list[Table]:
    """Tables under a ``Medal summary`` heading (or one of its subsections, e.g. ``Men``)."""
    return [t for t in doc.tables if any(_SECTION.match(s.strip()) for s in t.section)]


def _norm(cell: str) -> str:
    return " ".join(cell.lower().split())


def _has_header(row: Row) -> bool:
    cells = {_norm(c) for c in row.cells}
    return {"gold", "silver", "bronze"} <= cells


def _headless_fits(table: Table) -> bool:
    """A table without a header row is read only in the shape of the real medal summaries:
    the event, then a (name, mark) pair per medal (seven cells); a shorter row could as well
    be three medalists and a note."""
    if not table.rows or _has_header(table.rows[0]):
        return True
    return max(len(r.cells) for r in table.rows) >= 7


def count_events(doc: Document) -> int:
    """How many event rows the page's medal summaries hold (0 when none has an event column)."""
    n = 0
    for t in summary_tables(doc):
        header = t.rows[0] if t.rows else None
        if header is None:
            continue
        if _has_header(header):
            if _norm(header.cells[0]) in _EVENT_HEADERS:
                n += len(t.rows) - 1
        elif _headless_fits(t):
            n += len(t.rows)
    return n


def _team(text: str, team: bool) -> Competitor:
    name, noc = split_noc(text)
    return competitor_of(name, noc, team)


def _row_medals(
    doc: Document,
    table: Table,
    row: Row,
    n: int,
    start: int,
    pairs: bool,
    kind: MarkKind | None,
    team: bool,
    problems: list[Problem],
) -> tuple[list[SummaryMedal], list[Valued[MedalKind]]] | None:
    """The medals of one row from cell ``start`` on; None (reported) when the cells do not fit."""
    cells = row.cells
    section = " > ".join(table.section)
    medals: list[SummaryMedal] = []
    none: list[Valued[MedalKind]] = []
    i = start
    for medal in _MEDALS:
        if i >= len(cells):
            break
        loc = Loc(doc.file, row.line, "table", section, table.index, n, medal.title())
        text = cells[i].strip()
        if _NONE.match(text):
            none.append(Valued(medal, loc, text))
            i += 1
            continue
        mark = None
        mark_loc = None
        if pairs:
            mark_text = cells[i + 1].strip() if i + 1 < len(cells) else ""
            mark_loc = replace(loc, column=f"{medal.title()} mark")
            if mark_text:
                mark = parse_mark(mark_text, kind)
                if mark is None or (mark.value is None and mark.status is None):
                    problems.append(
                        Problem(
                            "ambiguous",
                            doc.file,
                            row.line,
                            f"medal summary row {n}: {medal} mark expected, the cells do not "
                            "line up with (name, mark) pairs; row not read",
                            mark_text,
                        )
                    )
                    return None
            i += 2
        else:
            i += 1
        as_mark = parse_mark(text, kind) if text else None
        if as_mark is not None and as_mark.value is not None:
            problems.append(
                Problem(
                    "ambiguous",
                    doc.file,
                    row.line,
                    f"medal summary row {n}: a mark where the {medal} medalist belongs; "
                    "row not read",
                    text,
                )
            )
            return None
        who = _team(text, team) if text else None
        if who is None and mark is None:
            continue  # nothing stated for this medal
        medals.append(SummaryMedal(medal, loc, who, mark, mark_loc))
    rest = [c for c in cells[i:] if c.strip()]
    if rest:
        problems.append(
            Problem(
                "ambiguous",
                doc.file,
                row.line,
                f"medal summary row {n}: cells left over after gold, silver and bronze; "
                "row not read",
                " | ".join(rest),
            )
        )
        return None
    return medals, none


def read_summary(doc: Document, team: bool, sport: str | None, event: str | None) -> SummaryOut:
    """Every medal-summary table: event rows (several events) or a Gold/Silver/Bronze row."""
    out = SummaryOut()
    for table in summary_tables(doc):
        if not table.rows:
            continue
        header = table.rows[0]
        has_header = _has_header(header)
        rows = list(table.rows[1:] if has_header else table.rows)
        by_event = not has_header or _norm(header.cells[0]) in _EVENT_HEADERS
        width = max((len(r.cells) for r in rows), default=0)
        pairs = (width - (1 if by_event else 0)) >= 6
        out.tables.add(table.index)
        if not _headless_fits(table):
            out.problems.append(
                Problem(
                    "ambiguous",
                    doc.file,
                    table.line,
                    "medal summary without a header row and without marks: which cell is the "
                    "event and which the medalists is uncertain; not read",
                    header.raw,
                )
            )
            continue
        for n, row in enumerate(rows, start=1):
            if not row.complete:
                continue  # cut off by the end of the file: reported by the reader
            if not by_event:
                kind = event_mark_kind(sport, event)
                got = _row_medals(doc, table, row, n, 0, pairs, kind, team, out.problems)
                if got is None:
                    continue
                for m in got[0]:
                    if m.competitor is not None:
                        out.medals.append(MedalClaim(m.medal, m.competitor, m.loc))
                continue
            name = _DETAILS.sub("", row.cells[0]).strip()
            section = " > ".join(table.section)
            loc = Loc(doc.file, row.line, "table", section, table.index, n, "Event")
            texts = [c.strip() for c in row.cells[1:] if c.strip()]
            if name and split_noc(name)[1] is not None:
                out.problems.append(
                    Problem(
                        "ambiguous",
                        doc.file,
                        row.line,
                        f"medal summary row {n} starts with a competitor, not an event (a tie "
                        "continuing the row above?); not read",
                        row.raw,
                    )
                )
                continue
            if not name:
                out.problems.append(
                    Problem(
                        "unparsed-value",
                        doc.file,
                        row.line,
                        "medal summary row: no event name",
                        row.raw,
                    )
                )
                continue
            if len(texts) == 1 and _CANCELLED.search(texts[0]):
                col = row.cells.index(texts[0]) if texts[0] in row.cells else 1
                note = Valued(texts[0], replace(loc, column=f"cell {col + 1}"), texts[0])
                out.events.append(SummaryEvent(name, loc, cancelled=note))
                continue
            kind = event_mark_kind(sport, name)
            got = _row_medals(doc, table, row, n, 1, pairs, kind, team, out.problems)
            if got is None:
                continue
            medals, none = got
            out.events.append(SummaryEvent(name, loc, tuple(medals), tuple(none)))
            kinds = [m.medal for m in medals]
            for v in none:
                if v.value == "silver" and "gold" in kinds:
                    out.problems.append(
                        Problem(
                            "ambiguous",
                            doc.file,
                            row.line,
                            f"medal summary row {n} ({name}): silver not awarded, which usually "
                            "means a tie for gold; the row does not show the tied names, so one "
                            "gold award is read",
                            v.text,
                        )
                    )
                elif v.value == "bronze" and "silver" in kinds:
                    out.problems.append(
                        Problem(
                            "ambiguous",
                            doc.file,
                            row.line,
                            f"medal summary row {n} ({name}): bronze not awarded, which usually "
                            "means a tie for silver; the tied names are not shown",
                            v.text,
                        )
                    )
    return out
