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
import re
import threading
from collections.abc import Iterable
from typing import Any, Final

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from olygraph.errors import UnsafeTermError
from olygraph.vocab import RDF, XSD
from olygraph.write.sparql import sparql_term

DECIMAL = str(XSD.decimal)
#: the datatypes derived from xsd:integer, whose literals pyoxigraph would store as xsd:integer
#: (``"5"^^xsd:byte`` becomes ``"5"^^xsd:integer``, ``"300"^^xsd:byte`` a valid integer):
#: they are stored under a private datatype (:data:`KEPT`) that keeps datatype and lexical form
DERIVED: Final = frozenset(
    str(XSD[n])
    for n in (
        "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger",
    )
)  # fmt: skip
KEPT: Final = "urn:olygraph:shacl:kept:"
STRING = str(XSD.string)
LANG_STRING = str(RDF.langString)

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


class UnwritableTermError(ValueError):
    """A term that cannot be written into a query (a blank node, an unsafe IRI)."""


def sparql(node: Node) -> str:
    """``node`` (an IRI or literal) in SPARQL syntax, written by the safe term writer (a
    literal of a :data:`DERIVED` datatype as it is stored)."""
    if not isinstance(node, URIRef | Literal):
        raise UnwritableTermError(f"{node!r} cannot be written into a query")
    if isinstance(node, Literal) and str(node.datatype) in DERIVED:
        node = Literal(str(node), datatype=URIRef(KEPT + str(node.datatype)))
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
        return kept(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
    return ox.Literal(str(node))


def kept(term: ox.Literal) -> ox.Literal:
    """A literal as the store must hold it: a :data:`DERIVED` datatype under :data:`KEPT`."""
    datatype = term.datatype.value
    if datatype in DERIVED:
        return ox.Literal(term.value, datatype=ox.NamedNode(KEPT + datatype))
    return term


#: a decimal's lexical form as pyoxigraph writes its value (no sign but a minus, no leading
#: or trailing zero, no ".0"; within the digits pyoxigraph keeps), other than "-0"
_CANONICAL_DECIMAL: Final = re.compile(r"(?!-0$)-?(?:0|[1-9][0-9]{0,16})(?:\.[0-9]{0,16}[1-9])?")


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
        # the store is asked only about forms that are not canonical (a canonical one is
        # written as the store writes it: it counts only beside another form of its value)
        seen = self.written
        candidates = sorted(c for c in seen if not _CANONICAL_DECIMAL.fullmatch(c))
        self.written = set()
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
        for canonical, forms_of in forms.items():
            if canonical in seen:
                forms_of.add(canonical)
            if len(forms_of) == 1 and canonical not in forms_of:
                self.back[canonical] = next(iter(forms_of))

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
        if datatype.startswith(KEPT):
            datatype = datatype[len(KEPT) :]
        _quiet.on = True
        try:
            found = Literal(term.value, datatype=URIRef(datatype))
            if found.ill_typed:  # as written: rdflib would normalise "none"^^xsd:boolean
                found = Literal(term.value, datatype=URIRef(datatype), normalize=False)
            return found
        finally:
            _quiet.on = False

    def text(self, term: Any) -> str:
        """What SPARQL's STR gives for ``term`` in pySHACL (rdflib)."""
        return str(self.node(term))
