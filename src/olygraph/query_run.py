"""Running a named query: its ``--param`` values bound as RDF terms, then an engine.

:func:`run` checks the query (:func:`olygraph.query.prepare`), turns each ``--param`` value into
a term of the parameter's type, fills a ``single`` parameter left out when the data holds exactly
one node of its kind, checks that a named games, event, competitor or NOC is in the data, and
hands the query and its bindings to an :class:`Engine` (local stores in :mod:`olygraph.endpoint`,
a SPARQL endpoint in :mod:`olygraph.remote`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from rdflib import URIRef

from olygraph.query import Param, ParameterError, Prepared, QueryDef, prepare
from olygraph.query_format import KINDS, BadValueError, Result, Rows, Term, guess_term, value_term
from olygraph.vocab import DEFAULT_BASE, OLY_IRI

# ------------------------------------------------------------------------------- parameters


def to_term(param: Param, value: str, base: str = DEFAULT_BASE) -> Term:
    """The RDF term for a ``--param`` value of ``param``'s type; ParameterError if invalid."""
    try:
        return value_term(param.type, value, base)
    except BadValueError as err:
        raise ParameterError(f"--param {param.name}={value!r}: not {err}") from None


def kind_class_iris(param: Param) -> tuple[URIRef, ...]:
    return tuple(URIRef(OLY_IRI + c) for c in KINDS[param.type][1]) if param.type in KINDS else ()


# ---------------------------------------------------------------------------------- engines


class Engine(Protocol):
    """Runs a prepared query with parameter bindings; the default graph is the data's union."""

    name: str

    def run(self, prepared: Prepared, bindings: Mapping[str, Term]) -> Result: ...


def resolve(
    prepared: Prepared, engine: Engine, raw: Mapping[str, str], base: str = DEFAULT_BASE
) -> dict[str, Term]:
    """Turn ``--param`` values into terms, fill ``single`` defaults, check named nodes exist."""
    qdef = prepared.query
    bindings: dict[str, Term] = {}
    for name, value in raw.items():
        param = qdef.param(name)
        if param is not None:
            bindings[name] = to_term(param, value, base)
        elif not qdef.params and name in prepared.variables:
            bindings[name] = guess_term(value)
        else:
            known = ", ".join(p.name for p in qdef.params) or "none"
            raise ParameterError(f"{qdef.name}: unknown parameter {name!r} (parameters: {known})")
    for param in qdef.params:
        if param.name in bindings:
            _check_exists(engine, qdef, param, bindings[param.name])
        elif param.mode == "required":
            raise ParameterError(
                f"{qdef.name}: missing parameter {param.name!r} ({param.meaning}); "
                f"give --param {param.name}=VALUE"
            )
        elif param.mode == "single":
            found = _only(engine, param, base)
            if found is not None:
                bindings[param.name] = found
    return bindings


def _helper(engine: Engine, text: str, bindings: Mapping[str, Term]) -> Result:
    qdef = QueryDef("(lookup)", "(lookup)", text, "(lookup)")
    form = "ASK" if text.lstrip().startswith("ASK") else "SELECT"
    prepared = Prepared(qdef, form, ("node",), frozenset({"node"}))
    return engine.run(prepared, bindings)


def _classes(param: Param) -> str:
    return " ".join(f"<{c}>" for c in kind_class_iris(param))


def _check_exists(engine: Engine, qdef: QueryDef, param: Param, term: Term) -> None:
    if param.type not in KINDS:
        return
    text = f"ASK WHERE {{ ?node a ?class . VALUES ?class {{ {_classes(param)} }} }}"
    found = _helper(engine, text, {"node": term})
    if not getattr(found, "value", False):
        raise ParameterError(f"{qdef.name}: no {param.type} <{term}> in the data")


_PLURALS: Final = {"games": "Games", "event": "events", "competitor": "competitors", "noc": "NOCs"}


def _only(engine: Engine, param: Param, base: str) -> Term | None:
    text = (
        f"SELECT DISTINCT ?node WHERE {{ ?node a ?class . VALUES ?class {{ {_classes(param)} }} }}"
        " ORDER BY ?node LIMIT 4"
    )
    result = _helper(engine, text, {})
    found = (
        [row[0] for row in result.rows if row[0] is not None] if isinstance(result, Rows) else []
    )
    if len(found) > 1:
        shown = ", ".join(str(t).removeprefix(base).split("/", 1)[-1] for t in found[:3])
        raise ParameterError(
            f"the data holds several {_PLURALS[param.type]} ({shown}, …); choose one with "
            f"--param {param.name}=ID (olygraph query events lists the events)"
        )
    return found[0] if found else None


def run(
    qdef: QueryDef,
    engine: Engine,
    params: Mapping[str, str] | None = None,
    base: str = DEFAULT_BASE,
) -> Answer:
    """Check ``qdef``, bind ``params`` and run it on ``engine``."""
    prepared = prepare(qdef)
    bindings = resolve(prepared, engine, params or {}, base)
    return Answer(qdef, engine.run(prepared, bindings), bindings)


@dataclass(frozen=True, slots=True)
class Answer:
    query: QueryDef
    result: Result
    bindings: Mapping[str, Term]

    def hidden(self) -> set[str]:
        """Parameter columns a table leaves out: bound (the value is known) or always empty."""
        names = {p.name for p in self.query.params} | set(self.bindings)
        if not isinstance(self.result, Rows):
            return set()
        return {
            n
            for n in names & set(self.result.variables)
            if n in self.bindings or all(c is None for c in self.result.column(n))
        }


def parse_assignments(pairs: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings (from ``--param``) as a dict; UsageError when malformed."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name.strip()):
            raise ParameterError(f"--param {pair!r}: expected NAME=VALUE")
        if name.strip() in out:
            raise ParameterError(f"--param {name.strip()} given twice")
        out[name.strip()] = value
    return out
