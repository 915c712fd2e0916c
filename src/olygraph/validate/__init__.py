"""Validation against SHACL shapes: data and shapes in, typed results and a report out.

In: an rdflib graph or the fast engine's store (:mod:`~olygraph.validate.inputs` reads RDF
files and articles, and olygraph's shapes). Out: a
:class:`~olygraph.validate.outcome.ValidationOutcome` (results, the SHACL report graph).
:mod:`~olygraph.validate.run` chooses the engine: the compiled one (:mod:`olygraph.validate.shacl`,
shapes compiled into SPARQL run by pyoxigraph) or pySHACL (with
:mod:`~olygraph.validate.pyshacl_graph`); :mod:`~olygraph.validate.report` renders results as
text, Turtle or JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from olygraph.validate.outcome import Severity, ValidationOutcome, ValidationResult

if TYPE_CHECKING:
    from olygraph.validate.run import (
        DEFAULT_ENGINE,
        ENGINES,
        choose_engine,
        lint_ontology,
        validate,
    )

_FROM_RUN = frozenset({"DEFAULT_ENGINE", "ENGINES", "choose_engine", "lint_ontology", "validate"})


def __getattr__(name: str) -> Any:
    """The engine chooser on first use: :mod:`~olygraph.validate.run` imports pySHACL, which
    a process that only runs the fast engine (a streamed export's) does not need."""
    if name in _FROM_RUN:
        from olygraph.validate import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "Severity",
    "ValidationOutcome",
    "ValidationResult",
    "choose_engine",
    "lint_ontology",
    "validate",
]
