"""Where queries run: the data in a local store (pyoxigraph or rdflib), or a SPARQL 1.1 endpoint.

Local data (RDF files, articles exported on the fly, or the embedded seed) keeps its named
graphs; a file without graphs (Turtle, N-Triples …) becomes the graph named by its ``file:`` IRI.
The default graph every query reads is the union of the graphs as a set (rdflib: its dataset
union; pyoxigraph: the union copied into the store's default graph, since pyoxigraph's own union
view repeats a triple stated in two graphs). pyoxigraph is the default engine: on a 250k-triple
graph it loads about 6× and answers 5–90× faster than rdflib (``benchmarks/bench_query.py``).

A remote endpoint (:mod:`olygraph.query.remote`) is queried over the SPARQL protocol;
:func:`execute`
runs a query on either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from olygraph import api
from olygraph.errors import InputError, missing_file
from olygraph.query.named import (
    Prepared,
    QueryError,
    QuerySyntaxError,
    find_query,
    one_line,
    refuse_service,
    translate,
)
from olygraph.query.remote import RemoteEngine
from olygraph.query.results import Result, Rows, Term, Triples, Verdict
from olygraph.query.run import OWN_KINDS, Answer, Kinds, run
from olygraph.vocab import DEFAULT_BASE
from olygraph.write.oxigraph import OX_FORMATS
from olygraph.write.rdf import PARSERS

ENGINES: Final[tuple[str, ...]] = ("oxigraph", "rdflib")
DEFAULT_ENGINE: Final = "oxigraph"
UNION: Final = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


_QUADS: Final = ("nquads", "trig")


def file_graph(path: Path) -> URIRef:
    """The named graph that holds the triples of an RDF file without graphs (Turtle …)."""
    return URIRef(path.resolve().as_uri())


# ------------------------------------------------------------------------------ local engines


class OxigraphEngine:
    """An in-memory pyoxigraph store; queries read its default graph, which holds the union."""

    name = "oxigraph"

    def __init__(self) -> None:
        self.store = ox.Store()

    def load_file(self, path: Path, parser: str) -> None:
        graph = None if parser in _QUADS else ox.NamedNode(str(file_graph(path)))
        try:
            self.store.load(path=str(path), format=OX_FORMATS[parser], to_graph=graph)
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(str(path), f"not valid {parser}: {one_line(err)}") from None

    def load_dataset(self, dataset: Dataset) -> None:
        self.store.load(dataset.serialize(format="nquads", encoding="utf-8"), ox.RdfFormat.N_QUADS)

    def finish(self) -> None:
        self.store.update(UNION)

    def size(self) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def run(self, prepared: Prepared, bindings: Mapping[str, Term]) -> Result:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(n): _to_ox(t) for n, t in bindings.items()
        }
        qdef = prepared.query
        try:
            answer = self.store.query(qdef.text, substitutions=subs)
        except SyntaxError as err:
            raise QuerySyntaxError(f"{qdef.source}: SPARQL syntax error: {one_line(err)}") from None
        except (RuntimeError, OSError, ValueError) as err:
            raise QueryError(f"{qdef.source}: the query failed: {one_line(err)}") from None
        if isinstance(answer, ox.QueryBoolean):
            return Verdict(bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows = tuple(tuple(_from_ox(s[n]) for n in names) for s in answer)
            return Rows(names, rows)
        graph = Graph()
        for t in answer:
            graph.add((_node(t.subject), _node(t.predicate), _node(t.object)))
        return Triples(graph)


class RdflibEngine:
    """An rdflib Dataset; queries read the union of its graphs (rdflib's default)."""

    name = "rdflib"

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)

    def load_file(self, path: Path, parser: str) -> None:
        target = self.dataset if parser in _QUADS else self.dataset.graph(file_graph(path))
        try:
            target.parse(str(path), format=parser)
        except Exception as err:  # rdflib's parsers raise many kinds
            raise InputError(str(path), f"not valid {parser}: {one_line(err)}") from None

    def load_dataset(self, dataset: Dataset) -> None:
        self.dataset.parse(
            data=dataset.serialize(format="nquads", encoding="utf-8"), format="nquads"
        )

    def finish(self) -> None:
        """Nothing to do: rdflib's SPARQL reads the union of the graphs."""

    def size(self) -> int:
        return len(self.dataset)

    def run(self, prepared: Prepared, bindings: Mapping[str, Term]) -> Result:
        qdef = prepared.query
        answer = self.dataset.query(translate(qdef.text, qdef.source, bindings))
        if answer.type == "ASK":
            return Verdict(bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = tuple(str(v) for v in answer.vars or ())
            rows = tuple(tuple(row) for row in answer)  # type: ignore[arg-type]
            return Rows(names, rows)  # type: ignore[arg-type]
        return Triples(answer.graph if answer.graph is not None else Graph())


def _to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _from_ox(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _node(term: Any) -> Term:
    node = _from_ox(term)
    if node is None:
        raise QueryError("the engine returned an incomplete triple")
    return node


@dataclass(frozen=True, slots=True)
class LocalData:
    """Data loaded into a local engine, and the article inputs that could not be read."""

    engine: OxigraphEngine | RdflibEngine
    articles: tuple[api.ArticleOutcome, ...] = ()
    rdf_files: tuple[Path, ...] = field(default=())

    @property
    def failures(self) -> tuple[api.ArticleOutcome, ...]:
        return tuple(a for a in self.articles if a.error is not None)

    @property
    def empty(self) -> bool:
        """True when every input failed: there is nothing to query."""
        return not self.rdf_files and len(self.failures) == len(self.articles)


def open_local(
    inputs: Sequence[Path] = (), engine: str = DEFAULT_ENGINE, base: str = DEFAULT_BASE
) -> LocalData:
    """Load RDF files (by extension) and articles (``.txt`` or directories; exported with
    ``base``) into a new engine; no inputs = the embedded seed."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    store: OxigraphEngine | RdflibEngine = (
        OxigraphEngine() if engine == "oxigraph" else RdflibEngine()
    )
    rdf = [p for p in inputs if not p.is_dir() and p.suffix.lower() in PARSERS]
    articles = [p for p in inputs if p not in rdf]
    for path in rdf:
        if not path.is_file():
            raise missing_file(path)
        store.load_file(path, PARSERS[path.suffix.lower()])
    outcomes: tuple[api.ArticleOutcome, ...] = ()
    if articles or not rdf:
        exported = api.export(articles, base)
        outcomes = exported.articles
        store.load_dataset(exported.dataset)
    store.finish()
    return LocalData(store, outcomes, tuple(rdf))


# -------------------------------------------------------------------------------- one request


@dataclass(frozen=True, slots=True)
class QueryProfile:
    """Which queries a profile has and how it opens local data (``--profile``).

    ``own`` is olygraph's model; the Wikidata profile (:data:`olygraph.wikidata.query.WIKIDATA`)
    brings its own kinds of node and opens local data as its Wikibase RDF.
    """

    name: str
    kinds: Kinds
    opener: Callable[[Sequence[Path], str, str], LocalData]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer (None when no input could be read) and the article inputs that failed."""

    answer: Answer | None
    failures: tuple[api.ArticleOutcome, ...] = ()


def execute(
    spec: str,
    data: Sequence[Path] = (),
    params: Mapping[str, str] | None = None,
    *,
    endpoint: str | None = None,
    graphs: Sequence[str] = (),
    base: str = DEFAULT_BASE,
    engine: str = DEFAULT_ENGINE,
    profile: QueryProfile | None = None,
    allow_service: bool = False,
) -> Outcome:
    """What ``olygraph query`` does: find the query, open the data or endpoint, run it.

    ``profile``: :data:`OWN` (the default) or another profile, e.g. the Wikidata profile
    (:data:`olygraph.wikidata.query.WIKIDATA`): a query of ``queries/wikidata/``, run on the
    Wikidata profile of the local data, or on an endpoint that holds profile data.
    A query on local data that names a ``SERVICE`` is refused unless ``allow_service``.
    """
    profile = profile or OWN
    kinds, opener = profile.kinds, profile.opener
    qdef = find_query(spec, profile.name)
    if endpoint is None:
        if graphs:
            raise QueryError("--graph names graphs of an --endpoint; give --endpoint URL too")
        if not allow_service:
            refuse_service(qdef)
        local = opener(data, engine, base)
        if local.empty:
            return Outcome(None, local.failures)
        return Outcome(run(qdef, local.engine, params, base, kinds), local.failures)
    if data:
        raise QueryError("give DATA files or --endpoint URL, not both")
    return Outcome(run(qdef, RemoteEngine(endpoint, graphs), params, base, kinds))


#: olygraph's own model: the queries of ``queries/`` on the data as exported
OWN: Final = QueryProfile("own", OWN_KINDS, open_local)
