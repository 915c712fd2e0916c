"""A faster SPARQL path for pySHACL's pre-bound queries, on olygraph's own data graph.

pySHACL runs every SHACL-SPARQL constraint once per focus node, as text, with ``$this`` in
``initBindings``. :class:`PreparedQueryGraph` parses each text once and joins the triple
patterns of a basic graph pattern in an order chosen with the bindings at hand (rdflib's
``CUSTOM_EVALS`` hook, registered on import; other graphs are untouched).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, Variable
from rdflib.plugins.sparql import CUSTOM_EVALS, prepareQuery
from rdflib.plugins.sparql.sparql import AlreadyBound, Query
from rdflib.term import Node

from olygraph.vocab import RDF


class PreparedQueryGraph(Graph):
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
    pattern on a :class:`PreparedQueryGraph`; anything else goes to rdflib's own evaluation.

    Reordering the triple patterns of a basic graph pattern never changes its answers."""
    if part.name != "BGP" or not isinstance(ctx.graph, PreparedQueryGraph):
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
