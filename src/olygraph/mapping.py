"""Facts → RDF quads in the olygraph ontology. Pure: no I/O.

One named graph per source article holds what that article states (with a Claim or a
provenance-bearing node for every fact); the reference graph holds olygraph's own tables
(NOC names, Games host cities); the reconciliation graph holds the discrepancies found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from olygraph import reference
from olygraph.facts import Competitor, EventFacts, GamesRef
from olygraph.graphbuild import Builder, Quad, cross_source_conflicts
from olygraph.ids import Minter
from olygraph.mapping_event import map_event
from olygraph.reconcile import ClaimBook, Discrepancy
from olygraph.vocab import DCTERMS, OLY, PREFIXES, RDF, RDFS, XSD

REFERENCE = "olygraph"
RECONCILIATION = "reconciliation"


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
        self.b.add(iri, OLY.year, Literal(g.year, datatype=XSD.integer))
        self.b.add(iri, OLY.season, Literal(g.season))
        return iri

    def noc(self, code: str) -> URIRef:
        done = self._known(("noc", code))
        if done is not None:
            return done
        iri = self._done[(self.b.graph, "noc", code)] = self.b.minter.noc(code)
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
        done = self._known(("athlete", name, noc))
        if done is not None:
            return done
        iri = self._done[(self.b.graph, "athlete", name, noc)] = self.b.minter.athlete(name, noc)
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


def _source(b: Builder, ctx: Context, f: EventFacts, key: str) -> URIRef:
    src = b.minter.article_source(key)
    b.start_source(src, key)
    b.typed(src, OLY.ArticleSource, f.title)
    b.add(src, DCTERMS.title, Literal(f.title))
    b.add(src, OLY.fileName, Literal(f.file))
    b.add(src, OLY.articleKind, Literal(f.kind))
    b.add(src, OLY.truncated, Literal(f.truncated))
    for u in f.unmapped:
        node = b.minter.unmapped(key, u.text, u.loc.line or 0)
        b.typed(node, OLY.UnmappedField, f"{u.text}: {u.value}")
        b.add(node, OLY.key, Literal(u.text))
        b.add(node, OLY.claimText, Literal(u.value))
        b.add(src, OLY.unmappedField, node)
        b.provenance(node, u.loc)
    return src


def _games_and_sport(
    b: Builder, ctx: Context, f: EventFacts
) -> tuple[URIRef | None, URIRef | None]:
    games = sport = None
    if f.games:
        games = ctx.games(f.games.value)
        if f.host_city:
            source = ctx.ref if f.host_city.loc.part == "reference" else None
            city = ctx.city(f.host_city.value)
            b.claim(games, OLY.hostCity, city, f.host_city.loc, f.host_city.value, source=source)
    if f.sport:
        sport = b.minter.sport(f.sport.value)
        b.typed(sport, OLY.Sport, f.sport.value)
    return games, sport


def unique_keys(facts: Sequence[EventFacts]) -> list[tuple[str, EventFacts]]:
    """Order-independent source keys: the title slug, numbered when two files share a title."""
    ordered = sorted(facts, key=lambda f: (f.source_key, f.file, repr(f)))
    out: list[tuple[str, EventFacts]] = []
    seen: dict[str, int] = {}
    for f in ordered:
        n = seen.get(f.source_key, 0) + 1
        seen[f.source_key] = n
        out.append((f.source_key if n == 1 else f"{f.source_key}-{n}", f))
    return out


def map_article(b: Builder, ctx: Context, key: str, f: EventFacts) -> None:
    """One source's quads (its named graph ``key``) into ``b``."""
    _source(b, ctx, f, key)
    games, sport = _games_and_sport(b, ctx, f)
    if f.kind == "event" and games is not None and sport is not None and f.event_name:
        map_event(b, ctx, f, games, sport)


def event_of(f: EventFacts, minter: Minter) -> URIRef | None:
    """The event node an article maps, if it maps one (articles of one event share nodes)."""
    if f.kind == "event" and f.games and f.sport and f.event_name:
        g = f.games.value
        return minter.event(g.year, g.season, f.sport.value, f.event_name.value)
    return None


def build_dataset(facts: Sequence[EventFacts], minter: Minter) -> Dataset:
    """Map the facts of every source into one dataset (one named graph per source)."""
    book = ClaimBook()
    b = Builder(minter, book)
    ctx = Context(b)
    for key, f in unique_keys(facts):
        map_article(b, ctx, key, f)
    cross_source_conflicts(b)
    b.quads.update(discrepancy_quads(minter, book.discrepancies()))
    if b.quads:
        b.quads.update(source_quads(minter))
    return to_dataset(b.quads)


def discrepancy_quads(minter: Minter, discrepancies: Iterable[Discrepancy]) -> set[Quad]:
    """The reconciliation graph's node for each discrepancy."""
    recon = minter.reference_source(RECONCILIATION)
    quads: set[Quad] = set()
    for d in discrepancies:
        what = d.facet.split("|")[0] or d.prop.split("#")[-1]
        node = minter.discrepancy(d.subject, what)
        values = sorted({v for _, v in d.claims})
        pairs: list[tuple[Node, Node]] = [
            (OLY.discrepancySubject, d.subject),
            (OLY.discrepancyProperty, d.prop),
            *((OLY.conflictingClaim, claim) for claim, _ in d.claims),
            (RDFS.comment, Literal(f"sources disagree on {what}: {' vs '.join(values)}")),
            (OLY.claimText, Literal(" vs ".join(values))),
            (RDFS.label, Literal(f"discrepancy in {what}")),
            (RDF.type, OLY.Discrepancy),
        ]
        quads.update((node, p, o, recon) for p, o in pairs)
    return quads


def source_quads(minter: Minter) -> set[Quad]:
    """The reference and reconciliation sources themselves (present when anything is mapped)."""
    ref = minter.reference_source(REFERENCE)
    recon = minter.reference_source(RECONCILIATION)
    return {
        (ref, RDF.type, OLY.ReferenceSource, ref),
        (ref, RDFS.label, Literal("olygraph reference tables (NOCs, Games)"), ref),
        (recon, RDF.type, OLY.ReferenceSource, recon),
        (recon, RDFS.label, Literal("olygraph reconciliation of claims across sources"), recon),
    }


def to_dataset(quads: set[Quad]) -> Dataset:
    """A Dataset filled in sorted order, so that every serialisation is deterministic."""
    ds = Dataset()
    for prefix, ns in PREFIXES:
        ds.bind(prefix, ns, override=True, replace=True)
    for s, p, o, g in sorted(
        quads, key=lambda q: (str(q[3]), str(q[0]), str(q[1]), _sort_key(q[2]))
    ):
        ds.graph(g).add((s, p, o))
    return ds


def _sort_key(o: object) -> str:
    if isinstance(o, Literal):
        return f"{o}\x00{o.datatype or ''}\x00{o.language or ''}"
    return str(o)
