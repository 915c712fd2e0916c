"""Overhead of merging articles into the history CSV on export (issue 7), and at corpus scale
(issue 19).

Runs, side by side and alternating, ``olygraph export CSV -f nt`` (the CSV alone) and
``olygraph export ARTICLES SEEDS CSV -f nt`` (merged), and ``--no-merge`` for the articles'
own cost; prints the median wall time of each and the ratios.

``--corpus 400,1600``: generated corpora of distinct articles (``gen_corpus.py``) merged into
the whole history CSV and NOC table, streamed (the plan made from the mapped groups), with the
time and peak memory of the process tree; ``--rdflib 400``: the same through the articles'
rdflib graph (``api.export`` then ``merge_articles``), the path before issue 19's streamed
merge, in the same run.

    .venv/bin/python benchmarks/bench_merge.py [--repeat 3] [--corpus 400,1600] [--rdflib 400]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import generate  # noqa: E402
from history_measure import measure  # noqa: E402

#: the rdflib path: every article in one rdflib dataset, merged, written after the datasets
RDFLIB = """
import sys
from pathlib import Path
from olygraph import api
*inputs, out = sys.argv[1:]
articles, datasets = api.split_inputs([Path(p) for p in inputs])
with open(out, "wb") as fh:
    api.stream_export(datasets, "nt", fh, articles=api.export(api.expand_inputs(articles)))
"""


def run(args: list[str], out: Path) -> float:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "olygraph", "export", *args, "-f", "nt", "-o", str(out)]
    subprocess.run(cmd, check=False, capture_output=True)
    return time.perf_counter() - start


def corpus(sizes: list[int], rdflib: set[int], repeat: int) -> None:
    """Streamed merges of generated corpora into the whole history, against the CSV alone."""
    data = SHARED / "data"
    csv = [str(data / "athlete_events.csv.gz"), str(data / "noc_regions.csv.gz")]
    olygraph = [sys.executable, "-m", "olygraph", "export", "-f", "nt", "--no-validate"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.nt"
        cases: dict[str, list[str]] = {"csv alone": [*olygraph, *csv, "-o", str(out)]}
        for n in sizes:
            folder = str(generate(n, Path(tmp) / f"corpus-{n}")[0].parent)
            cases[f"{n} merged"] = [*olygraph, folder, *csv, "-o", str(out)]
            if n in rdflib:
                cases[f"{n} rdflib"] = [sys.executable, "-c", RDFLIB, folder, *csv, str(out)]
        runs: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
        for _ in range(repeat):
            for name, cmd in cases.items():
                run_ = measure(cmd, cwd=ROOT)
                if not run_.ok:
                    raise SystemExit(f"{name}: exit {run_.code}: {run_.err}")
                runs[name].append((run_.wall, run_.tree_mb))
    base = statistics.median(w for w, _ in runs["csv alone"])
    print("| run | median s | ÷ csv alone | tree MB |")
    print("|---|---:|---:|---:|")
    for name, got in runs.items():
        wall = statistics.median(w for w, _ in got)
        mb = max(m for _, m in got)
        print(f"| {name} | {wall:.2f} | {wall / base:.2f} | {mb:.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", default="", help="sizes of generated corpora, e.g. 400,1600")
    ap.add_argument("--rdflib", default="", help="of those, the sizes to run the rdflib path on")
    opts = ap.parse_args()
    if opts.corpus:
        sizes = [int(n) for n in opts.corpus.split(",")]
        rdflib = {int(n) for n in opts.rdflib.split(",") if n}
        corpus(sizes, rdflib, opts.repeat)
        return
    csv = str(SHARED / "data" / "athlete_events.csv.gz")
    articles = [str(SHARED / "articles"), *sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))]
    cases = {
        "csv alone": [csv],
        "merged": [*articles, csv],
        "no-merge": [*articles, csv, "--no-merge"],
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(opts.repeat):
            for name, args in cases.items():
                times[name].append(run(args, Path(tmp) / "out.nt"))
    med = {k: statistics.median(v) for k, v in times.items()}
    for k, v in med.items():
        print(f"{k:10s} median {v:6.2f} s  ({', '.join(f'{t:.2f}' for t in times[k])})")
    print(f"merged / csv alone   = {med['merged'] / med['csv alone']:.3f}")
    print(f"merged / no-merge    = {med['merged'] / med['no-merge']:.3f}")


if __name__ == "__main__":
    main()
