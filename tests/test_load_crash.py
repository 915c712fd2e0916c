"""A store killed (SIGKILL) during a load comes back with the graph it held before.

Oxigraph runs on disk (``--location``) and is restarted on the same directory; Virtuoso is the
session's server, restarted on its database (its roll-forward replays the transaction log). The
kill comes from the load's own progress callback, after some chunks reached the stage. The next
load finds the stage the killed one left behind, drops it, and succeeds.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import URIRef

from olygraph.errors import LoadError
from olygraph.load.http import Credentials
from olygraph.load.run import Progress, StaleStage, load
from servers import SEED_TRIPLES, OxigraphServer, VirtuosoServer, oxigraph_binary
from test_load import FAST, copies, stages, values

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
GRAPH = "https://example.org/test/crash"


def _killer(server: OxigraphServer | VirtuosoServer, after: int) -> object:
    def progress(done: Progress) -> None:
        if done.chunks == after:
            server.kill()

    return progress


def test_oxigraph_killed_during_a_load_keeps_the_old_graph(tmp_path: Path) -> None:
    server = OxigraphServer(oxigraph_binary(), location=tmp_path / "db")
    try:
        load([], endpoint=server.url, graph=GRAPH, retry=FAST)
        before = values(server.triples(GRAPH))
        big = copies(tmp_path, 4)
        with pytest.raises(LoadError) as caught:
            load([big], endpoint=server.url, graph=GRAPH, chunk_size=300, retry=FAST,
                 progress=_killer(server, 3))  # type: ignore[arg-type]  # fmt: skip
        assert re.fullmatch(
            rf"uploading chunk 4 for <{GRAPH}>: cannot reach http://127\.0\.0\.1:\d+/store: "
            rf"connection refused \(3 attempts\); the stage graph <{GRAPH}/\.olygraph-stage/"
            r"[0-9tz]+-[0-9a-f]{8}> could not be removed; the next load of the same graph "
            "removes it",
            str(caught.value),
        ), str(caught.value)
        server.start()
        assert values(server.triples(GRAPH)) == before
        (stale,) = stages(server)
        assert server.graph_size(stale) == 900
        report = load([big], endpoint=server.url, graph=GRAPH, retry=FAST)
        assert report.stale == (StaleStage(URIRef(stale), 900),)
        assert server.graph_size(GRAPH) == report.graphs[0].sent == 4 * SEED_TRIPLES
        assert not stages(server)
    finally:
        server.stop()


def test_oxigraph_killed_during_the_switch_has_the_old_or_the_new_graph(tmp_path: Path) -> None:
    """One update request is one transaction: after a kill, never a mix of old and new."""
    server = OxigraphServer(oxigraph_binary(), location=tmp_path / "db")
    stage = f"{GRAPH}/.olygraph-stage/switch"
    new = 200_000
    try:
        load([], endpoint=server.url, graph=GRAPH, retry=FAST)
        for start in range(0, new, 50_000):
            lines = (f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n'
                     for i in range(start, start + 50_000))  # fmt: skip
            server.put(stage, "".join(lines).encode())
        move = f"MOVE GRAPH <{stage}> TO GRAPH <{GRAPH}>"
        started = time.monotonic()
        mover = threading.Thread(target=_update, args=(server.update_url, move), daemon=True)
        mover.start()
        time.sleep(0.2)
        server.kill()
        mover.join(timeout=30)
        server.start()
        old, staged = server.graph_size(GRAPH), server.graph_size(stage)
        assert (old, staged) in ((SEED_TRIPLES, new), (new, 0)), (
            old,
            staged,
            time.monotonic() - started,
        )
    finally:
        server.stop()


def _update(url: str, text: str) -> None:
    data = urllib.parse.urlencode({"update": text}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=60):
            pass
    except (urllib.error.URLError, OSError):
        pass  # the server was killed under it


def test_virtuoso_killed_during_a_load_keeps_the_old_graph(
    virtuoso: VirtuosoServer, tmp_path: Path
) -> None:
    """The first load ends with a checkpoint, so its graph survives the kill of the second."""
    credentials = Credentials("dba", virtuoso.password)
    options = {"endpoint": virtuoso.url, "store": "virtuoso", "credentials": credentials,
               "graph": GRAPH, "retry": FAST}  # fmt: skip
    try:
        load([], **options)  # type: ignore[arg-type]
        before = values(virtuoso.triples(GRAPH))
        big = copies(tmp_path, 4)
        with pytest.raises(LoadError, match=r"^uploading chunk 4 for .* connection refused"):
            load([big], chunk_size=300, progress=_killer(virtuoso, 3), **options)  # type: ignore[arg-type]
        virtuoso.start()
        assert values(virtuoso.triples(GRAPH)) == before
        report = load([big], **options)  # type: ignore[arg-type]
        assert virtuoso.graph_size(GRAPH) == report.graphs[0].sent == 4 * SEED_TRIPLES
        assert not stages(virtuoso)
    finally:
        if virtuoso.process is not None and virtuoso.process.poll() is not None:
            virtuoso.start()
