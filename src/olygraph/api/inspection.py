"""``olygraph inspect`` of articles, streamed (issue 19): the report of
:func:`olygraph.api.report.inspect_text` without the articles' graph in memory.

- What each article states is printed from its facts, made in the worker processes of an
  :class:`~olygraph.api.articles.ArticleStream` (each article read and extracted on its own) and
  spilled to a temporary file with its file name, to be printed in the order of file names.
- The discrepancies come from the stream as it maps the articles (:class:`ConflictTee`, a tee of
  its writer): those found inside a group of articles from that group's own quads, those only
  the whole corpus shows from the corpus-wide graph at the end, with the labels of their
  (shared) subjects, which are the one thing kept across groups, in a temporary file. Each
  discrepancy is read from a small graph of its own triples, its claims' and its subject's,
  by the same query as the whole graph's (:func:`olygraph.api.report.conflicts_in`).

Memory holds a key per article and per discrepancy (to sort them), not their text or graph.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from rdflib import Graph, URIRef

from olygraph.api.articles import ArticleStream, Failure
from olygraph.api.report import conflict_lines, conflicts_in
from olygraph.mapping.stream import Block, GroupQuads, Obj
from olygraph.mapping.terms import term
from olygraph.vocab import DEFAULT_BASE, OLY, RDF, RDFS

_TYPE, _DISCREPANCY = str(RDF.type), str(OLY.Discrepancy)
_CLAIM, _SUBJECT, _LABEL = str(OLY.conflictingClaim), str(OLY.discrepancySubject), str(RDFS.label)


class KeyedTexts:
    """Texts kept in a temporary file, given back sorted by their keys (which stay in memory)."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close)
        self._index: list[tuple[tuple[object, ...], int, int]] = []

    def __len__(self) -> int:
        return len(self._index)

    def add(self, key: tuple[object, ...], text: str) -> None:
        data = text.encode("utf-8")
        self.file.seek(0, os.SEEK_END)
        self._index.append((key, self.file.tell(), len(data)))
        self.file.write(data)

    def texts(self) -> Iterator[str]:
        for _, offset, size in sorted(self._index, key=lambda e: e[0]):
            self.file.seek(offset)
            yield self.file.read(size).decode("utf-8")

    def close(self) -> None:
        self.file.close()


class ConflictTee:
    """The :class:`~olygraph.api.article_writer.Tee` of a streamed inspection: every
    discrepancy rendered as :func:`~olygraph.api.report.inspect_text` renders it, into
    ``found`` keyed as that report sorts them."""

    def __init__(self, found: KeyedTexts) -> None:
        self.found = found
        self._labels: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finish)

    def group(self, gq: GroupQuads) -> None:
        found = _discrepancies(gq.reconciliation)
        if not found:
            return
        wanted = {o for _, _, pairs in found for p, o in pairs if p in (_CLAIM, _SUBJECT)}
        own = [b for _, bs in gq.graphs for b in bs if b[0] in wanted]
        self._add([*found, *own])

    def shared(self, s: str, pairs: Sequence[tuple[str, Obj]]) -> None:
        labels = [(s, o) for p, o in pairs if p == _LABEL]
        if labels:
            pickle.dump(labels, self._labels, pickle.HIGHEST_PROTOCOL)

    def finish(self, corpus: Sequence[Block], claims: Sequence[Block]) -> None:
        found = _discrepancies(corpus)
        if found:
            subjects = {o for _, _, pairs in found for p, o in pairs if p == _SUBJECT}
            labels = [(s, False, ((_LABEL, o),)) for s, o in self._shared_labels(subjects)]
            self._add([*found, *claims, *labels])
        self._labels.close()

    def _shared_labels(self, subjects: set[str]) -> Iterator[tuple[str, Obj]]:
        self._labels.seek(0)
        while True:
            try:
                batch: list[tuple[str, Obj]] = pickle.load(self._labels)
            except EOFError:
                return
            yield from ((s, o) for s, o in batch if s in subjects)

    def _add(self, bs: Sequence[Block]) -> None:
        g = _graph(bs)
        for c in conflicts_in(g):
            self.found.add((c.node, c.subject, c.label), "\n".join(conflict_lines(c, g)) + "\n")


def _discrepancies(bs: Sequence[Block]) -> list[Block]:
    return [b for b in bs if (_TYPE, _DISCREPANCY) in b[2]]


def _graph(bs: Sequence[Block]) -> Graph:
    """The blocks as an rdflib graph, filled in the order of
    :func:`olygraph.write.rdf.union_graph` (a subject's first label is the same one)."""
    triples = {(URIRef(s), URIRef(p), term(o)) for s, _, pairs in bs for p, o in pairs}
    g = Graph()
    for t in sorted(triples, key=lambda t: tuple(f"{x!r}" for x in t)):
        g.add(t)
    return g


# --- the articles' own part -----------------------------------------------------------------


def inspect_articles(
    paths: Sequence[Path] | None,
    echo: Callable[[str], object],
    base: str = DEFAULT_BASE,
    *,
    jobs: int | None = None,
    datasets: Sequence[Path] = (),
) -> tuple[Failure, ...]:
    """Print (through ``echo``, a chunk of lines at a time) what ``olygraph inspect`` says
    about the articles ``paths`` (already expanded; None = the seed), as
    :func:`~olygraph.api.report.inspect_text` does; the articles that could not be read.
    ``datasets``: then how the articles merge into those datasets' nodes, every merge and
    candidate pair with its evidence (:func:`olygraph.merge.report.merge_lines`), planned from
    the stream (:meth:`ArticleStream.merge_into`)."""
    articles, conflicts = KeyedTexts(), KeyedTexts()
    plan = None
    try:
        with ArticleStream(paths, base, jobs) as stream:
            # what the report says of each article and its graph rendered, in the workers
            # (pass 2 copies the graph; the ConflictTee sees every group)
            failures = stream.read(
                "nt", reports=lambda n, file, text: articles.add((file, n), text)
            )
            tee = ConflictTee(conflicts)
            with Path(os.devnull).open("wb") as sink:
                stream.write("nt", sink, tee)
            if datasets:  # after the write: the discrepancies are the articles' own
                plan = stream.merge_into(datasets)
        for text in articles.texts():
            echo(text)
        echo(f"== discrepancies: {len(conflicts)}\n")
        for text in conflicts.texts():
            echo(text)
        if plan is not None:
            from olygraph.merge.report import merge_lines

            echo("\n".join(merge_lines(plan)) + "\n")
    finally:
        articles.close()
        conflicts.close()
    return failures
