"""Which dataset event an article's event is: certain or not at all.

:func:`match_event` compares one article event with the dataset events and returns a match only
when exactly one dataset event of the same Games and sport fits, tried in this order (the first
step that finds anything decides):

1. ``alias``: a row of the alias table (:mod:`olygraph.identity.aliases`) for these Games (rows
   for the one edition before ``*`` rows) and sport names the article's event (its title's or its
   infobox's name) and a dataset event of those Games carries the row's dataset name;
2. ``name``: the :func:`~olygraph.identity.eventkey.event_key` of one of the article's names fits
   the dataset event's key;
3. ``name+distance``: as 2, with the distance the article states elsewhere (``The race distance
   was 1 kilometre``) added to a name that gives none.

Two or more fitting dataset events are *ambiguous*: no match, and :func:`event_outcome` reports
them; none fitting reports the nearest names so that a user can write an alias row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from olygraph.facts import GamesRef
from olygraph.identity.aliases import AliasTable, packaged_aliases, text_key
from olygraph.identity.eventkey import EventKey, event_key
from olygraph.identity.games import dataset_sport_slugs
from olygraph.text import slug

__all__ = [
    "ArticleEventRef",
    "DatasetEventRef",
    "EventMatch",
    "EventOutcome",
    "event_outcome",
    "match_event",
]

EventRule = Literal["alias", "name", "name+distance"]


@dataclass(frozen=True, slots=True)
class ArticleEventRef:
    """An article's event: its IRI, Games, sport, the names it is given (title first, then the
    infobox's when different), the gender and the distance in metres the article states."""

    iri: str
    games: GamesRef
    sport: str
    names: tuple[str, ...]
    gender: str | None = None
    distance_m: Decimal | None = None


@dataclass(frozen=True, slots=True)
class DatasetEventRef:
    """A dataset event: its IRI, Games, the Sport column and the Event column as written."""

    iri: str
    games: GamesRef
    sport: str
    name: str


@dataclass(frozen=True, slots=True)
class EventMatch:
    """The certain match of an article event with one dataset event, and why."""

    article: ArticleEventRef
    dataset: DatasetEventRef
    rule: EventRule
    details: str  # "event_aliases.tsv:5" or the key that fitted

    def describe(self) -> str:
        return f"{self.article.names[0]!r} = {self.dataset.name!r} ({self.rule}: {self.details})"


@dataclass(frozen=True, slots=True)
class EventOutcome:
    """What :func:`event_outcome` found: the match, or why there is none. ``candidates`` holds
    the dataset events that fitted equally well (ambiguous) or the nearest names (no fit)."""

    article: ArticleEventRef
    match: EventMatch | None
    reason: str
    candidates: tuple[DatasetEventRef, ...] = ()


def _keys(article: ArticleEventRef) -> list[tuple[str, EventKey]]:
    return [(n, event_key(article.sport, n, article.gender)) for n in dict.fromkeys(article.names)]


def _alias_step(
    article: ArticleEventRef, pool: Sequence[DatasetEventRef], table: AliasTable
) -> EventOutcome | None:
    wanted = {k.all for _, k in _keys(article)}
    rows = [
        r
        for r in table.rows_for(article.games, dataset_sport_slugs(article.sport))
        if event_key(r.sport, r.article_event, article.gender).all in wanted
    ]
    for scope in ("games", "*"):
        hits: dict[str, tuple[DatasetEventRef, str]] = {}
        for r in rows:
            if (r.games == "*") != (scope == "*"):
                continue
            for d in pool:
                if text_key(d.name) == text_key(r.dataset_event):
                    hits.setdefault(d.iri, (d, r.where))
        if len(hits) == 1:
            d, where = next(iter(hits.values()))
            return EventOutcome(article, EventMatch(article, d, "alias", where), "alias")
        if len(hits) > 1:
            found = tuple(sorted((d for d, _ in hits.values()), key=lambda d: d.iri))
            return EventOutcome(article, None, "ambiguous: several alias rows fit", found)
    return None


def _key_step(
    article: ArticleEventRef,
    pool: Sequence[DatasetEventRef],
    keys: Sequence[tuple[str, EventKey]],
    rule: EventRule,
) -> EventOutcome | None:
    hits: dict[str, tuple[DatasetEventRef, str]] = {}
    for d in pool:
        dk = event_key(d.sport, d.name)
        for name, k in keys:
            if k.fits(dk):
                hits.setdefault(d.iri, (d, f"{name!r} → {k}"))
    if len(hits) == 1:
        d, how = next(iter(hits.values()))
        return EventOutcome(article, EventMatch(article, d, rule, how), rule)
    if len(hits) > 1:
        found = tuple(sorted((d for d, _ in hits.values()), key=lambda d: d.iri))
        return EventOutcome(article, None, f"ambiguous: {len(found)} dataset events fit", found)
    return None


def _nearest(
    article: ArticleEventRef, pool: Sequence[DatasetEventRef]
) -> tuple[DatasetEventRef, ...]:
    """Up to three dataset events sharing the most words with the article's names."""
    mine = set().union(*(k.words | k.distances for _, k in _keys(article)))
    scored = []
    for d in pool:
        dk = event_key(d.sport, d.name)
        theirs = dk.words | dk.distances
        union = mine | theirs
        score = len(mine & theirs) / len(union) if union else 0.0
        if score > 0:
            scored.append((-score, d.name, d))
    return tuple(d for _, _, d in sorted(scored, key=lambda t: (t[0], t[1]))[:3])


def event_outcome(
    article: ArticleEventRef,
    dataset_events: Sequence[DatasetEventRef],
    aliases: AliasTable | None = None,
) -> EventOutcome:
    """Match ``article`` against ``dataset_events`` (any Games; only its own are considered) with
    the alias table given (default: the packaged one). Independent of the order of
    ``dataset_events``."""
    table = packaged_aliases() if aliases is None else aliases
    sports = dataset_sport_slugs(article.sport)
    games = (article.games.year, article.games.season)
    pool = sorted(
        (
            d
            for d in dataset_events
            if (d.games.year, d.games.season) == games and slug(d.sport) in sports
        ),
        key=lambda d: d.iri,
    )
    if not pool:
        g = article.games
        return EventOutcome(
            article, None, f"no dataset event of {g.year} {g.season} {article.sport}"
        )
    found = _alias_step(article, pool, table)
    if found:
        return found
    keys = _keys(article)
    found = _key_step(article, pool, keys, "name")
    if found:
        return found
    if article.distance_m is not None:
        with_distance = [
            (n, k.with_distance(article.distance_m)) for n, k in keys if not k.distances
        ]
        if with_distance:
            found = _key_step(article, pool, with_distance, "name+distance")
            if found:
                return found
    return EventOutcome(article, None, "no dataset event fits", _nearest(article, pool))


def match_event(
    article: ArticleEventRef,
    dataset_events: Sequence[DatasetEventRef],
    aliases: AliasTable | None = None,
) -> EventMatch | None:
    """The certain match of ``article`` among ``dataset_events``, or None (see
    :func:`event_outcome` for the reason and the candidates)."""
    return event_outcome(article, dataset_events, aliases).match
