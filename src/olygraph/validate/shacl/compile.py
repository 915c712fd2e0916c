"""Shapes compiled into checks: SPARQL SELECT queries that return, for all focus nodes at once,
the focus nodes and values that violate one shape's constraints.

For a shape and the pattern of its focus nodes (``?this`` bound by its targets, or by the values
of the shape holding it through ``sh:property``):

- the constraints on each value node (``sh:class``, ``sh:datatype``, ``sh:in``, ``sh:or`` …)
  become one query returning each value that fails one of them, with one boolean per constraint
  saying which (:class:`ValueCheck`);
- ``sh:minCount``, ``sh:maxCount``, ``sh:hasValue``, ``sh:equals``, ``sh:disjoint``,
  ``sh:lessThan(OrEquals)`` a query each (:class:`FocusCheck`, :class:`PairCheck`,
  :class:`CompareCheck`);
- each ``sh:sparql`` constraint its own query, rewritten by :mod:`olygraph.validate.shacl.rewrite`
  (:class:`SparqlCheck`);
- each property shape (``sh:property``) its own checks, its focus nodes being the values.

The conditions on one value are SPARQL expressions from :mod:`olygraph.validate.shacl.conditions`.
Literals and IRIs are written by the safe term writer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Final

from rdflib import URIRef
from rdflib.term import Node

from olygraph.validate.shacl.conditions import Conditions, Functions, number, term
from olygraph.validate.shacl.model import (
    FOCUS_PARAMS,
    Constraint,
    Shape,
    ShapesModel,
    SparqlConstraint,
    UnsupportedShape,
)
from olygraph.validate.shacl.plans import planned
from olygraph.validate.shacl.rewrite import rewrite
from olygraph.vocab import SH

#: value constraints worth checking once per distinct value (lookups, Python calls)
_BY_VALUE: Final = (SH["class"], SH.pattern, SH["not"], SH["and"], SH["or"], SH.xone)
PREFIXES: Final = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
)


@dataclass(frozen=True, slots=True)
class Check:
    """One query and the shape whose results it yields."""

    shape: Shape
    query: str
    #: rows ``?this ?n``: each finding on that focus node counts ``n`` times (a property shape
    #: under a property shape validates a value once per path reaching it, as SHACL says)
    repeat: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class ValueCheck(Check):
    """Rows ``?this ?value ?ok0 … [?many]``: the value fails each constraint whose ``?okN`` is
    false; no value fails ``min_count`` (1), ``?many`` fails ``max_count`` (1)."""

    constraints: tuple[Constraint, ...] = ()
    min_count: Constraint | None = None
    max_count: Constraint | None = None


@dataclass(frozen=True, slots=True)
class FocusCheck(Check):
    """Rows ``?this``: a focus node that fails ``constraint`` (no value reported)."""

    constraint: Constraint | None = None


@dataclass(frozen=True, slots=True)
class PairCheck(Check):
    """Rows ``?this ?value``: a value that fails ``constraint`` (equals, disjoint)."""

    constraint: Constraint | None = None


@dataclass(frozen=True, slots=True)
class CompareCheck(Check):
    """Rows ``?this ?value ?other`` to compare in Python as pySHACL does (lessThan …)."""

    constraint: Constraint | None = None


@dataclass(frozen=True, slots=True)
class SparqlCheck(Check):
    """Rows of a rewritten SHACL-SPARQL query (``projects_this``: whether the original
    projected ``$this``, which pySHACL needs to fill ``{$this}`` in a message)."""

    constraint: SparqlConstraint | None = None
    projects_this: bool = True
    shapes_graph: bool = False  #: reads the store's copy of the shapes graph ($shapesGraph)


@dataclass
class Compiler:
    """Compiles a :class:`ShapesModel`. ``focus(targets)`` gives the group-pattern fragment
    binding ``?this`` to the focus nodes of those targets; ``subclasses(C)`` the classes whose
    instances are SHACL instances of C in the data; ``str_text(expr)`` SPARQL's STR as pySHACL
    computes it (see :mod:`olygraph.validate.shacl.terms`); ``numeric(expr)`` the value of a literal
    for comparisons (a kept integer-derived literal as its integer)."""

    model: ShapesModel
    focus: Callable[[tuple[tuple[URIRef, Node], ...]], str]
    subclasses: Callable[[URIRef], tuple[URIRef, ...]]
    str_text: Callable[[str], str]
    numeric: Callable[[str], str] = field(default=lambda expr: expr)
    #: use the hand-planned forms of some constraints (:mod:`olygraph.validate.shacl.plans`)
    plans: bool = True
    #: ``few(focus, p)``: whether the data holds few more ``p`` triples than focus nodes of
    #: ``focus`` (then a value check tests them first: see :meth:`_values`)
    few: Callable[[str, URIRef], bool] = field(default=lambda focus, p: False)
    conditions: Conditions = field(init=False)

    def __post_init__(self) -> None:
        self.conditions = Conditions(self.model, self.subclasses, self.str_text, self.numeric)

    @property
    def functions(self) -> Functions:
        return self.conditions.functions

    def compile(self) -> list[Check]:
        checks: list[Check] = []
        for node in self.model.targeted:
            shape = self.model.shape(node)
            focus = self.focus(shape.targets)
            checks += self.shape_checks(shape, focus, chain=(focus, ()))
        return checks

    def shape_checks(
        self,
        shape: Shape,
        focus: str,
        depth: int = 0,
        chain: tuple[str, tuple[str, ...]] = ("", ()),
    ) -> list[Check]:
        """The checks of ``shape`` for the focus nodes ``focus`` binds, and of its property
        shapes (whose focus nodes are its value nodes). ``chain``: the targets' focus pattern
        and the paths from there to ``focus`` (a value reached by several paths is validated
        once per path)."""
        if shape.deactivated:
            return []
        out = self._shape_checks(shape, focus, depth, chain)
        if chain[1]:
            repeat = _repeat(*chain)
            out = [replace(c, repeat=repeat) if c.shape is shape else c for c in out]
        return out

    def _shape_checks(
        self, shape: Shape, focus: str, depth: int, chain: tuple[str, tuple[str, ...]]
    ) -> list[Check]:
        if depth > 8:
            raise UnsupportedShape(f"{shape.label}: sh:property nested too deeply (recursive?)")
        path = shape.path.text if shape.path else None
        value = f"{focus} ?this {path} ?value ." if path else f"{focus} BIND (?this AS ?value)"
        out: list[Check] = []
        per_value = [c for c in shape.constraints if c.parameter not in FOCUS_PARAMS]
        folded: list[Constraint] = []
        if per_value:
            check = self._values(shape, focus, value, per_value, top=not chain[1])
            folded = [c for c in (check.min_count, check.max_count) if c is not None]
            out.append(check)
        out += self._focus_checks(shape, focus, value, folded)
        out += [self._sparql(shape, c, focus) for c in shape.sparql]
        inner = focus if path is None else (
            f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS ?outer) WHERE {{ {focus} }} }}"
            f" ?outer {path} ?this }} }}"
        )  # fmt: skip
        for prop in shape.properties:
            if prop not in self.model.shapes:
                raise UnsupportedShape(f"{shape.label}: sh:property {prop} is not a shape")
            inner_chain = chain if path is None else (chain[0], (*chain[1], path))
            out += self.shape_checks(self.model.shape(prop), inner, depth + 1, inner_chain)
        return out

    def _values(
        self, shape: Shape, focus: str, value: str, per_value: list[Constraint], top: bool
    ) -> ValueCheck:
        """One query for all value-level constraints; values whose check costs lookups or a
        Python call are checked once each, then joined back to their focus nodes. Otherwise a
        property shape's ``sh:minCount 1`` and ``sh:maxCount 1`` are answered by the same
        query (an OPTIONAL value; another value), which saves a pass over the focus nodes.
        ``top``: ``focus`` is the targets' own pattern (an indexed lookup for a bound
        ``?this``): then, when the path is one predicate that the data uses little beyond the
        focus nodes (:attr:`few`) and no ``sh:minCount 1`` needs the focus nodes without a
        value, the predicate's pairs are tested first and only the failing ones looked up among
        the focus nodes (the same answers: the tests read ``?value``, and ``?this`` for
        ``sh:maxCount``, only)."""
        oks = [self.conditions.ok(c, "?value", shape) for c in per_value]
        binds = " ".join(f"BIND (COALESCE({e}, false) AS ?ok{i})" for i, e in enumerate(oks))
        fails = [f"!?ok{i}" for i in range(len(oks))]
        names = " ".join(f"?ok{i}" for i in range(len(oks)))
        path = shape.path.text if shape.path else None
        if path is not None and any(c.parameter in _BY_VALUE for c in per_value):
            query = (
                f"SELECT DISTINCT ?this ?value {names} WHERE {{ {{ SELECT ?value {names} WHERE "
                f"{{ {{ SELECT DISTINCT ?value WHERE {{ {value} }} }} {binds} FILTER "
                f"({' || '.join(fails)}) }} }} LATERAL {{ ?this {path} ?value . {focus} }} }}"
            )
            return ValueCheck(shape, PREFIXES + query, tuple(per_value))
        ones = {c.parameter: c for c in shape.constraints if c.parameter in (SH.minCount,
                SH.maxCount) and number(c.value) == 1} if path else {}  # fmt: skip
        least, most = ones.get(SH.minCount), ones.get(SH.maxCount)
        if least is not None:
            value = f"{focus} OPTIONAL {{ ?this {path} ?value }}"
            fails.insert(0, "!BOUND(?value)")
        if most is not None:
            binds += (f" BIND (EXISTS {{ ?this {path} ?other FILTER (!sameTerm(?other, ?value)) }}"
                      " AS ?many)")  # fmt: skip
            fails.append("?many")
            names += " ?many"
        test = " || ".join(fails)
        one = shape.path.node if shape.path and isinstance(shape.path.node, URIRef) else None
        if top and least is None and one is not None and self.few(focus, one):
            failing = f"{{ SELECT * WHERE {{ ?this {path} ?value . {binds} FILTER ({test}) }} }}"
            query = (
                f"SELECT DISTINCT ?this ?value {names} WHERE {{ {failing} LATERAL {{ {focus} }} }}"
            )
            return ValueCheck(shape, PREFIXES + query, tuple(per_value), least, most)
        query = f"SELECT DISTINCT ?this ?value {names} WHERE {{ {value} {binds} FILTER ({test}) }}"
        return ValueCheck(shape, PREFIXES + query, tuple(per_value), least, most)

    def _focus_checks(
        self, shape: Shape, focus: str, value: str, folded: list[Constraint]
    ) -> list[Check]:
        """The checks of the focus-level constraints not ``folded`` into the value query."""
        out: list[Check] = []
        by = {p: [c for c in shape.constraints if c.parameter == p] for p in FOCUS_PARAMS}
        path = shape.path.text if shape.path else None
        counts = by[SH.minCount] + by[SH.maxCount]
        if counts and (path is None or len(by[SH.minCount]) > 1 or len(by[SH.maxCount]) > 1):
            raise UnsupportedShape(f"{shape.label}: sh:minCount/maxCount on a node shape or twice")
        out += [self._count(shape, focus, path or "", c) for c in counts if c not in folded]
        for c in by[SH.hasValue]:
            has = f"?this {path} {term(c.value, shape)}" if path else (
                f"FILTER (sameTerm(?this, {term(c.value, shape)}))"
            )  # fmt: skip
            query = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {has} }} }}"
            out.append(FocusCheck(shape, PREFIXES + query, c))
        for c in by[SH.equals]:
            other = term(c.value, shape)
            mine = f"?this {path} ?value" if path else "FILTER (sameTerm(?this, ?value))"
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {{ {value} FILTER NOT EXISTS {{ ?this "
                f"{other} ?value }} }} UNION {{ {focus} ?this {other} ?value FILTER NOT EXISTS "
                f"{{ {mine} }} }} }}"
            )
            out.append(PairCheck(shape, PREFIXES + query, c))
        for c in by[SH.disjoint]:
            other = term(c.value, shape)
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {value} ?this {other} ?value }}"
            out.append(PairCheck(shape, PREFIXES + query, c))
        for c in by[SH.uniqueLang]:  # a result per language tag used twice
            query = (
                f"SELECT DISTINCT ?this ?lang WHERE {{ {value} ?this {path} ?other FILTER "
                '(!sameTerm(?value, ?other) && LANG(?value) != "" && LCASE(LANG(?value)) = '
                "LCASE(LANG(?other))) BIND (LCASE(LANG(?value)) AS ?lang) }"
            )
            out.append(FocusCheck(shape, PREFIXES + query, c))
        for c in by[SH.lessThan] + by[SH.lessThanOrEquals]:
            # pairs SPARQL orders like Python (same datatype, or numbers) need no second look
            op = "<" if c.parameter == SH.lessThan else "<="
            sure = (
                f"COALESCE(isLiteral(?value) && ?value {op} ?other && (sameTerm(DATATYPE(?value), "
                "DATATYPE(?other)) || (isNumeric(?value) && isNumeric(?other))), false)"
            )
            query = (f"SELECT DISTINCT ?this ?value ?other WHERE {{ {value} ?this "
                     f"{term(c.value, shape)} ?other FILTER (!{sure}) }}")  # fmt: skip
            out.append(CompareCheck(shape, PREFIXES + query, c))
        return out

    def _count(self, shape: Shape, focus: str, path: str, c: Constraint) -> Check:
        """sh:minCount 1 as "no value", sh:maxCount 0 and 1 as "a value", "two values";
        other counts by counting."""
        n = number(c.value)
        some = f"?this {path} ?value"
        if c.parameter == SH.minCount and n == 0:
            query = "SELECT ?this WHERE { FILTER (false) }"
        elif c.parameter == SH.minCount and n == 1:
            query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {some} }} }}"
        elif c.parameter == SH.maxCount and n == 0:
            query = f"SELECT ?this WHERE {{ {focus} FILTER EXISTS {{ {some} }} }}"
        elif c.parameter == SH.maxCount and n == 1:
            query = (
                f"SELECT DISTINCT ?this WHERE {{ {focus} LATERAL {{ {some} . LATERAL {{ ?this "
                f"{path} ?other FILTER (!sameTerm(?value, ?other)) }} }} }}"
            )
        else:
            op = "<" if c.parameter == SH.minCount else ">"
            query = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {some} }} }} GROUP BY ?this "
                     f"HAVING (COUNT(DISTINCT ?value) {op} {n})")  # fmt: skip
        return FocusCheck(shape, PREFIXES + query, c)

    def _sparql(self, shape: Shape, c: SparqlConstraint, focus: str) -> SparqlCheck:
        where = f"{shape.label} (sh:sparql)"
        path = shape.path.text if shape.path else None
        current = term(shape.node, shape) if isinstance(shape.node, URIRef) else None
        done = rewrite(c.select, focus, path, where, self.str_text, current)
        prefixes = " ".join(f"PREFIX {p}: {term(URIRef(ns), shape)}" for p, ns in c.prefixes)
        query = f"{prefixes}\n{done.text}"
        if self.plans:
            query = planned(shape.node, c.select, focus, self.str_text) or query
        return SparqlCheck(shape, query, c, done.projects_this, done.shapes_graph)


def _repeat(top: str, paths: tuple[str, ...]) -> str:
    """The query giving, for the focus nodes reached from ``top``'s by ``paths``, how many
    ways (distinct chains of nodes) reach each, when more than one."""
    body = f"{{ SELECT (?this AS ?oly_o0) WHERE {{ {top} }} }}"
    for k, path in enumerate(paths):
        body += (f" LATERAL {{ SELECT DISTINCT ?oly_o{k} ?oly_o{k + 1} WHERE {{ ?oly_o{k} {path} "
                 f"?oly_o{k + 1} }} }}")  # fmt: skip
    last = f"?oly_o{len(paths)}"
    return (f"SELECT ({last} AS ?this) (COUNT(*) AS ?n) WHERE {{ {body} }} GROUP BY {last} "
            "HAVING (COUNT(*) > 1)")  # fmt: skip
