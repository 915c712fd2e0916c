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

import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Protocol

from olygraph.api.article_render import (
    Prepared,
    Renderer,
    digest,
    merged_blocks,
    shared_blocks,
    split_local,
)
from olygraph.ids import Minter
from olygraph.mapping.article import RECONCILIATION, discrepancy_quads, source_quads
from olygraph.mapping.claims import ClaimBook
from olygraph.mapping.context import REFERENCE
from olygraph.mapping.stream import Block, GroupQuads, Locality, Obj, blocks
from olygraph.merge.groups import evidence_quads, rewrite_group
from olygraph.merge.plan import ExportPlan
from olygraph.tabular.serial import StreamWriter
from olygraph.write.rdf import FORMATS

#: where bytes are: a file, an offset in it, a length
Span = tuple[IO[bytes], int, int]


class Tee(Protocol):
    """Sees what is written (the streamed validation): every group, each shared triple the
    first time, and the corpus-wide graphs with the claims their discrepancies link."""

    def group(self, gq: GroupQuads) -> None: ...

    def shared(self, s: str, pairs: Sequence[tuple[str, Obj]]) -> None: ...

    def finish(self, corpus: Sequence[Block], claims: Sequence[Block]) -> None: ...


class ArticleWriter:
    """Writes :class:`GroupQuads` one after the other, then the corpus-wide graphs."""

    def __init__(
        self, w: StreamWriter, fmt: str, base: str, tee: Tee | None = None,
        merge: ExportPlan | None = None,
    ) -> None:  # fmt: skip
        """``merge``: every IRI through its rewrite map, and its evidence added at the end
        (:mod:`olygraph.merge.groups`)."""
        self.r = Renderer(w)
        self.merge = merge
        self.fmt = fmt
        self.named = FORMATS[fmt][2]
        self.minter = Minter(base)
        self.tee = tee
        #: the tee's way to take a group rendered for it in the worker, if it has one
        self._checked = getattr(tee, "checked", None)
        self._seen: set[bytes] = set()  # digests of the shared triples seen
        self._reference: set[tuple[str, str, Obj]] = set()
        self._book = ClaimBook()
        self._spill: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finish)
        self._claims: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finish)
        self._mapped = False

    # --- groups -----------------------------------------------------------------------------
    def group(self, item: GroupQuads | Prepared, text: Span | None = None) -> None:
        """One mapped group (maybe rendered already, :mod:`olygraph.api.article_render`; its
        text then in ``p.text``, or at ``text``: a file, an offset, a length)."""
        p = item if isinstance(item, Prepared) else Prepared(item)
        if self.merge is not None:  # rendered here, rewritten
            if not p.graphs_kept:
                raise ValueError("a merge needs the groups' graphs")
            p, text = Prepared(rewrite_group(p.gq, self.merge.rewrite)), None
        gq = p.gq
        self._mapped = self._mapped or gq.mapped
        self._reference.update(gq.reference)
        self._book.extend(gq.shared_claims)
        if gq.reconciliation:
            pickle.dump(gq.reconciliation, self._spill, pickle.HIGHEST_PROTOCOL)
        tee = self.tee
        if tee is not None:
            if p.validated:
                pass  # checked in pass 1: the tee has its results
            elif p.check is not None and self._checked is not None:
                self._checked(p)  # the group rendered for it in the worker
            elif p.graphs_kept:
                tee.group(gq)
            else:
                raise ValueError("this tee needs the groups' graphs")
            if gq.claim_blocks:
                pickle.dump(gq.claim_blocks, self._claims, pickle.HIGHEST_PROTOCOL)
        if p.fmt == self.fmt:  # rendered in the worker
            if text is None:
                self.r.w.raw(p.text, p.triples)
            else:
                self.r.w.raw_span(*text, p.triples)
            if not self.named:
                self._blocks(p.shared, p.digests)
            elif tee is not None:
                self._shared(p)
            return
        merged = merged_blocks(bs for _, bs in gq.graphs)
        if self.named:
            for graph, bs in gq.graphs:
                self._graph(graph, bs)
            if tee is not None:
                for s, shared, pairs in merged:
                    if shared:
                        self._fresh(s, pairs)
        else:
            local, rest = split_local(merged)
            self._blocks(local)
            self._blocks(rest)

    def _shared(self, p: Prepared) -> None:
        """The shared triples of a rendered group in a named format, shown to the tee once."""
        rendered = p.check is not None or p.validated  # its shared blocks made in the worker
        for s, _, pairs in p.shared if rendered else shared_blocks(p.gq):
            self._fresh(s, pairs)

    def _graph(self, graph: str, bs: Iterable[Block]) -> None:
        self.r.w.start_graph(graph)
        for s, _, pairs in bs:
            self.r.block(s, pairs)
        self.r.w.end_graph()

    def _blocks(self, bs: Iterable[Block], digests: Sequence[bytes] = ()) -> None:
        """Blocks of the single-graph formats: shared subjects' triples written once.
        ``digests``: those of the shared blocks' pairs in turn, when made already."""
        at = 0
        for s, shared, pairs in bs:
            if shared:
                n = len(pairs)
                pairs = self._fresh(s, pairs, digests[at : at + n] if digests else None)
                at += n
                if not pairs:
                    continue
            self.r.block(s, pairs)

    def _fresh(
        self, s: str, pairs: Sequence[tuple[str, Obj]], digests: Sequence[bytes] | None = None
    ) -> tuple[tuple[str, Obj], ...]:
        """The pairs of shared subject ``s`` not seen before (and shown to the tee)."""
        seen = self._seen
        fresh = []
        if digests is None:
            digests = [digest(s, p, o) for p, o in pairs]
        for (p, o), d in zip(pairs, digests, strict=True):
            if d not in seen:
                seen.add(d)
                fresh.append((p, o))
        if fresh and self.tee is not None:
            self.tee.shared(s, fresh)
        return tuple(fresh)

    # --- the corpus-wide graphs ---------------------------------------------------------------
    def finish(self) -> None:
        """The reference and reconciliation graphs, then the writer's end."""
        minter = self.minter
        ref = str(minter.reference_source(REFERENCE))
        recon = str(minter.reference_source(RECONCILIATION))
        every = Locality(minter, [], [])  # nothing is local to the corpus-wide graphs
        found = self._book.discrepancies()
        extra = discrepancy_quads(minter, found)
        if self._mapped:
            extra |= source_quads(minter)
        if self.merge is not None:  # rewritten, and the plan's evidence added
            rewrite = self.merge.rewrite
            extra = {(rewrite.get(s, s), p, rewrite.get(o, o), g) for s, p, o, g in extra}
            extra |= evidence_quads(self.merge, minter.base)
        end = blocks(list(extra), every)
        reference = _by_subject(self._reference, every) + end.get(ref, [])
        spilled, ended = list(_unspill(self._spill)), end.get(recon, [])
        reconciliation = spilled + ended
        if self.merge is not None:  # one block per subject: the evidence adds to the groups'
            reconciliation = merged_blocks([spilled, ended])
        if self.named:
            for graph, bs in sorted(((ref, reference), (recon, reconciliation))):
                if bs:
                    self._graph(graph, bs)
        else:
            self._blocks(merged_blocks([reference, reconciliation]))
        if self.tee is not None:
            linked = {str(c) for d in found for c, _ in d.claims}
            claims = [b for b in _unspill(self._claims) if b[0] in linked]
            self.tee.finish(merged_blocks([reference, end.get(recon, [])]), claims)
        self._claims.close()


def _unspill(spill: IO[bytes]) -> Iterator[Block]:
    """Every block pickled into ``spill``, which is closed after."""
    spill.seek(0)
    with spill:
        while True:
            try:
                yield from pickle.load(spill)
            except EOFError:
                return


def _by_subject(triples: Iterable[tuple[str, str, Obj]], locality: Locality) -> list[Block]:
    subjects: dict[str, list[tuple[str, Obj]]] = {}
    for s, p, o in triples:
        subjects.setdefault(s, []).append((p, o))
    return [(s, not locality.local(s), tuple(sorted(subjects[s]))) for s in sorted(subjects)]
