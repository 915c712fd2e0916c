"""The bundled queries through a real Oxigraph server, against the same data queried locally.

The test starts ``oxigraph serve`` itself (``tests/servers.py``) on a free port, loads each dataset
with the Graph Store Protocol (every named graph as it is, and their union into the default graph,
which is what queries read), and stops it at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from olygraph import api
from olygraph.query import engines as endpoint
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.remote import RemoteEngine, bind_text
from olygraph.query.results import Rows, Triples, Verdict, value_key
from servers import OxigraphServer as Server
from servers import oxigraph_binary
from test_query import CASES, cells

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
FIXTURE = Path(__file__).parent / "queries" / "olympics.trig"

SEED_PARAMS: dict[str, dict[str, str]] = {
    "athlete": {"name": "Willy Hansen"},
    "provenance": {"node": "event/1928-summer/cycling/mens-track-time-trial/round/final/result/1"},
    "medalists": {"games": "1928-summer"},
}
FIXTURE_PARAMS: dict[str, dict[str, str]] = {
    "athlete": {"name": "John Smith"},
    "event-results": {"event": "1928-summer/cycling/mens-track-time-trial"},
    "nations": {"event": "1928-summer/cycling/mens-track-time-trial"},
    "record-progression": {"event": "1928-summer/cycling/mens-track-time-trial"},
    "provenance": {"node": "event/1928-summer/cycling/mens-track-time-trial/round/final/result/1"},
}


def _fixture_dataset() -> Dataset:
    data = Dataset()
    data.parse(FIXTURE, format="trig")
    return data


@pytest.fixture(scope="session")
def servers() -> Iterator[dict[str, Server]]:
    binary = oxigraph_binary()
    started: dict[str, Server] = {}
    try:
        for name, dataset in (("seed", api.export().dataset), ("fixture", _fixture_dataset())):
            started[name] = Server(binary)
            started[name].load(dataset)
        yield started
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture(scope="module")
def local() -> dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine]:
    return {
        "seed": endpoint.open_local([]).engine,
        "fixture": endpoint.open_local([FIXTURE]).engine,
    }


def _by_value(answer: query_run.Answer) -> list[tuple[object, ...]]:
    assert isinstance(answer.result, Rows)
    return [tuple(value_key(c) for c in row) for row in answer.result.rows]


@pytest.mark.parametrize("name", sorted(query.bundled()))
@pytest.mark.parametrize("data", ["seed", "fixture"])
def test_endpoint_rows_agree_with_local(
    servers: dict[str, Server],
    local: dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine],
    data: str,
    name: str,
) -> None:
    params = (SEED_PARAMS if data == "seed" else FIXTURE_PARAMS).get(name, {})
    qdef = query.find_query(name)
    remote = query_run.run(qdef, RemoteEngine(servers[data].query_url), params)
    here = query_run.run(qdef, local[data], params)
    assert _by_value(remote) == _by_value(here)
    assert _by_value(remote), f"{name} gives no rows on {data}: the comparison proves little"


@pytest.mark.parametrize(
    ("name", "params", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_fixture_rows_through_the_endpoint(
    servers: dict[str, Server],
    name: str,
    params: dict[str, str],
    expected: list[tuple[str, ...]],
) -> None:
    """The exact rows of tests/test_query.py, from the server."""
    engine = RemoteEngine(servers["fixture"].query_url)
    assert cells(query_run.run(query.find_query(name), engine, params)) == expected


def test_seed_event_results_through_the_endpoint(servers: dict[str, Server]) -> None:
    answer = endpoint.execute("event-results", endpoint=servers["seed"].query_url)
    assert answer.answer is not None and isinstance(answer.answer.result, Rows)
    rows = answer.answer.result.dicts()
    assert len(rows) == 16
    assert [str(r["rank"]) for r in rows] == [
        "1", "2", "3", "4", "5", "6", "6", "8", "9", "9", "11", "11", "13", "14", "15", "16",
    ]  # fmt: skip
    assert [str(r["text"]) for r in rows][:3] == ["1:14.2", "1:15.1", "1:15.3"]


def test_named_graphs_as_default_graph(servers: dict[str, Server]) -> None:
    """--graph sends default-graph-uri: the endpoint merges those graphs (here: one article)."""
    article = "https://w3id.org/olygraph/id/source/article/c-rowing"
    engine = RemoteEngine(servers["fixture"].query_url, graphs=[article])
    answer = query_run.run(query.find_query("medalists"), engine)
    assert isinstance(answer.result, Rows)
    assert [str(r["competitor"]) for r in answer.result.dicts()] == ["Leander Club", "De Amstel"]


INJECTIONS = [
    'Willy Hansen"',
    "it's",
    "{ braces }",
    "} ; DROP ALL ; {",
    '" } ; DROP ALL ; SELECT * { "',
    "line\nbreak",
    "<> <http://x/> .",
    "> } ; CLEAR DEFAULT ; <",
    "\\u0022 } ; DROP ALL ; { \\u0022",
    "Hansen\\",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_through_the_endpoint_is_inert(servers: dict[str, Server], value: str) -> None:
    server = servers["fixture"]
    quads = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    before = server.count(quads)
    engine = RemoteEngine(server.query_url)
    for name, param in (("athlete", "name"), ("event-results", "event"), ("provenance", "node")):
        try:
            answer = query_run.run(query.find_query(name), engine, {param: value})
        except query.ParameterError as err:
            assert "\n" not in str(err)
            # a string value is always sent, unless rdflib would read a \u escape differently
            assert param != "name" or "\\u" in value
        else:
            assert isinstance(answer.result, Rows) and answer.result.rows == ()
    assert server.count(quads) == before


def test_a_value_that_would_change_the_query_is_not_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a term were ever written unsafely, parsing the query again catches it."""
    from rdflib import Literal

    monkeypatch.setattr(
        "olygraph.query.remote.sparql_term", lambda term: '"x") } ?s ?p ?o . { VALUES (?y) { ("y"'
    )
    prepared = query.prepare(query.find_query("athlete"))
    with pytest.raises(query.ParameterError, match="cannot be sent"):
        bind_text(prepared, {"name": Literal("x")})


def test_construct_and_ask_through_the_endpoint(servers: dict[str, Server], tmp_path: Path) -> None:
    construct = tmp_path / "names.rq"
    construct.write_text(
        "# param: name — a name (string, required)\n"
        "PREFIX oly: <https://w3id.org/olygraph/ontology#>\n"
        "CONSTRUCT { ?a oly:name ?name } WHERE { ?a a oly:Athlete ; oly:name ?name }\n",
        encoding="utf-8",
    )
    url = servers["fixture"].query_url
    outcome = endpoint.execute(str(construct), params={"name": "Bob Brown"}, endpoint=url)
    assert outcome.answer is not None
    result = outcome.answer.result
    assert isinstance(result, Triples)
    assert {str(o) for o in result.graph.objects()} == {"Bob Brown"}
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    outcome = endpoint.execute(str(ask), endpoint=url)
    assert outcome.answer is not None and outcome.answer.result == Verdict(True)
