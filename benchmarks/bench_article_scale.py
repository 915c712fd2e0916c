"""Scale of one article: ``olygraph export`` (which validates) on a generated event article with
a results table of N rows, and a ~1 MB article of several such rounds. Each run is a fresh
``olygraph`` process; wall time and peak memory (max RSS of the child) are its median over the
repeats. Run: ``.venv/bin/python benchmarks/bench_article_scale.py [N ...] [--repeat R]``
(default 250 500 1000 2000, R = 3). Figures go to benchmarks/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

NOCS = ["DEN", "NED", "AUS", "FRA", "GBR", "USA", "ITA", "GER", "SWE", "BEL", "SUI", "NOR"]
HEAD = """= Cycling at the 1928 Summer Olympics – Men's track time trial =

Infobox
- Event: Men's track time trial
- Games: 1928 Summer
- Competitors: {n}
- Gold: Rider One
- Goldnoc: DEN

==Results==

"""


def table(rows: int, round_no: int = 0) -> str:
    lines = ["| Rank | Cyclist | Nation | Time | Notes |"]
    for i in range(1, rows + 1):
        seconds = 60 + i * 0.01
        mark = f"{int(seconds // 60)}:{seconds % 60:05.2f}"
        name = f"Rider {round_no} {i:05d}"
        lines.append(f"| {i} | {name} | {NOCS[(i - 1) % len(NOCS)]} | {mark} | |")
    return "\n".join(lines) + "\n"


def article(rows: int, rounds: int = 1) -> str:
    if rounds == 1:
        return HEAD.format(n=rows) + table(rows)
    parts = [HEAD.format(n=rows * rounds).replace("==Results==\n\n", "==Results==\n\n")]
    for r in range(1, rounds + 1):
        parts.append(f"===Heat {r}===\n\n" + table(rows, r) + "\n")
    return "".join(parts)


def run_once(path: Path) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak MB, exit code) of one ``olygraph export`` of ``path``
    (CPU time too: on a shared machine the wall time also measures the other processes)."""
    script = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run([sys.executable, '-m', 'olygraph', 'export', sys.argv[1],"
        " '-o', sys.argv[2]], capture_output=True)\n"
        "dt = time.perf_counter() - t\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(dt, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, p.returncode)\n"
    )
    out = path.with_suffix(".ttl")
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), str(out)], capture_output=True, text=True
    )
    seconds, cpu, mb, code = done.stdout.split()
    return float(seconds), float(cpu), float(mb), int(code)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="*", type=int, default=[250, 500, 1000, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--megabyte", action="store_true", help="also a ~1 MB article")
    args = parser.parse_args()
    cases = [(f"{n:,} rows", article(n)) for n in args.rows]
    if args.megabyte:
        cases.append(("~1 MB: 8 heats x 2,000 rows", article(2000, 8)))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, median of {args.repeat}")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| article | size | export+validate wall s | CPU s | peak MB | exit |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in cases:
            path = Path(tmp) / "article.txt"
            path.write_text(text, encoding="utf-8")
            runs = [run_once(path) for _ in range(args.repeat)]
            secs = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            mb = statistics.median(r[2] for r in runs)
            codes = sorted({r[3] for r in runs})
            size = f"{len(text.encode()) / 1024:,.0f} KB"
            print(
                f"| {label} | {size} | {secs:.1f} | {cpu:.1f} | {mb:,.0f} | {codes} |", flush=True
            )


if __name__ == "__main__":
    main()
