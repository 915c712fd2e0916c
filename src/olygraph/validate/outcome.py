"""What a validation gives back, whichever engine ran: typed, frozen results, the SHACL report
graph, and how a report graph (pySHACL's, the fast engine's or Jena's) is read into results.

``outcome.conforms`` is true when no result has severity sh:Violation: olygraph's exit-code rule
(warnings and notes never fail a run), not the report graph's ``sh:conforms``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from olygraph.vocab import OLY, PREFIXES, RDF, RDFS, SH

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
        """True when nothing is broken: no sh:Violation (warnings and notes are allowed)."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    def counts(self) -> dict[Severity, int]:
        found = Counter(r.severity for r in self.results)
        return {s: found.get(s, 0) for s in Severity}

    def of_severity(self, severity: Severity) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is severity)


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
                focus_node=show(focus),
                message=str(message) if message is not None else "",
                constraint_component=str(report.value(r, SH.sourceConstraintComponent) or ""),
                source_shape=named_shape(shapes, report.value(r, SH.sourceShape)),
                path=str(path) if isinstance(path, URIRef) else None,
                value=None if value is None or value == focus else show(value),
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


def show(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    return str(node) if isinstance(node, URIRef) else f"_:{node}"


def named_shape(shapes: Graph, shape: Node | None) -> str | None:
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
