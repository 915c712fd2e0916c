"""The benchmark's checks on the full graph, each run as its own measured process.

    python benchmarks/history_checks.py queries GRAPH.nt --json OUT [--repeat 3]
        loads GRAPH into pyoxigraph as ``olygraph query`` does (``endpoint.open_local``), runs
        every bundled query and writes load time, per-query medians and the medal table
    python benchmarks/history_checks.py pyshacl GRAPH.nt --json OUT [--backend oxigraph|rdflib]
        one plain pyshacl run (no inference, olygraph's shapes) on a pyoxigraph Store or an
        rdflib Graph

The parent (``bench_history.py``) also reads olygraph's own validation report with
``findings`` and counts the medals of the CSV with ``csv_medals``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import history_floor as m

#: parameters of the bundled queries on the history graph (required or single ones, plus a name)
PARAMS: dict[str, dict[str, str]] = {
    "athlete": {"name": "Willy Falck Hansen"},
    "event-results": {"event": "1928-summer/cycling/mens-1000-metres-time-trial"},
    "nations": {"event": "1928-summer/cycling/mens-1000-metres-time-trial"},
    "record-progression": {"event": "1928-summer/cycling/mens-1000-metres-time-trial"},
    "provenance": {"node": "event/1928-summer/cycling/mens-1000-metres-time-trial"},
}
Finding = tuple[str, str, str, str, str]


def queries(path: Path, repeat: int, base: str) -> dict[str, Any]:
    """Load ``path`` as ``olygraph query`` does, run every bundled query (``repeat`` times
    unless the first run takes over 5 s) and the medal table of each Games in the data."""
    import pyoxigraph as ox

    from olygraph.query import engines as endpoint
    from olygraph.query import named as query
    from olygraph.query import run as query_run
    from olygraph.query.results import Rows

    start = time.perf_counter()
    raw = ox.Store()
    raw.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    bulk = time.perf_counter() - start
    del raw
    start = time.perf_counter()
    data = endpoint.open_local([path], "oxigraph", base)
    load = time.perf_counter() - start

    def timed(name: str, params: dict[str, str], times: int) -> dict[str, Any]:
        samples, rows, error = [], None, None
        for _ in range(times):
            begin = time.perf_counter()
            try:
                answer = query_run.run(query.bundled()[name], data.engine, params, base)
            except Exception as err:  # report a failing query, keep measuring the others
                error = f"{type(err).__name__}: {err}"
                break
            samples.append(time.perf_counter() - begin)
            rows = answer.result.rows if isinstance(answer.result, Rows) else ()
            if samples[0] > 5:
                break
        return {
            "seconds": statistics.median(samples) if samples else None,
            "first": samples[0] if samples else None,
            "runs": len(samples),
            "rows": None if rows is None else len(rows),
            "error": error,
            "table": [[None if c is None else str(c) for c in r] for r in rows or ()],
        }

    out: dict[str, Any] = {}
    for name in query.bundled():
        out[name] = timed(name, PARAMS.get(name, {}), repeat)
        if name != "medal-table":
            del out[name]["table"]
    games = data.engine.store.query(f"SELECT ?g WHERE {{ ?g a <{m.OLY}Games> }}")
    per_games: dict[str, Any] = {}
    for solution in games:  # type: ignore[union-attr]
        iri = solution["g"].value
        per_games[iri.removeprefix(f"{base}games/")] = timed("medal-table", {"games": iri}, 1)
    return {
        "bulk_load_s": bulk,
        "load_s": load,
        "triples": data.engine.size(),
        "queries": out,
        "per_games": per_games,
    }


def plain_pyshacl(path: Path, backend: str) -> dict[str, Any]:
    """pyshacl as a user would call it, once: olygraph's shapes (``shapes/*.ttl`` but the
    ontology lint), no inference, the data in a pyoxigraph Store (``oxigraph``) or an rdflib
    Graph (``rdflib``), without olygraph's SPARQL preparation."""
    import pyoxigraph as ox
    import pyshacl
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, SH

    from olygraph.validate.run import shapes_graph

    start = time.perf_counter()
    if backend == "oxigraph":
        store: Any = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    else:
        store = Graph().parse(path, format="nt")
    load = time.perf_counter() - start
    shapes = shapes_graph()
    start = time.perf_counter()
    _, report, _ = pyshacl.validate(
        store,
        shacl_graph=shapes,
        inference="none",
        inplace=True,
        allow_infos=True,
        allow_warnings=True,
    )
    seconds = time.perf_counter() - start
    results = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus, value, path_ = (report.value(r, p) for p in (SH.focusNode, SH.value, SH.resultPath))
        severity = str(report.value(r, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        results.append(
            [
                severity,
                str(focus),
                str(report.value(r, SH.sourceConstraintComponent) or ""),
                str(path_) if isinstance(path_, URIRef) else "",
                "" if value is None or value == focus else str(value),
            ]
        )
    return {"load_s": load, "validate_s": seconds, "results": results}


def findings(results: list[Any]) -> Counter[Finding]:
    """Comparable findings: (severity, focus node, constraint component, path, value), from
    plain rows or from ``olygraph validate --format json`` result objects."""
    out: Counter[Finding] = Counter()
    for r in results:
        if isinstance(r, dict):
            r = [
                r["severity"],
                r["focusNode"],
                r["sourceConstraintComponent"],
                r["path"] or "",
                r["value"] or "",
            ]
        out[tuple(r)] += 1  # type: ignore[index]
    return out


def csv_medals(path: Path) -> dict[tuple[str, str], list[int]]:
    """Medals per (Games id, NOC) straight from the CSV: an individual medal once per (athlete,
    medal) and event, a team medal once per (Team, NOC, medal) and event (team events by the
    model's rule), each under the NOC of the first row that gives it."""
    team_events = m.scan(path).team_events
    seen: set[tuple[str, ...]] = set()
    counts: dict[tuple[str, str], list[int]] = {}
    order = {"Gold": 0, "Silver": 1, "Bronze": 2}
    for _, row in m.rows(path):
        medal = row[14]
        if medal == "NA":
            continue
        games, event, team, noc = row[8], row[13], row[6], row[7]
        winner = (team, noc) if event in team_events else (row[0],)
        award = (games, event, medal, *winner)
        if award in seen:
            continue
        seen.add(award)
        cell = counts.setdefault((m.games_key(row[9], row[10]), noc), [0, 0, 0])
        cell[order[medal]] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check", choices=["queries", "pyshacl"])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backend", choices=["oxigraph", "rdflib"], default="oxigraph")
    parser.add_argument("--base", default=m.DEFAULT_BASE)
    args = parser.parse_args(argv)
    if args.check == "queries":
        out = queries(args.graph, args.repeat, args.base)
    else:
        out = plain_pyshacl(args.graph, args.backend)
    args.json.write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
