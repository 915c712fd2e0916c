"""The streamed export in every format: each parses back (rdflib and pyoxigraph) to the same
graph, keeps the dataset's named graph where the format has graphs, and is byte-for-byte
deterministic (two processes, different hash seeds); every line ending and gzip read alike."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from olygraph.tabular.stream import export_datasets, load_output
from olygraph.write.rdf import FORMATS

DATA = Path(__file__).parent / "data" / "history"
SLICE = DATA / "athlete_events_slice.csv"
NOCS = DATA / "noc_regions.csv"
B = "https://w3id.org/olygraph/id/"
OXI = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
}

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser


def export(paths: list[Path], fmt: str) -> bytes:
    out = io.BytesIO()
    export_datasets(paths, fmt, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def reference() -> Graph:
    return Graph().parse(data=export([SLICE, NOCS], "nt"), format="nt")


def parse(data: bytes, fmt: str) -> Graph:
    return load_output(data, fmt)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_parses_back_to_the_same_graph_with_rdflib(reference: Graph, fmt: str) -> None:
    data = export([SLICE, NOCS], fmt)
    assert isomorphic(parse(data, fmt), reference)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_parses_back_with_pyoxigraph(reference: Graph, fmt: str) -> None:
    data = export([SLICE, NOCS], fmt)
    quads = list(pyoxigraph.parse(data, format=OXI[fmt]))
    triples = {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}
    assert triples == {(t[0].n3(), t[1].n3(), t[2].n3()) for t in reference}  # type: ignore[union-attr]
    if fmt in ("nq", "trig"):
        source = f"{B}source/dataset/athlete-events-slice"
        by_graph: dict[str, set[str]] = {}
        for q in quads:
            by_graph.setdefault(q.graph_name.value, set()).add(str(q.subject))  # type: ignore[union-attr]
        games = {g for g in by_graph if g.startswith(f"{source}/games/")}
        athletes = {g for g in by_graph if g.startswith(f"{source}/athletes/")}
        assert set(by_graph) == {source, f"{B}source/dataset/noc-regions"} | games | athletes
        # one graph per Games: every event, participation, team and medal of a Games is in it
        for graph in games:
            when = graph.rsplit("/", 1)[1]
            assert all(s == f"<{B}games/{when}>" or s.startswith((f"<{B}event/{when}/",
                       f"<{B}team/{when}/")) for s in by_graph[graph]), graph  # fmt: skip
            assert f"<{B}games/{when}>" in by_graph[graph]
        # athletes by blocks of 10,000 IDs; the source, sports, cities, NOCs stay in the source's
        for graph in athletes:
            first, last = map(int, graph.rsplit("/", 1)[1].split("-"))
            assert last - first == 9999
            ids = {int(s.rsplit("/", 1)[1][:-1]) for s in by_graph[graph]}
            assert ids and all(first <= i <= last for i in ids)
        kinds = {s.split("/")[-2] for s in by_graph[source]}
        assert kinds == {"dataset", "sport", "city", "noc"}
        participation = next(q for q in quads if str(q.subject).endswith("/participant/45818>"))
        when = str(participation.subject).split("/event/", 1)[1].split("/", 1)[0]
        assert participation.graph_name.value == f"{source}/games/{when}"  # type: ignore[union-attr]


def test_turtle_is_prefixed_grouped_by_subject_with_full_data_iris() -> None:
    text = export([DATA / "tiny.csv"], "ttl").decode()
    assert text.startswith("@prefix oly: <https://w3id.org/olygraph/ontology#> .\n")
    block = (
        f"<{B}event/1928-summer/cycling/mens-1000-metres-time-trial/participant/66428> "
        "a oly:Participation ;\n"
        f"    oly:event <{B}event/1928-summer/cycling/mens-1000-metres-time-trial> ;\n"
        f"    oly:athlete <{B}athlete/athlete-events/66428> ;\n"
        f"    oly:noc <{B}noc/POL> ;\n"
        '    oly:teamName "Poland" ;\n'
        "    oly:age 31 ;\n"
        "    oly:height 165.0 ;\n"
        "    oly:weight 70.0 ;\n"
        "    oly:sourceLine 3 ;\n"
        f"    prov:wasDerivedFrom <{B}source/dataset/tiny> .\n\n"
    )
    assert block in text


def test_json_ld_is_one_document_with_a_context_and_a_graph() -> None:
    import json

    doc = json.loads(export([DATA / "tiny.csv"], "jsonld"))
    assert set(doc) == {"@context", "@graph"}
    assert doc["@context"]["oly"] == "https://w3id.org/olygraph/ontology#"
    # streamed: a team's first member comes with the team, a later one in a node object of
    # its own with the same @id (JSON-LD merges node objects by @id)
    team_iri = f"{B}team/1928-summer/cycling/mens-tandem-sprint-2000-metres/netherlands-ned"
    team = [n for n in doc["@graph"] if n["@id"] == team_iri]
    assert team == [
        {
            "@id": team_iri,
            "@type": "oly:Team",
            "oly:name": "Netherlands",
            "oly:noc": {"@id": f"{B}noc/NED"},
            "oly:member": {"@id": f"{B}athlete/athlete-events/68241"},
            "prov:wasDerivedFrom": {"@id": f"{B}source/dataset/tiny"},
        },
        {"@id": team_iri, "oly:member": {"@id": f"{B}athlete/athlete-events/124518"}},
    ]
    (lange,) = [n for n in doc["@graph"] if n["@id"].endswith("participant/66428")]
    assert lange["oly:height"] == {"@value": "165.0", "@type": "xsd:decimal"}


# --- determinism -------------------------------------------------------------------------------


def _cli(args: list[str], seed: str, cwd: Path) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "olygraph", *args], cwd=cwd, env=env, capture_output=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_same_file_same_bytes_whatever_the_hash_seed(tmp_path: Path, fmt: str) -> None:
    args = ["export", str(SLICE), str(NOCS), "--format", fmt, "--no-validate"]
    first = _cli(args, "1", tmp_path)
    assert first == _cli(args, "4242", tmp_path)
    # the order the files are given in does not matter either
    assert first == _cli([args[0], args[2], args[1], *args[3:]], "7", tmp_path)


# --- line endings and gzip -----------------------------------------------------------------------


@pytest.mark.parametrize("ending", ["\n", "\r", "\r\n", "gzip"])
def test_line_endings_and_gzip_read_alike(tmp_path: Path, ending: str) -> None:
    original = export([SLICE], "nt")
    text = SLICE.read_bytes()
    if ending == "gzip":
        path = tmp_path / "athlete_events_slice.csv.gz"
        path.write_bytes(gzip.compress(text))
    else:
        path = tmp_path / "athlete_events_slice.csv"
        path.write_bytes(text.replace(b"\r\n", ending.encode()))
    data = export([path], "nt")
    if ending == "gzip":  # the file name is part of the graph
        name = b'"athlete_events_slice.csv.gz"'
        data = data.replace(name, b'"athlete_events_slice.csv"')
    assert data == original


def test_participations_keep_physical_line_numbers_with_bare_cr(tmp_path: Path) -> None:
    path = tmp_path / "tiny.csv"
    path.write_bytes((DATA / "tiny.csv").read_bytes().replace(b"\n", b"\r"))
    g = Graph().parse(data=export([path], "nt"), format="nt")
    part = URIRef(f"{B}event/1956-summer/weightlifting/mens-heavyweight/participant/6919")
    assert int(g.value(part, URIRef("https://w3id.org/olygraph/ontology#sourceLine"))) == 6  # type: ignore[arg-type]
