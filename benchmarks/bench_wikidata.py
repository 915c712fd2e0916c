"""Time of the Wikidata profile (``olygraph.wikidata``): turning an olygraph dataset into
Wikibase statements, and validating the result with the profile's shapes.

Datasets: the shared articles (or the seed when they are absent) exported under N different
base IRIs and merged (the copies share no node), for each N of ``--copies``. Each step runs
``--repeat`` times; the table shows medians in seconds and the rate in input triples per second,
beside the time of our own export of the same inputs (once, merging included) for scale.

    .venv/bin/python benchmarks/bench_wikidata.py [--copies 1 5 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset

from olygraph import api
from olygraph.wikidata import profile_graph
from olygraph.wikidata.validate import validate_profile

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "articles"
BASE = "https://example.org/copy0/"


def inputs() -> list[Path]:
    return sorted(ARTICLES.glob("*.txt")) if ARTICLES.is_dir() else []


def replicated(copies: int) -> Dataset:
    merged = Dataset()
    for i in range(copies):
        ds = api.export(inputs(), f"https://example.org/copy{i}/").dataset
        for s, p, o, g in ds.quads((None, None, None, None)):
            merged.graph(g).add((s, p, o))
    return merged


def median(step: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"inputs: {len(inputs()) or 'the seed'} article(s) per copy; medians of {args.repeat}")
    print(f"{'copies':>6} {'own':>8} {'profile':>8} {'export s':>9} {'profile s':>10} "
          f"{'triples/s':>10} {'validate s':>11}")  # fmt: skip
    for copies in args.copies:
        start = time.perf_counter()
        data = replicated(copies)  # our own export of every copy, merged
        export = time.perf_counter() - start
        out = profile_graph(data, BASE)
        profile = median(lambda d=data: profile_graph(d, BASE), args.repeat)
        check = median(lambda g=out: validate_profile(g), args.repeat)
        print(f"{copies:>6} {len(data):>8} {len(out):>8} {export:>9.2f} "
              f"{profile:>10.2f} {len(data) / profile:>10.0f} {check:>11.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
