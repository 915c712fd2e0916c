"""``olygraph validate`` of articles, streamed (issue 19): validated part by part, as the
validated ``export`` does (:class:`olygraph.validate.stream.PartValidator`), without the
articles' whole graph in rdflib or in a store.

The articles are read, extracted and mapped in the workers of an
:class:`~olygraph.api.articles.ArticleStream`, written as N-Triples to nowhere, and the parts
of that output checked by the fast engine against olygraph's own shapes in the workers; the
number of triples checked is the number written (each once). ``-f ttl`` needs the SHACL report
graph, whose shapes' blank nodes must be those of this process's shapes graph: then the parts
are checked in this process, each part's report keeps the results of the nodes it owns, and
the parts' reports make one.

Only olygraph's shapes can be checked part by part (a part holds everything its own nodes'
results depend on for them, not for any shapes); other shapes, RDF files among the inputs and
pySHACL validate one graph (:func:`olygraph.validate.inputs.load_inputs`).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

from olygraph.api.articles import ArticleStream
from olygraph.errors import InputError
from olygraph.validate.inputs import shapes_graph
from olygraph.validate.outcome import (
    LazyReport,
    ValidationOutcome,
    ValidationResult,
    bind_prefixes,
    show,
)
from olygraph.validate.stream import PartValidator, check_articles, run_part
from olygraph.vocab import DEFAULT_BASE, RDF, SH


@dataclass(frozen=True, slots=True)
class ArticleValidation:
    """The outcome (None when no article could be read), the articles that could not be read,
    and how many were."""

    outcome: ValidationOutcome | None
    failures: tuple[InputError, ...]
    read: int


def validate_articles(
    paths: Sequence[Path] | None,
    base: str = DEFAULT_BASE,
    *,
    jobs: int | None = None,
    report: bool = False,
) -> ArticleValidation:
    """Validate the articles ``paths`` (already expanded; None = the embedded seed) against
    olygraph's shapes with the fast engine, part by part; with ``report``, the outcome has
    the SHACL report graph too (the parts are then checked in this process)."""
    with ArticleStream(paths, base, jobs) as stream:
        # the workers render each group for its part (PartValidator.checked); the N-Triples
        # they render for the output go to the null device
        # without the report graph, the workers check the articles they read right away
        early = None if report else check_articles
        read = stream.read("nt", keep_graphs=False, check=True, early=early)
        failures = tuple(f.error for f in read)
        if not stream.read_count:
            return ArticleValidation(None, failures, 0)
        reports = _Reports() if report else None
        tee = PartValidator(reports.submit if reports else stream.submit, stream.base)
        with Path(os.devnull).open("wb") as sink:
            stream.write("nt", sink, tee)
    assert tee.outcome is not None
    # each part repeats the shared nodes it names: the triples checked are those written
    outcome = replace(tee.outcome, triples=stream.written)
    if reports is not None:
        outcome = replace(outcome, source=reports.report(conforms=not outcome.results))
    return ArticleValidation(outcome, failures, stream.read_count)


class _Reports:
    """Runs each part's check here, and keeps the results of its report graph that the
    part's check keeps (those of the nodes it owns)."""

    def __init__(self) -> None:
        self._parts: deque[Graph] = deque()

    def submit(
        self, _check: Callable[..., object], data: bytes, drop: frozenset[str]
    ) -> Future[tuple[list[ValidationResult], int]]:
        future: Future[tuple[list[ValidationResult], int]] = Future()
        try:
            kept, triples, graph = _check_part(data, drop)
        except Exception as err:  # given back where the part validator waits for it
            future.set_exception(err)
        else:
            self._parts.append(graph)
            future.set_result((kept, triples))
        return future

    def report(self, conforms: bool) -> LazyReport:
        """One report of every part's kept results, as the fast engine writes it for the
        whole graph (:func:`olygraph.validate.shacl.results.report_graph`)."""
        parts = self._parts
        self._parts = deque()

        def build() -> Graph:
            g = Graph(bind_namespaces="core")
            for prefix, ns in shapes_graph([]).namespace_manager.namespaces():
                g.namespace_manager.bind(prefix, ns)
            node = BNode()
            g.add((node, RDF.type, SH.ValidationReport))
            g.add((node, SH.conforms, Literal(conforms)))
            while parts:
                part = parts.popleft()
                for result in part.objects(None, SH.result):
                    g.add((node, SH.result, result))
                    _copy(part, result, g)
            return bind_prefixes(g)

        return LazyReport(build)


def _copy(source: Graph, node: Node, target: Graph) -> None:
    """``node``'s triples in ``source``, and those of the blank nodes they lead to."""
    todo, seen = [node], {node}
    while todo:
        for s, p, o in source.triples((todo.pop(), None, None)):
            target.add((s, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)


def _check_part(data: bytes, drop: frozenset[str]) -> tuple[list[ValidationResult], int, Graph]:
    """:func:`olygraph.validate.stream.check_part` in this process, with the part's report
    graph (the results about nodes in ``drop`` taken out of it)."""
    outcome = run_part(data)
    kept = [r for r in outcome.results if r.focus_node not in drop]
    report = outcome.report
    for result in list(report.subjects(RDF.type, SH.ValidationResult)):
        if show(report.value(result, SH.focusNode)) in drop:
            report.remove((None, SH.result, result))
    return kept, outcome.triples, report
