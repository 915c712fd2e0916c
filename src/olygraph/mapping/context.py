"""The nodes that articles share (Games, NOCs, cities, sports, athletes), minted once per
dataset by :class:`Context`, with the reference table's names in olygraph's reference graph."""

from __future__ import annotations

from rdflib import URIRef

from olygraph import reference
from olygraph.facts import Competitor, GamesRef
from olygraph.mapping.builder import Builder
from olygraph.mapping.terms import lit
from olygraph.vocab import OLY, RDFS, XSD

REFERENCE = "olygraph"


class Context:
    """Shared, cross-source nodes (Games, NOCs, sports, athletes) minted once."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        self.ref = b.minter.reference_source(REFERENCE)
        self._done: dict[tuple[object, ...], URIRef] = {}  # nodes already stated in a graph

    def _known(self, key: tuple[object, ...]) -> URIRef | None:
        """The node of ``key`` if its triples are already in the current graph (a NOC is named
        by many rows of an article: its triples are made once per source, not once per row)."""
        return self._done.get((self.b.graph, *key))

    def games(self, g: GamesRef) -> URIRef:
        done = self._known(("games", g))
        if done is not None:
            return done
        iri = self._done[(self.b.graph, "games", g)] = self.b.minter.games(g.year, g.season)
        self.b.typed(iri, OLY.Games, g.label)
        self.b.add(iri, OLY.year, lit(g.year, datatype=XSD.integer))
        self.b.add(iri, OLY.season, lit(g.season))
        return iri

    def noc(self, code: str) -> URIRef:
        done = self._known(("noc", code))
        if done is not None:
            return done
        iri = self._done[(self.b.graph, "noc", code)] = self.b.minter.noc(code)
        self.b.add(iri, OLY.code, lit(code.upper()))
        self.b.typed(iri, OLY.NOC)
        info = reference.noc(code)
        if info:
            self.b.add(iri, RDFS.label, lit(info.name), self.ref)
            self.b.add(iri, OLY.name, lit(info.name), self.ref)
        return iri

    def city(self, name: str) -> URIRef:
        iri = self.b.minter.city(name)
        self.b.typed(iri, OLY.City, name)
        return iri

    def athlete(self, name: str, noc: str | None) -> URIRef:
        done = self._known(("athlete", name, noc))
        if done is not None:
            return done
        iri = self._done[(self.b.graph, "athlete", name, noc)] = self.b.minter.athlete(name, noc)
        self.b.typed(iri, OLY.Athlete, name)
        self.b.add(iri, OLY.name, lit(name))
        if noc:
            self.b.add(iri, OLY.noc, self.noc(noc))
        return iri

    def competitor(self, c: Competitor, event: URIRef, fallback_key: str) -> URIRef:
        """An athlete, or a team (named club/crew, or its list of members)."""
        if not c.is_team:
            return self.athlete(c.name, c.noc)
        name = c.name
        code = c.noc or (reference.noc_for_name(c.name) if c.name else None)
        info = reference.noc(code) if code else None
        if code and (not c.name or (info and c.name.casefold() == info.name.casefold())):
            # a nation's team: one node whether named by code or by the nation's name; a team
            # named otherwise (England, Scotland: two teams of GBR) is keyed by its name
            key = code
            name = c.name or (info.name if info else code)
        elif c.name:
            key = c.name
        else:
            key = f"{c.noc}-{fallback_key}" if c.noc else fallback_key
        iri = self.b.minter.team(event, key)
        self.b.typed(iri, OLY.Team, name or None)
        if name:
            self.b.add(iri, OLY.name, lit(name))
        if c.noc:
            self.b.add(iri, OLY.noc, self.noc(c.noc))
        for member in c.members:
            self.b.add(iri, OLY.member, self.athlete(member, c.noc))
        return iri
