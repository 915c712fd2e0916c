"""The nodes that articles share (Games, NOCs, cities, sports, athletes), minted once per
dataset by :class:`Context`, with the reference table's names in olygraph's reference graph."""

from __future__ import annotations

from rdflib import Literal, URIRef

from olygraph import reference
from olygraph.facts import Competitor, GamesRef
from olygraph.mapping.builder import Builder
from olygraph.vocab import OLY, RDFS, XSD

REFERENCE = "olygraph"


class Context:
    """Shared, cross-source nodes (Games, NOCs, sports, athletes) minted once."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        self.ref = b.minter.reference_source(REFERENCE)

    def games(self, g: GamesRef) -> URIRef:
        iri = self.b.minter.games(g.year, g.season)
        self.b.typed(iri, OLY.Games, g.label)
        self.b.add(iri, OLY.year, Literal(g.year, datatype=XSD.integer))
        self.b.add(iri, OLY.season, Literal(g.season))
        return iri

    def noc(self, code: str) -> URIRef:
        iri = self.b.minter.noc(code)
        self.b.add(iri, OLY.code, Literal(code.upper()))
        self.b.typed(iri, OLY.NOC)
        info = reference.noc(code)
        if info:
            self.b.add(iri, RDFS.label, Literal(info.name), self.ref)
            self.b.add(iri, OLY.name, Literal(info.name), self.ref)
        return iri

    def city(self, name: str) -> URIRef:
        iri = self.b.minter.city(name)
        self.b.typed(iri, OLY.City, name)
        return iri

    def athlete(self, name: str, noc: str | None) -> URIRef:
        iri = self.b.minter.athlete(name, noc)
        self.b.typed(iri, OLY.Athlete, name)
        self.b.add(iri, OLY.name, Literal(name))
        if noc:
            self.b.add(iri, OLY.noc, self.noc(noc))
        return iri

    def competitor(self, c: Competitor, event: URIRef, fallback_key: str) -> URIRef:
        """An athlete, or a team (named club/crew, or its list of members)."""
        if not c.is_team:
            return self.athlete(c.name, c.noc)
        name = c.name
        if c.noc and (not c.name or reference.noc_for_name(c.name) == c.noc):
            key = c.noc  # a nation's team: one node whether named by code or by name
            info = reference.noc(c.noc)
            name = c.name or (info.name if info else c.noc)
        elif c.name:
            key = c.name
        else:
            key = f"{c.noc}-{fallback_key}" if c.noc else fallback_key
        iri = self.b.minter.team(event, key)
        self.b.typed(iri, OLY.Team, name or None)
        if name:
            self.b.add(iri, OLY.name, Literal(name))
        if c.noc:
            self.b.add(iri, OLY.noc, self.noc(c.noc))
        for member in c.members:
            self.b.add(iri, OLY.member, self.athlete(member, c.noc))
        return iri
