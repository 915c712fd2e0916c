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
from olygraph.facts import Competitor, Loc, Match, RoundFacts
from olygraph.ids import slug
from olygraph.read.document import Document, Paragraph, Problem

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
    if code is not None:
        return Competitor(name=name, noc=code, is_team=True)
    return None


def read_matches(
    doc: Document, teams: dict[str, Competitor], rounds: list[RoundFacts]
) -> MatchesOut:
    """Every certain score line, as a match of the round its heading names."""
    out = MatchesOut()
    known = {r.key: r for r in rounds}
    order = max((r.order for r in rounds), default=0)
    for p in doc.paragraphs:
        if not p.section or not any(_SECTIONS.search(t) for t in p.section):
            continue
        heading = p.section[-1]
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
            key = slug(heading)
            if key not in known:
                order += 1
                known[key] = RoundFacts(
                    key=key,
                    name=heading,
                    kind=round_kind(heading),
                    order=order,
                    loc=Loc(doc.file, line, "prose", " > ".join(p.section)),
                )
                out.rounds.append(known[key])
            loc = Loc(doc.file, line, "prose", " > ".join(p.section))
            out.matches.append(
                Match(
                    key,
                    heading,
                    a,
                    b,
                    int(m.group("sa")),
                    int(m.group("sb")),
                    text,
                    loc,
                )
            )
    return out
