"""Independent cross-check: Apache Jena's SHACL validator and pyshacl agree.

Jena (Debian ``libapache-jena-java``, run through ``scripts/jena-shacl``) and pyshacl validate the
same graph with the same shapes: the seed, every shared article and the text-level mutations of
the seed, each exported under its own base IRI so that they can share one graph (one JVM start),
plus every shape fixture of tests/shapes/. Both must find the same results (severity, focus node,
constraint component, path, value), hence the same conformance and the same number of results
per severity for every input. Skipped when Jena is not installed, unless ``CI`` is set: then
missing Jena is a failure (scripts/test installs it in CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from conftest import ROOT, article_paths
from olygraph import api
from olygraph.resources import seed_text
from olygraph.validate.run import (
    Severity,
    ValidationResult,
    read_report,
    run,
    shapes_graph,
)
from olygraph.write.rdf import union_graph

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

SCRIPT = ROOT / "scripts" / "jena-shacl"
CHECK = "https://example.org/check/"
MUTATIONS = {
    "rank1": ("| 2 | | | 1:15.1 | |", "| 1 | | | 1:15.1 | |"),
    "order": ("| 3 | | | 1:15.3 | |", "| 3 | | | 1:16.5 | |"),
    "noc": ("Goldnoc: DEN", "Goldnoc: DENX"),  # rejected by the reader: no violation
    "noc-row": ("| 1 | | | 1:14.2 | |", "| 1 | Willy Hansen | NED | 1:14.2 | |"),
    "count": ("Competitors: 16", "Competitors: 17"),
    "date": ("Date: 5 August 1928", "Date: 5 August 1929"),
}

Key = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Compared:
    inputs: tuple[str, ...]
    pyshacl: tuple[ValidationResult, ...]
    jena: tuple[ValidationResult, ...]


def key(r: ValidationResult) -> Key:
    return (r.severity.value, r.focus_node, r.constraint_component, r.path or "", r.value or "")


def owner(r: ValidationResult) -> str:
    """The input a result belongs to: the base IRI its focus node was minted under."""
    rest = r.focus_node.removeprefix(CHECK)
    return rest.split("/", 1)[0] if rest != r.focus_node else "fixtures"


def jena_available() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "check"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        reason = done.stderr.strip() or "scripts/jena-shacl check failed"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: scripts/test must install libapache-jena-java)")
        pytest.skip(reason)


def jena_report(graph: Graph, shapes: Graph, tmp: Path) -> Graph:
    """Jena's SHACL validation report of ``graph`` against ``shapes`` (files written in ``tmp``)."""
    data_file, shapes_file = tmp / "data.nt", tmp / "shapes.nt"
    graph.serialize(data_file, format="nt", encoding="utf-8")
    shapes.serialize(shapes_file, format="nt", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "validate", "--shapes", str(shapes_file),
         "--data", str(data_file)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return Graph().parse(data=done.stdout, format="turtle")


def corpus(tmp: Path) -> tuple[Graph, tuple[str, ...]]:
    """Every input under its own base IRI, merged; and the input names."""
    merged, names = Graph(), []
    sources: list[tuple[str, list[Path]]] = [("seed", [])]
    sources += [(p.stem, [p]) for p in article_paths()]
    for name, (old, new) in MUTATIONS.items():
        path = tmp / f"mutation-{name}.txt"
        text = seed_text()
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
        sources.append((f"mutation-{name}", [path]))
    for name, paths in sources:
        merged += union_graph(api.export(paths, f"{CHECK}{name}/").dataset)
        names.append(name)
    merged += fixtures()
    return merged, (*names, "fixtures")


def fixtures() -> Graph:
    """The data shape fixtures, their example.org IRIs moved apart per fixture and graph."""
    out = Graph()
    for path in sorted((Path(__file__).parent / "shapes").glob("*.trig")):
        if path.stem == "OntologyTermShape":  # checks ontology files, not data
            continue
        ds = Dataset()
        ds.parse(path, format="trig")
        for part in ("ok", "bad"):
            graph = URIRef(f"https://w3id.org/olygraph/test#{part}")
            prefix = f"http://example.org/{path.stem}/{part}/"
            for s, p, o in ds.graph(graph):
                out.add((_move(s, prefix), p, _move(o, prefix)))
    return out


def _move(term: Node, prefix: str) -> Node:
    if isinstance(term, URIRef) and str(term).startswith("http://example.org/"):
        return URIRef(prefix + str(term)[len("http://example.org/") :])
    return term


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> Compared:
    jena_available()
    tmp = tmp_path_factory.mktemp("jena")
    graph, names = corpus(tmp)
    shapes = shapes_graph()
    report = jena_report(graph, shapes, tmp)
    return Compared(names, run(graph, shapes).results, read_report(report, graph, shapes))


def test_jena_and_pyshacl_find_the_same_results(compared: Compared) -> None:
    py, jena = Counter(map(key, compared.pyshacl)), Counter(map(key, compared.jena))
    assert py - jena == Counter(), "found by pyshacl only"
    assert jena - py == Counter(), "found by Jena only"
    assert compared.pyshacl, "the corpus must produce results of every severity"
    assert {r.severity for r in compared.pyshacl} == set(Severity)


def test_every_input_has_the_same_conformance_and_counts_per_severity(
    compared: Compared,
) -> None:
    for name in compared.inputs:
        py = Counter(r.severity for r in compared.pyshacl if owner(r) == name)
        jena = Counter(r.severity for r in compared.jena if owner(r) == name)
        assert py == jena, name
        assert (Severity.VIOLATION in py) == (Severity.VIOLATION in jena), name


def test_shared_articles_and_the_seed_conform_in_both(compared: Compared) -> None:
    clean = {"seed", *(p.stem for p in article_paths())}
    for results in (compared.pyshacl, compared.jena):
        broken = {owner(r) for r in results if r.severity is Severity.VIOLATION}
        assert not broken & clean


def test_each_mutation_with_a_violation_is_caught_by_both(compared: Compared) -> None:
    expected = {f"mutation-{m}" for m in MUTATIONS if m not in ("count", "noc")}
    for results in (compared.pyshacl, compared.jena):
        assert {owner(r) for r in results if r.severity is Severity.VIOLATION} >= expected
