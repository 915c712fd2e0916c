"""One group of articles → plain-string quads, for the streaming article exporter (issue 19).

Articles are mapped a group at a time: the articles of one event (they share its rounds, rows
and medals, so their cross-source conflicts are found together), or one article alone. Each
group is mapped by the same code as :func:`olygraph.mapping.article.build_dataset`, into a small
builder of its own; what it cannot settle alone is handed back for the caller to keep across
groups:

- the claims about *shared* nodes (Games, NOCs, athletes…: anything not inside the group's
  events or sources), whose discrepancies only the whole corpus shows;
- the reference graph's quads (NOC names), which every group repeats;
- which subjects are shared, so that the single-graph formats write each of their triples once.

Nothing here keeps state between groups, so groups can be mapped in worker processes. Terms
are plain strings from the start (:mod:`olygraph.mapping.terms`): an IRI as is, a literal as
``"\\x00" lexical "\\x00" datatype "\\x00" language``, so that a subject's pairs sort as plain
tuples of strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import URIRef

from olygraph.facts import EventFacts
from olygraph.ids import Minter, slug
from olygraph.mapping.article import discrepancy_quads, events_of, map_article
from olygraph.mapping.builder import Builder, Quad, cross_source_conflicts
from olygraph.mapping.claims import ClaimBook
from olygraph.mapping.context import REFERENCE, Context

#: an object: an IRI, or a literal as :func:`olygraph.mapping.terms.encode` writes it
Obj = str
#: one subject's triples in one graph: (subject, shared across groups, ((predicate, object)…))
Block = tuple[str, bool, tuple[tuple[str, Obj], ...]]
BookGroups = list[tuple[tuple[str, str, str], list[tuple[str, str]]]]


@dataclass(frozen=True, slots=True)
class GroupQuads:
    """What one group of articles maps to."""

    graphs: tuple[tuple[str, tuple[Block, ...]], ...]  # (graph IRI, its blocks), by IRI
    reference: tuple[tuple[str, str, Obj], ...]  # triples of the reference graph
    reconciliation: tuple[Block, ...]  # the discrepancies found inside the group
    shared_claims: BookGroups  # claims about shared nodes (for the corpus' discrepancies)
    claim_blocks: tuple[Block, ...]  # those claims' own triples (for the streamed validation)
    mapped: bool  # whether the group made any quad


class Locality:
    """Which subjects belong to one group only: its events (and everything minted inside
    them), their teams, its sources (with their fields) and its sources' claims."""

    def __init__(self, minter: Minter, events: Sequence[URIRef], keys: Sequence[str]) -> None:
        base = minter.base
        exact: list[str] = []
        for e in events:
            exact.append(str(e))
            rest = str(e)[len(base) + len("event/") :]
            exact.append(f"{base}team/{rest}")
        for key in keys:
            exact.append(str(minter.article_source(key)))
            exact.append(f"{base}claim/{slug(key)}")
        self._exact = frozenset(exact)
        self._prefixes = tuple(f"{x}/" for x in exact)

    def local(self, subject: str) -> bool:
        return subject in self._exact or subject.startswith(self._prefixes)


def blocks(quads: Iterable[Quad], locality: Locality) -> dict[str, list[Block]]:
    """Quads → per graph, per subject (sorted), its sorted pairs."""
    by_graph: dict[str, dict[str, set[tuple[str, Obj]]]] = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g, {}).setdefault(s, set()).add((p, o))
    return sorted_blocks(by_graph, locality)


def sorted_blocks(
    store: Mapping[str, Mapping[str, Iterable[tuple[str, Obj]]]], locality: Locality
) -> dict[str, list[Block]]:
    """Per graph (with any triple), per subject (sorted), its sorted pairs."""
    local = locality.local
    return {
        graph: [(s, not local(s), tuple(sorted(terms[s]))) for s in sorted(terms)]
        for graph, terms in store.items()
        if terms
    }


def map_group(members: Sequence[tuple[str, EventFacts]], base: str) -> GroupQuads:
    """Map the articles ``members`` (their unique source keys and facts) as one group."""
    minter = Minter(base)
    book = ClaimBook()
    b = Builder(minter, book)
    ctx = Context(b)
    for key, f in members:
        map_article(b, ctx, key, f)
    cross_source_conflicts(b)
    events = sorted({e for _, f in members for e in events_of(f, minter)})
    locality = Locality(minter, events, [key for key, _ in members])
    local, shared = ClaimBook(), []
    for group in book.groups():
        if locality.local(group[0][0]):
            local.extend([group])
        else:
            shared.append(group)
    ref = str(minter.reference_source(REFERENCE))
    graphs = sorted_blocks(b.store, locality)
    reference = tuple((s, p, o) for s, _, pairs in graphs.pop(ref, ()) for p, o in pairs)
    nodes = {node for _, claims in shared for node, _ in claims}
    claim_blocks = tuple(b for bs in graphs.values() for b in bs if b[0] in nodes)
    found = local.discrepancies()
    recon = blocks(list(discrepancy_quads(minter, found)), locality) if found else {}
    return GroupQuads(
        graphs=tuple((g, tuple(graphs[g])) for g in sorted(graphs)),
        reference=reference,
        reconciliation=tuple(block for bs in recon.values() for block in bs),
        shared_claims=shared,
        claim_blocks=claim_blocks,
        mapped=bool(b),
    )
