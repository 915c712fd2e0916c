"""Where the streamed validation's time goes (issue 19): CPU per triple, by check.

Captures the parts a validated ``export`` of ``N`` generated articles sends to its workers
(:class:`olygraph.validate.stream.PartValidator`), then validates each in this process, one
check at a time and timed: the store's load, the focus-set updates, each check's query, the
conversion of its rows and their findings, and the results (``run_fast``'s own work). Prints
the CPU seconds and µs per triple of each, the biggest first.

    .venv/bin/python benchmarks/profile_validate_parts.py [N] [--parts K] [--work DIR]
        [--part-triples T]
"""

from __future__ import annotations

import argparse
import io
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import Future
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_corpus import generate  # noqa: E402

from olygraph.api.articles import ArticleStream  # noqa: E402
from olygraph.validate import stream as vs  # noqa: E402
from olygraph.validate.shacl.compile import SparqlCheck  # noqa: E402
from olygraph.validate.shacl.engine import Engine  # noqa: E402

Part = tuple[bytes, frozenset[str]]


def capture(n: int, work: Path, part_triples: int) -> list[Part]:
    """The parts (N-Triples, shared subjects) a validated export of ``n`` articles checks."""
    paths = generate(n, work / f"corpus-{n}")
    parts: list[Part] = []

    def submit(fn: Any, *args: Any) -> Future[tuple[list[Any], int]]:
        parts.append(args)  # type: ignore[arg-type]
        done: Future[tuple[list[Any], int]] = Future()
        done.set_result(([], 0))
        return done

    with ArticleStream(paths, jobs=1) as stream:
        stream.read("nt", keep_graphs=False, check=True)
        tee = vs.PartValidator(submit, stream.base, part_triples)
        stream.write("nt", io.BytesIO(), tee)
    return parts


def name(check: Any) -> str:
    label = str(check.shape.label).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return f"{type(check).__name__}:{label}"


def profile(parts: list[Part]) -> None:
    _, model = vs._shapes()
    cost: dict[str, float] = defaultdict(float)
    rows: dict[str, int] = defaultdict(int)
    triples = 0
    cache: list[Any] = [None]
    clock = time.process_time
    total0 = clock()
    for data, _drop in parts:
        t = clock()
        store = vs.part_store(data)
        cost["(load part store)"] += clock() - t
        triples += store.triples
        t = clock()
        engine = Engine(store, model)
        checks = engine.checks(cache)
        cost["(compile / focus-set updates)"] += clock() - t
        functions = engine._functions()
        for check in checks:
            t = clock()
            solutions = store.store.query(check.query, custom_functions=functions)
            names = [v.value for v in solutions.variables]
            got = [tuple(s[n] for n in names) for s in solutions]
            t2 = clock()
            list(engine._findings(check, got, names))
            t3 = clock()
            cost[name(check)] += t2 - t
            cost["(findings of all checks)"] += t3 - t2
            rows[name(check)] += len(got)
        del store, engine
    total = clock() - total0
    print(f"{len(parts)} parts, {triples:,} triples, {total:.2f} s CPU, "
          f"{1e6 * total / triples:.2f} µs/triple (queries one at a time, no threads)")  # fmt: skip
    for key, s in sorted(cost.items(), key=lambda kv: -kv[1]):
        if s >= 0.005 * total:
            share = f"{1e6 * s / triples:7.3f} µs/t {100 * s / total:5.1f} %"
            print(f"{share}  {rows.get(key, '')!s:>7}  {key}")
    rest = sum(s for s in cost.values() if s < 0.005 * total)
    print(f"{1e6 * rest / triples:7.3f} µs/t {100 * rest / total:5.1f} %           (the rest)")
    sparql = sum(s for k, s in cost.items() if k.startswith(SparqlCheck.__name__))
    print(f"SPARQL constraints: {1e6 * sparql / triples:.3f} µs/t; checks: {len(checks)}")


def whole(parts: list[Part]) -> None:
    """``check_part`` as the workers run it (one thread), after a first part that reads and
    compiles the shapes (once per worker process)."""
    vs.check_part(*parts[-1])
    t = time.process_time()
    triples = sum(vs.check_part(data, drop)[1] for data, drop in parts[:-1])
    s = time.process_time() - t
    print(f"check_part: {s:.2f} s CPU, {1e6 * s / triples:.2f} µs/triple")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=400)
    ap.add_argument("--parts", type=int, default=0, help="only the first K parts")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--part-triples", type=int, default=20_000)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="profile-validate-"))
    saved = work / f"parts-{args.n}-{args.part_triples}.pickle"
    if saved.exists():
        parts = pickle.loads(saved.read_bytes())
    else:
        parts = capture(args.n, work, args.part_triples)
        saved.write_bytes(pickle.dumps(parts))
    if args.parts:
        parts = parts[: args.parts]
    whole(parts)
    profile(parts)


if __name__ == "__main__":
    main()
