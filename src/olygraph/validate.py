"""Validate a graph against olygraph's SHACL shapes (``shapes/*.ttl``) with pyshacl.

``validate(graph)`` runs every shape (structure, provenance, SPARQL consistency checks, notes) on
the union of a dataset's named graphs, with no inference (the shapes target concrete classes),
and returns a :class:`ValidationOutcome`: typed, frozen results plus the SHACL report graph.
``outcome.conforms`` is true when no result has severity sh:Violation (warnings and notes are
allowed). Rendering (text, Turtle, JSON) lives in :mod:`olygraph.validate_report`.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import CUSTOM_EVALS, prepareQuery
from rdflib.plugins.sparql.sparql import AlreadyBound, Query
from rdflib.term import Node

from olygraph.errors import InputError
from olygraph.resources import data_dir, ontology_files
from olygraph.vocab import OLY, PREFIXES, RDF, RDFS, SH
from olygraph.write import PARSERS

SHAPES_NS = "https://w3id.org/olygraph/shapes#"


class Severity(StrEnum):
    """SHACL severities, most serious first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        return SH[self.value]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @classmethod
    def of(cls, node: Node | None) -> Severity:
        for s in cls:
            if node == s.iri:
                return s
        return cls.VIOLATION  # SHACL: custom severities are treated like violations here


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL validation result, in the terms of the data.

    ``source_shape`` is the named shape the constraint belongs to (for an anonymous property
    shape, the node shape holding it); ``source_location`` is the focus node's own
    ``oly:sourceLocation``, else that of a node pointing at it, else None.
    """

    severity: Severity
    focus_node: str
    message: str
    constraint_component: str
    source_shape: str | None = None
    path: str | None = None
    value: str | None = None
    source_location: str | None = None
    focus_label: str | None = None


@dataclass(frozen=True, slots=True)
class ValidationOutcome:
    results: tuple[ValidationResult, ...]
    report: Graph = field(compare=False, repr=False)
    triples: int = 0

    @property
    def conforms(self) -> bool:
        """True when nothing is broken: no sh:Violation (warnings and notes are allowed)."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    def counts(self) -> dict[Severity, int]:
        found = Counter(r.severity for r in self.results)
        return {s: found.get(s, 0) for s in Severity}

    def of_severity(self, severity: Severity) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is severity)


# --- loading ------------------------------------------------------------------------------------


def load_rdf(path: Path) -> Graph:
    """An RDF file as one graph (named graphs merged); the format comes from the extension."""
    fmt = PARSERS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(PARSERS))
        raise InputError(str(path), f"unknown RDF file extension; expected one of {known}")
    if not path.is_file():
        raise InputError(str(path), "no such file")
    target: Graph = Dataset() if fmt in ("trig", "nquads") else Graph()
    try:
        target.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many parser-specific exception types
        raise InputError(str(path), f"not valid {fmt}: {err}") from err
    return as_graph(target)


def as_graph(data: Graph) -> Graph:
    """A plain graph: a Dataset's named graphs (and default graph) merged into one."""
    if isinstance(data, Dataset):
        merged = Graph()
        merged.addN((s, p, o, merged) for s, p, o, _ in data.quads((None, None, None, None)))
        return merged
    return data


LINT_SUFFIX = "-lint.ttl"  #: shapes for the ontology files, not for data


@functools.cache
def _shape_files() -> tuple[Path, ...]:
    files = data_dir("shapes").glob("*.ttl")
    return tuple(sorted(p for p in files if not p.name.endswith(LINT_SUFFIX)))


@functools.cache
def _base_shapes() -> Graph:
    g = Graph()
    for path in _shape_files():
        g.parse(path, format="turtle")
    return g


def shapes_graph(extra: Iterable[Graph] = ()) -> Graph:
    """olygraph's shapes plus ``extra``; the cached base graph when there is nothing extra."""
    extras = list(extra)
    if not extras:
        return _base_shapes()
    g = Graph()
    g += _base_shapes()
    for e in extras:
        g += e
    return g


def lint_shapes_graph() -> Graph:
    g = Graph()
    for path in sorted(data_dir("shapes").glob(f"*{LINT_SUFFIX}")):
        g.parse(path, format="turtle")
    return g


# --- running pyshacl ----------------------------------------------------------------------------


def validate(data: Graph, extra_shapes: Iterable[Graph] = ()) -> ValidationOutcome:
    """Validate ``data`` (a Graph or Dataset; datasets are merged) against the shapes.

    Extra shapes are user input: a shape pyshacl cannot load is an :class:`InputError`.
    """
    extras = list(extra_shapes)
    try:
        return run(data, shapes_graph(extras))
    except ReportableRuntimeError as err:
        if not extras:
            raise
        raise InputError("--shapes", f"cannot use these shapes: {err.message}") from err


@dataclass(frozen=True, slots=True)
class LoadedData:
    """What ``olygraph validate`` checks: the merged graph and the inputs that failed."""

    graph: Graph
    failures: tuple[InputError, ...] = ()
    loaded: int = 0


def load_inputs(inputs: Sequence[Path], base: str) -> LoadedData:
    """RDF files (format by extension) and articles (``.txt`` files or directories, exported
    with ``base``) merged into one graph; no inputs = the embedded seed. A bad RDF file raises;
    articles that cannot be read are returned as failures, like ``olygraph export`` does."""
    from olygraph import api  # the export pipeline is only needed for articles

    graph = Graph()
    rdf = [p for p in inputs if not p.is_dir() and p.suffix.lower() in PARSERS]
    articles = [p for p in inputs if p not in rdf]
    for path in rdf:
        graph += load_rdf(path)
    failures: tuple[InputError, ...] = ()
    loaded = len(rdf)
    if articles or not rdf:
        exported = api.export(articles, base)
        failures = tuple(a.error for a in exported.articles if a.error is not None)
        loaded += len(exported.articles) - len(failures)
        graph += as_graph(exported.dataset)
    return LoadedData(graph, failures, loaded)


def lint_ontology(paths: Sequence[Path] | None = None) -> ValidationOutcome:
    """The ontology files (default: ``ontology/*.ttl``) against ``shapes/*-lint.ttl``."""
    g = Graph()
    for path in paths if paths is not None else ontology_files():
        g.parse(path, format="turtle")
    return run(g, lint_shapes_graph())


def run(data: Graph, shapes: Graph) -> ValidationOutcome:
    target = _PreparedQueryGraph()
    target += as_graph(data)
    _conforms, report, _text = pyshacl.validate(
        target,
        shacl_graph=shapes,
        inference="none",
        inplace=True,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        meta_shacl=False,
    )
    results = read_report(report, target, shapes)
    for prefix, ns in (*PREFIXES, ("olysh", SHAPES_NS)):
        report.bind(prefix, ns, override=True)
    return ValidationOutcome(results, report, len(target))


def read_report(report: Graph, data: Graph, shapes: Graph) -> tuple[ValidationResult, ...]:
    """The results of a SHACL report graph (pyshacl's or Jena's), sorted, as typed records."""
    out: list[ValidationResult] = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        value = report.value(r, SH.value)
        path = report.value(r, SH.resultPath)
        message = report.value(r, SH.resultMessage)
        out.append(
            ValidationResult(
                severity=Severity.of(report.value(r, SH.resultSeverity)),
                focus_node=_show(focus),
                message=str(message) if message is not None else "",
                constraint_component=str(report.value(r, SH.sourceConstraintComponent) or ""),
                source_shape=_named_shape(shapes, report.value(r, SH.sourceShape)),
                path=str(path) if isinstance(path, URIRef) else None,
                value=None if value is None or value == focus else _show(value),
                source_location=source_location(data, focus),
                focus_label=_label(data, focus),
            )
        )
    return tuple(sorted(out, key=_order))


def _order(r: ValidationResult) -> tuple[int, str, str, str, str]:
    return (r.severity.rank, r.focus_node, r.source_shape or "", r.message, r.value or "")


def _show(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    return str(node) if isinstance(node, URIRef) else f"_:{node}"


def _named_shape(shapes: Graph, shape: Node | None) -> str | None:
    if isinstance(shape, URIRef):
        return str(shape)
    if isinstance(shape, BNode):
        owner = shapes.value(predicate=SH.property, object=shape)
        return str(owner) if isinstance(owner, URIRef) else None
    return None


def source_location(data: Graph, node: Node | None) -> str | None:
    """Where ``node`` was read, or failing that where a node pointing at it was read."""
    if not isinstance(node, URIRef | BNode):
        return None
    own = sorted(str(o) for o in data.objects(node, OLY.sourceLocation))
    if own:
        return "; ".join(own)
    referrers = sorted(
        str(loc) for s in data.subjects(None, node) for loc in data.objects(s, OLY.sourceLocation)
    )
    return f"referred to at {referrers[0]}" if referrers else None


def _label(data: Graph, node: Node | None) -> str | None:
    if not isinstance(node, URIRef | BNode):
        return None
    labels = sorted(str(o) for o in data.objects(node, RDFS.label))
    return labels[0] if labels else None


# --- a faster SPARQL path for pyshacl's pre-bound queries --------------------------------------


class _PreparedQueryGraph(Graph):
    """A Graph whose ``query`` parses each SPARQL text once, and whose basic graph patterns are
    joined in an order chosen with the bindings at hand (see :func:`_eval_bgp`).

    pyshacl runs every SHACL-SPARQL constraint once per focus node, as text, with ``$this`` in
    ``initBindings``. rdflib would parse the text every time, and orders the triple patterns of
    a basic graph pattern once, by the number of unbound terms when it starts: a pattern such as
    ``?m oly:sourcePart "table"`` (every mark in the graph) then runs before the patterns that
    reach ``?m`` from ``$this``, and each focus node costs a scan of the graph.
    """

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's API)
        initBindings: Mapping[str, Node] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and not initNs and processor == "sparql":
            query_object = _prepared(query_object)
        return super().query(
            query_object,
            processor,
            result,
            initNs,
            initBindings,  # type: ignore[arg-type]
            use_store_provided,
            **kwargs,
        )


@functools.lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _eval_bgp(ctx: Any, part: Any) -> Any:
    """rdflib's extension point for evaluating algebra parts (``CUSTOM_EVALS``): a basic graph
    pattern on a :class:`_PreparedQueryGraph`; anything else goes to rdflib's own evaluation.

    Reordering the triple patterns of a basic graph pattern never changes its answers."""
    if part.name != "BGP" or not isinstance(ctx.graph, _PreparedQueryGraph):
        raise NotImplementedError
    triples = list(part.triples)
    nodes = {t[0] for t in triples if isinstance(t[0], Variable | BNode)} | {_THIS}
    return _join(ctx, triples, nodes)


_THIS = Variable("this")


def _join(ctx: Any, todo: list[Any], nodes: set[Any]) -> Any:
    if not todo:
        yield ctx.solution()
        return
    best = min(range(len(todo)), key=lambda i: _cost(ctx, todo[i], nodes))
    s, p, o = todo[best]
    rest = todo[:best] + todo[best + 1 :]
    bound_s, bound_p, bound_o = ctx[s], ctx[p], ctx[o]
    for ts, tp, to in ctx.graph.triples((bound_s, bound_p, bound_o)):
        c = ctx.push() if None in (bound_s, bound_p, bound_o) else ctx
        try:  # a variable used twice in one pattern must match the same term
            if bound_s is None:
                c[s] = ts
            if bound_p is None:
                c[p] = tp
            if bound_o is None:
                c[o] = to
        except AlreadyBound:
            continue
        yield from _join(c, rest, nodes)


def _cost(ctx: Any, triple: Any, nodes: set[Any]) -> tuple[int, int, int]:
    """Fully bound patterns first (they only filter); then by how the lookup is anchored: a
    bound subject (a few triples); a bound object that is a node, a variable that is also a
    subject in the pattern or ``$this`` (``?round oly:result $this``); a bound value shared by
    many subjects, such as a literal, a unit or a class (``?m oly:sourcePart "table"``,
    ``?m oly:unit ?unit``); nothing bound (a scan). Then by the number of unbound terms."""
    s, p, o = (ctx[t] for t in triple)
    free = (s is None) + (p is None) + (o is None)
    if free == 0:
        return (0, 0, 0)
    if s is not None:
        tier = 0
    elif o is None:
        tier = 3
    elif triple[2] in nodes and p != RDF.type:
        tier = 1
    else:
        tier = 2
    return (1, tier, free)


CUSTOM_EVALS["olygraph-validate-bgp"] = _eval_bgp
