"""Load and query times of the two local SPARQL engines on a large olygraph graph.

The graph: every shared article exported under ``--bases`` different base IRIs (so nothing is
shared between the copies), written once as N-Quads; each engine then loads that file through
``olygraph.query.engines.open_local`` (pyoxigraph also copies the union into its default graph) and
runs every bundled query ``--repeat`` times. Both engines' rows are compared by value.

    .venv/bin/python benchmarks/bench_query.py [--bases 50] [--repeat 5] [--articles DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from olygraph import api
from olygraph.query import engines as endpoint
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.results import Rows, value_key

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "articles"
#: parameters per query, as short ids under the first base
PARAMS: dict[str, dict[str, str]] = {
    "athlete": {"name": "Clas Thunberg"},
    "discrepancies": {"event": "1928-winter/speed-skating/mens-500-metres"},
    "event-results": {"event": "1928-winter/speed-skating/mens-500-metres"},
    "medalists": {"games": "1928-winter"},
    "nations": {"event": "1928-summer/diving/mens-3-metre-springboard"},
    "provenance": {"node": "event/1928-winter/speed-skating/mens-500-metres"},
    "record-progression": {"event": "1928-winter/speed-skating/mens-500-metres"},
}


def build(folder: Path, bases: int, articles: Path) -> tuple[Path, int]:
    inputs = sorted(articles.glob("*.txt")) if articles.is_dir() else []
    path = folder / f"olympics-x{bases}.nq"
    quads = 0
    with path.open("wb") as out:
        for i in range(bases):
            data = api.export(inputs, f"https://example.org/b{i}/").dataset
            chunk = data.serialize(format="nquads", encoding="utf-8")
            quads += chunk.count(b"\n")
            out.write(chunk)
    return path, quads


def measure(
    engine: str, path: Path, repeat: int
) -> tuple[float, int, dict[str, float], dict[str, list[object]]]:
    start = time.perf_counter()
    data = endpoint.open_local([path], engine)
    load = time.perf_counter() - start
    times: dict[str, float] = {}
    rows: dict[str, list[object]] = {}
    for name, qdef in query.bundled().items():
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            answer = query_run.run(
                qdef, data.engine, PARAMS.get(name, {}), "https://example.org/b0/"
            )
            samples.append(time.perf_counter() - start)
        times[name] = statistics.median(samples)
        result = answer.result
        if isinstance(result, Rows):
            rows[name] = [tuple(value_key(c) for c in row) for row in result.rows]
    return load, data.engine.size(), times, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bases", type=int, default=50, help="copies of the articles (50)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (5)")
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="folder of *.txt")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        path, quads = build(Path(tmp), args.bases, args.articles)
        print(f"graph: {quads} quads in {path.name} ({args.bases} bases), "
              f"built in {time.perf_counter() - start:.1f} s")  # fmt: skip
        results = {e: measure(e, path, args.repeat) for e in endpoint.ENGINES}
    names = list(query.bundled())
    engines = list(results)
    print()
    print(f"{'engine':<10}  {'load s':>7}  {'triples':>8}  " + "  ".join(f"{n:>10}" for n in names))
    for e in engines:
        load, size, times, _ = results[e]
        cells = "  ".join(f"{times[n]:>10.4f}" for n in names)
        print(f"{e:<10}  {load:>7.2f}  {size:>8}  {cells}")
    print()
    print(f"{'query':<20}  " + "  ".join(f"{e + ' s':>12}" for e in engines) + "  rdflib/oxigraph")
    for n in names:
        t = [results[e][2][n] for e in engines]
        ratio = results["rdflib"][2][n] / max(results["oxigraph"][2][n], 1e-9)
        print(f"{n:<20}  " + "  ".join(f"{x:>12.4f}" for x in t) + f"  {ratio:>14.1f}×")
    same = all(results[engines[0]][3][n] == results[e][3][n] for e in engines for n in names)
    print()
    print("rows agree by value across engines:", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
