"""New graphs through Virtuoso's own bulk loader (``--bulk-dir DIR --isql HOST:PORT``), on the
session's real Virtuoso: the same triples per graph as the Graph Store path, the manifest, a
rerun that sends nothing, a changed graph staged and switched, a file the loader cannot parse,
a server killed and a signal during the bulk load (no half graph, no file or load_list row
left, the next load completes), and the mistakes a user can make: one line each, exit 2."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import URIRef

from olygraph.cli import main
from olygraph.cli.signals import Interrupted, stopping_signals_raise
from olygraph.errors import LoadError, UsageError
from olygraph.load import bulk as load_bulk
from olygraph.load import manifest as load_manifest
from olygraph.load.bulk import BulkOptions
from olygraph.load.http import Credentials, HttpClient
from olygraph.load.isql import IsqlConfig, find_binary, sql_string
from olygraph.load.run import LoadReport, Progress, describe, load
from olygraph.load.stores import Store, profile
from servers import VirtuosoServer
from test_load import FAST, stages
from test_load_crash import _as_values, _contents
from test_load_graphs import DATA, B, by_graph, history

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
EXTRA = (  # a blank node (skolemised), escapes and non-ASCII: the lines olygraph rewrites
    '_:x <https://e.org/p> "caf\\u00e9 \\"q\\"\\n" <https://e.org/graph/extra> .\n'
    '_:x <https://e.org/p> "été"@fr <https://e.org/graph/extra> .\n'
    "<https://e.org/s> <https://e.org/p> _:x <https://e.org/graph/extra> .\n"
)


@pytest.fixture
def server(virtuoso: VirtuosoServer) -> Iterator[VirtuosoServer]:
    """The session's Virtuoso without the graphs of the exports (other tests load them too)."""
    store = Store(profile("virtuoso", virtuoso.url), _client(virtuoso))
    names = store.graphs_containing(f"{B}source/", what="cleaning up")
    store.drop([*names, URIRef("https://e.org/graph/extra")], what="cleaning up")
    yield virtuoso
    if virtuoso.process is not None and virtuoso.process.poll() is not None:
        virtuoso.start()


def _client(server: VirtuosoServer) -> HttpClient:
    return HttpClient(Credentials("dba", server.password))


@pytest.fixture
def folder(virtuoso: VirtuosoServer) -> Path:
    """A bulk folder inside the server's directory (its DirsAllowed); a quote and a space in
    its name: every path goes into SQL as a quoted literal."""
    path = virtuoso.directory / f"it's bulk {uuid.uuid4().hex[:6]}"
    path.mkdir()
    return path


def _options(server: VirtuosoServer, folder: Path, **extra: object) -> BulkOptions:
    isql = IsqlConfig(find_binary(None), "127.0.0.1", server.sql_port, "dba", server.password)
    return BulkOptions(folder, isql, **extra)  # type: ignore[arg-type]


def _load(server: VirtuosoServer, path: Path, graph: str, bulk: BulkOptions | None,
          **extra: object) -> LoadReport:  # fmt: skip
    return load([path], endpoint=server.url, store="virtuoso", graph=graph, retry=FAST,
                credentials=Credentials("dba", server.password), bulk=bulk,
                **extra)  # type: ignore[arg-type]  # fmt: skip


def _export(tmp_path: Path, extra: bool = False) -> Path:
    export = history(tmp_path)
    if extra:
        with export.open("a", encoding="utf-8") as out:
            out.write(EXTRA)
    return export


def _rows(server: VirtuosoServer) -> list[str]:
    """load_list rows of olygraph's files."""
    out = server.sql("SELECT ll_file FROM DB.DBA.LOAD_LIST;")
    return [x for x in out.splitlines() if "olygraph-" in x]


def _left(server: VirtuosoServer, folder: Path) -> tuple[list[str], list[str]]:
    return sorted(p.name for p in folder.iterdir()), _rows(server)


def _graph(tmp_path: Path) -> str:
    return f"https://example.org/test/bulk/{tmp_path.name}/{uuid.uuid4().hex[:8]}"


def test_sql_literals_are_quoted_and_unsafe_text_refused() -> None:
    assert sql_string("/srv/it's here", "--x") == "'/srv/it''s here'"
    for bad in ("/srv/a\\b", "/srv/a\nb", "/srv/é"):
        with pytest.raises(UsageError, match=r"^--x .* cannot be given to Virtuoso's SQL"):
            sql_string(bad, "--x")


def test_first_load_by_the_bulk_loader_is_the_graph_store_load(
    server: VirtuosoServer, folder: Path, tmp_path: Path
) -> None:
    export = _export(tmp_path, extra=True)
    expected = _as_values(by_graph(export))
    graph = _graph(tmp_path)
    first = _load(server, export, graph, _options(server, folder, file_quads=700))
    assert {str(g.target) for g in first.graphs} == set(expected)
    assert all(g.bulk and g.stage is None and g.sent == g.counted for g in first.graphs)
    assert "bulk loader" in describe(first)[0]
    by_bulk = _contents(server, set(expected))
    extra = "https://e.org/graph/extra"  # its blank node became a Skolem IRI
    assert {g: t for g, t in by_bulk.items() if g != extra} == {
        g: t for g, t in expected.items() if g != extra}  # fmt: skip
    assert len(by_bulk[extra]) == 3 and "genid" in str(by_bulk[extra])
    assert _left(server, folder) == ([], [])  # files and load_list rows removed
    store = Store(profile("virtuoso", server.url), _client(server))
    assert first.manifest is not None
    manifest = load_manifest.read(store, first.manifest)
    assert {str(g): e.triples for g, e in manifest.entries.items()} == {
        g: len(t) for g, t in expected.items()
    }
    again = _load(server, export, graph, _options(server, folder))
    assert again.graphs == () and len(again.unchanged) == len(expected)
    # the same export over the Graph Store Protocol gives the same graphs
    store.drop([URIRef(g) for g in expected] + [first.manifest], what="cleaning")
    by_gsp = _load(server, export, graph, None)
    assert all(not g.bulk for g in by_gsp.graphs)
    assert _contents(server, set(expected)) == by_bulk


def test_a_changed_graph_is_staged_and_a_new_one_bulk_loaded(
    server: VirtuosoServer, folder: Path, tmp_path: Path
) -> None:
    export = _export(tmp_path)
    graph = _graph(tmp_path)
    _load(server, export, graph, _options(server, folder))
    rows = (DATA / "athlete_events_slice.csv").read_text(encoding="utf-8").splitlines()
    row = next(i for i, r in enumerate(rows) if '"1928 Summer"' in r and ",20," in r)
    rows[row] = rows[row].replace(",20,", ",21,", 1)
    changed = tmp_path / "athlete_events_slice.csv"
    changed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "v2").mkdir()
    v2 = history(tmp_path / "v2", changed)
    with v2.open("a", encoding="utf-8") as out:
        out.write('<https://e.org/s> <https://e.org/p> "1" <https://e.org/graph/new> .\n')
    report = _load(server, v2, graph, _options(server, folder))
    done = {str(g.target): g for g in report.graphs}
    games = f"{B}source/dataset/athlete-events-slice/games/1928-summer"
    assert set(done) == {games, "https://e.org/graph/new"}
    assert done[games].stage is not None and not done[games].bulk  # staged and switched
    assert done["https://e.org/graph/new"].bulk and done["https://e.org/graph/new"].stage is None
    assert _contents(server, {games}) == {games: _as_values(by_graph(v2))[games]}
    assert _left(server, folder) == ([], [])
    server.sql("SPARQL CLEAR GRAPH <https://e.org/graph/new>;")


def test_a_file_the_loader_cannot_parse_leaves_no_graph(
    server: VirtuosoServer, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _export(tmp_path)
    expected = _as_values(by_graph(export))
    graph = _graph(tmp_path)
    real = load_bulk.Bulk._roll

    def spoil_the_second(self: load_bulk.Bulk) -> None:
        if len(self.files) == 2 and self.out is not None:
            self.out.write(b"this is not N-Quads\n")
        real(self)

    monkeypatch.setattr(load_bulk.Bulk, "_roll", spoil_the_second)
    with pytest.raises(LoadError) as caught:
        _load(server, export, graph, _options(server, folder, file_quads=700))
    assert str(caught.value).startswith(f"Virtuoso's bulk loader failed on {folder}/olygraph-")
    assert "(new graphs of this load): " in str(caught.value)
    assert "\n" not in str(caught.value)
    assert all(server.graph_size(g) == 0 for g in expected)  # no half graph
    assert _left(server, folder) == ([], [])
    monkeypatch.setattr(load_bulk.Bulk, "_roll", real)
    report = _next_load(server, export, graph, folder)
    assert _contents(server, set(expected)) == expected
    assert all(g.bulk for g in report.graphs)


def _next_load(server: VirtuosoServer, export: Path, graph: str, folder: Path) -> LoadReport:
    """The load after a failed one, which must complete. In about one full run of the suite
    in three, virtuoso-t 7.2 died during it, silently (no line in its log), right after a bulk
    load that failed (a file it could not parse, or the server killed): a live server that
    fails it fails the test; a dead one is started again and the load after that must
    complete (a warning says so)."""
    try:
        return _load(server, export, graph, _options(server, folder))
    except LoadError as err:
        if not _restarted(server, f"during the load after a failed one: {err}"):
            pytest.fail(f"{err}\n--- virtuoso-t still runs; virtuoso.log:\n{server.log_tail()}")
        return _load(server, export, graph, _options(server, folder))


def _alive(server: VirtuosoServer, after: str) -> bool:
    """Whether virtuoso-t still runs after ``after``. Under load (two other busy processes),
    it was seen to exit then, in 1 of about 45 runs of this file: the next request was
    refused. Then what the interrupted load left cannot be checked; it is started again (a
    warning says so) and the test goes on with the load after, which must complete."""
    time.sleep(0.2)
    return not _restarted(server, f"after {after}")


def _restarted(server: VirtuosoServer, when: str) -> bool:
    """When virtuoso-t has exited: a warning with its log, and the server started again."""
    if server.process is None or server.process.poll() is None:
        return False
    warnings.warn(f"virtuoso-t exited ({server.process.poll()}) {when}:\n"
                  f"{server.log_tail()}", stacklevel=3)  # fmt: skip
    server.start()
    return True


def _stop_at(after: int, action: object) -> object:
    def progress(done: Progress) -> None:
        if done.chunks == after:
            action()  # type: ignore[operator]

    return progress


def test_a_signal_during_the_bulk_load_leaves_each_graph_absent_or_complete(
    server: VirtuosoServer, folder: Path, tmp_path: Path
) -> None:
    export = _export(tmp_path)
    expected = _as_values(by_graph(export))
    graph = _graph(tmp_path)
    term = _stop_at(4, lambda: os.kill(os.getpid(), signal.SIGTERM))
    with stopping_signals_raise(), pytest.raises(Interrupted):
        _load(server, export, graph, _options(server, folder, file_quads=300), progress=term)
    if _alive(server, "the interrupted bulk load"):
        held = _contents(server, set(expected))
        assert all(held[g] in (set(), expected[g]) for g in expected)
        assert _left(server, folder) == ([], [])
    _next_load(server, export, graph, folder)
    assert _contents(server, set(expected)) == expected
    again = _load(server, export, graph, _options(server, folder))
    assert again.graphs == ()


def test_the_server_killed_during_the_bulk_load_then_the_next_load_completes(
    server: VirtuosoServer, folder: Path, tmp_path: Path
) -> None:
    export = _export(tmp_path)
    expected = _as_values(by_graph(export))
    graph = _graph(tmp_path)
    with pytest.raises(LoadError):
        _load(server, export, graph, _options(server, folder, file_quads=300),
              progress=_stop_at(4, server.kill))  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == []  # olygraph's own files: removed
    server.start()
    report = _next_load(server, export, graph, folder)
    assert _contents(server, set(expected)) == expected
    for g in report.graphs:
        assert g.sent == g.counted == len(expected[str(g.target)])  # counted once
    assert _left(server, folder) == ([], [])
    assert not stages(server)


# ------------------------------------------------------------------ mistakes, as a user meets them


def run(server: VirtuosoServer, export: Path, *args: str, env: dict[str, str] | None = None
        ) -> Result:  # fmt: skip
    return CliRunner().invoke(main, [
        "load", str(export), "--endpoint", server.url, "--store", "virtuoso", "--user", "dba",
        "--password-env", "OLYGRAPH_TEST_PW", "--graph", "https://example.org/test/bulk/cli",
        *args], env={"OLYGRAPH_TEST_PW": server.password, **(env or {})})  # fmt: skip


@contextlib.contextmanager
def _outside() -> Iterator[Path]:
    """A directory outside the temporary one (Virtuoso reads the system's temporary directory
    whatever DirsAllowed says)."""
    for parent in ("/var/tmp", "/dev/shm", str(Path.home())):
        if os.access(parent, os.W_OK) and not parent.startswith(tempfile.gettempdir()):
            with tempfile.TemporaryDirectory(dir=parent) as name:
                yield Path(name).resolve()
            return
    pytest.skip("no writable directory outside the temporary one")


def one_line(result: Result) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("olygraph: error: ")
    return result.stderr[len("olygraph: error: ") : -1]


def test_mistakes_are_one_line_and_exit_2(
    server: VirtuosoServer, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _export(tmp_path)
    isql = f"127.0.0.1:{server.sql_port}"
    missing = tmp_path / "nowhere"
    assert one_line(run(server, export, "--bulk-dir", str(missing), "--isql", isql)) == (
        f"--bulk-dir {missing}: no such directory")  # fmt: skip
    with _outside() as outside:  # not in the server's DirsAllowed
        assert one_line(run(server, export, "--bulk-dir", str(outside), "--isql", isql)) == (
            f"--bulk-dir {outside}: Virtuoso may not read files in {outside}: add it to "
            "DirsAllowed ([Parameters] in virtuoso.ini) and restart the server")  # fmt: skip
        assert list(outside.iterdir()) == []  # the probe file is gone
    wrong = run(server, export, "--bulk-dir", str(folder), "--isql", isql,
                "--isql-password-env", "WRONG_PW", env={"WRONG_PW": "Wr0ng-Pa55"})  # fmt: skip
    assert one_line(wrong) == (
        f"connecting to Virtuoso's SQL port {isql} (isql, user 'dba'): bad login; check the "
        "user name and the password")  # fmt: skip
    assert "Wr0ng-Pa55" not in wrong.stderr + wrong.stdout
    assert one_line(run(server, export, "--bulk-dir", str(folder), "--isql", isql,
                        "--isql-binary", str(tmp_path / "no-isql"))) == (
        f"--isql-binary {tmp_path / 'no-isql'}: no such program")  # fmt: skip
    monkeypatch.setenv("PATH", str(tmp_path))
    assert one_line(run(server, export, "--bulk-dir", str(folder), "--isql", isql)).startswith(
        "--isql: Virtuoso's isql client was not found on PATH"
    )
    monkeypatch.undo()
    assert one_line(run(server, export, "--isql", isql)) == (
        "--bulk-dir DIR and --isql HOST:PORT go together: olygraph writes files in DIR, "
        "Virtuoso's bulk loader reads them")  # fmt: skip
    assert one_line(run(server, export, "--bulk-dir", str(folder), "--isql", "nohost")) == (
        "--isql 'nohost': expected HOST:PORT of Virtuoso's SQL port, such as localhost:1111"
    )
    assert list(folder.iterdir()) == []
    assert all(server.graph_size(g) == 0 for g in by_graph(export))  # nothing was loaded
    ok = run(server, export, "--bulk-dir", str(folder), "--isql", isql)
    if ok.exit_code != 0 and _restarted(server, f"during the load after the mistakes: {ok.stderr}"):
        # virtuoso-t 7.2 exits at times on the load after an earlier test's interrupted one
        # (see _next_load); the load must then complete on the server started again
        ok = run(server, export, "--bulk-dir", str(folder), "--isql", isql)
    assert ok.exit_code == 0, ok.stderr
    assert "(virtuoso, bulk loader, " in ok.stdout
