"""``olygraph export --profile wikidata`` of the seed loaded into a real Oxigraph server: the
issue's query returns the 16 results, and the WDQS-style queries answer through the endpoint as
they do locally.

Small on purpose: it starts its own ``oxigraph serve`` (the Server of test_query_endpoint) and
can move to the shared store fixtures (Oxigraph and Virtuoso) once those exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from olygraph.cli import main
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.remote import RemoteEngine
from olygraph.query.results import Rows, value_key
from olygraph.vocab import DEFAULT_BASE
from olygraph.wikidata import query as wq
from servers import OxigraphServer as Server
from servers import oxigraph_binary as _binary

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
GRAPH = DEFAULT_BASE + "profile/wikidata"
MUST_SHOW = """
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
SELECT ?event ?who ?rank ?time WHERE {
  ?event p:P710 ?st . ?st ps:P710 ?who ; pq:P1352 ?rank ; pq:P2781 ?time
}
"""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    exported = CliRunner().invoke(main, ["export", "--profile", "wikidata", "--format", "nq"])
    assert exported.exit_code == 0, exported.stderr
    data = Dataset()
    data.parse(data=exported.stdout, format="nquads")
    started = Server(_binary())
    try:
        started.load(data)  # its named graph, and the union into the default graph
        yield started
    finally:
        started.stop()


def test_the_issue_query_returns_the_sixteen_results(server: Server) -> None:
    rows = server.select(MUST_SHOW)["results"]["bindings"]  # type: ignore[index]
    assert len(rows) == 16
    ranks = sorted(int(Decimal(r["rank"]["value"])) for r in rows)  # type: ignore[index]
    assert ranks == [1, 2, 3, 4, 5, 6, 6, 8, 9, 9, 11, 11, 13, 14, 15, 16]


@pytest.mark.parametrize("name", sorted(query.bundled("wikidata")))
@pytest.mark.parametrize("graphs", [(), (GRAPH,)], ids=["default-graph", "named-graph"])
def test_wdqs_queries_through_the_endpoint_agree_with_local(
    server: Server, name: str, graphs: tuple[str, ...]
) -> None:
    qdef = query.find_query(name, "wikidata")
    remote = query_run.run(qdef, RemoteEngine(server.query_url, graphs), kinds=wq.KINDS)
    here = query_run.run(qdef, wq.open_local([]).engine, kinds=wq.KINDS)
    assert isinstance(remote.result, Rows) and isinstance(here.result, Rows)
    assert remote.result.rows, f"{name} gives no rows: the comparison proves little"
    by_value = [[tuple(value_key(c) for c in row) for row in a.result.rows] for a in (remote, here)]
    assert by_value[0] == by_value[1]
