"""Statements in the Wikibase RDF model, written as the Wikibase RDF dump format writes them.

https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format. For a statement of item ``s``,
property ``Pn`` and value ``v``::

    s p:Pn st .                          st a wikibase:Statement, wikibase:BestRank ;
    s wdt:Pn v .  (truthy: best rank)       wikibase:rank wikibase:NormalRank ;
                                            ps:Pn v ; psv:Pn value-node (quantity, time) ;
                                            pq:Pq q ; pqv:Pq value-node ;
                                            prov:wasDerivedFrom ref .
    ref a wikibase:Reference ; pr:P248 source ; pr:P1476 "title"@en ; pr:P958 "location" .

Every statement is normal rank. A property whose statements are all normal rank has them all
as its best rank, so each is ``wikibase:BestRank`` and has its truthy ``wdt:`` triple, as
Wikibase does: two statements that disagree are both truthy, none is preferred.

Quantities are ``xsd:decimal`` amounts in canonical form (Wikibase writes a leading ``+``; the
value is the same) with a ``wikibase:QuantityValue`` node giving the unit (``wd:Q199``, "1",
for a number without unit); times are ``xsd:dateTime`` with a ``wikibase:TimeValue`` node
giving precision (11 day, 9 year), time zone 0 and calendar; URLs are IRIs. An unknown value
("some value") is a blank node, one per snak, as the dump writes it; no value is the class
``wdno:Pn`` of the item and of the statement (or of the statement, for a qualifier).
Statement, reference and value nodes are named by a hash of their content
(:class:`olygraph.ids.Minter`), so equal content gives one node.

References (:func:`references`): an English Wikipedia article is cited as Wikidata cites an
import from it, ``P143`` (imported from Wikimedia project) English Wikipedia with ``P4656``
(Wikimedia import URL); any other source with ``P248`` (stated in) and its title (``P1476``);
both with the place in the source (``P958``) as a description of the section or row.
Sitelinks (:class:`Sitelink`) are written as the dump writes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.term import Node

from olygraph.ids import Minter
from olygraph.mapping.builder import dec
from olygraph.mapping.terms import term
from olygraph.vocab import (
    PQ,
    PQV,
    PR,
    PROV,
    PRV,
    PS,
    PSV,
    RDF,
    RDFS,
    SCHEMA_ORG,
    SKOS,
    WD,
    WDNO,
    WDT,
    WIKIBASE,
    XSD,
    P,
)
from olygraph.wikidata.mapping import IMPORT_URL, IMPORTED_FROM, SECTION, STATED_IN, TITLE

Triple = tuple[Node, Node, Node]


# --- values ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Item:
    """An item value: a Wikidata entity or one of our own IRIs."""

    iri: URIRef


@dataclass(frozen=True, slots=True)
class Text:
    """A string (or external id) value."""

    text: str


@dataclass(frozen=True, slots=True)
class Monolingual:
    """A monolingual text value."""

    text: str
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class Quantity:
    amount: Decimal
    unit: URIRef


@dataclass(frozen=True, slots=True)
class Time:
    """A point in time: ``iso`` is the xsd:dateTime lexical form, precision 11 day or 9 year."""

    iso: str
    precision: int


@dataclass(frozen=True, slots=True)
class Url:
    """A URL value (written as an IRI)."""

    url: str


@dataclass(frozen=True, slots=True)
class SomeValue:
    """An unknown value: the blank node that stands for it (one per snak)."""

    node: BNode


@dataclass(frozen=True, slots=True)
class NoValue:
    """No value: the property has none (``wdno:Pn``)."""


Value = Item | Text | Monolingual | Quantity | Time | Url | SomeValue | NoValue
Snak = tuple[str, Value]  # (P-id, value)


def simple(value: Value) -> Node:
    """The simple value, as ``wdt:``, ``ps:``, ``pq:`` and ``pr:`` triples give it."""
    if isinstance(value, NoValue):
        raise ValueError("no value has no simple value: it is the class wdno:Pn")
    if isinstance(value, Item):
        return value.iri
    if isinstance(value, SomeValue):
        return value.node
    if isinstance(value, Url):
        return URIRef(value.url)
    if isinstance(value, Text):
        return Literal(value.text)
    if isinstance(value, Monolingual):
        return Literal(value.text, lang=value.lang)
    if isinstance(value, Quantity):
        return term(dec(value.amount))
    return _datetime(value.iso)


def _datetime(iso: str) -> Literal:
    """An xsd:dateTime as Wikibase writes it (``…T00:00:00Z``; rdflib would write ``+00:00``)."""
    return Literal(iso, datatype=XSD.dateTime, normalize=False)


def value_key(value: Value) -> str:
    """A canonical text of a value, for hashing and sorting (equal values, equal text)."""
    if isinstance(value, Quantity):
        return f"quantity {simple(value).n3()} {value.unit.n3()}"
    if isinstance(value, Time):
        return f"time {value.iso} {value.precision}"
    if isinstance(value, NoValue):
        return "novalue"
    return f"{type(value).__name__.lower()} {simple(value).n3()}"


def _snak_key(snak: Snak) -> str:
    return f"{snak[0]}={value_key(snak[1])}"


# --- statements and where they were read ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Statement:
    """One claim about an item; ``qualifiers`` in a canonical order (see :func:`statement`)."""

    subject: URIRef
    pid: str
    value: Value
    qualifiers: tuple[Snak, ...] = ()

    def key(self) -> str:
        quals = " ".join(_snak_key(q) for q in self.qualifiers)
        return f"{self.subject.n3()} {self.pid} {value_key(self.value)} [{quals}]"


def statement(
    subject: URIRef, pid: str, value: Value, qualifiers: Iterable[Snak | None] = ()
) -> Statement:
    """A statement; qualifiers left out as None are dropped, the others sorted."""
    quals = sorted({q for q in qualifiers if q is not None}, key=_snak_key)
    return Statement(subject, pid, value, tuple(quals))


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a statement was read: the source item (P248 stated in), its title (P1476), the
    place in it (P958) and, for an English Wikipedia article, its address (P4656). The
    citations of one statement become one reference per source."""

    source: URIRef
    title: str | None = None
    location: str | None = None
    wikipedia: str | None = None

    def key(self) -> tuple[str, str, str, str]:
        return (str(self.source), self.title or "", self.location or "", self.wikipedia or "")


@dataclass(frozen=True, slots=True)
class Sitelink:
    """An English Wikipedia article about an item: its address and title."""

    item: URIRef
    article: URIRef
    title: str
    site: URIRef


class StatementSet:
    """Statements, each once, with every citation that supports it."""

    def __init__(self) -> None:
        self._citations: dict[Statement, set[Citation]] = defaultdict(set)
        self.labels: dict[URIRef, set[str]] = defaultdict(set)
        self.sitelinks: set[Sitelink] = set()

    def add(self, st: Statement, citations: Iterable[Citation]) -> None:
        self._citations[st].update(citations)

    def label(self, item: URIRef, text: str) -> None:
        if text.strip():
            self.labels[item].add(text.strip())

    def items(self) -> list[tuple[Statement, tuple[Citation, ...]]]:
        return sorted(
            ((st, tuple(sorted(c, key=Citation.key))) for st, c in self._citations.items()),
            key=lambda x: x[0].key(),
        )


def references(citations: Iterable[Citation], wikipedia: URIRef) -> list[tuple[Snak, ...]]:
    """One reference per source: an English Wikipedia article as P143 ``wikipedia`` (the
    item English Wikipedia) and P4656 its address; another source as P248 the source and
    P1476 its title; each with P958 every place in it."""
    by_source: dict[URIRef, set[Citation]] = defaultdict(set)
    for c in citations:
        by_source[c.source].add(c)
    out: list[tuple[Snak, ...]] = []
    for source, group in sorted(by_source.items()):
        urls = {c.wikipedia for c in group if c.wikipedia}
        snaks: set[Snak]
        if urls:
            snaks = {(IMPORTED_FROM, Item(wikipedia))} | {(IMPORT_URL, Url(u)) for u in urls}
        else:
            snaks = {(STATED_IN, Item(source))}
            snaks |= {(TITLE, Monolingual(c.title)) for c in group if c.title}
        snaks |= {(SECTION, Text(c.location)) for c in group if c.location}
        out.append(tuple(sorted(snaks, key=_snak_key)))
    return out


# --- writing ----------------------------------------------------------------------------------
class Writer:
    """Turns a :class:`StatementSet` into triples of the Wikibase RDF dump format."""

    def __init__(self, minter: Minter, calendar: URIRef, wikipedia: URIRef) -> None:
        self.minter = minter
        self.calendar = calendar
        self.wikipedia = wikipedia
        self.triples: set[Triple] = set()
        self.used: set[str] = set()

    def write(self, statements: StatementSet, property_labels: dict[str, str]) -> set[Triple]:
        for st, citations in statements.items():
            self._statement(st, citations)
        for item, texts in statements.labels.items():
            first, *others = sorted(texts)
            self.triples.add((item, RDFS.label, Literal(first, lang="en")))
            for other in others:  # Wikibase has one label per language; more are aliases
                self.triples.add((item, SKOS.altLabel, Literal(other, lang="en")))
        for link in sorted(statements.sitelinks, key=lambda s: (str(s.article), str(s.item))):
            self._sitelink(link)
        for pid in sorted(self.used):
            self._property(pid, property_labels.get(pid))
        return self.triples

    def _sitelink(self, link: Sitelink) -> None:
        """As the dump writes a sitelink (SiteLinksRdfBuilder): the article is a
        ``schema:Article`` about the item, part of its site, with its title and language."""
        add = self.triples.add
        add((link.article, RDF.type, SCHEMA_ORG.Article))
        add((link.article, SCHEMA_ORG.about, link.item))
        add((link.article, SCHEMA_ORG.isPartOf, link.site))
        add((link.article, SCHEMA_ORG.name, Literal(link.title, lang="en")))
        add((link.article, SCHEMA_ORG.inLanguage, Literal("en")))
        add((link.site, WIKIBASE.wikiGroup, Literal("wikipedia")))

    def _statement(self, st: Statement, citations: tuple[Citation, ...]) -> None:
        node = self.minter.wb_statement(st.pid, st.key())
        add = self.triples.add
        self.used.add(st.pid)
        add((st.subject, P[st.pid], node))
        if isinstance(st.value, NoValue):
            add((st.subject, RDF.type, WDNO[st.pid]))
        else:
            add((st.subject, WDT[st.pid], simple(st.value)))
        add((node, RDF.type, WIKIBASE.Statement))
        add((node, RDF.type, WIKIBASE.BestRank))
        add((node, WIKIBASE.rank, WIKIBASE.NormalRank))
        self._snak(node, PS, PSV, (st.pid, st.value))
        for q in st.qualifiers:
            self._snak(node, PQ, PQV, q)
        for ref in references(citations, self.wikipedia):
            ref_node = self.minter.wb_reference(" ".join(_snak_key(s) for s in ref))
            add((node, PROV.wasDerivedFrom, ref_node))
            add((ref_node, RDF.type, WIKIBASE.Reference))
            for snak in ref:
                self._snak(ref_node, PR, PRV, snak)

    def _snak(self, node: URIRef, simple_ns: Namespace, value_ns: Namespace, snak: Snak) -> None:
        pid, value = snak
        self.used.add(pid)
        if isinstance(value, NoValue):
            self.triples.add((node, RDF.type, WDNO[pid]))
            return
        self.triples.add((node, URIRef(f"{simple_ns}{pid}"), simple(value)))
        full = self._value_node(value)
        if full is not None:
            self.triples.add((node, URIRef(f"{value_ns}{pid}"), full))

    def _value_node(self, value: Value) -> URIRef | None:
        if not isinstance(value, Quantity | Time):
            return None
        node = self.minter.wb_value(value_key(value))
        add = self.triples.add
        if isinstance(value, Quantity):
            add((node, RDF.type, WIKIBASE.QuantityValue))
            add((node, WIKIBASE.quantityAmount, term(dec(value.amount))))
            add((node, WIKIBASE.quantityUnit, value.unit))
        else:
            add((node, RDF.type, WIKIBASE.TimeValue))
            add((node, WIKIBASE.timeValue, _datetime(value.iso)))
            add((node, WIKIBASE.timePrecision, Literal(value.precision, datatype=XSD.integer)))
            add((node, WIKIBASE.timeTimezone, Literal(0, datatype=XSD.integer)))
            add((node, WIKIBASE.timeCalendarModel, self.calendar))
        return node

    def _property(self, pid: str, label: str | None) -> None:
        """The property entity and the predicates that stand for it, as the dump describes them
        (without ``wikibase:propertyType``: the table does not record checked datatypes)."""
        prop = WD[pid]
        add = self.triples.add
        add((prop, RDF.type, WIKIBASE.Property))
        if label:
            add((prop, RDFS.label, Literal(label, lang="en")))
        for link, ns in (
            (WIKIBASE.directClaim, WDT),
            (WIKIBASE.claim, P),
            (WIKIBASE.statementProperty, PS),
            (WIKIBASE.statementValue, PSV),
            (WIKIBASE.qualifier, PQ),
            (WIKIBASE.qualifierValue, PQV),
            (WIKIBASE.reference, PR),
            (WIKIBASE.referenceValue, PRV),
            (WIKIBASE.novalue, WDNO),
        ):
            add((prop, link, URIRef(f"{ns}{pid}")))
