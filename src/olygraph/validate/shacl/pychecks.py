"""The value tests pySHACL does in Python, done the same way here (so that the answers agree):
``sh:pattern`` with Python's ``re``, ``sh:datatype`` with rdflib's reading of a literal, and
``sh:lessThan``/``sh:lessThanOrEquals`` comparisons of Python values.

The first two are SPARQL custom functions (pyoxigraph calls them for the values the query
cannot decide on its own); the comparisons run on the candidate pairs a query returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Final

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from olygraph.validate.shacl.model import UnsupportedShape
from olygraph.validate.shacl.terms import TermReader
from olygraph.vocab import RDF, XSD

#: the Python type rdflib gives a valid literal of each datatype pySHACL checks
_PYTHON_TYPES: Final[dict[URIRef, type]] = {
    XSD.integer: int, XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool,
    XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}  # fmt: skip

Function = Callable[[Any], ox.Literal]


def compile_pattern(pattern: str, flags: str) -> re.Pattern[str]:
    """An sh:pattern as pySHACL compiles it: ``re``, with the flags i and m only."""
    re_flags = (re.I if "i" in flags.lower() else 0) | (re.M if "m" in flags.lower() else 0)
    return re.compile(pattern, re_flags)


def pattern_test(reader: TermReader, pattern: str, flags: str) -> Function:
    """pySHACL's sh:pattern (:func:`compile_pattern`) on the string of the value: a string's
    value, else its lexical form or IRI; a blank node never matches."""
    matcher = compile_pattern(pattern, flags)

    def test(term: Any) -> ox.Literal:
        node = reader.node(term)
        if isinstance(node, BNode):
            return ox.Literal(False)
        text = str(node)
        if isinstance(node, Literal) and node.value is not None and node.datatype in (
            None, RDF.langString, XSD.string
        ):  # fmt: skip
            text = str(node.value)
        return ox.Literal(bool(matcher.match(text) or matcher.search(text)))

    return test


def datatype_test(reader: TermReader, datatype: URIRef) -> Function:
    """pySHACL's sh:datatype for a literal of that datatype: rdflib reads it (it is not
    ill-typed) as a value of the expected Python type."""
    expected = _PYTHON_TYPES.get(datatype)

    def test(term: Any) -> ox.Literal:
        node = reader.node(term)
        ok = isinstance(node, Literal) and node.ill_typed is not True
        if ok and expected is not None and isinstance(node, Literal):
            ok = isinstance(node.value, expected)
        return ox.Literal(ok)

    return test


def compares(value: Node, other: Node, strict: bool) -> bool:
    """pySHACL's sh:lessThan (``strict``) or sh:lessThanOrEquals test of one pair: IRIs and
    strings compare as strings, a string never compares with anything else. pySHACL stops on a
    blank node or on values Python cannot compare: then pySHACL must run instead."""
    if isinstance(value, BNode) or isinstance(other, BNode):
        raise UnsupportedShape("sh:lessThan or sh:lessThanOrEquals on a blank node")
    (v_text, v), (o_text, o) = _side(value), _side(other)
    if v_text != o_text:
        return False
    try:
        return bool(v < o) if strict else bool(v <= o)
    except TypeError:
        raise UnsupportedShape("sh:lessThan on values pySHACL cannot compare") from None


def _side(node: Node) -> tuple[bool, Any]:
    if isinstance(node, URIRef):
        return True, str(node)
    if isinstance(node, Literal) and isinstance(node.value, str):
        return True, node.value
    return False, node
