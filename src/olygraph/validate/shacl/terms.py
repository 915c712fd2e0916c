"""RDF terms between rdflib, pyoxigraph and SPARQL text.

Terms go into generated queries only through :func:`sparql`, which writes a checked rdflib term
with olygraph's safe term writer (:func:`olygraph.write.sparql.sparql_term`); nothing from the
shapes
or the data is pasted in as text.

pyoxigraph stores literals of the XSD types by value and writes them back in canonical form
(``"57.0"^^xsd:decimal`` comes back as ``"57"``, ``"1.0E2"^^xsd:double`` as ``"100"``). rdflib,
which pySHACL reads with, keeps a decimal as written and normalises the other types its own way.
:class:`TermReader` gives pySHACL's view back: a decimal's lexical form as written in the data
(:class:`Decimals`, read from the input), the other types through rdflib's own normalisation.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from olygraph.errors import UnsafeTermError
from olygraph.vocab import RDF, XSD
from olygraph.write.sparql import sparql_term

DECIMAL = str(XSD.decimal)
STRING = str(XSD.string)
LANG_STRING = str(RDF.langString)

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


class UnwritableTermError(ValueError):
    """A term that cannot be written into a query (a blank node, an unsafe IRI)."""


def sparql(node: Node) -> str:
    """``node`` (an IRI or literal) in SPARQL syntax, written by the safe term writer."""
    if not isinstance(node, URIRef | Literal):
        raise UnwritableTermError(f"{node!r} cannot be written into a query")
    try:
        return sparql_term(node)
    except UnsafeTermError as err:
        raise UnwritableTermError(str(err)) from None


def to_ox(node: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term (for the Python API, never for query text)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if not isinstance(node, Literal):
        raise UnwritableTermError(f"{node!r} is not an RDF term")
    if node.language:
        return ox.Literal(str(node), language=node.language)
    if node.datatype is not None:
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
    return ox.Literal(str(node))


class Decimals:
    """The decimals of the input whose lexical form pyoxigraph does not keep: canonical form →
    the form as written. Fed with lexical forms while the data is read; :meth:`resolve` asks the
    store for the canonical form of each (once)."""

    def __init__(self) -> None:
        self.written: set[str] = set()
        self.back: dict[str, str] = {}

    def add(self, lexicals: Iterable[str]) -> None:
        self.written.update(lexicals)

    def resolve(self, store: ox.Store) -> None:
        """Map each canonical form back to the one form the data writes it in. A value
        written in several forms (``74.4`` and ``74.40``) is one term in the store: it keeps
        its canonical form (pySHACL, reading rdflib terms, would see two)."""
        candidates = sorted(self.written)
        self.written.clear()
        forms: dict[str, set[str]] = {}
        for start in range(0, len(candidates), 5000):
            chunk = candidates[start : start + 5000]
            values = " ".join(sparql(Literal(c)) for c in chunk)
            query = (
                "SELECT ?l (STR(STRDT(?l, <http://www.w3.org/2001/XMLSchema#decimal>)) AS ?c) "
                f"WHERE {{ VALUES ?l {{ {values} }} }}"
            )
            solutions = store.query(query)
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                written, canonical = row["l"], row["c"]
                assert isinstance(written, ox.Literal) and isinstance(canonical, ox.Literal)
                forms.setdefault(canonical.value, set()).add(written.value)
        for canonical, written in forms.items():
            if len(written) == 1 and canonical not in written:
                self.back[canonical] = next(iter(written))

    def lexical(self, canonical: str) -> str:
        return self.back.get(canonical, canonical)


_quiet = threading.local()


class _WhileReading(logging.Filter):
    """Drops rdflib's warning about an ill-typed literal while :class:`TermReader` reads one
    (pySHACL's rdflib parse of the data has already said so, and the record would keep the
    reading thread's frames alive)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_quiet, "on", False)


logging.getLogger("rdflib.term").addFilter(_WhileReading())


class TermReader:
    """pyoxigraph terms as the rdflib terms pySHACL would have read (see the module doc)."""

    def __init__(self, decimals: Decimals) -> None:
        self.decimals = decimals

    def node(self, term: Any) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if not isinstance(term, ox.Literal):
            raise UnwritableTermError(f"{term!r} is not supported here")
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == STRING:
            return Literal(term.value)
        if datatype == DECIMAL:
            return Literal(self.decimals.lexical(term.value), datatype=XSD.decimal)
        _quiet.on = True
        try:
            return Literal(term.value, datatype=URIRef(datatype))
        finally:
            _quiet.on = False

    def text(self, term: Any) -> str:
        """What SPARQL's STR gives for ``term`` in pySHACL (rdflib)."""
        return str(self.node(term))
