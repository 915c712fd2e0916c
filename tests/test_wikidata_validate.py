"""The profile's SHACL shapes (shapes/wikidata/) with pySHACL: the profile of every input
conforms, and each kind of broken Wikibase data is caught with its message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from olygraph import api
from olygraph.validate.outcome import Severity
from olygraph.vocab import PROV, PS, RDF, WIKIBASE
from olygraph.wikidata import profile_graph
from olygraph.wikidata.validate import validate_profile

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HERE = Path(__file__).parent
ARTICLES = HERE.parents[1] / "shared" / "articles"
PR_P248 = URIRef("http://www.wikidata.org/prop/reference/P248")
# XSD by IRI: a module-level rdflib ``XSD`` makes pytest's fixture scan warn
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture(scope="module")
def seed() -> Graph:
    return profile_graph(api.export().dataset)


def test_profiles_conform() -> None:
    fixture = Dataset()
    fixture.parse(HERE / "queries" / "olympics.trig", format="trig")
    inputs: list[Graph] = [api.export().dataset, fixture]
    if ARTICLES.is_dir():
        inputs.append(api.export([ARTICLES]).dataset)
    for data in inputs:
        outcome = validate_profile(profile_graph(data))
        assert outcome.conforms, [r.message for r in outcome.results][:5]
        assert outcome.results == ()


def _first(g: Graph, cls: URIRef) -> URIRef:
    node = sorted(g.subjects(RDF.type, cls), key=str)[0]
    assert isinstance(node, URIRef)
    return node


def _no_rank(g: Graph) -> URIRef:
    st = _first(g, WIKIBASE.Statement)
    g.remove((st, WIKIBASE.rank, None))
    return st


def _two_ranks(g: Graph) -> URIRef:
    st = _first(g, WIKIBASE.Statement)
    g.add((st, WIKIBASE.rank, WIKIBASE.PreferredRank))
    return st


def _no_reference(g: Graph) -> URIRef:
    st = _first(g, WIKIBASE.Statement)
    g.remove((st, PROV.wasDerivedFrom, None))
    return st


def _two_main_values(g: Graph) -> URIRef:
    st = _first(g, WIKIBASE.Statement)
    pid = next(str(p) for p in g.predicates(st) if str(p).startswith(str(PS) + "P"))
    g.add((st, URIRef(pid), Literal("another value")))
    return st


def _no_subject(g: Graph) -> URIRef:
    st = _first(g, WIKIBASE.Statement)
    for s, p, _ in list(g.triples((None, None, st))):
        g.remove((s, p, st))
    return st


def _two_subjects(g: Graph) -> URIRef:
    st = _first(g, WIKIBASE.Statement)
    s, p, _ = next(g.triples((None, None, st)))
    g.add((URIRef(f"{s}-twin"), p, st))
    return st


def _source_not_named(g: Graph) -> URIRef:
    ref = _first(g, WIKIBASE.Reference)
    g.remove((ref, PR_P248, None))
    return ref


def _no_unit(g: Graph) -> URIRef:
    value = _first(g, WIKIBASE.QuantityValue)
    g.remove((value, WIKIBASE.quantityUnit, None))
    return value


def _amount_not_decimal(g: Graph) -> URIRef:
    value = _first(g, WIKIBASE.QuantityValue)
    g.remove((value, WIKIBASE.quantityAmount, None))
    g.add((value, WIKIBASE.quantityAmount, Literal("74.2")))
    return value


def _no_calendar(g: Graph) -> URIRef:
    value = _first(g, WIKIBASE.TimeValue)
    g.remove((value, WIKIBASE.timeCalendarModel, None))
    return value


def _bad_precision(g: Graph) -> URIRef:
    value = _first(g, WIKIBASE.TimeValue)
    g.remove((value, WIKIBASE.timePrecision, None))
    g.add((value, WIKIBASE.timePrecision, Literal(15, datatype=XSD_INTEGER)))
    return value


BREAKAGES: list[tuple[Callable[[Graph], URIRef], str]] = [
    (_no_rank, "exactly one rank"),
    (_two_ranks, "exactly one rank"),
    (_no_reference, "at least one reference"),
    (_two_main_values, "exactly one main value"),
    (_no_subject, "exactly one p: triple"),
    (_two_subjects, "exactly one p: triple"),
    (_source_not_named, "names the source"),
    (_no_unit, "exactly one unit"),
    (_amount_not_decimal, "xsd:decimal amount"),
    (_no_calendar, "exactly one calendar model"),
    (_bad_precision, "an integer from 0 to 14"),
]


@pytest.mark.parametrize(("breakage", "message"), BREAKAGES, ids=[b.__name__ for b, _ in BREAKAGES])
def test_broken_profile_data_is_a_violation(
    seed: Graph, breakage: Callable[[Graph], URIRef], message: str
) -> None:
    g = Graph()
    g += seed
    node = breakage(g)
    outcome = validate_profile(g)
    assert not outcome.conforms
    found = [
        ((r.focus_node, r.value), r.message) for r in outcome.of_severity(Severity.VIOLATION)
    ]  # a whole-graph check reports the class as its focus node, the statement as its value
    assert any(str(node) in where and message in text for where, text in found), found
