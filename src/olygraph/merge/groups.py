"""Merging a streamed corpus of articles into datasets, a group at a time (issue 19).

:func:`~olygraph.merge.merge_articles` reads one rdflib graph of every article. A streamed
export has the articles as mapped groups (:class:`~olygraph.mapping.stream.GroupQuads`), so
the plan is made from them, in bounded memory:

1. each group gives the triples the plan reads (:data:`PLAN_PREDICATES`): its own, and those
   of the *shared* nodes it states (athletes, NOCs, sports, Games), which every group adds to
   one :class:`SharedFacts` (a few triples per shared node, not a graph of the corpus);
2. each group's events are then read out of a small graph, in the workers: the group's own
   triples and what the whole corpus states of the shared nodes it names
   (:meth:`SharedFacts.around`, :func:`group_sides`), which is all
   :func:`~olygraph.merge.plan.event_sides` reads of the union graph;
3. :func:`~olygraph.merge.plan.plan_sides` plans from those, as
   :func:`~olygraph.merge.plan.plan_merge` does from the union graph;
4. the writer rewrites each group's blocks (:func:`rewrite_group`), and the corpus-wide graphs'
   at the end, and adds the plan's evidence (:func:`evidence_quads`), as
   :func:`~olygraph.merge.apply.apply_plan` does to the articles' rdflib dataset.

Terms are the mapping's plain strings (:mod:`olygraph.mapping.terms`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from rdflib import BNode, Graph, Literal
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Identifier

from olygraph.ids import Minter
from olygraph.mapping.article import RECONCILIATION
from olygraph.mapping.stream import Block, GroupQuads, Obj
from olygraph.mapping.terms import encode, term
from olygraph.merge.apply import evidence
from olygraph.merge.plan import EventSide, ExportPlan, event_sides
from olygraph.vocab import DEFAULT_BASE, OLY, PROV, RDF, RDFS, SKOS

__all__ = [
    "PLAN_PREDICATES", "SharedFacts", "Triple", "evidence_quads", "graph_of", "group_sides",
    "plan_triples", "rewrite_blocks", "rewrite_group",
]  # fmt: skip

Triple = tuple[str, str, Obj]

_TERMS: dict[str, Identifier] = {}  # plain-string terms as rdflib terms, per process
_MAX_TERMS: Final = 20_000

#: every predicate :func:`~olygraph.merge.plan.event_sides` reads (through
#: :mod:`olygraph.identity.article` and the plan's own lookups)
PLAN_PREDICATES: Final = frozenset(
    str(p)
    for p in (
        RDF.type, RDFS.label, SKOS.altLabel, PROV.wasDerivedFrom, OLY.event, OLY.games,
        OLY.year, OLY.season, OLY.sport, OLY.name, OLY.gender, OLY.distance, OLY.roundKind,
        OLY.result, OLY.rank, OLY.competitor, OLY.medal, OLY.awardedTo, OLY.holder,
        OLY.member, OLY.noc, OLY.code, OLY.sourceLine, OLY.sourceLocation,
    )
)  # fmt: skip


def plan_triples(gq: GroupQuads) -> tuple[list[Triple], list[Triple]]:
    """The triples of a group the plan reads, every graph merged (its reference triples and
    discrepancies too, as in the union graph): (all of them, those of its shared subjects)."""
    mine: set[Triple] = set()
    shared: set[Triple] = set()
    keep = PLAN_PREDICATES
    for bs in (*(bs for _, bs in gq.graphs), gq.reconciliation):
        for s, is_shared, pairs in bs:
            found = [(s, p, o) for p, o in pairs if p in keep]
            mine.update(found)
            if is_shared:
                shared.update(found)
    reference = [t for t in gq.reference if t[1] in keep]  # NOC names, every group repeats
    mine.update(reference)
    shared.update(reference)
    return sorted(mine), sorted(shared)


class SharedFacts:
    """What the whole corpus states of its shared nodes, among :data:`PLAN_PREDICATES`."""

    def __init__(self) -> None:
        self._pairs: dict[str, set[tuple[str, Obj]]] = {}

    def add(self, triples: Iterable[Triple]) -> None:
        pairs = self._pairs
        for s, p, o in triples:
            found = pairs.get(s)
            if found is None:
                found = pairs[s] = set()
            found.add((p, o))

    def has(self, node: str, kind: str) -> bool:
        """Whether some group states ``node`` a ``kind`` (an ``rdf:type``)."""
        return (str(RDF.type), kind) in self._pairs.get(node, ())

    def around(self, triples: Iterable[Triple]) -> list[Triple]:
        """What is stated of the shared nodes ``triples`` name, and of the nodes those name
        (an athlete's NOC's code): two steps, as far as the plan looks."""
        pairs = self._pairs
        out: list[Triple] = []
        seen: set[str] = set()
        frontier = {x for s, _, o in triples for x in (s, o) if not o.startswith("\x00")}
        for _ in range(2):
            found: set[str] = set()
            for node in frontier - seen:
                seen.add(node)
                for p, o in pairs.get(node, ()):
                    out.append((node, p, o))
                    if not o.startswith("\x00"):
                        found.add(o)
            frontier = found
        return out


def graph_of(triples: Iterable[Triple]) -> Graph:
    """Plain-string triples as a small rdflib graph (a store without contexts: about twice
    as quick to fill as the default one)."""
    g = Graph(store=SimpleMemory())
    add = g.add
    cache = _TERMS
    if len(cache) > _MAX_TERMS:
        cache.clear()
    for s, p, o in triples:
        ts, tp, to = cache.get(s), cache.get(p), cache.get(o)
        if ts is None:
            ts = cache[s] = term(s)
        if tp is None:
            tp = cache[p] = term(p)
        if to is None:
            to = cache[o] = term(o)
        add((ts, tp, to))
    return g


def group_sides(batch: Sequence[Sequence[Triple]]) -> list[EventSide]:
    """The :class:`~olygraph.merge.plan.EventSide` of each group's events (each group's
    triples and what :meth:`SharedFacts.around` adds), in a worker."""
    return [side for triples in batch for side in event_sides(graph_of(triples))]


def rewrite_blocks(bs: Sequence[Block], rewrite: Mapping[str, str]) -> Sequence[Block]:
    """Blocks with every IRI subject and object through ``rewrite``: a rewritten subject
    counts as shared (the datasets state it too), blocks of one subject become one."""
    if not rewrite or not any(
        s in rewrite or any(o in rewrite for _, o in pairs) for s, _, pairs in bs
    ):
        return bs
    subjects: dict[str, tuple[bool, set[tuple[str, Obj]]]] = {}
    for s, is_shared, pairs in bs:
        to = rewrite.get(s, s)
        moved = [(p, rewrite.get(o, o)) for p, o in pairs]
        entry = subjects.get(to)
        shared = is_shared or to != s
        if entry is None:
            subjects[to] = (shared, set(moved))
        else:
            subjects[to] = (entry[0] or shared, entry[1] | set(moved))
    return [(s, subjects[s][0], tuple(sorted(subjects[s][1]))) for s in sorted(subjects)]


def rewrite_group(gq: GroupQuads, rewrite: Mapping[str, str]) -> GroupQuads:
    """A mapped group with its graphs, reference triples and discrepancies rewritten (the
    claims kept for the corpus' discrepancies are not: those are found before merging)."""
    if not rewrite:
        return gq
    return dataclasses.replace(
        gq,
        graphs=tuple((g, tuple(rewrite_blocks(bs, rewrite))) for g, bs in gq.graphs),
        reference=tuple((rewrite.get(s, s), p, rewrite.get(o, o)) for s, p, o in gq.reference),
        reconciliation=tuple(rewrite_blocks(gq.reconciliation, rewrite)),
    )


def evidence_quads(plan: ExportPlan, base: str = DEFAULT_BASE) -> set[tuple[str, str, Obj, str]]:
    """The plan's evidence (:func:`~olygraph.merge.apply.evidence`) as quads of plain-string
    terms in the reconciliation graph."""
    graph = str(Minter(base).reference_source(RECONCILIATION))
    out: set[tuple[str, str, Obj, str]] = set()
    for s, p, o in evidence(plan, base):
        if isinstance(o, BNode):
            raise ValueError("the plan's evidence holds no blank node")
        obj = encode(o) if isinstance(o, Literal) else str(o)
        out.add((str(s), str(p), obj, graph))
    return out
