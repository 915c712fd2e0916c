"""``olygraph serve`` at the HTTP level (Starlette's TestClient on the real application, and a
real uvicorn started by the CLI): pages, content negotiation, the SPARQL protocol compared with
``olygraph query`` on the same data, refused updates, limits, escaping and path traversal."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from olygraph import api
from olygraph.cli import main
from olygraph.query.engines import execute
from olygraph.query.results import Rows, canonical
from olygraph.resources import seed_text
from olygraph.serve.app import create_app
from olygraph.serve.data import open_served
from olygraph.serve.render import iri_of, node_path
from olygraph.serve.sparql import Limits
from olygraph.vocab import DEFAULT_BASE
from olygraph.write.rdf import union_graph
from servers import _stop, _wait, free_port

EVENT = DEFAULT_BASE + "event/1928-summer/cycling/mens-track-time-trial"
EVENT_PATH = "/olygraph/id/event/1928-summer/cycling/mens-track-time-trial"
ATHLETE_PATH = "/olygraph/id/athlete/den/willy-hansen"
XSS = "<script>alert(1)</script> Hansen"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(open_served()))


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _results_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="result">(.*?)</tr>', html, re.S)


def _cli(*args: str) -> str:
    done = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.output


# ---------------------------------------------------------------------------------- pages


def test_home_lists_the_games_and_the_event(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f'href="{EVENT_PATH}"' in page.text
    assert 'href="/olygraph/id/games/1928-summer"' in page.text


def test_event_page_shows_results_medallists_and_discrepancies(client: TestClient) -> None:
    page = client.get(EVENT_PATH)
    assert page.status_code == 200
    results = execute("event-results").answer
    assert results is not None and isinstance(results.result, Rows)
    rows = _results_rows(page.text)
    assert len(rows) == len(results.result.rows) == 16
    # each row: rank, competitor and mark as olygraph query gives them, in the same order
    for html_row, row in zip(rows, results.result.dicts(), strict=True):
        cells = _text(html_row)
        assert str(row["rank"]) in cells and str(row["text"]) in cells
        if row["competitor"] is not None:
            assert str(row["competitor"]) in cells
    medallists = execute("medalists").answer
    assert medallists is not None and isinstance(medallists.result, Rows)
    section = page.text.split('<ul class="medals">')[1].split("</ul>")[0]
    for row in medallists.result.dicts():
        assert str(row["competitor"]) in _text(section) and str(row["medal"]) in section
    discrepancies = execute("discrepancies").answer
    assert discrepancies is not None and isinstance(discrepancies.result, Rows)
    assert page.text.count('<section class="discrepancy">') == 2
    shown = _text(page.text.split("Where the sources disagree")[1].split("Record progression")[0])
    for row in discrepancies.result.dicts():  # each value beside its source location
        assert f"{row['text']} {row['location']}" in " ".join(shown.split())
    assert "Longnames" in page.text  # what could not be read


def test_every_node_kind_has_a_page_and_links_resolve(client: TestClient) -> None:
    page = client.get(EVENT_PATH)
    links = set(re.findall(r'href="(/olygraph/id/[^"]+)"', page.text))
    assert ATHLETE_PATH in links and "/olygraph/id/noc/DEN" in links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
    athlete = client.get(ATHLETE_PATH).text
    assert f'href="{EVENT_PATH}"' in athlete and "Gold" in athlete
    noc = client.get("/olygraph/id/noc/DEN").text
    assert "<svg" in noc and "<title" in noc and "1 gold" in noc  # the chart and its text


def test_search_finds_by_name(client: TestClient) -> None:
    page = client.get("/search", params={"q": "  hansen "})
    assert ATHLETE_PATH in page.text
    assert client.get("/search", params={"q": "time trial"}).text.count(EVENT_PATH) == 1
    assert "0 found" in client.get("/search", params={"q": "nobody-by-this-name"}).text


# ------------------------------------------------------------------- content negotiation


def _node_graph(iri: str) -> Graph:
    union = union_graph(api.export().dataset)
    out = Graph()
    for p, o in union.predicate_objects(URIRef(iri)):
        out.add((URIRef(iri), p, o))
    return _canonical(out)


def _canonical(graph: Graph) -> Graph:
    """Literals in one lexical form (Oxigraph writes the decimal 1000.0 as 1000)."""
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, canonical(o)))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_node_triples_by_accept(client: TestClient, accept: str, fmt: str) -> None:
    answer = client.get(EVENT_PATH, headers={"Accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(accept)
    assert answer.headers["vary"] == "Accept"
    got = _canonical(Graph().parse(data=answer.content, format=fmt))
    assert isomorphic(got, _node_graph(EVENT))


def test_browsers_get_html_and_unknown_types_406(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get(EVENT_PATH, headers={"Accept": accept})
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["vary"] == "Accept"
    preferred = client.get(EVENT_PATH, headers={"Accept": "text/html;q=0.5, text/turtle"})
    assert preferred.headers["content-type"].startswith("text/turtle")
    assert client.get(EVENT_PATH, headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/olygraph/id/event/no-such-event").status_code == 404


# -------------------------------------------------------------------------- SPARQL protocol

MEDAL_TABLE = Path(__file__).resolve().parents[1] / "queries" / "medal-table.rq"


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("application/sparql-results+json", "json"), ("text/csv", "csv"),
     ("text/tab-separated-values", "tsv")],
)  # fmt: skip
def test_sparql_answers_as_olygraph_query(client: TestClient, accept: str, fmt: str) -> None:
    expected = _cli("query", "medal-table", "--format", fmt)
    text = MEDAL_TABLE.read_text(encoding="utf-8")
    by_get = client.get("/sparql", params={"query": text}, headers={"Accept": accept})
    by_form = client.post("/sparql", data={"query": text}, headers={"Accept": accept})
    by_body = client.post(
        "/sparql",
        content=text.encode(),
        headers={"Accept": accept, "Content-Type": "application/sparql-query"},
    )
    for answer in (by_get, by_form, by_body):
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith(accept)
        # the same bytes, but for line ends: CSV results end lines with CRLF (SPARQL 1.1 CSV)
        assert answer.text.replace("\r\n", "\n") == expected.replace("\r\n", "\n")


def test_sparql_xml_and_graph_results(client: TestClient) -> None:
    text = MEDAL_TABLE.read_text(encoding="utf-8")
    xml = client.get("/sparql", params={"query": text},
                     headers={"Accept": "application/sparql-results+xml"})  # fmt: skip
    data = json.loads(_cli("query", "medal-table", "--format", "json"))
    codes = [b["noc"]["value"] for b in data["results"]["bindings"]]
    assert re.findall(r'<binding name="noc"><literal>(\w+)</literal>', xml.text) == codes
    construct = f"CONSTRUCT WHERE {{ <{EVENT}> ?p ?o }}"
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        answer = client.get("/sparql", params={"query": construct}, headers={"Accept": accept})
        assert answer.headers["content-type"].startswith(accept)
        got = _canonical(Graph().parse(data=answer.content, format=fmt))
        assert isomorphic(got, _node_graph(EVENT))
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(ask.text)["boolean"] is True


def test_updates_are_refused(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = client.get("/sparql", params={"query": count}).json()
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    refused = [
        client.post("/sparql", data={"update": update}),
        client.post(
            "/sparql",
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        client.get("/sparql", params={"query": update}),
        client.get("/sparql", params={"query": "PREFIX x: <urn:x>\nDELETE WHERE { ?s ?p ?o }"}),
        client.get("/sparql", params={"update": update}),
    ]
    for answer in refused:
        assert answer.status_code == 403, answer.text
        assert "read-only" in answer.text
    assert client.get("/sparql", params={"query": count}).json() == before
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert client.get("/sparql", params={"query": service}).status_code == 400
    assert client.get("/sparql", params={"query": "SELECT nonsense"}).status_code == 400
    assert client.get("/sparql").status_code == 400


def test_row_and_time_limits_are_stated() -> None:
    served = open_served()
    small = TestClient(create_app(served, Limits(max_rows=5, timeout=10)))
    answer = small.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(answer.json()["results"]["bindings"]) == 5
    assert answer.headers["olygraph-truncated"] == "rows 5"
    assert answer.headers["olygraph-row-limit"] == "5"
    three = "SELECT * WHERE { ?s a <https://w3id.org/olygraph/ontology#NOC> } LIMIT 3"
    whole = small.get("/sparql", params={"query": three})
    assert "olygraph-truncated" not in whole.headers
    quick = TestClient(create_app(served, Limits(max_rows=10**9, timeout=0.2)))
    product = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # billions of rows
    cut = quick.get("/sparql", params={"query": product}, headers={"Accept": "text/csv"})
    assert cut.status_code in (200, 503)
    if cut.status_code == 200:
        assert cut.headers["olygraph-truncated"] == "time 0.2 s"
    else:
        assert "time limit of 0.2 s" in cut.text


# ---------------------------------------------------------------------- untrusted input


def test_a_script_in_an_article_is_shown_as_text(tmp_path: Path) -> None:
    article = tmp_path / "xss.txt"
    article.write_text(seed_text().replace("Willy Hansen", XSS), encoding="utf-8")
    served = open_served([article])
    client = TestClient(create_app(served))
    event = client.get(EVENT_PATH).text
    athlete_links = re.findall(r'href="(/olygraph/id/athlete/den/[^"]+)"', event)
    assert athlete_links
    for text in (event, client.get(athlete_links[0]).text,
                 client.get("/search", params={"q": "<script>"}).text):  # fmt: skip
        assert "<script>" not in text.lower()
        assert "&lt;script&gt;alert" in text
    hits = client.get("/search", params={"q": "<script>"}).text
    assert athlete_links[0] in hits


@pytest.mark.parametrize(
    "path",
    ["/static/../serve/app.py", "/static/%2e%2e/data.py", "/olygraph/id/../../etc/passwd",
     "/olygraph/id/event/%2e%2e/%2e%2e/etc/passwd", "/static/app.py", "/../pyproject.toml"],
)  # fmt: skip
def test_no_path_reaches_outside(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert "import" not in answer.text and "[project]" not in answer.text


def test_node_paths_never_step_outside() -> None:
    base = "http://127.0.0.1:8000/id/"
    assert node_path(base, base + "event/a/../../x") is None
    assert node_path(base, base + "event/./x") is None
    assert node_path(base, "http://elsewhere.example/id/x") is None
    assert iri_of(base, "/id/noc/DEN") == base + "noc/DEN"
    assert iri_of(base, "/id/noc/%2e%2e/x") is None


# ------------------------------------------------------------------------- store on disk


def test_store_on_disk_is_reused_while_inputs_are_unchanged(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(seed_text(), encoding="utf-8")
    first = open_served([article], store_dir=tmp_path / "store")
    size = len(first.store)
    del first
    again = open_served([article], store_dir=tmp_path / "store")
    assert again.reused and len(again.store) == size
    assert again.notes and "Longnames" in again.notes[0].text
    del again
    article.write_text(seed_text().replace("Willy Hansen", "Willy Hanssen"), encoding="utf-8")
    changed = open_served([article], store_dir=tmp_path / "store")
    assert not changed.reused
    names = {str(t.object.value) for t in changed.store.quads_for_pattern(None, None, None)
             if t.predicate.value.endswith("#name")}  # fmt: skip
    assert "Willy Hanssen" in names and "Willy Hansen" not in names


# ------------------------------------------------------------------ the CLI, really served


def test_cli_serves_dereferenceable_iris(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/id/"
    script = Path(sys.executable).with_name("olygraph")
    process = subprocess.Popen(
        [str(script), "serve", "--port", str(port), "--base", base],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(process, f"http://127.0.0.1:{port}/", 60, "olygraph serve")
        event = base + "event/1928-summer/cycling/mens-track-time-trial"
        request = urllib.request.Request(event, headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Vary"] == "Accept"
            graph = Graph().parse(data=response.read(), format="turtle")
        assert (URIRef(event), URIRef("https://w3id.org/olygraph/ontology#competitorCount"),
                Literal(16)) in graph  # fmt: skip
        assert {str(s) for s in graph.subjects()} == {event}
        with urllib.request.urlopen(event, timeout=10) as response:
            assert "text/html" in response.headers["Content-Type"]
            assert response.read().decode().count('<tr class="result">') == 16
    finally:
        _stop(process)
    assert process.stderr is not None
    assert f"serving on http://127.0.0.1:{port}/" in process.stderr.read().decode()


# ------------------------------------------------------------------------------ the site


def test_site_writes_the_same_pages_with_relative_links(tmp_path: Path, client: TestClient) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")
    done = CliRunner().invoke(main, ["site", "-o", str(out)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert not (out / "stale.html").exists()  # replaced as a whole
    assert not list(tmp_path.glob(".site.*"))  # nothing left beside it
    page = (out / EVENT_PATH.lstrip("/") / "index.html").read_text(encoding="utf-8")
    served = client.get(EVENT_PATH).text
    assert [_text(r) for r in _results_rows(page)] == [_text(r) for r in _results_rows(served)]
    assert page.count('<section class="discrepancy">') == 2
    for html_file in out.rglob("index.html"):
        for href in re.findall(r'href="([^"]+)"', html_file.read_text(encoding="utf-8")):
            assert not href.startswith(("/", "http")), (html_file, href)
            assert (html_file.parent / href).resolve().is_file(), (html_file, href)
