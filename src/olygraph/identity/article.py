"""The article side of the identity rules, read from an article export's graph.

The rules take plain values; this module produces them for article sources from the graph
``olygraph.mapping.article`` builds, so the IRIs are exactly the ones the export minted (an athlete
named
by the infobox, a results row, a prose record or a Notes placing is one node, and this reads that
node rather than re-deriving its IRI):

- :func:`article_events`: every ``oly:Event`` with its Games, sport, names (``oly:name``, then
  ``skos:altLabel``), gender and distance, as :class:`~olygraph.identity.events.ArticleEventRef`;
- :func:`article_competitors`: every athlete the graph ties to one event (result rows of its
  rounds, medal awards, alternative placings, records; a team's members), as
  :class:`~olygraph.identity.athletes.ArticleCompetitor` with its NOC, medal and final-round rank
  when the graph states exactly one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from olygraph.facts import GamesRef
from olygraph.identity.athletes import ArticleCompetitor, Medal
from olygraph.identity.events import ArticleEventRef
from olygraph.vocab import OLY, RDF, RDFS, SKOS

__all__ = ["article_competitors", "article_events"]

_MEDALS: dict[Node, Medal] = {
    OLY.GoldMedal: "gold",
    OLY.SilverMedal: "silver",
    OLY.BronzeMedal: "bronze",
}


def _literals(g: Graph, s: Node, p: URIRef) -> list[str]:
    return sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal))


def _one(values: set[str] | list[str]) -> str | None:
    distinct = set(values)
    return next(iter(distinct)) if len(distinct) == 1 else None


def article_events(g: Graph) -> tuple[ArticleEventRef, ...]:
    """Every event of the graph that has one Games and one sport, sorted by IRI."""
    out: list[ArticleEventRef] = []
    for event in sorted(set(g.subjects(RDF.type, OLY.Event)), key=str):
        games = [
            (y.toPython(), str(s))
            for gm in g.objects(event, OLY.games)
            for y in g.objects(gm, OLY.year)
            for s in g.objects(gm, OLY.season)
            if isinstance(y, Literal)
        ]
        sports = {n for sp in g.objects(event, OLY.sport) for n in _literals(g, sp, RDFS.label)}
        if len(set(games)) != 1 or len(sports) != 1 or not isinstance(event, URIRef):
            continue
        year, season = games[0]
        names = _literals(g, event, OLY.name) + _literals(g, event, SKOS.altLabel)
        distances = [o.toPython() for o in g.objects(event, OLY.distance) if isinstance(o, Literal)]
        out.append(
            ArticleEventRef(
                iri=str(event),
                games=GamesRef(int(year), "Summer" if season == "Summer" else "Winter"),
                sport=next(iter(sports)),
                names=tuple(dict.fromkeys(names)),
                gender=_one(_literals(g, event, OLY.gender)),
                distance_m=Decimal(str(distances[0])) if len(set(distances)) == 1 else None,
            )
        )
    return tuple(out)


def _statements(g: Graph, event: URIRef) -> Iterator[tuple[Node, Node, Medal | None, int | None]]:
    """(stating node, competitor, medal, final rank) for everything tying a competitor to the
    event."""
    for rnd in g.subjects(OLY.event, event):
        if (rnd, RDF.type, OLY.Round) not in g:
            continue
        final = Literal("final") in set(g.objects(rnd, OLY.roundKind))
        for res in g.objects(rnd, OLY.result):
            ranks = [r.toPython() for r in g.objects(res, OLY.rank) if isinstance(r, Literal)]
            rank = ranks[0] if final and len(ranks) == 1 else None
            for c in g.objects(res, OLY.competitor):
                yield res, c, None, rank
    for node in g.subjects(OLY.event, event):
        if (node, RDF.type, OLY.MedalAward) in g:
            kinds = {_MEDALS[m] for m in g.objects(node, OLY.medal) if m in _MEDALS}
            medal = next(iter(kinds)) if len(kinds) == 1 else None
            for c in g.objects(node, OLY.awardedTo):
                yield node, c, medal, None
        elif (node, RDF.type, OLY.AlternativePlacing) in g:
            for c in g.objects(node, OLY.competitor):
                yield node, c, None, None
        elif (node, RDF.type, OLY.Record) in g:
            for c in g.objects(node, OLY.holder):
                yield node, c, None, None


def _where(g: Graph, node: Node) -> tuple[int, str]:
    """(line, location) of a stating node, for picking the first statement."""
    lines = [o.toPython() for o in g.objects(node, OLY.sourceLine) if isinstance(o, Literal)]
    locs = _literals(g, node, OLY.sourceLocation)
    return (min(lines) if lines else 0, locs[0] if locs else "")


def article_competitors(g: Graph, event: URIRef) -> tuple[ArticleCompetitor, ...]:
    """The athletes ``g`` ties to ``event``, one per node, sorted by IRI. A team stands for its
    members (each gets the team's medal); teams without members give nothing."""
    medals: dict[Node, set[Medal]] = defaultdict(set)
    ranks: dict[Node, set[int]] = defaultdict(set)
    sources: dict[Node, set[tuple[int, str]]] = defaultdict(set)
    for node, comp, medal, rank in _statements(g, event):
        team = (comp, RDF.type, OLY.Team) in g
        for a in list(g.objects(comp, OLY.member)) if team else [comp]:
            if (a, RDF.type, OLY.Athlete) not in g:
                continue
            sources[a].add(_where(g, node))
            if medal:
                medals[a].add(medal)
            if rank is not None:
                ranks[a].add(rank)
    out: list[ArticleCompetitor] = []
    for a in sorted(sources, key=str):
        names = _literals(g, a, OLY.name) or _literals(g, a, RDFS.label)
        nocs = {c for n in g.objects(a, OLY.noc) for c in _literals(g, n, OLY.code)}
        out.append(
            ArticleCompetitor(
                iri=str(a),
                name=names[0] if names else "",
                noc=_one(nocs),
                medal=next(iter(medals[a])) if len(medals[a]) == 1 else None,
                rank=next(iter(ranks[a])) if len(ranks[a]) == 1 else None,
                source=min(sources[a])[1],
            )
        )
    return tuple(out)
