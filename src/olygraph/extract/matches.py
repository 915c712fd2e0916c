"""Matches stated as score lines (``Great Britain 12–1 Sweden``) under a tournament's rounds.

A line is read as a match only when it is exactly ``<side> <n>–<m> <side>`` and both sides are
known: a nation (its name resolves to an IOC code) or a team the page names elsewhere (its
medalists, its standings). Any other line that holds a score is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from olygraph import reference
from olygraph.extract.rounds import round_kind, split_noc
from olygraph.facts import Competitor, Loc, Match, Problem, RoundFacts
from olygraph.read.document import Document, Paragraph, Table
from olygraph.text import slug

_SCORE_LINE = re.compile(
    r"^(?P<a>\S.*?)\s+(?P<sa>\d{1,3})\s*[–—-]\s*(?P<sb>\d{1,3})\s+(?P<b>\S.*?)$"
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
#: a score (not a date range such as "19–24 October")
_HAS_SCORE = re.compile(r"\b\d{1,3}\s*[–—]\s*\d{1,3}\b(?!\s+(?:" + _MONTHS + r")\b)")
_SECTIONS = re.compile(
    r"tournament|bracket|round|final|semi|quarter|match|results?|group|pool|play-?off", re.I
)


@dataclass
class MatchesOut:
    matches: list[Match] = field(default_factory=list)
    rounds: list[RoundFacts] = field(default_factory=list)  # rounds that only matches state
    problems: list[Problem] = field(default_factory=list)
    tables: set[int] = field(default_factory=set)  # tables whose rows were read as matches


_SCORE_CELL = re.compile(r"^(?P<sa>\d{1,3})\s*[–—-]\s*(?P<sb>\d{1,3})$")
_LETTERED = re.compile(r"^(?P<nation>.+?)\s+(?P<letter>[A-D])$")  # "France B": a second team


def _lines(p: Paragraph) -> list[tuple[int, str]]:
    starts = list(p.offsets) or [0]
    ends = [*starts[1:], len(p.text)]
    return [
        (p.line + i, p.text[a:b].strip()) for i, (a, b) in enumerate(zip(starts, ends, strict=True))
    ]


def _side(text: str, teams: dict[str, Competitor]) -> Competitor | None:
    name, noc = split_noc(text)
    key = name.casefold()
    if key in teams:
        known = teams[key]
        return Competitor(known.name or name, noc or known.noc, True, known.members)
    code = noc or reference.noc_for_name(name)
    if code is None and (m := _LETTERED.match(name)):
        code = reference.noc_for_name(m.group("nation"))
    if code is not None:
        return Competitor(name=name, noc=code, is_team=True)
    return None


def read_matches(
    doc: Document, teams: dict[str, Competitor], rounds: list[RoundFacts]
) -> MatchesOut:
    """Every certain score line, as a match of the round its heading names."""
    out = MatchesOut()
    known = {r.key: r for r in rounds}
    for p in doc.paragraphs:
        if not p.section or not any(_SECTIONS.search(t) for t in p.section):
            continue
        for line, text in _lines(p):
            if not _HAS_SCORE.search(text):
                continue
            m = _SCORE_LINE.match(text)
            a = _side(m.group("a"), teams) if m else None
            b = _side(m.group("b"), teams) if m else None
            if m is None or a is None or b is None or p.truncated:
                why = (
                    "not '<team> <score>–<score> <team>'"
                    if m is None
                    else "a side is no known team or nation"
                )
                out.problems.append(
                    Problem("ambiguous", doc.file, line, f"score not read as a match: {why}", text)
                )
                continue
            loc = Loc(doc.file, line, "prose", " > ".join(p.section))
            _add(out, known, p.section[-1], loc, (a, b), (m.group("sa"), m.group("sb")), text)
    for table in doc.tables:
        if not table.section or not any(_SECTIONS.search(t) for t in table.section):
            continue
        _table_matches(doc, table, teams, known, out)
    return out


def _add(
    out: MatchesOut,
    known: dict[str, RoundFacts],
    heading: str,
    loc: Loc,
    sides: tuple[Competitor, Competitor],
    scores: tuple[str, str],
    text: str,
) -> None:
    """A match of the round named by ``heading`` (made when no table or earlier line made it)."""
    key = slug(heading)
    if key not in known:
        order = max((r.order for r in known.values()), default=0) + 1
        known[key] = RoundFacts(
            key=key, name=heading, kind=round_kind(heading), order=order, loc=loc
        )
        out.rounds.append(known[key])
    a, b = sides
    out.matches.append(Match(key, heading, a, b, int(scores[0]), int(scores[1]), text, loc))


def _table_matches(
    doc: Document,
    table: Table,
    teams: dict[str, Competitor],
    known: dict[str, RoundFacts],
    out: MatchesOut,
) -> None:
    """Rows ``| Great Britain | 12–1 | Sweden |``: one score cell between two known sides."""
    read = 0
    section = " > ".join(table.section)
    unread: list[Problem] = []
    for n, row in enumerate(table.rows, start=1):
        scores = [i for i, c in enumerate(row.cells) if _SCORE_CELL.match(c.strip())]
        if n == 1 and not any(ch.isdigit() for c in row.cells for ch in c):
            continue  # a header row (Date | Team | Score | Team): no match, no data
        if len(scores) != 1 or not row.complete:
            text = " | ".join(c.strip() for c in row.cells)
            why = "no single score cell" if row.complete else "row cut off"
            unread.append(
                Problem("ambiguous", doc.file, row.line, f"row not read as a match: {why}", text)
            )
            continue
        i = scores[0]
        text = " ".join(c.strip() for c in row.cells if c.strip())
        a = _side(row.cells[i - 1], teams) if i > 0 else None
        b = _side(row.cells[i + 1], teams) if i + 1 < len(row.cells) else None
        if a is None or b is None:
            out.problems.append(
                Problem(
                    "ambiguous",
                    doc.file,
                    row.line,
                    "score not read as a match: a side is no known team or nation",
                    text,
                )
            )
            continue
        m = _SCORE_CELL.match(row.cells[i].strip())
        assert m is not None
        line_text = f"{row.cells[i - 1].strip()} {row.cells[i].strip()} {row.cells[i + 1].strip()}"
        loc = Loc(doc.file, row.line, "table", section, table.index, n)
        _add(out, known, table.section[-1], loc, (a, b), (m["sa"], m["sb"]), line_text)
        read += 1
    if read:  # a table of matches: its other rows are reported; any other table is left alone
        out.tables.add(table.index)
        out.problems.extend(unread)
