"""Validation time of olygraph's shapes: pyshacl (``olygraph.validate.run``) and, when it is
installed, Jena's SHACL validator (``scripts/jena-shacl``) side by side on the same graphs.

Graphs: the seed, and the seed exported under N different base IRIs and merged (the copies share
no node), for each N of ``--copies`` (90 copies is about 100k triples). Each engine validates each
graph ``--repeat`` times; the table shows medians in seconds (pyshacl in-process with its SPARQL
parse cache warm, plus its first run; Jena as a whole process, JVM start included) and the number
of results per severity, which must agree. A last table times ``olygraph export`` of the seed as a
user runs it, with and without ``--no-validate``.

    .venv/bin/python benchmarks/bench_validate.py [--copies 1 10 30 90] [--repeat 3] [--no-jena]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rdflib import Graph

from olygraph import api
from olygraph.validate.outcome import Severity, read_report
from olygraph.validate.run import shapes_graph, validate
from olygraph.write.rdf import union_graph

ROOT = Path(__file__).resolve().parents[1]
JENA = ROOT / "scripts" / "jena-shacl"
OLYGRAPH = Path(sys.executable).parent / "olygraph"


def replicated(copies: int) -> Graph:
    graph = Graph()
    for i in range(copies):
        graph += union_graph(api.export((), f"https://example.org/copy{i}/").dataset)
    return graph


def counts(results: object) -> str:
    found = Counter(r.severity for r in results)  # type: ignore[attr-defined]
    return "/".join(str(found.get(s, 0)) for s in Severity)


def timed_pyshacl(graph: Graph, repeat: int) -> tuple[float, float, str]:
    start = time.perf_counter()
    outcome = validate(graph, engine="pyshacl")
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        outcome = validate(graph, engine="pyshacl")
        runs.append(time.perf_counter() - start)
    return first, statistics.median(runs), counts(outcome.results)


def jena_available() -> bool:
    done = subprocess.run([sys.executable, str(JENA), "check"], capture_output=True, check=False)
    return done.returncode == 0


def timed_jena(graph: Graph, repeat: int, folder: Path) -> tuple[float, str]:
    data, shapes = folder / "data.nt", folder / "shapes.nt"
    graph.serialize(data, format="nt", encoding="utf-8")
    shapes_graph().serialize(shapes, format="nt", encoding="utf-8")
    runs, report = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(JENA), "validate", "--shapes", str(shapes), "--data", str(data)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        runs.append(time.perf_counter() - start)
        report = done.stdout
    results = read_report(Graph().parse(data=report, format="turtle"), graph, shapes_graph())
    return statistics.median(runs), counts(results)


def timed_cli(args: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([str(OLYGRAPH), *args], capture_output=True, check=False)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 30, 90])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-jena", action="store_true", help="pyshacl only")
    args = parser.parse_args()
    jena = not args.no_jena and jena_available()
    severities = "/".join(s.value[0] for s in Severity)
    print(f"median of {args.repeat} runs; results as {severities} counts")
    head = f"{'graph':<12} {'triples':>8} {'pyshacl 1st':>11} {'pyshacl':>8} {'results':>11}"
    print(head + (f" {'jena':>8} {'results':>11}" if jena else "  (Jena not installed)"))
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.copies:
            graph = replicated(copies)
            first, warm, found = timed_pyshacl(graph, args.repeat)
            name = "seed" if copies == 1 else f"seed x{copies}"
            line = f"{name:<12} {len(graph):>8} {first:>11.2f} {warm:>8.2f} {found:>11}"
            if jena:
                seconds, jena_found = timed_jena(graph, args.repeat, Path(tmp))
                line += f" {seconds:>8.2f} {jena_found:>11}"
                line += "" if jena_found == found else "  ENGINES DISAGREE"
            print(line, flush=True)
    print()
    print(f"{'olygraph export (seed)':<34} {'seconds':>8}")
    for label, cli_args in (
        ("with validation (default)", ["export"]),
        ("--no-validate", ["export", "--no-validate"]),
        ("olygraph validate", ["validate"]),
    ):
        print(f"{label:<34} {timed_cli(cli_args, args.repeat):>8.2f}")


if __name__ == "__main__":
    main()
