"""Running a named query: its ``--param`` values bound as RDF terms, then an engine.

:func:`run` checks the query (:func:`olygraph.query.named.prepare`), turns each ``--param`` value
into
a term of the parameter's type, fills a ``single`` parameter left out when the data holds exactly
one node of its kind, checks that a named games, event, competitor or NOC is in the data, and
hands the query and its bindings to an :class:`Engine` (local stores in
:mod:`olygraph.query.engines`,
a SPARQL endpoint in :mod:`olygraph.query.remote`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Protocol

from olygraph.query.named import Param, ParameterError, Prepared, QueryDef, prepare
from olygraph.query.results import KINDS, BadValueError, Result, Rows, Term, guess_term, value_term
from olygraph.vocab import DEFAULT_BASE, OLY_IRI

# ------------------------------------------------------------------------------- parameters


def to_term(param: Param, value: str, base: str = DEFAULT_BASE) -> Term:
    """The RDF term for a ``--param`` value of ``param``'s type; ParameterError if invalid."""
    try:
        return value_term(param.type, value, base)
    except BadValueError as err:
        raise ParameterError(f"--param {param.name}={value!r}: not {err}") from None


def _same(term: Term, base: str) -> Term:
    return term


@dataclass(frozen=True, slots=True)
class Kinds:
    """How the data of a profile tells a node's kind (games, event, competitor, NOC): a graph
    pattern binding ``?node`` per kind (constant text, never user input), and how an id under
    the base becomes that profile's IRI (the Wikidata profile writes ``games/1928-summer`` as
    its Q-id). The default is olygraph's own ontology: ``?node a oly:Event`` and so on."""

    patterns: Mapping[str, str] = field(default_factory=dict)
    rename: Callable[[Term, str], Term] = _same

    def pattern(self, kind: str) -> str | None:
        if kind not in KINDS:
            return None
        if kind in self.patterns:
            return self.patterns[kind]
        classes = " ".join(f"<{OLY_IRI}{c}>" for c in KINDS[kind][1])
        return f"?node a ?class . VALUES ?class {{ {classes} }}"


OWN_KINDS: Final = Kinds()


# ---------------------------------------------------------------------------------- engines


class Engine(Protocol):
    """Runs a prepared query with parameter bindings; the default graph is the data's union."""

    name: str

    def run(self, prepared: Prepared, bindings: Mapping[str, Term]) -> Result: ...


def resolve(
    prepared: Prepared,
    engine: Engine,
    raw: Mapping[str, str],
    base: str = DEFAULT_BASE,
    kinds: Kinds = OWN_KINDS,
) -> dict[str, Term]:
    """Turn ``--param`` values into terms, fill ``single`` defaults, check named nodes exist."""
    qdef = prepared.query
    bindings: dict[str, Term] = {}
    for name, value in raw.items():
        param = qdef.param(name)
        if param is not None:
            term = to_term(param, value, base)
            bindings[name] = kinds.rename(term, base) if param.type in KINDS else term
        elif not qdef.params and name in prepared.variables:
            bindings[name] = guess_term(value)
        else:
            known = ", ".join(p.name for p in qdef.params) or "none"
            raise ParameterError(f"{qdef.name}: unknown parameter {name!r} (parameters: {known})")
    for param in qdef.params:
        if param.name in bindings:
            _check_exists(engine, qdef, param, bindings[param.name], kinds)
        elif param.mode == "required":
            raise ParameterError(
                f"{qdef.name}: missing parameter {param.name!r} ({param.meaning}); "
                f"give --param {param.name}=VALUE"
            )
        elif param.mode == "single":
            found = _only(engine, param, base, kinds)
            if found is not None:
                bindings[param.name] = found
    return bindings


def _helper(engine: Engine, text: str, bindings: Mapping[str, Term]) -> Result:
    qdef = QueryDef("(lookup)", "(lookup)", text, "(lookup)")
    form = "ASK" if text.lstrip().startswith("ASK") else "SELECT"
    prepared = Prepared(qdef, form, ("node",), frozenset({"node"}))
    return engine.run(prepared, bindings)


def _check_exists(
    engine: Engine, qdef: QueryDef, param: Param, term: Term, kinds: Kinds = OWN_KINDS
) -> None:
    pattern = kinds.pattern(param.type)
    if pattern is None:
        return
    text = f"ASK WHERE {{ {pattern} }}"
    found = _helper(engine, text, {"node": term})
    if not getattr(found, "value", False):
        raise ParameterError(f"{qdef.name}: no {param.type} <{term}> in the data")


_PLURALS: Final = {"games": "Games", "event": "events", "competitor": "competitors", "noc": "NOCs"}


def _only(engine: Engine, param: Param, base: str, kinds: Kinds = OWN_KINDS) -> Term | None:
    text = f"SELECT DISTINCT ?node WHERE {{ {kinds.pattern(param.type)} }} ORDER BY ?node LIMIT 4"
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
    kinds: Kinds = OWN_KINDS,
) -> Answer:
    """Check ``qdef``, bind ``params`` and run it on ``engine`` (data of the ``kinds`` profile)."""
    prepared = prepare(qdef)
    bindings = resolve(prepared, engine, params or {}, base, kinds)
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
