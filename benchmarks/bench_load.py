"""``olygraph load`` of the full history into real stores, next to each store's own loader.

The data: the history dataset as N-Quads (``--data``, else exported here from
``../shared/data``: one graph per Games, athletes by blocks of IDs) and the shared articles as
N-Quads (one graph per article). One run per store kind, each on fresh servers started here on
free loopback ports (``tests/servers.py``), in this order:

1. the store's own loader on the two files, into an empty store:
   - ``oxigraph-mem``: one Graph Store POST of each file (``oxigraph serve`` in memory has no
     bulk loader of its own);
   - ``oxigraph-disk``: ``oxigraph load --location DIR --file …`` (offline);
   - ``virtuoso``: ``ld_dir`` + ``rdf_loader_run()`` + ``checkpoint`` (``isql-vt``), with the
     ``large`` settings of ``tests/servers.py``;
2. ``olygraph load`` (the CLI, as a user runs it) into an empty store: the first load; into
   Virtuoso with ``--bulk-dir`` (a folder of the server's directory, in its DirsAllowed) and
   ``--isql``: the new graphs go through Virtuoso's bulk loader (``--no-bulk``: Graph Store
   Protocol only, as before);
3. a rerun with nothing changed (it must send no triples);
4. a rerun after one article changed (its ``Next`` edition), then after one Games changed (the
   age of one participation in 1936 Summer): each must send that one graph.

Peak memory (VmHWM) of the server and of the olygraph process. Times are wall clock, including
olygraph's start (~1 s of imports). One run each (``--runs`` gives medians).

    .venv/bin/python benchmarks/bench_load.py [--data history.nq] [--runs 1] [--no-bulk]
                                              [--stores oxigraph-mem,oxigraph-disk,virtuoso]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from olygraph.api.pipeline import export
from olygraph.tabular.stream import export_datasets
from olygraph.write.rdf import serialize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from servers import OxigraphServer, VirtuosoServer, oxigraph_binary  # noqa: E402

SHARED = ROOT.parent / "shared"
GRAPH = "https://example.org/bench/olympics"
STORES = ("oxigraph-mem", "oxigraph-disk", "virtuoso")
ARTICLE = "athletics-at-the-1896-summer-olympics-mens-100-metres.txt"
DATA_GRAPHS = "https://w3id.org/olygraph/id/"
PASSWORD_ENV = "OLYGRAPH_BENCH_PASSWORD"
BULK = True  # Virtuoso: olygraph's first load through its bulk loader (--no-bulk: Graph Store)


@dataclass
class Run:
    seconds: float
    peak_mb: float  # of the process run (olygraph, or the offline loader)
    graphs_sent: int | None = None  # olygraph: graphs loaded (None: not olygraph)
    output: str = ""


def peak_mb(pid: int) -> float:
    try:
        with Path(f"/proc/{pid}/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def watched(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``command``, timing it and polling its peak memory until it ends."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = [0.0]

    def poll() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], peak_mb(process.pid))
            time.sleep(0.05)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    thread.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} … failed ({process.returncode}): "
                         f"{err.decode(errors='replace')[-2000:]}")  # fmt: skip
    text = out.decode()
    sent = len(re.findall(r"^(?:loaded|appended) ", text, re.M))
    return Run(seconds, peak[0], sent if "olygraph" in command[2] else None, text)


def olygraph(files: list[Path], server: OxigraphServer | VirtuosoServer) -> Run:
    """``olygraph load``; into Virtuoso, new graphs through its bulk loader (``--bulk-dir``: a
    folder in the server's own directory, which its DirsAllowed lists; ``--isql``)."""
    command = [sys.executable, "-m", "olygraph", "load", *map(str, files),
               "--endpoint", server.url, "--graph", GRAPH]  # fmt: skip
    env = dict(os.environ)
    if isinstance(server, VirtuosoServer):
        command += ["--store", "virtuoso", "--user", "dba", "--password-env", PASSWORD_ENV]
        env[PASSWORD_ENV] = server.password
        if BULK:
            (server.directory / "bulk").mkdir(exist_ok=True)
            command += ["--bulk-dir", str(server.directory / "bulk"),
                        "--isql", f"127.0.0.1:{server.sql_port}"]  # fmt: skip
    return watched(command, env)


def count(server: OxigraphServer | VirtuosoServer) -> int:
    return server.count(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{DATA_GRAPHS}")) }}'
    )


# ------------------------------------------------------------------------------ the data


@dataclass
class Data:
    files: list[Path]  # history, articles
    article_changed: list[Path]
    games_changed: list[Path]
    quads: int


def prepare(folder: Path, data: Path | None) -> Data:
    history = folder / "history.nq"
    if data is None:
        csvs = [SHARED / "data" / "athlete_events.csv.gz", SHARED / "data" / "noc_regions.csv.gz"]
        with history.open("wb") as out:
            export_datasets(csvs, "nq", out)
    else:
        shutil.copyfile(data, history)
    articles = sorted((SHARED / "articles").glob("*.txt"))
    nq = folder / "articles.nq"
    nq.write_bytes(serialize(export(articles).dataset, "nq"))
    edited = folder / "edited"
    edited.mkdir()
    for path in articles:
        text = path.read_text(encoding="utf-8")
        if path.name == ARTICLE:
            text = text.replace("- Next: 1900", "- Next: 1904")
        (edited / path.name).write_text(text, encoding="utf-8")
    nq2 = folder / "articles2.nq"
    nq2.write_bytes(serialize(export(sorted(edited.glob("*.txt"))).dataset, "nq"))
    history2 = folder / "history2.nq"
    changed, quads = False, 0
    age = re.compile(rb'"(\d+)"\^\^')
    with history.open("rb") as src, history2.open("wb") as out:
        for line in src:
            quads += 1
            if not changed and b"/games/1936-summer>" in line and b"ontology#age>" in line:
                line = age.sub(lambda m: b'"%d"^^' % (int(m.group(1)) + 1), line, count=1)
                changed = True
            out.write(line)
    assert changed
    quads += sum(1 for _ in nq.open("rb"))
    return Data([history, nq], [history, nq2], [history2, nq2], quads)


# ---------------------------------------------------------------------------- the stores


def store_run(kind: str, data: Data, folder: Path) -> dict[str, tuple[Run, float]]:
    """Each measurement, with the server's peak memory (MB) at its end."""
    out: dict[str, tuple[Run, float]] = {}
    if kind == "virtuoso":
        return virtuoso_run(data, folder)
    binary = oxigraph_binary()
    disk = kind == "oxigraph-disk"

    def fresh() -> OxigraphServer:
        return OxigraphServer(binary, Path(tempfile.mkdtemp(dir=folder)) if disk else None)

    if disk:
        location = Path(tempfile.mkdtemp(dir=folder))
        command = [binary, "load", "--location", str(location)]
        for f in data.files:
            command += ["--file", str(f)]
        run = watched(command)
        out["oxigraph load (bulk loader, offline)"] = (run, 0.0)
        shutil.rmtree(location, ignore_errors=True)
    else:
        server = fresh()
        try:
            started = time.perf_counter()
            for f in data.files:
                headers = {"Content-Type": "application/n-quads",
                           "Content-Length": str(f.stat().st_size)}  # fmt: skip
                with f.open("rb") as body:
                    request = urllib.request.Request(f"{server.url}/store", body, headers,
                                                     method="POST")  # fmt: skip
                    urllib.request.urlopen(request, timeout=3600).read()
            run = Run(time.perf_counter() - started, 0.0)
            assert count(server) == data.quads, (count(server), data.quads)
            out["Graph Store POST of each file"] = (run, peak_mb(server.process.pid))  # type: ignore[union-attr]
        finally:
            server.stop()
    server = fresh()
    try:
        olygraph_runs(server, data, out)
    finally:
        server.stop()
        if server.location is not None:
            shutil.rmtree(server.location, ignore_errors=True)
    return out


def olygraph_runs(
    server: OxigraphServer | VirtuosoServer, data: Data, out: dict[str, tuple[Run, float]]
) -> None:
    pid = server.process.pid  # type: ignore[union-attr]
    first = olygraph(data.files, server)
    assert count(server) == data.quads, (count(server), data.quads)
    bulk = " (first, bulk loader)" if isinstance(server, VirtuosoServer) and BULK else " (first)"
    out[f"olygraph load{bulk}"] = (first, peak_mb(pid))
    same = olygraph(data.files, server)
    assert same.graphs_sent == 0 and "nothing changed: no triples sent" in same.output, same.output
    out["olygraph load (nothing changed)"] = (same, peak_mb(pid))
    article = olygraph(data.article_changed, server)
    assert article.graphs_sent == 1 and ARTICLE[:-4] in article.output, article.output
    out["olygraph load (one article changed)"] = (article, peak_mb(pid))
    games = olygraph(data.games_changed, server)
    assert games.graphs_sent == 1 and "games/1936-summer>" in games.output, games.output
    out["olygraph load (one Games changed)"] = (games, peak_mb(pid))
    assert count(server) == data.quads


def virtuoso_run(data: Data, folder: Path) -> dict[str, tuple[Run, float]]:
    out: dict[str, tuple[Run, float]] = {}
    server = VirtuosoServer(folder / "virtuoso-bulk", large=True)
    try:
        for f in data.files:
            (server.directory / f.name).hardlink_to(f)
        statement = "".join(f"ld_dir('{server.directory}', '{f.name}', '{GRAPH}');"
                            for f in data.files) + " rdf_loader_run(); checkpoint;"  # fmt: skip
        started = time.perf_counter()
        server.sql(statement)
        run = Run(time.perf_counter() - started, 0.0)
        errors = server.sql("SELECT ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in errors:
            raise SystemExit(f"virtuoso bulk load failed: {errors}")
        assert count(server) == data.quads, (count(server), data.quads)
        out["isql ld_dir + rdf_loader_run + checkpoint"] = (run, peak_mb(server.process.pid))  # type: ignore[union-attr]
    finally:
        server.stop()
    server = VirtuosoServer(folder / "virtuoso", large=True)
    try:
        olygraph_runs(server, data, out)
    finally:
        server.stop()
    return out


# ---------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the history as N-Quads (else exported here)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each store kind (1)")
    parser.add_argument("--stores", default=",".join(STORES), help="comma-separated")
    parser.add_argument("--no-bulk", action="store_true",
                        help="Virtuoso: olygraph over the Graph Store Protocol only")  # fmt: skip
    args = parser.parse_args(argv)
    global BULK
    BULK = not args.no_bulk
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        data = prepare(folder, args.data)
        size = sum(f.stat().st_size for f in data.files) / 1e6
        print(f"data: {data.quads:,} quads ({size:,.0f} MB of N-Quads: the history and "
              f"{len(list((SHARED / 'articles').glob('*.txt')))} articles), prepared in "
              f"{time.perf_counter() - started:.0f} s; {args.runs} run(s)")  # fmt: skip
        for kind in [s for s in args.stores.split(",") if s]:
            runs = []
            for n in range(args.runs):  # each run on servers of its own folder
                (folder / f"run-{kind}-{n}").mkdir()
                runs.append(store_run(kind, data, folder / f"run-{kind}-{n}"))
            report(kind, runs, data.quads)
    return 0


def report(kind: str, runs: list[dict[str, tuple[Run, float]]], quads: int) -> None:
    print(f"\n{kind}")
    print(f"  {'method':<44} {'s':>7} {'quads/s':>10} {'x own':>6} {'sent':>5} "
          f"{'client MB':>9} {'server MB':>9}")  # fmt: skip
    reference = statistics.median(next(iter(r.values()))[0].seconds for r in runs)
    for method in runs[0]:
        seconds = statistics.median(r[method][0].seconds for r in runs)
        run, server = runs[0][method]
        rate = f"{quads / seconds:,.0f}" if "changed" not in method else ""
        ratio = f"{seconds / reference:.2f}" if "(first" in method or not method.startswith(
            "olygraph") else ""  # fmt: skip
        sent = "" if run.graphs_sent is None else str(run.graphs_sent)
        client = f"{run.peak_mb:,.0f}" if run.peak_mb else ""
        print(f"  {method:<44} {seconds:>7.1f} {rate:>10} {ratio:>6} {sent:>5} {client:>9} "
              f"{server:>9,.0f}")  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
