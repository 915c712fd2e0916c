"""Validate a graph against olygraph's SHACL shapes (``shapes/*.ttl``).

``validate(graph)`` runs every shape (structure, provenance, SPARQL consistency checks, notes) on
the union of a dataset's named graphs, with no inference (the shapes target concrete classes),
and returns a :class:`ValidationOutcome`: typed, frozen results plus the SHACL report graph.
``outcome.conforms`` is true when no result has severity sh:Violation (warnings and notes are
allowed). Two engines give the same results: ``fast`` (the default, :mod:`olygraph.validate.shacl`:
the
shapes compiled into SPARQL run by pyoxigraph) and ``pyshacl``. Inputs and shape files are read
by :mod:`olygraph.validate.inputs`; rendering (text, Turtle, JSON) lives in
:mod:`olygraph.validate.report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph

from olygraph.errors import InputError, UsageError
from olygraph.resources import ontology_files
from olygraph.validate.inputs import (
    LINT_SUFFIX,
    LoadedData,
    lint_shapes_graph,
    load_inputs,
    shapes_graph,
)
from olygraph.validate.outcome import (
    SHAPES_NS,
    Severity,
    ValidationOutcome,
    ValidationResult,
    bind_prefixes,
    read_report,
    source_location,
)
from olygraph.validate.pyshacl_graph import PreparedQueryGraph
from olygraph.write.rdf import as_graph, load_rdf

if TYPE_CHECKING:
    from olygraph.validate.shacl.store import DataStore

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

# --- engines ------------------------------------------------------------------------------------


ENGINES: Final = ("fast", "pyshacl")
DEFAULT_ENGINE: Final = "fast"


def validate(
    data: Graph | DataStore, extra_shapes: Iterable[Graph] = (), engine: str = DEFAULT_ENGINE
) -> ValidationOutcome:
    """Validate ``data`` (a Graph or Dataset, datasets merged; or the fast engine's loaded
    store) against the shapes, with ``engine``: ``fast`` (olygraph's SHACL-to-SPARQL engine on
    pyoxigraph, :mod:`olygraph.validate.shacl`) or ``pyshacl``. When the shapes use something the
    fast
    engine does not support, pySHACL runs instead and ``outcome.note`` says why.

    Extra shapes are user input: a shape pyshacl cannot load is an :class:`InputError`.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    extras = list(extra_shapes)
    shapes = shapes_graph(extras)
    note = None
    if engine == "fast":
        from olygraph.validate.shacl.validation import UnsupportedShape, run_fast, unsupported

        note = unsupported(shapes)
        if note is None:
            try:
                return run_fast(data, shapes)
            except UnsupportedShape as err:  # found while running (pySHACL would stop too)
                note = str(err)
    graph = data if isinstance(data, Graph) else data.to_graph()
    try:
        outcome = run(graph, shapes)
    except ReportableRuntimeError as err:
        if not extras:
            raise
        raise InputError("--shapes", f"cannot use these shapes: {err.message}") from err
    return outcome if note is None else replace(outcome, note=f"pySHACL used: {note}")


def choose_engine(engine: str, extra_shapes: Iterable[Graph] = ()) -> tuple[str, str | None]:
    """The engine that will validate against olygraph's shapes plus ``extra_shapes`` (so that
    the data is loaded for it): ``fast`` unless asked for pySHACL or the shapes need it; and
    why pySHACL replaces the fast engine, if it does."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if engine != "fast":
        return engine, None
    from olygraph.validate.shacl.validation import unsupported

    reason = unsupported(shapes_graph(extra_shapes))
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
    results = read_report(report, target, shapes)
    return ValidationOutcome(results, bind_prefixes(report), len(target))
