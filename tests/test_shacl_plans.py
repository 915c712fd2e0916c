"""The hand-planned forms of RankOrderShape, TiedMarksShape and TiedFlagShape
(olygraph.validate.shacl.plans) answer exactly as the generic rewrite of their constraints.

Both forms run on the same pyoxigraph store and must give the same solutions: on the real
corpus of tests/test_shacl_engine.py (seed, shared articles, seed mutations, shape fixtures),
where each of the three shapes fires, and on generated rounds that mix what the constraints
compare (ties, several ranks, heats, marks of other measures or units, row numbers that are
missing, repeated, not integers or at the end of the integers). On the generated rounds with
ordinary values, the fast engine's results for the three shapes are pySHACL's.

The same holds for the two forms of a value check (olygraph.validate.shacl.compile,
``Compiler._values``): the focus nodes' values tested, or the predicate's pairs tested first and
the failing ones looked up among the focus nodes.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from olygraph.validate.run import run, shapes_graph
from olygraph.validate.shacl.compile import SparqlCheck, ValueCheck
from olygraph.validate.shacl.engine import Engine
from olygraph.validate.shacl.model import read_shapes
from olygraph.validate.shacl.plans import PLANS, fingerprint, planned
from olygraph.validate.shacl.store import DataStore
from olygraph.validate.shacl.validation import run_fast
from olygraph.vocab import OLY
from test_shacl_engine import corpus, key

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser

EX = Namespace("http://example.org/plans/")
SHAPES = sorted(PLANS)


def _rows(store: DataStore, functions: dict[Any, Any], query: str) -> set[str]:
    """A query's solutions, comparable as a set."""
    solutions = store.store.query(query, custom_functions=functions)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return {repr([(n, s[n]) for n in names]) for s in solutions}  # type: ignore[union-attr]


def answers(graph: Graph) -> dict[str, tuple[set[str], set[str]]]:
    """Per planned shape: the solutions of its generic rewrite and of its plan, on ``graph``."""
    store = DataStore()
    store.add_graph(graph)
    store.finish()
    model = read_shapes(shapes_graph())
    engine = Engine(store, model)
    engine.compiler.plans = False
    generic = {
        str(c.shape.node): c for c in engine.compiler.compile() if isinstance(c, SparqlCheck)
    }
    engine.compiler.plans = True
    fast = {str(c.shape.node): c for c in engine.compiler.compile() if isinstance(c, SparqlCheck)}
    functions = engine._functions()

    out = {}
    for shape in SHAPES:
        assert generic[shape].query != fast[shape].query, f"{shape}: its plan is not used"
        out[shape] = (
            _rows(store, functions, generic[shape].query),
            _rows(store, functions, fast[shape].query),
        )
    return out


def test_the_shipped_constraints_are_the_ones_planned() -> None:
    model = read_shapes(shapes_graph())
    for shape in SHAPES:
        (constraint,) = model.shape(URIRef(shape)).sparql
        assert PLANS[shape][0] == fingerprint(constraint.select), shape
        focus = "?this a <urn:x> ."
        assert planned(URIRef(shape), constraint.select, focus, str) is not None
        edited = constraint.select.replace("FILTER", "FILTER (true) FILTER", 1)
        assert planned(URIRef(shape), edited, focus, str) is None  # back to the generic rewrite


def test_same_answers_on_the_real_corpus(tmp_path: Path) -> None:
    for shape, (generic, fast) in answers(corpus(tmp_path)).items():
        assert generic, f"{shape} does not fire on the corpus"
        assert fast == generic, shape


def rounds(seed: int, odd: bool) -> Graph:
    """Generated rounds; ``odd``: with row numbers and ranks that are no plain small integers."""
    rng = random.Random(seed)
    g = Graph()
    measures = [("Time", OLY.Second), ("Distance", OLY.Metre), ("Lift", OLY.Kilogram),
                ("Points", OLY.Point)]  # fmt: skip
    rows: list[URIRef] = []
    for r in range(6):
        rnd = EX[f"s{seed}/round{r}"]
        measure, unit = rng.choice(measures)
        g.add((rnd, RDF.type, OLY.Round))
        g.add((rnd, OLY.rankedBy, Literal(measure)))
        if rng.random() < 0.3:
            g.add((rnd, OLY.lowerIsBetter, Literal(rng.random() < 0.5)))
        count = rng.randint(2, 9)
        rank = 1
        for i in range(1, count + 1):
            row = EX[f"s{seed}/round{r}/row{i}"]
            rows.append(row)
            g.add((rnd, OLY.result, row))
            g.add((row, RDF.type, OLY.Result))
            order: Literal | None = Literal(i)
            if odd and rng.random() < 0.15:
                last = 9223372036854775806 + rng.randint(0, 1)  # + 1, 2 or 3: an error
                odd_ones = [Literal("x"), Literal(f"{i}.0", datatype=XSD.decimal), Literal(last)]
                order = rng.choice([*odd_ones, None])
            if order is not None:
                g.add((row, OLY.order, order))
            if rng.random() < 0.05:
                g.add((row, OLY.order, Literal(i + 1)))  # a second row number
            if rng.random() < 0.85:
                g.add((row, OLY.rank, Literal(rank)))
                if rng.random() < 0.05:
                    g.add((row, OLY.rank, Literal(rank + 1)))  # sources disagree
            tie = rng.random() < 0.3
            if rng.random() < 0.8:
                g.add((row, OLY.tied, Literal(tie if rng.random() < 0.8 else not tie)))
            if rng.random() < 0.05:
                g.add((row, OLY.tied, Literal(True)))
            if rng.random() < 0.2:
                g.add((row, OLY.heat, Literal(rng.randint(1, 2))))
            for _ in range(rng.choice([0, 1, 1, 1, 2])):
                mark = BNode()
                g.add((row, OLY.mark, mark))
                g.add((mark, RDF.type, OLY.Mark))
                part = "table" if rng.random() < 0.9 else "infobox"
                g.add((mark, OLY.sourcePart, Literal(part)))
                same = rng.random() < 0.9
                g.add((mark, OLY.measure, Literal(measure if same else "Other")))
                g.add((mark, OLY.unit, unit if rng.random() < 0.95 else OLY.Second))
                value = Literal(f"{rng.randint(10, 14)}.{rng.randint(0, 9)}", datatype=XSD.decimal)
                g.add((mark, OLY.value, value))
                if rng.random() < 0.5:
                    g.add((mark, OLY.text, Literal(f"{value} s")))
                if rng.random() < 0.5:
                    g.add((mark, OLY.sourceLocation, Literal(f"table {r}, row {i}")))
            if not tie:
                rank += rng.choice([1, 1, 1, 2])
    for row in rng.sample(rows, 3):  # rows in a second round
        g.add((EX[f"s{seed}/round{rng.randint(0, 5)}"], OLY.result, row))
    return g


@pytest.mark.parametrize("odd", [False, True])
def test_same_answers_on_generated_rounds(odd: bool) -> None:
    fired: Counter[str] = Counter()
    for seed in range(12):
        for shape, (generic, fast) in answers(rounds(seed, odd)).items():
            assert fast == generic, (shape, seed)
            fired[shape] += bool(generic)
    assert set(fired) == set(SHAPES) and min(fired.values()) >= 3, fired


def test_same_results_as_pyshacl_on_generated_rounds() -> None:
    graph = Graph()
    for seed in range(3):
        graph += rounds(seed, odd=False)
    shapes = shapes_graph()

    def mine(results: tuple[object, ...]) -> Counter[tuple[str, ...]]:
        return Counter(key(r) for r in results if r.source_shape in SHAPES)  # type: ignore[attr-defined]

    fast, py = mine(run_fast(graph, shapes).results), mine(run(graph, shapes).results)
    assert {k[3] for k in fast} == set(SHAPES), "each planned shape fires"
    assert fast == py


def test_value_checks_give_the_same_answers_tested_first(tmp_path: Path) -> None:
    graph = corpus(tmp_path)
    for seed in range(3):
        graph += rounds(seed, odd=True)
    store = DataStore()
    store.add_graph(graph)
    store.finish()
    engine = Engine(store, read_shapes(shapes_graph()))
    forms = {}
    for first in (False, True):
        engine.compiler.few = lambda focus, p, first=first: first  # type: ignore[misc]
        forms[first] = [c for c in engine.compiler.compile() if isinstance(c, ValueCheck)]
    functions = engine._functions()

    changed = fired = 0
    for plain, first in zip(forms[False], forms[True], strict=True):
        assert plain.shape is first.shape
        if plain.query != first.query:
            changed += 1
            found = _rows(store, functions, plain.query)
            fired += bool(found)
            assert _rows(store, functions, first.query) == found, plain.shape.label
    assert changed >= 30 and fired >= 5, (changed, fired)
