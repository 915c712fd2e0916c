"""``olygraph inspect`` and ``olygraph validate`` of articles at corpus scale (issue 19): the
streamed commands against the whole-graph paths they replace, side by side in one run.

Corpora of N distinct event articles are made by ``gen_corpus.py``. Each run is a subprocess
measured by ``history_measure.measure`` (wall time, peak RSS of the largest process and of the
whole process tree). Streamed: ``olygraph inspect CORPUS`` and ``olygraph validate CORPUS``.
Whole graph, as the commands were before: inspect = ``api.export`` then
``api.report.inspect_text``; validate = the articles streamed to N-Triples and loaded into one
fast-engine store (``validate.inputs.load_inputs``) then ``validate.run.validate``. Runs go
round robin ``--repeat`` times; medians are shown.

    .venv/bin/python benchmarks/bench_article_commands.py [--sizes 100,400,1600] [--repeat 1]
        [--whole 100,400,1600] [--jobs N] [--work DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_corpus import generate  # noqa: E402
from history_measure import Run, measure  # noqa: E402

PY = sys.executable
OLYGRAPH = str(Path(PY).parent / "olygraph")
INSPECT = (
    "import sys; from pathlib import Path; from olygraph import api; "
    "from olygraph.api.report import inspect_text; "
    "r = api.export([Path(sys.argv[1])]); "
    "sys.stdout.write(inspect_text([a.facts for a in r.articles if a.facts], r.dataset))"
)
VALIDATE = (
    "import sys; from pathlib import Path; "
    "from olygraph.validate.run import load_inputs, validate; "
    "from olygraph.validate.report import render; "
    "sys.stdout.write(render(validate(load_inputs([Path(sys.argv[1])], "
    "'https://w3id.org/olygraph/id/', 'fast').graph), 'text'))"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,400,1600")
    ap.add_argument("--whole", default="100,400,1600", help="sizes for the whole-graph paths")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    whole = [int(s) for s in args.whole.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-commands-"))
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    corpora = {n: work / f"corpus-{n}" for n in sizes}
    for n, folder in corpora.items():
        generate(n, folder)
    runs: dict[str, list[Run]] = {}
    outputs: dict[str, bytes] = {}

    def record(key: str, cmd: list[str]) -> None:
        out = work / "out.txt"
        r = measure(cmd, stdout=out)
        if r.code not in (0, 1):  # validate exits 1 on violations
            raise SystemExit(f"failed ({r.code}): {' '.join(cmd)}\n{r.err}")
        outputs[key] = out.read_bytes()
        runs.setdefault(key, []).append(r)
        print(f"  {key}: {r.wall:.2f} s, largest {r.peak_mb:.0f} MB, tree {r.tree_mb:.0f} MB")

    for i in range(args.repeat):
        print(f"round {i + 1}/{args.repeat}", flush=True)
        for n in sizes:
            corpus = str(corpora[n])
            record(f"{n} inspect", [OLYGRAPH, "inspect", *jobs, corpus])
            record(f"{n} validate", [OLYGRAPH, "validate", *jobs, corpus])
            if n in whole:
                record(f"{n} inspect whole", [PY, "-c", INSPECT, corpus])
                record(f"{n} validate whole", [PY, "-c", VALIDATE, corpus])

    def med(key: str, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs[key])

    print("\n| articles | command | streamed s | largest MB | tree MB "
          "| whole-graph s | largest MB | same output |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for command in ("inspect", "validate"):
            key, old = f"{n} {command}", f"{n} {command} whole"
            cells = "– | – | –"
            if old in runs:
                same = "yes" if outputs[key] == outputs[old] else "NO"
                cells = f"{med(old, 'wall'):.2f} | {med(old, 'peak_mb'):.0f} | {same}"
            print(
                f"| {n:,} | {command} | {med(key, 'wall'):.2f} | {med(key, 'peak_mb'):.0f} | "
                f"{med(key, 'tree_mb'):.0f} | {cells} |"
            )


if __name__ == "__main__":
    main()
