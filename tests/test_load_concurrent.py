"""Two ``olygraph load`` runs into one graph at once, on a real ``oxigraph serve``: the lease
(``olygraph.load.lease``) makes the second wait for the first, neither deletes the other's stage,
and the graph ends equal to one of the two inputs (never a mix, never empty)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import OxigraphServer, oxigraph_binary

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
GRAPH = "https://example.org/test/concurrent"
TRIPLES = 60_000


@pytest.fixture
def oxigraph() -> Iterator[OxigraphServer]:
    server = OxigraphServer(oxigraph_binary())
    yield server
    server.stop()


def _input(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.nt"
    lines = (f'<https://example.org/{name}/s{i}> <https://example.org/p> "{i}" .\n'
             for i in range(TRIPLES))  # fmt: skip
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _load(server: OxigraphServer, data: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "olygraph",
            "load",
            str(data),
            "--endpoint",
            server.url,
            "--graph",
            GRAPH,
            "--chunk-size",
            "2000",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _subjects(server: OxigraphServer) -> set[str]:
    rows = server.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    return {r["s"]["value"].split("/")[3] for r in rows["results"]["bindings"]}  # type: ignore[index]


def test_two_loads_of_one_graph_at_once(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    a, b = _input(tmp_path, "a"), _input(tmp_path, "b")
    first = _load(oxigraph, a)
    time.sleep(1.0)  # the first is uploading (30 chunks) when the second starts
    second = _load(oxigraph, b)
    out_a, err_a = first.communicate(timeout=300)
    out_b, err_b = second.communicate(timeout=300)
    assert first.returncode == 0, err_a.decode()
    assert second.returncode == 0, err_b.decode()
    # neither took the other's live stage for a stale one
    assert b"stale" not in out_a + out_b, (out_a + out_b).decode()
    assert b"Traceback" not in err_a + err_b
    # the graph is one input, whole: the one that switched last
    assert oxigraph.graph_size(GRAPH) == TRIPLES
    assert _subjects(oxigraph) in ({"a"}, {"b"})
    assert not [g for g in oxigraph.graphs() if "/.olygraph-stage/" in g]
    assert oxigraph.graph_size(f"{GRAPH}/.olygraph-lease") == 0


def test_a_load_that_cannot_wait_refuses(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    """A live lease of another load: with --timeout 1 the second gives up after a second, with
    one line naming the holder, exit 2, and the graph as the first left it."""
    b = _input(tmp_path, "b")
    holder = f"{GRAPH}/.olygraph-stage/20990101t000000z-alive"
    lease = f"{GRAPH}/.olygraph-lease"
    oly = "https://w3id.org/olygraph/ontology#"
    oxigraph.put(
        lease,
        (
            f'<{holder}> <{oly}leaseOwner> "olygraph load, pid 1 on elsewhere" .\n'
            f"<{holder}> <{oly}leaseExpires> "
            '"2099-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n'
        ).encode(),
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "olygraph",
            "load",
            str(b),
            "--endpoint",
            oxigraph.url,
            "--graph",
            GRAPH,
            "--timeout",
            "1",
        ],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        f"olygraph: error: <{GRAPH}> is being loaded by another load (olygraph load, pid 1 on "
        "elsewhere; its lease holds until 2099-01-01 00:00:00 UTC unless renewed); waited 1 s; "
        "nothing was changed, try again when it is done\n"
    )
    assert oxigraph.graph_size(GRAPH) == 0
    assert oxigraph.graph_size(lease) == 2  # the other load's lease is left alone
