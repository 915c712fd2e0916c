"""The Wikidata profile as QuickStatements v1 commands, to add our statements to Wikidata.

Help:QuickStatements on wikidata.org ("V1 commands"): one command a line, its parts separated by
a TAB: ``Q42<TAB>P1344<TAB>Q123<TAB>P1352<TAB>1<TAB>S143<TAB>Q328<TAB>S4656<TAB>"https://…"`` —
the item, the property, the value, then qualifiers as property/value pairs, then the
reference's snaks as ``S``-property/value pairs. Values: an item ``Q123``; a string
``"text"``; a monolingual text ``en:"text"``; a time ``+1928-08-05T00:00:00Z/11`` (the
precision after the slash); a quantity ``74.2U11574`` (``U`` and the unit's number; none for
the unit "1"); an unknown value ``somevalue``; no value ``novalue``. A statement with two
references is written once per reference (QuickStatements adds each to the same statement).

Only what Wikidata can take is written: a statement whose item or item value is one of ours
(no Q-id: ``olygraph wikidata reconcile``, then ``--qids``) is counted, by reason, not written;
a qualifier or reference snak whose value has no Q-id is left out of its line and counted.
``create=True`` also writes a ``CREATE`` block (``LAST`` lines: English label, statements,
English Wikipedia sitelink) for each athlete or event of ours whose statements need no other
item of ours.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from olygraph.vocab import (
    DEFAULT_BASE,
    ENWIKI_SITE,
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
    WD,
    WDNO,
    WIKIBASE,
    XSD,
    P,
)

_Q: Final = re.compile(r"Q[1-9][0-9]*")
_UNITLESS: Final = WD.Q199
_BAD_TEXT: Final = re.compile(r'["\t\r\n]')
#: the kinds of items of ours a CREATE block may make: people and events Wikidata describes;
#: not rounds (not items on Wikidata), nor NOCs, sports, venues… (Wikidata has them: reconcile)
CREATABLE: Final = frozenset({"athlete", "event"})


class UnwritableError(Exception):
    """A value QuickStatements cannot be given; the message is the reason."""


@dataclass
class QuickStatements:
    """The commands, and what could not be written, counted by reason."""

    lines: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)

    def summary(self) -> list[str]:
        """One line per reason: ``<count> <reason>``, most frequent first."""
        return [f"{n} {reason}" for reason, n in sorted(self.skipped.items(),
                                                         key=lambda x: (-x[1], x[0]))]  # fmt: skip


def _pid(predicate: Node, ns: str) -> str | None:
    text = str(predicate)
    return text[len(ns) :] if text.startswith(ns) and text[len(ns) :].startswith("P") else None


class _Writer:
    def __init__(self, g: Graph, base: str) -> None:
        self.g = g
        self.base = base
        self.out = QuickStatements()

    def kind(self, iri: URIRef) -> str:
        """What kind of entity of ours an IRI names: its first path segment (``athlete``)."""
        rest = str(iri).removeprefix(self.base)
        parts = rest.split("/")
        if parts[0] == "games" and "sport" in parts:
            return "sport at the Games"
        if parts[0] == "event" and "round" in parts:
            return "round"
        return parts[0] or "item"

    def item(self, node: Node) -> str:
        if isinstance(node, URIRef) and str(node).startswith(str(WD)):
            local = str(node)[len(str(WD)) :]
            if _Q.fullmatch(local):
                return local
        if isinstance(node, URIRef) and str(node).startswith(self.base):
            raise UnwritableError(f"{self.kind(node)} of ours without a Q-id")
        raise UnwritableError(f"not a Wikidata item: <{node}>")

    def value(self, node: Node, full: Node | None) -> str:
        """A value in QuickStatements' syntax (``full``: its value node, if any)."""
        if isinstance(node, BNode):
            return "somevalue"
        if isinstance(node, URIRef):
            text = str(node)
            if text.startswith(str(WD)) or text.startswith(self.base):
                return self.item(node)
            return self.string(text)  # a URL
        assert isinstance(node, Literal)
        if node.datatype == XSD.dateTime:
            precision = self.g.value(full, WIKIBASE.timePrecision) if full is not None else None
            if precision is None:
                raise UnwritableError("time without precision")
            return f"+{node}/{int(str(precision))}" if not str(node).startswith("-") else \
                f"{node}/{int(str(precision))}"  # fmt: skip
        if node.datatype == XSD.decimal:
            amount = Decimal(str(node))
            unit = self.g.value(full, WIKIBASE.quantityUnit) if full is not None else None
            text = (
                format(amount.normalize(), "f") if amount == amount.to_integral() else str(amount)
            )
            if unit is None or unit == _UNITLESS:
                return text
            return f"{text}U{self.item(unit)[1:]}"
        if node.language:
            return f"{node.language}:{self.string(str(node))}"
        return self.string(str(node))

    def string(self, text: str) -> str:
        if _BAD_TEXT.search(text):
            raise UnwritableError("text with a double quote, tab or line break")
        return f'"{text}"'

    def snaks(
        self, node: Node, simple_ns: str, value_ns: str, prefix: str, context: str
    ) -> list[str]:
        """A qualifier's or reference's snaks as pairs; unwritable ones are counted."""
        parts: list[tuple[str, str]] = []
        for p, o in self.g.predicate_objects(node):
            pid = _pid(p, simple_ns)
            if pid is None:
                continue
            full = self.g.value(node, URIRef(value_ns + pid))
            try:
                parts.append((prefix + pid[1:] if prefix == "S" else pid, self.value(o, full)))
            except UnwritableError as why:
                self.out.skipped[f"{context} {pid} left out: {why}"] += 1
        for cls in self.g.objects(node, RDF.type):
            pid = _pid(cls, str(WDNO))
            if pid is not None and simple_ns == str(PQ):
                parts.append((pid, "novalue"))
        return [x for pair in sorted(parts) for x in pair]

    def statement(self, subject: str, st: Node, pid: str) -> list[list[str]]:
        """The lines of one statement: one per reference (one without, if it has none)."""
        main = self.g.value(st, PS[pid])
        if main is None and (st, RDF.type, WDNO[pid]) in self.g:
            value = "novalue"
        elif main is None:
            raise UnwritableError("statement without a value")
        else:
            value = self.value(main, self.g.value(st, PSV[pid]))
        head = [subject, pid, value, *self.snaks(st, str(PQ), str(PQV), "P", "qualifier")]
        refs = sorted(self.g.objects(st, PROV.wasDerivedFrom), key=str)
        lines = [head + self.snaks(r, str(PR), str(PRV), "S", "reference") for r in refs]
        return lines or [head]


def quickstatements(g: Graph, base: str = DEFAULT_BASE, *, create: bool = False) -> QuickStatements:
    """QuickStatements v1 for the statements of a profile graph (:func:`profile_graph`)."""
    w = _Writer(g, base)
    ours: dict[URIRef, list[tuple[Node, str]]] = {}
    lines: set[tuple[str, ...]] = set()
    for s, p, st in g:
        pid = _pid(p, str(P))
        if pid is None or (st, RDF.type, WIKIBASE.Statement) not in g:
            continue
        try:
            subject = w.item(s)
        except UnwritableError as why:
            if isinstance(s, URIRef) and str(s).startswith(base):
                ours.setdefault(s, []).append((st, pid))
            else:
                w.out.skipped[f"{pid} statement not written: subject is {why}"] += 1
            continue
        try:
            lines |= {tuple(line) for line in w.statement(subject, st, pid)}
        except UnwritableError as why:
            w.out.skipped[f"{pid} statement not written: value is {why}"] += 1
    w.out.lines = ["\t".join(line) for line in sorted(lines, key=_order)]
    for s, statements in sorted(ours.items(), key=lambda x: str(x[0])):
        block = _create(w, s, statements) if create and w.kind(s) in CREATABLE else None
        if block is None:
            for _, pid in statements:
                w.out.skipped[f"{pid} statement not written: subject is {w.kind(s)} of ours "
                              "without a Q-id"] += 1  # fmt: skip
        else:
            w.out.lines += block
    return w.out


def _order(line: tuple[str, ...]) -> tuple[int, str, tuple[str, ...]]:
    return (int(line[0][1:]), line[1], line)


def _create(w: _Writer, s: URIRef, statements: Iterable[tuple[Node, str]]) -> list[str] | None:
    """A CREATE block for ``s``, if every statement of it can be written with LAST."""
    body: set[tuple[str, ...]] = set()
    try:
        for st, pid in statements:
            body |= {tuple(line[1:]) for line in w.statement("LAST", st, pid)}
    except UnwritableError:
        return None
    block = ["CREATE"]
    label = w.g.value(s, RDFS.label)
    if isinstance(label, Literal) and not _BAD_TEXT.search(str(label)):
        block.append(f'LAST\tLen\t"{label}"')
    for article in sorted(w.g.subjects(SCHEMA_ORG.about, s), key=str):
        name = w.g.value(article, SCHEMA_ORG.name)
        site = w.g.value(article, SCHEMA_ORG.isPartOf)
        if name is not None and str(site) == ENWIKI_SITE and not _BAD_TEXT.search(str(name)):
            block.append(f'LAST\tSenwiki\t"{name}"')
    block += ["\t".join(("LAST", *line)) for line in sorted(body)]
    return block
