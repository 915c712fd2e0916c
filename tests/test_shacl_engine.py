"""The fast SHACL engine (olygraph.validate.shacl) finds what pySHACL finds, on real data.

One graph holds the seed, every shared article and every text-level mutation of the seed used by
tests/test_validate*.py (each exported under its own base IRI), plus the conforming and the
violating graph of every shape fixture (tests/shapes/*.trig, IRIs moved apart). pySHACL and the
fast engine validate it once each; they must give the same results (focus node, path, value,
source shape, constraint component, severity) with the same multiplicity and, but for one
documented case, the same messages, source locations and labels. The ontology lint shape is
compared the same way on the ontology files and its fixture.
"""

from __future__ import annotations

import inspect
import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import article_paths
from olygraph import api
from olygraph.cli import main
from olygraph.resources import ontology_files, seed_text
from olygraph.validate.run import (
    ValidationOutcome,
    ValidationResult,
    lint_shapes_graph,
    run,
    shapes_graph,
    validate,
)
from olygraph.validate.shacl.validation import run_fast
from olygraph.write.rdf import union_graph
from test_validate import CASES
from test_validate_jena import MUTATIONS, fixtures

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser

CHECK = "https://example.org/fast/"
#: the text-level mutations of the seed in tests/test_validate*.py
EDITS = sorted(
    {(old, new) for old, new, *_ in CASES.values()}
    | set(MUTATIONS.values())
    | {("| 1 | | | 1:14.2 | |", "| 1 | | NED | 1:14.2 | |"), ("Goldnoc: DEN", "Goldnoc: 123")}
)
#: the violating fixture of olysh:DiscrepancyValuesShape states 74.4 and 74.40: pySHACL sees two
#: values, pyoxigraph one (it keeps decimals by value), so the warning lists one (see README)
COLLAPSED = "http://example.org/DiscrepancyValuesShape/bad/d"

Key = tuple[str, str, str, str, str, str]


def key(r: ValidationResult) -> Key:
    return (
        r.focus_node, r.path or "", r.value or "", r.source_shape or "",
        r.constraint_component, r.severity.value,
    )  # fmt: skip


@dataclass(frozen=True)
class Both:
    pyshacl: ValidationOutcome
    fast: ValidationOutcome


@cache
def corpus(tmp: Path) -> Graph:
    graph = Graph()
    sources: list[tuple[str, list[Path]]] = [("seed", [])]
    sources += [(p.stem, [p]) for p in article_paths()]
    text = seed_text()
    for n, (old, new) in enumerate(EDITS):
        assert text.count(old) == 1, old
        path = tmp / f"mutation-{n}.txt"
        path.write_text(text.replace(old, new), encoding="utf-8")
        sources.append((f"mutation-{n}", [path]))
    for name, paths in sources:
        graph += union_graph(api.export(paths, f"{CHECK}{name}/").dataset)
    graph += fixtures()
    return graph


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Both:
    graph = corpus(tmp_path_factory.mktemp("fast"))
    shapes = shapes_graph()
    return Both(run(graph, shapes), run_fast(graph, shapes))


def test_the_corpus_exercises_every_shape(both: Both) -> None:
    from test_validate_shapes import ALL_SHAPES

    found = {r.source_shape for r in both.pyshacl.results}
    missing = {s for s in ALL_SHAPES if s != "OntologyTermShape"} - {
        (s or "").rsplit("#", 1)[-1] for s in found
    }
    assert not missing


def test_same_findings_as_pyshacl(both: Both) -> None:
    py, fast = Counter(map(key, both.pyshacl.results)), Counter(map(key, both.fast.results))
    assert py - fast == Counter(), "found by pySHACL only"
    assert fast - py == Counter(), "found by the fast engine only"
    assert both.fast.engine == "fast" and both.pyshacl.engine == "pyshacl"


def test_same_messages_locations_and_labels(both: Both) -> None:
    py = [r for r in both.pyshacl.results if r.focus_node != COLLAPSED]
    fast = [r for r in both.fast.results if r.focus_node != COLLAPSED]
    assert py == fast
    assert [key(r) for r in both.fast.results if r.focus_node == COLLAPSED] == [
        key(r) for r in both.pyshacl.results if r.focus_node == COLLAPSED
    ]
    (warning,) = (
        r for r in both.fast.results
        if r.focus_node == COLLAPSED and (r.source_shape or "").endswith("ReportShape")
    )  # fmt: skip
    assert warning.message.endswith(": 74.4 at an unknown place.")


def test_same_triple_count_and_conformance(both: Both) -> None:
    assert both.fast.triples == both.pyshacl.triples
    assert both.fast.conforms == both.pyshacl.conforms is False
    assert both.fast.counts() == both.pyshacl.counts()


def test_lint_shape_gives_the_same_results() -> None:
    shapes = lint_shapes_graph()
    ontology = Graph()
    for path in ontology_files():
        ontology.parse(path, format="turtle")
    ds = Dataset()
    ds.parse(Path(__file__).parent / "shapes" / "OntologyTermShape.trig", format="trig")
    bad = Graph()
    for triple in ds.graph(URIRef("https://w3id.org/olygraph/test#bad")):
        bad.add(triple)
    for data in (ontology, bad):
        assert run_fast(data, shapes).results == run(data, shapes).results
    assert run_fast(bad, shapes).results


REPORTED = [None, *(p for p in article_paths() if "speed-skating" in p.stem)]


@pytest.mark.parametrize("path", REPORTED, ids=lambda p: p.stem if p else "seed")
def test_report_graph_is_pyshacls(path: Path | None) -> None:
    """The Turtle report (olygraph validate -f ttl) is the same graph, blank nodes aside."""
    dataset = api.export([path] if path else []).dataset
    py, fast = validate(dataset, engine="pyshacl"), validate(dataset, engine="fast")
    assert fast.results == py.results
    assert len(fast.report) > 10
    assert isomorphic(py.report, fast.report)


# --- olygraph validate --engine ---------------------------------------------------------------


def cli(*args: str | Path) -> Result:
    params = inspect.signature(CliRunner.__init__).parameters
    runner = CliRunner(mix_stderr=False) if "mix_stderr" in params else CliRunner()  # type: ignore[call-arg]
    return runner.invoke(main, [str(a) for a in args], prog_name="olygraph")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_cli_engines_give_the_same_report(fmt: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text(seed_text().replace("Date: 5 August 1928", "Date: 5 August 1929"), "utf-8")
    inputs = [broken, *(p for p in article_paths() if "speed-skating" in p.stem)]
    fast = cli("validate", "-f", fmt, "--engine", "fast", *inputs)
    py = cli("validate", "-f", fmt, "--engine", "pyshacl", *inputs)
    assert fast.exit_code == py.exit_code == 1
    assert fast.stdout == py.stdout
    assert fast.stderr == py.stderr == ""


def test_cli_fast_engine_loads_rdf_files_without_rdflib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for fmt in ("nt", "nq", "ttl"):
        assert cli("export", "-f", fmt, "-o", tmp_path / f"seed.{fmt}").exit_code == 0
    expected = cli("validate", "-f", "json", "--engine", "pyshacl", tmp_path / "seed.nt").stdout

    def refuse(path: Path) -> Graph:
        raise AssertionError(f"rdflib parsed {path}")

    monkeypatch.setattr("olygraph.validate.inputs.load_rdf", refuse)
    monkeypatch.setattr("olygraph.validate.shacl.store.load_rdf", refuse)
    for fmt in ("nt", "nq", "ttl"):
        got = cli("validate", "-f", "json", tmp_path / f"seed.{fmt}")
        assert got.exit_code == 0, got.stderr
        assert got.stdout == expected, fmt


def test_cli_unsupported_extra_shapes_run_on_pyshacl_with_a_note(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix oly: <https://w3id.org/olygraph/ontology#> .\n"
        "<urn:x:Closed> a sh:NodeShape ; sh:targetClass oly:Games ; sh:closed true .\n",
        encoding="utf-8",
    )
    result = cli("validate", "--shapes", extra, "-f", "json")
    assert result.stderr.startswith("olygraph: note: pySHACL used: ")
    assert "sh:closed" in result.stderr
    doc = json.loads(result.stdout)
    assert "urn:x:Closed" in {r["sourceShape"] for r in doc["results"]}
    assert result.exit_code == 1
