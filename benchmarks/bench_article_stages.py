"""CPU per article by stage of the streamed article export's pass 1 (issue 19), in one process.

Each article of a corpus (``gen_corpus.py``) is read, parsed, extracted, mapped
(``mapping.stream.map_group``), rendered as N-Triples (``api.article_render.prepare``, as a
worker does) and its group pickled; ``time.process_time`` is summed per stage over the corpus,
``--rounds`` times, and the smallest sum of each stage is shown (the machine is shared: the
least disturbed round is the closest to the cost). To compare two versions, run this script
with ``PYTHONPATH`` set to the other checkout's ``src`` in the same session, in turns.

    .venv/bin/python benchmarks/bench_article_stages.py CORPUS_DIR [--rounds 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import time
from pathlib import Path

import olygraph
from olygraph.api.article_render import prepare
from olygraph.api.report import not_understood
from olygraph.extract import extract
from olygraph.ids import Minter
from olygraph.mapping.article import events_of
from olygraph.mapping.stream import map_group
from olygraph.read.article import parse_article_bytes
from olygraph.vocab import DEFAULT_BASE

STAGES = ("read", "parse", "extract", "map", "render", "pickle")


def one_round(paths: list[Path]) -> dict[str, float]:
    clock = time.process_time
    spent = dict.fromkeys(STAGES, 0.0)
    for path in paths:
        t0 = clock()
        data = path.read_bytes()
        t1 = clock()
        doc = parse_article_bytes(data, path.name)
        t2 = clock()
        facts = extract(doc)
        t3 = clock()
        tuple(str(e) for e in events_of(facts, Minter(DEFAULT_BASE)))
        group = map_group([(facts.source_key, facts)], DEFAULT_BASE)
        t4 = clock()
        prepared = prepare(group, "nt", False, False)
        t5 = clock()
        pickle.dumps(dataclasses.replace(prepared, text=b""), pickle.HIGHEST_PROTOCOL)
        not_understood(facts)
        t6 = clock()
        marks = (t0, t1, t2, t3, t4, t5, t6)
        for i, stage in enumerate(STAGES):
            spent[stage] += marks[i + 1] - marks[i]
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    paths = sorted(args.corpus.glob("*.txt"))
    best: dict[str, float] | None = None
    for _ in range(args.rounds):
        spent = one_round(paths)
        best = spent if best is None else {s: min(best[s], spent[s]) for s in STAGES}
    assert best is not None
    per = {s: best[s] / len(paths) * 1e3 for s in STAGES}
    where = Path(olygraph.__file__).resolve().parents[2].name
    cells = "  ".join(f"{s} {per[s]:.3f}" for s in STAGES)
    total = sum(per.values())
    print(f"{where}: {len(paths)} articles, ms of CPU per article: {cells}  total {total:.3f}")


if __name__ == "__main__":
    main()
