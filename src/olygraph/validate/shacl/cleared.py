"""Checks that a part of a streamed export clears without running its query (issue 19).

The streamed validation (:mod:`olygraph.validate.stream`) checks each part of an article
export with the compiled SPARQL queries. Most of those queries test one value at a time (a
datatype, a class, a list of allowed values, a count) and find nothing on olygraph's own
output. The worker that mapped the part still holds its triples as Python strings, so it can
often *prove* that such a check finds nothing, for a fraction of the query's cost; only the
checks it cannot clear are run, and they give the findings, with the engine's messages.

Only proofs are made here, never findings, so the one rule is soundness: a check is cleared
only when its query surely returns no row on the same triples. Anything uncertain (a literal
the store would read otherwise than it is written, a path that is not one predicate, a
constraint not handled here, shapes held by property shapes, data stating subclasses) leaves
the check to its query. The index must hold exactly the triples the store holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rdflib import URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from olygraph.validate.shacl.compile import Check, FocusCheck, SparqlCheck, ValueCheck
from olygraph.validate.shacl.index import Index, Values, add, each
from olygraph.validate.shacl.literals import (
    RANGES,
    always,
    datatype_test,
    encoded,
    exact,
    key,
    never,
    pattern,
    range_test,
)
from olygraph.validate.shacl.model import Constraint, Shape, ShapesModel
from olygraph.validate.shacl.paths import Path
from olygraph.validate.shacl.proofs import proof
from olygraph.validate.shacl.pychecks import compile_pattern
from olygraph.vocab import RDF, RDFS, SH

_TYPE: Final = str(RDF.type)
_SUBCLASS: Final = str(RDFS.subClassOf)
_NONE: Final[dict[str, Values]] = {}
_CLASS, _DATATYPE, _NODE_KIND, _IN, _PATTERN = (
    SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.pattern
)  # fmt: skip
_OR, _AND, _HAS_VALUE, _MIN_COUNT, _MAX_COUNT = (
    SH["or"], SH["and"], SH.hasValue, SH.minCount, SH.maxCount
)  # fmt: skip
_KINDS: Final[dict[Node, bool]] = {SH.IRI: False, SH.BlankNodeOrIRI: False, SH.Literal: True}


class Cleared:
    """Which compiled checks surely find nothing on the triples of ``index`` (call it with a
    check). ``model``: the shapes the checks were compiled from."""

    def __init__(self, model: ShapesModel, index: Index) -> None:
        self.model = model
        self.index = index
        self._tests: dict[int, Callable[[str], bool]] = {}
        self._focus: dict[Node, set[str]] | None = None
        self._classes: dict[str, set[str]] | None = None
        self._rows: dict[int, list[dict[str, Values]]] = {}  # by id of a set of self._focus
        self._inverse: dict[str, dict[str, Values]] = {}
        self._memo: dict[str, object] = {}  # what the proofs read once a part
        # subclasses in the data would widen every class target and sh:class
        self.usable = not any(_SUBCLASS in d for d in index.values())

    def __call__(self, check: Check) -> bool:
        if isinstance(check, SparqlCheck) and check.constraint is not None:
            found = proof(check.shape.node, check.constraint.select)
            if found is None:
                return False
            return found(self.index, self._class_focus(check.shape), self._memo)
        if not self.usable or check.repeat is not None:
            return False
        if not isinstance(check, ValueCheck | FocusCheck):
            return False
        shape = check.shape
        focus = self.focus().get(shape.node)
        if focus is None:
            return False
        if shape.path is None:
            if isinstance(check, ValueCheck):
                return all(self._all_conform(c, focus) for c in check.constraints)
            c = check.constraint
            return c is not None and c.parameter == _HAS_VALUE and focus <= {encoded(c.value)}
        per_focus = self._per_focus(shape.path, focus)
        if per_focus is None:
            return False
        if isinstance(check, ValueCheck):
            return self._values(check, per_focus)
        c = check.constraint
        if c is None or c.parameter not in (_MIN_COUNT, _MAX_COUNT, _HAS_VALUE):
            return False
        return all(map(self._whole(c), per_focus))

    def _per_focus(self, path: Path, focus: set[str]) -> list[Values | None] | None:
        """Each focus node's values of ``path``: one predicate, or the inverse of one or of an
        alternative of several (None: another path)."""
        if path.predicate is not None:
            pred = str(path.predicate)
            return [row.get(pred) for row in self.rows(focus)]
        preds = self._inverse_of(path.node)
        if preds is None:
            return None
        inverse = [self.inverse(p) for p in preds]
        if len(inverse) == 1:
            return [inverse[0].get(x) for x in focus]
        out: list[Values | None] = []
        for x in focus:
            found: dict[str, Values] = {}
            for one in inverse:
                for s in each(one.get(x)):
                    add(found, "", s)
            out.append(found.get(""))
        return out

    def _inverse_of(self, node: Node) -> tuple[str, ...] | None:
        """The predicates of an ``sh:inversePath`` of a predicate or of an
        ``sh:alternativePath`` of predicates."""
        g = self.model.graph
        if set(g.predicates(node, None)) != {SH.inversePath}:
            return None
        inner = g.value(node, SH.inversePath)
        if isinstance(inner, URIRef):
            return (str(inner),)
        if inner is None or set(g.predicates(inner, None)) != {SH.alternativePath}:
            return None
        head = g.value(inner, SH.alternativePath)
        if head is None:
            return None
        members = list(Collection(g, head))
        if not members or not all(isinstance(m, URIRef) for m in members):
            return None
        return tuple(str(m) for m in members)

    def inverse(self, pred: str) -> dict[str, Values]:
        """Object → the subjects stating it with ``pred``."""
        found = self._inverse.get(pred)
        if found is None:
            found = self._inverse[pred] = {}
            for s, row in self.index.items():
                for o in each(row.get(pred)):
                    add(found, o, s)
        return found

    def _values(self, check: ValueCheck, per_focus: list[Values | None]) -> bool:
        """A value check of a property shape: its folded counts, then each distinct value."""
        least, most = check.min_count is not None, check.max_count is not None
        distinct: set[str] = set()
        for values in per_focus:
            if values is None:
                if least:
                    return False
            elif isinstance(values, str):
                distinct.add(values)
            elif most:  # (two written values may be one term there: then the query says)
                return False
            else:
                distinct.update(values)
        return all(all(map(self.test(c), distinct)) for c in check.constraints)

    def _all_conform(self, c: Constraint, nodes: set[str]) -> bool:
        """Whether every node surely satisfies ``c`` (sh:or by whole sets: the nodes that
        surely conform to a member need not be tried with the next)."""
        if c.parameter != _OR:
            return all(map(self.test(c), nodes))
        left = nodes
        for member in c.items:
            pred = self._present(member)
            if pred is not None:
                get = self.index.get
                left = {v for v in left if pred not in get(v, _NONE)}
            else:
                conforms = self.conformer(member)
                left = {v for v in left if not conforms(v)}
            if not left:
                return True
        return False

    def _present(self, node: Node) -> str | None:
        """The predicate of a shape that only asks for a value of it (``sh:minCount 1``)."""
        shape = self.model.shapes.get(node)
        if (
            shape is None or shape.path is None or shape.path.predicate is None
            or shape.deactivated or shape.sparql or shape.properties
            or [c.parameter for c in shape.constraints] != [_MIN_COUNT]
            or str(shape.constraints[0].value) != "1"
        ):  # fmt: skip
            return None
        return str(shape.path.predicate)

    # --- one value ------------------------------------------------------------------------------

    def test(self, c: Constraint) -> Callable[[str], bool]:
        """Whether a value surely satisfies the value constraint ``c``."""
        found = self._tests.get(id(c))
        if found is None:
            found = self._tests[id(c)] = self._decider(c)
        return found

    def _decider(self, c: Constraint) -> Callable[[str], bool]:
        p = c.parameter
        if p == _DATATYPE:
            return datatype_test(str(c.value))
        if p == _NODE_KIND:
            kind = _KINDS.get(c.value)
            if kind is None:
                return never
            return lambda v: v.startswith("\x00") == kind and not v.startswith("_:")
        if p in RANGES:
            return range_test(p, c.value)
        if p == _CLASS:
            cls = str(c.value)
            return _kept(lambda v: not v.startswith("\x00") and cls in each(self.types(v)))
        if p == _IN:
            items = {encoded(i) for i in c.items}
            return _kept(lambda v: key(v) in items)
        if p == _PATTERN:
            matcher = compile_pattern(str(c.value), c.flags)
            return _kept(lambda v: pattern(matcher, v))
        if p in (_OR, _AND):
            members = [self.conformer(m) for m in c.items]
            if p == _OR:
                return _kept(lambda v: any(f(v) for f in members))
            return _kept(lambda v: all(f(v) for f in members))
        return never

    def conformer(self, node: Node) -> Callable[[str], bool]:
        """Whether a value surely conforms to the shape ``node`` (as sh:or reads it: a shape
        of severity Warning or Info always conforms)."""
        shape = self.model.shapes.get(node)
        if shape is None:
            return never
        if shape.deactivated or shape.severity in (SH.Warning, SH.Info):
            return always
        if shape.sparql or shape.properties:
            return never
        if shape.path is None:
            tests = [self.test(c) for c in shape.constraints]
            return lambda v: all(t(v) for t in tests)
        if shape.path.predicate is None:
            return never
        pred, get = str(shape.path.predicate), self.index.get
        whole = [self._whole(c) for c in shape.constraints if c.parameter in _WHOLE]
        tests = [self.test(c) for c in shape.constraints if c.parameter not in _WHOLE]

        def conforms(v: str) -> bool:
            values = get(v, _NONE).get(pred)
            return all(w(values) for w in whole) and all(all(map(t, each(values))) for t in tests)

        return conforms

    def _whole(self, c: Constraint) -> Callable[[Values | None], bool]:
        """sh:minCount, sh:maxCount or sh:hasValue on a focus node's values as written."""
        if c.parameter == _HAS_VALUE:
            want = encoded(c.value)
            return lambda values: want is not None and want in each(values)
        n = int(str(c.value))
        if c.parameter == _MAX_COUNT:
            # as many terms in the store or fewer (equal literals written two ways are one)
            return lambda values: len(tuple(each(values))) <= n
        if c.parameter == _MIN_COUNT and n <= 1:
            return lambda values: n <= 0 or values is not None
        if c.parameter == _MIN_COUNT:
            # values written as IRIs or strings are as many terms there as their keys here
            return lambda values: (
                all(exact(v) for v in each(values)) and len({key(v) for v in each(values)}) >= n
            )
        return lambda values: False

    # --- the data ---------------------------------------------------------------------------------

    def rows(self, focus: set[str]) -> list[dict[str, Values]]:
        """The index's rows of the focus nodes (a focus set is read by many checks)."""
        found = self._rows.get(id(focus))
        if found is None:
            get = self.index.get
            found = self._rows[id(focus)] = [get(x, _NONE) for x in focus]
        return found

    def types(self, v: str) -> Values | None:
        return self.index.get(v, _NONE).get(_TYPE)

    def focus(self) -> dict[Node, set[str]]:
        """Each shape's focus nodes: its targets', and the focus nodes of the targeted node
        shapes holding it (sh:property); shapes held deeper are left to their queries."""
        if self._focus is None:
            found: dict[Node, list[set[str]]] = {}
            for node in self.model.targeted:
                shape = self.model.shapes[node]
                nodes = self._targets(shape)
                found.setdefault(node, []).append(nodes)
                if shape.path is None:
                    for prop in shape.properties:
                        found.setdefault(prop, []).append(nodes)
            deeper = {p for n in found for p in self._held(n)}
            self._focus = {
                n: sets[0] if len(sets) == 1 else set().union(*sets)
                for n, sets in found.items()
                if n not in deeper
            }
        return self._focus

    def _class_focus(self, shape: Shape) -> set[str] | None:
        """The focus nodes of a shape that targets classes only, in data without subclasses
        (None: not known here)."""
        if not self.usable or any(kind != SH.targetClass for kind, _ in shape.targets):
            return None
        return self._targets(shape)

    def _held(self, node: Node) -> tuple[Node, ...]:
        shape = self.model.shapes.get(node)
        if shape is None or shape.path is None:
            return ()
        return shape.properties

    def _targets(self, shape: Shape) -> set[str]:
        nodes: set[str] = set()
        for kind, value in shape.targets:
            if kind == SH.targetClass:
                nodes |= self.classes().get(str(value), set())
            elif kind == SH.targetNode:
                term = encoded(value)
                if term is not None:
                    nodes.add(term)
            elif kind == SH.targetSubjectsOf:
                p = str(value)
                nodes.update(s for s, d in self.index.items() if p in d)
            elif kind == SH.targetObjectsOf:
                p = str(value)
                for d in self.index.values():
                    nodes.update(each(d.get(p)))
        return nodes

    def classes(self) -> dict[str, set[str]]:
        """Each class's instances."""
        if self._classes is None:
            self._classes = {}
            for s, d in self.index.items():
                for cls in each(d.get(_TYPE)):
                    self._classes.setdefault(cls, set()).add(s)
        return self._classes


_WHOLE: Final = (_MIN_COUNT, _MAX_COUNT, _HAS_VALUE)


def _kept(decide: Callable[[str], bool]) -> Callable[[str], bool]:
    """``decide`` with its answers kept (for values that recur: classes, sources, parts…)."""
    memo: dict[str, bool] = {}

    def test(v: str) -> bool:
        answer = memo.get(v)
        if answer is None:
            answer = memo[v] = decide(v)
        return answer

    return test
