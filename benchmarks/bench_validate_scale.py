"""Validation at scale: ``olygraph validate FILE.nt`` with the fast engine
(olygraph.validate.shacl: the
shapes compiled into SPARQL on pyoxigraph) against pySHACL, side by side on the same N-Triples.

Each run is its own process (so that load time, validation time and peak RSS are its own; peak
RSS is the child's ``ru_maxrss``, what ``/usr/bin/time -v`` reports as "Maximum resident set
size"). Engines:

- ``fast``: the file loaded by pyoxigraph, validated by the fast engine (``--engine fast``);
- ``pyshacl``: the file parsed by rdflib, validated by pySHACL with olygraph's speed-ups
  (``--engine pyshacl``);
- ``pyshacl-plain``: one plain ``pyshacl.validate`` call on the rdflib graph, no speed-ups;
- ``jena``: Apache Jena's SHACL validator (``scripts/jena-shacl``, a JVM process; "load" is 0,
  "validate" the whole Jena run; its report names anonymous shapes by fresh blank nodes, so it
  is compared without the source shape).

The table gives medians of ``--repeat`` runs (wall times; "total" is the whole process, "CPU" its
user and system time over all threads), the results per severity, and whether each engine
found the same results (focus node, path, value, source shape, component, severity) as the
first engine listed that ran on the same data. Data: ``--data FILE.nt`` (the history export,
say), or the shared articles exported once and copied under ``--copies`` different base IRIs
(the same as exporting them with each ``--base``), each size a separate row.
``--max-triples ENGINE=N`` skips an engine on bigger data (pySHACL takes minutes per 100k).

    .venv/bin/python benchmarks/bench_validate_scale.py --copies 20 200 700 \\
        --engines fast pyshacl --max-triples pyshacl=150000 pyshacl-plain=150000
    .venv/bin/python benchmarks/bench_validate_scale.py --data history.nt --engines fast
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "articles"
ENGINES = ("fast", "pyshacl", "pyshacl-plain", "jena")
JENA = ROOT / "scripts" / "jena-shacl"
PLACEHOLDER = "https://bench.invalid/base/"


# --- a child process: one engine on one file ----------------------------------------------------


def child(engine: str, data: Path, out: Path) -> None:
    """Validate ``data`` with ``engine``; write times, counts and findings to ``out`` (JSON)."""
    from olygraph.validate.outcome import read_report
    from olygraph.validate.run import load_inputs, run, shapes_graph, validate
    from olygraph.vocab import DEFAULT_BASE

    start = time.perf_counter()
    if engine == "jena":
        jena(data, out)
        return
    loaded = load_inputs([data], DEFAULT_BASE, "fast" if engine == "fast" else "pyshacl")
    loaded_at = time.perf_counter()
    if engine == "pyshacl-plain":
        import pyshacl
        from rdflib import Graph

        graph = loaded.graph
        assert isinstance(graph, Graph)
        _c, report, _t = pyshacl.validate(
            graph, shacl_graph=shapes_graph(), inference="none", allow_infos=True,
            allow_warnings=True, advanced=False, meta_shacl=False,
        )  # fmt: skip
        results = read_report(report, graph, shapes_graph())
        triples = len(graph)
    else:
        graph = loaded.graph
        outcome = validate(graph) if engine == "fast" else run(graph, shapes_graph())  # type: ignore[arg-type]
        results, triples = outcome.results, outcome.triples
    done = time.perf_counter()
    write(out, triples, loaded_at - start, done - loaded_at, results)


def jena(data: Path, out: Path) -> None:
    """Jena's validator on ``data`` with olygraph's shapes; its report read as results."""
    from rdflib import Graph

    from olygraph.validate.outcome import read_report
    from olygraph.validate.run import shapes_graph

    shapes = out.with_suffix(".shapes.nt")
    shapes_graph().serialize(shapes, format="nt", encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(JENA), "validate", "--shapes", str(shapes), "--data", str(data)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    report = Graph().parse(data=done.stdout, format="turtle")
    results = read_report(report, Graph(), shapes_graph())
    write(out, _lines(data), 0.0, seconds, results, with_shape=False)


def write(
    out: Path, triples: int, load: float, check: float, results: Any, with_shape: bool = True
) -> None:
    findings = sorted(
        [r.focus_node, r.path or "", r.value or "", r.constraint_component, r.severity.value,
         *([r.source_shape or ""] if with_shape else [])]
        for r in results
    )  # fmt: skip
    out.write_text(json.dumps({
        "triples": triples, "load": load, "validate": check, "with_shape": with_shape,
        "counts": Counter(r.severity.value for r in results), "findings": findings,
    }))  # fmt: skip


# --- the parent: data, runs, table ---------------------------------------------------------------


def replicated(copies: int, folder: Path) -> Path:
    """The shared articles (or the seed) exported once, then copied under ``copies`` base IRIs."""
    from olygraph import api
    from olygraph.write.rdf import serialize

    path = folder / f"articles-x{copies}.nt"
    if path.exists():
        return path
    inputs = [ARTICLES] if ARTICLES.is_dir() else []
    once = serialize(api.export(inputs, PLACEHOLDER).dataset, "nt").decode("utf-8")
    with path.open("w", encoding="utf-8") as f:
        for n in range(copies):
            f.write(once.replace(PLACEHOLDER, f"https://example.org/copy{n}/"))
    return path


def measure(engine: str, data: Path, folder: Path) -> tuple[dict[str, Any], float, int, float]:
    """One run in a child process: its report, wall time, peak RSS (kB), CPU time (user and
    system, every thread: the part of the wall time other processes cannot inflate)."""
    out = folder / f"{engine}.json"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", engine, str(data), str(out)], cwd=ROOT
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{engine} on {data} failed (status {status})")
    return json.loads(out.read_text()), wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, nargs="*", default=[], help="N-Triples files")
    parser.add_argument("--copies", type=int, nargs="*", default=[], help="article copies")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=["fast", "pyshacl"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-triples", nargs="*", default=[], metavar="ENGINE=N")
    parser.add_argument(
        "--child", nargs=3, metavar=("ENGINE", "DATA", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    limits = {k: int(v) for k, v in (item.split("=", 1) for item in args.max_triples)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copies = args.copies or ([] if args.data else [20])
        files = list(args.data) + [replicated(n, folder) for n in copies]
        print(f"median of {args.repeat} runs; results as violations/warnings/notes; "
              f"{os.cpu_count()} CPUs")  # fmt: skip
        print(f"{'data':<22} {'engine':<14} {'triples':>9} {'load s':>8} {'validate s':>10} "
              f"{'total s':>8} {'CPU s':>7} {'peak RSS':>9} {'results':>13}  same")  # fmt: skip
        for data in files:
            reference: dict[str, Any] | None = None
            for engine in args.engines:
                if _lines(data) > limits.get(engine, sys.maxsize):
                    print(f"{data.name:<22} {engine:<14} (skipped: over --max-triples)")
                    continue
                runs = [measure(engine, data, folder) for _ in range(args.repeat)]
                report = runs[-1][0]
                counts = report["counts"]
                found = "/".join(str(counts.get(s, 0)) for s in ("Violation", "Warning", "Info"))
                same = "" if reference is None else ("✓" if _same(report, reference) else "✗")
                if reference is None:
                    reference = report
                load = statistics.median(r[0]["load"] for r in runs)
                check = statistics.median(r[0]["validate"] for r in runs)
                wall = statistics.median(r[1] for r in runs)
                rss = statistics.median(r[2] for r in runs) / 1024
                cpu = statistics.median(r[3] for r in runs)
                print(
                    f"{data.name:<22} {engine:<14} {report['triples']:>9} {load:>8.1f} "
                    f"{check:>10.1f} {wall:>8.1f} {cpu:>7.1f} {rss:>7.0f}MB {found:>13}  {same}",
                    flush=True,
                )


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same findings; without the source shape when one side is Jena's."""
    if a["with_shape"] and b["with_shape"]:
        return bool(a["findings"] == b["findings"])
    return sorted(f[:5] for f in a["findings"]) == sorted(f[:5] for f in b["findings"])


def _lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


if __name__ == "__main__":
    main()
