"""The fast engine behind :func:`olygraph.validate.run.validate`: data and shapes in, a
:class:`~olygraph.validate.run.ValidationOutcome` out, with the same results as pySHACL."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef

from olygraph.validate.outcome import (
    LazyReport,
    Severity,
    ValidationOutcome,
    ValidationResult,
    bind_prefixes,
    named_shape,
    order,
    show,
)
from olygraph.validate.shacl.compile import Check, Compiler
from olygraph.validate.shacl.engine import Compiled, Engine
from olygraph.validate.shacl.model import ShapesModel, UnsupportedShape, read_shapes
from olygraph.validate.shacl.results import DataLookup, Finding, report_graph
from olygraph.validate.shacl.store import DataStore

__all__ = ["UnsupportedShape", "run_fast", "unsupported"]


def unsupported(shapes: Graph) -> str | None:
    """Why the fast engine cannot check ``shapes`` (None when it can): the shapes are read
    and compiled without data."""
    try:
        model = read_shapes(shapes)
        Compiler(model, lambda _targets: "?this a <urn:x> .", lambda c: (c,), _str).compile()
    except UnsupportedShape as err:
        return str(err)
    return None


def _str(expr: str) -> str:
    return f"STR({expr})"


def run_fast(
    data: Graph | DataStore,
    shapes: Graph,
    *,
    model: ShapesModel | None = None,
    workers: int | None = None,
    reuse: list[Compiled | None] | None = None,
    cleared: Callable[[Check], bool] | None = None,
) -> ValidationOutcome:
    """Validate with the fast engine (the shapes must be supported: see :func:`unsupported`).
    ``model``: the shapes already read (a caller validating many parts of one export reads
    them once); ``workers``: threads running the checks (default: up to four); ``cleared``:
    the checks known to find nothing (see :meth:`Engine.run`)."""
    if isinstance(data, DataStore):
        store = data
    else:
        store = DataStore()
        store.add_graph(data)
        store.finish()
    model = model or read_shapes(shapes)
    engine = Engine(store, model)
    try:
        findings = engine.run(workers, reuse, cleared)
    finally:
        engine.close()
    lookup = DataLookup(store.store)
    results = tuple(sorted((_result(f, model, lookup) for f in findings), key=order))
    conforms = not findings  # SHACL: any result, of any severity (the exit rule is olygraph's)
    report = LazyReport(lambda: bind_prefixes(report_graph(findings, shapes, conforms)))
    return ValidationOutcome(results, report, store.triples, engine="fast")


def _result(f: Finding, model: ShapesModel, lookup: DataLookup) -> ValidationResult:
    """A finding as :func:`olygraph.validate.run.read_report` reads pySHACL's report."""
    messages = sorted(f.messages, key=str)
    return ValidationResult(
        severity=Severity.of(f.severity),
        focus_node=show(f.focus),
        message=str(messages[0]) if messages else "",
        constraint_component=str(f.component),
        source_shape=named_shape(model.graph, f.shape),
        path=str(f.path) if isinstance(f.path, URIRef) else None,
        value=None if f.value is None or f.value == f.focus else show(f.value),
        source_location=lookup.source_location(f.focus),
        focus_label=lookup.label(f.focus),
    )
