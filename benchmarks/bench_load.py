"""Load time and triples/s of ``olygraph load`` into real stores, next to each store's own loader.

The data: ``--data FILE`` (N-Triples, e.g. the full history: ``olygraph export
athlete_events.csv.gz noc_regions.csv.gz -f nt -o history.nt``), or else every shared article
exported under ``--bases`` different base IRIs (so no two copies share a triple; 200 bases ≈ 1M
triples), written once as N-Triples. The stores are started
here on free loopback ports (``tests/servers.py``) and every run starts from an empty store:

- ``oxigraph-mem``: ``oxigraph serve`` in memory. olygraph load vs one Graph Store Protocol POST
  of the whole file (what a hand-made load would do, without staging or counts).
- ``oxigraph-disk``: ``oxigraph serve --location``. olygraph load vs the bulk loader
  ``oxigraph load --location DIR --file F`` (offline, then serve).
- ``virtuoso``: a throwaway Virtuoso 7. olygraph load (which ends with a checkpoint) vs
  ``isql-vt``: ``ld_dir`` + ``rdf_loader_run()`` + ``checkpoint``.

Also timed: ``olygraph load`` of the seed, and a reload that replaces a graph
that already holds the data (the case of a rerun). Medians of ``--runs`` runs.

    .venv/bin/python benchmarks/bench_load.py [--data history.nt | --bases 200] [--runs 3]
                                              [--stores oxigraph-mem,oxigraph-disk,virtuoso]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from olygraph import api
from olygraph.load.http import Credentials
from olygraph.load.run import load
from olygraph.write.rdf import serialize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from servers import OxigraphServer, VirtuosoServer, oxigraph_binary  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "articles"
GRAPH = "https://example.org/bench/olympics"
STORES = ("oxigraph-mem", "oxigraph-disk", "virtuoso")


def build(folder: Path, bases: int, articles: Path) -> tuple[Path, int]:
    inputs = sorted(articles.glob("*.txt")) if articles.is_dir() else []
    path = folder / f"olympics-x{bases}.nt"
    triples = 0
    with path.open("wb") as out:
        for i in range(bases):
            chunk = serialize(api.export(inputs, f"https://example.org/b{i}/").dataset, "nt")
            triples += chunk.count(b"\n")
            out.write(chunk)
    return path, triples


def median_of(runs: int, once: Callable[[], float]) -> float:
    return statistics.median(once() for _ in range(runs))


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------- Oxigraph


def oxigraph_runs(data: Path, runs: int, disk: bool, folder: Path) -> dict[str, float]:
    binary = oxigraph_binary()
    out: dict[str, float] = {}

    def fresh() -> OxigraphServer:
        location = None
        if disk:
            location = Path(tempfile.mkdtemp(dir=folder))
        return OxigraphServer(binary, location)

    def olygraph_load(inputs: list[Path], replace: bool = False) -> float:
        server = fresh()
        try:
            if replace:
                load(inputs, endpoint=server.url, graph=GRAPH)
            return timed(lambda: load(inputs, endpoint=server.url, graph=GRAPH))
        finally:
            server.stop()
            _clean(server.location)

    out["olygraph load (seed)"] = median_of(runs, lambda: olygraph_load([]))
    out["olygraph load"] = median_of(runs, lambda: olygraph_load([data]))
    out["olygraph load (reload)"] = median_of(runs, lambda: olygraph_load([data], True))
    if disk:

        def bulk() -> float:
            location = Path(tempfile.mkdtemp(dir=folder))
            command = [binary, "load", "--location", str(location), "--file", str(data),
                       "--graph", GRAPH]  # fmt: skip
            try:
                return timed(lambda: subprocess.run(command, check=True, capture_output=True))
            finally:
                _clean(location)

        out["oxigraph load (bulk loader)"] = median_of(runs, bulk)
    else:

        def post() -> float:
            server = fresh()
            url = f"{server.url}/store?graph={urllib.parse.quote(GRAPH, safe='')}"
            headers = {"Content-Type": "application/n-triples"}
            try:
                with data.open("rb") as body:
                    request = urllib.request.Request(url, body, headers, method="POST")
                    request.add_header("Content-Length", str(data.stat().st_size))
                    return timed(lambda: urllib.request.urlopen(request, timeout=3600).read())
            finally:
                server.stop()

        out["GSP POST of the file"] = median_of(runs, post)
    return out


def _clean(location: Path | None) -> None:
    if location is not None:
        shutil.rmtree(location, ignore_errors=True)


# ---------------------------------------------------------------------------------- Virtuoso


def virtuoso_runs(data: Path, runs: int, folder: Path) -> dict[str, float]:
    server = VirtuosoServer(folder / "virtuoso", large=True)
    credentials = Credentials("dba", server.password)
    local = server.directory / data.name  # where Virtuoso may read files (DirsAllowed)
    local.hardlink_to(data)
    out: dict[str, float] = {}

    def reset() -> None:
        server.sql(f"SPARQL CLEAR GRAPH <{GRAPH}>; DELETE FROM DB.DBA.LOAD_LIST; checkpoint;")

    def olygraph_load(inputs: list[Path], replace: bool = False) -> float:
        reset()
        options = {"endpoint": server.url, "store": "virtuoso", "credentials": credentials,
                   "graph": GRAPH}  # fmt: skip
        if replace:
            load(inputs, **options)  # type: ignore[arg-type]
        return timed(lambda: load(inputs, **options))  # type: ignore[arg-type]

    def bulk() -> float:
        reset()
        statement = (
            f"ld_dir('{local.parent}', '{local.name}', '{GRAPH}'); rdf_loader_run(); checkpoint;"
        )
        seconds = timed(lambda: server.sql(statement))
        errors = server.sql("SELECT ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in errors:
            raise SystemExit(f"virtuoso bulk load failed: {errors}")
        return seconds

    try:
        out["olygraph load (seed)"] = median_of(runs, lambda: olygraph_load([]))
        out["olygraph load"] = median_of(runs, lambda: olygraph_load([data]))
        out["olygraph load (reload)"] = median_of(runs, lambda: olygraph_load([data], True))
        out["isql ld_dir + rdf_loader_run"] = median_of(runs, bulk)
    finally:
        server.stop()
    return out


# -------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bases", type=int, default=200, help="copies of the articles (200)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (3)")
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="folder of *.txt")
    parser.add_argument("--data", type=Path, help="an N-Triples file to load instead")
    parser.add_argument("--stores", default=",".join(STORES), help="which stores, comma-separated")
    args = parser.parse_args(argv)
    stores = [s for s in args.stores.split(",") if s]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        if args.data:
            data = folder / args.data.name
            if _same_fs(args.data, folder):
                data.hardlink_to(args.data.resolve())
            else:
                shutil.copyfile(args.data, data)
            with data.open("rb") as f:
                triples = sum(1 for line in f if line.strip() and not line.startswith(b"#"))
        else:
            data, triples = build(folder, args.bases, args.articles)
        seed = len(set(serialize(api.export([]).dataset, "nt").splitlines()))
        size, built = data.stat().st_size / 1e6, time.perf_counter() - start
        print(f"data: {triples:,} triples ({size:.0f} MB N-Triples), built in {built:.0f} s; "
              f"medians of {args.runs} runs")  # fmt: skip
        results: dict[str, dict[str, float]] = {}
        for store in stores:
            if store == "virtuoso":
                results[store] = virtuoso_runs(data, args.runs, folder)
            else:
                results[store] = oxigraph_runs(data, args.runs, store == "oxigraph-disk", folder)
            report(store, results[store], triples, seed)
    return 0


def _same_fs(a: Path, folder: Path) -> bool:
    return a.resolve().stat().st_dev == folder.stat().st_dev


def report(store: str, times: dict[str, float], triples: int, seed: int) -> None:
    reference = next(v for k, v in times.items() if not k.startswith("olygraph"))
    print(f"\n{store}")
    print(f"  {'method':<32} {'seconds':>9} {'triples/s':>11} {'× reference':>12}")
    for method, seconds in times.items():
        n = seed if "(seed)" in method else triples
        ratio = "" if "(seed)" in method else f"{seconds / reference:.2f}"
        print(f"  {method:<32} {seconds:>9.2f} {n / seconds:>11,.0f} {ratio:>12}")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
