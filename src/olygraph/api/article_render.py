"""A mapped group of articles rendered in the worker that mapped it (issue 19).

The streamed article export maps each article in a worker process right after reading it
(:mod:`olygraph.api.articles`); rendering the group's triples there too leaves the main
process little more than copying bytes in the final order, so the workers' cores do the work.

What a worker can render alone is what does not depend on the rest of the corpus:

- N-Quads and TriG: every graph of the group, whole (each source's graph holds its own copy of
  the shared nodes' triples);
- N-Triples and Turtle: the group's *local* subjects (its events, sources, claims…), merged
  over its graphs; the *shared* subjects (Games, NOCs, athletes…) stay as blocks, for the
  writer to drop the triples an earlier group wrote already.

JSON-LD and RDF/XML are rendered by the main process: their writers keep state between blocks
(the separator of ``@graph``'s members, the namespaces RDF/XML declares as it meets them).
Either way the writer emits a group's local blocks before its shared ones
(:meth:`olygraph.api.article_writer.ArticleWriter.group`), so the bytes do not depend on where
the rendering happened.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from olygraph.mapping.stream import Block, GroupQuads, Obj
from olygraph.mapping.terms import parts
from olygraph.tabular.serial import RDF_TYPE, Pair, StreamWriter
from olygraph.tabular.writers import writer_for

#: the formats a worker renders (the others keep state between blocks)
RENDERED: Final = frozenset({"nt", "nq", "ttl", "trig"})
NAMED: Final = frozenset({"nq", "trig"})
_CACHE_MAX = 8_192  # rendered pairs kept (classes, parts, line numbers… recur; texts do not)


class Renderer:
    """A writer's pairs for plain-string triples, with the recurring ones cached."""

    def __init__(self, w: StreamWriter) -> None:
        self.w = w
        self._preds: dict[str, str] = {}
        self._pairs: dict[tuple[str, Obj], Pair] = {}

    def block(self, s: str, pairs: Iterable[tuple[str, Obj]]) -> None:
        cache, pair = self._pairs, self.pair
        rendered = [cache.get(po) or pair(*po) for po in pairs]
        self.w.block(self.w.subject(s), rendered)

    def pair(self, p: str, o: Obj) -> Pair:
        """The rendered pair, made and cached (:meth:`block` looked in the cache already)."""
        w = self.w
        pred = self._preds.get(p)
        if pred is None:
            pred = self._preds[p] = w.pred(p)
        lit = parts(o)
        if lit is not None:
            token = w.literal(*lit)
        else:
            token = w.type_object(o) if p == RDF_TYPE else w.vocab(o)
        rendered = w.pair(pred, token)
        if len(self._pairs) >= _CACHE_MAX:
            self._pairs.clear()
        self._pairs[(p, o)] = rendered
        return rendered


@dataclass(frozen=True, slots=True)
class Prepared:
    """A mapped group, maybe rendered: what the writer needs of it."""

    gq: GroupQuads  # its ``graphs`` are left out (empty) when ``text`` holds them and no
    #                 validation needs them
    fmt: str | None = None  # the format ``text`` is in; None: not rendered
    text: bytes = b""  # named formats: every graph; the others: the local blocks
    triples: int = 0  # in ``text``
    shared: tuple[Block, ...] = ()  # single-graph formats: the shared blocks, not in ``text``
    graphs_kept: bool = True
    #: for the streamed validation (:func:`prepare` with ``check``): every triple of the group
    #: as N-Triples (its graphs, its discrepancies, its reference triples), their number, and
    #: the subjects shared with other groups (whose results the corpus-wide run gives)
    check: bytes | None = None
    check_triples: int = 0
    check_shared: frozenset[str] = frozenset()
    #: the :func:`digest` of each pair of ``shared`` in turn (single-graph formats: made in the
    #: worker, so that the writer only looks them up)
    digests: tuple[bytes, ...] = ()
    #: validated in pass 1 already (its ``check`` taken out; the tee has its results)
    validated: bool = False


def digest(s: str, p: str, o: Obj) -> bytes:
    """A triple's digest: what the writer keeps of the shared triples it has written."""
    return hashlib.blake2b(f"{s}\x01{p}\x01{o}".encode(), digest_size=16).digest()


def shared_blocks(gq: GroupQuads) -> tuple[Block, ...]:
    """The blocks of a group's shared subjects, its graphs merged."""
    return tuple(b for b in merged_blocks(bs for _, bs in gq.graphs) if b[1])


def split_local(merged: Sequence[Block]) -> tuple[list[Block], list[Block]]:
    """A group's merged blocks: (local ones, shared ones), each in subject order."""
    return [b for b in merged if not b[1]], [b for b in merged if b[1]]


def merged_blocks(graphs: Iterable[Sequence[Block]]) -> list[Block]:
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
    return [(s, subjects[s][0], tuple(sorted(subjects[s][1]))) for s in sorted(subjects)]


_RENDERERS: dict[tuple[str, str], Renderer] = {}  # per format and use, per process


def prepare(
    gq: GroupQuads, fmt: str | None, keep_graphs: bool = True, check: bool = False
) -> Prepared:
    """``gq`` rendered in ``fmt`` when this process can (``fmt`` in :data:`RENDERED`); its
    graphs left out unless ``keep_graphs``; ``check``: rendered for the streamed validation
    too (then the shared blocks are kept in every format)."""
    reuse = check and fmt == "nt"  # the output's local blocks are the check's N-Triples
    checked = for_check(gq) if check and not reuse else None
    if fmt not in RENDERED:
        if checked is None:
            return Prepared(gq)
        return Prepared(gq, shared=shared_blocks(gq), check=checked[0], check_triples=checked[1],
                        check_shared=checked[2])  # fmt: skip
    r = _renderer(fmt)
    w = r.w
    if fmt in NAMED:
        for graph, bs in gq.graphs:
            w.start_graph(graph)
            for s, _, pairs in bs:
                r.block(s, pairs)
            w.end_graph()
        shared = shared_blocks(gq) if check else ()
    else:
        local, rest = split_local(merged_blocks(bs for _, bs in gq.graphs))
        for s, _, pairs in local:
            r.block(s, pairs)
        shared = tuple(rest)
    text, triples = _taken(w)
    if reuse:
        checked = for_check(gq, (text, triples), shared)
    kept = gq if keep_graphs else dataclasses.replace(gq, graphs=())
    digests = () if fmt in NAMED else tuple(digest(s, p, o) for s, _, ps in shared for p, o in ps)
    if checked is None:
        return Prepared(kept, fmt, text, triples, shared, keep_graphs, digests=digests)
    return Prepared(kept, fmt, text, triples, shared, keep_graphs, *checked, digests=digests)


def _taken(w: StreamWriter) -> tuple[bytes, int]:
    """What the renderer's writer rendered since the last call, and its triples."""
    text, triples = w.take_bytes(), int(w.triples)
    w.triples = 0
    return text, triples


def for_check(
    gq: GroupQuads, local: tuple[bytes, int] | None = None, rest: Sequence[Block] = ()
) -> tuple[bytes, int, frozenset[str]]:
    """The group as the streamed validation reads it: every graph's blocks, the
    discrepancies', the reference triples (N-Triples), and the shared subjects. ``local``:
    the group's local blocks, its graphs merged, already rendered in N-Triples (with their
    triples; the N-Triples output), and ``rest`` its shared blocks merged: only those are
    rendered for the graphs (a store holds each triple once, merged or not)."""
    r = _renderer("nt", "check")
    shared: set[str] = set()
    graphs = [bs for _, bs in gq.graphs] if local is None else [rest]
    for bs in (*graphs, gq.reconciliation):
        for s, is_shared, pairs in bs:
            if is_shared:
                shared.add(s)
            r.block(s, pairs)
    for s, p, o in gq.reference:
        shared.add(s)
        r.block(s, [(p, o)])
    text, triples = _taken(r.w)
    if local is not None:
        text, triples = local[0] + text, local[1] + triples
    return text, triples, frozenset(shared)


def ntriples(bs: Iterable[Block]) -> tuple[bytes, int]:
    """Blocks as N-Triples (rendered as :func:`for_check` renders them), and their triples."""
    r = _renderer("nt", "check")
    for s, _, pairs in bs:
        r.block(s, pairs)
    return _taken(r.w)


def _renderer(fmt: str, use: str = "output") -> Renderer:
    """This process's renderer of ``fmt`` for ``use``: its writer keeps what it renders (it
    writes nothing: :meth:`~olygraph.tabular.serial.StreamWriter.take_bytes` takes it)."""
    found = _RENDERERS.get((fmt, use))
    if found is None:
        w = writer_for(fmt, io.BytesIO())
        w.flush_at = sys.maxsize
        found = _RENDERERS[(fmt, use)] = Renderer(w)
    return found
