"""Validate a streamed article export part by part, in bounded memory (issue 19).

The export is validated while it is written, without the whole graph in memory: the groups
of articles are gathered into parts of about ``part_triples`` triples, and each part (every
graph of its groups merged, as the single-graph formats and the shapes see them) is checked by
the fast engine in a worker, in its own small store. A part holds everything its events and
sources state, and each source repeats the triples of the shared nodes (Games, NOCs,
athletes…) it names, so the results about the part's own nodes are those of the whole graph.
The results about shared nodes come from one last run on what only the whole corpus shows:
every shared triple once, the reference and reconciliation graphs, and the claims that the
corpus-wide discrepancies link.

``export`` and ``validate`` (without the report graph) check most articles earlier, in pass 1
(:func:`check_articles`): the worker that read a task's articles validates them together as
one part and keeps, per article, the results about its own nodes; an article mapped again in
pass 2 (one event told by several files, a title several files have) loses those and is
checked in a part of pass 2. Its N-Triples then never travel between processes, and the
validation runs alongside the reading rather than after it.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from olygraph.api.article_render import Prepared, Renderer, for_check, ntriples
from olygraph.api.article_scan import EarlyMember
from olygraph.api.articles import Checked
from olygraph.ids import Minter
from olygraph.mapping.article import source_quads
from olygraph.mapping.stream import Block, GroupQuads, Locality, Obj, blocks
from olygraph.tabular.serial import NTriplesWriter
from olygraph.validate.inputs import shapes_graph
from olygraph.validate.outcome import LazyReport, ValidationOutcome, ValidationResult, order
from olygraph.validate.shacl.cleared import Cleared
from olygraph.validate.shacl.engine import Compiled
from olygraph.validate.shacl.index import Index, add_blocks, add_triples
from olygraph.validate.shacl.model import ShapesModel

if TYPE_CHECKING:
    from olygraph.validate.shacl.store import DataStore

Submit = Callable[..., "Future[tuple[list[ValidationResult], int]]"]

_SHAPES: tuple[Graph, ShapesModel] | None = None  # read once per process
_COMPILED: list[Compiled | None] = [None]  # the checks, compiled once per process


def _shapes() -> tuple[Graph, ShapesModel]:
    global _SHAPES
    if _SHAPES is None:
        from olygraph.validate.shacl.model import read_shapes

        graph = shapes_graph([])
        _SHAPES = (graph, read_shapes(graph))
    return _SHAPES


def part_store(data: bytes) -> DataStore:
    """The fast engine's store of the N-Triples ``data`` of one part."""
    from olygraph.validate.shacl.store import DataStore

    store = DataStore()
    store.add_ntriples(data)
    store.finish()
    return store


def run_part(data: bytes, index: Index | None = None) -> ValidationOutcome:
    """The fast engine's outcome on the N-Triples ``data`` of one part (the shapes read, and
    the checks compiled, once per process). ``index``: the same triples as the mapping's
    strings, with which the checks that surely find nothing are cleared without their query
    (:class:`~olygraph.validate.shacl.cleared.Cleared`)."""
    from olygraph.validate.shacl.validation import run_fast

    shapes, model = _shapes()
    cleared = None if index is None else Cleared(model, index)
    return run_fast(
        part_store(data), shapes, model=model, workers=1, reuse=_COMPILED, cleared=cleared
    )


def check_part(
    data: bytes, drop: frozenset[str], index: Index | None = None
) -> tuple[list[ValidationResult], int]:
    """Validate N-Triples ``data`` with the fast engine; the results whose focus node is not
    in ``drop``, and the number of triples checked. ``index``: see :func:`run_part`."""
    outcome = run_part(data, index)
    kept = [r for r in outcome.results if r.focus_node not in drop]
    return kept, outcome.triples


_SOURCES: dict[str, tuple[bytes, int, frozenset[str]]] = {}  # per base, per process
_SOURCE_BLOCKS: dict[str, list[Block]] = {}


def _reference_sources(base: str) -> tuple[bytes, int, frozenset[str]]:
    """The reference sources, which claims taken from the reference tables name, as every
    part holds them: their N-Triples, their number, and their subjects (shared ones)."""
    found = _SOURCES.get(base)
    if found is None:
        bs = _source_blocks(base)
        found = _SOURCES[base] = (*ntriples(bs), frozenset(s for s, shared, _ in bs if shared))
    return found


def _source_blocks(base: str) -> list[Block]:
    """The blocks of :func:`_reference_sources`."""
    found = _SOURCE_BLOCKS.get(base)
    if found is None:
        minter = Minter(base)
        made = blocks(list(source_quads(minter)), Locality(minter, [], []))
        found = _SOURCE_BLOCKS[base] = [b for bs in made.values() for b in bs]
    return found


def group_index(index: Index, gq: GroupQuads) -> None:
    """Add to ``index`` the triples a group's check holds (:func:`for_check`'s): every
    graph's blocks, the discrepancies' and the reference triples."""
    for _, bs in gq.graphs:
        add_blocks(index, bs)
    add_blocks(index, gq.reconciliation)
    add_triples(index, gq.reference)


def early_part(base: str, groups: Sequence[tuple[bytes, GroupQuads]]) -> tuple[bytes, Index]:
    """The part :func:`check_articles` checks for groups (the N-Triples of each group's check,
    the group): its N-Triples, the reference sources' first, and the index of the same
    triples."""
    index: Index = {}
    add_blocks(index, _source_blocks(base))
    for _, gq in groups:
        group_index(index, gq)
    return b"".join([_reference_sources(base)[0], *(data for data, _ in groups)]), index


def check_articles(base: str, members: list[EarlyMember]) -> list[Checked]:
    """Validate the groups of one task of pass 1 together, as one part (in the worker that
    mapped them: see :class:`olygraph.api.article_scan.EarlyCheck`); per group, the results
    about its own subjects. A result about a subject no group owns nor shares (none: every
    focus node of olygraph's shapes is a subject) goes to the first group, so that none is
    lost."""
    shared = _reference_sources(base)[2]
    data, index = early_part(base, [(m[0], m[4]) for m in members])
    kept, _ = check_part(data, shared.union(*(m[2] for m in members)), index)
    owner: dict[str, list[int]] = {}
    for i, member in enumerate(members):
        for s in member[3]:
            owner.setdefault(s, []).append(i)
    found: list[list[ValidationResult]] = [[] for _ in members]
    for r in kept:
        for i in owner.get(r.focus_node, (0,)):
            found[i].append(r)
    return [Checked(tuple(f), m[1]) for f, m in zip(found, members, strict=True)]


class PartValidator:
    """The :class:`~olygraph.api.article_writer.Tee` of a streamed export that validates it."""

    def __init__(
        self, submit: Submit, base: str, part_triples: int = 20_000, in_flight: int = 2
    ) -> None:
        self.submit = submit
        self.in_flight = in_flight
        self._sources = _reference_sources(Minter(base).base)
        self.part_triples = part_triples
        self._futures: list[Future[tuple[list[ValidationResult], int]]] = []
        self._results: list[ValidationResult] = []
        self._triples = 0
        self._part = self._new_part()
        self._corpus = _Part()  # the shared triples, each once
        self._corpus_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finish)
        self._corpus.attach(self._corpus_file)
        self.outcome: ValidationOutcome | None = None

    def group(self, gq: GroupQuads) -> None:
        self._add(*for_check(gq))

    def early(self, checked: Checked) -> None:
        """An article validated in pass 1 (:func:`check_articles`): its results."""
        self._results += checked.results
        self._triples += checked.triples

    def checked(self, p: Prepared) -> None:
        """:meth:`group` of a group the worker rendered for it (``p.check``)."""
        assert p.check is not None
        self._add(p.check, p.check_triples, p.check_shared)

    def _add(self, data: bytes, triples: int, shared: frozenset[str]) -> None:
        """A group's N-Triples (:func:`~olygraph.api.article_render.for_check`) into the part."""
        part = self._part
        part.w.raw(data, triples)
        part.shared.update(shared)
        if part.w.triples >= self.part_triples:
            self._send()

    def _new_part(self) -> _Part:
        part = _Part()
        text, self._empty, shared = self._sources
        part.w.raw(text, self._empty)
        part.shared.update(shared)
        return part

    def shared(self, s: str, pairs: Sequence[tuple[str, Obj]]) -> None:
        self._corpus.r.block(s, pairs)

    def finish(self, corpus: Sequence[Block], claims: Sequence[Block]) -> None:
        self._send()
        self._corpus.add(corpus)
        self._corpus.add(claims)
        self._corpus.w.close()
        self._corpus_file.seek(0)
        data = self._corpus_file.read()
        self._corpus_file.close()
        local = frozenset(b[0] for b in claims)  # checked with their own part already
        self._futures.append(self.submit(check_part, data, local))
        self._wait(0)
        results = tuple(sorted(self._results, key=order))
        self.outcome = ValidationOutcome(
            results, LazyReport(_no_report), self._triples, engine="fast"
        )

    def _wait(self, left: int) -> None:
        """Collect finished parts until at most ``left`` are still running (a part waiting
        for a worker holds its N-Triples in memory)."""
        while len(self._futures) > left:
            found, n = self._futures.pop(0).result()
            self._results += found
            self._triples += n

    def _send(self) -> None:
        part = self._part
        if part.w.triples > self._empty:
            self._wait(self.in_flight - 1)
            part.w.close()
            assert isinstance(part.buf, io.BytesIO)
            self._futures.append(
                self.submit(check_part, part.buf.getvalue(), frozenset(part.shared))
            )
        self._part = self._new_part()


class _Part:
    """N-Triples of one part, and its shared subjects (their results come from the corpus)."""

    def __init__(self) -> None:
        self.attach(io.BytesIO())
        self.shared: set[str] = set()

    def attach(self, buf: Any) -> None:
        self.buf = buf
        self.w = NTriplesWriter(buf)
        self.r = Renderer(self.w)

    def add(self, bs: Sequence[Block]) -> None:
        for s, shared, pairs in bs:
            if shared:
                self.shared.add(s)
            self.r.block(s, pairs)


def _no_report() -> Graph:
    raise NotImplementedError("a streamed validation keeps its results, not a report graph")
