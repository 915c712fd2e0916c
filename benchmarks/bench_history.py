"""The history CSV to RDF side by side: olygraph's exporter against the floor, Morph-KGC and
rdflib, then validation, queries and medal counts on the full graph (issue 6, item 3).

Every tool runs as a subprocess of this one (one process tree), measured for wall time and peak
RSS (``history_measure``); writers run ``--repeat`` times round-robin (rdflib once), each after
``os.sync()`` with its previous output removed, and the medians are shown. Each output is
re-parsed with pyoxigraph and its distinct triples compared with the floor's, which must be the
same set (docs/history-model.md is the contract). Then, on olygraph's N-Triples (the floor's
when olygraph cannot export CSV yet): ``olygraph validate`` against one plain pyshacl run (same
findings), every bundled query after loading the graph as ``olygraph query`` does, and the
medal table of each Games against counts made from the CSV.

    .venv/bin/python benchmarks/bench_history.py [--csv F] [--nocs F] [--sample 0.1]
        [--repeat 3] [--skip rdflib --skip pyshacl-plain ...] [--json out.json] [--work DIR]

Morph-KGC runs in its own venv (.cache/bench-venvs/morph-kgc, created on first use) on a
derived CSV prepared by ``history_morph.py``; the preparation is timed apart and added.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import history_checks as checks  # noqa: E402
import history_morph as morph  # noqa: E402
from history_measure import Run, examples, measure, triples  # noqa: E402
from history_report import print_queries, print_validation, print_writers, writer_table  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data"
PY = sys.executable
OLYGRAPH = (
    [str(Path(PY).parent / "olygraph")]
    if (Path(PY).parent / "olygraph").exists()
    else [PY, "-m", "olygraph"]
)
SKIPPABLE = ("olygraph", "morph-kgc", "rdflib", "validate", "pyshacl-plain", "queries", "medals")


def sample(src: Path, fraction: float, folder: Path) -> Path:
    """The header and the first ``fraction`` of the data lines, bytes as in ``src``, gzipped
    under the same file name (so that the source IRIs do not change)."""
    with gzip.open(src, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    keep = lines[: 1 + max(1, round((len(lines) - 1) * fraction))]
    out = folder / src.name
    with gzip.open(out, "wb", compresslevel=6) as f:
        f.writelines(keep)
    return out


def olygraph_export(csv: Path, nocs: Path, fmt: str, out: Path) -> list[str]:
    return [
        *OLYGRAPH,
        "export",
        str(csv),
        str(nocs),
        "--format",
        fmt,
        "-o",
        str(out),
        "--no-validate",
    ]


def olygraph_available(csv: Path, nocs: Path, folder: Path) -> str | None:
    """None when ``olygraph export`` turns a few CSV rows into N-Triples, else why not."""
    tiny = folder / "tiny"
    tiny.mkdir(exist_ok=True)
    small = sample(csv, 0.0001, tiny)
    run = measure(olygraph_export(small, nocs, "nt", tiny / "t.nt"), timeout=300)
    if run.ok and (tiny / "t.nt").is_file() and (tiny / "t.nt").stat().st_size > 0:
        return None
    return (run.err.splitlines() or [f"exit {run.code}"])[-1][:160]


class Writers:
    """The writer runs: commands, measurements, outputs."""

    def __init__(self, csv: Path, nocs: Path, folder: Path, base: str) -> None:
        self.csv, self.nocs, self.folder, self.base = csv, nocs, folder, base
        self.runs: dict[str, list[Run]] = {}
        self.prep: list[Run] = []
        self.outputs: dict[str, Path] = {}
        self.missing: dict[str, str] = {}

    def commands(self, name: str) -> tuple[list[str], Path]:
        inputs = [str(self.csv), str(self.nocs)]
        out = self.folder / {"olygraph ttl": "olygraph.ttl"}.get(name, f"{name.split()[0]}.nt")
        if name.startswith("olygraph"):
            return olygraph_export(self.csv, self.nocs, name.split()[1], out), out
        script = {"floor": "history_floor.py", "rdflib": "history_rdflib.py"}[name]
        return [PY, str(HERE / script), *inputs, "-o", str(out), "--base", self.base], out

    def run(self, name: str) -> None:
        self.settle(name)
        if name == "morph-kgc":
            work = self.folder / "morph"
            prep = measure(
                [
                    PY,
                    str(HERE / "history_morph.py"),
                    self.csv,
                    self.nocs,
                    "--dir",
                    work,
                    "--base",
                    self.base,
                ]
            )
            self.prep.append(prep)
            done = measure([str(morph.python()), "-m", "morph_kgc", morph.CONFIG.name], cwd=work)
            total = Run(
                prep.wall + done.wall,
                max(prep.peak_mb, done.peak_mb),
                max(prep.tree_mb, done.tree_mb),
                prep.code or done.code,
                prep.err if prep.code else done.err,
            )
            self.runs.setdefault(name, []).append(total)
            self.outputs[name] = work / morph.OUTPUT
            return
        cmd, out = self.commands(name)
        self.runs.setdefault(name, []).append(measure(cmd))
        self.outputs[name] = out

    def settle(self, name: str) -> None:
        """Every run starts alike: its previous output removed (no run pays for freeing the
        pages of an old file) and the page cache's dirty pages written out (no run is
        throttled by the writeback of the 600 MB the run before it wrote)."""
        old = self.outputs.get(name)
        if old is not None:
            old.unlink(missing_ok=True)
        os.sync()
        time.sleep(1)

    def median(self, name: str) -> Run | None:
        runs = self.runs.get(name)
        if not runs:
            return None
        ok = [r for r in runs if r.ok] or runs
        return Run(
            statistics.median(r.wall for r in ok),
            max(r.peak_mb for r in ok),
            max(r.tree_mb for r in ok),
            ok[-1].code,
            ok[-1].err,
        )


def compare_outputs(w: Writers) -> dict[str, dict[str, Any]]:
    """Distinct triples of each output and whether they are the floor's set."""
    floor = triples(w.outputs["floor"]) if w.median("floor") else set()
    out: dict[str, dict[str, Any]] = {}
    for name, path in w.outputs.items():
        run = w.median(name)
        if run is None or not run.ok or not path.is_file():
            out[name] = {"triples": None, "same": None}
            continue
        found = floor if name == "floor" else triples(path)
        info: dict[str, Any] = {"triples": len(found), "same": found == floor}
        if found != floor:
            info["missing"] = examples(w.outputs["floor"], floor - found)
            info["extra"] = examples(path, found - floor)
        out[name] = info
    return out


def validation(
    graph: Path, folder: Path, skip: set[str], timeout: float, backend: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"graph": graph.name, "plain_backend": backend}
    if "validate" not in skip:
        report = folder / "validate.json"
        run = measure(
            [*OLYGRAPH, "validate", graph, "--format", "json"], timeout=timeout, stdout=report
        )
        out["olygraph"] = _validated(run, report, lambda d: d["results"])
    if "pyshacl-plain" not in skip:
        report = folder / "pyshacl.json"
        run = measure(
            [
                PY,
                HERE / "history_checks.py",
                "pyshacl",
                graph,
                "--json",
                report,
                "--backend",
                backend,
            ],
            timeout=timeout,
        )
        out["pyshacl"] = _validated(run, report, lambda d: d["results"])
    return out


def _validated(run: Run, report: Path, results: Any) -> dict[str, Any]:
    info: dict[str, Any] = {
        "wall": run.wall,
        "peak_mb": run.peak_mb,
        "code": run.code,
        "timed_out": run.timed_out,
    }
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info["error"] = "timed out" if run.timed_out else run.err or f"no report (exit {run.code})"
        return info
    found = checks.findings(results(data))
    info["findings"] = found
    info["counts"] = {
        s: sum(n for f, n in found.items() if f[0] == s) for s in ("Violation", "Warning", "Info")
    }
    for key in ("load_s", "validate_s"):
        if key in data:
            info[key] = data[key]
    return info


def medal_check(per_games: dict[str, Any], csv: Path) -> dict[str, Any]:
    """Medal counts per (Games, NOC) from the medal-table query against the CSV's."""
    expected = checks.csv_medals(csv)
    found: dict[tuple[str, str], list[int]] = {}
    for games, info in per_games.items():
        for row in info.get("table") or ():
            found[(games, row[1] or "")] = [int(row[3]), int(row[4]), int(row[5])]
    keys = sorted(set(expected) | set(found))
    wrong = [(k, expected.get(k), found.get(k)) for k in keys if expected.get(k) != found.get(k)]
    return {
        "pairs": len(keys),
        "agree": not wrong and bool(keys),
        "examples": [f"{g} {n}: CSV {e} query {f}" for (g, n), e, f in wrong[:8]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DATA / "athlete_events.csv.gz")
    parser.add_argument("--nocs", type=Path, default=DATA / "noc_regions.csv.gz")
    parser.add_argument("--sample", type=float, help="only the first FRACTION of the rows")
    parser.add_argument("--repeat", type=int, default=3, help="runs per writer (rdflib: 1)")
    parser.add_argument("--skip", action="append", default=[], choices=SKIPPABLE)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--work", type=Path, help="keep outputs in this folder")
    parser.add_argument("--base", default=morph.m.DEFAULT_BASE)
    parser.add_argument("--timeout", type=float, default=3600, help="per validation run (s)")
    parser.add_argument(
        "--plain-backend",
        choices=["oxigraph", "rdflib"],
        default="oxigraph",
        help="data graph of the plain pyshacl run (oxigraph)",
    )
    args = parser.parse_args(argv)
    skip = set(args.skip)
    folder = args.work or Path(tempfile.mkdtemp(prefix="bench-history-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        csv, nocs = args.csv, args.nocs
        if args.sample:
            csv = sample(args.csv, args.sample, folder)
        print(
            f"input: {csv.name} ({'sample ' + str(args.sample) if args.sample else 'full'}), "
            f"{nocs.name}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
        )
        w = Writers(csv, nocs, folder, args.base)
        names = ["floor"]
        if "olygraph" not in skip:
            why = olygraph_available(csv, nocs, folder)
            if why is None:
                names[:0] = ["olygraph nt", "olygraph ttl"]
            else:
                w.missing["olygraph nt"] = w.missing["olygraph ttl"] = why
        if "morph-kgc" not in skip:
            try:
                morph.ensure_venv()
                names.append("morph-kgc")
            except Exception as err:  # no network, no wheel: report it and go on
                w.missing["morph-kgc"] = f"venv: {err}"
        for i in range(args.repeat):
            for name in names:
                w.run(name)
                print(f"  run {i + 1}: {name} {w.runs[name][-1].wall:.1f} s", flush=True)
        if "rdflib" not in skip:
            w.run("rdflib")
            print(f"  run 1: rdflib {w.runs['rdflib'][-1].wall:.1f} s", flush=True)
        counts = compare_outputs(w)
        rows = writer_table(w, counts)
        print()
        print_writers(rows)
        result: dict[str, Any] = {"input": csv.name, "sample": args.sample, "writers": rows}
        graph = w.outputs.get("olygraph nt") if w.median("olygraph nt") else w.outputs["floor"]
        if not {"validate", "pyshacl-plain"} <= skip:
            v = validation(graph, folder, skip, args.timeout, args.plain_backend)
            result["validation"] = print_validation(v)
        if "queries" not in skip:
            qjson = folder / "queries.json"
            qrun = measure(
                [
                    PY,
                    HERE / "history_checks.py",
                    "queries",
                    graph,
                    "--json",
                    qjson,
                    "--base",
                    args.base,
                ]
            )
            if qrun.ok:
                q = json.loads(qjson.read_text(encoding="utf-8"))
                print_queries(q, qrun)
                if "medals" not in skip:
                    medals = medal_check(q["per_games"], csv)
                    print(
                        f"\nmedal counts per Games and NOC ({medals['pairs']} pairs) against "
                        f"the CSV: {'agree ✓' if medals['agree'] else 'DISAGREE ✗'}"
                    )
                    for line in medals["examples"]:
                        print(f"  {line}")
                    result["medals"] = medals
                for info in [*q["queries"].values(), *q["per_games"].values()]:
                    info.pop("table", None)
                result["queries"] = q | {"process_s": qrun.wall, "peak_mb": qrun.peak_mb}
            else:
                print(f"\nqueries failed: {qrun.err}")
        if args.json:
            args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", "utf-8")
        same = all(r.get("same") is not False for r in rows)
        agree = result.get("medals", {}).get("agree", True)
        findings = result.get("validation", {}).get("same_findings") is not False
        return 0 if same and agree and findings else 1
    finally:
        if args.work is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
