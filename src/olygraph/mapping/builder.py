"""A small quad builder shared by the mapping modules: triples per named graph, provenance."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Final

from rdflib import Literal, URIRef
from rdflib.term import Node

from olygraph.facts import DateValue, Loc, Mark
from olygraph.ids import Minter
from olygraph.mapping.claims import ClaimBook
from olygraph.mapping.terms import lit
from olygraph.vocab import OLY, PROV, RDF, RDFS, UNIT_IRIS, XSD

Quad = tuple[Node, Node, Node, URIRef]

# rdflib makes a new IRI each time a closed namespace's term is asked for: these are asked for
# with nearly every triple
_TYPE: Final = RDF.type
_LABEL: Final = RDFS.label
_DERIVED: Final = PROV.wasDerivedFrom
_INTEGER: Final = XSD.integer
_DECIMAL: Final = XSD.decimal


@lru_cache(maxsize=1 << 12)
def _integer(n: int) -> Literal:
    """Line numbers recur in every source: made once (an rdflib Literal is slow to make)."""
    return lit(n, datatype=_INTEGER)


@lru_cache(maxsize=1 << 12)
def _string(text: str) -> Literal:
    return lit(text)


def canonical(value: Decimal) -> str:
    """One text per decimal value (148 == 148.00), for comparing claims."""
    normal = value.normalize()
    return format(normal, "f")


def date_literal(d: DateValue) -> Literal:
    """``xsd:date`` when the day is known, else ``xsd:gYear``."""
    if d.date is not None:
        return lit(d.date.isoformat(), datatype=XSD.date)
    return lit(str(d.year), datatype=XSD.gYear)


def dec(value: Decimal) -> Literal:
    """The canonical xsd:decimal form (``1000.0``, ``182.1``), which every syntax keeps as is;
    the mark's original text is kept beside it in ``oly:text``."""
    text = canonical(value)
    return lit(text if "." in text else f"{text}.0", datatype=_DECIMAL)


class Builder:
    """Collects quads. ``graph`` is the named graph new triples go to (one per source)."""

    def __init__(self, minter: Minter, book: ClaimBook) -> None:
        self.minter = minter
        self.book = book
        self.quads: set[Quad] = set()
        self.graph: URIRef = URIRef(minter.base)
        self.source: URIRef = URIRef(minter.base)
        self.source_key = ""
        self._claims: dict[tuple[int | None, str], int] = {}
        #: (line, value casefolded) → why it was not used, for this source's unusable values
        self.unusable: dict[tuple[int | None, str], str] = {}

    def start_source(self, source: URIRef, key: str) -> None:
        self.graph = source
        self.source = source
        self.source_key = key
        self._claims = {}
        self.unusable = {}

    def kept_field(self, node: URIRef, line: int | None, value: str) -> None:
        """A value kept as an oly:UnmappedField: when it is a stated value that could not be
        used (a mark, rank or code that does not read), say why (oly:notUsedBecause), so that
        validation warns about it (olysh:UnusableValueShape) instead of noting it."""
        why = self.unusable.get((line, value.strip().casefold()))
        if why is not None:
            self.add(node, OLY.notUsedBecause, lit(why))

    def add(self, s: Node, p: Node, o: Node | None, graph: URIRef | None = None) -> None:
        if o is not None:
            self.quads.add((s, p, o, graph or self.graph))

    def add_all(self, s: Node, pairs: Iterable[tuple[Node, Node | None]]) -> None:
        for p, o in pairs:
            self.add(s, p, o)

    def typed(self, s: URIRef, cls: URIRef, label: str | None = None) -> URIRef:
        self.add(s, _TYPE, cls)
        if label:
            self.add(s, _LABEL, lit(label))
        return s

    def provenance(self, node: URIRef, loc: Loc, source: URIRef | None = None) -> None:
        self.add(node, _DERIVED, source or self.source)
        if loc.line is not None:
            self.add(node, OLY.sourceLine, _integer(loc.line))
        self.add(node, OLY.sourcePart, _string(loc.part))
        if loc.section:
            self.add(node, OLY.sourceSection, _string(loc.section))
        self.add(node, OLY.sourceLocation, lit(loc.describe()))

    def claim(
        self,
        subject: URIRef,
        prop: URIRef,
        value: Node,
        loc: Loc,
        text: str = "",
        *,
        source: URIRef | None = None,
        single: bool = True,
        asserted: bool = True,
    ) -> URIRef:
        """Assert ``subject prop value`` and record where it was stated, as an oly:Claim.

        ``single``: the property has one true value per subject, so different stated values
        are a discrepancy (counts, distance, host city); else values accumulate (dates, nations).
        ``asserted=False`` records the statement without asserting the triple (a mark stated in
        prose that fits no result row stays a claim about the athlete, not a fact of the graph).
        """
        if asserted:
            self.add(subject, prop, value)
        local = prop.split("#")[-1].split("/")[-1]
        n = self._claims[(loc.line, local)] = self._claims.get((loc.line, local), 0) + 1
        node = self.minter.claim(self.source_key, loc.line, local, n)
        self.typed(node, OLY.Claim)
        self.add(node, OLY.claimSubject, subject)
        self.add(node, OLY.claimProperty, prop)
        self.add(node, OLY.claimValue, value)
        if text:
            self.add(node, OLY.claimText, lit(text))
        self.provenance(node, loc, source)
        if single:
            key = str(value)
            if isinstance(value, Literal) and value.datatype == _DECIMAL:
                key = canonical(Decimal(key))
            self.book.add(subject, prop, node, key)
        return node

    def mark(self, owner: URIRef, key: str, measure: str, mark: Mark, loc: Loc) -> URIRef:
        """A stated mark (value + unit + original text), with its own provenance."""
        node = self.minter.mark(owner, key)
        self.typed(node, OLY.Mark)
        self.add(node, OLY.text, lit(mark.text))
        if measure:
            self.add(node, OLY.measure, lit(measure))
        if mark.value is not None:
            self.add(node, OLY.value, dec(mark.value))
        if mark.unit:
            self.add(node, OLY.unit, UNIT_IRIS[mark.unit])
        if mark.status:
            self.add(node, OLY.status, OLY[mark.status])
        for a in mark.annotations:
            self.add(node, OLY.annotation, lit(a))
        self.provenance(node, loc)
        if mark.value is not None:
            self.book.add(
                owner, OLY.mark, node, canonical(mark.value), facet=f"{measure}|{mark.unit}"
            )
        return node


#: properties of result rows and medal awards with one true value, stated as plain triples;
#: two sources stating different values for the same node is a discrepancy
FUNCTIONAL = frozenset(
    (OLY.rank, OLY.rankTo, OLY.tied, OLY.status, OLY.noc, OLY.competitor, OLY.medal)
)


def cross_source_conflicts(b: Builder) -> None:
    """Where sources state different values of a one-valued property of the same node, record
    each value as a Claim of its source (located where that source states the node) so that
    the ClaimBook reports the discrepancy. Values agreeing across sources stay plain triples.
    """
    stated: dict[tuple[Node, Node], dict[Node, set[URIRef]]] = {}
    where: dict[tuple[Node, URIRef], Node] = {}
    location = frozenset((OLY.sourceLocation,))  # a set: rdflib's == is slow
    for s, p, o, g in b.quads:
        if p in FUNCTIONAL:
            stated.setdefault((s, p), {}).setdefault(o, set()).add(g)
        elif p in location:
            where[(s, g)] = o
    conflicts = [(sp, by_value) for sp, by_value in stated.items() if len(by_value) > 1]
    for (s, p), by_value in sorted(conflicts, key=lambda c: (str(c[0][0]), str(c[0][1]))):
        n = 0
        for o, graphs in sorted(by_value.items(), key=lambda v: str(v[0])):
            for g in sorted(graphs):
                n += 1
                assert isinstance(s, URIRef) and isinstance(p, URIRef)
                node = URIRef(f"{s}/stated/{p.split('#')[-1]}-{n}")
                b.typed(node, OLY.Claim)
                pairs: list[tuple[Node, Node | None]] = [
                    (OLY.claimSubject, s),
                    (OLY.claimProperty, p),
                    (OLY.claimValue, o),
                    (PROV.wasDerivedFrom, g),
                    (OLY.sourceLocation, where.get((s, g))),
                ]
                for prop, value in pairs:
                    b.add(node, prop, value, g)
                b.add(node, RDF.type, OLY.Claim, g)
                b.book.add(s, p, node, str(o))
