"""Reconcile what one article says in several places (infobox, table, prose, notes).

Links are made only on certain evidence: a medalist is tied to the only row with the medal's
rank (or the row bearing the medalist's name); a prose mark is tied to a row through a named
medalist or a row name, or else only when exactly one row of the final has exactly that mark.
A cited source's placings (the Notes: "De Wael lists 16 competitors, with Francisco Rodríguez
of Argentina placing 8th and Angelo Cattaneo of Italy tying with Aerts for 9th") fill blank rows
of the final only when they account for every row of that rank (see ``_fill_from_notes``).
Everything else stays unlinked and is reported. Disagreeing values are never resolved here:
``mapping`` keeps them all and ``ClaimBook`` turns them into discrepancies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from olygraph.facts import (
    Competitor,
    EventFacts,
    Loc,
    MarkClaim,
    MedalClaim,
    Problem,
    ResultFacts,
    RoundFacts,
)
from olygraph.text import fold

RowKey = tuple[str, int]  # (round key, row)
MEDAL_RANK = {"gold": 1, "silver": 2, "bronze": 3}


@dataclass
class Links:
    final_round: RoundFacts | None = None
    medal_rows: dict[int, RowKey] = field(default_factory=dict)  # medal index → row
    extra_marks: dict[RowKey, list[MarkClaim]] = field(default_factory=lambda: defaultdict(list))
    filled: dict[RowKey, tuple[Competitor, Loc]] = field(default_factory=dict)
    record_rows: dict[int, RowKey] = field(default_factory=dict)
    prose_rows: dict[int, RowKey] = field(default_factory=dict)  # prose mark index → row
    event_win_marks: list[MarkClaim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _name_key(name: str) -> str:
    return " ".join(fold(name).lower().replace("-", " ").split())


def same_person(a: str, b: str) -> bool:
    """Exact (case/diacritics-insensitive) or one name is the other's surname ('Dayen')."""
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, full = (ka, kb) if len(ka) < len(kb) else (kb, ka)
    return " " not in short and full.split()[-1] == short


def final_round(facts: EventFacts) -> RoundFacts | None:
    top = [r for r in facts.rounds if not r.parent and r.results]
    finals = [r for r in top if r.kind == "final"]
    if len(finals) == 1:
        return finals[0]
    if len(top) == 1 and top[0].kind in ("final", "unknown"):
        return top[0]
    return None


def _rows_named(rnd: RoundFacts, name: str) -> list[ResultFacts]:
    return [r for r in rnd.results if r.competitor and same_person(r.competitor.name, name)]


def link(facts: EventFacts) -> Links:
    out = Links()
    fin = final_round(facts)
    out.final_round = fin
    primary = fin.ranked_by if fin else ""
    # medals → rows of the final
    if fin:
        for i, medal in enumerate(facts.medals):
            rank = MEDAL_RANK[medal.medal]
            same_kind = [m for m in facts.medals if m.medal == medal.medal]
            rows = [r for r in fin.results if r.rank == rank]
            named = _rows_named(fin, medal.competitor.name) if medal.competitor.name else []
            if len(named) == 1 and named[0].rank == rank:
                out.medal_rows[i] = (fin.key, named[0].row)
            elif len(rows) == 1 and len(same_kind) == 1:
                row = rows[0]
                out.medal_rows[i] = (fin.key, row.row)
                if row.competitor is None or not row.competitor.name:
                    out.filled[(fin.key, row.row)] = (medal.competitor, medal.loc)
            elif rows:
                out.problems.append(
                    Problem(
                        "ambiguous",
                        medal.loc.file,
                        medal.loc.line,
                        f"{medal.medal} medalist could be any of {len(rows)} rows ranked {rank}; "
                        "not tied to a row",
                        medal.competitor.name or ", ".join(medal.competitor.members),
                    )
                )
    # infobox winning mark → every rank-1 row of the final
    for win in facts.win_marks:
        claim = MarkClaim(primary or "Win Value", win.value, win.loc)
        winners = [r for r in fin.results if r.rank == 1] if fin else []
        if winners:
            for r in winners:
                out.extra_marks[(fin.key, r.row)].append(claim)  # type: ignore[union-attr]
        else:
            out.event_win_marks.append(claim)
    # prose marks → rows
    medal_by_row = {row: facts.medals[i] for i, row in out.medal_rows.items()}
    for n, pm in enumerate(facts.prose_marks):
        target = _prose_target(facts, fin, medal_by_row, pm.name, pm.mark.value)
        if target is None:
            out.problems.append(
                Problem(
                    "ambiguous",
                    pm.loc.file,
                    pm.loc.line,
                    f"prose mark of {pm.name} matches no single result row; kept unlinked",
                    pm.mark.text,
                )
            )
            continue
        key, how = target
        out.prose_rows[n] = key
        out.extra_marks[key].append(MarkClaim(primary or "Mark", pm.mark, pm.loc))
        if how == "mark" and key not in out.filled:
            out.filled[key] = (Competitor(pm.name), pm.loc)
    _fill_from_notes(facts, fin, out)
    for i, rec in enumerate(facts.records):
        if rec.holder is None or rec.kind not in ("olympic", "world") or rec.loc.part == "table":
            continue
        target = _prose_target(facts, fin, medal_by_row, rec.holder.name, rec.mark.value)
        if target:
            out.record_rows[i] = target[0]
    return out


def _fill_from_notes(facts: EventFacts, fin: RoundFacts | None, out: Links) -> None:
    """Give blank rows of the final the competitors a cited source places at their rank.

    Certain only when, for one cited source and one rank, all of these hold: the source's
    competitor count (if the Notes state one) equals the final's number of rows, so the table
    follows that source's order; the names the source places at the rank (with the one a tie is
    "with") are exactly as many as the final's rows of that rank; every such row is blank (no
    name, not filled by the infobox or prose); no name is already on another row. Tied rows of
    one rank that state the same marks are interchangeable, so they are filled in the order the
    source names the competitors; tied rows whose marks differ are not filled (which is which
    cannot be told). Anything short of this is reported and left blank.
    """
    if fin is None or not facts.alt_placings:
        return
    counts: dict[str, set[int]] = defaultdict(set)
    for c in facts.competitors:
        if c.loc.part == "notes" and ":" in c.text:
            counts[c.text.split(":", 1)[0]].add(c.value)
    groups: dict[tuple[str, int], list[tuple[Competitor, Loc]]] = defaultdict(list)
    for a in facts.alt_placings:
        group = groups[(a.cited_source, a.rank)]
        group.append((a.competitor, a.loc))
        if a.tied_with:
            group.append((Competitor(a.tied_with), a.loc))
    named = {
        _name_key(r.competitor.name) for r in fin.results if r.competitor and r.competitor.name
    }
    named |= {_name_key(c.name) for c, _ in out.filled.values() if c.name}
    for (cited, rank), placed in sorted(groups.items(), key=lambda kv: kv[0]):
        rows = [r for r in fin.results if r.rank == rank and r.rank_to is None]
        why = ""
        if counts.get(cited) and counts[cited] != {len(fin.results)}:
            stated = sorted(counts[cited])[0]
            why = f"{cited} counts {stated} competitors, the table has {len(fin.results)} rows"
        elif len(rows) != len(placed):
            why = (
                f"{cited} places {len(placed)} at rank {rank}, the table has {len(rows)} such rows"
            )
        elif any((r.competitor and (r.competitor.name or r.competitor.members)) for r in rows):
            why = f"a row ranked {rank} already names its competitor"
        elif any((fin.key, r.row) in out.filled for r in rows):
            why = f"a row ranked {rank} is already filled from the infobox or prose"
        elif any(_name_key(c.name) in named for c, _ in placed):
            why = "a competitor it places is already on another row"
        elif len({tuple((m.measure, m.mark.value) for m in r.marks) for r in rows}) > 1:
            why = f"the rows ranked {rank} state different marks, so which is whose is unknown"
        if why:
            first = placed[0][1]
            names = ", ".join(c.name for c, _ in placed)
            out.problems.append(
                Problem(
                    "ambiguous", first.file, first.line, f"placing not tied to a row: {why}", names
                )
            )
            continue
        for row, (competitor, loc) in zip(rows, placed, strict=True):
            out.filled[(fin.key, row.row)] = (competitor, loc)


def _prose_target(
    facts: EventFacts,
    fin: RoundFacts | None,
    medal_by_row: Mapping[RowKey, MedalClaim],
    name: str,
    value: object,
) -> tuple[RowKey, str] | None:
    if fin is None:
        return None
    for key, medal in medal_by_row.items():
        comp = medal.competitor
        if comp.name and same_person(comp.name, name):
            return key, "medal"
    named = _rows_named(fin, name)
    if len(named) == 1:
        return (fin.key, named[0].row), "name"
    if named or any(
        same_person(m.competitor.name, name) for m in facts.medals if m.competitor.name
    ):
        return None
    primary = fin.ranked_by
    exact = [
        r
        for r in fin.results
        if any(m.measure == primary and m.mark.value == value for m in r.marks)
    ]
    if len(exact) == 1 and not (exact[0].competitor and exact[0].competitor.name):
        return (fin.key, exact[0].row), "mark"
    return None
