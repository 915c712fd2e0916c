"""Real triple stores for the tests, each started on free loopback ports and stopped afterwards.

- :class:`OxigraphServer`: ``oxigraph serve`` (the ``oxigraph`` package of the test extra), in
  memory or on disk (``--location``), restartable on the same port.
- :class:`VirtuosoServer`: a throwaway Virtuoso 7 (``virtuoso-t``, Debian
  ``virtuoso-opensource-7-bin``) in a temporary directory with a minimal ``virtuoso.ini``; its
  ``dba`` password is set to :data:`VIRTUOSO_PASSWORD`. Without ``virtuoso-t`` the tests that
  need it skip, except when ``CI`` is set: there a missing store fails the run.

Recipes and quirks: ``../shared/STORES.md``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from olygraph.write.rdf import union_graph

VIRTUOSO_PASSWORD = "Olygraph-Test-Pa55word"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _wait(process: subprocess.Popen[bytes], url: str, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not _answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what} did not start (exit code {process.poll()})")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class SparqlServer:
    """What both stores share: SELECT over HTTP, counts, a graph's triples."""

    query_url: str

    def select(self, text: str, graphs: tuple[str, ...] = ()) -> dict[str, object]:
        fields = [("query", text)] + [("default-graph-uri", g) for g in graphs]
        request = urllib.request.Request(
            self.query_url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            result: dict[str, object] = json.load(response)
            return result

    def count(self, text: str) -> int:
        rows = self.select(text)["results"]["bindings"]  # type: ignore[index]
        return int(rows[0]["n"]["value"])  # type: ignore[index]

    def graph_size(self, graph: str) -> int:
        return self.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")

    def graphs(self) -> set[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {r["g"]["value"] for r in rows["results"]["bindings"]}  # type: ignore[index]

    def triples(self, graph: str) -> Graph:
        """The triples of a named graph, by CONSTRUCT (N-Triples)."""
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        request = urllib.request.Request(
            self.query_url,
            data=urllib.parse.urlencode({"query": text}).encode(),
            headers={"Accept": "application/n-triples"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return Graph().parse(data=response.read(), format="nt")


class OxigraphServer(SparqlServer):
    """An ``oxigraph serve`` process on 127.0.0.1: in memory, or on disk at ``location``."""

    def __init__(self, binary: str, location: Path | None = None) -> None:
        self.binary = binary
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        command = [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}"]
        if self.location is not None:
            command += ["--location", str(self.location)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait(self.process, f"{self.query_url}?query=ASK%7B%7D", 30, "oxigraph serve")

    @property
    def query_url(self) -> str:  # type: ignore[override]
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    def put(self, graph: str | None, ntriples: bytes) -> None:
        target = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
        request = urllib.request.Request(
            f"{self.url}/store?{target}",
            data=ntriples,
            method="POST",
            headers={"Content-Type": "application/n-triples"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201, 204)

    def load(self, dataset: Dataset) -> None:
        """Each named graph as it is, and the union (as a set) into the default graph."""
        for graph in dataset.graphs():
            if graph.identifier != dataset.default_graph.identifier and len(graph):
                self.put(str(graph.identifier), graph.serialize(format="nt", encoding="utf-8"))
        self.put(None, union_graph(dataset).serialize(format="nt", encoding="utf-8"))

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        _stop(self.process, signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.process)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).is_file():
        pytest.skip("the oxigraph server is not installed (pip install -e '.[test]')")
    return found


def virtuoso_binaries() -> tuple[str, str]:
    """``virtuoso-t`` and ``isql-vt``; skip without them, fail without them in CI."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        reason = (
            "Virtuoso 7 is not installed (virtuoso-t, isql-vt: Debian package "
            "virtuoso-opensource-7-bin; scripts/test installs it in CI)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must run the Virtuoso tests")
        pytest.skip(reason)
    return server, isql


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
TransactionAfterImageLimit = {after_image}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


class VirtuosoServer(SparqlServer):
    """A throwaway Virtuoso 7 in ``directory``; ``dba``'s password is VIRTUOSO_PASSWORD."""

    def __init__(self, directory: Path, *, large: bool = False) -> None:
        """``large``: settings for millions of triples (benchmarks/bench_load.py): 2.7 GB of
        buffers, and a 2 GB TransactionAfterImageLimit (the default 50 MB makes Virtuoso abort
        the ``MOVE`` of a few million triples, error SR325)."""
        self.binary, self.isql_binary = virtuoso_binaries()
        self.directory = directory
        self.sql_port, self.http_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        (directory / "vsp").mkdir(parents=True, exist_ok=True)
        (directory / "virtuoso.ini").write_text(
            _VIRTUOSO_INI.format(
                dir=directory,
                sql_port=self.sql_port,
                http_port=self.http_port,
                buffers=340000 if large else 20000,
                dirty=250000 if large else 15000,
                after_image=2_000_000_000 if large else 50_000_000,
            ),
            encoding="utf-8",
        )
        self.process: subprocess.Popen[bytes] | None = None
        self.password = "dba"
        self.start()
        self.sql(f"USER_SET_PASSWORD ('dba', '{VIRTUOSO_PASSWORD}');")
        self.password = VIRTUOSO_PASSWORD

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "+configfile", str(self.directory / "virtuoso.ini"), "+foreground"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self.process, f"{self.query_url}?query=ASK%7B%7D", 180, "virtuoso-t")
        self._wait_sql(60)

    def _wait_sql(self, seconds: float) -> None:
        """Until isql logs in and runs a statement (after a crash the server rolls its log
        forward: its SPARQL endpoint may answer before it takes SQL sessions)."""
        deadline = time.monotonic() + seconds
        while True:
            done = subprocess.run(
                [self.isql_binary, str(self.sql_port), "dba", self.password, "exec=SELECT 1;"],
                capture_output=True, text=True, timeout=60, check=False,
            )  # fmt: skip
            if done.returncode == 0 and "*** Error" not in done.stdout:
                return
            assert self.process is not None
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"virtuoso-t takes no SQL session: {done.stdout[-300:]}\n"
                            f"{self.log_tail()}")  # fmt: skip
            time.sleep(0.2)

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's log (for a failure's message)."""
        log = self.directory / "virtuoso.log"
        if not log.exists():
            return "(no virtuoso.log)"
        return "\n".join(log.read_text("utf-8", "replace").splitlines()[-lines:])

    @property
    def query_url(self) -> str:  # type: ignore[override]
        return f"{self.url}/sparql"

    def sql(self, statement: str) -> str:
        """Run SQL with isql-vt; isql exits 0 even when a statement fails: read its output."""
        done = subprocess.run(
            [self.isql_binary, str(self.sql_port), "dba", self.password, f"exec={statement}"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if "*** Error" in done.stdout or done.returncode:
            pytest.fail(f"isql-vt: {statement}: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def kill(self) -> None:
        _stop(self.process, signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.process)


def _seed_triples() -> int:
    from olygraph import api
    from olygraph.write.rdf import serialize

    return len(set(serialize(api.export().dataset, "nt").splitlines()))


#: distinct triples of the seed's export: what ``olygraph load`` of the seed sends
SEED_TRIPLES = _seed_triples()
