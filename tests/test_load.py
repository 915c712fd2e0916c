"""``olygraph load`` into real stores: Oxigraph and Virtuoso 7, started by the tests.

Each test runs on both stores (``target``): the seed loads and counts right, a reload changes
nothing, the bundled queries give the local rows through each endpoint, TriG keeps its graphs,
blank nodes become stable Skolem IRIs, a failure halfway leaves the target as it was, and stale
stages are removed. Triples are compared by value (Virtuoso rewrites numbers and booleans).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from olygraph import api
from olygraph.cli import main
from olygraph.errors import InputError, LoadError
from olygraph.ids import Minter
from olygraph.load import source as load_source
from olygraph.load.http import Credentials, HttpClient, RetryPolicy, TransientLoadError
from olygraph.load.run import LoadReport, StaleStage, describe, load
from olygraph.load.stores import Store, profile
from olygraph.query import engines as endpoint
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.remote import RemoteEngine
from olygraph.query.results import value_key
from olygraph.write.rdf import serialize
from servers import SEED_TRIPLES, OxigraphServer, SparqlServer, VirtuosoServer, oxigraph_binary
from test_query_endpoint import SEED_PARAMS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
FAST = RetryPolicy(attempts=3, first_delay=0.01, max_delay=0.05)
STAGE = "/.olygraph-stage/"
DEFAULT_TARGET = "https://w3id.org/olygraph/id/graph/olygraph"


@dataclass
class Target:
    """A running store and the arguments that load into it."""

    name: str
    server: SparqlServer
    options: dict[str, object] = field(default_factory=dict)

    def load(self, inputs: list[Path] | None = None, **extra: Any) -> LoadReport:
        return load(inputs or [], **(self.options | {"retry": FAST} | extra))

    def store(self) -> Store:
        """A client making the same requests as a load."""
        credentials = self.options.get("credentials")
        assert credentials is None or isinstance(credentials, Credentials)
        return Store(profile(self.name, str(self.options["endpoint"])), HttpClient(credentials))


def _target(name: str, request: pytest.FixtureRequest) -> Iterator[Target]:
    if name == "oxigraph":
        server = OxigraphServer(oxigraph_binary())
        try:
            yield Target(name, server, {"endpoint": server.url, "store": "oxigraph"})
        finally:
            server.stop()
        return
    virtuoso: VirtuosoServer = request.getfixturevalue("virtuoso")
    credentials = Credentials("dba", virtuoso.password)
    yield Target(
        name, virtuoso, {"endpoint": virtuoso.url, "store": "virtuoso", "credentials": credentials}
    )


@pytest.fixture(params=["oxigraph", "virtuoso"])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    yield from _target(request.param, request)


@pytest.fixture
def graph(request: pytest.FixtureRequest) -> str:
    """A graph IRI of this test alone (the Virtuoso server is shared by the session)."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    return f"https://example.org/test/{name}/{uuid.uuid4().hex[:8]}"


def values(graph: Graph) -> set[tuple[object, ...]]:
    return {tuple(value_key(term) for term in triple) for triple in graph}


def stages(server: SparqlServer) -> set[str]:
    return {g for g in server.graphs() if STAGE in g}


def copies(tmp_path: Path, n: int, name: str = "copies.nt") -> Path:
    """The seed exported under ``n`` different bases: n × SEED_TRIPLES distinct triples."""
    out = tmp_path / name
    with out.open("wb") as fh:
        for i in range(n):
            fh.write(serialize(api.export(base=f"https://example.org/copy/{i}/").dataset, "nt"))
    return out


# ------------------------------------------------------------------------------------ basics


def test_seed_loads_and_counts(target: Target, graph: str, seed_graph: Graph) -> None:
    report = target.load(graph=graph)
    (done,) = report.graphs
    assert done.sent == done.counted == len(seed_graph) == SEED_TRIPLES
    assert (done.before, done.target) == (0, URIRef(graph))
    assert target.server.graph_size(graph) == len(seed_graph)
    assert values(target.server.triples(graph)) == values(seed_graph)
    assert not stages(target.server)


def test_reload_leaves_the_same_triples(target: Target, graph: str, seed_graph: Graph) -> None:
    target.load(graph=graph)
    first = values(target.server.triples(graph))
    again = target.load(graph=graph)  # unchanged: nothing sent
    assert again.graphs == () and [e.graph for e in again.unchanged] == [URIRef(graph)]
    assert again.unchanged[0].triples == len(seed_graph)
    assert describe(again) == [
        f"<{graph}> is unchanged since the last load ({len(seed_graph):,} triples): not sent",
        f"nothing changed: no triples sent ({again.seconds:.1f} s)",
    ]
    report = target.load(graph=graph, force=True)  # sent again, replacing
    (done,) = report.graphs
    assert done.before == done.counted == done.sent == len(seed_graph)
    assert done.stage is not None and STAGE in str(done.stage)
    assert values(target.server.triples(graph)) == first
    assert not report.stale


def test_replace_drops_what_the_new_data_lacks(target: Target, graph: str, tmp_path: Path) -> None:
    target.load([copies(tmp_path, 2)], graph=graph)
    assert target.server.graph_size(graph) == 2 * SEED_TRIPLES
    target.load(graph=graph)
    assert target.server.graph_size(graph) == SEED_TRIPLES


def test_append_adds(target: Target, graph: str, tmp_path: Path) -> None:
    target.load(graph=graph)
    report = target.load([copies(tmp_path, 2)], graph=graph, append=True)
    (done,) = report.graphs
    # copy 0 uses another base than the seed: 3 × SEED_TRIPLES minus the shared ontology triples
    assert done.before == SEED_TRIPLES and done.counted == target.server.graph_size(graph)
    assert 2 * SEED_TRIPLES < done.counted <= 3 * SEED_TRIPLES
    assert describe(report)[0].startswith(f"appended {2 * SEED_TRIPLES:,} triples to <{graph}>")
    assert not stages(target.server)


def test_default_target_graph(target: Target, seed_graph: Graph) -> None:
    report = target.load()
    assert report.graphs[0].target == URIRef(DEFAULT_TARGET)
    assert target.server.graph_size(DEFAULT_TARGET) == len(seed_graph)


def test_many_chunks_and_duplicates(target: Target, graph: str, tmp_path: Path) -> None:
    """A triple sent twice (in two chunks) is counted once, by the store and by the load."""
    data = copies(tmp_path, 2).read_bytes()
    doubled = tmp_path / "doubled.nt"
    doubled.write_bytes(data + data)
    report = target.load([doubled], graph=graph, chunk_size=700)
    (done,) = report.graphs
    assert done.chunks == -(-(4 * SEED_TRIPLES) // 700)
    assert done.sent == done.counted == 2 * SEED_TRIPLES


# --------------------------------------------------------------------------- queries, CLI


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def seeded(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """A store holding the seed in one graph: its query URL and the graph."""
    for store in _target(request.param, request):
        graph = f"https://example.org/test/seeded/{uuid.uuid4().hex[:8]}"
        store.load(graph=graph)
        yield store.server.query_url, graph


@pytest.fixture(scope="module")
def local_seed() -> endpoint.OxigraphEngine | endpoint.RdflibEngine:
    return endpoint.open_local([]).engine


EVENT = {"event": "1928-summer/cycling/mens-track-time-trial"}
CASES = [(name, SEED_PARAMS.get(name, {})) for name in sorted(query.bundled())] + [
    (name, EVENT)
    for name, qdef in sorted(query.bundled().items())
    if qdef.param("event") is not None
]


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{len(p)}" for n, p in CASES])
def test_bundled_queries_give_the_local_rows(
    seeded: tuple[str, str],
    local_seed: endpoint.OxigraphEngine | endpoint.RdflibEngine,
    name: str,
    params: dict[str, str],
) -> None:
    url, graph = seeded
    qdef = query.find_query(name)
    remote = query_run.run(qdef, RemoteEngine(url, graphs=[graph]), params)
    here = query_run.run(qdef, local_seed, params)
    assert _by_value(remote) == _by_value(here)
    assert _by_value(here), f"{name} gives no rows on the seed: the comparison proves little"


def _by_value(answer: query_run.Answer) -> list[tuple[object, ...]]:
    rows = answer.result.rows
    return [tuple(value_key(c) for c in row) for row in rows]


def test_event_results_through_each_endpoint_as_locally(seeded: tuple[str, str]) -> None:
    """The issue's check: the same 16 rows, byte for byte, from the store as from the seed."""
    url, graph = seeded
    runner = CliRunner()
    here = runner.invoke(main, ["query", "event-results"])
    there = runner.invoke(main, ["query", "event-results", "--endpoint", url, "--graph", graph])
    assert here.exit_code == there.exit_code == 0, there.output
    assert there.output == here.output
    assert len(there.output.splitlines()) == 2 + 16


# ------------------------------------------------------------------ TriG, blank nodes, generic

TRIG = """\
@prefix ex: <https://example.org/vocab/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p "in the default graph" ; ex:q [ ex:r "a blank node" ; ex:s _:shared ] .
_:shared ex:t "shared within the document" .
<https://example.org/test/trig/one> { ex:b ex:p "one" , "1"^^xsd:integer . }
<https://example.org/test/trig/two> { ex:c ex:p "two"@en ; ex:q _:shared . }
"""


def test_trig_keeps_each_named_graph(target: Target, graph: str, tmp_path: Path) -> None:
    trig = tmp_path / "data.trig"
    trig.write_text(TRIG, encoding="utf-8")
    report = target.load([trig], graph=graph)
    sizes = {str(g.target): g.counted for g in report.graphs}
    one, two = "https://example.org/test/trig/one", "https://example.org/test/trig/two"
    assert sizes == {graph: 5, one: 2, two: 2}
    assert {target.server.graph_size(g) for g in (one, two)} == {2}
    default = target.server.triples(graph)
    genid = "https://w3id.org/olygraph/id/.well-known/genid/"
    skolems = {str(n) for n in default.all_nodes() if str(n).startswith(genid)}
    assert len(skolems) == 2  # the [] node and _:shared, each one IRI across its triples
    q = URIRef("https://example.org/vocab/q")
    (shared,) = target.server.triples(two).objects(None, q)
    assert str(shared) in skolems  # _:shared is one node in both graphs of the document
    target.load([trig], graph=graph)
    assert {str(n) for n in target.server.triples(graph).all_nodes()} >= skolems  # stable IRIs


def test_generic_store_by_sparql_update(target: Target, graph: str, seed_graph: Graph) -> None:
    if target.name == "oxigraph":
        server = target.server
        assert isinstance(server, OxigraphServer)
        urls = {"endpoint": server.query_url, "update_url": server.update_url}
    else:
        urls = {"endpoint": f"{target.options['endpoint']}/sparql-auth"}
    report = target.load(graph=graph, chunk_size=300, **(urls | {"store": "generic"}))
    (done,) = report.graphs
    assert done.chunks == 4 and done.sent == done.counted == len(seed_graph)
    assert values(target.server.triples(graph)) == values(seed_graph)


def test_oxigraph_default_graph(tmp_path: Path, seed_graph: Graph) -> None:
    server = OxigraphServer(oxigraph_binary())
    try:
        report = load([], endpoint=server.url, graph="default", retry=FAST)
        assert report.graphs[0].target is None
        assert server.count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(seed_graph)
        assert describe(report)[0].startswith(
            f"loaded {SEED_TRIPLES:,} triples into the default graph"
        )
    finally:
        server.stop()


# ----------------------------------------------------------------- failures and stale stages


def test_a_failure_halfway_keeps_the_old_graph(
    target: Target, graph: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target.load(graph=graph)
    before = values(target.server.triples(graph))
    real = Store.upload
    calls = []

    def failing(self: Store, stage: URIRef, data: bytes, *, what: str) -> None:
        calls.append(stage)
        if len(calls) == 3:
            raise LoadError(f"{what}: injected failure")
        real(self, stage, data, what=what)

    monkeypatch.setattr(Store, "upload", failing)
    with pytest.raises(LoadError, match=r"^uploading chunk 3 for <.*>: injected failure$"):
        target.load([copies(tmp_path, 3)], graph=graph, chunk_size=500)
    assert values(target.server.triples(graph)) == before
    assert not stages(target.server)  # the stage was dropped


def test_a_lost_chunk_is_caught_before_the_switch(
    target: Target, graph: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store that silently drops a request: the stage count says so, the target stays."""
    target.load(graph=graph)
    real = Store.upload
    calls = []

    def lossy(self: Store, stage: URIRef, data: bytes, *, what: str) -> None:
        calls.append(stage)
        if len(calls) != 2:
            real(self, stage, data, what=what)

    monkeypatch.setattr(Store, "upload", lossy)
    with pytest.raises(LoadError) as caught:
        target.load([copies(tmp_path, 2)], graph=graph, chunk_size=1000)
    sent = 2 * SEED_TRIPLES  # two copies under two bases, 1,000 of them lost with chunk 2
    assert str(caught.value) == (
        f"the stage for <{graph}> holds {sent - 1000:,} triples, but {sent:,} distinct triples "
        "were sent; the target graph was not changed"
    )
    assert target.server.graph_size(graph) == SEED_TRIPLES
    assert not stages(target.server)


def test_stale_stages_are_removed(target: Target, graph: str) -> None:
    stale = f"{graph}{STAGE}20000101t000000z-dead"
    other = f"{graph}-other{STAGE}20000101t000000z-keep"  # another target's: left alone
    store = target.store()
    for g in (stale, other):
        store.upload(URIRef(g), b'<https://example.org/s> <https://example.org/p> "x" .\n',
                     what="test")  # fmt: skip
    report = target.load(graph=graph)
    assert report.stale == (StaleStage(URIRef(stale), 1),)
    assert describe(report)[0] == (
        f"removed the stale stage <{stale}> (1 triples) left by an interrupted load"
    )
    assert stages(target.server) == {other}
    store.drop([URIRef(other)], what="test")


def test_skolem_iris_are_stable_per_document(tmp_path: Path) -> None:
    trig = tmp_path / "data.trig"
    trig.write_text(TRIG, encoding="utf-8")
    (source,) = load_source.sources([trig], "https://example.org/")
    counter = load_source.Counter()
    first = list(load_source.triples(source, Minter("https://example.org/"), counter))
    again = list(load_source.triples(source, Minter("https://example.org/"), counter))
    assert first == again and b"_:" not in b"".join(line for _, line in first)
    assert counter.read == 2 * trig.stat().st_size
    other = tmp_path / "other.trig"
    other.write_text(TRIG, encoding="utf-8")
    (source2,) = load_source.sources([other], "https://example.org/")
    second = list(load_source.triples(source2, Minter("https://example.org/"), counter))
    assert set(first) != set(second)  # blank nodes of two files are never one node


def test_literal_checks_for_sparql_update(tmp_path: Path) -> None:
    """A backslash before 'u' is fine over the Graph Store Protocol, refused for INSERT DATA."""
    data = tmp_path / "escape.nt"
    data.write_text('<https://e.org/s> <https://e.org/p> "C:\\\\users" .\n', encoding="utf-8")
    (source,) = load_source.sources([data], "https://example.org/")
    counter = load_source.Counter()
    assert len(list(load_source.triples(source, Minter(), counter))) == 1
    with pytest.raises(InputError, match="backslash before 'u'"):
        list(load_source.triples(source, Minter(), counter, update_safe=True))


def test_a_switch_whose_answer_was_lost_is_not_repeated(
    target: Target, graph: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store switched, the answer never came: the load counts, sees it done, succeeds."""
    target.load([copies(tmp_path, 1)], graph=graph)  # something to replace (else no stage)
    real = Store.update
    switches = []

    def lost(self: Store, text: str, *, what: str, retry: bool = True) -> None:
        real(self, text, what=what, retry=retry)
        if what.startswith("switching"):
            switches.append(text)
            raise TransientLoadError(f"{what}: connection lost")

    monkeypatch.setattr(Store, "update", lost)
    report = target.load(graph=graph)
    assert len(switches) == 1 and report.graphs[0].counted == SEED_TRIPLES
    assert not stages(target.server)


def test_a_refused_switch_keeps_the_old_graph(
    target: Target, graph: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target.load(graph=graph)
    real = Store.update

    def refused(self: Store, text: str, *, what: str, retry: bool = True) -> None:
        if what.startswith("switching"):
            raise LoadError(f"{what}: refused")
        real(self, text, what=what, retry=retry)

    monkeypatch.setattr(Store, "update", refused)
    with pytest.raises(LoadError, match=r"^switching the stages into place: refused$"):
        target.load([copies(tmp_path, 2)], graph=graph)
    assert target.server.graph_size(graph) == SEED_TRIPLES
    assert not stages(target.server)
