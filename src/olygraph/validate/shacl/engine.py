"""Run the compiled checks on the data store and turn their answers into findings.

Focus nodes: a shape targeting one class without subclasses in the data finds them with
``?this rdf:type C``; any other set of targets (several classes, subclasses, subjects or objects
of a property, given nodes) is computed once into a named graph of the store that the data
queries never read, so that every query finds its focus nodes with one indexed lookup. The
queries run side by side in threads (pyoxigraph releases the GIL while it evaluates).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from olygraph.validate.shacl.compile import (
    Check,
    CompareCheck,
    Compiler,
    FocusCheck,
    PairCheck,
    SparqlCheck,
    ValueCheck,
)
from olygraph.validate.shacl.model import Constraint, ShapesModel, UnsupportedShape
from olygraph.validate.shacl.prebinding import SHAPES_GRAPH
from olygraph.validate.shacl.pychecks import compares, datatype_test, pattern_test
from olygraph.validate.shacl.results import Finding, GenericMessages, format_message
from olygraph.validate.shacl.store import DataStore
from olygraph.validate.shacl.terms import KEPT, TermReader, sparql, to_ox
from olygraph.vocab import RDF, RDFS, SH, XSD

FOCUS_GRAPH: Final = "<urn:olygraph:shacl:focus>"
MEMBER: Final = "<urn:olygraph:shacl:member>"
STR_FUNCTION: Final = "urn:olygraph:shacl:fn:str"
VALUE_FUNCTION: Final = "urn:olygraph:shacl:fn:value"
_FUNCTION_IRI: Final = re.compile(r"<(urn:olygraph:shacl:fn:[^>]*)>")
_SET_NAME: Final = re.compile(r"<urn:olygraph:shacl:set:[0-9]+>")
_TYPE: Final = sparql(RDF.type)
_SUBCLASS: Final = sparql(RDFS.subClassOf)
#: types whose lexical form pyoxigraph writes differently from rdflib (decimals: only when the
#: data writes one in a non-canonical way); dates and times only with a zone or fractions
_STR_TYPES: Final = (XSD.double, XSD.float)
_TIME_LENGTHS: Final = ((XSD.date, 10), (XSD.dateTime, 19), (XSD.time, 8))

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Compiled:
    """What compiling a shapes model against one store made, for the next store of the same
    kind (the parts of a streamed export: :mod:`olygraph.validate.stream`): the checks, the
    updates that filled the focus sets, and what of the data they depended on."""

    checks: tuple[Check, ...]
    updates: tuple[str, ...]
    made: tuple[tuple[str, tuple[str, object]], ...]  # the custom functions the checks call
    key: tuple[bool, bool]  # (decimals written otherwise than canonically, kept literals)


class Engine:
    """Compiles ``model`` against ``data`` and runs it: :meth:`run` gives the findings."""

    def __init__(self, data: DataStore, model: ShapesModel) -> None:
        self.data = data
        self.store = data.store
        self.model = model
        self.reader = TermReader(data.decimals)
        self.generic = GenericMessages(model.graph)
        self._sets: dict[tuple[tuple[URIRef, Node], ...], str] = {}
        self._subclasses: dict[URIRef, tuple[URIRef, ...]] = {}
        self._no_subclasses: bool | None = None
        self._repeats: dict[str, dict[Node, int]] = {}
        self.compiler = Compiler(
            model, self.focus, self.subclasses, self.str_text, self.numeric, few=self.few
        )
        self._counts: dict[str, int] = {}
        self.updates: list[str] = []  # the focus sets' INSERTs (see :class:`Compiled`)
        self._pending: list[str] = []  # reused ones not run yet (see :meth:`_ready`)
        for graph in (FOCUS_GRAPH, SHAPES_GRAPH):  # an earlier run's focus nodes and shapes
            self.store.update(f"DROP SILENT GRAPH {graph}")

    def close(self) -> None:
        """Drop the compiler, which holds this engine's methods: the engine and its store are
        then freed as soon as they are no longer used, without a collection of cycles."""
        del self.compiler

    # --- what the compiler asks of the data --------------------------------------------------

    def subclasses(self, cls: URIRef) -> tuple[URIRef, ...]:
        """``cls`` and its subclasses in the data (``rdfs:subClassOf*``)."""
        if cls not in self._subclasses:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c {_SUBCLASS}* {sparql(cls)} }}"
            found = {URIRef(row[0].value) for row in self._rows(query)
                     if isinstance(row[0], ox.NamedNode)}  # fmt: skip
            self._subclasses[cls] = (cls, *sorted(found - {cls}))
        return self._subclasses[cls]

    def focus(self, targets: tuple[tuple[URIRef, Node], ...]) -> str:
        """A group-pattern fragment binding ``?this`` to each focus node of ``targets``."""
        if len(targets) == 1 and targets[0][0] == SH.targetClass:
            classes = self.subclasses(URIRef(str(targets[0][1])))
            if len(classes) == 1:
                return f"?this {_TYPE} {sparql(classes[0])} ."
        if targets not in self._sets:
            name = f"<urn:olygraph:shacl:set:{len(self._sets)}>"
            branches = []
            for kind, node in targets:
                term = sparql(node)
                if kind == SH.targetClass and self._flat():
                    branches.append(f"?this {_TYPE} {term} .")
                elif kind == SH.targetClass:
                    branches.append(f"?this {_TYPE}/{_SUBCLASS}* {term} .")
                elif kind == SH.targetSubjectsOf:
                    branches.append(f"?this {term} ?any .")
                elif kind == SH.targetObjectsOf:
                    branches.append(f"?any {term} ?this .")
                else:
                    branches.append(f"BIND ({term} AS ?this)")
            union = " UNION ".join(f"{{ {b} }}" for b in branches)
            member = f"GRAPH {FOCUS_GRAPH} {{ {name} {MEMBER} ?this }}"
            update = f"INSERT {{ {member} }} WHERE {{ {union} }}"
            self.updates.append(update)
            self.store.update(update)
            self._sets[targets] = member
        return self._sets[targets]

    def few(self, focus: str, predicate: URIRef) -> bool:
        """Whether the data holds at most twice as many ``predicate`` triples as focus nodes
        of ``focus`` (a choice of plan only: both plans give the same answers)."""
        where = {"focus": focus, "p": f"?s {sparql(predicate)} ?o"}
        for pattern in where.values():
            if pattern not in self._counts:
                rows = self._rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
                self._counts[pattern] = int(rows[0][0].value)
        return self._counts[where["p"]] <= 2 * self._counts[where["focus"]]

    def _flat(self) -> bool:
        """Whether the data states no subclasses at all (``rdf:type/rdfs:subClassOf*`` is then
        ``rdf:type``, which is quicker)."""
        if self._no_subclasses is None:
            self._no_subclasses = not self.store.query(f"ASK {{ ?c {_SUBCLASS} ?d }}")
        return self._no_subclasses

    def str_text(self, expr: str) -> str:
        """STR(expr) with rdflib's lexical forms where pyoxigraph's differ (see
        :mod:`olygraph.validate.shacl.terms`); the Python function only runs for those literals."""
        kinds = [*_STR_TYPES, *((XSD.decimal,) if self.data.decimals.back else ())]
        test = f"DATATYPE({expr}) IN ({', '.join(sparql(k) for k in kinds)})"
        for dt, n in _TIME_LENGTHS:
            test += f" || (sameTerm(DATATYPE({expr}), {sparql(dt)}) && STRLEN(STR({expr})) != {n})"
        call = f"<{STR_FUNCTION}>({expr})"
        return f"COALESCE(IF(isLiteral({expr}) && ({test}), {call}, STR({expr})), STR({expr}))"

    def numeric(self, expr: str) -> str:
        """``expr`` for a comparison: a kept integer-derived literal (see
        :func:`olygraph.validate.shacl.terms.kept`) as its integer value, when the data holds
        any."""
        if not self.data.has_kept:
            return expr
        kept = f'isLiteral({expr}) && STRSTARTS(STR(DATATYPE({expr})), "{KEPT}")'
        return f"IF({kept}, <{VALUE_FUNCTION}>({expr}), {expr})"

    # --- running ---------------------------------------------------------------------------

    def _key(self) -> tuple[bool, bool] | None:
        """What compiled checks depend on in the data; None when they cannot be reused (the
        data states subclasses, which the focus patterns spell out)."""
        if not self._flat():
            return None
        return (bool(self.data.decimals.back), self.data.has_kept)

    def checks(self, cache: list[Compiled | None] | None = None) -> list[Check]:
        """The compiled checks, the focus-set updates done. ``cache``: a one-item list holding
        the checks compiled for an earlier store of the same model (or None): used when this
        store's data asks for the same, else compiled anew; left holding what this run used
        (None when not reusable)."""
        key = self._key() if cache is not None else None
        reuse = cache[0] if cache else None
        if reuse is not None and key is not None and reuse.key == key:
            self._pending = list(reuse.updates)  # run when a check reads their set (_ready)
            checks = list(reuse.checks)
            self.compiler.functions.made.update(reuse.made)
        else:
            checks = self.compiler.compile()
            made = tuple(self.compiler.functions.made.items())
            reuse = None if key is None else Compiled(tuple(checks), tuple(self.updates), made, key)
        if cache is not None:
            cache[:] = [reuse]
        return checks

    def run(
        self,
        workers: int | None = None,
        cache: list[Compiled | None] | None = None,
        cleared: Callable[[Check], bool] | None = None,
    ) -> list[Finding]:
        """The findings. ``cache``: see :meth:`checks`; ``cleared``: whether a check surely
        finds nothing (then its query is not run: see
        :class:`olygraph.validate.shacl.cleared.Cleared`)."""
        checks = self.checks(cache)
        if cleared is not None:
            checks = [c for c in checks if not cleared(c)]
        self._ready(checks)
        if self.data.has_kept and any(isinstance(c, SparqlCheck) for c in checks):
            raise UnsupportedShape(
                "the data holds integer-derived literals (xsd:int, xsd:byte …), which this "
                "engine's SPARQL would read as xsd:integer in a SPARQL constraint"
            )
        functions = self._functions()
        if any(isinstance(c, SparqlCheck) and c.shapes_graph for c in checks):
            graph = ox.NamedNode(SHAPES_GRAPH[1:-1])
            self.store.extend(
                ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)  # type: ignore[arg-type]
                for s, p, o in self.model.graph
            )
        checks.sort(key=lambda c: not isinstance(c, SparqlCheck))  # the slow ones first

        def answer(check: Check) -> tuple[Check, list[Row], list[str]]:
            """The rows of one check (in a worker thread, where pyoxigraph's answer must be
            freed too)."""
            try:
                used = _used(functions, check.query)
                solutions = self.store.query(check.query, custom_functions=used)
            except SyntaxError as err:
                if isinstance(check, SparqlCheck):
                    raise UnsupportedShape(f"{check.shape.label}: sh:sparql: {err}") from None
                raise RuntimeError(f"a compiled query does not parse: {err}") from None
            try:
                assert isinstance(solutions, ox.QuerySolutions)
                names = [v.value for v in solutions.variables]
                return check, [tuple(s[n] for n in names) for s in solutions], names
            finally:
                del solutions

        findings: list[Finding] = []
        threads = workers or min(4, os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=threads) as pool:
            answers = map(answer, checks) if threads == 1 else pool.map(answer, checks)
            for check, rows, names in answers:
                found = list(self._findings(check, rows, names))
                if check.repeat is not None and found:
                    times = self._times(check.repeat)
                    found = [f for f in found for _ in range(times.get(f.focus, 1))]
                findings += found
        return findings

    def _ready(self, checks: list[Check]) -> None:
        """Fill the focus sets of reused checks that ``checks`` read (the others are not
        needed: their checks were cleared)."""
        pending, self._pending = self._pending, []
        for update in pending:
            name = _SET_NAME.search(update)
            if name is None or any(
                name[0] in c.query or (c.repeat is not None and name[0] in c.repeat) for c in checks
            ):
                self.store.update(update)

    def _times(self, query: str) -> dict[Node, int]:
        """The answer of a :attr:`Check.repeat` query: how many times each focus node counts."""
        if query not in self._repeats:
            node = self.reader.node
            self._repeats[query] = {node(t): int(n.value) for t, n in self._rows(query)}
        return self._repeats[query]

    def _rows(self, query: str) -> list[Row]:
        solutions = self.store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [tuple(s[n] for n in names) for s in solutions]

    def _functions(self) -> dict[ox.NamedNode, Callable[..., Any]]:
        out: dict[ox.NamedNode, Callable[..., Any]] = {
            ox.NamedNode(STR_FUNCTION): lambda t: ox.Literal(self.reader.text(t)),
            ox.NamedNode(VALUE_FUNCTION): self._value,
        }
        for iri, (kind, arg) in self.compiler.functions.made.items():
            if kind == "pattern" and isinstance(arg, tuple):
                out[ox.NamedNode(iri)] = pattern_test(self.reader, *arg)
            elif kind == "datatype" and isinstance(arg, URIRef):
                out[ox.NamedNode(iri)] = datatype_test(self.reader, arg)
        return out

    def _value(self, term: Any) -> Any:
        """A kept literal as its integer (an ill-typed one as it is: it compares with nothing)."""
        node = self.reader.node(term)
        if isinstance(node, Literal) and not node.ill_typed and isinstance(node.value, int):
            return ox.Literal(node.value)
        return term

    # --- answers into findings ---------------------------------------------------------------

    def _findings(self, check: Check, rows: list[Row], names: list[str]) -> Iterator[Finding]:
        node = self.reader.node
        if isinstance(check, SparqlCheck):
            yield from self._sparql_findings(check, rows, names)
        elif isinstance(check, ValueCheck):
            yield from self._value_findings(check, rows)
        elif isinstance(check, FocusCheck | PairCheck) and check.constraint is not None:
            for row in rows:
                value = node(row[1]) if isinstance(check, PairCheck) else None
                yield self._finding(check, check.constraint, node(row[0]), value)
        elif isinstance(check, CompareCheck) and check.constraint is not None:
            strict = check.constraint.parameter == SH.lessThan
            for focus_term, value_term, other_term in rows:
                value = node(value_term)
                if not compares(value, node(other_term), strict):
                    yield self._finding(check, check.constraint, node(focus_term), value)

    def _value_findings(self, check: ValueCheck, rows: list[Row]) -> Iterator[Finding]:
        node = self.reader.node
        many: set[Node] = set()
        width = len(check.constraints)
        for row in rows:
            focus = node(row[0])
            if row[1] is None:
                if check.min_count is not None:
                    yield self._finding(check, check.min_count, focus, None)
                continue
            found = node(row[1])
            for c, ok in zip(check.constraints, row[2 : 2 + width], strict=True):
                if ok is None or ok.value != "true":
                    yield self._finding(check, c, focus, found)
            if check.max_count is not None and row[2 + width].value == "true":
                many.add(focus)
        if check.max_count is not None:
            for focus in sorted(many, key=str):
                yield self._finding(check, check.max_count, focus, None)

    def _finding(self, check: Check, c: Constraint, focus: Node, value: Node | None) -> Finding:
        """A result of a core constraint: the shape's messages, else pySHACL's own text."""
        shape = check.shape
        messages = shape.messages or self.generic(shape.node, c.parameter, focus, value)
        path = shape.path.node if shape.path else None
        return Finding(focus, value, path, shape.node, c.component, shape.severity, messages)

    def _sparql_findings(
        self, check: SparqlCheck, rows: list[Row], names: list[str]
    ) -> Iterator[Finding]:
        """pySHACL's reading of a SHACL-SPARQL solution: ``?this``, ``?path`` and ``?value``
        name the result, the other variables fill the messages; identical solutions of one
        focus node count once."""
        constraint, shape = check.constraint, check.shape
        assert constraint is not None
        seen: set[tuple[Any, ...]] = set()
        for row in rows:
            bound = {
                n: self.reader.node(t) for n, t in zip(names, row, strict=True) if t is not None
            }
            focus = bound.pop("this")
            if "failure" in bound:
                raise UnsupportedShape(f"{shape.label}: a SPARQL constraint reported ?failure")
            path, value = bound.pop("path", None), bound.pop("value", None)
            this = focus if check.projects_this else None
            key = (focus, path, value, tuple(sorted(bound.items())))
            if key in seen or (this is None and path is None and value is None):
                continue
            seen.add(key)
            if value is None and shape.path is None:
                value = focus
            fill = [(k, v) for k, v in (*bound.items(), ("this", this), ("path", path),
                                        ("value", value)) if v is not None]  # fmt: skip
            own = list(shape.messages)
            extra = [m for m in constraint.messages if m not in own]
            messages = tuple(Literal(format_message(str(m), fill)) for m in (*extra, *own))
            result_path = path if path is not None else (shape.path.node if shape.path else None)
            yield Finding(focus, value, result_path, shape.node, SH.SPARQLConstraintComponent,
                          shape.severity, messages, constraint.node)  # fmt: skip


def _used(
    functions: dict[ox.NamedNode, Callable[..., Any]], query: str
) -> dict[ox.NamedNode, Callable[..., Any]] | None:
    """The custom functions ``query`` calls: pyoxigraph converts every function it is given
    for each query (with forty of them, a third of a small query's cost)."""
    called = _called(query)
    used = {iri: fn for iri, fn in functions.items() if iri.value in called}
    return used or None


@lru_cache(maxsize=1024)
def _called(query: str) -> frozenset[str]:
    """The IRIs of olygraph's custom functions that ``query`` names."""
    return frozenset(_FUNCTION_IRI.findall(query))
