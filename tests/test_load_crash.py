"""A store killed (SIGKILL) during a load comes back with the graph it held before.

Oxigraph runs on disk (``--location``) and is restarted on the same directory; Virtuoso is the
session's server, restarted on its database (its roll-forward replays the transaction log). The
kill comes from the load's own progress callback, after some chunks reached the stage. The next
load finds the stage the killed one left behind, drops it, and succeeds.

With many graphs (the history slice as N-Quads, every Games graph changed and one graph new),
a kill during the upload or between two switches leaves every graph that existed either old or
new, and the next load finishes the job: each graph holds its new triples, counted once.
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


# ------------------------------------------------------------------- many graphs, per graph


def _versions(tmp_path: Path) -> tuple[Path, Path, dict[str, set[tuple[object, ...]]],
                                       dict[str, set[tuple[object, ...]]]]:  # fmt: skip
    """The history slice as N-Quads (v1), and v2: every Games graph changed, one graph new."""
    from test_load_graphs import DATA, by_graph, history

    rows = (DATA / "athlete_events_slice.csv").read_text(encoding="utf-8").splitlines()
    changed = [rows[0]] + [r.replace('"M",', '"F",', 1) if i % 3 == 0 else r
                           for i, r in enumerate(rows[1:])]  # fmt: skip
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    v1 = history(tmp_path / "v1")
    csv = tmp_path / "athlete_events_slice.csv"
    csv.write_text("\n".join(changed) + "\n", encoding="utf-8")
    v2 = history(tmp_path / "v2", csv)
    extra = "".join(f'<https://e.org/s{i}> <https://e.org/p> "{i}" <{GRAPH}/new> .\n'
                    for i in range(700))  # fmt: skip
    with v2.open("a", encoding="utf-8") as fh:
        fh.write(extra)
    return v1, v2, by_graph(v1), by_graph(v2)


def _contents(server: OxigraphServer | VirtuosoServer, names: set[str]) -> dict[str, set[str]]:
    return {g: {" ".join(map(str, t)) for t in values(server.triples(g))} for g in names}


def _as_values(graphs: dict[str, set[tuple[object, ...]]]) -> dict[str, set[str]]:
    from rdflib import Graph as RdfGraph

    out = {}
    for name, triples in graphs.items():
        g = RdfGraph().parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in triples), format="nt")
        out[name] = {" ".join(map(str, t)) for t in values(g)}
    return out


def _old_or_new(server: OxigraphServer | VirtuosoServer, old: dict[str, set[str]],
                new: dict[str, set[str]]) -> tuple[int, int]:  # fmt: skip
    """Every graph that existed before holds its old or its new triples: (old, new) counts."""
    held = _contents(server, set(old))
    olds = sum(held[g] == old[g] for g in old)
    news = sum(held[g] == new[g] and held[g] != old[g] for g in old)
    assert olds + news == len(old), [g for g in old if held[g] not in (old[g], new[g])]
    return olds, news


def _finish(server: OxigraphServer | VirtuosoServer, v2: Path, new: dict[str, set[str]],
            **options: object) -> None:  # fmt: skip
    """The next load finishes the job: every graph new, counted once, no stage left."""
    report = load([v2], graph=GRAPH, retry=FAST, **options)  # type: ignore[arg-type]
    assert _contents(server, set(new)) == new
    for g in report.graphs:
        assert g.sent == g.counted == len(new[str(g.target)])
    assert not stages(server)
    again = load([v2], graph=GRAPH, retry=FAST, **options)  # type: ignore[arg-type]
    assert again.graphs == () and len(again.unchanged) == len(new)


@pytest.mark.parametrize("store", ["oxigraph", "virtuoso"])
def test_killed_during_a_load_of_many_graphs_each_graph_is_old_or_new(
    store: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    v1, v2, old_quads, new_quads = _versions(tmp_path)
    old, new = _as_values(old_quads), _as_values(new_quads)
    server: OxigraphServer | VirtuosoServer
    if store == "oxigraph":
        server = OxigraphServer(oxigraph_binary(), location=tmp_path / "db")
        options: dict[str, object] = {"endpoint": server.url}
    else:
        server = request.getfixturevalue("virtuoso")
        options = {"endpoint": server.url, "store": "virtuoso",
                   "credentials": Credentials("dba", server.password)}  # fmt: skip
        server.sql(f"SPARQL CLEAR GRAPH <{GRAPH}/.olygraph-manifest>;")
        for g in set(old) | set(new):
            server.sql(f"SPARQL CLEAR GRAPH <{g}>;")
    try:
        load([v1], graph=GRAPH, retry=FAST, **options)  # type: ignore[arg-type]
        with pytest.raises(LoadError, match=r"connection refused"):
            load([v2], graph=GRAPH, chunk_size=60, retry=FAST, progress=_killer(server, 6),
                 **options)  # type: ignore[arg-type]  # fmt: skip
        server.start()
        olds, _ = _old_or_new(server, old, new)
        assert olds > 0
        _finish(server, v2, new, **options)
    finally:
        if store == "oxigraph":
            server.stop()
        elif server.process is not None and server.process.poll() is not None:
            server.start()


def test_oxigraph_killed_between_two_switches_has_each_graph_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from olygraph.load.stores import Store

    v1, v2, old_quads, new_quads = _versions(tmp_path)
    old, new = _as_values(old_quads), _as_values(new_quads)
    server = OxigraphServer(oxigraph_binary(), location=tmp_path / "db")
    real = Store.update
    switches: list[str] = []

    def kill_at_the_third(self: Store, text: str, *, what: str, retry: bool = True) -> None:
        if what.startswith("switching"):
            switches.append(text)
            if len(switches) == 3:
                server.kill()
        real(self, text, what=what, retry=retry)

    try:
        load([v1], endpoint=server.url, graph=GRAPH, retry=FAST)
        monkeypatch.setattr(Store, "update", kill_at_the_third)
        with pytest.raises(LoadError, match=r"^switching the stages into place: .*refused"):
            load([v2], endpoint=server.url, graph=GRAPH, retry=FAST)
        monkeypatch.setattr(Store, "update", real)
        server.start()
        assert _old_or_new(server, old, new) == (len(old) - 2, 2)  # two graphs switched
        _finish(server, v2, new, endpoint=server.url)
    finally:
        server.stop()
