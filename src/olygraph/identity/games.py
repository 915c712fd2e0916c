"""Games, NOC and sport identity across sources: equal keys, hence equal IRIs.

Nothing needs merging for these: both sources mint them from the same key with the same
:class:`olygraph.ids.Minter` (see docs/history-model.md), so the graph holds one node each:

- Games: ``games/<year>-<season>``: the article's ``1928 Summer Olympics`` and the CSV's
  ``Games = "1928 Summer"`` (Year 1928, Season Summer) are both ``games/1928-summer``;
- NOC: ``noc/<CODE>``: the article's ``DEN`` (infobox) or Denmark (prose, through the reference
  table) and the CSV's ``NOC = "DEN"`` are both ``noc/DEN``. A code is never translated: the CSV's
  historical codes (``URS``, ``FRG``, ``ANZ``) are nodes of their own, as in articles;
- sport: ``sport/<slug>``: ``Cycling`` = ``Cycling``, ``Figure skating`` = ``Figure Skating``.

The checks below confirm that, so the export can assert it instead of assuming it. One known gap:
a few sports are named differently (the article's ``Equestrian`` is the CSV's ``Equestrianism``;
articles file rhythmic gymnastics and trampoline under ``Gymnastics``). Those give different sport
IRIs; :data:`SPORT_EQUIVALENTS` lets the event matcher look in the right place. Where the two
names are one sport (:data:`SAME_SPORT`: ``Equestrian``/``Equestrianism``, not ``Gymnastics``,
which holds several dataset sports), the export rewrites the article's sport IRI to the
dataset's, as for events (docs/identity.md §4).
"""

from __future__ import annotations

import re

from olygraph.facts import GamesRef
from olygraph.ids import Minter, slug

__all__ = [
    "SAME_SPORT",
    "SPORT_EQUIVALENTS",
    "dataset_games",
    "dataset_sport_slugs",
    "games_key",
    "same_games",
    "same_noc",
    "same_sport",
]

_GAMES = re.compile(r"(\d{4}) (Summer|Winter)")
_MINTER = Minter()

# article sport slug → the dataset's sport slugs for the same events (besides the equal slug)
SPORT_EQUIVALENTS: dict[str, frozenset[str]] = {
    "equestrian": frozenset({"equestrianism"}),
    "gymnastics": frozenset({"rhythmic-gymnastics", "trampolining"}),
    "trampoline": frozenset({"trampolining"}),
    "trampolining": frozenset({"trampolining"}),
    "artistic-swimming": frozenset({"synchronized-swimming"}),
    "synchronised-swimming": frozenset({"synchronized-swimming"}),
    "rugby-union": frozenset({"rugby"}),
}

# article sport slug → the dataset sport slug that is the same sport under another name (the
# article's sport node becomes the dataset's); "gymnastics" is not here: it is a parent sport
SAME_SPORT: dict[str, str] = {
    "equestrian": "equestrianism",
    "trampoline": "trampolining",
    "artistic-swimming": "synchronized-swimming",
    "synchronised-swimming": "synchronized-swimming",
    "rugby-union": "rugby",
}


def games_key(year: int, season: str) -> str:
    """``1928-summer``: the last segment of the Games IRI, whichever source names the Games."""
    return f"{year}-{season.lower()}"


def dataset_games(games: str, year: str | int, season: str) -> GamesRef:
    """The CSV's ``Games``, ``Year`` and ``Season`` columns as one :class:`GamesRef`, after
    checking they agree (``"1928 Summer"``, ``1928``, ``"Summer"``). Raises ``ValueError``
    naming the values when they do not; the reader turns that into an error with the line."""
    m = _GAMES.fullmatch(games.strip())
    if not m:
        raise ValueError(f"Games {games!r} is not '<year> Summer|Winter'")
    y, s = int(m.group(1)), m.group(2)
    if str(year).strip() != str(y) or season.strip() != s:
        raise ValueError(f"Games {games!r} disagrees with Year {year!r} / Season {season!r}")
    return GamesRef(y, "Summer" if s == "Summer" else "Winter")


def same_games(article: GamesRef, dataset: GamesRef, minter: Minter = _MINTER) -> bool:
    """The two sources' Games are one node: their minted IRIs are equal."""
    return minter.games(article.year, article.season) == minter.games(dataset.year, dataset.season)


def same_noc(article: str, dataset: str, minter: Minter = _MINTER) -> bool:
    """``DEN`` = ``den`` = ``DEN``: equal NOC IRIs."""
    return minter.noc(article) == minter.noc(dataset)


def same_sport(article: str, dataset: str, minter: Minter = _MINTER) -> bool:
    """``Figure skating`` = ``Figure Skating``: equal sport IRIs (not the equivalents)."""
    return minter.sport(article) == minter.sport(dataset)


def dataset_sport_slugs(article_sport: str) -> frozenset[str]:
    """The dataset sports whose events an article of this sport can be about."""
    key = slug(article_sport)
    return frozenset({key}) | SPORT_EQUIVALENTS.get(key, frozenset())
