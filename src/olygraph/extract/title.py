"""What an article's title says: the kind of page, its Games, sport and event."""

from __future__ import annotations

import re
from dataclasses import dataclass

from olygraph.facts import ArticleKind, GamesRef, Season

_DASH = r"\s+[–—-]\s+"
_EVENT_TITLE = re.compile(
    r"^(?P<sport>.+?) at the (?P<year>\d{4}) (?P<season>Summer|Winter) Olympics"
    + _DASH
    + r"(?P<event>.+)$"
)
_INTERCALATED = re.compile(
    r"^(?P<sport>.+?) at the (?P<year>1906) Intercalated Games" + _DASH + r"(?P<event>.+)$"
)
_SPORT_AT_GAMES = re.compile(
    r"^(?P<sport>.+?) at the (?P<year>\d{4}) (?P<season>Summer|Winter) Olympics$"
)
_OVERVIEW = re.compile(r"^(?P<topic>.+?) at the (?:Summer |Winter )?Olympics$")
_GAMES = re.compile(r"^(?P<year>\d{4}) (?P<season>Summer|Winter) Olympics$")
_GAMES_VALUE = re.compile(r"^\s*(?P<year>\d{4})\s+(?P<season>Summer|Winter)\b", re.IGNORECASE)
_GENDER = (
    (re.compile(r"\b(men's|men|male)\b", re.IGNORECASE), "men"),
    (re.compile(r"\b(women's|women|ladies'?|female|girls')\b", re.IGNORECASE), "women"),
    (re.compile(r"\bmixed\b", re.IGNORECASE), "mixed"),
    (re.compile(r"\bopen\b", re.IGNORECASE), "open"),
)


@dataclass(frozen=True, slots=True)
class TitleInfo:
    kind: ArticleKind
    games: GamesRef | None = None
    sport: str | None = None
    event: str | None = None
    topic: str | None = None


def _season(text: str) -> Season:
    return "Winter" if text.lower() == "winter" else "Summer"


def parse_title(title: str) -> TitleInfo:
    """Classify a title; ``kind`` is ``unknown`` for anything the format does not describe."""
    t = " ".join(title.split())
    if m := _EVENT_TITLE.match(t):
        games = GamesRef(int(m["year"]), _season(m["season"]))
        return TitleInfo("event", games, m["sport"].strip(), m["event"].strip())
    if m := _INTERCALATED.match(t):
        games = GamesRef(int(m["year"]), "Summer")
        return TitleInfo("event", games, m["sport"].strip(), m["event"].strip())
    if m := _SPORT_AT_GAMES.match(t):
        games = GamesRef(int(m["year"]), _season(m["season"]))
        return TitleInfo("sport-at-games", games, m["sport"].strip())
    if m := _GAMES.match(t):
        return TitleInfo("games", GamesRef(int(m["year"]), _season(m["season"])))
    if m := _OVERVIEW.match(t):
        return TitleInfo("overview", topic=m["topic"].strip())
    return TitleInfo("unknown")


def parse_games_value(value: str) -> GamesRef | None:
    """Infobox ``Games: 1928 Summer`` → GamesRef."""
    m = _GAMES_VALUE.match(value)
    if not m:
        return None
    year = int(m["year"])
    if not 1896 <= year <= 2100:
        return None
    return GamesRef(year, _season(m["season"]))


def gender_of(event: str) -> str | None:
    for pattern, gender in _GENDER:
        if pattern.search(event):
            return gender
    return None


#: sport → (keyword in the event name → discipline)
_DISCIPLINES: dict[str, tuple[tuple[str, str], ...]] = {
    "cycling": (
        ("track", "Track cycling"),
        ("sprint", "Track cycling"),
        ("pursuit", "Track cycling"),
        ("keirin", "Track cycling"),
        ("madison", "Track cycling"),
        ("points race", "Track cycling"),
        ("road", "Road cycling"),
        ("mountain", "Mountain biking"),
        ("bmx", "BMX"),
    ),
    "canoeing": (("slalom", "Canoe slalom"), ("sprint", "Canoe sprint")),
    "aquatics": (("diving", "Diving"), ("swimming", "Swimming"), ("water polo", "Water polo")),
}


def discipline_of(sport: str, event: str) -> str | None:
    """Discipline named by the event (``track`` in a cycling event → Track cycling)."""
    low = event.lower()
    for keyword, discipline in _DISCIPLINES.get(sport.lower(), ()):
        if keyword in low:
            return discipline
    return None
