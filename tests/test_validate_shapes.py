"""Every SHACL shape has a conforming and a violating fixture (tests/shapes/<Shape>.trig).

A fixture holds three named graphs: ``t:ok`` (no result from the shape), ``t:bad`` (results
from the shape exactly on the focus nodes listed in ``t:expect``) and ``t:expect`` (focus node,
``sh:sourceConstraintComponent`` and, when given, ``sh:resultPath`` of each expected result).
Assertions are on the shape, focus node, component and path, never on the wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from olygraph.resources import data_dir
from olygraph.validate.run import (
    SHAPES_NS,
    ValidationResult,
    lint_shapes_graph,
    run,
    shapes_graph,
)

FIXTURES = Path(__file__).parent / "shapes"
T = Namespace("https://w3id.org/olygraph/test#")
LINT = "OntologyTermShape"
#: shapes that report every node they target (each discrepancy, each unmapped field): their
#: conforming fixture is a graph without such nodes
REPORTING = {"DiscrepancyReportShape", "UnmappedFieldNoteShape"}

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser


@dataclass(frozen=True)
class Expect:
    focus: str
    component: str
    path: str | None


@dataclass(frozen=True)
class Fixture:
    shape: str
    ok: Graph
    bad: Graph
    expect: tuple[Expect, ...]


def shape_names(g: Graph) -> set[str]:
    return {
        str(s)[len(SHAPES_NS) :]
        for s in g.subjects(RDF.type, SH.NodeShape)
        if isinstance(s, URIRef) and str(s).startswith(SHAPES_NS)
    }


@cache
def fixture(shape: str) -> Fixture:
    ds = Dataset()
    ds.parse(FIXTURES / f"{shape}.trig", format="trig")

    def graph(name: URIRef) -> Graph:
        g = Graph()
        for triple in ds.graph(name):
            g.add(triple)
        return g

    exp = graph(T.expect)
    expect = tuple(
        Expect(
            str(exp.value(e, T.focus)),
            str(exp.value(e, T.component)),
            str(exp.value(e, T.path)) if exp.value(e, T.path) is not None else None,
        )
        for e in exp.subjects(T.focus, None)
    )
    return Fixture(shape, graph(T.ok), graph(T.bad), expect)


def shapes_for(shape: str) -> Graph:
    return lint_shapes_graph() if shape == LINT else shapes_graph()


def from_shape(results: tuple[ValidationResult, ...], shape: str) -> list[ValidationResult]:
    return [r for r in results if r.source_shape == SHAPES_NS + shape]


ALL_SHAPES = sorted(shape_names(shapes_graph()) | shape_names(lint_shapes_graph()))


def test_every_shape_has_a_fixture_and_every_fixture_a_shape() -> None:
    fixtures = sorted(p.name.removesuffix(".trig") for p in FIXTURES.glob("*.trig"))
    assert fixtures == ALL_SHAPES


def test_the_data_shapes_cover_every_class_of_the_ontology() -> None:
    from olygraph.vocab import CLASSES, OLY

    g = shapes_graph()
    targeted = set(g.objects(None, SH.targetClass))
    assert {OLY[c] for c in CLASSES} <= targeted


def test_every_shape_is_labelled_and_every_constraint_has_a_message() -> None:
    for g in (shapes_graph(), lint_shapes_graph()):
        for shape in g.subjects(RDF.type, SH.NodeShape):
            assert g.value(shape, RDFS.label) is not None, shape
            owners = [shape, *g.objects(shape, SH.property), *g.objects(shape, SH.sparql)]
            constrained = [o for o in owners if o != shape or g.value(shape, SH["or"])]
            for node in constrained:
                assert g.value(node, SH.message) is not None, (shape, node)


@pytest.mark.parametrize("shape", ALL_SHAPES)
def test_conforming_fixture_has_no_result_from_its_shape(shape: str) -> None:
    fx = fixture(shape)
    exercised = _targets(shapes_for(shape), shape, fx.ok)
    assert exercised != (shape in REPORTING), "t:ok must (not) hold a focus node of the shape"
    outcome = run(fx.ok, shapes_for(shape))
    assert from_shape(outcome.results, shape) == []


@pytest.mark.parametrize("shape", ALL_SHAPES)
def test_violating_fixture_gives_exactly_the_expected_results(shape: str) -> None:
    fx = fixture(shape)
    assert fx.expect, "t:expect lists no result"
    got = from_shape(run(fx.bad, shapes_for(shape)).results, shape)
    for e in fx.expect:
        assert any(
            r.focus_node == e.focus
            and r.constraint_component == e.component
            and (e.path is None or r.path == e.path)
            for r in got
        ), (e, [(r.focus_node, r.constraint_component, r.path) for r in got])
    assert {r.focus_node for r in got} == {e.focus for e in fx.expect}


def _targets(shapes: Graph, shape: str, data: Graph) -> bool:
    """Whether ``data`` holds at least one focus node of ``shape`` (SHACL Core targets)."""
    node = URIRef(SHAPES_NS + shape)
    found = set()
    for cls in shapes.objects(node, SH.targetClass):
        found |= set(data.subjects(RDF.type, cls))
    for p in shapes.objects(node, SH.targetSubjectsOf):
        found |= set(data.subjects(p, None))
    for p in shapes.objects(node, SH.targetObjectsOf):
        found |= set(data.objects(None, p))
    found |= set(shapes.objects(node, SH.targetNode))
    return bool(found)


def test_shape_files_are_the_ones_the_package_ships() -> None:
    names = sorted(p.name for p in data_dir("shapes").glob("*.ttl"))
    assert names == [
        "consistency.ttl",
        "notes.ttl",
        "ontology-lint.ttl",
        "provenance.ttl",
        "structure.ttl",
    ]
    assert "OntologyTermShape" not in shape_names(shapes_graph())
