"""Constraints on one value node, and conformance to a whole shape, as SPARQL expressions.

:meth:`Conditions.ok` is true when a value satisfies one value-level constraint (``sh:class``,
``sh:datatype``, ``sh:in`` …); :meth:`Conditions.conforms` when a value conforms to a shape used
by ``sh:not``, ``sh:and``, ``sh:or`` or ``sh:xone`` (its constraints as ``EXISTS`` patterns). The
rules are pySHACL's: for ``sh:datatype`` and ``sh:pattern`` the last word is given by the same
Python code (custom functions, see :mod:`olygraph.validate.shacl.pychecks`), called only for the
values
SPARQL cannot decide (an ill-formed literal, say). Terms are written by the safe term writer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Final

from rdflib import URIRef
from rdflib.term import Node

from olygraph.validate.shacl.model import (
    FOCUS_PARAMS,
    Constraint,
    Shape,
    ShapesModel,
    UnsupportedShape,
)
from olygraph.validate.shacl.terms import UnwritableTermError, sparql
from olygraph.vocab import RDF, RDFS, SH, XSD

#: pyoxigraph's own test that a literal of a numeric type is well formed; for these other types,
#: whether its lexical form casts to the type
_NUMERIC: Final = (XSD.integer, XSD.decimal, XSD.double, XSD.float)
_CASTS: Final = (XSD.boolean, XSD.date, XSD.dateTime, XSD.time, XSD.gYear)
_NODE_KINDS: Final[dict[Node, str]] = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}  # fmt: skip
_COMPARE: Final[dict[Node, str]] = {
    SH.minInclusive: "{m} <= {v}", SH.maxInclusive: "{v} <= {m}",
    SH.minExclusive: "{m} < {v}", SH.maxExclusive: "{v} < {m}",
}  # fmt: skip


def term(node: Node, shape: Shape) -> str:
    """``node`` written by the safe term writer; UnsupportedShape when it cannot be."""
    try:
        return sparql(node)
    except UnwritableTermError as err:
        raise UnsupportedShape(f"{shape.label}: {err}") from None


def number(node: Node) -> int:
    return int(str(node))


@dataclass
class Functions:
    """The Python functions the queries call (pyoxigraph custom functions), by IRI."""

    made: dict[str, tuple[str, object]] = field(default_factory=dict)

    def add(self, kind: str, arg: object) -> str:
        iri = f"urn:olygraph:shacl:fn:{kind}:{len(self.made)}"
        self.made[iri] = (kind, arg)
        return f"<{iri}>"


@dataclass
class Conditions:
    """``subclasses(C)``: the classes whose instances are SHACL instances of C in the data;
    ``str_text(expr)``: SPARQL's STR giving rdflib's lexical forms."""

    model: ShapesModel
    subclasses: Callable[[URIRef], tuple[URIRef, ...]]
    str_text: Callable[[str], str]
    functions: Functions = field(default_factory=Functions)
    _vars: count[int] = field(default_factory=count)

    def ok(self, c: Constraint, v: str, shape: Shape, stack: tuple[Node, ...] = ()) -> str:
        """A SPARQL expression that is true when value ``v`` satisfies ``c``."""
        p = c.parameter
        if p == SH["class"]:
            classes = self.subclasses(URIRef(str(c.value)))
            if len(classes) == 1:
                return f"EXISTS {{ {v} rdf:type {term(classes[0], shape)} }}"
            return f"EXISTS {{ {v} rdf:type/rdfs:subClassOf* {term(c.value, shape)} }}"
        if p == SH.datatype:
            return self._datatype(URIRef(str(c.value)), v, shape)
        if p == SH.nodeKind:
            if c.value not in _NODE_KINDS:
                raise UnsupportedShape(f"{shape.label}: unknown sh:nodeKind {c.value}")
            return _NODE_KINDS[c.value].format(v=v)
        if p == SH["in"]:
            tests = [f"sameTerm({v}, {term(i, shape)})" for i in c.items]
            return "(" + (" || ".join(tests) or "false") + ")"
        if p == SH.pattern:
            return f"{self.functions.add('pattern', (str(c.value), c.flags))}({v})"
        if p in _COMPARE:
            return _COMPARE[p].format(m=term(c.value, shape), v=v)
        if p in (SH.minLength, SH.maxLength):
            n = number(c.value)
            if p == SH.minLength and n == 0:
                return "true"
            op = ">=" if p == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN({self.str_text(v)}) {op} {n})"
        members = [self.conforms(m, v, (*stack, shape.node)) for m in c.items or (c.value,)]
        if p == SH["not"]:
            return f"!({members[0]})"
        if p == SH["and"]:
            return "(" + " && ".join(members) + ")"
        if p == SH["or"]:
            return "(" + " || ".join(members) + ")"
        if p == SH.xone:
            return "((" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") = 1)"
        raise UnsupportedShape(f"{shape.label}: {p} is not supported")  # pragma: no cover

    def _datatype(self, dt: URIRef, v: str, shape: Shape) -> str:
        """pySHACL's rule: a literal of exactly this datatype that rdflib can read; plain
        strings are xsd:string, language-tagged ones rdf:langString. The Python check runs
        only when pyoxigraph finds the literal ill-formed (IF, unlike ``||``, is lazy)."""
        if dt == RDFS.Literal:
            return f"isLiteral({v})"
        if dt == RDF.langString:
            return f'(isLiteral({v}) && LANG({v}) != "")'
        if dt == RDFS.Datatype:
            raise UnsupportedShape(f"{shape.label}: sh:datatype rdfs:Datatype")
        same = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {term(dt, shape)})"
        if dt == XSD.string:
            return f"({same})"
        exact = self.functions.add("datatype", dt)
        if dt in _NUMERIC:
            cheap = f"isNumeric({v})"
        elif dt in _CASTS:
            cast = term(dt, shape)
            cheap = f"COALESCE(sameTerm(DATATYPE({cast}(STR({v}))), {cast}), false)"
            if dt in (XSD.date, XSD.dateTime):  # Python's years are 1 to 9999
                cheap += f' && REGEX(STR({v}), "^[0-9]{{4}}-") && !STRSTARTS(STR({v}), "0000")'

        else:
            cheap = "false"
        return f"IF({same}, IF({cheap}, true, {exact}({v})), false)"

    def conforms(self, node: Node, x: str, stack: tuple[Node, ...]) -> str:
        """A SPARQL expression: value ``x`` conforms to shape ``node`` (as pySHACL decides,
        with warnings and notes allowed: a shape of severity Warning or Info always conforms)."""
        if node in stack:
            raise UnsupportedShape(f"recursive shapes through {node}")
        if node not in self.model.shapes:
            raise UnsupportedShape(f"{node} is used as a shape but is not one")
        shape = self.model.shape(node)
        if shape.deactivated or shape.severity in (SH.Warning, SH.Info):
            return "true"
        if shape.sparql:
            raise UnsupportedShape(f"{shape.label}: sh:sparql inside sh:or/sh:and/sh:not/sh:xone")
        stack = (*stack, node)
        parts: list[str] = []
        path = shape.path.text if shape.path else None
        per_value = [c for c in shape.constraints if c.parameter not in FOCUS_PARAMS]
        if per_value:
            u = x if path is None else self.var()
            oks = " && ".join(f"COALESCE({self.ok(c, u, shape, stack)}, false)" for c in per_value)
            parts.append(
                oks if path is None else f"NOT EXISTS {{ {x} {path} {u} FILTER (!({oks})) }}"
            )
        for c in shape.constraints:
            if c.parameter in FOCUS_PARAMS:
                parts.append(self._focus_condition(c, x, path, shape))
        parts += [self.conforms(p, x, stack) for p in shape.properties]
        return "(" + (" && ".join(parts) or "true") + ")"

    def _focus_condition(self, c: Constraint, x: str, path: str | None, shape: Shape) -> str:
        if path is None or c.parameter not in (SH.minCount, SH.maxCount, SH.hasValue):
            raise UnsupportedShape(f"{shape.label}: {c.parameter} inside a logical constraint")
        if c.parameter == SH.hasValue:
            return f"EXISTS {{ {x} {path} {term(c.value, shape)} }}"
        n = number(c.value)
        if c.parameter == SH.minCount:
            return "true" if n == 0 else f"EXISTS {{ {self._distinct(x, path, n, shape)} }}"
        return f"NOT EXISTS {{ {self._distinct(x, path, n + 1, shape)} }}"

    def _distinct(self, x: str, path: str, n: int, shape: Shape) -> str:
        """A pattern matching when ``x`` has at least ``n`` distinct values of ``path``."""
        if n > 4:
            raise UnsupportedShape(f"{shape.label}: counts above 3 inside a logical constraint")
        us = [self.var() for _ in range(n)]
        triples = " ".join(f"{x} {path} {u} ." for u in us)
        different = [f"!sameTerm({a}, {b})" for i, a in enumerate(us) for b in us[i + 1 :]]
        return triples + (f" FILTER ({' && '.join(different)})" if different else "")

    def var(self) -> str:
        return f"?oly_u{next(self._vars)}"
