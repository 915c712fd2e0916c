"""A small quad builder shared by the mapping modules: triples per named graph, provenance."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Final

from rdflib import URIRef

from olygraph.facts import DateValue, Loc, Mark
from olygraph.ids import Minter
from olygraph.mapping.claims import ClaimBook
from olygraph.mapping.terms import Term, datatype_tail, lexical, lit
from olygraph.vocab import OLY, PROV, RDF, RDFS, UNIT_IRIS, XSD

#: (subject, predicate, object, graph), plain strings (:mod:`olygraph.mapping.terms`)
Quad = tuple[str, str, Term, str]
#: per graph, per subject, its (predicate, object) pairs
Store = dict[str, dict[str, set[tuple[str, Term]]]]

# the terms asked for with nearly every triple, as plain strings
_TYPE: Final = str(RDF.type)
_LABEL: Final = str(RDFS.label)
_DERIVED: Final = str(PROV.wasDerivedFrom)
_LINE: Final = str(OLY.sourceLine)
_PART: Final = str(OLY.sourcePart)
_SECTION: Final = str(OLY.sourceSection)
_LOCATION: Final = str(OLY.sourceLocation)
_CLAIM: Final = str(OLY.Claim)
_CLAIM_SUBJECT: Final = str(OLY.claimSubject)
_CLAIM_PROPERTY: Final = str(OLY.claimProperty)
_CLAIM_VALUE: Final = str(OLY.claimValue)
_CLAIM_TEXT: Final = str(OLY.claimText)
_MARK: Final = str(OLY.Mark)
_TEXT: Final = str(OLY.text)
_MEASURE: Final = str(OLY.measure)
_VALUE: Final = str(OLY.value)
_UNIT: Final = str(OLY.unit)
_STATUS: Final = str(OLY.status)
_ANNOTATION: Final = str(OLY.annotation)
_INTEGER: Final = str(XSD.integer)
_DECIMAL: Final = str(XSD.decimal)
_DECIMAL_TAIL: Final = datatype_tail(_DECIMAL)


@lru_cache(maxsize=1 << 12)
def integer(n: int) -> Term:
    """An ``xsd:integer`` literal; line numbers, ranks and counts recur: made once."""
    return lit(n, datatype=_INTEGER)


def canonical(value: Decimal) -> str:
    """One text per decimal value (148 == 148.00), for comparing claims."""
    normal = value.normalize()
    return format(normal, "f")


def date_literal(d: DateValue) -> Term:
    """``xsd:date`` when the day is known, else ``xsd:gYear``."""
    if d.date is not None:
        return lit(d.date.isoformat(), datatype=XSD.date)
    return lit(str(d.year), datatype=XSD.gYear)


def decimal_text(value: Decimal) -> str:
    """The canonical xsd:decimal form (``1000.0``, ``182.1``), which every syntax keeps as is."""
    text = canonical(value)
    return text if "." in text else f"{text}.0"


def dec(value: Decimal) -> Term:
    """:func:`decimal_text` as an ``xsd:decimal`` literal; the mark's original text is kept
    beside it in ``oly:text``."""
    return lit(decimal_text(value), datatype=_DECIMAL)


class Builder:
    """Collects quads, as plain strings. ``graph`` is the named graph new triples go to (one
    per source)."""

    def __init__(self, minter: Minter, book: ClaimBook) -> None:
        self.minter = minter
        self.book = book
        self.store: Store = {}
        self.graph: str = minter.base
        self._subjects = self._graph(self.graph)
        self.source_key = ""
        self._claims: dict[tuple[int | None, str], int] = {}
        #: (line, value casefolded) → why it was not used, for this source's unusable values
        self.unusable: dict[tuple[int | None, str], str] = {}

    def _graph(self, graph: str) -> dict[str, set[tuple[str, Term]]]:
        found = self.store.get(graph)
        if found is None:
            found = self.store[graph] = {}
        return found

    def start_source(self, source: URIRef, key: str) -> None:
        self.graph = str(source)
        self._subjects = self._graph(self.graph)
        self.source_key = key
        self._claims = {}
        self.unusable = {}

    def quads(self) -> Iterator[Quad]:
        """Every quad collected."""
        for g, subjects in self.store.items():
            for s, pairs in subjects.items():
                for p, o in pairs:
                    yield s, p, o, g

    def update(self, quads: Iterable[Quad]) -> None:
        for s, p, o, g in quads:
            self.add(s, p, o, g)

    def __bool__(self) -> bool:
        """Whether any quad was collected."""
        return any(self.store.values())

    def kept_field(self, node: URIRef, line: int | None, value: str) -> None:
        """A value kept as an oly:UnmappedField: when it is a stated value that could not be
        used (a mark, rank or code that does not read), say why (oly:notUsedBecause), so that
        validation warns about it (olysh:UnusableValueShape) instead of noting it."""
        why = self.unusable.get((line, value.strip().casefold()))
        if why is not None:
            self.add(node, OLY.notUsedBecause, lit(why))

    def add(self, s: str, p: str, o: Term | None, graph: str | None = None) -> None:
        if o is None:
            return
        subjects = self._subjects if graph is None else self._graph(str(graph))
        s = str(s)  # a URIRef compares and sorts in Python; a str does not
        pairs = subjects.get(s)
        if pairs is None:
            pairs = subjects[s] = set()
        pairs.add((str(p), str(o)))

    def pairs(self, s: str) -> set[tuple[str, Term]]:
        """The (predicate, object) pairs of ``s`` in the current graph, to add plain strings
        to (several triples of one subject, one look-up)."""
        s = str(s)
        pairs = self._subjects.get(s)
        if pairs is None:
            pairs = self._subjects[s] = set()
        return pairs

    def typed(self, s: URIRef, cls: str, label: str | None = None) -> URIRef:
        pairs = self.pairs(s)
        pairs.add((_TYPE, str(cls)))
        if label:
            pairs.add((_LABEL, lit(label)))
        return s

    def provenance(self, node: URIRef, loc: Loc, source: URIRef | None = None) -> None:
        self._provenance(self.pairs(node), loc, source)

    def _provenance(self, pairs: set[tuple[str, Term]], loc: Loc, source: str | None) -> None:
        add = pairs.add
        add((_DERIVED, str(source) if source else self.graph))
        if loc.line is not None:
            add((_LINE, integer(loc.line)))
        add((_PART, lit(loc.part)))
        if loc.section:
            add((_SECTION, lit(loc.section)))
        add((_LOCATION, lit(loc.describe())))

    def claim(
        self,
        subject: URIRef,
        prop: URIRef,
        value: Term,
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
        pairs = self.pairs(node)
        add = pairs.add
        add((_TYPE, _CLAIM))
        add((_CLAIM_SUBJECT, str(subject)))
        add((_CLAIM_PROPERTY, str(prop)))
        add((_CLAIM_VALUE, str(value)))
        if text:
            add((_CLAIM_TEXT, lit(text)))
        self._provenance(pairs, loc, source)
        if single:
            key = lexical(value)
            if value.endswith(_DECIMAL_TAIL) and value.startswith("\x00"):
                key = canonical(Decimal(key))
            self.book.add(subject, prop, node, key)
        return node

    def mark(self, owner: URIRef, key: str, measure: str, mark: Mark, loc: Loc) -> URIRef:
        """A stated mark (value + unit + original text), with its own provenance."""
        node = self.minter.mark(owner, key)
        pairs = self.pairs(node)
        add = pairs.add
        add((_TYPE, _MARK))
        add((_TEXT, lit(mark.text)))
        if measure:
            add((_MEASURE, lit(measure)))
        if mark.value is not None:
            add((_VALUE, dec(mark.value)))
        if mark.unit:
            add((_UNIT, str(UNIT_IRIS[mark.unit])))
        if mark.status:
            add((_STATUS, str(OLY[mark.status])))
        for a in mark.annotations:
            add((_ANNOTATION, lit(a)))
        self._provenance(pairs, loc, None)
        if mark.value is not None:
            self.book.add(
                owner, OLY.mark, node, canonical(mark.value), facet=f"{measure}|{mark.unit}"
            )
        return node


#: properties of result rows and medal awards with one true value, stated as plain triples;
#: two sources stating different values for the same node is a discrepancy
FUNCTIONAL = frozenset(
    str(p) for p in (OLY.rank, OLY.rankTo, OLY.tied, OLY.status, OLY.noc, OLY.competitor, OLY.medal)
)


def cross_source_conflicts(b: Builder) -> None:
    """Where sources state different values of a one-valued property of the same node, record
    each value as a Claim of its source (located where that source states the node) so that
    the ClaimBook reports the discrepancy. Values agreeing across sources stay plain triples.
    """
    stated: dict[tuple[str, str], dict[Term, set[str]]] = {}
    functional = FUNCTIONAL
    for g, subjects in b.store.items():
        for s, stated_pairs in subjects.items():
            hits = [po for po in stated_pairs if po[0] in functional]  # few subjects have any
            for p, o in hits:
                stated.setdefault((s, p), {}).setdefault(o, set()).add(g)
    conflicts = [(sp, by_value) for sp, by_value in stated.items() if len(by_value) > 1]
    for (s, p), by_value in sorted(conflicts, key=lambda c: c[0]):
        n = 0
        for o, graphs in sorted(by_value.items(), key=lambda v: lexical(v[0])):
            for g in sorted(graphs):
                n += 1
                node = URIRef(f"{s}/stated/{p.split('#')[-1]}-{n}")
                b.typed(node, OLY.Claim)
                pairs: list[tuple[str, Term | None]] = [
                    (OLY.claimSubject, s),
                    (OLY.claimProperty, p),
                    (OLY.claimValue, o),
                    (_DERIVED, g),
                    (_LOCATION, _location(b, s, g)),
                ]
                for prop, value in pairs:
                    b.add(node, prop, value, g)
                b.add(node, _TYPE, OLY.Claim, g)
                b.book.add(s, p, node, lexical(o))


def _location(b: Builder, s: str, g: str) -> Term | None:
    """Where graph ``g`` states node ``s`` (its oly:sourceLocation)."""
    return next((o for p, o in b.store[g].get(s, ()) if p == _LOCATION), None)
