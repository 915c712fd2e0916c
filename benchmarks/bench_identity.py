"""Cost of the identity rules at the scale of the full history CSV.

The export runs the rules only for events an article is about, so this is an upper bound: every
event of the CSV is matched as if an article named it (its Event without the leading sport) and
every event's participants are decided against themselves, as if an article listed the whole
field under the CSV's names. It also counts how the matcher fares on the CSV's own names: an event
matching another event of its Games means that normalisation joins two of the CSV's events.

    .venv/bin/python benchmarks/bench_identity.py [--csv ../shared/data/athlete_events.csv.gz]
                                                  [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from olygraph.identity.athletes import ArticleCompetitor, DatasetParticipant, Medal, decide
from olygraph.identity.events import ArticleEventRef, DatasetEventRef, event_outcome
from olygraph.identity.games import dataset_games

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "data" / "athlete_events.csv.gz"
MEDALS: dict[str, Medal] = {"Gold": "gold", "Silver": "silver", "Bronze": "bronze"}


def read(path: Path) -> tuple[list[DatasetEventRef], dict[str, list[DatasetParticipant]]]:
    events: dict[str, DatasetEventRef] = {}
    people: dict[str, dict[str, DatasetParticipant]] = defaultdict(dict)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for line, r in enumerate(csv.DictReader(f), start=2):
            key = f"{r['Games']}|{r['Event']}"
            if key not in events:
                g = dataset_games(r["Games"], r["Year"], r["Season"])
                events[key] = DatasetEventRef(key, g, r["Sport"], r["Event"])
            iri = f"athlete/{r['ID']}"
            people[key].setdefault(
                iri,
                DatasetParticipant(
                    iri, r["ID"], r["Name"], r["NOC"], MEDALS.get(r["Medal"]), source=str(line)
                ),
            )
    return list(events.values()), {k: list(v.values()) for k, v in people.items()}


def match_all(events: list[DatasetEventRef]) -> Counter[str]:
    out: Counter[str] = Counter()
    for e in events:
        name = e.name[len(e.sport) + 1 :] if e.name.startswith(e.sport + " ") else e.name
        ref = ArticleEventRef(f"a/{e.iri}", e.games, e.sport, (name,))
        found = event_outcome(ref, events)
        if found.match is None:
            out[found.reason.split(":")[0]] += 1
        else:
            out["itself" if found.match.dataset.iri == e.iri else "another event"] += 1
    return out


def decide_all(people: dict[str, list[DatasetParticipant]]) -> tuple[Counter[str], float]:
    out: Counter[str] = Counter()
    slowest = 0.0
    for field in people.values():
        arts = [ArticleCompetitor(f"a/{d.iri}", d.name, d.noc, d.medal) for d in field]
        t = time.perf_counter()
        plan = decide(arts, field)
        slowest = max(slowest, time.perf_counter() - t)
        out["merged"] += len(plan.merges)
        out["unmerged"] += len(plan.unmatched_dataset)
    return out, slowest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=CSV)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        events, people = read(args.csv)
        t1 = time.perf_counter()
        matched = match_all(events)
        t2 = time.perf_counter()
        decided, slowest = decide_all(people)
        t3 = time.perf_counter()
        times["read CSV"].append(t1 - t0)
        times[f"match {len(events)} events"].append(t2 - t1)
        times[f"decide {len(people)} events"].append(t3 - t2)
        times["slowest single event"].append(slowest)
    for what, values in times.items():
        print(f"{what:>28}: median {statistics.median(values):.2f} s over {len(values)} runs")
    print("event matches:", dict(sorted(matched.items())))
    print("athletes:", dict(sorted(decided.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
