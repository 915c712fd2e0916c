"""Mapped groups of articles → the streaming writers of :mod:`olygraph.tabular.serial`.

Each group's named graphs are written as they come; the N-Quads and TriG outputs keep one graph
per source, the single-graph formats get each group's triples merged by subject, and the
triples of *shared* subjects (Games, NOCs, athletes… that several groups repeat) once: a set of
their digests is all that is kept. The reference and reconciliation graphs come last: the
reference triples (one per NOC and fact, so few) are kept, the group's own discrepancies are
spilled to a temporary file, and the claims about shared nodes are kept to find the
discrepancies only the whole corpus shows.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO

from olygraph.ids import Minter
from olygraph.mapping import RECONCILIATION, REFERENCE, discrepancy_quads, source_quads
from olygraph.mapping_stream import Block, GroupQuads, Locality, Obj, blocks, literal
from olygraph.reconcile import ClaimBook
from olygraph.tabular.serial import RDF_TYPE, Pair, StreamWriter
from olygraph.write import FORMATS

_CACHE_MAX = 50_000  # rendered objects kept (IRIs and literals that recur: classes, parts…)


class ArticleWriter:
    """Writes :class:`GroupQuads` one after the other, then the corpus-wide graphs."""

    def __init__(self, w: StreamWriter, fmt: str, base: str) -> None:
        self.w = w
        self.named = FORMATS[fmt][2]
        self.minter = Minter(base)
        self._preds: dict[str, str] = {}
        self._objs: dict[tuple[str, Obj], Pair] = {}
        self._seen: set[bytes] = set()  # digests of shared triples written (one-graph formats)
        self._reference: set[tuple[str, str, Obj]] = set()
        self._book = ClaimBook()
        self._spill: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finish)
        self._mapped = False

    # --- groups -----------------------------------------------------------------------------
    def group(self, gq: GroupQuads) -> None:
        self._mapped = self._mapped or gq.mapped
        self._reference.update(gq.reference)
        self._book.extend(gq.shared_claims)
        if gq.reconciliation:
            pickle.dump(gq.reconciliation, self._spill, pickle.HIGHEST_PROTOCOL)
        if self.named:
            for graph, bs in gq.graphs:
                self._graph(graph, bs)
        else:
            self._blocks(_merged(bs for _, bs in gq.graphs))

    def _graph(self, graph: str, bs: Iterable[Block]) -> None:
        w = self.w
        w.start_graph(graph)
        for s, _, pairs in bs:
            w.block(w.subject(s), [self._pair(p, o) for p, o in pairs])
        w.end_graph()

    def _blocks(self, bs: Iterable[Block]) -> None:
        """Blocks of the single-graph formats: shared subjects' triples written once."""
        w = self.w
        seen = self._seen
        for s, shared, pairs in bs:
            if shared:
                fresh = []
                for p, o in pairs:
                    digest = hashlib.blake2b(
                        f"{s}\x01{p}\x01{o}".encode(), digest_size=16
                    ).digest()
                    if digest not in seen:
                        seen.add(digest)
                        fresh.append((p, o))
                if not fresh:
                    continue
                pairs = tuple(fresh)
            w.block(w.subject(s), [self._pair(p, o) for p, o in pairs])

    def _pair(self, p: str, o: Obj) -> Pair:
        key = (p, o)
        rendered = self._objs.get(key)
        if rendered is not None:
            return rendered
        w = self.w
        pred = self._preds.get(p)
        if pred is None:
            pred = self._preds[p] = w.pred(p)
        lit = literal(o)
        if lit is not None:
            token = w.literal(*lit)
        else:
            token = w.type_object(o) if p == RDF_TYPE else w.vocab(o)
        rendered = w.pair(pred, token)
        if len(self._objs) >= _CACHE_MAX:
            self._objs.clear()
        self._objs[key] = rendered
        return rendered

    # --- the corpus-wide graphs ---------------------------------------------------------------
    def finish(self) -> None:
        """The reference and reconciliation graphs, then the writer's end."""
        minter = self.minter
        ref = str(minter.reference_source(REFERENCE))
        recon = str(minter.reference_source(RECONCILIATION))
        every = Locality(minter, [], [])  # nothing is local to the corpus-wide graphs
        extra = discrepancy_quads(minter, self._book.discrepancies())
        if self._mapped:
            extra |= source_quads(minter)
        end = blocks(list(extra), every)
        reference = _by_subject(self._reference, every) + end.get(ref, [])
        spilled: list[Block] = []
        self._spill.seek(0)
        while True:
            try:
                spilled.extend(pickle.load(self._spill))
            except EOFError:
                break
        self._spill.close()
        reconciliation = spilled + end.get(recon, [])
        if self.named:
            for graph, bs in sorted(((ref, reference), (recon, reconciliation))):
                if bs:
                    self._graph(graph, bs)
        else:
            self._blocks(_merged([reference, reconciliation]))


def _by_subject(triples: Iterable[tuple[str, str, Obj]], locality: Locality) -> list[Block]:
    subjects: dict[str, list[tuple[str, Obj]]] = {}
    for s, p, o in triples:
        subjects.setdefault(s, []).append((p, o))
    return [
        (s, not locality.local(s), tuple(sorted(subjects[s]))) for s in sorted(subjects)
    ]


def _merged(graphs: Iterable[Sequence[Block]]) -> list[Block]:
    """Blocks of several graphs, one per subject (sorted), their pairs merged and sorted."""
    graphs = list(graphs)
    if len(graphs) == 1:
        return list(graphs[0])
    subjects: dict[str, tuple[bool, set[tuple[str, Obj]]]] = {}
    for bs in graphs:
        for s, shared, pairs in bs:
            entry = subjects.get(s)
            if entry is None:
                subjects[s] = (shared, set(pairs))
            else:
                entry[1].update(pairs)
    return [
        (s, subjects[s][0], tuple(sorted(subjects[s][1]))) for s in sorted(subjects)
    ]
