"""What the infobox says: Games, venue, dates, counts, medalists, winning mark, editions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from olygraph import reference
from olygraph.extract.title import parse_games_value
from olygraph.facts import (
    Competitor,
    DateValue,
    GamesRef,
    Loc,
    MedalClaim,
    MedalKind,
    Problem,
    Valued,
)
from olygraph.read.dates import parse_dates
from olygraph.read.document import Document, InfoboxEntry
from olygraph.read.ranks import parse_int_words

_MEDALS: dict[str, MedalKind] = {"gold": "gold", "silver": "silver", "bronze": "bronze"}
_MEDAL_KEY = re.compile(r"^(gold|silver|bronze)(noc)?(\d*)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)")
_TEAM_WORDS = re.compile(
    r"\b(club|team|university|college|association|society|boat|nautique|rowing|"
    r"athletic|sporting|verein|school|academy|army|navy|police)\b",
    re.IGNORECASE,
)

#: keys the extractor maps (lower case); everything else is kept as unmapped
MAPPED_KEYS = frozenset(
    {
        "event",
        "games",
        "venue",
        "venues",
        "date",
        "dates",
        "competitors",
        "nations",
        "win value",
        "win label",
        "prev",
        "next",
        "city",
        "gender",
        "teams",
        "num teams",
    }
)
#: keys that only steer the renderer and state no fact
LAYOUT_KEYS = frozenset({"longnames", "size", "image", "caption", "alt"})


@dataclass
class InfoboxFacts:
    games: Valued[GamesRef] | None = None
    event_name: Valued[str] | None = None
    gender: Valued[str] | None = None
    city: Valued[str] | None = None
    venues: list[Valued[str]] = field(default_factory=list)
    dates: list[Valued[DateValue]] = field(default_factory=list)
    competitors: list[Valued[int]] = field(default_factory=list)
    nations: list[Valued[int]] = field(default_factory=list)
    win_value: Valued[str] | None = None
    win_label: str = ""
    medals: list[MedalClaim] = field(default_factory=list)
    previous: Valued[int] | None = None
    next: Valued[int] | None = None
    unmapped: list[Valued[str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _loc(doc: Document, entry: InfoboxEntry) -> Loc:
    return Loc(doc.file, entry.line, "infobox", column=entry.key)


def split_members(value: str) -> tuple[str, ...]:
    """``Otto Olsen (sport shooter), Otto Olsen, Østen Østensen`` → unique names in order."""
    names: list[str] = []
    for part in value.split(","):
        name = " ".join(_DISAMBIGUATOR.sub("", part).split())
        if name and name not in names:
            names.append(name)
    return tuple(names)


def competitor_of(value: str, noc: str | None, team_event: bool) -> Competitor:
    """A medalist cell: a person, a club/crew, or a comma-separated list of team members."""
    members = split_members(value)
    if len(members) > 1:
        return Competitor(name="", noc=noc, is_team=True, members=members)
    name = members[0] if members else value.strip()
    if team_event or _TEAM_WORDS.search(name):
        return Competitor(name=name, noc=noc, is_team=True)
    return Competitor(name=name, noc=noc)


_FROM_NATIONS = re.compile(r"^\s*([\d,]+)\s+from\s+([\d,]+)\s+(?:nations|countries|NOCs)\b", re.I)


def _count(
    doc: Document,
    entry: InfoboxEntry,
    out: list[Valued[int]],
    problems: list[Problem],
    nations: list[Valued[int]] | None = None,
) -> None:
    """``16``, ``Sixteen``, ``37 (33 finished)`` or ``62 from 22 nations``."""
    if (m := _FROM_NATIONS.match(entry.value)) and nations is not None:
        out.append(Valued(int(m.group(1).replace(",", "")), _loc(doc, entry), entry.value))
        nations.append(Valued(int(m.group(2).replace(",", "")), _loc(doc, entry), entry.value))
        return
    n = parse_int_words(entry.value.split("(")[0].strip())
    if n is None:
        problems.append(
            Problem(
                "unparsed-value",
                doc.file,
                entry.line,
                f"{entry.key}: expected a whole number",
                entry.value,
            )
        )
    else:
        out.append(Valued(n, _loc(doc, entry), entry.value))


def _edition(doc: Document, entry: InfoboxEntry, problems: list[Problem]) -> Valued[int] | None:
    m = _YEAR.search(entry.value)
    if not m:
        if entry.value.strip():
            problems.append(
                Problem(
                    "unparsed-value",
                    doc.file,
                    entry.line,
                    f"{entry.key}: expected an edition year",
                    entry.value,
                )
            )
        return None
    return Valued(int(m.group(1)), _loc(doc, entry), entry.value)


def read_infobox(doc: Document, games_year: int | None, team_event: bool) -> InfoboxFacts:
    """Map every infobox entry to a fact, a reported unmapped field, or a problem."""
    out = InfoboxFacts()
    nocs: dict[tuple[str, str], tuple[str, InfoboxEntry]] = {}
    names: dict[tuple[str, str], InfoboxEntry] = {}
    for entry in doc.infobox:
        key = entry.key.strip().lower()
        value = entry.value.strip()
        loc = _loc(doc, entry)
        if m := _MEDAL_KEY.match(key.replace(" ", "")):
            medal, is_noc, n = m.group(1).lower(), bool(m.group(2)), m.group(3) or "1"
            if is_noc:
                nocs[(medal, n)] = (value.upper(), entry)
            elif value:
                names[(medal, n)] = entry
            continue
        if not value and key not in LAYOUT_KEYS:
            continue
        if key == "games":
            games = parse_games_value(value)
            if games:
                out.games = Valued(games, loc, value)
            else:
                out.problems.append(
                    Problem(
                        "unparsed-value",
                        doc.file,
                        entry.line,
                        "Games: expected '<year> Summer|Winter'",
                        value,
                    )
                )
        elif key == "event":
            out.event_name = Valued(value, loc)
        elif key == "gender":
            out.gender = Valued(value, loc)
        elif key == "city":
            out.city = Valued(value, loc)
        elif key in ("venue", "venues"):
            out.venues.append(Valued(value, loc))
        elif key in ("date", "dates"):
            found = parse_dates(value, games_year)
            out.dates.extend(Valued(d, loc, value) for d in found)
            if not found:
                out.problems.append(
                    Problem(
                        "unparsed-value",
                        doc.file,
                        entry.line,
                        f"{entry.key}: expected a date such as '5 August 1928'",
                        value,
                    )
                )
        elif key == "competitors":
            _count(doc, entry, out.competitors, out.problems, out.nations)
        elif key == "nations":
            _count(doc, entry, out.nations, out.problems)
        elif key == "win value":
            out.win_value = Valued(value, loc)
        elif key == "win label":
            out.win_label = value
        elif key == "prev":
            out.previous = _edition(doc, entry, out.problems)
        elif key == "next":
            out.next = _edition(doc, entry, out.problems)
        else:
            layout = key in LAYOUT_KEYS
            reason = "layout option, states no fact" if layout else "kept, not mapped"
            out.unmapped.append(Valued(value, loc, entry.key))
            out.problems.append(
                Problem(
                    "skipped" if layout else "unmapped-infobox-key",
                    doc.file,
                    entry.line,
                    f"{entry.key}: {reason}",
                    value,
                )
            )
    for (medal, n), entry in names.items():
        noc_entry = nocs.pop((medal, n), None)
        noc = noc_entry[0] if noc_entry else None
        if noc is not None and not reference.is_noc_code(noc):
            noc = None  # reported below; a value that is no IOC code is not used as one
            assert noc_entry is not None
            bad = noc_entry[1]
            out.unmapped.append(Valued(bad.value.strip(), _loc(doc, bad), bad.key))
            out.problems.append(
                Problem(
                    "unparsed-value",
                    doc.file,
                    noc_entry[1].line,
                    f"{noc_entry[1].key}: not a known IOC code (expected e.g. DEN); not used",
                    noc_entry[0],
                )
            )
        competitor = competitor_of(entry.value, noc, team_event)
        out.medals.append(MedalClaim(_MEDALS[medal], competitor, _loc(doc, entry), int(n)))
    for (medal, n), (noc, entry) in nocs.items():
        if noc and reference.is_noc_code(noc):  # a nation's team, named only by its code
            team = Competitor(name="", noc=noc, is_team=True)
            out.medals.append(MedalClaim(_MEDALS[medal], team, _loc(doc, entry), int(n)))
        elif noc:
            out.unmapped.append(Valued(entry.value.strip(), _loc(doc, entry), entry.key))
            out.problems.append(
                Problem(
                    "unparsed-value",
                    doc.file,
                    entry.line,
                    f"{entry.key}: not a known IOC code (expected e.g. DEN); not used",
                    noc,
                )
            )
    order = {"gold": 0, "silver": 1, "bronze": 2}
    out.medals.sort(key=lambda c: (order[c.medal], c.ordinal))
    return out
