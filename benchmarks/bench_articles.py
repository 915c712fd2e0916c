"""Articles at corpus scale (issue 19): the streamed article export against the dataset path
and the rdflib path, side by side in one run.

Corpora of N distinct event articles are made by ``gen_corpus.py`` (each copy of a shared
article or the seed numbers its event name). Every run is ``olygraph export -f nt -o FILE`` as
a subprocess, measured by ``history_measure.measure``: wall time, peak RSS of the largest
process and of the whole process tree (the main process and its ``--jobs`` workers), and the
tree's CPU time (user + system: steadier than wall time on a shared machine). Per size:
``--no-validate`` and the default (validated) export; the history CSV (``--no-validate``) gives
the dataset path's time per triple in the same run; the rdflib path (``api.export`` then
``write.rdf.serialize``, as export was before) runs at the ``--rdflib`` sizes. Runs go round
robin ``--repeat`` times (rdflib once); medians are shown.

    .venv/bin/python benchmarks/bench_articles.py [--sizes 100,400,1000,1600] [--big]
        [--repeat 3] [--rdflib 100,400] [--jobs N] [--work DIR] [--json out.json]

``--big`` adds 10,000 articles (once, not repeated).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_corpus import generate  # noqa: E402
from history_measure import Run, measure  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data"
PY = sys.executable
OLYGRAPH = [str(Path(PY).parent / "olygraph")]
RDFLIB = (
    "import sys; from pathlib import Path; from olygraph import api; "
    "from olygraph.write.rdf import serialize; "
    "Path(sys.argv[2]).write_bytes(serialize(api.export([Path(sys.argv[1])]).dataset, 'nt'))"
)


def lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def run(cmd: list[str], out: Path) -> tuple[Run, int]:
    out.unlink(missing_ok=True)
    r = measure(cmd)
    if not r.ok:
        raise SystemExit(f"failed ({r.code}): {' '.join(cmd)}\n{r.err}")
    return r, lines(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,400,1000,1600")
    ap.add_argument("--big", action="store_true", help="add 10,000 articles (run once)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rdflib", default="100,400", help="sizes for the rdflib path ('' none)")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--csv", type=Path, default=DATA / "athlete_events.csv.gz")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rdflib_sizes = [int(s) for s in args.rdflib.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-articles-"))
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    corpora = {n: work / f"corpus-{n}" for n in [*sizes, *([10_000] if args.big else [])]}
    for n, folder in corpora.items():
        generate(n, folder)
    out = work / "out.nt"
    export = [*OLYGRAPH, "export", "-f", "nt", "-o", str(out)]
    runs: dict[str, list[Run]] = {}
    triples: dict[str, int] = {}

    def record(key: str, cmd: list[str]) -> None:
        r, n = run(cmd, out)
        runs.setdefault(key, []).append(r)
        triples[key] = n
        print(f"  {key}: {r.wall:.2f} s, {r.cpu:.2f} s CPU, tree {r.tree_mb:.0f} MB, "
              f"{n:,} triples", flush=True)  # fmt: skip

    for i in range(args.repeat):
        print(f"round {i + 1}/{args.repeat}", flush=True)
        record("dataset", [*export, "--no-validate", str(args.csv)])
        for n in sizes:
            record(f"{n}", [*export, "--no-validate", *jobs, str(corpora[n])])
            record(f"{n} validated", [*export, *jobs, str(corpora[n])])
    if args.big:
        record("10000", [*export, "--no-validate", *jobs, str(corpora[10_000])])
        record("10000 validated", [*export, *jobs, str(corpora[10_000])])
    for n in rdflib_sizes:
        record(f"{n} rdflib", [PY, "-c", RDFLIB, str(corpora[n]), str(out)])
    out.unlink(missing_ok=True)
    report(runs, triples, sizes + ([10_000] if args.big else []), rdflib_sizes, args.json)


def report(
    runs: dict[str, list[Run]], triples: dict[str, int], sizes: list[int], rdflib: list[int],
    path: Path | None,
) -> None:  # fmt: skip
    def med(key: str, attr: str) -> float:
        return float(statistics.median(getattr(r, attr) for r in runs[key]))

    base = med("dataset", "wall") / triples["dataset"] * 1e6
    rows: list[dict[str, Any]] = []
    print(
        f"\ndataset path: {triples['dataset']:,} triples, {med('dataset', 'wall'):.2f} s, "
        f"{base:.2f} µs/triple, tree {med('dataset', 'tree_mb'):.0f} MB\n"
    )
    print("| articles | triples | export s | µs/triple | ÷ dataset | tree MB | largest MB "
          "| validated s | ÷ unvalidated | validated tree MB | CPU s | validated CPU s "
          "| ÷ CPU | rdflib s | rdflib MB |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        key, val, rdf = f"{n}", f"{n} validated", f"{n} rdflib"
        per = med(key, "wall") / triples[key] * 1e6
        cpu, validated_cpu = med(key, "cpu"), med(val, "cpu")
        row = {
            "articles": n,
            "triples": triples[key],
            "wall": med(key, "wall"),
            "per_triple_us": per,
            "ratio_dataset": per / base,
            "tree_mb": med(key, "tree_mb"),
            "largest_mb": med(key, "peak_mb"),
            "validated_wall": med(val, "wall"),
            "ratio_validated": med(val, "wall") / med(key, "wall"),
            "cpu": cpu,
            "validated_cpu": validated_cpu,
            "validated_tree_mb": med(val, "tree_mb"),
            "rdflib_wall": med(rdf, "wall") if n in rdflib else None,
            "rdflib_mb": med(rdf, "peak_mb") if n in rdflib else None,
            "runs": len(runs[key]),
        }
        rows.append(row)
        rdflib_cells = (
            f"{row['rdflib_wall']:.2f} | {row['rdflib_mb']:.0f}" if n in rdflib else "– | –"
        )
        print(
            f"| {n:,} | {row['triples']:,} | {row['wall']:.2f} | {per:.2f} | "
            f"{row['ratio_dataset']:.2f} | {row['tree_mb']:.0f} | {row['largest_mb']:.0f} | "
            f"{row['validated_wall']:.2f} | {row['ratio_validated']:.2f} | "
            f"{row['validated_tree_mb']:.0f} | {cpu:.2f} | {validated_cpu:.2f} | "
            f"{validated_cpu / cpu:.2f} | {rdflib_cells} |"
        )
    if path is not None:
        dataset = {"triples": triples["dataset"], "wall": med("dataset", "wall"), "us": base}
        path.write_text(json.dumps({"dataset": dataset, "articles": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
