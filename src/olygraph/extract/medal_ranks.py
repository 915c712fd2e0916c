"""Medals and ranks that the rendering lost: medal icons in rank cells, medals named in prose.

A results table whose rank cells for the medalists were medal icons comes with those cells
blank. Its first rows get ranks 1–3 only when the infobox's medalists are exactly those rows,
in order (same names, or same teams); otherwise they stay unranked and the reason is reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from olygraph import reference
from olygraph.facts import (
    Competitor,
    MedalClaim,
    MedalKind,
    Problem,
    ResultFacts,
    RoundFacts,
    Valued,
)

_RANK_OF: dict[MedalKind, int] = {"gold": 1, "silver": 2, "bronze": 3}


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", re.sub(r"\([^)]*\)", "", name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"^the\s+", "", text.casefold().strip()).split())


def same_competitor(medal: Competitor, row: Competitor | None) -> bool:
    """The medalist and the row name the same competitor (name, team name, or nation)."""
    if row is None:
        return False
    if medal.name and (row.name or row.members):
        if row.name and _key(row.name) == _key(medal.name):
            return not (medal.noc and row.noc and medal.noc != row.noc)
        return False
    if medal.members and row.members:
        return {_key(m) for m in medal.members} == {_key(m) for m in row.members}
    noc = medal.noc
    row_noc = row.noc or (reference.noc_for_name(row.name) if row.name else None)
    if noc and row_noc == noc:
        return not row.name or reference.noc_for_name(row.name) == noc
    return False


def _blank(r: ResultFacts) -> bool:
    return r.rank is None and not r.rank_text and r.status is None and r.rank_to is None


def ranks_from_medals(
    rounds: list[RoundFacts], medals: list[MedalClaim], file: str, problems: list[Problem]
) -> list[RoundFacts]:
    """Rounds whose first rows have blank rank cells: ranked 1–3 from the medalists if certain."""
    out = list(rounds)
    ordered = sorted(medals, key=lambda m: (_RANK_OF[m.medal], m.ordinal))
    for i, rnd in enumerate(out):
        if not rnd.results or not _blank(rnd.results[0]):
            continue
        lead = 0
        while lead < len(rnd.results) and _blank(rnd.results[lead]):
            lead += 1
        first = rnd.results[0]
        why = ""
        if not ordered:
            why = "the infobox names no medalists"
        elif lead < len(ordered):
            why = f"{lead} row(s) without rank for {len(ordered)} medalist(s)"
        else:
            for m, r in zip(ordered, rnd.results, strict=False):
                # tied medalists (Bronze, Bronze2) may be listed in either order
                peers = [p for p in ordered if p.medal == m.medal]
                if not any(same_competitor(p.competitor, r.competitor) for p in peers):
                    who = m.competitor.name or m.competitor.noc or ", ".join(m.competitor.members)
                    row = r.competitor.name or r.competitor.noc if r.competitor else "nobody"
                    why = f"row {r.row} names {row!r}, the {m.medal} medalist is {who!r}"
                    break
        if why:
            problems.append(
                Problem(
                    "ambiguous",
                    file,
                    first.loc.line,
                    f"{rnd.name}: rank cells of the first rows are blank (medal icons?) and "
                    f"stay unranked: {why}",
                )
            )
            continue
        results = list(rnd.results)
        counts = {k: sum(1 for m in ordered if m.medal == k) for k in _RANK_OF}
        for n, m in enumerate(ordered):
            tied = counts[m.medal] > 1
            rank = _RANK_OF[m.medal]
            note = f"rank {rank} from the infobox's {m.medal} medalist (blank rank cell)"
            notes = f"{results[n].notes} ({note})" if results[n].notes else note
            results[n] = replace(results[n], rank=rank, tied=tied, notes=notes)
        out[i] = replace(rnd, results=tuple(results))
        problems.append(
            Problem(
                "skipped",
                file,
                first.loc.line,
                f"{rnd.name}: blank rank cells of rows 1–{len(ordered)} ranked from the "
                "infobox medalists (same competitors, in order)",
            )
        )
    return out


def medals_from_prose(
    medals: list[MedalClaim], stated: list[tuple[MedalKind, Valued[str]]]
) -> list[MedalClaim]:
    """A medal the infobox does not give, on a one-event sport page, from prose naming exactly
    one nation for it (``Great Britain won the gold medal``)."""
    out = list(medals)
    have = {m.medal for m in medals}
    for medal in ("gold", "silver", "bronze"):
        kind: MedalKind = medal
        nocs = {v.value for k, v in stated if k == kind}
        if kind in have or len(nocs) != 1:
            continue
        v = next(v for k, v in stated if k == kind)
        team = Competitor(name="", noc=v.value, is_team=True)
        out.append(MedalClaim(kind, team, v.loc, noc_loc=v.loc, noc_text=v.text))
    return out


def team_nocs_from_prose(
    medals: list[MedalClaim], stated: list[tuple[MedalKind, Valued[str]]]
) -> list[MedalClaim]:
    """A team medal whose infobox gives no NOC takes the one prose names for that medal,
    when exactly one team holds the medal and the prose names exactly one nation for it."""
    out = list(medals)
    for medal in ("gold", "silver", "bronze"):
        holders = [i for i, m in enumerate(out) if m.medal == medal]
        nocs = {v.value for kind, v in stated if kind == medal}
        if len(holders) != 1 or len(nocs) != 1:
            continue
        i = holders[0]
        claim = out[i]
        if claim.competitor.noc is None and claim.competitor.is_team:
            v = next(v for kind, v in stated if kind == medal)
            team = replace(claim.competitor, noc=v.value)
            out[i] = replace(claim, competitor=team, noc_loc=v.loc, noc_text=v.text)
    return out
