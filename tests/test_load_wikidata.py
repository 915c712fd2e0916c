"""``olygraph load --profile wikidata`` into the real Oxigraph and Virtuoso servers of the load
tests: the issue's WDQS-style query returns the seed's 16 results from each store, and every
bundled Wikidata query gives the same rows through the endpoint as locally.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from click.testing import CliRunner

from olygraph.cli import main
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.remote import RemoteEngine
from olygraph.query.results import Rows, value_key
from olygraph.wikidata import query as wq
from test_load import _target
from test_wikidata_store import MUST_SHOW

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def profiled(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """A store holding the seed's Wikidata profile in one graph: its query URL and the graph."""
    for store in _target(request.param, request):
        graph = f"https://example.org/test/profile/{uuid.uuid4().hex[:8]}"
        report = store.load(graph=graph, profile="wikidata")
        (done,) = report.graphs
        assert done.sent == done.counted > 1000
        yield store.server.query_url, graph


def test_the_issue_query_returns_the_sixteen_results(profiled: tuple[str, str]) -> None:
    url, graph = profiled
    qdef = query.parse_header(MUST_SHOW, "must-show", "must-show")
    answer = query_run.run(qdef, RemoteEngine(url, [graph]), kinds=wq.KINDS)
    assert isinstance(answer.result, Rows)
    ranks = sorted(int(Decimal(str(row[2]))) for row in answer.result.rows)
    assert ranks == [1, 2, 3, 4, 5, 6, 6, 8, 9, 9, 11, 11, 13, 14, 15, 16]


@pytest.mark.parametrize("name", sorted(query.bundled("wikidata")))
def test_wdqs_queries_in_each_store_agree_with_local(profiled: tuple[str, str], name: str) -> None:
    url, graph = profiled
    qdef = query.find_query(name, "wikidata")
    remote = query_run.run(qdef, RemoteEngine(url, [graph]), kinds=wq.KINDS)
    here = query_run.run(qdef, wq.open_local([]).engine, kinds=wq.KINDS)
    assert isinstance(remote.result, Rows) and isinstance(here.result, Rows)
    assert here.result.rows, f"{name} gives no rows: the comparison proves little"
    by_value = [[tuple(value_key(c) for c in row) for row in a.result.rows] for a in (remote, here)]
    assert by_value[0] == by_value[1]


def test_load_cli_takes_the_profile() -> None:
    result = CliRunner().invoke(main, ["load", "--help"])
    assert "--profile [own|wikidata]" in result.output
