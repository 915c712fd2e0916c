"""Independent cross-check of the profile's shapes: Apache Jena's SHACL validator and pyshacl
find the same results on the profile of the seed, of every shared article and of the seed broken
in each way tests/test_wikidata_validate.py breaks it (each copy under its own base IRI, so that
one graph and one JVM start hold them all). Skipped without Jena, as tests/test_validate_jena.py.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph

from conftest import article_paths
from olygraph import api
from olygraph.validate.outcome import Severity, ValidationResult, read_report
from olygraph.validate.run import run
from olygraph.wikidata import profile_graph
from olygraph.wikidata.validate import shapes
from test_validate_jena import CHECK, jena_available, jena_report, key
from test_wikidata_validate import BREAKAGES

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def corpus() -> Graph:
    merged = Graph()
    merged += profile_graph(api.export(base=f"{CHECK}seed/").dataset, f"{CHECK}seed/")
    for path in article_paths():
        base = f"{CHECK}{path.stem}/"
        merged += profile_graph(api.export([path], base).dataset, base)
    for breakage, _ in BREAKAGES:
        base = f"{CHECK}{breakage.__name__.strip('_')}/"
        broken = profile_graph(api.export(base=base).dataset, base)
        breakage(broken)
        merged += broken
    return merged


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[ValidationResult], ...]:
    jena_available()
    tmp = tmp_path_factory.mktemp("jena-wikidata")
    graph, shape_graph = corpus(), shapes()
    report = jena_report(graph, shape_graph, tmp)
    return list(run(graph, shape_graph).results), list(read_report(report, graph, shape_graph))


def test_jena_and_pyshacl_find_the_same_results(
    both: tuple[list[ValidationResult], ...],
) -> None:
    py, jena = (Counter(map(key, results)) for results in both)
    assert py - jena == Counter(), "found by pyshacl only"
    assert jena - py == Counter(), "found by Jena only"


def test_each_breakage_is_a_violation_and_the_clean_profiles_conform(
    both: tuple[list[ValidationResult], ...],
) -> None:
    broken = {b.__name__.strip("_") for b, _ in BREAKAGES}
    for results in both:
        where = {
            (r.value if r.focus_node.startswith("http://wikiba.se/") else r.focus_node) or ""
            for r in results
            if r.severity is Severity.VIOLATION
        }
        owners = {w.removeprefix(CHECK).split("/", 1)[0] for w in where if w.startswith(CHECK)}
        assert owners == broken, sorted(owners ^ broken)
