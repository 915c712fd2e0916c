"""The manifest of a load target: which graphs the last load wrote, with their content hashes.

``olygraph load`` ends by writing ``<target>/.olygraph-manifest`` (:meth:`Minter.manifest`), in
the same update request as its last switch::

    <M> a load:Manifest ; load:target <target> ; load:olygraphVersion "0.1.0" ;
        load:loadedAt "2026-12-06T09:00:00Z"^^xsd:dateTime ; load:entry <g1> , <g2> .
    <g1> load:triples 4287 ; load:contentHash "xxh3-64sum:…" ; load:source "xxh3-128:…" .

``load:`` is ``https://w3id.org/olygraph/load#``; the default graph is ``load:defaultGraph``.
``load:source`` names, by an XXH3-128 of its bytes, each input file whose triples went into
the graph: a rerun does not read again a file it loaded before unchanged
(:mod:`olygraph.load.plan`).

The content hash of a graph does not depend on the order of its triples, nor on a triple
given twice: each triple (its N-Triples line as sent) has a 64-bit XXH3 digest; the hash is
the sum of the distinct digests modulo 2⁶⁴ (``xxh3-64sum:`` and 16 hex digits), and their
number is the count the store must hold. Digests are kept as 8 bytes each (``array('Q')``):
31 MB for the 3.8M triples of the history. A sum needs no sorting: the hashes of the history's
graphs take ~1.6 s instead of ~4.6 s for XXH3-128 of the sorted digests (the hash written
before, ``xxh3-128:…``: a manifest that holds it matches no hash of today, so the first load
after the change sends every graph once).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

import xxhash
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from olygraph import __version__
from olygraph.errors import LoadError
from olygraph.load.stores import Graph, Store
from olygraph.vocab import LOADED, RDF
from olygraph.write.sparql import sparql_term

#: triples per ``INSERT DATA`` of the manifest (Virtuoso refuses much larger ones)
_INSERT_BATCH: Final = 500


@dataclass(frozen=True, slots=True)
class Entry:
    """What the manifest says of one graph."""

    graph: Graph  # None: the default graph
    triples: int
    content: str  # content hash
    sources: frozenset[str] = frozenset()  # "xxh3-128:…" of the files that fed it


@dataclass(frozen=True, slots=True)
class Manifest:
    iri: URIRef
    entries: Mapping[Graph, Entry]
    version: str | None = None
    time: str | None = None


class ContentHash:
    """The digests of one graph's triples, as they stream by; :meth:`result` at the end."""

    __slots__ = ("digests",)

    def __init__(self) -> None:
        self.digests = array("Q")

    def update(self, lines: Iterable[bytes]) -> None:
        self.digests.extend(map(xxhash.xxh3_64_intdigest, lines))

    def result(self) -> tuple[int, str]:
        """The number of distinct triples and the content hash."""
        distinct = set(self.digests)
        return len(distinct), f"xxh3-64sum:{sum(distinct) & 0xFFFF_FFFF_FFFF_FFFF:016x}"


def _node(graph: Graph) -> str:
    return sparql_term(LOADED.defaultGraph if graph is None else graph)


def read(store: Store, iri: URIRef) -> Manifest:
    """The manifest at ``iri`` (empty when there is none)."""
    m, p = sparql_term(iri), LOADED
    what = f"reading the manifest <{iri}>"
    rows = store.select(
        f"SELECT ?g ?n ?h ?s WHERE {{ GRAPH {m} {{ {m} <{p.entry}> ?g . ?g <{p.triples}> ?n ; "
        f"<{p.contentHash}> ?h . OPTIONAL {{ ?g <{p.source}> ?s }} }} }}",
        what=what,
    )
    counts: dict[Graph, tuple[int, str]] = {}
    sources: dict[Graph, set[str]] = {}
    for row in rows:
        g, n, h, s = row.get("g"), row.get("n"), row.get("h"), row.get("s")
        if not isinstance(g, URIRef) or n is None or h is None:
            continue
        graph = None if g == LOADED.defaultGraph else g
        try:
            counts[graph] = (int(Decimal(str(n))), str(h))
        except (InvalidOperation, ValueError):
            raise LoadError(f"{what}: {graph} has no triple count") from None
        if s is not None:
            sources.setdefault(graph, set()).add(str(s))
    entries = {g: Entry(g, n, h, frozenset(sources.get(g, ()))) for g, (n, h) in counts.items()}
    about = store.select(
        f"SELECT ?v ?t WHERE {{ GRAPH {m} {{ {m} <{p.olygraphVersion}> ?v ; "
        f"<{p.loadedAt}> ?t }} }}",
        what=what,
    )
    version = str(about[0].get("v")) if about else None
    time = str(about[0].get("t")) if about else None
    return Manifest(iri, entries, version, time)


def update(manifest: URIRef, target: Graph, entries: Iterable[Entry], now: str) -> list[str]:
    """The SPARQL Update operations that replace the manifest graph by one of ``entries``."""
    m, p = sparql_term(manifest), LOADED
    lines = [
        f"{m} <{RDF.type}> <{p.Manifest}> .",
        f"{m} <{p.target}> {_node(target)} .",
        f"{m} <{p.olygraphVersion}> {sparql_term(Literal(__version__))} .",
        f"{m} <{p.loadedAt}> {sparql_term(Literal(now, datatype=XSD.dateTime))} .",
    ]
    for entry in sorted(entries, key=lambda e: "" if e.graph is None else str(e.graph)):
        g = _node(entry.graph)
        lines += [
            f"{m} <{p.entry}> {g} .",
            f"{g} <{p.triples}> {sparql_term(Literal(entry.triples))} .",
            f"{g} <{p.contentHash}> {sparql_term(Literal(entry.content))} .",
        ]
        lines += [f"{g} <{p.source}> {sparql_term(Literal(s))} ." for s in sorted(entry.sources)]
    ops = [f"DROP SILENT GRAPH {m}"]
    for start in range(0, len(lines), _INSERT_BATCH):
        body = "\n".join(lines[start : start + _INSERT_BATCH])
        ops.append(f"INSERT DATA {{ GRAPH {m} {{\n{body}\n}} }}")
    return ops
