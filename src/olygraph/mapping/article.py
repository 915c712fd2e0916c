"""Facts → RDF quads in the olygraph ontology. Pure: no I/O.

One named graph per source article holds what that article states (with a Claim or a
provenance-bearing node for every fact); the reference graph holds olygraph's own tables
(NOC names, Games host cities); the reconciliation graph holds the discrepancies found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier

from olygraph.facts import EventFacts
from olygraph.ids import Minter
from olygraph.mapping.builder import Builder, Quad, cross_source_conflicts
from olygraph.mapping.claims import ClaimBook, Discrepancy
from olygraph.mapping.context import REFERENCE, Context
from olygraph.mapping.event import map_event
from olygraph.mapping.summary import map_matches, map_summary_events
from olygraph.mapping.terms import Term, lit, term
from olygraph.vocab import DCTERMS, OLY, PREFIXES, RDF, RDFS

RECONCILIATION = "reconciliation"


def _source(b: Builder, ctx: Context, f: EventFacts, key: str) -> URIRef:
    src = b.minter.article_source(key)
    b.start_source(src, key)
    b.unusable = {(p.line, p.text.strip().casefold()): p.message for p in f.problems
                  if p.kind == "unparsed-value"}  # fmt: skip
    b.typed(src, OLY.ArticleSource, f.title)
    b.add(src, DCTERMS.title, lit(f.title))
    b.add(src, OLY.fileName, lit(f.file))
    b.add(src, OLY.articleKind, lit(f.kind))
    b.add(src, OLY.truncated, lit(f.truncated))
    for u in f.unmapped:
        node = b.minter.unmapped(key, u.text, u.loc.line or 0)
        b.typed(node, OLY.UnmappedField, f"{u.text}: {u.value}")
        b.add(node, OLY.key, lit(u.text))
        b.add(node, OLY.claimText, lit(u.value))
        b.add(src, OLY.unmappedField, node)
        b.kept_field(node, u.loc.line, u.value)
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
        event = map_event(b, ctx, f, games, sport)
        map_matches(b, ctx, f, event)
    elif f.summary_events and games is not None and sport is not None:
        map_summary_events(b, ctx, f, games, sport)


def events_of(f: EventFacts, minter: Minter) -> list[URIRef]:
    """Every event node an article maps. Articles naming one event are mapped together (they
    share its rounds, rows and medals): a new way of mapping events must be listed here."""
    if f.kind == "event" and f.games and f.sport and f.event_name:
        g = f.games.value
        return [minter.event(g.year, g.season, f.sport.value, f.event_name.value)]
    if f.summary_events and f.games and f.sport:  # a sport page's medal-summary rows
        g, sport = f.games.value, f.sport.value
        return [minter.event(g.year, g.season, sport, e.name) for e in f.summary_events]
    return []


def build_dataset(facts: Sequence[EventFacts], minter: Minter) -> Dataset:
    """Map the facts of every source into one dataset (one named graph per source)."""
    book = ClaimBook()
    b = Builder(minter, book)
    ctx = Context(b)
    for key, f in unique_keys(facts):
        map_article(b, ctx, key, f)
    cross_source_conflicts(b)
    b.update(discrepancy_quads(minter, book.discrepancies()))
    if b:
        b.update(source_quads(minter))
    return to_dataset(b.quads())


def discrepancy_quads(minter: Minter, discrepancies: Iterable[Discrepancy]) -> set[Quad]:
    """The reconciliation graph's node for each discrepancy."""
    recon = str(minter.reference_source(RECONCILIATION))
    quads: set[Quad] = set()
    for d in discrepancies:
        what = d.facet.split("|")[0] or d.prop.split("#")[-1]
        node = str(minter.discrepancy(URIRef(d.subject), what))
        values = sorted({v for _, v in d.claims})
        pairs: list[tuple[str, Term]] = [
            (OLY.discrepancySubject, d.subject),
            (OLY.discrepancyProperty, d.prop),
            *((OLY.conflictingClaim, claim) for claim, _ in d.claims),
            (RDFS.comment, lit(f"sources disagree on {what}: {' vs '.join(values)}")),
            (OLY.claimText, lit(" vs ".join(values))),
            (RDFS.label, lit(f"discrepancy in {what}")),
            (RDF.type, OLY.Discrepancy),
        ]
        quads.update((node, str(p), str(o), recon) for p, o in pairs)
    return quads


def source_quads(minter: Minter) -> set[Quad]:
    """The reference and reconciliation sources themselves (present when anything is mapped)."""
    ref = str(minter.reference_source(REFERENCE))
    recon = str(minter.reference_source(RECONCILIATION))
    kind, label = str(RDF.type), str(RDFS.label)
    return {
        (ref, kind, str(OLY.ReferenceSource), ref),
        (ref, label, lit("olygraph reference tables (NOCs, Games)"), ref),
        (recon, kind, str(OLY.ReferenceSource), recon),
        (recon, label, lit("olygraph reconciliation of claims across sources"), recon),
    }


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    """The quads (plain strings, :mod:`olygraph.mapping.terms`) as rdflib terms in a Dataset,
    filled in sorted order, so that every serialisation is deterministic."""
    ds = Dataset()
    for prefix, ns in PREFIXES:
        ds.bind(prefix, ns, override=True, replace=True)
    graphs: dict[URIRef, Graph] = {}

    def graph(g: URIRef) -> Graph:  # ds.graph() per quad cost more than the adding
        found = graphs.get(g)
        if found is None:
            found = graphs[g] = ds.graph(g)
        return found

    terms = [(URIRef(s), URIRef(p), term(o), URIRef(g)) for s, p, o, g in quads]
    ordered = sorted(terms, key=lambda q: (str(q[3]), str(q[0]), str(q[1]), _sort_key(q[2])))
    ds.addN((s, p, o, graph(g)) for s, p, o, g in ordered)
    return ds


def _sort_key(o: Identifier) -> str:
    if isinstance(o, Literal):
        return f"{o}\x00{o.datatype or ''}\x00{o.language or ''}"
    return str(o)
