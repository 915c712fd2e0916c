"""Validate a graph against olygraph's SHACL shapes (``shapes/*.ttl``).

``validate(graph)`` runs every shape (structure, provenance, SPARQL consistency checks, notes) on
the union of a dataset's named graphs, with no inference (the shapes target concrete classes),
and returns a :class:`ValidationOutcome`: typed, frozen results plus the SHACL report graph.
``outcome.conforms`` is true when no result has severity sh:Violation (warnings and notes are
allowed). Two engines give the same results: ``fast`` (the default, :mod:`olygraph.shacl`: the
shapes compiled into SPARQL run by pyoxigraph) and ``pyshacl``. Inputs and shape files are read
by :mod:`olygraph.validate_inputs`; rendering (text, Turtle, JSON) lives in
:mod:`olygraph.validate_report`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from olygraph.errors import InputError, UsageError
from olygraph.resources import ontology_files
from olygraph.validate_inputs import (
    LINT_SUFFIX,
    LoadedData,
    as_graph,
    lint_shapes_graph,
    load_inputs,
    load_rdf,
    shapes_graph,
)
from olygraph.validate_rdflib import PreparedQueryGraph
from olygraph.vocab import OLY, PREFIXES, RDF, RDFS, SH

if TYPE_CHECKING:
    from olygraph.shacl.store import DataStore

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "LINT_SUFFIX",
    "SHAPES_NS",
    "LoadedData",
    "Severity",
    "ValidationOutcome",
    "ValidationResult",
    "as_graph",
    "choose_engine",
    "lint_ontology",
    "lint_shapes_graph",
    "load_inputs",
    "load_rdf",
    "read_report",
    "run",
    "shapes_graph",
    "source_location",
    "validate",
]

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


class LazyReport:
    """A SHACL report graph built when first asked for (the fast engine's can be big, and
    only ``-f ttl`` needs it)."""

    def __init__(self, build: Callable[[], Graph]) -> None:
        self._build: Callable[[], Graph] | None = build
        self._graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            assert self._build is not None
            self._graph, self._build = self._build(), None
        return self._graph


@dataclass(frozen=True, slots=True)
class ValidationOutcome:
    """The results, the SHACL report graph (``report``), the number of triples checked, the
    engine that ran and, when pySHACL ran instead of the fast engine, why (``note``)."""

    results: tuple[ValidationResult, ...]
    source: Graph | LazyReport = field(compare=False, repr=False)
    triples: int = 0
    engine: str = "pyshacl"
    note: str | None = None

    @property
    def report(self) -> Graph:
        return self.source if isinstance(self.source, Graph) else self.source.graph

    @property
    def conforms(self) -> bool:
        """olygraph's exit rule: true when nothing is broken, no sh:Violation (warnings and
        notes are allowed). The SHACL report's ``sh:conforms`` is stricter: false whenever
        there is any result."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    def counts(self) -> dict[Severity, int]:
        found = Counter(r.severity for r in self.results)
        return {s: found.get(s, 0) for s in Severity}

    def of_severity(self, severity: Severity) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is severity)


# --- engines ------------------------------------------------------------------------------------


ENGINES: Final = ("fast", "pyshacl")
DEFAULT_ENGINE: Final = "fast"


def validate(
    data: Graph | DataStore,
    extra_shapes: Iterable[Graph] = (),
    engine: str = DEFAULT_ENGINE,
    builtin_shapes: bool = True,
) -> ValidationOutcome:
    """Validate ``data`` (a Graph or Dataset, datasets merged; or the fast engine's loaded
    store) against the shapes, with ``engine``: ``fast`` (olygraph's SHACL-to-SPARQL engine on
    pyoxigraph, :mod:`olygraph.shacl`) or ``pyshacl``. When the shapes use something the fast
    engine does not support, pySHACL runs instead and ``outcome.note`` says why.

    Extra shapes are user input: a shape pyshacl cannot load is an :class:`InputError`. With
    ``builtin_shapes=False`` only the extra shapes are used (a general SHACL validator).
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    extras = list(extra_shapes)
    shapes = shapes_graph(extras, builtin_shapes)
    note = None
    if engine == "fast":
        from olygraph.shacl.validation import UnsupportedShape, run_fast, unsupported

        note = unsupported(shapes)
        if note is None:
            try:
                return run_fast(data, shapes)
            except UnsupportedShape as err:  # found while running (pySHACL would stop too)
                note = str(err)
    graph = data if isinstance(data, Graph) else data.to_graph()
    try:
        outcome = run(graph, shapes)
    except (ReportableRuntimeError, NotImplementedError) as err:
        if not extras:
            raise
        why = err.message if isinstance(err, ReportableRuntimeError) else str(err)
        raise InputError("--shapes", f"cannot use these shapes (pySHACL): {why}") from err
    return outcome if note is None else replace(outcome, note=f"pySHACL used: {note}")


def choose_engine(
    engine: str, extra_shapes: Iterable[Graph] = (), builtin_shapes: bool = True
) -> tuple[str, str | None]:
    """The engine that will validate against olygraph's shapes plus ``extra_shapes`` (so that
    the data is loaded for it): ``fast`` unless asked for pySHACL or the shapes need it; and
    why pySHACL replaces the fast engine, if it does."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if engine != "fast":
        return engine, None
    from olygraph.shacl.validation import unsupported

    reason = unsupported(shapes_graph(extra_shapes, builtin_shapes))
    return ("fast", None) if reason is None else ("pyshacl", f"pySHACL used: {reason}")


# --- running pyshacl ----------------------------------------------------------------------------


def lint_ontology(paths: Sequence[Path] | None = None) -> ValidationOutcome:
    """The ontology files (default: ``ontology/*.ttl``) against ``shapes/*-lint.ttl``."""
    g = Graph()
    for path in paths if paths is not None else ontology_files():
        g.parse(path, format="turtle")
    return run(g, lint_shapes_graph())


def run(data: Graph, shapes: Graph) -> ValidationOutcome:
    target = PreparedQueryGraph()
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
    if not isinstance(report, Graph):  # pySHACL refused the shapes (a ValidationFailure)
        raise ReportableRuntimeError(str(report))
    for node in report.subjects(RDF.type, SH.ValidationReport):  # SHACL: false with any result
        report.set((node, SH.conforms, Literal((node, SH.result, None) not in report)))
    _own_paths(report)
    results = read_report(report, target, shapes)
    return ValidationOutcome(results, bind_prefixes(report), len(target))


def _own_paths(report: Graph) -> None:
    """Each result's ``sh:resultPath`` as a path of its own (pySHACL copies the shape's path
    node with every triple it has)."""
    from olygraph.shacl.paths import copy_path

    for result, path in list(report.subject_objects(SH.resultPath)):
        if isinstance(path, BNode):
            report.set((result, SH.resultPath, copy_path(report, path, report)))


def bind_prefixes(report: Graph) -> Graph:
    """Bind olygraph's prefixes (and ``olysh:``) in a report graph, for readable Turtle."""
    for prefix, ns in (*PREFIXES, ("olysh", SHAPES_NS)):
        report.bind(prefix, ns, override=True)
    return report


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


def order(r: ValidationResult) -> tuple[int, str, str, str, str]:
    """How results are sorted: by severity, focus node, shape, message, value."""
    return _order(r)


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
