"""SHACL property paths (``sh:path``) as SPARQL 1.1 property paths.

Every kind of SHACL path is supported: a predicate, a sequence (an RDF list), ``sh:inversePath``,
``sh:alternativePath``, ``sh:zeroOrMorePath``, ``sh:oneOrMorePath`` and ``sh:zeroOrOnePath``.
The SPARQL text is built from IRIs written by the safe term writer; a SPARQL path match can
repeat a value (an alternative matching twice), so the compiled queries always ask for
DISTINCT values, as SHACL's value nodes are a set.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from olygraph.validate.shacl.terms import UnwritableTermError, sparql
from olygraph.vocab import RDF, SH

_UNARY: dict[Node, str] = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


class UnsupportedPathError(ValueError):
    """A ``sh:path`` value that is not a well-formed SHACL path."""


@dataclass(frozen=True, slots=True)
class Path:
    """A SHACL path: its node in the shapes graph (reported as ``sh:resultPath``), its SPARQL
    text and, for a plain predicate, the predicate."""

    node: Node
    text: str
    predicate: URIRef | None = None


def parse_path(g: Graph, node: Node) -> Path:
    return Path(node, _text(g, node, 0), node if isinstance(node, URIRef) else None)


def _text(g: Graph, node: Node, depth: int) -> str:
    if depth > 20:
        raise UnsupportedPathError("sh:path nests too deeply")
    if isinstance(node, URIRef):
        try:
            return sparql(node)
        except UnwritableTermError as err:
            raise UnsupportedPathError(f"sh:path {node}: {err}") from None
    if not isinstance(node, BNode):
        raise UnsupportedPathError(f"sh:path {node!r} is neither an IRI nor a blank node")
    preds = set(g.predicates(node, None))
    if RDF.first in preds:
        parts = [_text(g, p, depth + 1) for p in Collection(g, node)]
        if len(parts) < 2:
            raise UnsupportedPathError("a sequence path needs at least two members")
        return "(" + "/".join(parts) + ")"
    if len(preds) != 1:
        raise UnsupportedPathError(f"sh:path blank node with {len(preds)} path predicates")
    pred = preds.pop()
    inner = g.value(node, pred)
    if inner is None:  # pragma: no cover (a predicate found above has a value)
        raise UnsupportedPathError("empty path")
    if pred == SH.inversePath:
        return "^(" + _text(g, inner, depth + 1) + ")"
    if pred == SH.alternativePath:
        if not isinstance(inner, BNode | URIRef):
            raise UnsupportedPathError("sh:alternativePath needs a list")
        parts = [_text(g, p, depth + 1) for p in Collection(g, inner)]
        if len(parts) < 2:
            raise UnsupportedPathError("sh:alternativePath needs at least two members")
        return "(" + "|".join(parts) + ")"
    if pred in _UNARY:
        return "(" + _text(g, inner, depth + 1) + ")" + _UNARY[pred]
    raise UnsupportedPathError(f"unknown path predicate <{pred}>")
