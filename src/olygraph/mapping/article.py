"""Facts → RDF quads in the olygraph ontology. Pure: no I/O.

One named graph per source article holds what that article states (with a Claim or a
provenance-bearing node for every fact); the reference graph holds olygraph's own tables
(NOC names, Games host cities); the reconciliation graph holds the discrepancies found.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Dataset, Literal, URIRef

from olygraph.facts import EventFacts
from olygraph.ids import Minter
from olygraph.mapping.builder import Builder, Quad, cross_source_conflicts
from olygraph.mapping.claims import ClaimBook
from olygraph.mapping.context import Context
from olygraph.mapping.event import map_event
from olygraph.vocab import DCTERMS, OLY, PREFIXES, RDF, RDFS

RECONCILIATION = "reconciliation"


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


def build_dataset(facts: Sequence[EventFacts], minter: Minter) -> Dataset:
    """Map the facts of every source into one dataset (one named graph per source)."""
    book = ClaimBook()
    b = Builder(minter, book)
    ctx = Context(b)
    ref = ctx.ref
    for key, f in unique_keys(facts):
        _source(b, ctx, f, key)
        games, sport = _games_and_sport(b, ctx, f)
        if f.kind == "event" and games is not None and sport is not None and f.event_name:
            map_event(b, ctx, f, games, sport)
    cross_source_conflicts(b)
    recon = minter.reference_source(RECONCILIATION)
    for d in book.discrepancies():
        what = d.facet.split("|")[0] or d.prop.split("#")[-1]
        node = minter.discrepancy(d.subject, what)
        b.add(node, OLY.discrepancySubject, d.subject, recon)
        b.add(node, OLY.discrepancyProperty, d.prop, recon)
        for claim, _ in d.claims:
            b.add(node, OLY.conflictingClaim, claim, recon)
        values = sorted({v for _, v in d.claims})
        b.add(
            node, RDFS.comment, Literal(f"sources disagree on {what}: {' vs '.join(values)}"), recon
        )
        b.add(node, OLY.claimText, Literal(" vs ".join(values)), recon)
        b.add(node, RDFS.label, Literal(f"discrepancy in {what}"), recon)
        b.add(node, RDF.type, OLY.Discrepancy, recon)
    if b.quads:
        b.add(ref, RDF.type, OLY.ReferenceSource, ref)
        b.add(ref, RDFS.label, Literal("olygraph reference tables (NOCs, Games)"), ref)
        b.add(recon, RDF.type, OLY.ReferenceSource, recon)
        b.add(recon, RDFS.label, Literal("olygraph reconciliation of claims across sources"), recon)
    return to_dataset(b.quads)


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
