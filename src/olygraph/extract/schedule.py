"""The schedule table (dates and start times of rounds) and the standing-records table."""

from __future__ import annotations

import re
from dataclasses import replace

from olygraph.extract.rounds import round_kind, split_noc
from olygraph.facts import Competitor, Loc, Problem, RecordFacts, RoundFacts, Valued
from olygraph.read.dates import parse_dates, parse_time_of_day
from olygraph.read.document import Document, Table
from olygraph.read.marks import MarkKind, parse_mark
from olygraph.text import slug

_RECORD_LABEL = re.compile(r"^(world|olympic|games|continental|area|national)\s+record", re.I)


def _schedule_tables(doc: Document) -> list[Table]:
    return [
        t
        for t in doc.tables
        if any(re.search(r"schedule", s, re.I) for s in t.section) and t.header is not None
    ]


def apply_schedule(
    doc: Document, rounds: list[RoundFacts], year: int | None, problems: list[Problem]
) -> list[RoundFacts]:
    """Give rounds the date and start time the schedule states; add scheduled-only rounds."""
    out = list(rounds)
    for table in _schedule_tables(doc):
        assert table.header is not None
        header = [h.strip().lower() for h in table.header.cells]
        if "round" not in header or "date" not in header:
            problems.append(
                Problem(
                    "skipped", doc.file, table.line, "schedule table without Date and Round columns"
                )
            )
            continue
        i_date, i_round = header.index("date"), header.index("round")
        i_time = header.index("time") if "time" in header else None
        for n, row in enumerate(table.rows[1:], start=1):
            if not row.complete or len(row.cells) <= max(i_date, i_round):
                continue
            name = row.cells[i_round].strip()
            kind = round_kind(name)
            dates = parse_dates(row.cells[i_date], year)
            if kind == "unknown" or not dates:
                problems.append(
                    Problem(
                        "skipped",
                        doc.file,
                        row.line,
                        "schedule row names no known round or date",
                        row.raw,
                    )
                )
                continue
            loc = Loc(doc.file, row.line, "table", " > ".join(table.section), table.index, n)
            time_text = (
                row.cells[i_time].strip() if i_time is not None and i_time < len(row.cells) else ""
            )
            start = parse_time_of_day(time_text) if time_text else None
            dated = tuple(Valued(d, replace(loc, column="Date"), row.cells[i_date]) for d in dates)
            start_v = Valued(start, replace(loc, column="Time"), time_text) if start else None
            matches = [
                i
                for i, r in enumerate(out)
                if r.kind == kind and (slug(r.name) == slug(name) or not r.parent)
            ]
            if len(matches) == 1:
                i = matches[0]
                out[i] = replace(
                    out[i], dates=out[i].dates + dated, start_time=start_v or out[i].start_time
                )
            else:
                key = slug(name)
                if any(r.key == key for r in out):
                    problems.append(
                        Problem(
                            "ambiguous",
                            doc.file,
                            row.line,
                            "schedule row matches several rounds",
                            row.raw,
                        )
                    )
                    continue
                out.append(
                    RoundFacts(
                        key=key,
                        name=name,
                        kind=kind,
                        order=len(out) + 1,
                        loc=loc,
                        dates=dated,
                        start_time=start_v,
                    )
                )
    return out


def read_records_tables(
    doc: Document, kind: MarkKind | None, problems: list[Problem]
) -> list[RecordFacts]:
    """Rows such as ``| World record | 43.1(*) | NOR Roald Larsen | Davos (SUI) | 4 Feb 1928 |``.

    A row-spanned record (several holders of one mark) continues on rows without the label and
    mark: ``| GBR Cecil Lee | Brussels (BEL) | September 25, 1892 |``.
    """
    records: list[RecordFacts] = []
    for table in doc.tables:
        if not any(re.search(r"record", s, re.I) for s in table.section):
            continue
        current: RecordFacts | None = None
        for n, row in enumerate(table.rows, start=1):
            cells = [c.strip() for c in row.cells]
            loc = Loc(doc.file, row.line, "table", " > ".join(table.section), table.index, n)
            if not row.complete:
                continue
            if cells and _RECORD_LABEL.match(cells[0]):
                mark = parse_mark(cells[1], kind) if len(cells) > 1 else None
                if mark is None or mark.value is None:
                    problems.append(
                        Problem(
                            "unparsed-value",
                            doc.file,
                            row.line,
                            "record row: expected a mark in the second cell",
                            row.raw,
                        )
                    )
                    current = None
                    continue
                rest = cells[2:]
            elif current is not None and cells and not _RECORD_LABEL.match(cells[0]):
                mark, rest = current.mark, cells
            else:
                continue
            label = cells[0] if current is None or rest is not cells else current.kind
            rk = _RECORD_LABEL.match(label)
            rkind = rk.group(1).lower() if rk else label.lower()
            holder_text = rest[0] if rest else ""
            name, noc = split_noc(holder_text)
            date = None
            if len(rest) > 2:
                found = parse_dates(rest[2])
                date = found[0] if found else None
            current = RecordFacts(
                kind=rkind,
                mark=mark,
                loc=loc,
                holder=Competitor(name, noc) if name else None,
                place=rest[1] if len(rest) > 1 else "",
                date=date,
                mark_loc=replace(current.mark_loc or current.loc, column="")
                if current is not None and rest is cells
                else None,
            )
            records.append(current)
    return records
