"""Rounds and their results, from the results tables under the article's sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from olygraph import reference
from olygraph.extract.columns import (
    Column,
    classify,
    is_results_header,
    lower_is_better,
    primary_mark,
)
from olygraph.facts import (
    Competitor,
    DateValue,
    Loc,
    MarkClaim,
    Problem,
    ResultFacts,
    RoundFacts,
    Valued,
)
from olygraph.read.document import Document, NormalisedRow, Table
from olygraph.read.marks import MarkKind, parse_mark
from olygraph.read.ranks import parse_rank
from olygraph.read.tables import cell_kind, normalise_table
from olygraph.text import slug

#: sections whose tables are not results of a round
_NOT_RESULTS = re.compile(
    r"medal|record|schedule|summary|nations|multiple|by country|starting list|entries|"
    r"bracket|legend|statistics|scorers|officials",
    re.IGNORECASE,
)
_ROUND_KINDS = (
    ("semifinal", re.compile(r"semi[- ]?finals?", re.I)),
    ("quarterfinal", re.compile(r"quarter[- ]?finals?", re.I)),
    ("repechage", re.compile(r"repechages?", re.I)),
    ("final", re.compile(r"\bfinals?\b", re.I)),
    ("heat", re.compile(r"\bheats?\b", re.I)),
    ("group", re.compile(r"\b(group|pool)s?\b", re.I)),
    ("qualification", re.compile(r"qualif", re.I)),
    ("round", re.compile(r"\bround\b", re.I)),
)
_ATTEMPT = re.compile(r"^[XxOo–—\-r ]+$")
_NOC_PREFIX = re.compile(r"^([A-Z]{3})\s+(\S.*)$")
_NOC_SUFFIX = re.compile(r"^(.*\S)\s+\(([A-Z]{3})\)$")


def round_kind(name: str) -> str:
    for kind, pattern in _ROUND_KINDS:
        if pattern.search(name):
            return kind
    return "unknown"


def dated_rounds(rounds: list[RoundFacts], dates: list[Valued[DateValue]]) -> list[RoundFacts]:
    """Infobox dates labelled with a round (``10 April 1896 (final)``) date that round too."""
    out = list(rounds)
    for d in dates:
        label = d.value.label.removesuffix(" start").removesuffix(" end")
        kinds = {kind for kind, pattern in _ROUND_KINDS if pattern.search(label)}
        for i, r in enumerate(out):
            if r.kind in kinds and d not in r.dates:
                out[i] = replace(r, dates=(*r.dates, d))
    return out


def split_noc(text: str) -> tuple[str, str | None]:
    """``NOR Roald Larsen`` / ``Roald Larsen (NOR)`` → (name, code); plain text → (text, None)."""
    t = text.strip()
    m = _NOC_PREFIX.match(t)
    if m and reference.is_noc_code(m.group(1)):
        return m.group(2).strip(), m.group(1)
    m = _NOC_SUFFIX.match(t)
    if m and reference.is_noc_code(m.group(2)):
        return m.group(1).strip(), m.group(2)
    return t, None


def nation_code(text: str) -> str | None:
    t = text.strip()
    if not t:
        return None
    if len(t) == 3 and t.isupper() and reference.is_noc_code(t):
        return t
    name, code = split_noc(t)
    return code or reference.noc_for_name(name)


@dataclass
class RoundsOut:
    rounds: list[RoundFacts] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _section_label(section: tuple[str, ...]) -> str:
    return " > ".join(section)


def _round_path(section: tuple[str, ...]) -> tuple[str, ...]:
    """Section titles below the 'Results' heading (the round and its group/heat)."""
    for i, title in enumerate(section):
        if re.search(r"results?", title, re.I):
            return tuple(section[i + 1 :])
    return tuple(t for t in section if round_kind(t) != "unknown")


def results_tables(doc: Document) -> list[Table]:
    """Tables that rank competitors in a round of this event."""
    found: list[Table] = []
    for table in doc.tables:
        header = table.header
        if header is None or len(table.rows) < 2:
            continue
        if any(_NOT_RESULTS.search(t) for t in table.section):
            continue
        in_results = any(
            re.search(
                r"results?|final|heat|round|group|pool|standings?|rankings?|classification|"
                r"placings?",
                t,
                re.I,
            )
            for t in table.section
        )
        if in_results and is_results_header(header.cells):
            found.append(table)
    return found


def _competitor(
    cells: tuple[str, ...], cols: tuple[Column, ...], team_event: bool
) -> Competitor | None:
    name, noc = "", None
    members: tuple[str, ...] = ()
    for c in sorted(cols, key=lambda c: c.role != "competitor"):
        value = cells[c.index].strip()
        if not value or value in ("—", "–", "-"):
            continue
        if c.role == "competitor" and not name and not members:
            if team_event and len(value) == 3 and value.isupper() and reference.is_noc_code(value):
                noc = noc or value  # a nation's team whose flag was rendered as its code
                continue
            if team_event and ("," in value or ";" in value):
                members = tuple(m.strip() for m in re.split(r"[,;]", value) if m.strip())
                continue
            if cell_kind(value) != "text":
                continue  # a number where a name belongs: reported by _row, not a name
            name, noc_in_name = split_noc(value)
            noc = noc or noc_in_name
        elif c.role == "nation":
            noc = nation_code(value) or noc
            if not name and team_event:
                name = split_noc(value)[0]
    if not name and not noc and not members:
        return None
    return Competitor(name=name, noc=noc, is_team=team_event or bool(members), members=members)


def _row(
    doc: Document,
    table: Table,
    n: int,
    row: NormalisedRow,
    cols: tuple[Column, ...],
    section: str,
    team_event: bool,
    problems: list[Problem],
) -> ResultFacts:
    loc = Loc(doc.file, row.line, "table", section, table.index, n)
    rank = None
    marks: list[MarkClaim] = []
    notes: list[str] = []
    extra: list[tuple[str, str]] = []
    status = None
    qualified = False
    q_marks: list[str] = []
    heat = lane = ""
    for c in cols:
        value = row.cells[c.index].strip()
        if not value:
            continue
        if c.role == "rank":
            rank = parse_rank(value)
            if rank is not None and any(a.upper().startswith("Q") for a in rank.annotations):
                qualified = True
                q_marks.extend(a for a in rank.annotations if a.upper().startswith("Q"))
            if rank is None:
                problems.append(
                    Problem(
                        "unparsed-value",
                        doc.file,
                        row.line,
                        f"column {c.header}: expected a rank",
                        value,
                    )
                )
            elif rank.status:
                status = rank.status
        elif c.role == "mark":
            mark = parse_mark(value, c.kind)
            if mark is None and _ATTEMPT.match(value):
                extra.append((c.header, value))  # a foul (X), a pass (–) or a clearance (XO)
                continue
            if mark is None:
                problems.append(
                    Problem(
                        "unparsed-value",
                        doc.file,
                        row.line,
                        f"column {c.header}: expected a mark",
                        value,
                    )
                )
                extra.append((c.header, value))
                continue
            status = status or mark.status
            qualified = qualified or mark.qualified
            q_marks.extend(a for a in mark.annotations if a in ("Q", "q"))
            if mark.value is not None or mark.status is not None:
                at = Loc(doc.file, row.line, "table", section, table.index, n, c.header)
                marks.append(MarkClaim(c.header, mark, at))  # loc with its column
            elif not mark.annotations:
                extra.append((c.header, value))  # a dash: no mark, kept as written
        elif c.role == "notes":
            note_mark = parse_mark(value, None)
            if note_mark is not None and note_mark.status:
                status = status or note_mark.status
            tokens = {t.strip("()") for t in re.split(r"[,;\s]+", value)}
            if (note_mark is not None and note_mark.qualified) or tokens & {"Q", "q", "QQ"}:
                qualified = True
            notes.append(value)
        elif c.role == "competitor" and cell_kind(value) != "text":
            problems.append(
                Problem(
                    "unparsed-value", doc.file, row.line,
                    f"column {c.header}: expected a name; kept as a field", value,
                )
            )  # fmt: skip
            extra.append((c.header, value))
        elif c.role == "heat":
            heat = value
        elif c.role == "lane":
            lane = value
        elif c.role == "other":
            extra.append((c.header, value))
    competitor = _competitor(row.cells, cols, team_event)
    return ResultFacts(
        row=n,
        loc=loc,
        rank=rank.rank if rank else None,
        tied=bool(rank and rank.tied),
        rank_text=rank.text if rank else "",
        rank_to=rank.rank_to if rank else None,
        competitor=competitor,
        marks=tuple(marks),
        status=status,
        qualified=qualified,
        qualification_text=(" ".join(notes) or " ".join(q_marks)) if qualified else "",
        notes=" ".join(notes),
        heat=heat,
        lane=lane,
        extra=tuple(extra),
    )


def _tie_with_cut_row(
    table: Table, cols: tuple[Column, ...], results: list[ResultFacts]
) -> list[ResultFacts]:
    """A row cut by the end of the file is not a result, but a rank cell it completed
    (``| 7 | 5 | 6 | Erica Terpstra | | 1:``) still says the row above shares that rank."""
    last = table.rows[-1] if table.rows else None
    rank_col = next((c.index for c in cols if c.role == "rank"), None)
    if last is None or last.complete or rank_col is None or not results:
        return results
    if rank_col >= len(last.cells) - 1:  # the rank cell itself may be cut
        return results
    rank = parse_rank(last.cells[rank_col])
    if rank is not None and rank.rank is not None and rank.rank == results[-1].rank:
        return [*results[:-1], replace(results[-1], tied=True)]
    return results


def _apply_ties(results: list[ResultFacts], spanned: list[bool]) -> list[ResultFacts]:
    """A spanned row shares the rank above; equal ranks in a row are ties."""
    out = list(results)
    for i, r in enumerate(out):
        if spanned[i] and i > 0 and out[i - 1].rank is not None and r.rank is None:
            out[i] = replace(r, rank=out[i - 1].rank, tied=True)
            out[i - 1] = replace(out[i - 1], tied=True)
    for i in range(1, len(out)):
        if out[i].rank is not None and out[i].rank == out[i - 1].rank and out[i].rank_to is None:
            out[i] = replace(out[i], tied=True)
            out[i - 1] = replace(out[i - 1], tied=True)
    return out


def read_rounds(doc: Document, event_kind: MarkKind | None, team_event: bool) -> RoundsOut:
    """One round per results table; nested sections make group/heat sub-rounds."""
    out = RoundsOut()
    tables = results_tables(doc)
    parents: dict[str, RoundFacts] = {}
    order = 0
    for table in tables:
        path = _round_path(table.section)
        if not path:
            path = ("Final",) if len(tables) == 1 else (f"Round {table.index}",)
        key = "-".join(slug(p) for p in path)
        if any(r.key == key for r in out.rounds) or key in parents:
            key = f"{key}-{table.index}"
        parent_key = ""
        if len(path) > 1:
            parent_key = "-".join(slug(p) for p in path[:-1])
            if any(r.key == parent_key for r in out.rounds):
                pass  # the round's own table came first: its groups hang under it
            elif parent_key not in parents:
                order += 1
                parents[parent_key] = RoundFacts(
                    key=parent_key,
                    name=" – ".join(path[:-1]),
                    kind=round_kind(path[-2]),
                    order=order,
                    loc=Loc(doc.file, table.line, "table", _section_label(table.section[:-1])),
                )
        header, rows, problems = normalise_table(table, doc.file)
        out.problems.extend(problems)
        cols = classify(header, event_kind)
        section = _section_label(table.section)
        results = [
            _row(doc, table, n, row, cols, section, team_event, out.problems)
            for n, row in enumerate(rows, start=1)
        ]
        results = _apply_ties(results, [r.spanned for r in rows])
        results = _tie_with_cut_row(table, cols, results)
        primary = primary_mark(cols)
        order += 1
        name = " – ".join(path)
        kind = round_kind(path[-1])
        if kind == "unknown" and len(tables) == 1:
            kind = "final"
        out.rounds.append(
            RoundFacts(
                key=key,
                name=name,
                kind=kind,
                order=order,
                loc=Loc(doc.file, table.line, "table", section, table.index),
                parent=parent_key,
                results=tuple(results),
                ranked_by=primary.header if primary else "",
                lower_is_better=lower_is_better(primary, cols) if primary else None,
            )
        )
    out.rounds.extend(parents.values())
    out.rounds.sort(key=lambda r: r.order)
    return out
