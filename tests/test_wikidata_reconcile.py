"""``olygraph wikidata reconcile`` against a real ``oxigraph serve`` holding a tiny Wikidata in
the Wikibase dump format (tests/data/wikidata/wdqs.ttl), and the export that reads its TSV."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef

from olygraph import api
from olygraph.cli import main
from olygraph.errors import InputError
from olygraph.query.remote import RemoteEngine
from olygraph.vocab import DEFAULT_BASE, OLY, RDF
from olygraph.wikidata.reconcile import Match, parse_qids, read_qids, reconcile
from servers import OxigraphServer as Server
from servers import oxigraph_binary as _binary

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
FIXTURE = Path(__file__).parent / "data" / "wikidata" / "wdqs.ttl"
EVENT = DEFAULT_BASE + "event/1928-summer/cycling/mens-track-time-trial"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    started = Server(_binary())
    try:
        started.put(None, Graph().parse(FIXTURE).serialize(format="nt", encoding="utf-8"))
        yield started
    finally:
        started.stop()


def _by_iri(matches: tuple[Match, ...]) -> dict[str, Match]:
    return {str(m.iri).removeprefix(DEFAULT_BASE): m for m in matches}


def test_the_seed_is_reconciled_without_guessing(server: Server) -> None:
    found = _by_iri(reconcile(api.export().dataset, RemoteEngine(server.query_url)).matches)
    qids = {k: m.qid for k, m in found.items() if m.qid}
    assert qids == {
        "event/1928-summer/cycling/mens-track-time-trial": "Q90000001",
        "games/1928-summer": "Q8138",
        "games/1928-summer/sport/cycling": "Q90000010",
        "sport/cycling": "Q90000020",
        "noc/DEN": "Q90000035",
        "noc/AUS": "Q90000036",
        "noc/GBR": "Q90000037",  # of two with "GBR", the one that is a country for sport
        "athlete/den/willy-hansen": "Q90000101",
        "athlete/ned/gerard-bosch-van-drakestein": "Q90000102",  # the event's P710
        "athlete/aus/dunc-gray": "Q90000103",  # by his alias, with his NOC
    }
    assert "sitelink" in found["event/1928-summer/cycling/mens-track-time-trial"].how
    assert found["noc/NED"].how.startswith("ambiguous: 2 items")
    assert "Q90000030" in found["noc/NED"].how and "Q90000031" in found["noc/NED"].how
    assert found["athlete/unknown/aerts"].how.startswith("ambiguous: 2 items")
    assert found["athlete/unknown/octave-dayen"].how.startswith("unmatched")
    assert found["noc/ITA"].how == 'unmatched: no item with IOC country code (P984) "ITA"'


def test_a_name_that_looks_like_sparql_stays_a_value(server: Server) -> None:
    """A participant's name is bound as a literal: quotes and braces match nothing."""
    ds = api.export().dataset
    g = Dataset()
    for q in ds.quads((None, None, None, None)):
        g.add(q)
    evil = URIRef(DEFAULT_BASE + "athlete/unknown/evil")
    rnd = URIRef(EVENT + "/round/final")
    row = URIRef(EVENT + "/round/final/result/99")
    name = 'Aerts"@en } UNION { ?item ?p ?o } #'
    for t in ((evil, RDF.type, OLY.Athlete), (evil, OLY.name, Literal(name)),
              (rnd, OLY.result, row), (row, OLY.competitor, evil)):  # fmt: skip
        g.default_graph.add(t)
    found = _by_iri(reconcile(g, RemoteEngine(server.query_url)).matches)
    assert found["athlete/unknown/evil"].qid is None
    assert found["athlete/unknown/evil"].how.startswith("unmatched: no item")


def test_cli_writes_the_tsv_that_export_reads(server: Server, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "qids.tsv"
    done = runner.invoke(
        main, ["wikidata", "reconcile", "--endpoint", server.query_url, "-o", str(out)]
    )
    assert done.exit_code == 0, done.stderr
    assert "10 matched" in done.stderr and "ambiguous" in done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "olygraph\twikidata\thow"
    assert all(len(line.split("\t")) == 3 for line in lines)
    assert f"{EVENT}\tQ90000001\t" in "\n".join(lines)
    qids = read_qids(out)
    assert len(qids) == 10
    exported = runner.invoke(
        main, ["export", "--profile", "wikidata", "--qids", str(out), "--format", "nt"]
    )
    assert exported.exit_code == 0, exported.stderr
    g = Graph().parse(data=exported.stdout, format="nt")
    wd = "http://www.wikidata.org/entity/"
    p1344 = URIRef("http://www.wikidata.org/prop/direct/P1344")
    assert (URIRef(wd + "Q90000101"), p1344, URIRef(wd + "Q90000001")) in g
    assert not list(g.triples((URIRef(EVENT), None, None))), "written as its Q-id"


def test_bad_qids_files_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"q\.tsv.*2.*not a Q-id"):
        parse_qids(["olygraph\twikidata\thow", f"{EVENT}\tX12\tby hand"], "q.tsv")
    with pytest.raises(InputError, match="two Q-ids"):
        parse_qids([f"{EVENT}\tQ1\ta", f"{EVENT}\tQ2\tb"], "q.tsv")
    with pytest.raises(InputError, match="3 tab-separated"):
        parse_qids([f"{EVENT} Q1"], "q.tsv")
    assert parse_qids([f"{EVENT}\t\tunmatched: none"], "q.tsv") == {}
    bad = tmp_path / "bad.tsv"
    bad.write_text("nonsense\tQ1\tx\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--profile", "wikidata", "--qids", str(bad)])
    assert result.exit_code == 2
    assert "bad.tsv:1: 'nonsense' is not an http(s) IRI" in result.stderr
