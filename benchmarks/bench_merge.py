"""Overhead of merging articles into the history CSV on export (issue 7).

Runs, side by side and alternating, ``olygraph export CSV -f nt`` (the CSV alone) and
``olygraph export ARTICLES SEEDS CSV -f nt`` (merged), and ``--no-merge`` for the articles'
own cost; prints the median wall time of each and the ratios.

    .venv/bin/python benchmarks/bench_merge.py [--repeat 3]
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


def run(args: list[str], out: Path) -> float:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "olygraph", "export", *args, "-f", "nt", "-o", str(out)]
    subprocess.run(cmd, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    opts = ap.parse_args()
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
